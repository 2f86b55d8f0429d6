"""Large corpora for `make bench`, made from real analysed articles and written in bulk.

A corpus of a million statements cannot be analysed for every benchmark run, so it is grown
from a few hundred analysed articles: each round gives every article again with a fifth of its
word types (chosen afresh each round) swapped for other words of the same length from the same
articles. Offsets stay true, quotes mostly become new ones while short ones often survive a round
whole (so the same quote turns up across articles, as it does across outlets), the names of the
speakers most articles quote never change (they keep piling up statements, like a president),
and other names change often enough to grow a long tail of speakers. Each round is dated a week
after the last.

`fill` writes such articles in bulk (`rows.write_rows`: COPY on PostgreSQL), linking speakers by their name key and
quotes to clusters as ingest does (against each cluster's first quote), and counts what the store keeps counted
(`corpus.tallies`) as it goes: minutes for a million statements where one-by-one ingest would
take hours. Rows no corpus command reads at these sizes (blocks, mentions, spans) are left out.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import permutations
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, text, update

from onrecord.corpus import rows
from onrecord.corpus.clusters import best_cluster, outlet, outlet_key, quote_text, shingles
from onrecord.corpus.identity import name_words, parse_name, roles_of
from onrecord.corpus.tallies import outlet_row, role_total
from onrecord.corpus.store import (
    gather_statistics,
    ARTICLES,
    ARTICLE_SPEAKERS,
    ATTRIBUTIONS,
    QUOTE_CLUSTERS,
    QUOTE_SHINGLES,
    SPEAKER_ALIASES,
    SPEAKER_OUTLETS,
    SPEAKER_PAIRS,
    SPEAKER_ROLES,
    SPEAKER_ROLE_TOTALS,
    SPEAKERS,
    SPEAKER_WORDS,
)
from onrecord.records import Article, Span

#: Share of word types swapped in each round.
SWAP_RATE = 0.2
#: Speakers named in at least this many of the base articles keep their names in every round.
FAMOUS = 5
_WORD = re.compile(r"[A-Za-z]+")
_BATCH = 5000


def variants(base: Sequence[Article]) -> Iterator[Article]:
    """The base articles, then round after round of variants of them, without end; no text
    twice."""
    base = list({article.id: article for article in base}.values())
    counts = Counter(
        word
        for article in base
        for word in {w for s in article.speakers for w in _WORD.findall(s.name)}
    )
    kept = {word for word, n in counts.items() if n >= FAMOUS}
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted({w.lower() for article in base for w in _WORD.findall(article.text)}):
        by_length[len(word)].append(word)
    given: set[str] = set()  # a short text can come out of a round unchanged: given once
    round_ = 0
    while True:
        for article in base:
            variant = _variant(article, round_, kept, by_length) if round_ else article
            if variant.id not in given:
                given.add(variant.id)
                yield variant
        round_ += 1


def _variant(
    article: Article, round_: int, kept: set[str], by_length: dict[int, list[str]]
) -> Article:
    def swap(match: re.Match[str]) -> str:
        word = match.group()
        if word in kept or _draw(word.lower(), round_) >= SWAP_RATE:
            return word
        choices = by_length[len(word)]
        other = choices[int(_draw(word.lower(), -round_) * len(choices))]
        return other.capitalize() if word[0].isupper() else other

    def moved(text: str) -> str:
        return _WORD.sub(swap, text)

    text = moved(article.text)

    def span(old: Span | None) -> Span | None:
        return Span.of(text, old.start, old.end) if old else None

    published = rows.publication_date(article.published)
    return replace(
        article,
        text=text,
        id="",
        origin=f"round{round_}/{article.origin}",
        published=(published + timedelta(weeks=round_)).isoformat() if published else None,
        speakers=[
            replace(
                s,
                name=moved(s.name),
                titles=[moved(t) for t in s.titles],
                affiliations=[moved(a) for a in s.affiliations],
                mentions=[Span.of(text, m.start, m.end) for m in s.mentions],
            )
            for s in article.speakers
        ],
        attributions=[
            replace(
                a,
                content=[Span.of(text, c.start, c.end) for c in a.content],
                cue=span(a.cue),
                source=span(a.source),
                context=span(a.context),
            )
            for a in article.attributions
        ],
    )


def _draw(word: str, round_: int) -> float:
    """A number in [0, 1) fixed by the word and the round."""
    digest = hashlib.blake2b(f"{round_}:{word}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass(slots=True)
class _Loader:
    """The corpus speakers and clusters made so far, the rows waiting to be written, and the
    counts being kept."""

    speakers: dict[tuple[str, bool], int] = field(default_factory=dict)
    #: The clusters holding each shingle (of their first quote).
    postings: dict[int, list[int]] = field(default_factory=dict)
    #: The last id given, and the last written, by table.
    ids: Counter[str] = field(default_factory=Counter)
    written: Counter[str] = field(default_factory=Counter)
    pending: dict[Table, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    #: Corpus speaker and cluster rows by id, with their counts so far.
    speaker_rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    cluster_rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    roles: dict[tuple[int, str, str], dict[str, Any]] = field(default_factory=dict)
    outlets: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    pairs: Counter[tuple[int, int]] = field(default_factory=Counter)
    quoted: Counter[tuple[int, int]] = field(default_factory=Counter)
    words: set[tuple[str, int]] = field(default_factory=set)
    aliases: set[tuple[int, str]] = field(default_factory=set)

    def new_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def unwritten(self, table: str, rows: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
        """The rows made since the last call."""
        first, self.written[table] = self.written[table], self.ids[table]
        return [rows[key] for key in range(first + 1, self.ids[table] + 1)]


def fill(engine: Engine, articles: Iterator[Article], attributions: int) -> int:
    """Store articles from `articles` until the store holds at least `attributions`
    statements (the store is new), and gather the planner's statistics as a bulk load does;
    returns how many articles were stored."""
    loader = _Loader()
    stored = held = 0
    with engine.begin() as connection:
        while held < attributions:
            article = next(articles)
            _add(loader, article)
            stored += 1
            held += len(article.attributions)
            if len(loader.pending[ATTRIBUTIONS]) >= _BATCH:
                _flush(connection, loader)
        _flush(connection, loader)
        _write_counts(connection, loader)
        if engine.dialect.name == "postgresql":
            for table in ("speakers", "quote_clusters", "article_speakers", "attributions"):
                # ids were given here: the sequences go on after them
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
                    )
                )
    gather_statistics(engine, again=True)  # as a bulk load leaves the store
    return stored


def _add(loader: _Loader, article: Article) -> None:
    values = rows.article_values(article, location=article.origin or article.id, document_hash=None)
    loader.pending[ARTICLES].append(values)
    day: date | None = values["published_date"]
    corpus_ids = {s.id: _speaker(loader, s.name, s.type) for s in article.speakers}
    speaker_values = rows.speaker_values(article, corpus_ids)
    speaker_rows = {}
    for value in speaker_values:
        value["id"] = speaker_rows[value["local_id"]] = loader.new_id("article_speakers")
    loader.pending[ARTICLE_SPEAKERS].extend(speaker_values)
    clusters = [_cluster(loader, a.kind, rows.content_text(a)) for a in article.attributions]
    quoted: set[int] = set()
    name = outlet(values["site"], values["domain"], values["location"])
    named_by = outlet_key(values["site"], values["domain"])
    for value in rows.attribution_values(article, day, speaker_rows, corpus_ids, clusters):
        value["id"] = loader.new_id("attributions")
        loader.pending[ATTRIBUTIONS].append(value)
        if (key := value["speaker_id"]) is not None:
            loader.speaker_rows[key]["statements"] += 1
            quoted.add(key)
            at = loader.outlets.setdefault((key, name), outlet_row(key, name, named_by))
            at["statements"] += 1
    for cluster in {c for c in clusters if c is not None}:
        loader.cluster_rows[cluster]["articles"] += 1
    mentioned = sorted({key for key in corpus_ids.values() if key is not None})
    for key in mentioned:
        _count(loader.speaker_rows[key], "articles", day)
    loader.pairs.update(permutations(mentioned, 2))
    loader.quoted.update(permutations(sorted(quoted), 2))
    for speaker in article.speakers:
        if (corpus_id := corpus_ids[speaker.id]) is None:
            continue
        for kind, role in roles_of(speaker):
            loader.pending[SPEAKER_ROLES].append(
                {
                    "speaker_id": corpus_id,
                    "article_id": article.id,
                    "kind": kind,
                    "value": role,
                    "seen": day or date.today(),
                }
            )
            total = loader.roles.setdefault(
                (corpus_id, kind, role), role_total(corpus_id, kind, role)
            )
            _count(total, "uses", day)


def _count(row: dict[str, Any], counter: str, day: date | None) -> None:
    """One more use of a row, on `day`: its count and first and last dates."""
    row[counter] = row.get(counter, 0) + 1
    days = [d for d in (row.get("first_seen"), row.get("last_seen"), day) if d]
    row["first_seen"], row["last_seen"] = (min(days), max(days)) if days else (None, None)


def _speaker(loader: _Loader, written: str, kind: str) -> int | None:
    if kind == "unnamed" or not name_words(written):
        return None
    name = parse_name(written, kind)
    key = (name.key, kind == "person")
    if key not in loader.speakers:
        speaker_id = loader.speakers[key] = loader.new_id("speakers")
        loader.speaker_rows[speaker_id] = {
            "id": speaker_id,
            "name": name.display,
            "type": kind,
            "given": name.given,
            "surname": name.surname,
            "statements": 0,
            "articles": 0,
            "first_seen": None,
            "last_seen": None,
        }
        words = name_words(name.display) + name_words(name.key)
        loader.words.update((word, speaker_id) for word in words)
        loader.aliases.add((speaker_id, name.key))
    return loader.speakers[key]


def _cluster(loader: _Loader, kind: str, content: str) -> int | None:
    """The quote's cluster, matched as ingest matches it (`clusters.best_cluster` against
    first quotes), or a new one."""
    quote = quote_text(kind, content)
    found = shingles(quote) if quote else set()
    if not quote or not found:
        return None
    shared = Counter(key for shingle in found for key in loader.postings.get(shingle, ()))
    best = best_cluster(
        len(found),
        {key: (n, loader.cluster_rows[key]["shingle_count"]) for key, n in shared.items()},
    )
    if best is not None:
        return best
    cluster_id = loader.new_id("quote_clusters")
    loader.cluster_rows[cluster_id] = {
        "id": cluster_id,
        "text": quote,
        "shingle_count": len(found),
        "articles": 0,
    }
    for shingle in found:
        loader.postings.setdefault(shingle, []).append(cluster_id)
    loader.pending[QUOTE_SHINGLES].extend({"cluster_id": cluster_id, "shingle": s} for s in found)
    return cluster_id


def _flush(connection: Connection, loader: _Loader) -> None:
    """Write what is pending, parents first (corpus speakers and clusters with their counts
    so far: `_write_counts` gives them their final ones)."""
    rows.write_rows(connection, SPEAKERS, loader.unwritten("speakers", loader.speaker_rows))
    rows.write_rows(
        connection, QUOTE_CLUSTERS, loader.unwritten("quote_clusters", loader.cluster_rows)
    )
    for table in (ARTICLES, ARTICLE_SPEAKERS):
        rows.write_rows(connection, table, loader.pending[table])
    rows.write_statements(connection, loader.pending[ATTRIBUTIONS])
    for table in (SPEAKER_ROLES, QUOTE_SHINGLES):
        rows.write_rows(connection, table, loader.pending[table])
    loader.pending.clear()


def _write_counts(connection: Connection, loader: _Loader) -> None:
    for counted, values in (
        (SPEAKERS, list(loader.speaker_rows.values())),
        (QUOTE_CLUSTERS, list(loader.cluster_rows.values())),
    ):
        columns = [
            c for c in ("statements", "articles", "first_seen", "last_seen") if c in values[0]
        ]
        connection.execute(
            update(counted)
            .where(counted.c.id == bindparam("key"))
            .values({c: bindparam(c) for c in columns}),
            [{"key": v["id"], **{c: v[c] for c in columns}} for v in values],
        )
    rows.write_rows(connection, SPEAKER_ROLE_TOTALS, list(loader.roles.values()))
    rows.write_rows(connection, SPEAKER_OUTLETS, list(loader.outlets.values()))
    rows.write_rows(
        connection,
        SPEAKER_PAIRS,
        [
            {"speaker_id": a, "other_id": b, "articles": n, "quoted": loader.quoted[a, b]}
            for (a, b), n in loader.pairs.items()
        ],
    )
    rows.write_rows(
        connection, SPEAKER_WORDS, [{"word": w, "speaker_id": s} for w, s in sorted(loader.words)]
    )
    rows.write_rows(
        connection,
        SPEAKER_ALIASES,
        [{"speaker_id": s, "alias": a} for s, a in sorted(loader.aliases)],
    )
