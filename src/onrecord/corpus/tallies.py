"""Counts the store keeps up to date as articles come and go, so that no read has to count a
famous speaker's or a much-reported quote's whole history.

Per corpus speaker: statements made, articles mentioning them, first and last publication date,
each title and affiliation with its uses and dates (`speaker_role_totals`), the speakers met in
the same articles and in how many of those both are quoted (`speaker_pairs`), their statements
per outlet (`speaker_outlets`) and the words of every name they were seen under
(`speaker_words`); per quote cluster: the articles carrying it. A new article adds its share
(`ArticleShare`, counted in memory with its chunk by `corpus.chunk` and written with a few
multi-row statements whatever the corpus size); an article replaced by a new version is taken
out by counting its speakers' and clusters' figures again from the rows (`recount`), which is
also how migration 0005 fills them in an existing store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Table,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from onrecord.corpus.clusters import outlet, outlet_key, outlet_location
from onrecord.corpus.identity import normalise_role
from onrecord.corpus.rows import driver_values
from onrecord.corpus.store import (
    ARTICLES,
    ARTICLE_SPEAKERS,
    ATTRIBUTIONS,
    QUOTE_CLUSTERS,
    SPEAKER_OUTLETS,
    SPEAKER_PAIRS,
    SPEAKER_ROLES,
    SPEAKER_ROLE_TOTALS,
    SPEAKERS,
    SPEAKER_WORDS,
)


@dataclass(slots=True)
class ArticleShare:
    """What one article adds to the counts."""

    published: date | None
    #: The article's outlet, as `clusters.outlet` names it, and what a filter takes for it.
    outlet: str = ""
    outlet_key: str | None = None
    #: Statements per corpus speaker.
    statements: Counter[int] = field(default_factory=Counter)
    #: Corpus speakers the article mentions (speakers of a statement or not).
    mentioned: set[int] = field(default_factory=set)
    #: (corpus speaker, "title" | "affiliation", value), each once.
    roles: set[tuple[int, str, str]] = field(default_factory=set)
    clusters: set[int] = field(default_factory=set)


def role_total(speaker_id: int, kind: str, value: str, *, keyed: bool = True) -> dict[str, Any]:
    """A speaker's role totals row for a role not counted yet (its `uses` and dates to count),
    with the role's comparable form as its key (`keyed` False: a schema from before keys)."""
    row: dict[str, Any] = {"speaker_id": speaker_id, "kind": kind, "value": value, "uses": 0}
    if keyed:
        row["key"] = normalise_role(value)
    return row


def add_words(connection: Connection, words: Iterable[tuple[int, str]]) -> None:
    """Make speakers findable by these words of their names: (speaker, word) pairs; pairs
    already there are kept."""
    upsert_counts(
        connection,
        SPEAKER_WORDS,
        [{"word": word, "speaker_id": speaker_id} for speaker_id, word in sorted(set(words))],
    )


def recount(
    connection: Connection,
    speakers: Collection[int] | None = None,
    clusters: Collection[int] | None = None,
    *,
    quoted: bool = True,
    keyed: bool = True,
    outlets: bool = True,
) -> None:
    """Count these speakers' and clusters' figures again from the stored rows (None: all of
    them), after articles went. For a schema from before they were kept, `quoted` False
    leaves out the articles quoting both of a pair (migration 0007 counts them), `keyed`
    False the roles' keys (0009 adds them), `outlets` False the statements per outlet (0012
    counts them)."""
    _recount_speakers(connection, speakers, keyed)
    if quoted:
        _recount_quoted(connection, speakers)
    if outlets:
        recount_outlets(connection, speakers)
    carried = (
        select(func.count(func.distinct(ATTRIBUTIONS.c.article_id)))
        .where(ATTRIBUTIONS.c.cluster_id == QUOTE_CLUSTERS.c.id)
        .scalar_subquery()
    )
    connection.execute(
        update(QUOTE_CLUSTERS).where(_among(QUOTE_CLUSTERS.c.id, clusters)).values(articles=carried)
    )


def _recount_speakers(connection: Connection, ids: Collection[int] | None, keyed: bool) -> None:
    seen = (
        select(ARTICLE_SPEAKERS.c.article_id, ARTICLES.c.published_date)
        .join(ARTICLES, ARTICLES.c.id == ARTICLE_SPEAKERS.c.article_id)
        .where(ARTICLE_SPEAKERS.c.speaker_id == SPEAKERS.c.id)
    )
    connection.execute(
        update(SPEAKERS)
        .where(_among(SPEAKERS.c.id, ids))
        .values(
            statements=select(func.count())
            .where(ATTRIBUTIONS.c.speaker_id == SPEAKERS.c.id)
            .scalar_subquery(),
            articles=seen.with_only_columns(
                func.count(func.distinct(ARTICLE_SPEAKERS.c.article_id))
            ).scalar_subquery(),
            first_seen=seen.with_only_columns(
                func.min(ARTICLES.c.published_date)
            ).scalar_subquery(),
            last_seen=seen.with_only_columns(func.max(ARTICLES.c.published_date)).scalar_subquery(),
        )
    )
    connection.execute(
        delete(SPEAKER_ROLE_TOTALS).where(_among(SPEAKER_ROLE_TOTALS.c.speaker_id, ids))
    )
    counted = connection.execute(
        select(
            SPEAKER_ROLES.c.speaker_id,
            SPEAKER_ROLES.c.kind,
            SPEAKER_ROLES.c.value,
            func.count(),
            func.min(ARTICLES.c.published_date),
            func.max(ARTICLES.c.published_date),
        )
        .join(ARTICLES, ARTICLES.c.id == SPEAKER_ROLES.c.article_id)
        .where(_among(SPEAKER_ROLES.c.speaker_id, ids))
        .group_by(SPEAKER_ROLES.c.speaker_id, SPEAKER_ROLES.c.kind, SPEAKER_ROLES.c.value)
    ).all()
    if counted:  # counted here, not in the store: the key is worked out in Python
        connection.execute(
            insert(SPEAKER_ROLE_TOTALS),
            [
                {
                    **role_total(speaker_id, kind, value, keyed=keyed),
                    "uses": uses,
                    "first_seen": first,
                    "last_seen": last,
                }
                for speaker_id, kind, value, uses, first, last in counted
            ],
        )
    connection.execute(
        delete(SPEAKER_PAIRS).where(
            _among(SPEAKER_PAIRS.c.speaker_id, ids) | _among(SPEAKER_PAIRS.c.other_id, ids)
        )
    )
    one, other = ARTICLE_SPEAKERS.alias(), ARTICLE_SPEAKERS.alias()
    # each pair with a recounted speaker, once each way round
    directions = [(one, other, _among(one.c.speaker_id, ids))]
    if ids is not None:
        directions.append(
            (other, one, _among(one.c.speaker_id, ids) & ~_among(other.c.speaker_id, ids))
        )
    for first, second, where in directions:
        connection.execute(
            insert(SPEAKER_PAIRS).from_select(
                ["speaker_id", "other_id", "articles"],
                select(
                    first.c.speaker_id,
                    second.c.speaker_id,
                    func.count(func.distinct(one.c.article_id)),
                )
                .select_from(one)
                .join(other, other.c.article_id == one.c.article_id)
                .where(one.c.speaker_id != other.c.speaker_id, where)
                .group_by(first.c.speaker_id, second.c.speaker_id),
            )
        )


def _recount_quoted(connection: Connection, ids: Collection[int] | None) -> None:
    """The articles quoting both of each pair with one of these speakers (a pair quoted
    together was mentioned together: its row is there), counted from these speakers'
    statements (found by speaker, not by reading every statement) and written both ways
    round."""
    one, other = ATTRIBUTIONS.alias(), ATTRIBUTIONS.alias()
    both = (
        select(
            one.c.speaker_id,
            other.c.speaker_id.label("other_id"),
            func.count(func.distinct(one.c.article_id)).label("articles"),
        )
        .select_from(one)
        .join(other, other.c.article_id == one.c.article_id)
        .where(one.c.speaker_id != other.c.speaker_id, _among(one.c.speaker_id, ids))
        .group_by(one.c.speaker_id, other.c.speaker_id)
        .subquery()
    )
    directions = [(SPEAKER_PAIRS.c.speaker_id, SPEAKER_PAIRS.c.other_id)]
    if ids is not None:  # all of them: every pair is counted each way round already
        directions.append((SPEAKER_PAIRS.c.other_id, SPEAKER_PAIRS.c.speaker_id))
    for mine, theirs in directions:
        connection.execute(
            update(SPEAKER_PAIRS)
            .where(mine == both.c.speaker_id, theirs == both.c.other_id)
            .values(quoted=both.c.articles)
        )


def outlet_row(speaker_id: int, name: str, key: str | None) -> dict[str, Any]:
    """A speaker's row of statements at an outlet not counted yet."""
    return {"speaker_id": speaker_id, "outlet": name, "key": key, "statements": 0}


def recount_outlets(connection: Connection, ids: Collection[int] | None) -> None:
    """These speakers' statements per outlet (None: every speaker's), counted from their
    statements grouped by the columns an outlet is named from, and named here (several can
    give one name: "cnn.com" as a site and as a domain)."""
    connection.execute(delete(SPEAKER_OUTLETS).where(_among(SPEAKER_OUTLETS.c.speaker_id, ids)))
    location = outlet_location(ARTICLES.c.site, ARTICLES.c.domain, ARTICLES.c.location)
    grouped = (ATTRIBUTIONS.c.speaker_id, ARTICLES.c.site, ARTICLES.c.domain, location)
    counted: dict[tuple[int, str], dict[str, Any]] = {}
    for speaker_id, site, domain, where, n in connection.execute(
        select(*grouped, func.count())
        .join(ARTICLES, ARTICLES.c.id == ATTRIBUTIONS.c.article_id)
        .where(ATTRIBUTIONS.c.speaker_id.is_not(None), _among(ATTRIBUTIONS.c.speaker_id, ids))
        .group_by(*grouped)
    ):
        row = outlet_row(speaker_id, outlet(site, domain, where), outlet_key(site, domain))
        row = counted.setdefault((speaker_id, row["outlet"]), row)
        row["statements"] += n
    if counted:
        connection.execute(insert(SPEAKER_OUTLETS), list(counted.values()))


def _among(column: Any, ids: Collection[int] | None) -> ColumnElement[bool]:
    return true() if ids is None else column.in_(list(ids))


def _earlier(stored: Any, new: Any) -> ColumnElement[Any]:
    """The earlier of two dates, either of which may be unknown (NULL)."""
    return case((new.is_(None), stored), (stored.is_(None) | (new < stored), new), else_=stored)


def _later(stored: Any, new: Any) -> ColumnElement[Any]:
    return case((new.is_(None), stored), (stored.is_(None) | (new > stored), new), else_=stored)


#: The columns of kept counts that a row added to one already there changes.
_COUNTED = ("uses", "articles", "quoted", "statements", "first_seen", "last_seen")


def upsert_counts(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows (each key once); where one with the same key is there, add the counts to it
    and widen its dates (rows without counts are only kept once). On PostgreSQL the rows go as
    one array per column in one statement, however many: row by row, an article's few hundred
    pairs of speakers were as many statements for the server to run."""
    if not rows:
        return
    dialect = connection.dialect
    names = tuple(rows[0])
    sql, order = _upsert(dialect, table, names)
    if dialect.name == "postgresql":
        arrays = {f"all_{name}": [row[name] for row in rows] for name in names}
        connection.exec_driver_sql(sql, arrays)
    else:
        driven = driver_values(table, dialect, rows)
        connection.exec_driver_sql(sql, [tuple(row[name] for name in order) for row in driven])


@lru_cache(maxsize=64)
def _upsert(dialect: Dialect, table: Table, names: tuple[str, ...]) -> tuple[str, list[str]]:
    """`upsert_counts`' statement for rows of these columns, compiled once, and the order of
    its parameters (SQLite's are positional). SQLAlchemy caches no compiled ON CONFLICT
    statement: compiling it for each article took 2.3 + 1.5 ms of CPU on PostgreSQL for the
    role totals and pairs, 1.1 + 0.7 on SQLite."""
    postgres = dialect.name == "postgresql"
    statement = (postgresql if postgres else sqlite).insert(table)
    if postgres:
        statement = statement.from_select(
            names,
            select(
                *(
                    func.unnest(bindparam(f"all_{name}", type_=ARRAY(table.c[name].type))).label(
                        name
                    )
                    for name in names
                )
            ),
        )
    new = statement.excluded
    keys = [c.name for c in table.primary_key.columns]

    def change(name: str) -> ColumnElement[Any]:
        if name == "first_seen":
            return _earlier(table.c[name], new[name])
        if name == "last_seen":
            return _later(table.c[name], new[name])
        return table.c[name] + new[name]

    # other columns than counts and dates (a role's key) stay as the row was first written
    changes = {name: change(name) for name in names if name in _COUNTED}
    upsert = (
        statement.on_conflict_do_update(index_elements=keys, set_=changes)
        if changes
        else statement.on_conflict_do_nothing(index_elements=keys)
    )
    compiled = upsert.compile(dialect=dialect, column_keys=None if postgres else list(names))
    return str(compiled), list(compiled.positiontup or [])
