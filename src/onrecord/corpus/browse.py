"""What browsing the corpus needs beyond search: how a search's statements divide among
speakers, outlets and kinds (facets), a speaker's profile (names, weekly timeline, outlets, who
is quoted beside them), how an article's statements and speakers tie into the corpus, and
counts for paging through speakers.

Each is a few grouped queries on either store; the web pages and the JSON API read these,
never the tables."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Unpack

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Date,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.types import TypeEngine

from onrecord.corpus.clusters import outlet, outlet_key, outlet_location
from onrecord.corpus.search import Filters, Shape, filtered, prepare, speaker_ids
from onrecord.corpus.speakers import SpeakerSummary, add_roles, speakers
from onrecord.corpus.store import (
    ARTICLES,
    ARTICLE_SPEAKERS,
    ATTRIBUTIONS,
    SPEAKER_OUTLETS,
    SPEAKER_PAIRS,
    SPEAKER_ROLE_TOTALS,
    SPEAKERS,
)

#: Entries kept per facet or per list on a profile: the most frequent.
TOP = 10


@dataclass(frozen=True, slots=True)
class Count:
    """One value of a facet and how many statements (or articles) have it; `key` is what a
    filter takes to narrow to it (None when no filter can, e.g. an outlet with no name)."""

    key: str | int | None
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Facets:
    """How the statements a search finds divide among speakers, outlets and kinds."""

    speakers: list[Count]
    outlets: list[Count]
    kinds: list[Count]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def facets(
    connection: Connection, query: str = "", *, top: int = TOP, **filters: Unpack[Filters]
) -> Facets:
    """The most frequent speakers and outlets (`top` of each) and every kind among the
    statements `search` finds for the query and filters. Statements with no corpus speaker
    are counted under no speaker."""
    shape, values = prepare(connection, query, filters)
    found: dict[str, list[Count]] = {facet: [] for facet in _FACETS}
    rows = connection.execute(_facets_statement(shape, top), values).all()
    for row in sorted(rows, key=lambda row: (row.part, row.rank)):
        if row.part == "speaker" and row.key is not None:
            found[row.part].append(Count(row.key, row.label, row.n))
        elif row.part == "outlet":
            found[row.part].append(Count(row.label, row.label or "outlet unknown", row.n))
        elif row.part == "kind":
            found[row.part].append(Count(row.label, row.label, row.n))
    return Facets(found["speaker"], found["outlet"], found["kind"])


#: What each facet counts the statements by.
_FACETS = {
    "speaker": ATTRIBUTIONS.c.speaker_id,
    "outlet": ARTICLES.c.site,
    "kind": ATTRIBUTIONS.c.kind,
}


@lru_cache(maxsize=256)
def _facets_statement(shape: Shape, top: int) -> CompoundSelect:
    """Matching statements of a search of this shape counted by each facet, as one statement
    (three round trips cost the search page more than the counting): rows of (part: the
    facet, rank, key, label, n), the `top` most frequent speakers and outlets and every kind,
    ranked most frequent first. The matches are found once, then counted three ways: a common
    word matches some 60,000 statements at a million, and finding them three times took
    0.86–0.90 s on PostgreSQL (0.33 s found once). Speakers are named once counted, only the
    `top`."""
    matching, _ = filtered(_with_articles(*_FACETS.values()), shape)
    hits = matching.cte("hits")
    parts = []
    for facet, column in _FACETS.items():
        value = hits.c[column.name]
        n = func.count()
        rank = func.row_number().over(order_by=(n.desc(), value))
        counted = select(value, rank.label("rank"), n.label("n")).group_by(value)
        if facet != "kind":
            counted = counted.order_by(n.desc(), value).limit(top)
        tally = counted.subquery()
        if facet == "speaker":
            parts.append(
                _part(
                    facet,
                    _FACET_COLUMNS,
                    rank=tally.c.rank,
                    key=tally.c.speaker_id,
                    label=SPEAKERS.c.name,
                    n=tally.c.n,
                ).outerjoin(SPEAKERS, SPEAKERS.c.id == tally.c.speaker_id)
            )
        else:
            label = tally.c[column.name]
            parts.append(_part(facet, _FACET_COLUMNS, rank=tally.c.rank, label=label, n=tally.c.n))
    return union_all(*parts)


def _with_articles(*columns: Any) -> Select[Any]:
    """`columns` selected over statements joined to their articles."""
    return (
        select(*columns)
        .select_from(ATTRIBUTIONS)
        .join(ARTICLES, ARTICLES.c.id == ATTRIBUTIONS.c.article_id)
    )


def count_speakers(
    connection: Connection,
    name: str | int | None = None,
    *,
    mentioned: bool = False,
    min_confidence: float | None = None,
) -> int:
    """How many speakers `speakers.speakers` lists for these arguments with no limit: from
    the statement counts the store keeps, unless a confidence threshold counts afresh."""
    if mentioned or min_confidence is None:
        listed: Select[Any] = select(SPEAKERS.c.id)
        if not mentioned:
            listed = listed.where(SPEAKERS.c.statements > 0)
        if name is not None:
            listed = listed.where(SPEAKERS.c.id.in_(speaker_ids(connection, name)))
    else:
        listed = select(ATTRIBUTIONS.c.speaker_id).where(
            ATTRIBUTIONS.c.speaker_id.is_not(None), ATTRIBUTIONS.c.confidence >= min_confidence
        )
        if name is not None:
            listed = listed.where(ATTRIBUTIONS.c.speaker_id.in_(speaker_ids(connection, name)))
        listed = listed.distinct()
    return connection.scalar(select(func.count()).select_from(listed.subquery())) or 0


@dataclass(frozen=True, slots=True)
class Week:
    """Statements a speaker made in the week starting on Monday `start`."""

    start: date
    statements: int


@dataclass(slots=True)
class SpeakerProfile:
    """A corpus speaker as a page shows them, beside their statements."""

    summary: SpeakerSummary
    #: The names articles gave them, most used first.
    names: list[str] = field(default_factory=list)
    #: Statements per week, every week from the first to the last dated one (zeros included).
    weeks: list[Week] = field(default_factory=list)
    #: Statements in articles that give no date (not in `weeks`).
    undated: int = 0
    #: The outlets that quote them, by number of statements.
    outlets: list[Count] = field(default_factory=list)
    #: The corpus speakers quoted most often in the same articles, by number of articles.
    co_quoted: list[Count] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        record = self.summary.to_dict()
        record.update(
            names=self.names,
            weeks=[{"start": w.start.isoformat(), "statements": w.statements} for w in self.weeks],
            undated=self.undated,
            outlets=[asdict(c) for c in self.outlets],
            co_quoted=[asdict(c) for c in self.co_quoted],
        )
        return record


def speaker_profile(
    connection: Connection, speaker_id: int, *, min_confidence: float | None = None
) -> SpeakerProfile | None:
    """The profile of the speaker with this id (None when there is none); statements less
    confident than `min_confidence` are not counted."""
    found = speakers(
        connection, speaker_id, mentioned=True, min_confidence=min_confidence, roles=False
    )
    if not found:
        return None
    confident = min_confidence is not None
    values = {"speaker": speaker_id, "min_confidence": min_confidence}
    parts: dict[str, list[Any]] = {"name": [], "day": [], "outlet": [], "co-quoted": [], "role": []}
    for row in connection.execute(_profile(confident), values).all():
        parts[row.part].append(row)
    add_roles(
        ((speaker_id, row.kind, row.label, row.day, row.until, row.n) for row in parts["role"]),
        {speaker_id: found[0]},
    )
    days = parts["day"]
    weeks, undated = _weeks([(row.day, row.n) for row in days])
    if confident:  # counted from the statements, by what names an outlet
        named = [
            (outlet(row.label, row.domain, row.location), outlet_key(row.label, row.domain), row.n)
            for row in days
        ]
    else:
        named = [(row.label, row.outlet_key, row.n) for row in parts["outlet"]]
    return SpeakerProfile(
        summary=found[0],
        names=[row.label for row in sorted(parts["name"], key=lambda row: row.rank)],
        weeks=weeks,
        undated=undated,
        outlets=_outlets(named),
        co_quoted=[
            Count(row.key, row.label, row.n)
            for row in sorted(parts["co-quoted"], key=lambda row: row.rank)
        ],
    )


@lru_cache(maxsize=2)
def _profile(confident: bool) -> CompoundSelect:
    """A profile's reads as one statement (on PostgreSQL, a round trip each costs more than
    the reads): rows of (part, rank, key, label: a name, a site, an outlet or a role, domain,
    location, outlet_key, day: a day or a role's first, until: a role's last, kind: a role's,
    n). Its statements per day are read from an index; per outlet from the kept counts, or,
    when only those at least `min_confidence` confident count, with them, per site, domain
    and location (a pass over every statement of theirs and its article)."""
    names, counted, co_quoted = (
        statement.subquery() for statement in (_names(), _per_day(confident), _co_quoted(confident))
    )
    totals = SPEAKER_ROLE_TOTALS
    outlets = SPEAKER_OUTLETS
    per_outlet = (
        []
        if confident
        else [
            _part(
                "outlet",
                _PROFILE_COLUMNS,
                label=outlets.c.outlet,
                outlet_key=outlets.c.key,
                n=outlets.c.statements,
            ).where(outlets.c.speaker_id == bindparam("speaker"))
        ]
    )
    return union_all(
        _part("name", _PROFILE_COLUMNS, rank=names.c.rank, label=names.c.name, n=names.c.uses),
        _part(
            "day",
            _PROFILE_COLUMNS,
            **(
                {
                    "label": counted.c.site,
                    "domain": counted.c.domain,
                    "location": counted.c.location,
                }
                if confident
                else {}
            ),
            day=counted.c.published_date,
            n=counted.c.n,
        ),
        *per_outlet,
        _part(
            "co-quoted",
            _PROFILE_COLUMNS,
            rank=co_quoted.c.rank,
            key=co_quoted.c.key,
            label=co_quoted.c.name,
            n=co_quoted.c.n,
        ),
        _part(
            "role",
            _PROFILE_COLUMNS,
            label=totals.c.value,
            day=totals.c.first_seen,
            until=totals.c.last_seen,
            kind=totals.c.kind,
            n=totals.c.uses,
        ).where(totals.c.speaker_id == bindparam("speaker")),
    )


def _own(confident: bool) -> list[ColumnElement[bool]]:
    """The statements of the speaker `speaker`, at least `min_confidence` confident if asked."""
    own = [ATTRIBUTIONS.c.speaker_id == bindparam("speaker")]
    if confident:
        own.append(ATTRIBUTIONS.c.confidence >= bindparam("min_confidence"))
    return own


def _names() -> Select[Any]:
    """The names articles gave the speaker, ranked by how many of their mentions use each."""
    uses = func.count()
    rank = func.row_number().over(order_by=(uses.desc(), ARTICLE_SPEAKERS.c.name))
    return (
        select(ARTICLE_SPEAKERS.c.name, uses.label("uses"), rank.label("rank"))
        .where(ARTICLE_SPEAKERS.c.speaker_id == bindparam("speaker"))
        .group_by(ARTICLE_SPEAKERS.c.name)
    )


def _per_day(confident: bool) -> Select[Any]:
    """Statements per day, from the index of a speaker's statements by date; with
    `min_confidence`, per day and outlet (`_per_day_and_outlet`)."""
    if confident:
        return _per_day_and_outlet()
    day = ATTRIBUTIONS.c.published_date
    return (
        select(day, func.count().label("n"))
        .where(ATTRIBUTIONS.c.speaker_id == bindparam("speaker"))
        .group_by(day)
    )


def _per_day_and_outlet() -> Select[Any]:
    """The speaker's statements at least `min_confidence` confident per day and outlet (site,
    domain and location): one pass over them serves both the timeline and the outlets, where a
    pass each took 0.22 and 0.25 s for Donald Trump at 1 M statements on PostgreSQL."""
    location = outlet_location(ARTICLES.c.site, ARTICLES.c.domain, ARTICLES.c.location)
    grouped = (
        ARTICLES.c.published_date,
        ARTICLES.c.site,
        ARTICLES.c.domain,
        location.label("location"),
    )
    return _with_articles(*grouped, func.count().label("n")).where(*_own(True)).group_by(*grouped)


def _weeks(per_day: list[Any]) -> tuple[list[Week], int]:
    """Statements per week from statements per day (weeks are counted alike on both stores),
    and the number of undated ones."""
    per_week: Counter[date] = Counter()
    undated = 0
    for day, n in per_day:
        if day is None:
            undated += n
        else:
            per_week[day - timedelta(days=day.weekday())] += n
    if not per_week:
        return [], undated
    first, last = min(per_week), max(per_week)
    span = (last - first).days // 7 + 1
    starts = (first + timedelta(weeks=i) for i in range(span))
    return [Week(start, per_week[start]) for start in starts], undated


def _outlets(named: list[tuple[str, str | None, int]]) -> list[Count]:
    """The `TOP` outlets by statements, from statements per outlet given as (name, key, n),
    a name perhaps more than once (several sites, domains and locations name one outlet)."""
    counts: Counter[str] = Counter()
    keys: dict[str, str | None] = {}
    for name, key, n in named:
        counts[name] += n
        keys[name] = key
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return [Count(keys[name], name, n) for name, n in ranked]


def _co_quoted(confident: bool) -> Select[Any]:
    """The speakers quoted in the most of the speaker's articles, with in how many (`TOP` of
    them, ranked): as the store keeps them counted (`speaker_pairs.quoted`), or counted from
    the statements when only those at least `min_confidence` confident count (which reads
    every article the speaker is quoted in: seconds for the most quoted at a million
    statements)."""
    if not confident:
        rank = func.row_number().over(
            order_by=(SPEAKER_PAIRS.c.quoted.desc(), SPEAKER_PAIRS.c.other_id)
        )
        return (
            select(
                SPEAKER_PAIRS.c.other_id.label("key"),
                SPEAKERS.c.name,
                SPEAKER_PAIRS.c.quoted.label("n"),
                rank.label("rank"),
            )
            .join(SPEAKERS, SPEAKERS.c.id == SPEAKER_PAIRS.c.other_id)
            .where(SPEAKER_PAIRS.c.speaker_id == bindparam("speaker"), SPEAKER_PAIRS.c.quoted > 0)
            .order_by(SPEAKER_PAIRS.c.quoted.desc(), SPEAKER_PAIRS.c.other_id)
            .limit(TOP)
        )
    other = ATTRIBUTIONS.alias("other")
    their_articles = select(ATTRIBUTIONS.c.article_id).where(*_own(confident))
    articles = func.count(func.distinct(other.c.article_id))
    rank = func.row_number().over(order_by=(articles.desc(), other.c.speaker_id))
    return (
        select(
            other.c.speaker_id.label("key"),
            SPEAKERS.c.name,
            articles.label("n"),
            rank.label("rank"),
        )
        .join(SPEAKERS, SPEAKERS.c.id == other.c.speaker_id)
        .where(other.c.article_id.in_(their_articles), other.c.speaker_id != bindparam("speaker"))
        .group_by(other.c.speaker_id, SPEAKERS.c.name)
        .order_by(articles.desc(), other.c.speaker_id)
        .limit(TOP)
    )


@dataclass(frozen=True, slots=True)
class ArticleLinks:
    """How one stored article ties into the corpus, keyed by the article's own ids."""

    #: Attribution id in the article -> the statement's id in the corpus.
    statements: dict[str, int]
    #: Attribution id in the article -> its quote cluster, for quotes.
    clusters: dict[str, int]
    #: Speaker id in the article -> the corpus speaker.
    speakers: dict[str, int]
    #: The publication date the store reads from the article; None when it gives none.
    published: date | None


def article_links(connection: Connection, article_id: str) -> ArticleLinks | None:
    """The corpus ids of a stored article's statements, quotes and speakers; None when no
    article has this id."""
    found = connection.execute(_links(), {"article": article_id}).all()
    if not any(row.part == "article" for row in found):
        return None
    statements, clusters, people = {}, {}, {}
    published = None
    for row in sorted(found, key=lambda row: row.position or 0):
        if row.part == "article":
            published = row.day
        elif row.part == "statement":
            statements[row.local_id] = row.key
            if row.cluster_id is not None:
                clusters[row.local_id] = row.cluster_id
        elif row.key is not None:
            people[row.local_id] = row.key
    return ArticleLinks(statements, clusters, people, published)


@lru_cache(maxsize=1)
def _links() -> CompoundSelect:
    """What `article_links` reads, as one statement (on PostgreSQL, three round trips cost the
    article page more than the reads do): rows of (part, local_id: the id in the article,
    key: the corpus id, cluster_id, day: the publication date, position)."""
    article: BindParameter[str] = bindparam("article")
    return union_all(
        _part("article", _LINK_COLUMNS, day=ARTICLES.c.published_date).where(
            ARTICLES.c.id == article
        ),
        _part(
            "statement",
            _LINK_COLUMNS,
            local_id=ATTRIBUTIONS.c.local_id,
            key=ATTRIBUTIONS.c.id,
            cluster_id=ATTRIBUTIONS.c.cluster_id,
            position=ATTRIBUTIONS.c.position,
        ).where(ATTRIBUTIONS.c.article_id == article),
        _part(
            "speaker",
            _LINK_COLUMNS,
            local_id=ARTICLE_SPEAKERS.c.local_id,
            key=ARTICLE_SPEAKERS.c.speaker_id,
            position=ARTICLE_SPEAKERS.c.position,
        ).where(ARTICLE_SPEAKERS.c.article_id == article),
    )


#: The columns of each union of reads (`_part`), in order, with the type each has.
_FACET_COLUMNS = {"rank": Integer, "key": Integer, "label": String, "n": Integer}
_PROFILE_COLUMNS = {
    "rank": Integer,
    "key": Integer,
    "label": String,
    "domain": String,
    "location": String,
    "outlet_key": String,
    "day": Date,
    "until": Date,
    "kind": String,
    "n": Integer,
}
_LINK_COLUMNS = {
    "local_id": String,
    "key": Integer,
    "cluster_id": Integer,
    "day": Date,
    "position": Integer,
}


def _part(
    name: str, shape: dict[str, type[TypeEngine[Any]]], **columns: ColumnElement[Any]
) -> Select[Any]:
    """One part of a union of reads of different shapes (a page's reads as one statement):
    its rows tagged with `name` as `part`, then the union's columns (`shape`) in order, each
    this part's value or, where it has none, a NULL of the column's type (`_none`), so every
    part has the same columns in the same order."""
    if unknown := columns.keys() - shape.keys():
        raise TypeError(f"the union has no column {', '.join(sorted(unknown))}")
    return select(
        literal(name).label("part"),
        *(columns.get(label, _none(kind)).label(label) for label, kind in shape.items()),
    )


def _none(kind: type[TypeEngine[Any]]) -> ColumnElement[Any]:
    """A NULL of this type: a part of a union that has no such column."""
    return cast(null(), kind)
