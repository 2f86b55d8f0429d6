"""Reading saved HTML pages (plain or gzipped) and decoding page bytes to text."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import charset_normalizer

from onrecord.checks import check_page
from onrecord.errors import InputError, writable
from onrecord.read.sniff import read_capped
from onrecord.records import Document

HTML_TYPES = ("text/html", "application/xhtml+xml")

#: Pages larger than this are refused: real article pages are well under it, even with scripts.
MAX_PAGE_BYTES = int(os.environ.get("ONRECORD_MAX_PAGE_BYTES", str(10 * 1024 * 1024)))

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def read_html(path: Path) -> Iterator[Document]:
    """One saved page (gzipped too) as one document; at most one byte past the limit is read."""
    yield Document(
        content=read_capped(path, MAX_PAGE_BYTES, "page"),
        origin=writable(str(path)),
        media_type="text/html",
        fetched_at=datetime.now(UTC),
        metadata={},
    )


def decode_html(raw: bytes, declared: str | None = None) -> str:
    """Page bytes to text: a byte-order mark, then the charset the server declared, then the
    page's own `<meta charset>`, then UTF-8, then the most likely encoding. A page too large,
    or with too many elements to extract its text in bounded time, is refused."""
    if len(raw) > MAX_PAGE_BYTES:
        raise InputError(f"page is over the {MAX_PAGE_BYTES:,}-byte limit")
    html = _decode(raw, declared)
    check_page(html)
    return html


def _decode(raw: bytes, declared: str | None) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    meta = _META_CHARSET.search(raw[:4096])
    candidates: tuple[str | None, ...] = (
        declared,
        meta.group(1).decode("ascii") if meta else None,
        "utf-8",
    )
    for label in candidates:
        if label:
            try:
                return raw.decode(_python_codec(label))
            except (LookupError, UnicodeDecodeError):
                continue
    best = charset_normalizer.from_bytes(raw[:200_000]).best()
    return raw.decode(best.encoding if best and best.encoding else "utf-8", errors="replace")


def _python_codec(name: str) -> str:
    """Browsers read pages labelled ISO-8859-1 or ASCII as Windows-1252 (WHATWG); so do we."""
    label = name.strip().lower()
    if label in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        return "cp1252"
    return label
