"""Finding statements: full-text search over what was said, filtered by who said it, where
and when.

The query language is described in `onrecord.corpus.fulltext`: words all required, "quoted
phrases", OR, -word; it means the same on SQLite (FTS5) and PostgreSQL (full text search).
Results come best match first, then newest first.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TypedDict, Unpack

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Select,
    Subquery,
    bindparam,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)

from onrecord.corpus.clusters import outlet
from onrecord.corpus.fulltext import QueryError, parse_query
from onrecord.corpus.identity import name_words, normalise_role
from onrecord.corpus.store import (
    ARTICLES,
    ARTICLE_SPEAKERS,
    ATTRIBUTIONS,
    SPEAKER_ALIASES,
    SPEAKER_ROLES,
    SPEAKERS,
    SPEAKER_WORDS,
)
from onrecord.structure.outlet import domain_of

#: A query matching more statements than this ranks the most recently stored this many of them
#: (after the filters): ranking costs a little per statement, and this keeps a search for a common
#: word as quick in a corpus of millions as in one of thousands. Smaller results are all ranked;
#: a page asked for beyond them widens the window to reach it.
RANKED_MATCHES = 2_000

#: SQLite's full-text index (migration 0002), as far as queries here read it.
_FTS = table("attributions_fts", column("rowid"))

#: The largest id a speaker can have (ids are 32-bit integers on PostgreSQL).
_MAX_ID = 2**31 - 1

__all__ = ["Filters", "QueryError", "Statement", "count", "from_outlet", "search", "speaker_ids"]


@dataclass(frozen=True, slots=True)
class Statement:
    """One stored attribution with what is needed to read it on its own."""

    id: int
    kind: str
    content: str
    cue: str | None
    source: str | None
    #: The extractor's confidence that this is an attribution, 0 to 1.
    confidence: float
    speaker: str | None
    speaker_id: int | None
    article_id: str
    headline: str | None
    #: The outlet's name and its web domain ("CNN", "cnn.com").
    site: str | None
    domain: str | None
    location: str | None
    #: The article's publication date; None when it gives none.
    date: date | None
    cluster_id: int | None
    #: What the statement's own article calls its speaker (what they were when they said it).
    titles: list[str]
    affiliations: list[str]

    @property
    def outlet(self) -> str:
        return outlet(self.site, self.domain, self.location)

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["date"] = self.date.isoformat() if self.date else None
        return record


class Filters(TypedDict, total=False):
    """What a search can be narrowed by besides its words (see `search`)."""

    speaker: str | int | None
    affiliation: str | None
    kind: str | None
    since: date | None
    until: date | None
    site: str | None
    min_confidence: float | None


def search(
    connection: Connection,
    query: str = "",
    *,
    limit: int | None = 20,
    offset: int = 0,
    **filters: Unpack[Filters],
) -> list[Statement]:
    """Statements matching the query (all statements for an empty one) and every filter.

    `speaker` is a corpus speaker's id, or whole words of their name or of a name they were
    seen under ("Hegseth", "Pete Hegseth"); `affiliation` matches any affiliation they were
    given ("United Kingdom", "U.K."); `site` is the outlet, by name ("CNN") or domain
    ("cnn.com"); `kind` direct, mixed or indirect;
    `since` and `until` bound the article's publication date, both inclusive (an article of
    unknown date is outside any bound); `min_confidence` leaves out
    statements the extractor was less sure of; `offset` skips that many of the results. A
    query that cannot be searched raises `QueryError`."""
    shape, values = prepare(connection, query, filters)
    if limit is not None:
        values["limit"] = min(limit, _MAX_ID)
        values["window"] = max(RANKED_MATCHES, min(offset + limit, _MAX_ID))
    if offset:
        values["offset"] = min(offset, _MAX_ID)
    statement = _search_statement(shape, limit is not None, bool(offset))
    return [_statement(row) for row in connection.execute(statement, values).all()]


@lru_cache(maxsize=256)
def _search_statement(shape: Shape, limited: bool, offset: bool) -> Select[Any]:
    """`search`'s statement for searches of this shape, its values left as parameters."""
    matching, order = filtered(_narrow(), shape)
    if shape.words:
        if limited:
            matching = matching.order_by(order.desc()).limit(number("window"))
        window = matching.subquery()
        top = _ranked(shape.dialect, window)
    else:
        window = matching.subquery()
        top = select(window.c.id, window.c.day, literal(0).label("rank"))
    top = top.order_by(literal_column("rank"), window.c.day.desc().nulls_last(), window.c.id)
    if limited:
        top = top.limit(number("limit"))
    if offset:
        top = top.offset(number("offset"))
    chosen = top.subquery()
    return _page(chosen, chosen.c.rank, chosen.c.day.desc().nulls_last(), chosen.c.id)


def number(name: str) -> BindParameter[int]:
    """A whole-number parameter named `name` (a limit, an offset, a count)."""
    return bindparam(name, type_=Integer)


def fetch(connection: Connection, page: Subquery, *order: Any) -> list[Statement]:
    """The statements whose ids (`id`) `page` holds, in `order`."""
    return [_statement(row) for row in connection.execute(_page(page, *order)).all()]


def _page(page: Subquery, *order: Any) -> Select[Any]:
    """What to show of the statements whose ids `page` holds: read for the page only, after
    the page is chosen from narrow rows."""
    return _statements().join(page, page.c.id == ATTRIBUTIONS.c.id).order_by(*order)


def _statement(row: Any) -> Statement:
    """A row of `_statements()`; a statement whose article names no speaker has no roles."""
    *shown, titles, affiliations = row
    return Statement(*(*shown, list(titles or []), list(affiliations or [])))


def _ranked(dialect: str, window: Subquery) -> Select[Any]:
    """The statements of `window` (`id`, `day`) with how well they match the query (`rank`,
    lower first: SQLite's bm25 as it is, PostgreSQL's ts_rank negated). Only the window is
    ranked: on SQLite, the matches stored since its oldest statement."""
    if dialect == "postgresql":
        ranked = ATTRIBUTIONS.alias("ranked")
        vector: ColumnElement[Any] = literal_column("ranked.search")
        score = func.ts_rank(vector, func.to_tsquery("simple", bindparam("words")))
        return select(window.c.id, window.c.day, (-score).label("rank")).join(
            ranked, ranked.c.id == window.c.id
        )
    lowest = select(func.min(window.c.id)).scalar_subquery()
    hits = (
        select(_FTS.c.rowid.label("id"), literal_column("bm25(attributions_fts)").label("rank"))
        .where(
            literal_column("attributions_fts").op("MATCH")(bindparam("words")),
            _FTS.c.rowid >= lowest,
        )
        .subquery()
    )
    return select(window.c.id, window.c.day, hits.c.rank).join(hits, hits.c.id == window.c.id)


def count(connection: Connection, query: str = "", **filters: Unpack[Filters]) -> int:
    """How many statements `search` finds for the query and filters, whatever its limit."""
    shape, values = prepare(connection, query, filters)
    return connection.scalar(_count_statement(shape), values) or 0


@lru_cache(maxsize=256)
def _count_statement(shape: Shape) -> Select[Any]:
    matching = select(ATTRIBUTIONS.c.id).join(ARTICLES, ARTICLES.c.id == ATTRIBUTIONS.c.article_id)
    statement, _ = filtered(matching, shape)
    return select(func.count()).select_from(statement.subquery())


def _narrow() -> Select[Any]:
    return select(
        ATTRIBUTIONS.c.id.label("id"),
        ARTICLES.c.id.label("article"),
        ARTICLES.c.published_date.label("day"),
    ).join(ARTICLES, ARTICLES.c.id == ATTRIBUTIONS.c.article_id)


@dataclass(frozen=True, slots=True)
class Shape:
    """What the SQL of a search looks like apart from the values it runs with: the store, and
    which of the query's parts and filters are given. A statement is built once per shape
    and run with the values as parameters, because building one and keying SQLAlchemy's
    cache by it cost twice what running it did."""

    dialect: str
    words: bool = False
    excluded: bool = False
    speaker: bool = False
    affiliation: bool = False
    kind: bool = False
    since: bool = False
    until: bool = False
    site: bool = False
    domain: bool = False
    min_confidence: bool = False


def prepare(connection: Connection, query: str, filters: Filters) -> tuple[Shape, dict[str, Any]]:
    """The shape of a search and the values its statement runs with, by parameter name.
    Text a database cannot hold (a NUL) is dropped from every filter first."""
    dialect = connection.dialect.name
    values: dict[str, Any] = {}
    text = _clean(query) or ""
    if text.strip():
        parsed = parse_query(text)
        postgres = dialect == "postgresql"
        if parsed.groups:
            values["words"] = parsed.tsquery() if postgres else parsed.fts5()
        if parsed.excluded:
            values["excluded"] = parsed.tsquery_excluded() if postgres else parsed.fts5_excluded()
    if (speaker := filters.get("speaker")) is not None:
        values["speaker"] = speaker_ids(connection, speaker)
    if affiliation := _clean(filters.get("affiliation")):
        escaped = re.sub(r"([/%_])", r"/\1", affiliation.lower())
        values["affiliation"] = f"%{escaped}%"
        values["affiliation_role"] = normalise_role(affiliation)
    if kind := _clean(filters.get("kind")):
        values["kind"] = kind
    for bound in ("since", "until", "min_confidence"):
        if (value := filters.get(bound)) is not None:
            values[bound] = value
    if site := _clean(filters.get("site")):
        values.update(outlet_values(site))
    given = {name: True for name in values if name in Shape.__dataclass_fields__}
    return Shape(dialect, **given), values


def filtered(statement: Select[Any], shape: Shape) -> tuple[Select[Any], ColumnElement[int]]:
    """`statement` (over attributions joined to their articles) narrowed to a search of this
    shape, its values as parameters named as `prepare` names them; and the statement id to
    walk it newest first by (the full-text index's own on SQLite, so the walk can stop
    early)."""
    order: ColumnElement[int] = ATTRIBUTIONS.c.id  # type: ignore[assignment]
    if shape.words or shape.excluded:
        statement, order = _match(statement, shape)
    if shape.speaker:
        statement = statement.where(
            ATTRIBUTIONS.c.speaker_id.in_(bindparam("speaker", expanding=True))
        )
    if shape.affiliation:
        value = func.lower(SPEAKER_ROLES.c.value)
        statement = statement.where(
            ATTRIBUTIONS.c.speaker_id.in_(
                select(SPEAKER_ROLES.c.speaker_id).where(
                    SPEAKER_ROLES.c.kind == "affiliation",
                    or_(
                        value.like(bindparam("affiliation"), escape="/"),
                        value == bindparam("affiliation_role"),
                    ),
                )
            )
        )
    if shape.kind:
        statement = statement.where(ATTRIBUTIONS.c.kind == bindparam("kind"))
    if shape.since:
        statement = statement.where(ARTICLES.c.published_date >= bindparam("since"))
    if shape.until:
        statement = statement.where(ARTICLES.c.published_date <= bindparam("until"))
    if shape.site:
        statement = statement.where(in_outlet(shape.domain))
    if shape.min_confidence:
        statement = statement.where(ATTRIBUTIONS.c.confidence >= bindparam("min_confidence"))
    return statement, order


def from_outlet(site: str) -> ColumnElement[bool]:
    """Articles of an outlet named by the user: by its name in any case ("CNN", "cnn") or by
    its domain, written as a domain, host or URL ("cnn.com", "edition.cnn.com",
    "https://www.cnn.com/…")."""
    values = outlet_values(site)
    return in_outlet("domain" in values).params(values)


def outlet_values(site: str) -> dict[str, str]:
    """The values `in_outlet` runs with for an outlet named by the user."""
    site = (_clean(site) or "").strip()
    domain = domain_of(site)
    return {"site": site.lower(), **({"domain": domain} if domain else {})}


def in_outlet(domain: bool) -> ColumnElement[bool]:
    """Articles of the outlet named `site` (lower case), or of the web domain `domain`."""
    by_name = func.lower(ARTICLES.c.site) == bindparam("site")
    return or_(by_name, ARTICLES.c.domain == bindparam("domain")) if domain else by_name


def speaker_ids(connection: Connection, speaker: str | int) -> list[int]:
    """The corpus speakers a user's speaker filter means: an id, or whole words of a name or
    of a name they were seen under ("Trump" is Donald Trump, not the "Never Trumpers"; case
    and accents do not matter). Candidates come from the index of name words; the words must
    then stand together, in order, in one of their names."""
    if isinstance(speaker, int) or speaker.strip().isdigit():
        wanted = int(speaker)
        return [wanted] if 0 < wanted <= _MAX_ID else []
    words = name_words(_clean(speaker) or "")
    if not words:
        return []
    names = connection.execute(
        _names_with_words(), {"words": sorted(set(words)), "count": len(set(words))}
    )
    phrase = f" {' '.join(words)} "
    return sorted({key for key, name in names if phrase in f" {' '.join(name_words(name))} "})


@lru_cache(maxsize=1)
def _names_with_words() -> CompoundSelect:
    """The names and aliases of the speakers having every one of the name words `words`
    (`count` of them) among theirs."""
    having_all = (
        select(SPEAKER_WORDS.c.speaker_id)
        .where(SPEAKER_WORDS.c.word.in_(bindparam("words", expanding=True)))
        .group_by(SPEAKER_WORDS.c.speaker_id)
        .having(func.count() == number("count"))
    )
    return (
        select(SPEAKERS.c.id, SPEAKERS.c.name)
        .where(SPEAKERS.c.id.in_(having_all))
        .union_all(
            select(SPEAKER_ALIASES.c.speaker_id, SPEAKER_ALIASES.c.alias).where(
                SPEAKER_ALIASES.c.speaker_id.in_(having_all)
            )
        )
    )


def _clean(value: str | None) -> str | None:
    """A filter without NUL characters, which PostgreSQL cannot hold in a text."""
    return value.replace("\x00", " ") if value is not None else None


def _statements() -> Select[Any]:
    return (
        select(
            ATTRIBUTIONS.c.id,
            ATTRIBUTIONS.c.kind,
            ATTRIBUTIONS.c.content,
            ATTRIBUTIONS.c.cue,
            ATTRIBUTIONS.c.source,
            ATTRIBUTIONS.c.confidence,
            func.coalesce(SPEAKERS.c.name, ARTICLE_SPEAKERS.c.name),
            ATTRIBUTIONS.c.speaker_id,
            ARTICLES.c.id,
            ARTICLES.c.headline,
            ARTICLES.c.site,
            ARTICLES.c.domain,
            ARTICLES.c.location,
            ARTICLES.c.published_date,
            ATTRIBUTIONS.c.cluster_id,
            ARTICLE_SPEAKERS.c.titles,
            ARTICLE_SPEAKERS.c.affiliations,
        )
        .join(ARTICLES, ARTICLES.c.id == ATTRIBUTIONS.c.article_id)
        .outerjoin(SPEAKERS, SPEAKERS.c.id == ATTRIBUTIONS.c.speaker_id)
        .outerjoin(ARTICLE_SPEAKERS, ARTICLE_SPEAKERS.c.id == ATTRIBUTIONS.c.article_speaker_id)
    )


def _match(statement: Select[Any], shape: Shape) -> tuple[Select[Any], ColumnElement[int]]:
    """Restrict to statements whose words match the query; and the id to order them by."""
    if shape.dialect == "postgresql":
        vector: ColumnElement[Any] = literal_column("attributions.search")
        if shape.words:
            wanted = func.to_tsquery("simple", bindparam("words"))
            statement = statement.where(vector.op("@@")(wanted))
        if shape.excluded:
            unwanted = func.to_tsquery("simple", bindparam("excluded"))
            statement = statement.where(~vector.op("@@")(unwanted))
        return statement, ATTRIBUTIONS.c.id  # type: ignore[return-value]
    if shape.excluded:
        statement = statement.where(ATTRIBUTIONS.c.id.not_in(_fts5_hits("excluded")))
    if not shape.words:
        return statement, ATTRIBUTIONS.c.id  # type: ignore[return-value]
    hits = _fts5_hits("words").subquery()
    return statement.join(hits, hits.c.rowid == ATTRIBUTIONS.c.id), hits.c.rowid


def _fts5_hits(parameter: str) -> Select[Any]:
    return select(_FTS.c.rowid).where(
        literal_column("attributions_fts").op("MATCH")(bindparam(parameter))
    )
