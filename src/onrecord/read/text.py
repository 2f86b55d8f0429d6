"""Reading plain-text files (and standard input) as they are: bytes, decoded later."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from onrecord import settings
from onrecord.errors import writable
from onrecord.read.sniff import read_capped
from onrecord.records import Document


def read_stdin() -> Iterator[Document]:
    """Standard input as one document; bounded so a runaway pipe cannot fill memory."""
    raw = sys.stdin.buffer.read(settings.MAX_INPUT_BYTES + 1)
    yield Document(content=raw, origin="-", media_type="text/plain", fetched_at=_now())


def read_file(path: Path) -> Iterator[Document]:
    """One file (gzipped too) as one plain-text document. At most one byte past the size limit
    is read, so a huge file (or a gzip bomb) costs no memory and is refused with its size."""
    raw = read_capped(path, settings.MAX_INPUT_BYTES, "file")
    yield Document(
        content=raw, origin=writable(str(path)), media_type="text/plain", fetched_at=_now()
    )


def _now() -> datetime:
    return datetime.now(UTC)
