"""Hostile files, one per way a reader has failed: each is a failed document with a one-line
reason, never a traceback, a hang or a gigabyte of memory, and what follows it is still read."""

from __future__ import annotations

import gzip
import importlib
import io
import json
import os
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from onrecord.checks import decode
from onrecord.errors import InputError
from onrecord.pipeline import analyze_document
from onrecord.read import jsonl, read
from onrecord.read.failure import FAILED
from onrecord.read.html import decode_html
from onrecord.read.sniff import sniff

#: The module, not the function `onrecord.read` that the package exports under the same name.
reading = importlib.import_module("onrecord.read")

PAGE = b"<html><head><title>Council</title></head><body><p>The mayor said so.</p></body></html>"
STORY = "The mayor said on Monday that the bridge would reopen in the spring, officials said.\n"


def outcomes(path: Path) -> list[tuple[str, str | None]]:
    """(origin, error) of every document read from `path`; error None for a good one."""
    return [
        (d.origin, d.metadata.get("error") if d.media_type == FAILED else None) for d in read(path)
    ]


def errors(path: Path) -> list[str | None]:
    return [error for _, error in outcomes(path)]


# --- JSONL -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": ' + "9" * 5000 + "}", "a number of over 4,300 digits"),
        ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"text": "The mayor \\ud800 said so."}', "`text` is not valid Unicode"),
        ('{"text": "ok", "title": "\\udfff"}', "a field is not valid Unicode"),
    ],
    ids=["5000-digit number", "deep nesting", "lone surrogate", "surrogate in a field"],
)
def test_a_jsonl_line_python_cannot_take_is_refused_and_the_next_is_read(tmp_path, line, reason):
    path = tmp_path / "lines.jsonl"
    path.write_text(line + "\n" + json.dumps({"text": STORY}) + "\n", encoding="utf-8")
    bad, good = errors(path)
    assert bad is not None and reason in bad
    assert good is None


def test_an_over_long_jsonl_line_is_refused_and_reading_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "lines.jsonl"
    path.write_text(
        json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": STORY}) + "\n",
        encoding="utf-8",
    )
    assert errors(path) == ["line is over the 1,000-byte limit", None]


def test_a_jsonl_gzip_bomb_of_one_endless_line_stops_with_a_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(jsonl, "MAX_SKIP_BYTES", 4 * 1024 * 1024)
    path = tmp_path / "bomb.jsonl.gz"
    # 64 MB of one line in 64 KB: without the caps, reading it takes the whole line into memory
    path.write_bytes(gzip.compress(b'{"text": "' + b"a" * (64 * 1024 * 1024)))
    (only,) = errors(path)
    assert only is not None
    assert "has no end within 4,194,304 bytes; the rest of the file is not read" in only


# --- WARC ------------------------------------------------------------------------------------


def record(url: str, *, compressed: bool = False) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(PAGE), http_headers=http)
    )
    return out.getvalue()


A, B, C = (record(f"https://gazette.example/{name}") for name in "abc")
LENGTH = B.split(b"Content-Length: ")[1].split(b"\r\n")[0]


def with_length(raw: bytes, length: bytes) -> bytes:
    return raw.replace(b"Content-Length: " + LENGTH, b"Content-Length: " + length)


def read_warc_bytes(tmp_path: Path, data: bytes, name: str = "news.warc") -> list:
    path = tmp_path / name
    path.write_bytes(data)
    return [(o.rsplit("/", 1)[-1], e) for o, e in outcomes(path)]


@pytest.mark.parametrize(
    ("middle", "reason"),
    [
        (B.replace(b"WARC-Target-URI: https://gazette.example/b\r\n", b""), "cannot be read"),
        (with_length(B, b"9" * 26), "is cut short"),
        (B.replace(b"WARC-Type: response\r\n", b""), "has no WARC-Type"),
        (B.replace(b"Content-Length: " + LENGTH + b"\r\n", b""), "has no valid Content-Length"),
        (with_length(B, str(int(LENGTH) - 40).encode()), "runs on past its Content-Length"),
        (b"WARC/1.0\r\n" + bytes(range(32, 127)) * 200 + b"\r\n\r\n", "has no WARC-Type"),
    ],
    ids=[
        "response without a URI",
        "huge Content-Length",
        "no WARC-Type",
        "no Content-Length",
        "Content-Length too short",
        "garbage after WARC/1.0",
    ],
)
def test_a_broken_warc_record_is_reported_and_the_next_one_read(tmp_path, middle, reason):
    (first, _), (_, error), (last, last_error) = read_warc_bytes(tmp_path, A + middle + C)
    assert (first, last, last_error) == ("a", "c", None)
    assert error is not None and reason in error


def test_a_warc_record_longer_than_the_file_does_not_swallow_the_next_one(tmp_path):
    swallowing = with_length(B, str(int(LENGTH) + len(C) + 500).encode())
    read_back = read_warc_bytes(tmp_path, A + swallowing + C)
    assert [name for name, _ in read_back] == ["a", "b", "c"]
    assert "is cut short: its Content-Length says" in read_back[1][1]
    assert read_back[2][1] is None


def test_a_warc_record_cut_mid_body_is_not_taken_as_whole(tmp_path):
    *_, (name, error) = read_warc_bytes(tmp_path, A + B + C[:-60])
    assert name == "c" and error is not None and "is cut short" in error


def test_a_warc_gzipped_whole_is_read_record_by_record(tmp_path):
    read_back = read_warc_bytes(tmp_path, gzip.compress(A + B + C), "news.warc.gz")
    assert read_back == [("a", None), ("b", None), ("c", None)]


@pytest.mark.parametrize(
    ("bomb", "reason"),
    [
        (b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: " + b"A" * (48 << 20), "a header line runs"),
        (b"WARC/1.0\r\n" + b"X: y\r\n" * (4 << 20), "headers run past 1,048,576 bytes"),
        (b"\r\n" * (8 << 20), "headers run past 1,048,576 bytes"),
    ],
    ids=["endless header line", "endless headers", "endless blank lines"],
)
def test_a_warc_gzip_bomb_in_the_headers_is_stopped_in_bounded_memory(tmp_path, bomb, reason):
    compressed = gzip.compress(record("https://gazette.example/a", compressed=False) + bomb)
    read_back = read_warc_bytes(tmp_path, compressed, "bomb.warc.gz")
    assert read_back[0] == ("a", None)
    assert read_back[-1][1] is not None and reason in read_back[-1][1]


# --- feeds -----------------------------------------------------------------------------------

RSS_091 = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Gazette</title><link>https://gazette.example/</link>
<item><title>Bridge</title><link>https://gazette.example/bridge</link></item>
</channel></rss>"""


def test_an_rss_091_feed_with_its_doctype_is_read_as_a_feed():
    assert sniff(RSS_091) == "feed"


def test_an_empty_feed_is_reported(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    )
    assert errors(path) == ["feed has no entries"]


def test_a_feed_declaring_an_encoding_python_cannot_use_is_refused(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(
        RSS_091.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="undefined"?>')
    )
    (error,) = errors(path)
    assert error is not None and error.startswith("feed cannot be decoded")


# --- files and directories -------------------------------------------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert errors(tmp_path / "pipe.txt") == ["not a regular file (a FIFO), so not read"]


def test_a_file_that_cannot_be_read_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch):
    def denied(path: Path) -> str:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(reading, "sniff_file", denied)  # root reads anything; a user would not
    (tmp_path / "locked.txt").write_text(STORY)
    assert errors(tmp_path / "locked.txt") == ["cannot read it: Permission denied"]


def test_an_unreadable_subdirectory_is_reported_not_passed_over(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(STORY)
    scandir = os.scandir

    def guarded(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(reading.os, "scandir", guarded)
    assert outcomes(tmp_path) == [
        (str(tmp_path / "a.txt"), None),
        (str(tmp_path / "locked"), "cannot read directory: Permission denied"),
    ]


def test_a_program_in_a_directory_is_skipped_with_a_reason_and_read_when_named(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "setup.py").write_text('"""The mayor said the bridge would open."""\n')
    assert errors(tmp_path) == [
        None,
        "skipped: a .py file is not an article (name it alone to read it)",
    ]
    assert errors(tmp_path / "setup.py") == [None]


def test_utf16_text_and_html_with_a_byte_order_mark_are_text_not_binary(tmp_path):
    (tmp_path / "story.txt").write_bytes(STORY.encode("utf-16"))
    (tmp_path / "page.html").write_bytes(PAGE.decode().encode("utf-16"))
    page, story = read(tmp_path)
    assert page.media_type == "text/html"
    assert decode_html(page.content).startswith("<html>")
    assert decode(story.content) == STORY


def test_gzipped_text_is_decompressed_and_an_empty_one_is_empty_not_binary(tmp_path):
    (tmp_path / "empty.html.gz").write_bytes(gzip.compress(b""))
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(STORY.encode()))
    empty, story = read(tmp_path)
    assert story.content == STORY.encode()
    with pytest.raises(InputError, match="^input is empty$"):
        analyze_document(empty)


def test_an_oversize_file_is_refused_with_its_own_size(tmp_path, monkeypatch):
    monkeypatch.setattr("onrecord.settings.MAX_INPUT_BYTES", 1000)
    (tmp_path / "big.txt").write_text(STORY * 100)
    (tmp_path / "big.txt.gz").write_bytes(gzip.compress(STORY.encode() * 100))
    assert errors(tmp_path) == [
        f"file is {len(STORY) * 100:,} bytes, over the 1,000-byte limit",
        "file decompresses to over the 1,000-byte limit",
    ]


def test_a_feed_feedparser_cannot_parse_is_refused_not_raised(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title>'
        b"<description>&lt;![CDe[ broken ]]&gt;</description></item></channel></rss>"
    )
    (error,) = errors(path)
    assert error == (
        "feed cannot be parsed (AssertionError: unknown status keyword 'CDe' in marked section)"
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_page_of_endless_paragraphs_is_refused_before_extraction_in_any_encoding(encoding):
    page = "<html><body>" + "<p>x</p>" * 40_000 + "</body></html>"
    with pytest.raises(InputError, match="page has 40,002 elements, over the 30,000-element"):
        decode_html(page.encode(encoding))


def test_a_broken_link_in_a_directory_is_reported_and_the_rest_read(tmp_path):
    (tmp_path / "a_gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "b.txt").write_text(STORY)
    assert errors(tmp_path) == [f"no such file: {tmp_path / 'a_gone.txt'}", None]


def test_a_link_back_up_a_directory_is_not_followed_round(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(STORY)
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    assert outcomes(tmp_path) == [(str(tmp_path / "sub" / "a.txt"), None)]


def test_a_url_that_cannot_be_parsed_is_refused_with_its_document(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": STORY, "url": "https://[gazette"}) + "\n")
    (tmp_path / "b.warc").write_bytes(record("https://[gazette.example/a"))
    assert errors(tmp_path) == [
        "`url`: 'https://[gazette' is not a valid URL (Invalid IPv6 URL)",
        "WARC record at byte 0 has an invalid WARC-Target-URI: 'https://[gazette.example/a' is"
        " not a valid URL (Invalid IPv6 URL)",
    ]
