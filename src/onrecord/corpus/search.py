"""Finding statements: full-text search over what was said, filtered by who said it, where
and when.

The text query is the database's own full-text search (SQLite FTS5 with Porter stemming,
PostgreSQL `websearch_to_tsquery` in English), so a query for "membership" also finds
"memberships". Words are all required; "quoted phrases" must appear as written. Results come
best match first, then newest first.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from onrecord.corpus.clusters import outlet
from onrecord.corpus.identity import normalise, normalise_role
from onrecord.corpus.store import (
    ArticleRow,
    ArticleSpeakerRow,
    AttributionRow,
    SpeakerAliasRow,
    SpeakerRoleRow,
    SpeakerRow,
)

_TERM = re.compile(r'"([^"]+)"|(\S+)')


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
    date: date
    cluster_id: int | None

    @property
    def outlet(self) -> str:
        return outlet(self.site, self.location, self.location)

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["date"] = self.date.isoformat()
        return record


def search(
    session: Session,
    query: str = "",
    *,
    speaker: str | int | None = None,
    affiliation: str | None = None,
    kind: str | None = None,
    since: date | None = None,
    until: date | None = None,
    site: str | None = None,
    min_confidence: float | None = None,
    limit: int | None = 20,
) -> list[Statement]:
    """Statements matching the query (all statements for an empty one) and every filter.

    `speaker` is a corpus speaker's id, or words of their name or of a name they were seen
    under ("Hegseth"); `affiliation` matches any affiliation they were given ("United
    Kingdom", "U.K."); `site` is the outlet; `since` and `until` bound the article's date,
    both inclusive; `min_confidence` leaves out statements the extractor was less sure of."""
    statement = _statements()
    if query.strip():
        statement = _match(session, statement, query)
    statement = statement.order_by(ArticleRow.dated.desc(), AttributionRow.id)
    if speaker is not None:
        statement = statement.where(AttributionRow.speaker_id.in_(speaker_ids(speaker)))
    if affiliation:
        statement = statement.where(
            AttributionRow.speaker_id.in_(
                select(SpeakerRoleRow.speaker_id).where(
                    SpeakerRoleRow.kind == "affiliation",
                    or_(
                        func.lower(SpeakerRoleRow.value).contains(affiliation.lower()),
                        func.lower(SpeakerRoleRow.value) == normalise_role(affiliation),
                    ),
                )
            )
        )
    if kind:
        statement = statement.where(AttributionRow.kind == kind)
    if since:
        statement = statement.where(ArticleRow.dated >= since)
    if until:
        statement = statement.where(ArticleRow.dated <= until)
    if site:
        statement = statement.where(func.lower(ArticleRow.site) == site.lower())
    if min_confidence is not None:
        statement = statement.where(AttributionRow.confidence >= min_confidence)
    if limit is not None:
        statement = statement.limit(limit)
    return [Statement(*row) for row in session.execute(statement)]


def speaker_ids(speaker: str | int) -> Select[tuple[int]]:
    """The corpus speakers a user's speaker filter means: an id, or words of a name."""
    if isinstance(speaker, int) or speaker.isdigit():
        return select(SpeakerRow.id).where(SpeakerRow.id == int(speaker))
    words = normalise(speaker)
    return select(SpeakerRow.id).where(
        or_(
            func.lower(SpeakerRow.name).contains(speaker.lower()),
            SpeakerRow.id.in_(
                select(SpeakerAliasRow.speaker_id).where(SpeakerAliasRow.alias.contains(words))
            ),
        )
    )


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
            ArticleRow.dated,
            AttributionRow.cluster_id,
        )
        .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
        .outerjoin(SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id)
        .outerjoin(ArticleSpeakerRow, ArticleSpeakerRow.id == AttributionRow.article_speaker_id)
    )


def _match(session: Session, statement: Select[Any], query: str) -> Select[Any]:
    """Restrict to statements whose content matches the query, best match first."""
    if session.get_bind().dialect.name == "postgresql":
        tsquery = func.websearch_to_tsquery("english", query)
        vector: ColumnElement[Any] = literal_column("attributions.search")
        return statement.where(vector.op("@@")(tsquery)).order_by(
            func.ts_rank(vector, tsquery).desc()
        )
    hits = (
        select(
            literal_column("rowid").label("id"),
            literal_column("bm25(attributions_fts)").label("rank"),
        )
        .select_from(text("attributions_fts"))
        .where(literal_column("attributions_fts").op("MATCH")(fts5_query(query)))
        .subquery()
    )
    return statement.join(hits, and_(hits.c.id == AttributionRow.id)).order_by(hits.c.rank)


def fts5_query(query: str) -> str:
    """A user's query in FTS5 syntax: every word required, "phrases" kept; each term quoted so
    words like AND, NEAR or a stray '*' are read as words."""
    terms = []
    for phrase, word in _TERM.findall(query):
        term = (phrase or word).replace('"', "").strip()
        if term:
            terms.append(f'"{term}"')
    return " ".join(terms) or '""'
