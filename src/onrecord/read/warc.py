"""Reading WARC and WARC.gz files (Common Crawl's CC-NEWS among them), record by record.

Only HTTP responses holding HTML pages become documents; other records (requests, metadata,
images, redirects) are passed over. The file is streamed, so a gigabyte WARC costs one page of
memory, and a progress bar follows the bytes read. A broken record is reported as a failed
document and reading resumes at the next record that parses.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from tqdm import tqdm
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from onrecord.fetch import charset_of
from onrecord.read.failure import failed
from onrecord.read.html import HTML_TYPES, MAX_PAGE_BYTES
from onrecord.read.sniff import GZIP_MAGIC
from onrecord.records import Document

#: Bytes scanned at a time when looking for the next record after a broken one.
_SCAN_CHUNK = 1 << 20


def read_warc(path: Path, *, progress: bool | None = None) -> Iterator[Document]:
    """Every HTML page in a WARC file, in file order; `progress=None` shows a bar on a terminal."""
    with (
        path.open("rb") as handle,
        tqdm(
            total=path.stat().st_size,
            unit="B",
            unit_scale=True,
            desc=path.name,
            leave=False,
            disable=None if progress is None else not progress,
        ) as bar,
    ):
        marker = GZIP_MAGIC + b"\x08" if handle.read(2) == GZIP_MAGIC else b"WARC/1."
        start: int | None = 0
        while start is not None:
            handle.seek(start)
            records = ArchiveIterator(handle)
            try:
                for record in records:
                    # `offset` is where the current record starts, relative to `start`
                    document = _document(record, path, start + records.offset)
                    bar.update(handle.tell() - bar.n)
                    if document is not None:
                        yield document
                return
            except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
                broken = start + records.offset
                reason = f"broken WARC record at byte {broken}: {_first_line(error)}"
                yield failed(f"{path}@{broken}", reason)
                start = _next_record(handle, broken + 1, marker)


def _document(record: ArcWarcRecord, path: Path, offset: int) -> Document | None:
    """The page in a record, None for a record that holds no page, a failure for a broken one."""
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    origin = url or f"{path}@{offset}"
    if record.rec_type == "response":
        http = record.http_headers
        status = (http.get_statuscode() or "") if http is not None else ""
        if http is None or not http.protocol.upper().startswith("HTTP/") or not status.isdigit():
            return failed(origin, f"WARC response at byte {offset} holds no valid HTTP response")
        content_type = record.http_headers.get_header("Content-Type") or ""
        if not status.startswith("2"):
            return None
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        return None
    try:
        body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    except (OSError, ValueError, EOFError) as error:
        return failed(origin, f"WARC record at byte {offset} is truncated: {_first_line(error)}")
    return Document(
        content=body,
        origin=origin,
        media_type="text/html",
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        metadata={
            "url": url or None,
            "charset": charset_of(content_type),
            "warc_file": str(path),
            "warc_offset": offset,
            "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
        },
    )


def _next_record(handle: IO[bytes], after: int, marker: bytes) -> int | None:
    """The offset of the next place a record may start (a gzip member, or a `WARC/1.` line),
    at or after `after`; None at the end of the file."""
    position = after
    handle.seek(position)
    tail = b""
    while chunk := handle.read(_SCAN_CHUNK):
        window = tail + chunk
        found = window.find(marker)
        while found != -1:
            candidate = position - len(tail) + found
            if (
                marker.startswith(GZIP_MAGIC)
                or candidate == 0
                or window[found - 1 : found] == b"\n"
            ):
                return candidate
            found = window.find(marker, found + 1)
        tail = window[-(len(marker) - 1) :]
        position += len(chunk)
    return None


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:120]
