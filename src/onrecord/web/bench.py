"""`make bench`: the server under load. `onrecord serve` runs as it does by default (a
process per core) over a corpus of 1,200 articles (PolNeAR train+dev, analysed untimed, and
some of them again as wire copies in other outlets a day later, so quotes travel), and a
bounded load generator on loopback (one client, then 32, for 30 s each by default, asyncio +
aiohttp) asks for search, article, speaker and quote pages in turn, the searches with a
query's words as a user types them. Printed: requests per second and p50/p95/p99 latency per
page kind.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import urlencode

import aiohttp
import httpx

from onrecord.corpus import Corpus
from onrecord.corpus import bench as corpus_bench
from onrecord.records import Article

CLIENTS = int(os.environ.get("ONRECORD_BENCH_CLIENTS", "32"))
#: A lone client as well: what a page costs when nobody waits in line before it.
LEVELS = (1, CLIENTS)
SECONDS = float(os.environ.get("ONRECORD_BENCH_SECONDS", "30"))
#: The corpus size the figures are measured at.
ARTICLES = 1200
KINDS = ("search", "article", "speaker", "quote")


def wire_copies(articles: Sequence[Article], total: int = ARTICLES) -> list[Article]:
    """`articles` and, to make `total`, copies of the first ones as a wire service's outlets
    ran them a day later: the same text with a credit line after it (so every offset holds
    and the id is new), another site and date."""
    copies = []
    for i, article in enumerate(articles[: max(0, total - len(articles))]):
        text = f"{article.text}\n\n(Distributed by Wire Service {i % 5}.)"
        published = _day_after(article.published)
        copies.append(
            replace(
                article,
                text=text,
                id="",
                site=f"Wire Service {i % 5}",
                published=published,
                origin=f"wire/{i}",
                url=None,
                canonical_url=None,
            )
        )
    return [*articles, *copies]


def _day_after(published: str | None) -> str | None:
    try:
        return (date.fromisoformat((published or "")[:10]) + timedelta(days=1)).isoformat()
    except ValueError:
        return published


def page_urls(corpus: Corpus, articles: Sequence[Article]) -> dict[str, list[str]]:
    """The pages the clients ask for, by kind: searches a user might run (as `make bench`'s
    search latency uses), stored articles, the most quoted speakers, the most reported
    quotes."""
    searches = [
        "/?" + urlencode({_PARAMETERS.get(k, k): _text(v) for k, v in q.items()})
        for q in corpus_bench.benchmark_queries(articles)
    ]
    step = max(1, len(articles) // 100)
    return {
        "search": searches,
        "article": [f"/articles/{a.id}" for a in articles[::step]],
        "speaker": [f"/speakers/{s.id}" for s in corpus.speakers(limit=100)],
        "quote": [f"/quotes/{q.id}" for q in corpus.quotes(100)],
    }


#: The page's names for the benchmark queries' fields, where they differ.
_PARAMETERS = {"query": "q"}


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


@dataclass(frozen=True, slots=True)
class Load:
    """What the load generator saw: each request's page kind, latency (ms) and status."""

    seconds: float
    timings: dict[str, list[float]]
    failures: dict[str, int]

    def report(self) -> str:
        total = sum(len(t) for t in self.timings.values())
        lines = [
            "| page | requests | req/s | p50 ms | p95 ms | p99 ms | failed |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for kind in KINDS:
            times = self.timings.get(kind, [])
            if len(times) < 2:
                continue
            cuts = statistics.quantiles(times, n=100)
            lines.append(
                f"| {kind} | {len(times)} | {len(times) / self.seconds:.1f} | "
                f"{statistics.median(times):.1f} | {cuts[94]:.1f} | {cuts[98]:.1f} | "
                f"{self.failures.get(kind, 0)} |"
            )
        lines.append(f"\nall pages: {total / self.seconds:.1f} requests/s")
        return "\n".join(lines)


async def generate_load(
    base: str, urls: dict[str, list[str]], clients: int = CLIENTS, seconds: float = SECONDS
) -> Load:
    """`clients` clients, each asking for the next page (search, article, speaker, quote in
    turn, each client at a different place in the lists) as soon as its last answer came,
    until `seconds` have passed; bounded in time and count, and only ever to `base` on
    loopback. aiohttp, whose HTTP is compiled: the generator shares the server's cores, and
    httpx took four times the CPU per request that it does."""
    timings: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    started = time.perf_counter()
    deadline = started + seconds
    cap = int(seconds * 5000)  # a bound on requests whatever the server's speed

    async def client(number: int, http: aiohttp.ClientSession) -> None:
        for turn in itertools.count():
            if time.perf_counter() >= deadline or sum(map(len, timings.values())) >= cap:
                return
            kind = KINDS[(number + turn) % len(KINDS)]
            pages = urls[kind]
            url = pages[(number + clients * (turn // len(KINDS))) % len(pages)]
            sent = time.perf_counter()
            try:
                async with http.get(url) as response:
                    await response.read()
                    ok = response.status == 200
            except aiohttp.ClientError:
                ok = False
            timings[kind].append((time.perf_counter() - sent) * 1000)
            if not ok:
                failures[kind] += 1

    connections = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, connector=connections, timeout=timeout) as http:
        await asyncio.gather(*(client(i, http) for i in range(clients)))
    return Load(time.perf_counter() - started, dict(timings), dict(failures))


@contextmanager
def served(url: str, workers: int | None = None) -> Iterator[str]:
    """`onrecord serve` over the store at `url` (with `workers` processes, else its default),
    in a process of its own on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "onrecord", "serve", "--db", url, "--port", str(port)]
        + ([] if workers is None else ["--workers", str(workers)]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/v1/speakers?limit=1", trust_env=False).is_success:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(10)


def load_report(limit: int | None = None) -> str:
    """The load figures on every store (SQLite, and PostgreSQL when `make bench` started one)."""
    articles = wire_copies(
        corpus_bench.analysed_polnear(limit), ARTICLES if limit is None else limit
    )
    lines = [
        f"\nserver under load: {' and '.join(map(str, LEVELS))} clients for {SECONDS:g} s each"
        f" on loopback, {len(articles)} articles stored"
    ]
    for name, store in corpus_bench.stores().items():
        with store() as url:
            with Corpus(url) as corpus:
                corpus.ingest(articles)
                urls = page_urls(corpus, articles)
            with served(url) as base:
                for clients in LEVELS:
                    load = asyncio.run(generate_load(base, urls, clients))
                    lines += [f"\n{name}, {clients} client{'s' * (clients > 1)}:", load.report()]
    return "\n".join(lines)
