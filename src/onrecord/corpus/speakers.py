"""Corpus speakers as users see them: who they are, what they have been called, how often and
when they spoke, and what they said over time.

A speaker is someone who said something: people and bodies that articles only mention (a
photographer, a hospital, a film character) are stored with their mentions but listed only
when asked for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Select,
    Subquery,
    bindparam,
    func,
    literal,
    select,
    union_all,
)

from onrecord.corpus.identity import normalise_role
from onrecord.corpus.search import (
    Statement,
    fetch,
    in_outlet,
    number,
    outlet_values,
    speaker_ids,
)
from onrecord.corpus.store import (
    ARTICLES,
    ARTICLE_SPEAKERS,
    ATTRIBUTIONS,
    SPEAKER_ROLES,
    SPEAKER_ROLE_TOTALS,
    SPEAKERS,
)


@dataclass(frozen=True, slots=True)
class Role:
    """A title or affiliation, with the first and last dates a speaker was given it."""

    value: str
    #: Publication dates of the first and last articles giving it (None when none is dated).
    first_seen: date | None
    last_seen: date | None


@dataclass(slots=True)
class SpeakerSummary:
    id: int
    name: str
    type: str
    statements: int = 0
    articles: int = 0
    first_seen: date | None = None
    last_seen: date | None = None
    titles: list[Role] = field(default_factory=list)
    affiliations: list[Role] = field(default_factory=list)

    @property
    def mentioned_only(self) -> bool:
        """Mentioned in articles but the speaker of no statement (kept, listed on request)."""
        return self.statements == 0

    def to_dict(self) -> dict[str, Any]:
        return {**_jsonable(asdict(self)), "mentioned_only": self.mentioned_only}


def speakers(
    connection: Connection,
    name: str | int | None = None,
    *,
    limit: int | None = None,
    mentioned: bool = False,
    min_confidence: float | None = None,
    site: str | None = None,
    offset: int = 0,
    roles: bool = True,
) -> list[SpeakerSummary]:
    """Corpus speakers, the most quoted first; `name` keeps those whose name (or a name they
    were seen under) has its words, or the one with that id; `offset` skips that many;
    `roles=False` leaves their titles and affiliations unread (for a caller that reads them
    with its own statement, `add_roles`).

    Only speakers of at least one statement are listed; `mentioned` adds those that articles
    only mention, last. `min_confidence` counts only statements at least that confident;
    `site` counts only the articles of that outlet (by name or domain, see
    `search.from_outlet`). The counts are the ones the store keeps (`corpus.tallies`), read
    through an index in the order listed; only a confidence threshold or an outlet makes them
    counted afresh."""
    values: dict[str, Any] = {"min_confidence": min_confidence, "limit": limit, "offset": offset}
    if site:
        values.update(outlet_values(site))
    if name is not None:
        values["speaker"] = speaker_ids(connection, name)
    # by domain as well as by name, by name only, or in every outlet
    outlet = "domain" in values if site else None
    listing = _listing(
        min_confidence is not None,
        outlet,
        name is not None,
        mentioned,
        limit is not None,
        offset > 0,
    )
    found = [SpeakerSummary(*row) for row in connection.execute(listing, values).all()]
    if found and roles:  # a name that fits no one, or a page past the end, asks no more
        summaries = {summary.id: summary for summary in found}
        add_roles(
            connection.execute(_role_totals(outlet), {**values, "ids": list(summaries)}),
            summaries,
        )
    return found


@lru_cache(maxsize=128)
def _listing(
    confident: bool, outlet: bool | None, named: bool, mentioned: bool, limited: bool, offset: bool
) -> Select[Any]:
    """`speakers`' statement for these of its arguments, the values left as parameters
    (built once: see `search.Shape`)."""
    statements: ColumnElement[int] = SPEAKERS.c.statements
    if confident or outlet is not None:
        said = (
            select(func.count())
            .select_from(ATTRIBUTIONS)
            .where(ATTRIBUTIONS.c.speaker_id == SPEAKERS.c.id)
        )
        if confident:
            said = said.where(ATTRIBUTIONS.c.confidence >= bindparam("min_confidence"))
        if outlet is not None:
            said = said.join(ARTICLES, ARTICLES.c.id == ATTRIBUTIONS.c.article_id).where(
                in_outlet(outlet)
            )
        statements = said.scalar_subquery()
    seen: tuple[ColumnElement[Any], ...] = (
        SPEAKERS.c.articles,
        SPEAKERS.c.first_seen,
        SPEAKERS.c.last_seen,
    )
    query = select(SPEAKERS.c.id, SPEAKERS.c.name, SPEAKERS.c.type, statements)
    if outlet is not None:
        # the outlet's articles per speaker, counted in one pass over them
        in_articles = (
            select(
                ARTICLE_SPEAKERS.c.speaker_id,
                func.count(func.distinct(ARTICLES.c.id)).label("articles"),
                func.min(ARTICLES.c.published_date).label("first"),
                func.max(ARTICLES.c.published_date).label("last"),
            )
            .join(ARTICLES, ARTICLES.c.id == ARTICLE_SPEAKERS.c.article_id)
            .where(in_outlet(outlet))
            .group_by(ARTICLE_SPEAKERS.c.speaker_id)
            .subquery()
        )
        query = query.outerjoin(in_articles, in_articles.c.speaker_id == SPEAKERS.c.id)
        seen = (func.coalesce(in_articles.c.articles, 0), in_articles.c.first, in_articles.c.last)
    query = query.add_columns(*seen).order_by(statements.desc(), seen[0].desc(), SPEAKERS.c.id)
    if not mentioned:
        query = query.where(statements > 0)
    elif outlet is not None:
        query = query.where(seen[0] > 0)
    if named:
        query = query.where(SPEAKERS.c.id.in_(bindparam("speaker", expanding=True)))
    if limited:
        query = query.limit(number("limit"))
    if offset:
        query = query.offset(number("offset"))
    return query


def add_roles(rows: Iterable[Any], summaries: dict[int, SpeakerSummary]) -> None:
    """Each speaker's titles and affiliations, latest first, from rows of role totals
    (speaker, kind, value, first and last dates, uses); spellings of one role ("U.K.",
    "United Kingdom") count as one, shown in the spelling used most (the longest of those
    used as often). The order does not depend on the rows' order, which the store leaves open:
    two stores of the same articles list the same roles alike."""
    merged: dict[tuple[int, str, str], tuple[Role, int]] = {}
    for speaker_id, kind, value, first, last, uses in sorted(rows, key=_most_used):
        key = (speaker_id, kind, normalise_role(value))
        if key in merged:
            role, most = merged[key]
            value = role.value  # the most used spelling came first
            first, last, uses = (
                _earliest(first, role.first_seen),
                _latest(last, role.last_seen),
                most,
            )
        merged[key] = (Role(value, first, last), uses)
    roles: dict[tuple[int, str], list[Role]] = defaultdict(list)
    for (speaker_id, kind, _), (role, _) in merged.items():
        roles[speaker_id, kind].append(role)
    for speaker_id, summary in summaries.items():
        summary.titles = sorted(roles[speaker_id, "title"], key=_recency, reverse=True)
        summary.affiliations = sorted(roles[speaker_id, "affiliation"], key=_recency, reverse=True)


@lru_cache(maxsize=3)
def _role_totals(outlet: bool | None) -> Select[Any]:
    """Speaker, kind, value, first and last dates and uses of the roles of the speakers
    `ids`: the totals the store keeps, or counted in one outlet's articles (`outlet` as in
    `_listing`)."""
    ids: BindParameter[int] = bindparam("ids", expanding=True)
    if outlet is None:
        totals = SPEAKER_ROLE_TOTALS
        return select(
            totals.c.speaker_id,
            totals.c.kind,
            totals.c.value,
            totals.c.first_seen,
            totals.c.last_seen,
            totals.c.uses,
        ).where(totals.c.speaker_id.in_(ids))
    return (
        select(
            SPEAKER_ROLES.c.speaker_id,
            SPEAKER_ROLES.c.kind,
            SPEAKER_ROLES.c.value,
            func.min(ARTICLES.c.published_date),
            func.max(ARTICLES.c.published_date),
            func.count(),
        )
        .join(ARTICLES, ARTICLES.c.id == SPEAKER_ROLES.c.article_id)
        .where(SPEAKER_ROLES.c.speaker_id.in_(ids), in_outlet(outlet))
        .group_by(SPEAKER_ROLES.c.speaker_id, SPEAKER_ROLES.c.kind, SPEAKER_ROLES.c.value)
    )


def _most_used(row: Any) -> tuple[int, int, str]:
    """A role totals row's place among its speaker's: the most used first, then the longest,
    then in alphabetical order."""
    *_, value, _, _, uses = row
    return -uses, -len(value), value


def _recency(role: Role) -> date:
    return role.last_seen or date.min


def _earliest(a: date | None, b: date | None) -> date | None:
    return min((d for d in (a, b) if d), default=None)


def _latest(a: date | None, b: date | None) -> date | None:
    return max((d for d in (a, b) if d), default=None)


def speaker_statements(
    connection: Connection,
    name: str | int,
    *,
    min_confidence: float | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[SpeakerSummary, list[Statement]] | list[SpeakerSummary]:
    """One speaker and what they said (at least `min_confidence` confident), oldest first and
    undated last, `limit` statements from `offset` on (all with no limit; the summary's
    `statements` is how many there are); when the name fits several speakers and none
    exactly, those speakers, for the user to choose."""
    matches = speakers(connection, name, min_confidence=min_confidence)
    exact = [s for s in matches if str(name).lower() in (s.name.lower(), str(s.id))]
    chosen = exact[:1] if exact else matches
    if len(chosen) != 1:
        return chosen
    page = _said(chosen[0].id, min_confidence).limit(limit).offset(offset).subquery()
    return chosen[0], fetch(
        connection, page, page.c.day.asc().nulls_last(), page.c.article, page.c.id
    )


def newest_statements(
    connection: Connection,
    speaker_id: int,
    *,
    min_confidence: float | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[Statement]:
    """A page of a speaker's statements (at least `min_confidence` confident), newest first
    with an article's in their order, then the undated ones in the order they were stored (a
    speaker page's): the dated ones read backwards from `ix_attributions_speaker_day`, each part
    only as far as the page reaches. A search narrowed to the speaker sorted them all: 130 ms
    for the first page of Donald Trump's 88,798 statements at 1 M on SQLite, 220 ms for the
    fiftieth."""
    reach = offset + limit
    day, article, key = (
        ATTRIBUTIONS.c.published_date,
        ATTRIBUTIONS.c.article_id,
        ATTRIBUTIONS.c.id,
    )
    # the index backwards, but an article's statements in their order (sorted only among
    # themselves: both stores sort the last term alone when the rest comes in order).
    # PostgreSQL reads `(day IS NULL) = false` as `day IS NOT NULL`, which leaves the index's
    # second column open, so the order names it; SQLite matches no expression of an ORDER BY
    # to the index's, and sorted all of them when it was named
    backwards: list[ColumnElement[Any]] = [day.desc(), article.desc(), key]
    if connection.dialect.name == "postgresql":
        backwards.insert(0, day.is_(None).desc())
    parts = []
    for undated in (False, True):
        # an undated statement's article does not order it (their ids are hashes)
        part = _statements_of(speaker_id, min_confidence, literal("") if undated else article)
        part = part.add_columns(literal(undated).label("undated")).where(day.is_(None) == undated)
        parts.append(part.order_by(*([key] if undated else backwards)).limit(reach).subquery())
    both = union_all(*(select(part) for part in parts)).subquery()

    def newest(rows: Subquery) -> tuple[ColumnElement[Any], ...]:
        return (rows.c.undated, rows.c.day.desc(), rows.c.article.desc(), rows.c.id)

    page = select(both).order_by(*newest(both)).limit(limit).offset(offset).subquery()
    return fetch(connection, page, *newest(page))


def _said(speaker: int, min_confidence: float | None) -> Select[Any]:
    """The speaker's statements as narrow rows (`_statements_of`) in the order of
    `ix_attributions_speaker_day`, which holds them so: a page is read from it, not sorted."""
    day = ATTRIBUTIONS.c.published_date
    return _statements_of(speaker, min_confidence).order_by(
        day.is_(None), day, ATTRIBUTIONS.c.article_id, ATTRIBUTIONS.c.id
    )


def _statements_of(
    speaker: int,
    min_confidence: float | None,
    article: ColumnElement[Any] = ATTRIBUTIONS.c.article_id,
) -> Select[Any]:
    """The speaker's statements at least `min_confidence` confident as narrow rows (`id`,
    `article`: their article's id, or what stands for it in an order, and `day`)."""
    said = select(
        ATTRIBUTIONS.c.id, article.label("article"), ATTRIBUTIONS.c.published_date.label("day")
    ).where(ATTRIBUTIONS.c.speaker_id == speaker)
    if min_confidence is not None:
        said = said.where(ATTRIBUTIONS.c.confidence >= min_confidence)
    return said


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value
