"""Storing analysed articles: a chunk of them (one, for `ingest`; a thousand, for a bulk load)
linked and clustered in memory, then written at once.

A chunk's speakers are linked and its quotes clustered article after article, in input order,
by the decisions of `identity.link` and `clusters.match_quotes`, asked of a view of the store
that answers as the store would after each article: the corpus speakers and clusters the
chunk's names and quotes can meet are read first, in a few queries. Then all the chunk's rows
are written at once (`rows.write_rows`: COPY on PostgreSQL, batched INSERTs on SQLite), with the
counts the store keeps. So storing an article costs a few statements whatever its size, and
storing a chunk gives the speakers and clusters that storing its articles one by one gives.

The caller holds the store's write lock (`store.lock_for_writing`): rows are numbered here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import permutations
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Connection,
    Integer,
    Select,
    Table,
    and_,
    bindparam,
    func,
    select,
    update,
)

from onrecord.corpus import clusters, identity, rows, tallies
from onrecord.corpus.identity import Candidate, Name, Profile, StoredSpeaker
from onrecord.corpus.store import (
    ARTICLES,
    ARTICLE_SPEAKERS,
    ATTRIBUTIONS,
    BLOCKS,
    MENTIONS,
    QUOTE_CLUSTERS,
    QUOTE_SHINGLES,
    SPANS,
    SPEAKER_ALIASES,
    SPEAKER_OUTLETS,
    SPEAKER_PAIRS,
    SPEAKER_ROLES,
    SPEAKER_ROLE_TOTALS,
    SPEAKERS,
    SPEAKER_WORDS,
)
from onrecord.records import Article

#: Profiles whose stored speakers are looked up in one query (SQLite reads a long OR as a
#: deep expression, and refuses one over 1,000 deep).
_PROFILES_PER_QUERY = 500
#: Quotes whose clusters are looked up in one query.
_QUOTES_PER_QUERY = 400

T = TypeVar("T")
A = TypeVar("A")


def store(connection: Connection, articles: Sequence[tuple[Article, str, str | None]]) -> None:
    """Store these articles, each given with its location and the hash of the document it
    was read from (None when not read here); none of them is stored yet, no two share a
    location, and the connection's transaction holds the write lock."""
    if not articles:
        return
    stored = [article for article, _, _ in articles]
    quotes = [clusters.quotes_of(article.attributions) for article in stored]
    speaker_ids, cluster_ids, article_speaker_ids, attribution_ids = rows.Ids.start(
        connection, SPEAKERS, QUOTE_CLUSTERS, ARTICLE_SPEAKERS, ATTRIBUTIONS
    )
    chunk = _Chunk(
        _Speakers.read(connection, stored, speaker_ids),
        _Quotes.read(connection, quotes, cluster_ids),
        article_speaker_ids,
        attribution_ids,
    )
    for (article, where, document_hash), its_quotes in zip(articles, quotes, strict=True):
        chunk.add(article, where, document_hash, its_quotes)
    chunk.write(connection)


@dataclass(slots=True)
class _Chunk:
    """The rows of a chunk of new articles, built in memory in input order and written at
    once."""

    speakers: _Speakers
    quotes: _Quotes
    article_speaker_ids: rows.Ids
    attribution_ids: rows.Ids
    pending: dict[Table, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(
        self,
        article: Article,
        where: str,
        document_hash: str | None,
        quotes: Sequence[clusters.Quote],
    ) -> None:
        """One article's rows, its speakers linked and its quotes (`clusters.quotes_of`)
        clustered against the store as the articles before it left it."""
        values = rows.article_values(article, location=where, document_hash=document_hash)
        published: date | None = values["published_date"]
        self.pending[ARTICLES].append(values)
        self.pending[BLOCKS].extend(rows.block_values(article))
        corpus_ids = identity.link(self.speakers, article.id, article.speakers, published)
        speakers = rows.speaker_values(article, corpus_ids)
        for value in speakers:
            value["id"] = self.article_speaker_ids.take()
        self.pending[ARTICLE_SPEAKERS].extend(speakers)
        speaker_rows = [value["id"] for value in speakers]
        self.pending[MENTIONS].extend(rows.mention_values(article, speaker_rows))
        quote_clusters = clusters.match_quotes(self.quotes, quotes, len(article.attributions))
        by_local = {value["local_id"]: value["id"] for value in speakers}
        statements = rows.attribution_values(
            article, published, by_local, corpus_ids, quote_clusters
        )
        for value in statements:
            value["id"] = self.attribution_ids.take()
        self.pending[ATTRIBUTIONS].extend(statements)
        self.pending[SPANS].extend(rows.span_values(article, [v["id"] for v in statements]))
        share = share_of(article, values, corpus_ids, quote_clusters)
        self.speakers.count(article, corpus_ids, share)
        self.quotes.count(share.clusters)

    def write(self, connection: Connection) -> None:
        """Every row, those referred to first, and the counts the store keeps."""
        self.speakers.write_speakers(connection)
        self.quotes.write(connection)
        for table in (ARTICLES, BLOCKS, ARTICLE_SPEAKERS, MENTIONS):
            rows.write_rows(connection, table, self.pending[table])
        rows.write_statements(connection, self.pending[ATTRIBUTIONS])
        rows.write_rows(connection, SPANS, self.pending[SPANS])
        self.speakers.write_context(connection)
        rows.Ids.close(
            connection,
            [self.speakers.ids, self.quotes.ids, self.article_speaker_ids, self.attribution_ids],
        )


@dataclass(slots=True)
class _Speakers:
    """The corpus speakers a chunk can meet, in memory: those stored that its names allow,
    and those it adds; `identity.link` asks them what it would ask the store
    (`identity.SpeakerBook`), and they change as the store would with each article."""

    known: dict[int, StoredSpeaker]
    ids: rows.Ids
    connection: Connection
    #: The stored speakers among `known`: the rows of those the chunk mentions (`mentioned`)
    #: are updated, the others' written.
    stored: set[int] = field(default_factory=set)
    mentioned: set[int] = field(default_factory=set)
    by_surname: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_prefix: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_alias: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    #: The types the chunk's article speakers give each corpus speaker.
    types: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    stored_type_counts: dict[int, Counter[str]] = field(default_factory=dict)
    #: The speakers each stored one was seen with before the chunk, among those asked about.
    stored_pairs: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    asked: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    pairs: Counter[tuple[int, int]] = field(default_factory=Counter)
    #: Of those pairs' articles, the ones quoting both.
    quoted: Counter[tuple[int, int]] = field(default_factory=Counter)
    role_totals: dict[tuple[int, str, str], dict[str, Any]] = field(default_factory=dict)
    outlets: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    aliases: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    words: set[tuple[int, str]] = field(default_factory=set)

    @classmethod
    def read(cls, connection: Connection, articles: Sequence[Article], ids: rows.Ids) -> _Speakers:
        """The stored speakers the articles' names allow (those of a few articles at a time,
        so that every article's candidates are among them), indexed as the store is. Each
        holds the roles of its that the names it was looked up for have: one looked up for
        several batches, those of all of them."""
        known: dict[int, StoredSpeaker] = {}
        for batch in _batches(articles, _profiles, _PROFILES_PER_QUERY):
            for key, speaker in identity.stored_speakers(connection, batch).items():
                if (seen := known.setdefault(key, speaker)) is not speaker:
                    seen.titles |= speaker.titles
                    seen.affiliations |= speaker.affiliations
        speakers = cls({}, ids, connection, stored=set(known))
        for speaker in known.values():
            speakers.index(speaker)
        return speakers

    def index(self, speaker: StoredSpeaker) -> None:
        self.known[speaker.id] = speaker
        if speaker.surname:
            self.by_surname[speaker.surname].add(speaker.id)
            self.by_prefix[speaker.surname[: identity.VARIANT_PREFIX]].add(speaker.id)
        for alias in speaker.aliases:
            self.by_alias[alias].add(speaker.id)

    def unindex_surname(self, speaker: StoredSpeaker) -> None:
        if speaker.surname:
            self.by_surname[speaker.surname].discard(speaker.id)
            self.by_prefix[speaker.surname[: identity.VARIANT_PREFIX]].discard(speaker.id)

    def candidates(self, profiles: Sequence[Profile]) -> dict[int, Candidate]:
        """As `identity.stored_speakers` finds them: by a name seen under, or a person by
        surname or (for a long one) its first letters."""
        people = identity.People(profiles)
        aliased = {key for p in profiles for key in self.by_alias.get(p.name.key, ())}
        surnames = {p.name.surname for p in people.all if p.name.surname}
        named = {key for s in surnames for key in self.by_surname.get(s, ())}
        named.update(
            key
            for s in surnames
            if len(s) >= identity.VARIANT_MIN_LENGTH
            for key in self.by_prefix.get(s[: identity.VARIANT_PREFIX], ())
        )
        found = {}
        for key in aliased | {k for k in named if self.known[k].type == identity.PERSON}:
            if identity.allowed(self.known[key], people, by_alias=key in aliased):
                found[key] = self.known[key].candidate()
        return found

    def add_comentions(self, pool: Sequence[Candidate], linked: set[int]) -> None:
        # the store as it was before the chunk (its rows are not written yet), asked only
        # about the pairs not asked before: a famous speaker was seen with tens of thousands
        stored = {key for key in linked if key in self.stored}
        asking = {c.id: stored - self.asked[c.id] for c in pool if c.id in self.stored}
        asking = {key: others for key, others in asking.items() if others}
        if asking:
            others = set().union(*asking.values())
            pairs = [{"one": key, "other": other} for key in sorted(asking) for other in others]
            statement = _stored_pairs(self.connection.dialect.name)
            for key, other in self.connection.execute(statement, {"pairs": pairs}):
                self.stored_pairs[key].add(other)
            for key in asking:
                self.asked[key] |= others
        for candidate in pool:
            seen_with = self.stored_pairs.get(candidate.id, set())
            candidate.comentions.update(
                k for k in linked if k in seen_with or self.pairs[candidate.id, k]
            )

    def new_speaker(self, profile: Profile) -> Candidate:
        name = profile.name
        speaker = StoredSpeaker(
            self.ids.take(), name.display, profile.type, name.given, name.surname
        )
        self.index(speaker)
        return Candidate(speaker.id, name, profile.type)

    def rename(self, speaker_id: int, name: Name) -> None:
        speaker = self.known[speaker_id]
        speaker.name, speaker.given = name.display, name.given

    def stored_types(self, speaker_id: int) -> Counter[str]:
        counts: Counter[str] = Counter()
        if speaker_id in self.stored:
            if speaker_id not in self.stored_type_counts:
                before = identity.stored_types(self.connection, speaker_id)
                self.stored_type_counts[speaker_id] = before
            counts.update(self.stored_type_counts[speaker_id])
        counts.update(self.types.get(speaker_id, {}))
        return Counter({kind: counts[kind] for kind in sorted(counts)})

    def retype(self, speaker_id: int, type: str, name: Name) -> None:
        speaker = self.known[speaker_id]
        self.unindex_surname(speaker)
        speaker.type, speaker.given, speaker.surname = type, name.given, name.surname
        self.index(speaker)

    def record(
        self,
        aliases: list[dict[str, Any]],
        roles: list[dict[str, Any]],
        words: set[tuple[int, str]],
    ) -> None:
        for alias in aliases:
            self.known[alias["speaker_id"]].aliases.add(alias["alias"])
            self.by_alias[alias["alias"]].add(alias["speaker_id"])
        self.aliases.extend(aliases)
        self.roles.extend(roles)
        self.words.update(words)

    def count(
        self, article: Article, corpus_ids: dict[str, int | None], share: tallies.ArticleShare
    ) -> None:
        """What a stored article adds to the speakers' counts (`tallies`), and the types its
        article speakers give them."""
        for named in article.speakers:
            if (key := corpus_ids[named.id]) is not None:
                self.types[key][named.type] += 1
        day = share.published
        self.mentioned.update(share.mentioned)
        for key in share.mentioned:
            speaker = self.known[key]
            speaker.statements += share.statements[key]
            speaker.articles += 1
            speaker.first_seen, speaker.last_seen = _widened(
                speaker.first_seen, speaker.last_seen, day
            )
        self.pairs.update(permutations(sorted(share.mentioned), 2))
        self.quoted.update(permutations(sorted(share.statements), 2))
        for key, said in share.statements.items():
            at = self.outlets.setdefault(
                (key, share.outlet), tallies.outlet_row(key, share.outlet, share.outlet_key)
            )
            at["statements"] += said
        for key, kind, value in share.roles:
            speaker = self.known[key]
            (speaker.titles if kind == "title" else speaker.affiliations).add(
                identity.normalise_role(value)
            )
            total = self.role_totals.setdefault(
                (key, kind, value), tallies.role_total(key, kind, value)
            )
            total["uses"] += 1
            total["first_seen"], total["last_seen"] = _widened(
                total.get("first_seen"), total.get("last_seen"), day
            )

    def write_speakers(self, connection: Connection) -> None:
        """The new speakers' rows; the stored ones' names, types and counts."""
        columns = [c.name for c in SPEAKERS.columns]
        new = [s for key, s in self.known.items() if key not in self.stored]
        rows.write_rows(connection, SPEAKERS, [{c: getattr(s, c) for c in columns} for s in new])
        if changed := sorted(self.stored & self.mentioned):
            connection.execute(
                update(SPEAKERS)
                .where(SPEAKERS.c.id == bindparam("key"))
                .values({c: bindparam(f"new_{c}") for c in columns if c != "id"}),
                [
                    {"key": key, **{f"new_{c}": getattr(self.known[key], c) for c in columns}}
                    for key in changed
                ],
            )

    def write_context(self, connection: Connection) -> None:
        """Aliases, roles, name words, role totals and pairs: rows of new speakers written,
        those of stored ones added to what is there."""
        rows.write_rows(connection, SPEAKER_ROLES, self.roles)
        rows.write_rows(connection, SPEAKER_ALIASES, self.aliases)
        words = sorted(self.words)
        rows.write_rows(
            connection,
            SPEAKER_WORDS,
            [{"word": w, "speaker_id": s} for s, w in words if s not in self.stored],
        )
        tallies.add_words(connection, [(s, w) for s, w in words if s in self.stored])
        totals = list(self.role_totals.values())
        self._write_counts(connection, SPEAKER_ROLE_TOTALS, totals, lambda t: [t["speaker_id"]])
        outlets = list(self.outlets.values())
        self._write_counts(connection, SPEAKER_OUTLETS, outlets, lambda o: [o["speaker_id"]])
        pairs = [
            {"speaker_id": a, "other_id": b, "articles": n, "quoted": self.quoted[a, b]}
            for (a, b), n in self.pairs.items()
        ]
        self._write_counts(
            connection, SPEAKER_PAIRS, pairs, lambda p: [p["speaker_id"], p["other_id"]]
        )

    def _write_counts(
        self,
        connection: Connection,
        table: Table,
        counted: list[dict[str, Any]],
        speakers: Callable[[dict[str, Any]], list[int]],
    ) -> None:
        """Counts of new speakers written; those of stored speakers only (a row may be there)
        added to what is stored."""
        new: list[dict[str, Any]] = []
        on_stored: list[dict[str, Any]] = []
        for row in counted:
            (on_stored if all(s in self.stored for s in speakers(row)) else new).append(row)
        rows.write_rows(connection, table, new)
        tallies.upsert_counts(connection, table, on_stored)


@dataclass(slots=True)
class _Quotes:
    """The quote clusters a chunk can meet, in memory: the stored ones sharing a shingle with
    its quotes, and those it starts; `clusters.match_quotes` asks them what it would ask the
    store (`clusters.ClusterBook`)."""

    ids: rows.Ids
    #: The stored clusters sharing enough shingles with each of the chunk's quotes (by its
    #: shingles), with how many each shares.
    stored_shared: dict[frozenset[int], dict[int, int]] = field(default_factory=dict)
    #: The clusters the chunk starts whose first quote has each shingle.
    postings: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    shingle_counts: dict[int, int] = field(default_factory=dict)
    articles: dict[int, int] = field(default_factory=dict)
    #: The stored clusters among them, and those the chunk's articles carry.
    stored: set[int] = field(default_factory=set)
    carried: set[int] = field(default_factory=set)
    first_quotes: dict[int, str] = field(default_factory=dict)
    shingles: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def read(
        cls, connection: Connection, articles: Sequence[Sequence[clusters.Quote]], ids: rows.Ids
    ) -> _Quotes:
        """The stored clusters that can be the same quote as one of the articles' quotes
        (each article's, `clusters.quotes_of`): those sharing
        `clusters.MIN_MATCHING_SHINGLES` shingles with it, counted in the store (a common
        run of words is in the first quotes of thousands of clusters: reading their postings
        was some 3,000 rows an article at 1 M statements)."""
        quotes = cls(ids)
        statement = _shared_shingles(connection.dialect.name)
        for batch in _batches(articles, _shingles, _QUOTES_PER_QUERY):
            distinct = list(dict.fromkeys(batch))
            shingles = [
                {"quote": n, "shingle": s} for n, quote in enumerate(distinct) for s in quote
            ]
            for n, key, shared, count, carried in connection.execute(
                statement, {"shingles": shingles}
            ).all():
                quotes.stored_shared.setdefault(distinct[n], {})[key] = shared
                quotes.shingle_counts[key] = count
                quotes.articles[key] = carried
                quotes.stored.add(key)
        return quotes

    def shared(self, quotes: Sequence[frozenset[int]]) -> list[dict[int, tuple[int, int]]]:
        found = []
        for shingles in quotes:
            common = Counter(key for s in shingles for key in self.postings.get(s, ()))
            common.update(self.stored_shared.get(shingles, {}))
            found.append(
                {
                    key: (n, self.shingle_counts[key])
                    for key, n in common.items()
                    if n >= clusters.MIN_MATCHING_SHINGLES
                }
            )
        return found

    def create(self, new: Sequence[tuple[str, frozenset[int]]]) -> list[int]:
        ids = []
        for quote, shingles in new:
            key = self.ids.take()
            ids.append(key)
            self.first_quotes[key] = quote
            self.shingle_counts[key] = len(shingles)
            self.articles[key] = 0
            for shingle in shingles:
                self.postings[shingle].add(key)
            self.shingles.extend({"cluster_id": key, "shingle": s} for s in shingles)
        return ids

    def count(self, carried: Iterable[int]) -> None:
        for key in carried:
            self.articles[key] += 1
            self.carried.add(key)

    def write(self, connection: Connection) -> None:
        """The new clusters with their shingles, and the stored ones' article counts."""
        rows.write_rows(
            connection,
            QUOTE_CLUSTERS,
            [
                {
                    "id": key,
                    "text": quote,
                    "shingle_count": self.shingle_counts[key],
                    "articles": self.articles[key],
                }
                for key, quote in self.first_quotes.items()
            ],
        )
        rows.write_rows(connection, QUOTE_SHINGLES, self.shingles)
        if carried := sorted(self.stored & self.carried):
            connection.execute(
                update(QUOTE_CLUSTERS)
                .where(QUOTE_CLUSTERS.c.id == bindparam("key"))
                .values(articles=bindparam("carried")),
                [{"key": key, "carried": self.articles[key]} for key in carried],
            )


@lru_cache(maxsize=2)
def _stored_pairs(dialect: str) -> Select[Any]:
    """Of pairs of speakers given as records (`pairs`: one, other), those the store holds,
    each looked up by both ids: PostgreSQL reads `speaker_id IN (...) AND other_id IN (...)`
    by the first list and filters by the second, every pair of a famous speaker (thousands
    for one article at 1 M statements, 6 ms of the server's time a look-up)."""
    given = rows.records(dialect, "pairs", {"one": Integer, "other": Integer})
    return select(SPEAKER_PAIRS.c.speaker_id, SPEAKER_PAIRS.c.other_id).join(
        given,
        and_(SPEAKER_PAIRS.c.speaker_id == given.c.one, SPEAKER_PAIRS.c.other_id == given.c.other),
    )


def _batches(
    articles: Sequence[A], items: Callable[[A], Iterable[T]], size: int
) -> Iterator[list[T]]:
    """The `items` of the articles (each given as itself, or as what was worked out of it),
    about `size` at a time, an article's all in one batch (so that what is looked up for a
    batch holds all that each of its articles can meet)."""
    batch: list[T] = []
    for article in articles:
        batch.extend(items(article))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _profiles(article: Article) -> Iterator[Profile]:
    """What the article says of each of its speakers that can be a corpus speaker."""
    return (
        identity.profile_of(speaker, None)
        for speaker in article.speakers
        if identity.linkable(speaker)
    )


def _shingles(quotes: Sequence[clusters.Quote]) -> Iterator[frozenset[int]]:
    """The shingles of each of an article's quotes."""
    return (shingles for _, _, shingles in quotes)


@lru_cache(maxsize=2)
def _shared_shingles(dialect: str) -> Select[Any]:
    """For quotes given as records of (quote, shingle) (`shingles`), the stored clusters
    sharing `clusters.MIN_MATCHING_SHINGLES` shingles with each: (quote, cluster, shingles
    shared, the cluster's shingle count, its articles)."""
    given = rows.records(dialect, "shingles", {"quote": Integer, "shingle": BigInteger})
    shared = (
        select(given.c.quote, QUOTE_SHINGLES.c.cluster_id, func.count().label("shared"))
        .join(QUOTE_SHINGLES, QUOTE_SHINGLES.c.shingle == given.c.shingle)
        .group_by(given.c.quote, QUOTE_SHINGLES.c.cluster_id)
        .having(func.count() >= clusters.MIN_MATCHING_SHINGLES)
        .subquery()
    )
    # the clusters' counts joined once grouped: joined to each posting, a cluster was read
    # once for each of its shingles
    return select(
        shared.c.quote,
        shared.c.cluster_id,
        shared.c.shared,
        QUOTE_CLUSTERS.c.shingle_count,
        QUOTE_CLUSTERS.c.articles,
    ).join(QUOTE_CLUSTERS, QUOTE_CLUSTERS.c.id == shared.c.cluster_id)


def _widened(
    first: date | None, last: date | None, day: date | None
) -> tuple[date | None, date | None]:
    """First and last dates once `day` is seen too (None: unknown, ignored)."""
    if day is None:
        return first, last
    return min(first or day, day), max(last or day, day)


def share_of(
    article: Article,
    values: dict[str, Any],
    corpus_ids: dict[str, int | None],
    quote_clusters: list[int | None],
) -> tallies.ArticleShare:
    """What a newly stored article (whose row is `values`) adds to the corpus counts."""
    site, domain = values["site"], values["domain"]
    share = tallies.ArticleShare(
        values["published_date"],
        outlet=clusters.outlet(site, domain, values["location"]),
        outlet_key=clusters.outlet_key(site, domain),
    )
    share.mentioned = {key for key in corpus_ids.values() if key is not None}
    share.clusters = {key for key in quote_clusters if key is not None}
    share.statements.update(
        key for a in article.attributions if (key := corpus_ids.get(a.speaker_id or ""))
    )
    share.roles = {
        (key, kind, value)
        for speaker in article.speakers
        if (key := corpus_ids.get(speaker.id)) is not None
        for kind, value in identity.roles_of(speaker)
    }
    return share
