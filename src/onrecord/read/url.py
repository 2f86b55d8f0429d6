"""Reading a URL: the page it serves, or, for a feed, the article behind every entry."""

from __future__ import annotations

from collections.abc import Iterator

from onrecord.fetch import Fetcher
from onrecord.read.feed import read_feed
from onrecord.read.html import HTML_TYPES
from onrecord.read.sniff import HEAD_BYTES, sniff
from onrecord.records import Document


def read_url(url: str, fetcher: Fetcher) -> Iterator[Document]:
    """Fetch `url` and read what it serves, judged by the content more than by its media type."""
    document = fetcher.fetch(url)
    content = document.content
    head = content[:HEAD_BYTES] if isinstance(content, bytes) else content[:HEAD_BYTES].encode()
    kind = sniff(head)
    if kind == "feed":
        raw = content if isinstance(content, bytes) else content.encode("utf-8")
        yield from read_feed(raw, document.origin, fetcher)
        return
    if kind == "html" or document.media_type in HTML_TYPES:
        document.media_type = "text/html"
    yield document
