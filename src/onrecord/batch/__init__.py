"""Running the pipeline over many inputs, so that one bad input is recorded and the rest goes on.

Documents are analysed in batches: each batch is structured document by document, parsed in
one `nlp.pipe` call, then attributed and resolved, in this process or in worker processes
(`batch.pool`) that each load spaCy once; results come back in input order either way. The
time limit per input (`budget`) holds for its structuring and again for its analysis after the
batch's parse; the parse of a batch is not timed per input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

from spacy.language import Language
from spacy.tokens import Doc

from onrecord import budget, nlp, settings
from onrecord.errors import InputError, printable, trace, unexpected, writable
from onrecord.fetch import Fetcher
from onrecord.pipeline import analyze_parsed, structure_document
from onrecord.read import read
from onrecord.read.failure import FAILED, failed
from onrecord.records import Article, Document

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: its article, or the one-line reason it was refused.
    `traceback` is set when the reason is a bug in onrecord rather than bad input."""

    origin: str
    article: Article | None = None
    error: str | None = None
    traceback: str | None = None


def analyze_sources(
    sources: Iterable[str | Path],
    *,
    fetcher: Fetcher | None = None,
    workers: int = 1,
) -> Iterator[Outcome]:
    """Analyse every document of every source, in order, never stopping at a bad one; URLs and
    feed entries are fetched with `fetcher` (default: the safe, cached one). With `workers`
    over 1, batches are analysed by that many processes; the order stays the input's. No
    exception escapes: an unforeseen one becomes the input's reason, with its traceback kept.
    Every reason is one line (control characters escaped)."""
    for outcome in analyze_documents(read_sources(sources, fetcher), workers=workers):
        yield cast(Outcome, outcome)  # every item read is a document, so each is an outcome


def read_sources(sources: Iterable[str | Path], fetcher: Fetcher | None) -> Iterator[Document]:
    """Every document of every source, streamed; a source that cannot be read (or a reader
    that gives up) is one failed document, and the next source is read."""
    for source in sources:
        documents = read(source, fetcher=fetcher)
        while True:
            try:
                document = next(documents)
            except StopIteration:
                break
            except InputError as error:
                yield failed(writable(str(source)), str(error))
                break
            except Exception as error:  # a reader that gave up: the rest of this source is lost
                yield failed(writable(str(source)), unexpected(error), traceback=trace(error))
                break
            yield document


def analyze_documents(
    items: Iterable[Document | T], *, workers: int = 1, batch_size: int | None = None
) -> Iterator[Outcome | T]:
    """Each document's `Outcome`, in input order; anything else in `items` is passed through
    in its place (a caller's marker for what needs no analysis). With `workers` over 1 and
    more than one batch of input, worker processes analyse; memory stays bounded whatever
    the input's size, as only a few batches per worker are read ahead. `batch_size` documents
    are analysed together (default: `settings.BATCH_SIZE`)."""
    from onrecord.batch.pool import analyze_in_pool

    batches = _batches(items, batch_size or settings.BATCH_SIZE)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None) if workers > 1 else None
    if second is None:  # too little to share out: starting processes would cost more
        for batch in (first, *batches):
            yield from merge(batch, analyze_batch(_documents(batch)))
        return
    yield from analyze_in_pool(_chain(first, second, batches), workers)


def analyze_batch(documents: Sequence[Document]) -> list[Outcome]:
    """The outcome of each document, in order: structured one by one, parsed together in one
    `nlp.pipe` call, then attributed and resolved one by one."""
    structured = [_structured(document) for document in documents]
    docs = iter(_parsed([item.text for item in structured if isinstance(item, Article)]))
    return [
        item if isinstance(item, Outcome) else _finished(document.origin, item, next(docs))
        for document, item in zip(documents, structured, strict=True)
    ]


def merge(batch: Sequence[Document | T], outcomes: Sequence[Outcome]) -> Iterator[Outcome | T]:
    """The batch with each document replaced by its outcome (outcomes in document order)."""
    found = iter(outcomes)
    for item in batch:
        yield next(found) if isinstance(item, Document) else item


def _documents(batch: Sequence[Document | T]) -> list[Document]:
    return [item for item in batch if isinstance(item, Document)]


def _batches(items: Iterable[Document | T], size: int) -> Iterator[list[Document | T]]:
    """`items` cut into lists of `size` documents each (and what passes through among them)."""
    batch: list[Document | T] = []
    documents = 0
    for item in items:
        batch.append(item)
        documents += isinstance(item, Document)
        if documents == size:
            yield batch
            batch, documents = [], 0
    if batch:
        yield batch


def _chain(first: T, second: T, rest: Iterator[T]) -> Iterator[T]:
    yield first
    yield second
    yield from rest


def _structured(document: Document) -> Outcome | Article:
    if document.media_type == FAILED and document.metadata.get("traceback"):
        return Outcome(
            document.origin,
            error=document.metadata.get("error"),
            traceback=document.metadata["traceback"],
        )
    try:
        with budget.time_limit():
            return structure_document(document)
    except Exception as error:
        return _refused(document.origin, error)


def _parsed(texts: list[str]) -> list[Doc | Exception]:
    """The parse of each text: all in one `nlp.pipe`, or, when that fails, one by one, so
    a text the parser cannot handle costs only itself."""
    parse = nlp.load()
    try:
        return list(parse.pipe(texts, batch_size=max(len(texts), 1)))
    except Exception:
        return [_parse_one(parse, text) for text in texts]


def _parse_one(parse: Language, text: str) -> Doc | Exception:
    try:
        return parse(text)
    except Exception as error:
        return error


def _finished(origin: str, article: Article, doc: Doc | Exception) -> Outcome:
    try:
        if isinstance(doc, Exception):
            raise doc
        return Outcome(origin, article=analyze_parsed(doc, article))
    except Exception as error:  # one input the analysis cannot handle must not end the batch
        return _refused(origin, error)


def _refused(origin: str, error: Exception) -> Outcome:
    if isinstance(error, InputError):
        return Outcome(origin, error=printable(str(error)))
    return Outcome(origin, error=unexpected(error), traceback=trace(error))
