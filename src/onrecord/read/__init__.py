"""Reading sources into `Document`s: one module per source kind, dispatched here.

Reading never analyses: a bad document is still yielded (and refused later by the stage that
cannot use it), so a batch records its failure and goes on.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator
from pathlib import Path

from onrecord.errors import InputError
from onrecord.fetch import Fetcher, default_fetcher
from onrecord.read.failure import failed
from onrecord.read.feed import read_feed_file
from onrecord.read.html import read_html
from onrecord.read.jsonl import read_jsonl
from onrecord.read.sniff import sniff_file
from onrecord.read.text import read_file, read_stdin
from onrecord.read.url import read_url
from onrecord.read.warc import read_warc
from onrecord.records import Document


def read(source: str | Path, *, fetcher: Fetcher | None = None) -> Iterator[Document]:
    """Every document in a source: a file, a directory (recursively), a glob, '-' (stdin), or an
    http(s) URL. Files are read by the kind of their content: text, HTML (gzipped too), RSS or
    Atom feed, WARC, JSONL. URLs and feed entries are fetched with `fetcher` (default: one polite,
    cached fetcher that refuses private addresses)."""
    name = str(source)
    if name == "-":
        yield from read_stdin()
        return
    if name.startswith(("http://", "https://")):
        yield from read_url(name, fetcher or default_fetcher())
        return
    path = Path(name)
    if path.is_dir():
        for child in sorted(
            p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
        ):
            yield from read_path(child, fetcher=fetcher)
        return
    if not path.exists() and glob.has_magic(name):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            raise InputError(f"no files match {name}")
        for match in matches:
            yield from read(match, fetcher=fetcher)
        return
    yield from read_path(path, fetcher=fetcher)


def read_path(path: Path, *, fetcher: Fetcher | None = None) -> Iterator[Document]:
    """One file, by the kind of its content; a file that cannot be read is a failed document."""
    if not path.exists():
        raise InputError(f"no such file: {path}")
    kind = sniff_file(path)
    try:
        if kind == "warc":
            yield from read_warc(path)
        elif kind == "html":
            yield from read_html(path)
        elif kind == "jsonl":
            yield from read_jsonl(path)
        elif kind == "feed":
            yield from read_feed_file(path, fetcher or default_fetcher())
        else:
            yield from read_file(path)
    except (InputError, OSError, EOFError) as error:
        yield failed(str(path), str(error) or type(error).__name__)
