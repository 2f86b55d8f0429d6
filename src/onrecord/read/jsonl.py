"""Reading JSON Lines: one article per line, `text` or `html`, with optional `url`, `title` and
`published`. Lines are read one at a time, so a file of any size costs one line of memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from onrecord.read.failure import failed
from onrecord.read.sniff import open_maybe_gzip
from onrecord.records import Document

#: Optional fields carried into `Document.metadata`, and from there into the article.
METADATA_FIELDS = ("url", "title", "published")


def read_jsonl(path: Path) -> Iterator[Document]:
    """Every article of a JSONL file; a bad line becomes a failed document and reading goes on."""
    with open_maybe_gzip(path) as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield parse_line(line, f"{path}:{number}")


def parse_line(line: bytes | str, origin: str) -> Document:
    """One JSONL line as one document."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return failed(origin, f"not valid JSON ({error.msg})")
    except UnicodeDecodeError:
        return failed(origin, "not UTF-8 text")
    if not isinstance(record, dict):
        return failed(origin, "not a JSON object")
    metadata = {k: record[k] for k in METADATA_FIELDS if isinstance(record.get(k), str)}
    for field, media_type in (("html", "text/html"), ("text", "text/plain")):
        if isinstance(record.get(field), str):
            return Document(
                content=record[field],
                origin=origin,
                media_type=media_type,
                fetched_at=datetime.now(UTC),
                metadata=metadata,
            )
    return failed(origin, "no `text` or `html` field")
