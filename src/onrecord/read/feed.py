"""Reading RSS and Atom feeds: each entry's page is fetched, with the entry's title and date kept.

A feed says little itself (a title, a date, a teaser), so every entry's link is fetched and read
as the article; an entry with no link but with full content (`content:encoded`) is read from the
feed itself. An entry whose page cannot be fetched becomes a failed document and the feed goes on.
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser

from onrecord.checks import check_page
from onrecord.errors import InputError, first_line, writable
from onrecord.fetch import Fetcher
from onrecord.read.failure import failed
from onrecord.read.html import MAX_PAGE_BYTES
from onrecord.read.sniff import read_capped
from onrecord.records import Document


def read_feed(raw: bytes, origin: str, fetcher: Fetcher) -> Iterator[Document]:
    """The article behind every entry of the feed in `raw`, fetched from its link."""
    # a stream, never a string: feedparser takes a string for a URL and would fetch it itself
    headers = {"content-location": origin} if origin.startswith(("http://", "https://")) else {}
    try:
        parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers)
    except (UnicodeError, LookupError) as error:  # encoding="undefined", say
        raise InputError(f"feed cannot be decoded ({first_line(error)})") from error
    except Exception as error:  # feedparser's SGML parser asserts on broken declarations
        reason = f"{type(error).__name__}: {first_line(error)}"
        raise InputError(f"feed cannot be parsed ({reason})") from error
    if not parsed.entries and (parsed.bozo or not parsed.version):
        raise InputError("not an RSS or Atom feed")
    if not parsed.entries:
        raise InputError("feed has no entries")
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_document(entry, f"{origin}#entry-{number}", origin, fetcher)


def read_feed_file(path: Path, fetcher: Fetcher) -> Iterator[Document]:
    """A saved feed (gzipped too): its entries' articles, fetched from their links."""
    raw = read_capped(path, MAX_PAGE_BYTES, "feed")
    yield from read_feed(raw, writable(str(path)), fetcher)


def _entry_document(entry: Any, where: str, feed: str, fetcher: Fetcher) -> Document:
    link = entry.get("link")
    metadata = {
        "title": entry.get("title"),
        "published": _published(entry),
        "feed": feed,
    }
    if link:
        try:
            document = fetcher.fetch(link)
        except InputError as error:
            return failed(link, str(error))
        document.metadata.update({k: v for k, v in metadata.items() if v})
        document.metadata.setdefault("url", link)
        return document
    content = next((c.get("value") for c in entry.get("content", []) if c.get("value")), None)
    if content:
        try:
            check_page(content)
        except InputError as error:
            return failed(where, str(error))
        return Document(
            content=content,
            origin=where,
            media_type="text/html",
            fetched_at=datetime.now(UTC),
            metadata={k: v for k, v in metadata.items() if v},
        )
    return failed(where, "feed entry has neither a link nor content")


def _published(entry: Any) -> str | None:
    """The entry's date as ISO 8601 (UTC), from `published` or else `updated`."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
