"""What a page and its JSON twin show, gathered once from the Python API: the search with its
facets, one article with its links into the corpus, a speaker with their statements, a quote.
The pages (`pages.py`) render these; the API (`api.py`) sends them as JSON."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from onrecord.corpus import Corpus, Facets, QueryError, SpeakerProfile, Statement
from onrecord.corpus.browse import ArticleLinks
from onrecord.corpus.search import Filters
from onrecord.records import Article
from onrecord.web.highlight import Layout, layout
from onrecord.web.limits import Refused

#: Results per page unless asked otherwise, and the most one page may hold.
PER_PAGE = 20
MAX_PER_PAGE = 100
KINDS = ("direct", "mixed", "indirect")


@dataclass(frozen=True, slots=True)
class Paging:
    offset: int = 0
    limit: int = PER_PAGE

    def page(self, total: int) -> dict[str, Any]:
        """Where this page stands among `total` results, for a client to go on."""
        following = self.offset + self.limit
        return {
            "total": total,
            "offset": self.offset,
            "limit": self.limit,
            "next_offset": following if following < total else None,
        }


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search as a URL gives it: the words and every filter the CLI has."""

    q: str = ""
    speaker: str | None = None
    affiliation: str | None = None
    kind: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    min_confidence: float | None = None

    @classmethod
    def of(cls, params: dict[str, str]) -> SearchQuery:
        """The search in query parameters; empty fields (as a form sends them) are unset."""
        given = {k: v.strip() for k, v in params.items() if v.strip()}
        kind = given.get("kind")
        if kind is not None and kind not in KINDS:
            raise Refused(400, f"kind must be one of {', '.join(KINDS)}, not {kind[:40]!r}")
        return cls(
            q=given.get("q", ""),
            speaker=given.get("speaker"),
            affiliation=given.get("affiliation"),
            kind=kind,
            outlet=given.get("outlet"),
            since=_day("since", given.get("since")),
            until=_day("until", given.get("until")),
            min_confidence=_confidence(given.get("min_confidence")),
        )

    def filters(self) -> Filters:
        return {
            "speaker": self.speaker,
            "affiliation": self.affiliation,
            "kind": self.kind,
            "site": self.outlet,
            "since": self.since,
            "until": self.until,
            "min_confidence": self.min_confidence,
        }

    def params(self) -> dict[str, str]:
        """The search as query parameters, unset ones left out (for links and downloads)."""
        values = {
            "q": self.q,
            "speaker": self.speaker,
            "affiliation": self.affiliation,
            "kind": self.kind,
            "outlet": self.outlet,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "min_confidence": None if self.min_confidence is None else f"{self.min_confidence:g}",
        }
        return {k: v for k, v in values.items() if v}


def _day(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise Refused(400, f"{name} must be a date as YYYY-MM-DD, not {value[:40]!r}") from error


def _confidence(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 1:
        raise Refused(400, f"min_confidence must be a number from 0 to 1, not {value[:40]!r}")
    return number


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: SearchQuery
    paging: Paging
    total: int
    statements: list[Statement]
    facets: Facets

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.paging.page(self.total),
            "items": [statement_record(s) for s in self.statements],
            "facets": self.facets.to_dict(),
        }


def statement_record(statement: Statement) -> dict[str, Any]:
    """A statement as the API gives it: with its outlet."""
    return {**statement.to_dict(), "outlet": statement.outlet}


def search(corpus: Corpus, query: SearchQuery, paging: Paging) -> SearchResult:
    """One page of a search, its total and its facets; a query that cannot be searched is
    refused with the reason."""
    filters = query.filters()
    try:
        found = corpus.search(query.q, limit=paging.limit, offset=paging.offset, **filters)
        facets = corpus.facets(query.q, **filters)
    except QueryError as error:
        raise Refused(400, str(error)) from error
    # every statement found is of one kind, and the kinds are all counted: no count query
    total = sum(kind.count for kind in facets.kinds)
    return SearchResult(query, paging, total, found, facets)


def everything(corpus: Corpus, query: SearchQuery) -> list[Statement]:
    """Every statement a search finds, for a download."""
    try:
        return corpus.search(query.q, limit=None, **query.filters())
    except QueryError as error:
        raise Refused(400, str(error)) from error


@dataclass(frozen=True, slots=True)
class ArticleView:
    article: Article
    links: ArticleLinks | None
    #: The article cut into highlighted pieces: made once for an article kept in memory (a
    #: sixth of its page's time).
    layout: Layout

    def to_dict(self) -> dict[str, Any]:
        record = self.article.to_dict()
        if self.links is not None:
            record["published_date"] = (
                self.links.published.isoformat() if self.links.published else None
            )
            record["corpus"] = {
                "statements": self.links.statements,
                "clusters": self.links.clusters,
                "speakers": self.links.speakers,
            }
        return record


class Articles:
    """Stored articles by id, the most recently read kept in memory, each with its page as last
    rendered. An article's id is the hash of its text, so the record under an id never changes;
    whether it is still stored, and its links into the corpus, are asked of the store every
    time (a newer version may have replaced it)."""

    def __init__(self, corpus: Corpus, size: int = 256) -> None:
        self.corpus = corpus
        self.size = size
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def view(self, article_id: str) -> ArticleView:
        return self._view(article_id)[0]

    def page(self, article_id: str, render: Callable[[ArticleView], str]) -> str:
        """The article's page: rendered again only when its links differ from those it was
        last rendered with (a stored article's page is made of its record and links alone,
        and highlighting its text was three quarters of the page's time)."""
        view, kept = self._view(article_id)
        if kept.page is None or kept.page[0] != view.links:
            kept.page = (view.links, render(view))
        return kept.page[1]

    def _view(self, article_id: str) -> tuple[ArticleView, _Kept]:
        links = self.corpus.article_links(article_id)
        kept = self._record(article_id) if links is not None else None
        if links is None or kept is None:
            raise Refused(404, f"no article has the id {article_id[:40]!r}")
        return ArticleView(kept.article, links, kept.layout), kept

    def _record(self, article_id: str) -> _Kept | None:
        with self._lock:
            if article_id in self._kept:
                self._kept.move_to_end(article_id)
                return self._kept[article_id]
        article = self.corpus.article(article_id)
        if article is None:
            return None
        kept = _Kept(article, layout(article))
        with self._lock:
            self._kept[article_id] = kept
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return kept


@dataclass(slots=True)
class _Kept:
    article: Article
    layout: Layout
    #: The page as last rendered, with the links it was rendered with.
    page: tuple[ArticleLinks | None, str] | None = None


@dataclass(frozen=True, slots=True)
class SpeakerView:
    profile: SpeakerProfile
    paging: Paging
    statements: list[Statement]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.profile.to_dict(),
            "statements": {
                **self.paging.page(self.profile.summary.statements),
                "items": [statement_record(s) for s in self.statements],
            },
        }


def speaker(
    corpus: Corpus, speaker_id: int, paging: Paging, min_confidence: float | None = None
) -> SpeakerView:
    """A speaker's profile and one page of their statements, newest first."""
    profile = corpus.speaker_profile(speaker_id, min_confidence=min_confidence)
    if profile is None:
        raise Refused(404, f"no speaker has the id {speaker_id}")
    found = corpus.newest_statements(
        speaker_id, min_confidence=min_confidence, limit=paging.limit, offset=paging.offset
    )
    return SpeakerView(profile, paging, found)
