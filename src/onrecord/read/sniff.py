"""Telling what a source holds from its first bytes, not from its name.

Saved pages are called `.txt`, feeds `.php` and CC-NEWS files `.warc.gz`; the content says what
they are. Gzip is looked through, so a `.html.gz` or `.warc.gz` is known by what it decompresses to.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from pathlib import Path
from typing import Literal

from onrecord.errors import InputError

Kind = Literal["warc", "feed", "html", "jsonl", "text"]

#: Bytes enough to see a WARC header, an XML prologue plus root element, or an HTML head.
HEAD_BYTES = 8192
GZIP_MAGIC = b"\x1f\x8b"

#: A feed's root element, or the DOCTYPE that RSS 0.91 puts before it.
_FEED_ROOT = re.compile(rb"<(?:!DOCTYPE\s+)?(?:rss|feed|rdf:RDF)\b", re.I)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I)
_HTML_TAGS = re.compile(rb"<(?:p|div|article|section|span|a|h[1-6]|br|script|style)\b[^>]*>", re.I)
#: A line opening a JSON object with a key: JSONL, even when the first line is longer than the head.
_JSON_OBJECT = re.compile(rb'^\{\s*"[^"\n]*"\s*:')
_MARKUP_LEAD = re.compile(rb"^(?:\s|<!--.*?-->|<\?xml[^>]*\?>)*", re.S)


def sniff(head: bytes | str) -> Kind:
    """The kind of content that starts with `head` (gzip already undone)."""
    data = head.encode("utf-8", errors="replace") if isinstance(head, str) else head
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16 (Windows' "Unicode") text: its NUL bytes do not make it binary
        data = data[: len(data) // 2 * 2].decode("utf-16", errors="replace").encode("utf-8")
    data = data.removeprefix(b"\xef\xbb\xbf")
    if data.startswith(b"WARC/"):
        return "warc"
    stripped = data.lstrip()
    if stripped.startswith(b"<"):
        lead = _MARKUP_LEAD.match(stripped)
        rest = stripped[lead.end() if lead else 0 :]
        if _FEED_ROOT.match(rest):
            return "feed"
        if _HTML_START.match(rest) or _HTML_TAGS.search(rest):
            return "html"
    if _JSON_OBJECT.match(stripped):
        return "jsonl"
    if _HTML_START.search(data[:512]) and len(_HTML_TAGS.findall(data)) >= 3:
        return "html"  # a page with some junk before its markup
    return "text"


def looks_like_html(text: str) -> bool:
    """True when a string handed to `analyze` is an HTML page rather than plain text."""
    return sniff(text[:HEAD_BYTES]) == "html"


def head_of(path: Path) -> bytes:
    """The first bytes of a file, decompressed when it is gzipped (a truncated or corrupt gzip
    gives what could be decompressed)."""
    with path.open("rb") as handle:
        raw = handle.read(HEAD_BYTES)
    if not raw.startswith(GZIP_MAGIC):
        return raw
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return decompressor.decompress(raw, HEAD_BYTES)
    except zlib.error:
        return b""


def sniff_file(path: Path) -> Kind:
    """The kind of a file, by its (decompressed) content."""
    return sniff(head_of(path))


def open_maybe_gzip(path: Path) -> gzip.GzipFile | io.BufferedReader:
    """A binary reader of the file's content, decompressing a gzipped file on the fly."""
    with path.open("rb") as handle:
        magic = handle.read(2)
    return gzip.open(path, "rb") if magic == GZIP_MAGIC else path.open("rb")


def read_capped(path: Path, limit: int, what: str) -> bytes:
    """The (decompressed) content of a file, refused with its real size when over `limit`
    bytes. At most one byte past the limit is read, so a huge file or a gzip bomb costs no
    memory; `what` names the file in the reason ("page")."""
    with open_maybe_gzip(path) as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        size = path.stat().st_size
        if size <= limit:  # gzipped
            raise InputError(f"{what} decompresses to over the {limit:,}-byte limit")
        raise InputError(f"{what} is {size:,} bytes, over the {limit:,}-byte limit")
    return raw
