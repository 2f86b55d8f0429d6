"""The server load benchmark's parts: the wire copies that make up its corpus, the bounded load
generator (against a loopback site), and its report."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlparse

from loopback import LoopbackSite, Route
from web_articles import web_articles

from onrecord.web.bench import KINDS, Load, generate_load, page_urls, wire_copies


def test_wire_copies_are_new_articles_whose_offsets_still_hold() -> None:
    originals = web_articles()[:3]
    everything = wire_copies(originals, total=5)
    assert len(everything) == 5 and len({a.id for a in everything}) == 5
    copy = everything[3]
    assert copy.site == "Wire Service 0" and copy.published == "2025-02-14"
    spans = [s for a in copy.attributions for s in a.content]
    assert spans and all(copy.text[s.start : s.end] == s.text for s in spans)


def test_the_load_generator_asks_for_every_kind_of_page_and_stops_in_time() -> None:
    with LoopbackSite({f"/{kind}": Route(b"ok") for kind in KINDS}) as site:
        urls = {kind: [f"/{kind}"] for kind in KINDS}
        # in a thread of its own: the browser tests' Playwright may keep an event loop running
        # in this one
        with ThreadPoolExecutor(1) as thread:
            running = generate_load(site.base, urls, clients=4, seconds=0.5)
            load = thread.submit(asyncio.run, running).result()
    assert load.seconds < 5 and set(load.timings) == set(KINDS)
    assert not load.failures and all(site.hits[f"/{kind}"] for kind in KINDS)


def test_the_report_gives_rates_and_percentiles_per_page_kind() -> None:
    load = Load(2.0, {"search": [10.0, 20.0, 30.0, 40.0]}, {"search": 1})
    report = load.report()
    assert "| search | 4 | 2.0 | 25.0 |" in report and report.endswith("2.0 requests/s")


def test_the_searches_asked_for_are_searches_for_words_as_the_page_reads_them(
    web_corpus, articles, client
) -> None:
    searches = page_urls(web_corpus, articles)["search"]
    assert searches and all(url.startswith("/?q=") for url in searches)
    words = parse_qs(urlparse(searches[0]).query)["q"][0]
    assert f'value="{words}"' in client.get(searches[0]).text
