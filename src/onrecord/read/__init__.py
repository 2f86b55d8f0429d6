"""Reading sources into `Document`s: one module per source kind, dispatched here.

Reading never analyses: a bad document is still yielded (and refused later by the stage that
cannot use it), so a batch records its failure and goes on.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator
from pathlib import Path

from onrecord.errors import InputError
from onrecord.read.text import read_file, read_stdin
from onrecord.records import Document


def read(source: str | Path) -> Iterator[Document]:
    """Every document in a source: a file, a directory (recursively), a glob, or '-' (stdin)."""
    name = str(source)
    if name == "-":
        yield from read_stdin()
        return
    path = Path(name)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
            yield from read_path(child)
        return
    if not path.exists() and glob.has_magic(name):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            raise InputError(f"no files match {name}")
        for match in matches:
            yield from read(match)
        return
    yield from read_path(path)


def read_path(path: Path) -> Iterator[Document]:
    """One file, by the kind of its content."""
    if not path.exists():
        raise InputError(f"no such file: {path}")
    yield from read_file(path)
