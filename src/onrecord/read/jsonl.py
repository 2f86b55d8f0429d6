"""Reading JSON Lines: one article per line, `text` or `html`, with optional `url`, `title` and
`published`. Lines are read one at a time and each is capped, so a file of any size (a gzip bomb
of one endless line too) costs at most one capped line of memory."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from onrecord.checks import check_page, check_url
from onrecord.errors import InputError, writable
from onrecord.read.failure import failed
from onrecord.read.html import MAX_PAGE_BYTES
from onrecord.read.sniff import open_maybe_gzip
from onrecord.records import Document

#: Optional fields carried into `Document.metadata`, and from there into the article.
METADATA_FIELDS = ("url", "title", "published")
#: Longest line read: a page at the page limit, with room for JSON's escapes.
MAX_LINE_BYTES = 4 * MAX_PAGE_BYTES
#: Bytes passed over, at most, looking for the end of a line that is over the limit; past it
#: the rest of the file is taken for what it most likely is, a bomb, and not read.
MAX_SKIP_BYTES = 256 * 1024 * 1024
_SKIP_CHUNK = 1 << 20
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def read_jsonl(path: Path) -> Iterator[Document]:
    """Every article of a JSONL file; a bad line becomes a failed document and reading goes on."""
    name = writable(str(path))
    with open_maybe_gzip(path) as handle:
        number = 0
        while line := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            origin = f"{name}:{number}"
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                if not _skip_line(handle):
                    yield failed(
                        origin,
                        f"line is over the {MAX_LINE_BYTES:,}-byte limit and has no end within"
                        f" {MAX_SKIP_BYTES:,} bytes; the rest of the file is not read",
                    )
                    return
                yield failed(origin, f"line is over the {MAX_LINE_BYTES:,}-byte limit")
            elif line.strip():
                yield parse_line(line, origin)


def _skip_line(handle: io.BufferedIOBase) -> bool:
    """Pass over the rest of the current line; False when no line end comes soon enough."""
    skipped = 0
    while skipped < MAX_SKIP_BYTES:
        chunk = handle.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return True
        skipped += len(chunk)
    return False


def parse_line(line: bytes | str, origin: str) -> Document:
    """One JSONL line as one document."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return failed(origin, f"not valid JSON ({error.msg})")
    except UnicodeDecodeError:
        return failed(origin, "not UTF-8 text")
    except RecursionError:
        return failed(origin, "not readable JSON (nested too deeply)")
    except ValueError as error:  # Python reads no integer of over 4,300 digits
        if "digits" in str(error):
            return failed(origin, "not readable JSON (a number of over 4,300 digits)")
        return failed(origin, f"not readable JSON ({str(error).split(';')[0]})")
    if not isinstance(record, dict):
        return failed(origin, "not a JSON object")
    metadata = {k: record[k] for k in METADATA_FIELDS if isinstance(record.get(k), str)}
    if any(_SURROGATE.search(value) for value in metadata.values()):
        return failed(origin, "a field is not valid Unicode (it holds a lone surrogate escape)")
    try:
        check_url(metadata.get("url") or "")
    except InputError as error:
        return failed(origin, f"`url`: {error}")
    for field, media_type in (("html", "text/html"), ("text", "text/plain")):
        content = record.get(field)
        if isinstance(content, str):
            if _SURROGATE.search(content):
                return failed(
                    origin, f"`{field}` is not valid Unicode (it holds a lone surrogate escape)"
                )
            if media_type == "text/html":
                try:
                    check_page(content)
                except InputError as error:
                    return failed(origin, str(error))
            return Document(
                content=content,
                origin=origin,
                media_type=media_type,
                fetched_at=datetime.now(UTC),
                metadata=metadata,
            )
    return failed(origin, "no `text` or `html` field")
