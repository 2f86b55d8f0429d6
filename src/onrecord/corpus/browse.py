"""What browsing the corpus needs beyond search: how a search's statements divide among
speakers, outlets and kinds (facets), a speaker's profile (names, weekly timeline, outlets, who
is quoted beside them), how an article's statements and speakers tie into the corpus, and
counts for paging through speakers.

Each is a few grouped queries on either store; the web pages and the JSON API read these,
never the tables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Unpack

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    select,
)
from sqlalchemy.orm import Session, aliased

from onrecord.corpus.clusters import outlet
from onrecord.corpus.search import Filters, Shape, filtered, prepare, speaker_ids
from onrecord.corpus.speakers import SpeakerSummary, speakers
from onrecord.corpus.store import (
    ArticleRow,
    ArticleSpeakerRow,
    AttributionRow,
    SpeakerPairRow,
    SpeakerRow,
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
    session: Session, query: str = "", *, top: int = TOP, **filters: Unpack[Filters]
) -> Facets:
    """The most frequent speakers and outlets (`top` of each) and every kind among the
    statements `search` finds for the query and filters. Statements with no corpus speaker
    are counted under no speaker."""
    shape, values = prepare(session, query, filters)

    def counted(facet: str, limit: int | None) -> list[Any]:
        return list(session.connection().execute(_facet_statement(shape, facet, limit), values))

    return Facets(
        speakers=[
            Count(key, name, n) for key, name, n in counted("speaker", top) if key is not None
        ],
        outlets=[Count(site, site or "outlet unknown", n) for site, n in counted("outlet", top)],
        kinds=[Count(kind, kind, n) for kind, n in counted("kind", None)],
    )


#: What each facet counts the statements by, over statements joined to their articles.
_FACETS: dict[str, Callable[[], Select[Any]]] = {
    "speaker": lambda: _with_articles(AttributionRow.speaker_id, SpeakerRow.name).outerjoin(
        SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id
    ),
    "outlet": lambda: _with_articles(ArticleRow.site),
    "kind": lambda: _with_articles(AttributionRow.kind),
}


@lru_cache(maxsize=256)
def _facet_statement(shape: Shape, facet: str, top: int | None) -> Select[Any]:
    """Matching statements of a search of this shape counted by the values of one facet's
    columns, the most frequent first: rows of those values, then the count."""
    grouped = _FACETS[facet]()
    columns = list(grouped.selected_columns)
    n = func.count().label("n")
    statement, _ = filtered(grouped.add_columns(n), shape)
    statement = statement.group_by(*columns).order_by(n.desc(), *columns)
    return statement if top is None else statement.limit(top)


def _with_articles(*columns: Any) -> Select[Any]:
    """`columns` selected over statements joined to their articles."""
    return (
        select(*columns)
        .select_from(AttributionRow)
        .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
    )


def count_speakers(
    session: Session,
    name: str | int | None = None,
    *,
    mentioned: bool = False,
    min_confidence: float | None = None,
) -> int:
    """How many speakers `speakers.speakers` lists for these arguments with no limit: from
    the statement counts the store keeps, unless a confidence threshold counts afresh."""
    if mentioned or min_confidence is None:
        listed: Select[Any] = select(SpeakerRow.id)
        if not mentioned:
            listed = listed.where(SpeakerRow.statements > 0)
        if name is not None:
            listed = listed.where(SpeakerRow.id.in_(speaker_ids(session, name)))
    else:
        listed = select(AttributionRow.speaker_id).where(
            AttributionRow.speaker_id.is_not(None), AttributionRow.confidence >= min_confidence
        )
        if name is not None:
            listed = listed.where(AttributionRow.speaker_id.in_(speaker_ids(session, name)))
        listed = listed.distinct()
    return session.connection().scalar(select(func.count()).select_from(listed.subquery())) or 0


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
    session: Session, speaker_id: int, *, min_confidence: float | None = None
) -> SpeakerProfile | None:
    """The profile of the speaker with this id (None when there is none); statements less
    confident than `min_confidence` are not counted."""
    found = speakers(session, speaker_id, mentioned=True, min_confidence=min_confidence)
    if not found:
        return None
    # each part's statement is built once (see `search.Shape`), run with these values
    values = {"speaker": speaker_id, "min_confidence": min_confidence}
    confident = min_confidence is not None

    def rows(statement: Select[Any]) -> list[Any]:
        return list(session.connection().execute(statement, values))

    per_day_and_outlet = rows(_per_day_and_outlet(confident))
    weeks, undated = _weeks([(day, n) for day, *_, n in per_day_and_outlet])
    return SpeakerProfile(
        summary=found[0],
        names=[name for name, _ in rows(_names())],
        weeks=weeks,
        undated=undated,
        outlets=_outlets([outlet_and_count for _, *outlet_and_count in per_day_and_outlet]),
        co_quoted=[Count(*row) for row in rows(_co_quoted(confident))],
    )


def _own(confident: bool) -> list[ColumnElement[bool]]:
    """The statements of the speaker `speaker`, at least `min_confidence` confident if asked."""
    own = [AttributionRow.speaker_id == bindparam("speaker")]
    if confident:
        own.append(AttributionRow.confidence >= bindparam("min_confidence"))
    return own


@lru_cache(maxsize=1)
def _names() -> Select[Any]:
    uses = func.count().label("uses")
    return (
        select(ArticleSpeakerRow.name, uses)
        .where(ArticleSpeakerRow.speaker_id == bindparam("speaker"))
        .group_by(ArticleSpeakerRow.name)
        .order_by(uses.desc(), ArticleSpeakerRow.name)
    )


@lru_cache(maxsize=2)
def _per_day_and_outlet(confident: bool) -> Select[Any]:
    """Statements per day and outlet (site, domain and location): one pass over a speaker's
    statements serves both the timeline and the outlets, where a pass each took 0.22 and 0.25 s
    for Donald Trump at 1 M statements on PostgreSQL."""
    # an article's location names its outlet only when it has neither site nor domain
    # (`outlet`): grouped by it otherwise, each outlet came back once per article
    # (literal, not parameters: PostgreSQL groups by the expression only if its text is the same)
    blank: ColumnElement[str] = literal_column("''")
    unnamed = and_(
        func.coalesce(ArticleRow.site, blank) == blank,
        func.coalesce(ArticleRow.domain, blank) == blank,
    )
    location = case((unnamed, ArticleRow.location))
    grouped = (ArticleRow.published_date, ArticleRow.site, ArticleRow.domain, location)
    return _with_articles(*grouped, func.count()).where(*_own(confident)).group_by(*grouped)


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


def _outlets(per_outlet: list[Any]) -> list[Count]:
    """The `TOP` outlets by statements, from statements per site, domain and location (which
    name one outlet together)."""
    counts: Counter[str] = Counter()
    sites: dict[str, str | None] = {}
    for site, domain, location, n in per_outlet:
        name = outlet(site, domain, location)
        counts[name] += n
        sites[name] = site
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return [Count(sites[name], name, n) for name, n in ranked]


@lru_cache(maxsize=2)
def _co_quoted(confident: bool) -> Select[Any]:
    """The speakers quoted in the most of the speaker's articles, with in how many: as the
    store keeps them counted (`speaker_pairs.quoted`), or counted from the statements when
    only those at least `min_confidence` confident count (which reads every article the
    speaker is quoted in: seconds for the most quoted at a million statements)."""
    if not confident:
        return (
            select(SpeakerPairRow.other_id, SpeakerRow.name, SpeakerPairRow.quoted)
            .join(SpeakerRow, SpeakerRow.id == SpeakerPairRow.other_id)
            .where(SpeakerPairRow.speaker_id == bindparam("speaker"), SpeakerPairRow.quoted > 0)
            .order_by(SpeakerPairRow.quoted.desc(), SpeakerPairRow.other_id)
            .limit(TOP)
        )
    other = aliased(AttributionRow, name="other")
    their_articles = select(AttributionRow.article_id).where(*_own(confident))
    articles = func.count(func.distinct(other.article_id)).label("articles")
    return (
        select(other.speaker_id, SpeakerRow.name, articles)
        .join(SpeakerRow, SpeakerRow.id == other.speaker_id)
        .where(other.article_id.in_(their_articles), other.speaker_id != bindparam("speaker"))
        .group_by(other.speaker_id, SpeakerRow.name)
        .order_by(articles.desc(), other.speaker_id)
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


def article_links(session: Session, article_id: str) -> ArticleLinks | None:
    """The corpus ids of a stored article's statements, quotes and speakers; None when no
    article has this id."""
    values = {"article": article_id}
    connection = session.connection()
    published = connection.execute(_publication(), values).first()
    if published is None:
        return None
    statements, clusters = {}, {}
    for local_id, statement_id, cluster_id in connection.execute(_statement_ids(), values):
        statements[local_id] = statement_id
        if cluster_id is not None:
            clusters[local_id] = cluster_id
    people = {
        local_id: speaker_id
        for local_id, speaker_id in connection.execute(_speaker_ids(), values)
        if speaker_id is not None
    }
    return ArticleLinks(statements, clusters, people, published[0])


# the statements `article_links` runs, built once (see `search.Shape`)


@lru_cache(maxsize=1)
def _publication() -> Select[Any]:
    return select(ArticleRow.published_date).where(ArticleRow.id == bindparam("article"))


@lru_cache(maxsize=1)
def _statement_ids() -> Select[Any]:
    return (
        select(AttributionRow.local_id, AttributionRow.id, AttributionRow.cluster_id)
        .where(AttributionRow.article_id == bindparam("article"))
        .order_by(AttributionRow.position)
    )


@lru_cache(maxsize=1)
def _speaker_ids() -> Select[Any]:
    return select(ArticleSpeakerRow.local_id, ArticleSpeakerRow.speaker_id).where(
        ArticleSpeakerRow.article_id == bindparam("article")
    )
