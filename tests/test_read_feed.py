"""Feeds and URLs: a feed's entries are fetched as articles, keeping each entry's title and date;
pages are fetched from a loopback site (allowed only with allow_private)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from loopback import LoopbackSite, Route

from onrecord.cli import main
from onrecord.errors import InputError
from onrecord.fetch import Fetcher, FetchSettings
from onrecord.pipeline import analyze_document
from onrecord.read import read
from onrecord.read.failure import FAILED

COUNCIL = (Path(__file__).parent / "data" / "html" / "council.html").read_bytes()
TUNNEL = COUNCIL.replace(b"Council approves new bridge", b"Council delays new tunnel")

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Riverside Gazette</title><link>{base}/</link>
<item><title>Bridge vote</title><link>{base}/news/bridge</link>
  <pubDate>Thu, 14 Mar 2024 09:30:00 GMT</pubDate></item>
<item><title>Gone story</title><link>{base}/news/gone</link>
  <pubDate>Wed, 13 Mar 2024 08:00:00 GMT</pubDate></item>
<item><title>Full text entry</title><pubDate>Tue, 12 Mar 2024 07:00:00 GMT</pubDate>
  <content:encoded><![CDATA[<p>The harbour master said on Tuesday that the port would reopen
  next week after repairs to the northern quay were finished ahead of schedule.</p>]]></content:encoded></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title><id>urn:gazette</id>
<updated>2024-03-15T12:00:00Z</updated>
<entry><title>Tunnel delayed</title><id>urn:1</id><link href="/news/tunnel"/>
  <updated>2024-03-15T12:00:00Z</updated></entry>
</feed>"""


@pytest.fixture
def site():
    routes = {
        "/robots.txt": Route(b"User-agent: *\nAllow: /\n", content_type="text/plain"),
        "/news/bridge": Route(COUNCIL),
        "/news/tunnel": Route(TUNNEL),
        "/short": Route(status=302, headers={"Location": "/news/bridge"}),
        "/feed.rss": Route(content_type="application/rss+xml"),
        "/atom": Route(ATOM.encode(), content_type="application/atom+xml"),
        "/feed.php": Route(content_type="text/html"),  # a feed served under the wrong type
    }
    with LoopbackSite(routes) as running:
        rss = RSS.replace("{base}", running.base).encode()
        running.routes["/feed.rss"].body = rss
        running.routes["/feed.php"].body = rss
        yield running


@pytest.fixture
def fetcher(tmp_path):
    return Fetcher(FetchSettings(allow_private=True, host_delay=0.0, cache_dir=tmp_path / "cache"))


def test_a_feed_url_yields_each_entrys_page_with_the_entrys_title_and_date(site, fetcher):
    bridge, gone, full_text = read(site.url("/feed.rss"), fetcher=fetcher)
    assert bridge.origin == site.url("/news/bridge") and bridge.media_type == "text/html"
    assert bridge.metadata["title"] == "Bridge vote"
    assert bridge.metadata["published"] == "2024-03-14T09:30:00+00:00"
    assert bridge.metadata["feed"] == site.url("/feed.rss")
    assert gone.media_type == FAILED and "HTTP 404" in gone.metadata["error"]
    assert full_text.media_type == "text/html" and "harbour master" in full_text.content
    assert full_text.metadata["title"] == "Full text entry"


def test_a_feed_is_known_by_its_content_not_its_media_type(site, fetcher):
    origins = [d.origin for d in read(site.url("/feed.php"), fetcher=fetcher)]
    assert origins[0] == site.url("/news/bridge")


def test_an_atom_feed_file_resolves_nothing_by_itself_but_fetches_absolute_links(
    site, fetcher, tmp_path
):
    atom = ATOM.replace('href="/news/tunnel"', f'href="{site.url("/news/tunnel")}"')
    path = tmp_path / "saved-feed.xml"
    path.write_text(atom, encoding="utf-8")
    (document,) = read(path, fetcher=fetcher)
    assert document.origin == site.url("/news/tunnel")
    assert document.metadata["title"] == "Tunnel delayed"
    assert document.metadata["published"] == "2024-03-15T12:00:00+00:00"


def test_an_atom_feed_url_resolves_relative_links_against_the_feed(site, fetcher):
    (document,) = read(site.url("/atom"), fetcher=fetcher)
    assert document.origin == site.url("/news/tunnel")


def test_a_page_url_is_read_as_html_after_redirects(site, fetcher):
    (document,) = read(site.url("/short"), fetcher=fetcher)
    assert document.origin == site.url("/news/bridge")
    assert document.metadata["requested_url"] == site.url("/short")


def test_a_url_that_cannot_be_fetched_is_refused_as_a_source(site, fetcher):
    with pytest.raises(InputError, match="HTTP 404"):
        list(read(site.url("/missing"), fetcher=fetcher))


def test_a_fetched_page_is_analysed_with_the_feeds_date_filling_in_only_what_it_lacks(
    site, fetcher
):
    bridge, _, full_text = read(site.url("/feed.rss"), fetcher=fetcher)
    article = analyze_document(bridge)
    assert article.url == site.url("/news/bridge")
    assert article.headline == "Council approves new bridge after long debate"
    assert article.published == "2024-03-14"  # the page's own date
    entry = analyze_document(full_text)
    assert entry.headline == "Full text entry"
    assert entry.published == "2024-03-12T07:00:00+00:00"


def test_cli_analyzes_a_feed_from_the_loopback_site_only_with_allow_private(
    site, tmp_path, monkeypatch
):
    monkeypatch.setenv("ONRECORD_CACHE", str(tmp_path / "cache"))
    runner = CliRunner()
    refused = runner.invoke(main, ["analyze", "--jsonl", site.url("/news/bridge")])
    assert refused.exit_code == 1
    assert "non-public address" in refused.output
    assert sum(site.hits.values()) == 0
    result = runner.invoke(main, ["analyze", "--jsonl", "--allow-private", site.url("/atom")])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert record["headline"] == "Council delays new tunnel after long debate"
    assert record["url"] == site.url("/news/tunnel")
    assert record["canonical_url"].endswith("/news/2024/03/council-bridge")
