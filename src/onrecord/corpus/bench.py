"""Corpus figures for `make bench`: how fast analysed articles go into each store, and how long
a search takes once they are there.

The articles are PolNeAR train+dev (924 real news articles), analysed once, untimed, with their
publisher and date from the corpus metadata, so ingest figures measure the store alone.
PostgreSQL is measured when `$ONRECORD_BENCH_PG_URL` names a server (`make bench` starts one);
each run gets a new database there, dropped afterwards.
"""

from __future__ import annotations

import csv
import hashlib
import json
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from onrecord.corpus import Corpus
from onrecord.corpus.store import scratch_database
from onrecord.errors import InputError
from onrecord.evaluate.corpora import data_root
from onrecord.records import Article

#: Where analysed articles are kept between benchmark runs.
CACHE = Path(".bench-cache")
#: The server PostgreSQL figures are measured on; without it they are left out.
PG_URL_VARIABLE = "ONRECORD_BENCH_PG_URL"
QUERIES = 100

_WORD = re.compile(r"[A-Za-z]{6,}")


def polnear_articles(
    splits: Sequence[str] = ("train", "dev"), limit: int | None = None
) -> list[Article]:
    """PolNeAR articles analysed by the pipeline, with `site` (publisher) and `published`
    from `metadata.tsv`, in name order; articles the pipeline refuses are left out."""
    from onrecord.pipeline import analyze  # spaCy loads only when articles are analysed

    root = data_root() / "polnear"
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        metadata = {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}
    paths = sorted(p for split in splits for p in (root / split / "text").glob("*.txt"))
    articles = []
    for path in itertools.islice(paths, limit):
        try:
            article = analyze(path.read_bytes().decode("utf-8"), origin=str(path))
        except InputError:
            continue
        row = metadata.get(path.stem, {})
        article.site = row.get("publisher")
        article.published = row.get("publication_date")
        articles.append(article)
    return articles


@lru_cache(maxsize=2)
def analysed_polnear(limit: int | None = None) -> tuple[Article, ...]:
    """The analysed PolNeAR articles, kept in `.bench-cache/` between runs under a digest of
    the analysis code and data (all of onrecord but the corpus, the server and evaluation),
    so a changed analysis is analysed again."""
    cache = CACHE / f"polnear-{limit or 'all'}-{_code_digest()}.jsonl"
    if cache.exists():
        with cache.open(encoding="utf-8") as lines:
            return tuple(Article.from_dict(json.loads(line)) for line in lines)
    articles = tuple(polnear_articles(limit=limit))
    cache.parent.mkdir(exist_ok=True)
    # a name of this process's own: two benches started at once each write theirs
    partial = cache.with_suffix(f".{os.getpid()}.partial")
    with partial.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(article.to_dict()) + "\n" for article in articles)
    partial.replace(cache)
    return articles


def _code_digest() -> str:
    package = Path(__file__).parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        analysis = not {"corpus", "evaluate", "web", "__pycache__"} & set(path.parts)
        if analysis and path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def write_run_output(folder: Path, articles: Sequence[Article], shard_size: int = 1000) -> Path:
    """The articles written as `onrecord run` writes its output (shards of `shard_size`, a
    manifest), for loading them in bulk."""
    from onrecord.batch.cluster import write_manifest, write_shard  # pyarrow loads only here

    for start in range(0, len(articles), shard_size):
        write_shard(
            folder,
            f"articles-{start // shard_size:06d}",
            [
                {
                    "file": "articles",
                    "position": n,
                    "origin": article.origin,
                    "error": "",
                    "record": json.dumps(article.to_dict()),
                }
                for n, article in enumerate(articles[start : start + shard_size], start)
            ],
        )
    write_manifest(folder, [], shard_size)
    return folder


@contextmanager
def sqlite_store() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-") as folder:
        yield str(Path(folder) / "corpus.db")


def postgres_store() -> AbstractContextManager[str]:
    return scratch_database(os.environ[PG_URL_VARIABLE], "bench")


def postgres_available() -> bool:
    return bool(os.environ.get(PG_URL_VARIABLE))


def stores() -> dict[str, Callable[[], AbstractContextManager[str]]]:
    """The stores to measure, by name: SQLite always, PostgreSQL when a server is given."""
    found: dict[str, Callable[[], AbstractContextManager[str]]] = {"SQLite": sqlite_store}
    if postgres_available():
        found["PostgreSQL"] = postgres_store
    return found


def ingest_into_sqlite(articles: Sequence[Article]) -> None:
    with sqlite_store() as url, Corpus(url) as corpus:
        corpus.ingest(articles)


def ingest_into_postgres(articles: Sequence[Article]) -> None:
    with postgres_store() as url, Corpus(url) as corpus:
        corpus.ingest(articles)


def benchmark_queries(articles: Sequence[Article], count: int = QUERIES) -> list[dict[str, object]]:
    """Searches a user might run, drawn evenly from the statements: two words of one
    statement, every second search also filtered by that statement's speaker or by date."""
    statements = [
        (article, attribution)
        for article in articles
        for attribution in article.attributions
        if len(_WORD.findall(attribution.content[0].text if attribution.content else "")) >= 2
    ]
    queries: list[dict[str, object]] = []
    for i in range(count):
        article, attribution = statements[i * len(statements) // count]
        words = sorted(set(_WORD.findall(" ".join(s.text for s in attribution.content))), key=len)
        query: dict[str, object] = {"query": " ".join(words[-2:])}
        speaker = article.speaker(attribution.speaker_id)
        if i % 4 == 1 and speaker is not None:
            query["speaker"] = speaker.name.split()[-1]
        elif i % 4 == 3:
            query["since"] = date(2016, 6, 1)
        queries.append(query)
    return queries


def search_latency(url: str, queries: Sequence[dict[str, object]]) -> tuple[float, float]:
    """Median and 95th percentile of search time in milliseconds (20 results per search)."""
    with Corpus(url) as corpus:
        corpus.search(**queries[0])  # type: ignore[arg-type]  # warm caches untimed
        times = []
        for query in queries:
            started = time.perf_counter()
            corpus.search(**query)  # type: ignore[arg-type]
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def search_latency_report(limit: int | None = None) -> str:
    """A table of search latency on every store, each filled with the benchmark articles."""
    articles = analysed_polnear(limit)
    queries = benchmark_queries(articles)
    lines = [
        f"\nsearch latency over {len(queries)} queries, {len(articles)} articles stored:",
        "| store | median ms | p95 ms |",
        "| --- | --- | --- |",
    ]
    for name, store in stores().items():
        with store() as url:
            with Corpus(url) as corpus:
                corpus.ingest(articles)
            median, p95 = search_latency(url, queries)
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} |")
    return "\n".join(lines)


#: Corpus commands as a user types them, each run in a new process: what they cost end to end
#: on a small store is mostly starting (Python, the imports, opening the store).
STARTED_COMMANDS: list[tuple[str, list[str]]] = [
    ("search", ["search", "economy"]),
    ("search + speaker", ["search", "economy", "--speaker", "Trump"]),
    ("speakers --limit 50", ["speakers", "--limit", "50"]),
    ("speaker 'Hillary Clinton'", ["speaker", "Hillary Clinton"]),
    ("quotes --top 10", ["quotes", "--top", "10"]),
]
#: The yardstick timed in the same turns: the one import no corpus command can do without.
IMPORT_ONLY = [sys.executable, "-c", "import sqlalchemy"]
STARTUP_ARTICLES = 100


def startup_report(limit: int | None = None) -> str:
    """A table of corpus commands' wall time end to end, each in a new process, on every store
    holding the first benchmark articles, beside Python importing SQLAlchemy alone: commands
    and yardstick take turns (median of `COMMAND_RUNS` turns, after one untimed)."""
    articles = analysed_polnear(limit)[:STARTUP_ARTICLES]
    labels = [label for label, _ in STARTED_COMMANDS]
    lines = [
        f"\ncorpus commands end to end, a new process each ({len(articles)} articles stored; "
        f"median of {COMMAND_RUNS} runs, ms):",
        "| store | " + " | ".join(labels) + " | python -c 'import sqlalchemy' |",
        "| --- " * (len(labels) + 2) + "|",
    ]
    command = _onrecord_command()
    for name, store in stores().items():
        with store() as url:
            with Corpus(url) as corpus:
                corpus.ingest(articles)
            runs = [[*command, *arguments, "--db", url] for _, arguments in STARTED_COMMANDS]
            runs.append(IMPORT_ONLY)
            times: list[list[float]] = [[] for _ in runs]
            for turn in range(COMMAND_RUNS + 1):
                for run, taken in zip(runs, times, strict=True):
                    ms = _process_ms(run)
                    if turn:
                        taken.append(ms)
        lines.append(
            f"| {name} | " + " | ".join(f"{statistics.median(t):.0f}" for t in times) + " |"
        )
    return "\n".join(lines)


def _onrecord_command() -> list[str]:
    """The `onrecord` script installed beside this Python, as users run it (`-m onrecord`
    where there is none)."""
    script = shutil.which("onrecord", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "onrecord"]


def _process_ms(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000


#: Articles in the run output loaded in bulk (PolNeAR articles, then variants of them), and
#: the first of them stored one by one, for comparison.
BULK_ARTICLES = 2000
ONE_BY_ONE = 500


def bulk_load_report(limit: int | None = None) -> Iterator[str]:
    """Articles/s of `ingest DIR` of a run's output into each new store, against storing
    the same articles one by one (`store_article`), with the machine's load average after each
    (the figures are of one process, and the machine may be shared): a table, line by line."""
    from onrecord.corpus.ingest import store_article
    from onrecord.corpus.synthetic import variants

    articles = list(itertools.islice(variants(analysed_polnear(limit)), BULK_ARTICLES))
    yield from [
        f"\ncorpus bulk load ({len(articles):,} analysed articles as `onrecord run` writes them, "
        f"PolNeAR's and variants of them; one by one: the first {ONE_BY_ONE}; load: 1-minute "
        "load average after each):",
        "| store | bulk articles/s | load | one-by-one articles/s | load | bulk / one-by-one |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-") as folder:
        run = write_run_output(Path(folder) / "run", articles)
        for name, store in stores().items():
            with store() as url, Corpus(url) as corpus:
                started = time.perf_counter()
                corpus.ingest([run])
                bulk = len(articles) / (time.perf_counter() - started)
                bulk_load = os.getloadavg()[0]
            with store() as url, Corpus(url) as corpus:
                started = time.perf_counter()
                for article in articles[:ONE_BY_ONE]:
                    store_article(corpus.engine, article)
                one_by_one = ONE_BY_ONE / (time.perf_counter() - started)
                one_by_one_load = os.getloadavg()[0]
            yield (
                f"| {name} | {bulk:.0f} | {bulk_load:.2f} | {one_by_one:.0f} | "
                f"{one_by_one_load:.2f} | {bulk / one_by_one:.1f}× |"
            )


#: Statements in the synthetic stores `make bench` measures at (`make bench-corpus` adds 1 M).
SCALES = (10_000, 100_000)
#: Articles stored one at a time, timed, into each synthetic store.
TIMED_ARTICLES = 40
#: What users ask of a large corpus: (label, Corpus method, arguments).
CORPUS_COMMANDS: list[tuple[str, str, dict[str, Any]]] = [
    ("search common word", "search", {"query": "people"}),
    ("search rare word", "search", {"query": "filibuster"}),
    ("search phrase", "search", {"query": '"the american people"'}),
    ("search + speaker", "search", {"query": "economy", "speaker": "Trump"}),
    ("search + date", "search", {"query": "economy", "since": date(2016, 10, 1)}),
    ("speakers --limit 50", "speakers", {"limit": 50}),
    ("speaker 'Hillary Clinton'", "speaker", {"name": "Hillary Clinton", "limit": 50}),
    ("quotes --top 10", "quotes", {"top": 10}),
]
#: Times each command runs (after one untimed run); the median is reported.
COMMAND_RUNS = 5


def scale_report(scales: Sequence[int] = SCALES) -> Iterator[str]:
    """Per-article ingest cost and corpus command latency on every store, each filled with a
    synthetic corpus (`corpus.synthetic`) of each size, built in bulk, untimed: a table, line
    by line as each store is measured."""
    from onrecord.corpus.ingest import store_article
    from onrecord.corpus.synthetic import fill, variants

    base = analysed_polnear()
    yield from [
        "\ncorpus at scale (synthetic corpus from the analysed PolNeAR articles; "
        f"ingest: {TIMED_ARTICLES} articles stored one by one, wall and this process's CPU "
        f"time (SQLite runs in it, PostgreSQL does not); commands: median of {COMMAND_RUNS} "
        "runs, ms):",
        "| store | statements | build s | ingest median ms | ingest p95 ms | ingest CPU ms | "
        + " | ".join(label for label, _, _ in CORPUS_COMMANDS)
        + " | the most quoted speaker's profile (web page) |",
        "| --- " * (7 + len(CORPUS_COMMANDS)) + "|",
    ]
    for scale in scales:
        for name, store in stores().items():
            with store() as url, Corpus(url) as corpus:
                articles = variants(base)
                started = time.perf_counter()
                fill(corpus.engine, articles, scale)
                built = time.perf_counter() - started
                ingest, cpu = [], []
                for _ in range(TIMED_ARTICLES):
                    article = next(articles)
                    started, started_cpu = time.perf_counter(), time.process_time()
                    store_article(corpus.engine, article)
                    ingest.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                commands = [_command_ms(corpus, m, kw) for _, m, kw in CORPUS_COMMANDS]
                # what a speaker page reads grows with the speaker's statements
                most_quoted = corpus.speakers(limit=1)[0].id
                commands.append(_command_ms(corpus, "speaker_profile", {"speaker_id": most_quoted}))
            yield (
                f"| {name} | {scale:,} | {built:.0f} | {statistics.median(ingest):.1f} | "
                f"{statistics.quantiles(ingest, n=20)[-1]:.1f} | {statistics.median(cpu):.1f} | "
                + " | ".join(f"{ms:.1f}" for ms in commands)
                + " |"
            )


def _command_ms(corpus: Corpus, method: str, arguments: dict[str, Any]) -> float:
    call = getattr(corpus, method)
    call(**arguments)
    times = []
    for _ in range(COMMAND_RUNS):
        started = time.perf_counter()
        call(**arguments)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
