"""Reading files by what they hold: text, HTML (gzipped too), feeds, WARC and JSONL, mixed in
directories and globs, whatever their names say."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from onrecord.read import read
from onrecord.read.failure import FAILED
from onrecord.read.html import decode_html
from onrecord.read.sniff import looks_like_html, sniff

COUNCIL = Path(__file__).parent / "data" / "html" / "council.html"
SAMPLE = Path(__file__).parent / "data" / "000_88a4e4ddf26ddf09.txt"
RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Gazette</title>
<item><title>Bridge</title><description>Council votes.</description></item>
</channel></rss>"""


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (RSS, "feed"),
        (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html><head>", "html"),
        (b"<!-- saved page -->\n<html lang='en'>", "html"),
        (b"<div class='story'><p>Text</p></div>", "html"),
        (b'{"text": "The mayor said so.", "url": "https://a.example/"}\n', "jsonl"),
        (b"Council approves bridge\n\nThe mayor said the bridge <b>would</b> open.", "text"),
        (b"Plain words about a <3 story.", "text"),
    ],
)
def test_the_kind_is_told_from_the_content(head, kind):
    assert sniff(head) == kind


def test_a_string_holding_a_page_is_html_and_prose_is_not():
    assert looks_like_html(COUNCIL.read_text(encoding="utf-8"))
    assert not looks_like_html(SAMPLE.read_text(encoding="utf-8"))


def test_html_is_read_whatever_the_file_is_called_and_gzipped_too(tmp_path):
    (tmp_path / "page.txt").write_bytes(COUNCIL.read_bytes())
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(COUNCIL.read_bytes()))
    documents = list(read(tmp_path))
    assert [d.media_type for d in documents] == ["text/html", "text/html"]
    assert documents[0].content == documents[1].content == COUNCIL.read_bytes()


def test_a_directory_mixing_kinds_yields_each_files_documents_in_order(tmp_path):
    (tmp_path / "a_story.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "b_page.htm").write_bytes(COUNCIL.read_bytes())
    lines = [
        {"text": "First story.", "title": "One"},
        {"html": "<p>Second</p>", "url": "https://b.example/"},
    ]
    (tmp_path / "c_lines.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    media = [d.media_type for d in read(tmp_path)]
    assert media == ["text/plain", "text/html", "text/plain", "text/html"]
    assert [d.media_type for d in read(str(tmp_path / "*.htm"))] == ["text/html"]


def test_jsonl_lines_carry_their_url_title_and_date_and_a_bad_line_does_not_stop_the_rest(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        json.dumps({"text": "The mayor spoke.", "title": "Mayor", "published": "2024-03-14"})
        + "\n{not json\n\n"
        + json.dumps({"url": "https://a.example/x"})
        + "\n"
        + json.dumps({"html": "<p>Page</p>", "url": "https://a.example/y", "title": "Y"})
        + "\n",
        encoding="utf-8",
    )
    first, bad, empty, page = read(path)
    assert (first.content, first.media_type) == ("The mayor spoke.", "text/plain")
    assert first.metadata == {"title": "Mayor", "published": "2024-03-14"}
    assert first.origin == f"{path}:1"
    assert bad.media_type == FAILED and "not valid JSON" in bad.metadata["error"]
    assert bad.origin == f"{path}:2"
    assert empty.media_type == FAILED and "no `text` or `html`" in empty.metadata["error"]
    assert (page.media_type, page.metadata["url"]) == ("text/html", "https://a.example/y")


def test_page_bytes_are_decoded_by_the_meta_charset_when_the_server_says_nothing():
    page = '<html><head><meta charset="windows-1252"></head><body><p>“Quoted” – café</p>'
    assert "“Quoted” – café" in decode_html(page.encode("cp1252"))
    assert "café" in decode_html("<p>café</p>".encode("latin-1"), "iso-8859-1")
