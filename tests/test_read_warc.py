"""WARC files as CC-NEWS ships them: HTML responses become documents, everything else is passed
over, and a broken record is reported without losing the records after it."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from onrecord.errors import InputError
from onrecord.pipeline import analyze_document
from onrecord.read import read
from onrecord.read.failure import FAILED
from onrecord.read.warc import read_warc

COUNCIL = (Path(__file__).parent / "data" / "html" / "council.html").read_bytes()


def response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2024-03-14T10:00:00Z"},
    )
    writer.write_record(record)


def raw_record(url: str, payload: bytes, compressed: bool) -> bytes:
    """A record warcio would refuse to write: an HTTP response that is not HTTP."""
    record = (
        (
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:0000>\r\n"
            f"WARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        ).encode()
        + payload
        + b"\r\n\r\n"
    )
    return gzip.compress(record) if compressed else record


def write_warc(path: Path, compressed: bool) -> Path:
    """Good page, image, request, redirect, response without HTTP, garbage, good page."""
    head, tail = io.BytesIO(), io.BytesIO()
    writer = WARCWriter(head, gzip=compressed)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
    response(writer, "https://gazette.example/council", COUNCIL, "text/html; charset=utf-8")
    response(writer, "https://gazette.example/bridge.jpg", b"\xff\xd8\xff\xe0", "image/jpeg")
    writer.write_record(
        writer.create_warc_record(
            "https://gazette.example/council",
            "request",
            payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
        )
    )
    response(writer, "https://gazette.example/old", b"", "text/html", status="301 Moved")
    broken = raw_record("https://gazette.example/bad", b"NOT HTTP\r\n\r\n<p>x</p>", compressed)
    garbage = b"this is no WARC record at all\r\n\r\n"
    garbage = gzip.compress(garbage) if compressed else garbage
    writer = WARCWriter(tail, gzip=compressed)
    second = COUNCIL.replace(b"Council approves new bridge", b"Council delays new tunnel")
    response(writer, "https://gazette.example/tunnel", second, "text/html")
    path.write_bytes(head.getvalue() + broken + garbage + tail.getvalue())
    return path


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_html_responses_are_read_and_broken_records_reported_and_skipped(tmp_path, compressed):
    path = write_warc(tmp_path / ("news.warc.gz" if compressed else "news.warc"), compressed)
    documents = list(read(path))
    assert [(d.origin, d.media_type) for d in documents] == [
        ("https://gazette.example/council", "text/html"),
        ("https://gazette.example/bad", FAILED),
        (documents[2].origin, FAILED),
        ("https://gazette.example/tunnel", "text/html"),
    ]
    assert "no valid HTTP response" in documents[1].metadata["error"]
    assert "broken WARC record" in documents[2].metadata["error"]
    assert documents[0].content == COUNCIL
    assert documents[0].metadata["url"] == "https://gazette.example/council"
    assert documents[0].fetched_at is not None and documents[0].fetched_at.year == 2024


def test_a_warc_page_is_analysed_with_its_url_and_a_failed_record_gives_its_reason(tmp_path):
    good, bad, *_ = read_warc(write_warc(tmp_path / "news.warc.gz", True), progress=False)
    article = analyze_document(good)
    assert article.headline == "Council approves new bridge after long debate"
    assert article.url == "https://gazette.example/council"
    assert article.canonical_url == "https://gazette.example/news/2024/03/council-bridge"
    with pytest.raises(InputError, match="no valid HTTP response"):
        analyze_document(bad)


def test_a_large_warc_is_streamed_record_by_record(tmp_path):
    """Reading yields the first page before the rest of the file is touched."""
    path = tmp_path / "big.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in range(300):
            response(writer, f"https://gazette.example/{number}", COUNCIL, "text/html")
    documents = read_warc(path, progress=False)
    first = next(documents)
    assert first.origin == "https://gazette.example/0"
    assert sum(1 for _ in documents) == 299


def test_reading_shows_a_progress_bar_when_asked(tmp_path, capsys):
    list(read_warc(write_warc(tmp_path / "news.warc.gz", True), progress=True))
    assert "news.warc.gz" in capsys.readouterr().err
