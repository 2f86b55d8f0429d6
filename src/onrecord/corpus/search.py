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
    and_,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from onrecord.corpus.clusters import outlet
from onrecord.corpus.fulltext import Query, QueryError, parse_query
from onrecord.corpus.identity import normalise, normalise_role
from onrecord.corpus.store import (
    ArticleRow,
    ArticleSpeakerRow,
    AttributionRow,
    SpeakerAliasRow,
    SpeakerRoleRow,
    SpeakerRow,
)

#: The largest id a speaker can have (ids are 32-bit integers on PostgreSQL).
_MAX_ID = 2**31 - 1

__all__ = ["Filters", "QueryError", "Statement", "count", "search", "speaker_ids"]


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
    site: str | None
    location: str | None
    #: The article's publication date; None when it gives none.
    date: date | None
    cluster_id: int | None

    @property
    def outlet(self) -> str:
        return outlet(self.site, self.location, self.location)

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
    given ("United Kingdom", "U.K."); `site` is the outlet; `kind` direct, mixed or indirect;
    `since` and `until` bound the article's publication date, both inclusive (an article of
    unknown date is outside any bound); `min_confidence` leaves out
    statements the extractor was less sure of. A query that cannot be searched raises
    `QueryError`."""
    statement = _filtered(session, _statements(), query, filters)
    statement = statement.order_by(ArticleRow.published_date.desc().nulls_last(), AttributionRow.id)
    if limit is not None:
        statement = statement.limit(min(limit, _MAX_ID))
    if offset:
        statement = statement.offset(min(offset, _MAX_ID))
    return [Statement(*row) for row in session.execute(statement)]


def count(session: Session, query: str = "", **filters: Unpack[Filters]) -> int:
    """How many statements `search` finds for the query and filters, whatever its limit."""
    matching = select(AttributionRow.id).join(
        ArticleRow, ArticleRow.id == AttributionRow.article_id
    )
    statement = _filtered(session, matching, query, filters, ranked=False)
    return session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def _filtered(
    session: Session,
    statement: Select[Any],
    query: str,
    filters: Filters,
    *,
    ranked: bool = True,
) -> Select[Any]:
    """`statement` (over attributions joined to their articles) narrowed to the query and
    filters. Text a database cannot hold (a NUL) is dropped from every filter first."""
    query = _clean(query) or ""
    if query.strip():
        statement = _match(session, statement, parse_query(query), ranked=ranked)
    if (speaker := filters.get("speaker")) is not None:
        statement = statement.where(AttributionRow.speaker_id.in_(speaker_ids(speaker)))
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
        statement = statement.where(func.lower(ArticleRow.site) == site.lower())
    if (min_confidence := filters.get("min_confidence")) is not None:
        statement = statement.where(AttributionRow.confidence >= min_confidence)
    return statement


def speaker_ids(speaker: str | int) -> Select[tuple[int]]:
    """The corpus speakers a user's speaker filter means: an id, or whole words of a name
    ("Trump" is Donald Trump, not the "Never Trumpers")."""
    if isinstance(speaker, int) or speaker.strip().isdigit():
        wanted = int(speaker)
        if not 0 < wanted <= _MAX_ID:
            return select(SpeakerRow.id).where(false())
        return select(SpeakerRow.id).where(SpeakerRow.id == wanted)
    speaker = _clean(speaker) or ""
    return select(SpeakerRow.id).where(
        or_(
            _has_words(func.lower(SpeakerRow.name), " ".join(speaker.lower().split())),
            SpeakerRow.id.in_(
                select(SpeakerAliasRow.speaker_id).where(
                    _has_words(SpeakerAliasRow.alias, normalise(speaker))
                )
            ),
        )
    )


def _has_words(
    column: ColumnElement[str] | InstrumentedAttribute[str], words: str
) -> ColumnElement[bool]:
    """Whether the words stand in the column's text as whole words (LIKE wildcards in them
    are escaped)."""
    if not words:
        return false()
    padded = literal(" ") + column + literal(" ")
    return padded.contains(f" {words} ", autoescape=True)


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
            ArticleRow.location,
            ArticleRow.published_date,
            AttributionRow.cluster_id,
        )
        .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
        .outerjoin(SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id)
        .outerjoin(ArticleSpeakerRow, ArticleSpeakerRow.id == AttributionRow.article_speaker_id)
    )


def _match(
    session: Session, statement: Select[Any], query: Query, *, ranked: bool = True
) -> Select[Any]:
    """Restrict to statements whose words match the query, best match first."""
    if session.get_bind().dialect.name == "postgresql":
        vector: ColumnElement[Any] = literal_column("attributions.search")
        if query.groups:
            wanted = func.to_tsquery("simple", query.tsquery())
            statement = statement.where(vector.op("@@")(wanted))
            if ranked:
                statement = statement.order_by(func.ts_rank(vector, wanted).desc())
        if query.excluded:
            unwanted = func.to_tsquery("simple", query.tsquery_excluded())
            statement = statement.where(~vector.op("@@")(unwanted))
        return statement
    if query.excluded:
        statement = statement.where(AttributionRow.id.not_in(_fts5_hits(query.fts5_excluded())))
    if not query.groups:
        return statement
    hits = (
        select(
            literal_column("rowid").label("id"),
            literal_column("bm25(attributions_fts)").label("rank"),
        )
        .select_from(text("attributions_fts"))
        .where(literal_column("attributions_fts").op("MATCH")(query.fts5()))
        .subquery()
    )
    statement = statement.join(hits, and_(hits.c.id == AttributionRow.id))
    return statement.order_by(hits.c.rank) if ranked else statement


def _fts5_hits(match: str) -> Select[Any]:
    return (
        select(literal_column("rowid"))
        .select_from(text("attributions_fts"))
        .where(literal_column("attributions_fts").op("MATCH")(match))
    )
