"""Running the pipeline over many inputs, so that one bad input is recorded and the rest goes on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from onrecord.errors import InputError
from onrecord.fetch import Fetcher
from onrecord.pipeline import analyze_document
from onrecord.read import read
from onrecord.records import Article


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: its article, or the one-line reason it was refused."""

    origin: str
    article: Article | None = None
    error: str | None = None


def analyze_sources(
    sources: Iterable[str | Path], *, fetcher: Fetcher | None = None
) -> Iterator[Outcome]:
    """Analyse every document of every source, in order, never stopping at a bad one; URLs and
    feed entries are fetched with `fetcher` (default: the safe, cached one)."""
    for source in sources:
        try:
            for document in read(source, fetcher=fetcher):
                try:
                    yield Outcome(document.origin, article=analyze_document(document))
                except InputError as error:
                    yield Outcome(document.origin, error=str(error))
        except InputError as error:
            yield Outcome(str(source), error=str(error))
