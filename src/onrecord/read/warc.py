"""Reading WARC and WARC.gz files (Common Crawl's CC-NEWS among them), record by record.

Only HTTP responses holding HTML pages become documents; other records (requests, metadata,
images, redirects) are passed over. The file is streamed, so a gigabyte WARC costs one page of
memory, and a progress bar follows the bytes read. Header lines and headers are capped, so a
gzip bomb cannot fill memory. A broken record — no WARC-Type, no Content-Length, a body cut
short or longer than its Content-Length says — is reported as a failed document and reading
resumes at the next place a record may start, so a record a wrong length swallowed is found
again. A file gzipped whole (one stream, not one member per record) is read too.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException, DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.utils import BUFF_SIZE

from onrecord.checks import check_url
from onrecord.errors import InputError, first_line, writable
from onrecord.fetch import charset_of
from onrecord.read.failure import failed
from onrecord.read.html import HTML_TYPES, MAX_PAGE_BYTES
from onrecord.read.sniff import GZIP_MAGIC
from onrecord.records import Document

#: Bytes scanned at a time when looking for the next record after a broken one, and at most
#: (decompressed) in a file gzipped whole.
_SCAN_CHUNK = 1 << 20
_MAX_SCAN = 256 * 1024 * 1024
#: Longest header line, and most header bytes (WARC and HTTP together) of one record; real
#: records have a few kilobytes of headers.
MAX_HEADER_LINE = 64 * 1024
MAX_HEADER_BYTES = 1024 * 1024
#: What warcio raises on input it cannot parse (a hostile header makes it raise almost anything).
_PARSE_ERRORS = (
    ArchiveLoadFailed,
    ChunkedDataException,
    ValueError,
    OSError,
    EOFError,
    zlib.error,
    AttributeError,
    TypeError,
    IndexError,
    KeyError,
    OverflowError,
)


class _BrokenRecord(Exception):
    """A record that cannot be trusted, nor where it says it ends."""

    def __init__(self, origin: str | None, reason: str) -> None:
        super().__init__(reason)
        self.origin = origin


class _OneGzipStream(Exception):
    """The file is one gzip stream over many records, after `records` were read."""

    def __init__(self, records: int) -> None:
        super().__init__("non-chunked gzip")
        self.records = records


class _BoundedReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader with header lines capped: a line that runs on is an error, not a
    gigabyte of memory. While `budget` is set, the bytes of lines read are counted against it."""

    budget: int | None = None

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_HEADER_LINE if length is None or length < 0 else min(length, MAX_HEADER_LINE)
        line: bytes = super().readline(cap)
        # warcio's reader may stop short of `cap` at a buffer boundary
        while line and not line.endswith(b"\n") and len(line) < cap:
            more: bytes = super().readline(cap - len(line))
            if not more:
                break
            line += more
        if len(line) >= MAX_HEADER_LINE and not line.endswith(b"\n"):
            raise ArchiveLoadFailed(f"a header line runs past {MAX_HEADER_LINE:,} bytes")
        if self.budget is not None:
            self.budget -= len(line)
            if self.budget < 0:
                raise ArchiveLoadFailed(f"headers run past {MAX_HEADER_BYTES:,} bytes")
        return line


class _Records(ArchiveIterator):  # type: ignore[misc]
    """warcio's record iterator over a `_BoundedReader`, with headers and the blank lines
    between records counted against a budget. warcio's warning for a record not followed by
    blank lines is kept from the terminal; `err_count` says it happened, and it is reported."""

    reader: _BoundedReader

    def __init__(self, handle: io.BufferedIOBase) -> None:
        super().__init__(handle)
        self.reader = _BoundedReader(self.fh, block_size=BUFF_SIZE)

    def _next_record(self, next_line: Any) -> Any:
        self.reader.budget = MAX_HEADER_BYTES
        try:
            return super()._next_record(next_line)
        finally:
            self.reader.budget = None

    def _consume_blanklines(self) -> Any:
        self.reader.budget = MAX_HEADER_BYTES
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                return super()._consume_blanklines()
        finally:
            self.reader.budget = None


@dataclass(slots=True)
class _Pending:
    """A record read, held until warcio has seen whether it ends where its length says."""

    offset: int
    origin: str
    document: Document | None
    errors_before: int


def read_warc(path: Path, *, progress: bool | None = None) -> Iterator[Document]:
    """Every HTML page in a WARC file, in file order; `progress=None` shows a bar on a terminal
    when read by the main thread (a background count of the pages stays quiet)."""
    name = writable(str(path))
    if progress is None and threading.current_thread() is not threading.main_thread():
        progress = False
    with (
        path.open("rb") as raw,
        tqdm(
            total=path.stat().st_size,
            unit="B",
            unit_scale=True,
            desc=path.name,
            leave=False,
            disable=None if progress is None else not progress,
        ) as bar,
    ):
        gzipped = raw.read(2) == GZIP_MAGIC
        marker = GZIP_MAGIC + b"\x08" if gzipped else b"WARC/1."
        try:
            yield from _read_records(raw, raw, name, bar, marker, skip=0)
        except _OneGzipStream as whole:
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
                yield from _read_records(stream, raw, name, bar, b"WARC/1.", skip=whole.records)


def _read_records(
    handle: io.BufferedIOBase,
    raw: io.BufferedIOBase,
    name: str,
    bar: tqdm,
    marker: bytes,
    *,
    skip: int,
) -> Iterator[Document]:
    """The documents of the records in `handle`, passing over the first `skip` records; offsets
    are in `handle` (decompressed offsets for a file gzipped whole)."""
    start: int | None = 0
    seen = 0
    where = "" if handle is raw else " (decompressed)"
    # decompressed, a bomb could hold endless bytes to scan; on disk, the file is the bound
    limit = None if handle is raw else _MAX_SCAN
    while start is not None:
        handle.seek(start)
        records = _Records(handle)
        pending: _Pending | None = None
        last = start
        try:
            for record in records:
                if pending is not None:
                    if _ran_on(pending, records):
                        break
                    if pending.document is not None:
                        yield pending.document
                    pending = None
                last = start + records.offset
                seen += 1
                bar.update(max(0, raw.tell() - bar.n))
                if seen <= skip:
                    continue
                pending = _Pending(
                    last,
                    _origin(record, name, last),
                    _document(record, name, last, where),
                    records.err_count,
                )
            if pending is None or not _ran_on(pending, records):
                if pending is not None and pending.document is not None:
                    yield pending.document
                return
            # a record ran on past its length, and may hide the next ones: look again after it
            yield _run_on(pending, where)
            resume = pending.offset + 1
        except (_BrokenRecord, *_PARSE_ERRORS) as error:
            if pending is not None:
                if _ran_on(pending, records):
                    yield _run_on(pending, where)
                elif pending.document is not None:
                    yield pending.document
            broken = start + records.offset
            lost = marker.startswith(GZIP_MAGIC) and not _member_at(handle, broken)
            if "non-chunked gzip" in str(error) or (
                lost and _next_record(handle, last + 1, marker) is None
            ):
                # not one gzip member per record: the file is one gzip stream over them all
                raise _OneGzipStream(seen) from error
            if isinstance(error, _BrokenRecord):
                yield failed(error.origin or f"{name}@{broken}", str(error))
            elif (broken <= last or lost) and pending is not None:
                # warcio failed moving past the record read last
                reason = f"broken WARC data after the record at byte {last:,}{where}"
                yield failed(f"{name}@{last}", f"{reason}: {_reason(error)}")
            else:
                reason = f"broken WARC record at byte {broken:,}{where}: {_reason(error)}"
                yield failed(f"{name}@{broken}", reason)
            resume = (last if lost else max(broken, last)) + 1
        start = _next_record(handle, resume, marker, limit)
        if start == -1:
            yield failed(
                f"{name}@{resume - 1}",
                f"no WARC record starts within {_MAX_SCAN:,} bytes{where} after byte"
                f" {resume - 1:,}; the rest of the file is not read",
            )
            return


def _ran_on(pending: _Pending, records: _Records) -> bool:
    """Whether warcio found the pending record not followed by the blank lines that end a
    record: its Content-Length is wrong."""
    return bool(records.err_count > pending.errors_before)


def _run_on(pending: _Pending, where: str) -> Document:
    return failed(
        pending.origin,
        f"WARC record at byte {pending.offset:,}{where} runs on past its Content-Length",
    )


def _origin(record: ArcWarcRecord, name: str, offset: int) -> str:
    return record.rec_headers.get_header("WARC-Target-URI") or f"{name}@{offset}"


def _document(record: ArcWarcRecord, name: str, offset: int, where: str) -> Document | None:
    """The page in a record, None for a record that holds no page, a failure for a page that
    cannot be read; a record that cannot be trusted raises `_BrokenRecord`."""
    headers = record.rec_headers
    origin = _origin(record, name, offset)
    at = f"WARC record at byte {offset:,}{where}"
    if not headers.get_header("WARC-Type"):
        raise _BrokenRecord(origin, f"{at} has no WARC-Type")
    length = (headers.get_header("Content-Length") or "").strip()
    if not length.isdigit():
        raise _BrokenRecord(origin, f"{at} has no valid Content-Length")
    document = _page(record, origin, name, offset, at)
    stream = record.raw_stream
    while stream.read(_SCAN_CHUNK):
        pass
    missing = getattr(stream, "limit", 0)
    if missing > 0:
        raise _BrokenRecord(
            origin,
            f"{at} is cut short: its Content-Length says {int(length):,} bytes, the file ends"
            f" {int(length) - missing:,} bytes in",
        )
    return document


def _page(record: ArcWarcRecord, origin: str, name: str, offset: int, at: str) -> Document | None:
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    try:
        check_url(url)
    except InputError as error:
        return failed(origin, f"{at} has an invalid WARC-Target-URI: {error}")
    if record.rec_type == "response":
        http = record.http_headers
        status = (http.get_statuscode() or "") if http is not None else ""
        if http is None or not http.protocol.upper().startswith("HTTP/") or not status.isdigit():
            return failed(origin, f"{at} holds no valid HTTP response")
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
    except (OSError, ValueError, EOFError, zlib.error, ChunkedDataException) as error:
        return failed(origin, f"{at} cannot be decoded: {_reason(error)}")
    return Document(
        content=body,
        origin=origin,
        media_type="text/html",
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        metadata={
            "url": url or None,
            "charset": charset_of(content_type),
            "warc_file": name,
            "warc_offset": offset,
            "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
        },
    )


def _member_at(handle: io.BufferedIOBase, offset: int) -> bool:
    """Whether a gzip member starts at `offset`."""
    if offset < 0:
        return False
    handle.seek(offset)
    return handle.read(3) == GZIP_MAGIC + b"\x08"


def _next_record(
    handle: io.BufferedIOBase, after: int, marker: bytes, limit: int | None = None
) -> int | None:
    """The offset of the next place a record may start (a gzip member, or a `WARC/1.` line),
    at or after `after`; None at the end of the file, -1 when none is found in `limit` bytes."""
    position = after
    handle.seek(position)
    tail = b""
    while chunk := handle.read(_SCAN_CHUNK):
        if limit is not None and position - after > limit:
            return -1
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


def _reason(error: BaseException) -> str:
    """The first line of what went wrong; an error inside warcio's own code (an attribute of
    None, say) means headers it could not make sense of."""
    if isinstance(error, (AttributeError, TypeError, IndexError, KeyError)):
        return f"its headers cannot be read ({type(error).__name__} in warcio)"
    if isinstance(error, OverflowError):
        return "a length in it is too large"
    if isinstance(error, EOFError) and not str(error).strip():
        return "gzip data is corrupt or cut short"
    return first_line(error)
