"""One quote, many outlets: recognising the same quote across articles.

Outlets copy quotes with small changes: other quote marks, a trimmed end, a middle cut out with an
ellipsis. So quotes are compared as runs of words (shingles), not as strings: punctuation and
case are dropped, an ellipsis breaks the quote into separate pieces, and two quotes are one when
nearly all the shingles of the shorter are in the longer.

A cluster is one quote and its variants, so a new quote is compared with the cluster's first
quote only, whose shingles are all the store keeps of it: a cluster never grows a larger net than
that quote (were it to learn every version's shingles, a cluster whose first quote is short
would absorb anything sharing a run of words with anything it holds, and snowball). Shingles
are hashed to integers, and the store indexes the clusters by them: the clusters a new quote
can join are those its shingles find there.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal_column,
    select,
)

from onrecord.corpus.rows import content_text
from onrecord.corpus.store import (
    ARTICLES,
    ATTRIBUTIONS,
    QUOTE_CLUSTERS,
    SPEAKERS,
)
from onrecord.records import Attribution

#: Words per shingle: long enough that unrelated quotes rarely share one.
SHINGLE_WORDS = 4
#: Quotes with fewer shingles than this (a run of six words) are phrases ("probably", "a
#: disaster", "every single debate … a lot going on"), not quotes worth tracking: one common run
#: of words would be enough to match them.
MIN_SHINGLES = 3
#: Share of the shorter quote's shingles that must be in the longer one.
MIN_CONTAINMENT = 0.8
#: Shingles a cluster must share with a quote to be its cluster (every tracked quote has
#: `MIN_SHINGLES`, so fewer shared can be no match).
MIN_MATCHING_SHINGLES = math.ceil(MIN_CONTAINMENT * MIN_SHINGLES)

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
    found: set[int] = set()
    for words in pieces(text):
        for i in range(max(0, len(words) - SHINGLE_WORDS + 1)):
            found.add(_hash(" ".join(words[i : i + SHINGLE_WORDS])))
    return found if len(found) >= MIN_SHINGLES else set()


def same_quote(shared: int, count_a: int, count_b: int) -> bool:
    """Whether two quotes with these shingle counts, sharing `shared`, are one quote."""
    smaller = min(count_a, count_b)
    return smaller > 0 and shared / smaller >= MIN_CONTAINMENT


def _hash(shingle: str) -> int:
    """A stable signed 64-bit hash (Python's `hash` changes between runs)."""
    digest = hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class ClusterBook(Protocol):
    """Where `match_quotes` finds the clusters a quote repeats and starts new ones: a view of
    the store in memory (`corpus.chunk`)."""

    def shared(self, quotes: Sequence[frozenset[int]]) -> list[dict[int, tuple[int, int]]]:
        """For each quote's shingles, the clusters sharing enough of them to be the same
        quote, with how many each shares and its first quote's shingle count."""
        ...

    def create(self, new: Sequence[tuple[str, frozenset[int]]]) -> list[int]:
        """Start clusters, each with its first quote and that quote's shingles; their ids."""
        ...


#: A quote of an article that can be clustered: its attribution's position, its text and
#: its shingles.
Quote = tuple[int, str, frozenset[int]]


def quotes_of(attributions: Sequence[Attribution]) -> list[Quote]:
    """The article's quotes long enough to cluster, each with its shingles: worked out once
    for looking up the clusters they can join and for matching them (`match_quotes`)."""
    return [
        (i, quote, frozenset(found))
        for i, attribution in enumerate(attributions)
        if (quote := quote_text(attribution.kind, content_text(attribution)))
        and (found := shingles(quote))
    ]


def match_quotes(book: ClusterBook, quotes: Sequence[Quote], count: int) -> list[int | None]:
    """The cluster of each of the `count` attributions of a new article, whose quotes are
    `quotes` (`quotes_of`): that of the stored quote it repeats, or a new one (None for what
    is not a quote). A new cluster keeps its first quote's shingles, and only those: later
    versions are compared with that quote.

    The clusters all the article's quotes share shingles with are looked up at once; the
    quotes of the article are matched with one another here."""
    clusters: list[int | None] = [None] * count
    if not quotes:
        return clusters
    new: list[tuple[str, frozenset[int]]] = []  # clusters it starts: first quote, shingles
    chosen: list[tuple[int, int]] = []  # (attribution, cluster: stored id, or -1 - new index)
    stored = book.shared([found for _, _, found in quotes])
    for (i, quote, found), shared in zip(quotes, stored, strict=True):
        for n, (_, first) in enumerate(new):
            shared[-1 - n] = (len(found & first), len(first))
        best = best_cluster(len(found), shared)
        if best is None:
            new.append((quote, found))
            best = -len(new)
        chosen.append((i, best))
    ids = book.create(new) if new else []
    for i, key in chosen:
        clusters[i] = ids[-1 - key] if key < 0 else key
    return clusters


def best_cluster(size: int, shared: dict[int, tuple[int, int]]) -> int | None:
    """Of the clusters sharing shingles with a quote of `size` shingles (for each: how many it
    shares, and its first quote's shingle count), the one whose first quote best contains the
    quote or is best contained in it; None when none is the same quote."""
    scored = [
        (common / min(size, count), key)
        for key, (common, count) in shared.items()
        if same_quote(common, size, count)
    ]
    return max(scored)[1] if scored else None


def prune(connection: Connection, ids: Collection[int]) -> None:
    """Drop those of these clusters whose every quote has gone (their articles were
    replaced)."""
    connection.execute(
        delete(QUOTE_CLUSTERS).where(
            QUOTE_CLUSTERS.c.id.in_(list(ids)),
            ~exists().where(ATTRIBUTIONS.c.cluster_id == QUOTE_CLUSTERS.c.id),
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
    connection: Connection,
    top: int = 10,
    *,
    min_articles: int = 2,
    offset: int = 0,
    containing: str | None = None,
) -> list[QuoteCluster]:
    """The quotes carried by the most articles (at least `min_articles`), most reported first:
    read in that order from the index of the counts the store keeps. `offset` skips that
    many, `containing` keeps quotes holding those words."""
    listed = (
        _reported(min_articles, containing)
        .order_by(QUOTE_CLUSTERS.c.articles.desc(), QUOTE_CLUSTERS.c.id)
        .limit(top)
        .offset(offset)
    )
    return _clusters(connection, connection.scalars(listed).all())


def count_quotes(
    connection: Connection, *, min_articles: int = 2, containing: str | None = None
) -> int:
    """How many quotes `top_quotes` would list with no limit."""
    listed = _reported(min_articles, containing).subquery()
    return connection.scalar(select(func.count()).select_from(listed)) or 0


def _reported(min_articles: int, containing: str | None) -> Select[tuple[int]]:
    """Quote clusters in at least `min_articles` articles, those whose first wording lacks a
    word of `containing` (in any case) left out."""
    statement = select(QUOTE_CLUSTERS.c.id).where(QUOTE_CLUSTERS.c.articles >= min_articles)
    words = _WORD.findall(containing.lower()) if containing else []
    text = func.lower(QUOTE_CLUSTERS.c.text)
    return statement.where(*(text.contains(word, autoescape=True) for word in words))


def quote_cluster(connection: Connection, cluster_id: int) -> QuoteCluster | None:
    """One quote and every article carrying it; None when no stored statement holds it."""
    if not 0 < cluster_id < 2**31:  # ids are 32-bit integers on PostgreSQL
        return None
    found = _clusters(connection, [cluster_id])
    return found[0] if found else None


def _clusters(connection: Connection, ids: Sequence[int]) -> list[QuoteCluster]:
    """These clusters, in this order, each with its articles earliest first: one query for
    all of them."""
    found: dict[int, dict[str, Appearance]] = {key: {} for key in ids}
    texts: dict[int, str | None] = {}
    read = connection.execute(_appearances(), {"ids": list(ids)}).all()
    for cluster_id, text, article_id, site, domain, location, dated, speaker, content in read:
        texts[cluster_id] = text
        # an article repeating a quote counts once
        found[cluster_id].setdefault(
            article_id,
            Appearance(article_id, outlet(site, domain, location), dated, speaker, content),
        )
    return [
        QuoteCluster(key, texts.get(key) or appearances[0].text, appearances)
        for key in ids
        if (appearances := list(found[key].values()))
    ]


@lru_cache(maxsize=1)
def _appearances() -> Select[Any]:
    """The clusters' statements with their quote's text, earliest first: one statement, where
    the texts read apart took a second round trip (0.66 of a quote page's 1.44 ms of reads
    on PostgreSQL at 1,200 articles)."""
    return (
        select(
            ATTRIBUTIONS.c.cluster_id,
            QUOTE_CLUSTERS.c.text,
            ARTICLES.c.id,
            ARTICLES.c.site,
            ARTICLES.c.domain,
            ARTICLES.c.location,
            ARTICLES.c.published_date,
            func.coalesce(SPEAKERS.c.name, ATTRIBUTIONS.c.source),
            ATTRIBUTIONS.c.content,
        )
        .join(ARTICLES, ARTICLES.c.id == ATTRIBUTIONS.c.article_id)
        .outerjoin(SPEAKERS, SPEAKERS.c.id == ATTRIBUTIONS.c.speaker_id)
        .outerjoin(QUOTE_CLUSTERS, QUOTE_CLUSTERS.c.id == ATTRIBUTIONS.c.cluster_id)
        .where(ATTRIBUTIONS.c.cluster_id.in_(bindparam("ids", expanding=True)))
        .order_by(
            ARTICLES.c.published_date.asc().nulls_last(), ARTICLES.c.ingested_at, ATTRIBUTIONS.c.id
        )
    )


def outlet(site: str | None, domain: str | None, location: str | None) -> str:
    """How an article's outlet is shown: its name and domain where they differ ("CNN
    (cnn.com)"), else the one known, else its URL's host or the name of its file."""
    if site and domain and site.casefold() != domain:
        return f"{site} ({domain})"
    if site or domain:
        return site or domain or ""
    if location and (host := urlsplit(location).hostname):
        return host.removeprefix("www.")
    return Path(location).name if location else "unknown"


def outlet_key(site: str | None, domain: str | None) -> str | None:
    """What an outlet filter (`search.from_outlet`) takes to narrow to the outlet `outlet`
    names: its site name, else its domain; None for one named by its URL's host or file. One
    outlet name has one key."""
    return site or domain or None


def outlet_location(
    site: ColumnElement[Any], domain: ColumnElement[Any], location: ColumnElement[Any]
) -> ColumnElement[Any]:
    """An article's location as far as `outlet` reads it, in SQL: only where it has neither
    site nor domain (NULL otherwise), so that rows grouped by site, domain and this come one
    per outlet, not one per article."""
    # literal, not parameters: PostgreSQL groups by the expression only if its text is the same
    blank: ColumnElement[str] = literal_column("''")
    unnamed = and_(func.coalesce(site, blank) == blank, func.coalesce(domain, blank) == blank)
    return case((unnamed, location))
