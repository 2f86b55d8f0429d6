"""Running the pipeline over many inputs, so that one bad input is recorded and the rest goes on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from onrecord.errors import InputError, printable, trace, unexpected, writable
from onrecord.fetch import Fetcher
from onrecord.pipeline import analyze_document
from onrecord.read import read
from onrecord.read.failure import FAILED
from onrecord.records import Article, Document


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: its article, or the one-line reason it was refused.
    `traceback` is set when the reason is a bug in onrecord rather than bad input."""

    origin: str
    article: Article | None = None
    error: str | None = None
    traceback: str | None = None


def analyze_sources(
    sources: Iterable[str | Path], *, fetcher: Fetcher | None = None
) -> Iterator[Outcome]:
    """Analyse every document of every source, in order, never stopping at a bad one; URLs and
    feed entries are fetched with `fetcher` (default: the safe, cached one). No exception
    escapes: an unforeseen one becomes the input's reason, with its traceback kept. Every
    reason is one line (control characters escaped)."""
    for source in sources:
        documents = read(source, fetcher=fetcher)
        while True:
            try:
                document = next(documents)
            except StopIteration:
                break
            except InputError as error:
                yield Outcome(writable(str(source)), error=printable(str(error)))
                break
            except Exception as error:  # a reader that gave up: the rest of this source is lost
                yield Outcome(
                    writable(str(source)), error=unexpected(error), traceback=trace(error)
                )
                break
            yield _analyzed(document)


def _analyzed(document: Document) -> Outcome:
    if document.media_type == FAILED and document.metadata.get("traceback"):
        return Outcome(
            document.origin,
            error=document.metadata.get("error"),
            traceback=document.metadata["traceback"],
        )
    try:
        return Outcome(document.origin, article=analyze_document(document))
    except InputError as error:
        return Outcome(document.origin, error=printable(str(error)))
    except Exception as error:  # one input the analysis cannot handle must not end the batch
        return Outcome(document.origin, error=unexpected(error), traceback=trace(error))
