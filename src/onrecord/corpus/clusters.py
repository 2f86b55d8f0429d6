"""One quote, many outlets: recognising the same quote across articles.

Outlets copy quotes with small changes: other quote marks, a trimmed end, a middle cut out with an
ellipsis. So quotes are compared as runs of words (shingles), not as strings: punctuation and
case are dropped, an ellipsis breaks the quote into separate pieces, and two quotes are one when
nearly all the shingles of the shorter are in the longer. Shingles are hashed to integers so the
store can index them and find candidates for a new quote in one query.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Select, delete, exists, func, insert, select
from sqlalchemy.orm import Session

from onrecord.corpus.rows import content_text
from onrecord.corpus.store import (
    ArticleRow,
    AttributionRow,
    QuoteClusterRow,
    QuoteShingleRow,
    SpeakerRow,
)
from onrecord.records import Attribution

#: Words per shingle: long enough that unrelated quotes rarely share one.
SHINGLE_WORDS = 4
#: Quotes shorter than this are phrases ("probably", "a disaster"), not quotes worth tracking.
MIN_WORDS = 6
#: Share of the shorter quote's shingles that must be in the longer one.
MIN_CONTAINMENT = 0.8

_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.|\[\s*\.\.\.\s*\]")
_WORD = re.compile(r"\w+(?:'\w+)*")
#: Quoted stretches inside a mixed attribution's content ("he would “probably” meet").
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»")


def quote_text(kind: str, content: str) -> str | None:
    """The quoted words of an attribution: all of a direct one, the quoted parts of a mixed
    one, nothing of indirect speech (a paraphrase is the reporter's words)."""
    if kind == "direct":
        return content
    if kind == "mixed":
        parts = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(content)]
        return " … ".join(parts) or None
    return None


def pieces(text: str) -> list[list[str]]:
    """The quote as lists of lower-case words, one list per stretch between ellipses."""
    text = text.replace("’", "'").replace("‘", "'")
    return [words for part in _ELLIPSIS.split(text) if (words := _WORD.findall(part.lower()))]


def shingles(text: str) -> set[int]:
    """Hashed word shingles of a quote; empty for a quote too short to cluster."""
    parts = pieces(text)
    if sum(len(words) for words in parts) < MIN_WORDS:
        return set()
    found: set[int] = set()
    for words in parts:
        for i in range(max(0, len(words) - SHINGLE_WORDS + 1)):
            found.add(_hash(" ".join(words[i : i + SHINGLE_WORDS])))
    return found


def same_quote(shared: int, count_a: int, count_b: int) -> bool:
    """Whether two quotes with these shingle counts, sharing `shared`, are one quote."""
    smaller = min(count_a, count_b)
    return smaller > 0 and shared / smaller >= MIN_CONTAINMENT


def _hash(shingle: str) -> int:
    """A stable signed 64-bit hash (Python's `hash` changes between runs)."""
    digest = hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def assign_clusters(session: Session, attributions: Sequence[Attribution]) -> list[int | None]:
    """The cluster of each attribution of a new article: that of the stored quote it repeats,
    or a new one (None for what is not a quote). Clusters learn the shingles of every version
    they hold, so later copies match any version seen so far.

    A handful of statements per article, whatever its number of quotes: the clusters sharing
    any shingle with the article are loaded at once and matched here."""
    quotes = [
        (i, quote, found)
        for i, attribution in enumerate(attributions)
        if (quote := quote_text(attribution.kind, content_text(attribution)))
        and (found := shingles(quote))
    ]
    clusters: list[int | None] = [None] * len(attributions)
    if not quotes:
        return clusters
    postings, sizes = _clusters_sharing(session, set().union(*(f for _, _, f in quotes)))
    index: dict[int, set[int]] = {}  # shingle: the clusters holding it
    for key, found in postings.items():
        for shingle in found:
            index.setdefault(shingle, set()).add(key)
    new: dict[int, str] = {}  # local keys (negative) of clusters this article starts
    keys = []
    for _, quote, found in quotes:
        candidates = {k for shingle in found for k in index.get(shingle, ())}
        best = best_cluster(found, {k: postings[k] for k in candidates}, sizes)
        key = -1 - len(new) if best is None else best
        if best is None:
            new[key], sizes[key], postings[key] = quote, len(found), set()
        postings[key] |= found
        for shingle in found:
            index.setdefault(shingle, set()).add(key)
        keys.append(key)
    ids = _insert_clusters(session, new, sizes)
    stored = set(postings) - set(new)
    known = _stored_shingles(session, stored)
    learned = [
        {"cluster_id": ids.get(key, key), "shingle": shingle}
        for key, found in postings.items()
        for shingle in found - known.get(key, set())
    ]
    if learned:
        session.execute(insert(QuoteShingleRow), learned)
    for (i, _, _), key in zip(quotes, keys, strict=True):
        clusters[i] = ids.get(key, key)
    return clusters


def best_cluster(
    found: set[int], postings: dict[int, set[int]], sizes: dict[int, int]
) -> int | None:
    """The cluster that best contains this quote, or whose first quote this one contains."""
    scored = [
        (len(found & shingles_of) / min(len(found), sizes[key]), key)
        for key, shingles_of in postings.items()
        if same_quote(len(found & shingles_of), len(found), sizes[key])
    ]
    return max(scored)[1] if scored else None


def _clusters_sharing(
    session: Session, found: set[int]
) -> tuple[dict[int, set[int]], dict[int, int]]:
    """The stored clusters sharing a shingle with `found`: which of those shingles each has,
    and the size of each cluster's first quote."""
    postings: dict[int, set[int]] = {}
    for cluster_id, shingle in session.execute(
        select(QuoteShingleRow.cluster_id, QuoteShingleRow.shingle).where(
            QuoteShingleRow.shingle.in_(found)
        )
    ):
        postings.setdefault(cluster_id, set()).add(shingle)
    sizes = {
        cluster_id: size
        for cluster_id, size in session.execute(
            select(QuoteClusterRow.id, QuoteClusterRow.shingle_count).where(
                QuoteClusterRow.id.in_(postings)
            )
        )
    }
    return postings, sizes


def _stored_shingles(session: Session, clusters: set[int]) -> dict[int, set[int]]:
    known: dict[int, set[int]] = {}
    for cluster_id, shingle in session.execute(
        select(QuoteShingleRow.cluster_id, QuoteShingleRow.shingle).where(
            QuoteShingleRow.cluster_id.in_(clusters)
        )
    ):
        known.setdefault(cluster_id, set()).add(shingle)
    return known


def _insert_clusters(
    session: Session, new: dict[int, str], sizes: dict[int, int]
) -> dict[int, int]:
    """Store the new clusters; their ids by local key."""
    if not new:
        return {}
    ids = session.scalars(
        insert(QuoteClusterRow).returning(QuoteClusterRow.id, sort_by_parameter_order=True),
        [{"text": text, "shingle_count": sizes[key]} for key, text in new.items()],
    ).all()
    return dict(zip(new, ids, strict=True))


def prune(session: Session) -> None:
    """Drop clusters whose every quote has gone (their articles were replaced)."""
    session.execute(
        delete(QuoteClusterRow).where(
            ~exists().where(AttributionRow.cluster_id == QuoteClusterRow.id)
        )
    )


@dataclass(frozen=True, slots=True)
class Appearance:
    """One article a quote appears in."""

    article_id: str
    outlet: str
    #: The article's publication date; None when it gives none.
    date: date | None
    speaker: str | None
    text: str


@dataclass(frozen=True, slots=True)
class QuoteCluster:
    """A quote and the articles that carry it, earliest (the origin) first."""

    id: int
    text: str
    appearances: list[Appearance]

    @property
    def origin(self) -> Appearance:
        return self.appearances[0]

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(a.outlet for a in self.appearances))

    @property
    def variants(self) -> list[tuple[str, int]]:
        """The wordings the quote was reported in, each with its number of articles, the most
        common first (the origin's first among equals)."""
        counts: dict[str, int] = {}
        for appearance in self.appearances:
            counts[appearance.text] = counts.get(appearance.text, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "articles": len(self.appearances),
            "outlets": self.outlets,
            "variants": [{"text": text, "articles": n} for text, n in self.variants],
            "appearances": [
                {**asdict(a), "date": a.date.isoformat() if a.date else None}
                for a in self.appearances
            ],
        }


def top_quotes(
    session: Session,
    top: int = 10,
    *,
    min_articles: int = 2,
    offset: int = 0,
    containing: str | None = None,
) -> list[QuoteCluster]:
    """The quotes carried by the most articles (at least `min_articles`), most reported first;
    `offset` skips that many, `containing` keeps quotes holding those words."""
    articles = func.count(func.distinct(AttributionRow.article_id))
    ranked = session.execute(
        _reported(min_articles, containing)
        .order_by(articles.desc(), AttributionRow.cluster_id)
        .limit(top)
        .offset(offset)
    ).all()
    return [_cluster(session, cluster_id) for cluster_id, _ in ranked]


def count_quotes(session: Session, *, min_articles: int = 2, containing: str | None = None) -> int:
    """How many quotes `top_quotes` would list with no limit."""
    ranked = _reported(min_articles, containing).subquery()
    return session.scalar(select(func.count()).select_from(ranked)) or 0


def _reported(min_articles: int, containing: str | None) -> Select[tuple[int | None, int]]:
    """Quote clusters with their number of articles, those in fewer than `min_articles` (or
    whose first wording lacks a word of `containing`, in any case) left out."""
    articles = func.count(func.distinct(AttributionRow.article_id))
    statement = (
        select(AttributionRow.cluster_id, articles)
        .where(AttributionRow.cluster_id.is_not(None))
        .group_by(AttributionRow.cluster_id)
        .having(articles >= min_articles)
    )
    words = _WORD.findall(containing.lower()) if containing else []
    if words:
        text = func.lower(QuoteClusterRow.text)
        wanted = select(QuoteClusterRow.id).where(
            *(text.contains(word, autoescape=True) for word in words)
        )
        statement = statement.where(AttributionRow.cluster_id.in_(wanted))
    return statement


def quote_cluster(session: Session, cluster_id: int) -> QuoteCluster | None:
    """One quote and every article carrying it; None when no stored statement holds it."""
    if not 0 < cluster_id < 2**31:  # ids are 32-bit integers on PostgreSQL
        return None
    held = select(AttributionRow.id).where(AttributionRow.cluster_id == cluster_id).limit(1)
    return _cluster(session, cluster_id) if session.scalar(held) is not None else None


def _cluster(session: Session, cluster_id: int) -> QuoteCluster:
    rows = session.execute(
        select(
            ArticleRow.id,
            ArticleRow.site,
            ArticleRow.url,
            ArticleRow.origin,
            ArticleRow.published_date,
            func.coalesce(SpeakerRow.name, AttributionRow.source),
            AttributionRow.content,
        )
        .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
        .outerjoin(SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id)
        .where(AttributionRow.cluster_id == cluster_id)
        .order_by(
            ArticleRow.published_date.asc().nulls_last(), ArticleRow.ingested_at, AttributionRow.id
        )
    ).all()
    first: dict[str, Appearance] = {}  # an article repeating a quote counts once
    for article_id, site, url, origin, dated, speaker, content in rows:
        first.setdefault(
            article_id, Appearance(article_id, outlet(site, url, origin), dated, speaker, content)
        )
    appearances = list(first.values())
    text = session.scalar(select(QuoteClusterRow.text).where(QuoteClusterRow.id == cluster_id))
    return QuoteCluster(cluster_id, text or appearances[0].text, appearances)


def outlet(site: str | None, url: str | None, origin: str | None) -> str:
    """A name for where an article appeared: its site, else its URL's host, else its file."""
    if site:
        return site
    if url and (host := urlsplit(url).hostname):
        return host.removeprefix("www.")
    return Path(origin).name if origin else "unknown"
