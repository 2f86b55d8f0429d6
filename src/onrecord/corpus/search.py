"""Finding statements: full-text search over what was said, filtered by who said it, where
and when.

The query language is described in `onrecord.corpus.fulltext`: words all required, "quoted
phrases", OR, -word; it means the same on SQLite (FTS5) and PostgreSQL (full text search).
Results come best match first, then newest first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, TypedDict, Unpack

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session, aliased

from onrecord.corpus.clusters import outlet
from onrecord.corpus.fulltext import Query, QueryError, parse_query
from onrecord.corpus.identity import name_words, normalise_role
from onrecord.structure.outlet import domain_of
from onrecord.corpus.store import (
    ArticleRow,
    ArticleSpeakerRow,
    AttributionRow,
    SpeakerAliasRow,
    SpeakerRoleRow,
    SpeakerRow,
    SpeakerWordRow,
)

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
    session: Session,
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
    matching, order = _filtered(session, matching_ids(session), query, filters)
    parsed = parse_query(_clean(query) or "") if (_clean(query) or "").strip() else Query()
    if parsed.groups:
        if limit is not None:
            window_size = max(RANKED_MATCHES, min(offset + limit, _MAX_ID))
            matching = matching.order_by(order.desc()).limit(window_size)
        window = matching.subquery()
        top = _ranked(session, parsed, window)
    else:
        window = matching.subquery()
        top = select(window.c.id, window.c.day, literal(0).label("rank"))
    top = top.order_by(literal_column("rank"), window.c.day.desc().nulls_last(), window.c.id)
    if limit is not None:
        top = top.limit(min(limit, _MAX_ID))
    if offset:
        top = top.offset(min(offset, _MAX_ID))
    chosen = top.subquery()
    return fetch(session, chosen, chosen.c.rank, chosen.c.day.desc().nulls_last(), chosen.c.id)


def fetch(session: Session, page: Subquery, *order: Any) -> list[Statement]:
    """The statements whose ids (`id`) `page` holds, in `order`: what to show is read for the
    page only, after the page is chosen from narrow rows."""
    statement = _statements().join(page, page.c.id == AttributionRow.id).order_by(*order)
    return [_statement(row) for row in session.execute(statement)]


def _statement(row: Any) -> Statement:
    """A row of `_statements()`; a statement whose article names no speaker has no roles."""
    *shown, titles, affiliations = row
    return Statement(*(*shown, list(titles or []), list(affiliations or [])))


def _ranked(session: Session, query: Query, window: Subquery) -> Select[Any]:
    """The statements of `window` (`id`, `day`) with how well they match the query (`rank`,
    lower first: SQLite's bm25 as it is, PostgreSQL's ts_rank negated). Only the window is
    ranked: on SQLite, the matches stored since its oldest statement."""
    if session.get_bind().dialect.name == "postgresql":
        ranked = aliased(AttributionRow, name="ranked")
        vector: ColumnElement[Any] = literal_column("ranked.search")
        score = func.ts_rank(vector, func.to_tsquery("simple", query.tsquery()))
        return select(window.c.id, window.c.day, (-score).label("rank")).join(
            ranked, ranked.id == window.c.id
        )
    lowest = select(func.min(window.c.id)).scalar_subquery()
    hits = (
        select(_FTS.c.rowid.label("id"), literal_column("bm25(attributions_fts)").label("rank"))
        .where(
            literal_column("attributions_fts").op("MATCH")(query.fts5()),
            _FTS.c.rowid >= lowest,
        )
        .subquery()
    )
    return select(window.c.id, window.c.day, hits.c.rank).join(hits, hits.c.id == window.c.id)


def count(session: Session, query: str = "", **filters: Unpack[Filters]) -> int:
    """How many statements `search` finds for the query and filters, whatever its limit."""
    matching = select(AttributionRow.id).join(
        ArticleRow, ArticleRow.id == AttributionRow.article_id
    )
    statement, _ = _filtered(session, matching, query, filters)
    return session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def matching_ids(session: Session, query: str = "", **filters: Unpack[Filters]) -> Select[Any]:
    """The statements `search` finds, unordered, as narrow rows to order and page: `id`,
    and their article's `article` and `day` (publication date)."""
    narrow = select(
        AttributionRow.id.label("id"),
        ArticleRow.id.label("article"),
        ArticleRow.published_date.label("day"),
    ).join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
    return _filtered(session, narrow, query, filters)[0]


def _filtered(
    session: Session,
    statement: Select[Any],
    query: str,
    filters: Filters,
) -> tuple[Select[Any], ColumnElement[int]]:
    """`statement` (over attributions joined to their articles) narrowed to the query and
    filters, and the statement id to walk it newest first by (the full-text index's own on
    SQLite, so the walk can stop early). Text a database cannot hold (a NUL) is dropped from
    every filter first."""
    query = _clean(query) or ""
    order: ColumnElement[int] = AttributionRow.id  # type: ignore[assignment]
    if query.strip():
        statement, order = _match(session, statement, parse_query(query))
    if (speaker := filters.get("speaker")) is not None:
        statement = statement.where(AttributionRow.speaker_id.in_(speaker_ids(session, speaker)))
    if affiliation := _clean(filters.get("affiliation")):
        statement = statement.where(
            AttributionRow.speaker_id.in_(
                select(SpeakerRoleRow.speaker_id).where(
                    SpeakerRoleRow.kind == "affiliation",
                    or_(
                        func.lower(SpeakerRoleRow.value).contains(
                            affiliation.lower(), autoescape=True
                        ),
                        func.lower(SpeakerRoleRow.value) == normalise_role(affiliation),
                    ),
                )
            )
        )
    if kind := _clean(filters.get("kind")):
        statement = statement.where(AttributionRow.kind == kind)
    if since := filters.get("since"):
        statement = statement.where(ArticleRow.published_date >= since)
    if until := filters.get("until"):
        statement = statement.where(ArticleRow.published_date <= until)
    if site := _clean(filters.get("site")):
        statement = statement.where(from_outlet(site))
    if (min_confidence := filters.get("min_confidence")) is not None:
        statement = statement.where(AttributionRow.confidence >= min_confidence)
    return statement, order


def from_outlet(site: str) -> ColumnElement[bool]:
    """Articles of an outlet named by the user: by its name in any case ("CNN", "cnn") or by
    its domain, written as a domain, host or URL ("cnn.com", "edition.cnn.com",
    "https://www.cnn.com/…")."""
    site = _clean(site) or ""
    by_name = func.lower(ArticleRow.site) == site.strip().lower()
    domain = domain_of(site.strip())
    return or_(by_name, ArticleRow.domain == domain) if domain else by_name


def speaker_ids(session: Session, speaker: str | int) -> list[int]:
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
    having_all = (
        select(SpeakerWordRow.speaker_id)
        .where(SpeakerWordRow.word.in_(set(words)))
        .group_by(SpeakerWordRow.speaker_id)
        .having(func.count() == len(set(words)))
    )
    names = session.execute(
        select(SpeakerRow.id, SpeakerRow.name)
        .where(SpeakerRow.id.in_(having_all))
        .union_all(
            select(SpeakerAliasRow.speaker_id, SpeakerAliasRow.alias).where(
                SpeakerAliasRow.speaker_id.in_(having_all)
            )
        )
    )
    phrase = f" {' '.join(words)} "
    return sorted({key for key, name in names if phrase in f" {' '.join(name_words(name))} "})


def _clean(value: str | None) -> str | None:
    """A filter without NUL characters, which PostgreSQL cannot hold in a text."""
    return value.replace("\x00", " ") if value is not None else None


def _statements() -> Select[Any]:
    return (
        select(
            AttributionRow.id,
            AttributionRow.kind,
            AttributionRow.content,
            AttributionRow.cue,
            AttributionRow.source,
            AttributionRow.confidence,
            func.coalesce(SpeakerRow.name, ArticleSpeakerRow.name),
            AttributionRow.speaker_id,
            ArticleRow.id,
            ArticleRow.headline,
            ArticleRow.site,
            ArticleRow.domain,
            ArticleRow.location,
            ArticleRow.published_date,
            AttributionRow.cluster_id,
            ArticleSpeakerRow.titles,
            ArticleSpeakerRow.affiliations,
        )
        .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
        .outerjoin(SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id)
        .outerjoin(ArticleSpeakerRow, ArticleSpeakerRow.id == AttributionRow.article_speaker_id)
    )


def _match(
    session: Session, statement: Select[Any], query: Query
) -> tuple[Select[Any], ColumnElement[int]]:
    """Restrict to statements whose words match the query; and the id to order them by."""
    if session.get_bind().dialect.name == "postgresql":
        vector: ColumnElement[Any] = literal_column("attributions.search")
        if query.groups:
            wanted = func.to_tsquery("simple", query.tsquery())
            statement = statement.where(vector.op("@@")(wanted))
        if query.excluded:
            unwanted = func.to_tsquery("simple", query.tsquery_excluded())
            statement = statement.where(~vector.op("@@")(unwanted))
        return statement, AttributionRow.id  # type: ignore[return-value]
    if query.excluded:
        statement = statement.where(AttributionRow.id.not_in(_fts5_hits(query.fts5_excluded())))
    if not query.groups:
        return statement, AttributionRow.id  # type: ignore[return-value]
    hits = _fts5_hits(query.fts5()).subquery()
    return statement.join(hits, hits.c.rowid == AttributionRow.id), hits.c.rowid


def _fts5_hits(match: str) -> Select[Any]:
    return select(_FTS.c.rowid).where(literal_column("attributions_fts").op("MATCH")(match))
