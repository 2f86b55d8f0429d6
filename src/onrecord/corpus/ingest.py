"""Ingesting sources into the store: read, analyse, store, one transaction per article.

A transaction per article is what makes long runs safe: an interrupted run (Ctrl-C, a kill,
a crash) leaves every finished article stored and no trace of the one in progress, and the
next run skips what is stored — an unchanged source before it is even analysed, by the hash of
its raw content — so it resumes where the last one stopped, without duplicates. A changed
version of an article (same URL, or same file, new text) replaces the old one; articles from
different places are kept apart unless their texts are the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Connection, Engine, delete, or_, select
from sqlalchemy.exc import IntegrityError

from onrecord.corpus import chunk, clusters, identity, rows, tallies
from onrecord.corpus.store import (
    ARTICLES,
    ARTICLE_SPEAKERS,
    ATTRIBUTIONS,
    count_articles,
    gather_statistics,
    lock_for_writing,
)
from onrecord.errors import InputError
from onrecord.fetch import Fetcher
from onrecord.read import read
from onrecord.records import Article, Document

if TYPE_CHECKING:
    from onrecord.batch import Outcome as Analysed

#: What `ingest` accepts: sources to read (paths, globs, URLs, '-'), documents already read,
#: or articles already analysed.
Source = str | Path | Document | Article
Outcome = Literal["ingested", "replaced", "skipped"]


@dataclass(slots=True)
class IngestReport:
    """What became of every input of an ingest run."""

    ingested: list[str] = field(default_factory=list)
    #: Inputs stored in place of an older version of the same article (also in `ingested`).
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        replaced = f" ({len(self.replaced)} replacing older versions)" if self.replaced else ""
        return (
            f"{len(self.ingested)} ingested{replaced}, {len(self.skipped)} skipped "
            f"(already stored), {len(self.failed)} failed"
        )

    def add(self, origin: str, outcome: Outcome) -> None:
        """Record what became of an input that was stored or skipped."""
        (self.skipped if outcome == "skipped" else self.ingested).append(origin)
        if outcome == "replaced":
            self.replaced.append(origin)


@dataclass(frozen=True, slots=True)
class _Failure:
    origin: str
    reason: str


@dataclass(frozen=True, slots=True)
class _Stored:
    """A document whose raw content is stored already: skipped before analysis."""

    origin: str


@dataclass(frozen=True, slots=True)
class _Analysing:
    """Comes just before a document's analysis outcome: what storing it needs of the document."""

    digest: str
    url: str | None


def ingest(
    engine: Engine,
    sources: Iterable[Source],
    *,
    progress: bool = False,
    report: IngestReport | None = None,
    fetcher: Fetcher | None = None,
    workers: int = 1,
) -> IngestReport:
    """Store every article of `sources`, analysing what is not analysed yet.

    `report` is filled as the run goes, so a caller that is interrupted still knows what was
    done. A source that cannot be read or analysed is recorded as failed, with its reason, and
    the run goes on. URLs and feed entries are fetched with `fetcher` (default: the safe,
    cached one). With `workers` over 1 that many processes analyse while this one stores, in
    input order: the store keeps one writer per process."""
    from onrecord.corpus.bulk import is_run_output, load_run  # it builds on this module
    from onrecord.progress import Progress

    report = report if report is not None else IngestReport()
    # a total is counted only from sources named up front (never by draining a generator),
    # of documents to read (a run's output holds articles already)
    named = sources if isinstance(sources, Sequence) else ()
    named = () if any(is_run_output(source) for source in named) else named
    loaded_in_bulk = False
    with Progress(named, enabled=progress, desc="ingest") as bar:

        def done(failed: bool = False) -> None:
            bar.done(failed=failed, note=report.summary())

        for run_output, group in groupby(sources, key=is_run_output):
            if run_output:
                for folder in group:
                    # groupby keeps no TypeGuard: is_run_output found a path
                    load_run(engine, Path(folder), report, done)  # type: ignore[arg-type]
                loaded_in_bulk = True
                continue
            _analyse_and_store(engine, _items(engine, group, fetcher), report, done, workers)
    if report.ingested:
        gather_statistics(engine, again=loaded_in_bulk or _grew_a_tenth(engine, report))
    return report


def _analyse_and_store(
    engine: Engine,
    items: Iterable[Document | Article | _Failure | _Stored | _Analysing],
    report: IngestReport,
    done: Callable[[bool], None],
    workers: int,
) -> None:
    """Analyse what `_items` gives to analyse and store each article as it comes, in order."""
    from onrecord.batch import Outcome as Analysed  # spaCy loads only when there is analysis
    from onrecord.batch import analyze_documents

    analysing: _Analysing | None = None
    for item in analyze_documents(items, workers=workers):
        if isinstance(item, _Analysing):
            analysing = item
            continue
        failures = len(report.failed)
        if isinstance(item, _Failure):
            report.failed.append((item.origin, item.reason))
        elif isinstance(item, _Stored):
            report.skipped.append(item.origin)
        elif isinstance(item, Analysed):
            _store_outcome(engine, item, analysing, report)
        elif isinstance(item, Article):
            report.add(location_of(item), store_article(engine, item))
        done(len(report.failed) > failures)


def _grew_a_tenth(engine: Engine, report: IngestReport) -> bool:
    """Whether this run's articles are a tenth or more of the store: then the planner's
    statistics are gathered anew at once (PostgreSQL's own would come a minute or more after
    the ingest, and pages read until then are planned for a smaller store)."""
    with engine.connect() as connection:
        return 10 * len(report.ingested) >= count_articles(connection)


def _items(
    engine: Engine, sources: Iterable[Source], fetcher: Fetcher | None
) -> Iterator[Document | Article | _Failure | _Stored | _Analysing]:
    """What to store, in order: analysed articles as they are, documents to analyse (each
    after its `_Analysing`), documents stored already as `_Stored`, and failures to read or
    analyse."""
    for source in sources:
        if isinstance(source, Article):
            yield source
            continue
        try:
            documents = [source] if isinstance(source, Document) else read(source, fetcher=fetcher)
            for document in documents:
                digest = document_hash(document)
                if _stored_document(engine, digest):
                    yield _Stored(document.origin)
                    continue
                yield _Analysing(digest, document.metadata.get("url"))
                yield document
        except InputError as error:
            yield _Failure(str(source), str(error))


def _store_outcome(
    engine: Engine, outcome: Analysed, analysing: _Analysing | None, report: IngestReport
) -> None:
    article = outcome.article
    if article is None or analysing is None:
        report.failed.append((outcome.origin, outcome.error or "could not be analysed"))
        return
    article.origin = article.origin or outcome.origin
    article.url = article.url or analysing.url
    report.add(outcome.origin, store_article(engine, article, document_hash=analysing.digest))


def store_article(engine: Engine, article: Article, *, document_hash: str | None = None) -> Outcome:
    """Store one analysed article in its own transaction: its rows, its speakers linked to
    corpus speakers, its quotes put in clusters. An article whose text is stored already is
    skipped; one from the location of a stored article replaces it.

    Writers take turns (`store.lock_for_writing`), so several processes can ingest into one
    store: what one stored, the next sees, and an article both were given is stored once and
    skipped by the other."""
    try:
        return _store_article(engine, article, document_hash)
    except IntegrityError:
        # another writer stored it between our look and our write (a store whose writers do
        # not take the lock, such as one written by an older version)
        with engine.connect() as connection:
            if connection.scalar(select(ARTICLES.c.id).where(ARTICLES.c.id == article.id)):
                return "skipped"
        return _store_article(engine, article, document_hash)


def _store_article(engine: Engine, article: Article, document_hash: str | None) -> Outcome:
    article = rows.storable(article)
    location = location_of(article)
    with engine.begin() as connection:
        lock_for_writing(connection)
        # the article itself, or the one at its location, in one look
        found = connection.scalars(
            select(ARTICLES.c.id).where(
                or_(ARTICLES.c.id == article.id, ARTICLES.c.location == location)
            )
        ).all()
        if article.id in found:
            return "skipped"
        old = found[0] if found else None
        if old is not None:
            speakers_before, clusters_before = _shared_rows(connection, old)
            connection.execute(delete(ARTICLES).where(ARTICLES.c.id == old))
        chunk.store(connection, [(article, location, document_hash)])
        if old is not None:
            tallies.recount(connection, speakers_before, clusters_before)
            identity.prune(connection, speakers_before)
            clusters.prune(connection, clusters_before)
    return "replaced" if old is not None else "ingested"


def _shared_rows(connection: Connection, article_id: str) -> tuple[set[int], set[int]]:
    """The corpus speakers and quote clusters a stored article counts in."""
    speakers = connection.scalars(
        select(ARTICLE_SPEAKERS.c.speaker_id).where(
            ARTICLE_SPEAKERS.c.article_id == article_id, ARTICLE_SPEAKERS.c.speaker_id.is_not(None)
        )
    )
    quotes = connection.scalars(
        select(ATTRIBUTIONS.c.cluster_id).where(
            ATTRIBUTIONS.c.article_id == article_id, ATTRIBUTIONS.c.cluster_id.is_not(None)
        )
    )
    return {key for key in speakers if key is not None}, {key for key in quotes if key is not None}


def document_hash(document: Document) -> str:
    """The hash of a document's raw content: unchanged input is recognised before analysis."""
    content = document.content
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(raw).hexdigest()


def _stored_document(engine: Engine, digest: str) -> bool:
    with engine.connect() as connection:
        found = connection.scalar(select(ARTICLES.c.id).where(ARTICLES.c.document_hash == digest))
    return found is not None


def location_of(article: Article) -> str:
    """Where an article lives: the one place a newer version of it would come from, the URL
    it was fetched from or the file it was read from. A page's canonical link is not: it is the
    page's claim, a syndicated copy names the original, a misconfigured site names its home
    page on every page, and taking it for the article's place would let different articles
    replace each other. Where two places hold the same text, its content hash makes them one
    article."""
    if article.url:
        return article.url
    return absolute_origin(article.origin) if article.origin else article.id


def absolute_origin(origin: str) -> str:
    """A local file's origin with the file's absolute path, so that one file is one location
    however it was named ("a.txt" in /news and "news/a.txt" in / are both "/news/a.txt"; a
    line or record of it, "a.jsonl:3", is "/news/a.jsonl:3"). Other origins are kept."""
    if origin == "-" or "://" in origin:
        return origin
    for separator in ("", ":", "#", "@"):
        path, rest = (origin, "") if not separator else _split(origin, separator)
        try:
            if path and Path(path).is_file():
                return str(Path(path).resolve()) + rest
        except (OSError, ValueError):  # a name no file can have
            continue
    return origin


def _split(origin: str, separator: str) -> tuple[str, str]:
    path, found, rest = origin.rpartition(separator)
    return (path, found + rest) if found else ("", "")
