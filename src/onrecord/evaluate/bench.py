"""Throughput benchmark: `python -m onrecord.evaluate.bench` (`make bench`).

Each figure is a named `Measurement` over the same inputs in the same process, after a warm-up,
so that onrecord's cost reads against a yardstick measured alongside it: `analyze` against bare
spaCy parsing of the same texts with the same model, timed in alternating turns so that a
machine changing speed during the run does not tilt the ratio. Add a measurement to `MEASUREMENTS` for a
new figure (HTML pages/s, ingest throughput …).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import sys

import click
import trafilatura

from onrecord import nlp, pipeline
from onrecord.corpus import bench as corpus_bench
from onrecord.evaluate import scaling
from onrecord.evaluate.extraction import english_pages
from onrecord.evaluate.polnear import read_polnear
from onrecord.structure.html import structure_html

#: Inputs processed untimed first, so model loading and caches are not measured.
WARM_UP = 2


@dataclass(frozen=True, slots=True)
class Measurement:
    """One throughput figure: `inputs` are loaded untimed, `process` handles all of them."""

    name: str
    unit: str
    inputs: Callable[[int | None], Sequence[Any]]
    process: Callable[[Sequence[Any]], object]


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    unit: str
    items: int
    seconds: float
    #: CPU time of the same work: steadier than wall time when other jobs share the machine.
    cpu_seconds: float

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0


@lru_cache(maxsize=2)
def polnear_texts(limit: int | None = None) -> tuple[str, ...]:
    """The PolNeAR dev articles' texts: real news of typical length (~750 words)."""
    return tuple(article.text for article in itertools.islice(read_polnear("dev"), limit))


def _analyze_each(texts: Sequence[str]) -> None:
    for text in texts:
        pipeline.analyze(text)


def _parse_each(texts: Sequence[str]) -> None:
    parse = nlp.load_bare()
    for text in texts:
        parse(text)


def _parse_piped(texts: Sequence[str]) -> None:
    for _ in nlp.load_bare().pipe(texts):
        pass


def _analyze_html_each(pages: Sequence[str]) -> None:
    for html in pages:
        pipeline.analyze_html(html)


def _structure_html_each(pages: Sequence[str]) -> None:
    for html in pages:
        structure_html(html)


def _trafilatura_each(pages: Sequence[str]) -> None:
    for html in pages:
        trafilatura.extract(html)


MEASUREMENTS: list[Measurement] = [
    Measurement("onrecord analyze(text)", "articles/s", polnear_texts, _analyze_each),
    Measurement("bare spaCy nlp(text)", "articles/s", polnear_texts, _parse_each),
    Measurement("bare spaCy nlp.pipe(texts)", "articles/s", polnear_texts, _parse_piped),
    Measurement("onrecord analyze(html)", "pages/s", english_pages, _analyze_html_each),
    Measurement("structure_html(html)", "pages/s", english_pages, _structure_html_each),
    Measurement("trafilatura.extract(html)", "pages/s", english_pages, _trafilatura_each),
]
# analysed PolNeAR train+dev articles (analysis untimed) stored into a new store each run
MEASUREMENTS.append(
    Measurement(
        "corpus ingest into SQLite",
        "articles/s",
        corpus_bench.analysed_polnear,
        corpus_bench.ingest_into_sqlite,
    )
)
if corpus_bench.postgres_available():
    MEASUREMENTS.append(
        Measurement(
            "corpus ingest into PostgreSQL",
            "articles/s",
            corpus_bench.analysed_polnear,
            corpus_bench.ingest_into_postgres,
        )
    )

#: (measured, yardstick): the first's throughput as a share of the second's.
RATIOS = [
    ("onrecord analyze(text)", "bare spaCy nlp(text)"),
    ("structure_html(html)", "trafilatura.extract(html)"),
]


#: Inputs per turn when two measurements are timed in alternation.
TURN = 6


def measure_together(
    first: Measurement, second: Measurement, limit: int | None = None
) -> tuple[Result, Result]:
    """Time two measurements over the same inputs in alternating turns of a few inputs each
    (which goes first alternates too), so a machine that speeds up or slows down during the
    run (a shared or throttled CPU) weighs on both alike and their ratio stays fair."""
    items = first.inputs(limit)
    first.process(items[:WARM_UP])
    second.process(items[:WARM_UP])
    clocks = {first.name: [0.0, 0.0], second.name: [0.0, 0.0]}
    for turn, start in enumerate(range(0, len(items), TURN)):
        chunk = items[start : start + TURN]
        for measurement in (first, second) if turn % 2 == 0 else (second, first):
            wall, cpu = _timed(measurement, chunk)
            clocks[measurement.name][0] += wall
            clocks[measurement.name][1] += cpu
    return tuple(  # type: ignore[return-value]
        Result(m.name, m.unit, len(items), *clocks[m.name]) for m in (first, second)
    )


def measure(measurement: Measurement, limit: int | None = None) -> Result:
    """Time one measurement over its inputs, after processing the first few untimed."""
    items = measurement.inputs(limit)
    measurement.process(items[:WARM_UP])
    return Result(measurement.name, measurement.unit, len(items), *_timed(measurement, items))


def _timed(measurement: Measurement, items: Sequence[Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of processing `items`."""
    started, started_cpu = time.perf_counter(), time.process_time()
    measurement.process(items)
    return time.perf_counter() - started, time.process_time() - started_cpu


def _per_item(result: Result, clock: Literal["seconds", "cpu_seconds"]) -> float:
    """Seconds per item on one clock, never zero, so that ratios of tiny runs stay defined."""
    return max(getattr(result, clock), 1e-9) / max(result.items, 1)


def format_results(results: Sequence[Result]) -> str:
    lines = [
        "| measurement | items | seconds | CPU seconds | rate |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r.name} | {r.items} | {r.seconds:.2f} | {r.cpu_seconds:.2f} | {r.rate:.2f} {r.unit} |"
        for r in results
    ]
    by_name = {r.name: r for r in results}
    for slow, fast in RATIOS:
        if slow in by_name and fast in by_name:
            wall = _per_item(by_name[fast], "seconds") / _per_item(by_name[slow], "seconds")
            cpu = _per_item(by_name[fast], "cpu_seconds") / _per_item(by_name[slow], "cpu_seconds")
            lines.append(
                f"\n{slow} runs at {wall:.2f}× the throughput of {fast} ({cpu:.2f}× in CPU time)"
            )
    return "\n".join(lines)


@click.command()
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N inputs.")
@click.option("--only", multiple=True, help="Run only the measurements whose name contains this.")
@click.option(
    "--scale",
    "scales",
    type=click.IntRange(min=1),
    multiple=True,
    help="Statements in a synthetic store to measure ingest and corpus commands at "
    f"(repeatable; default {', '.join(f'{n:,}' for n in corpus_bench.SCALES)}).",
)
def main(limit: int | None, only: tuple[str, ...], scales: tuple[int, ...]) -> None:
    """Print throughput of onrecord against bare spaCy on the same texts, and the corpus
    figures at scale."""
    try:
        _run(limit, only, scales)
    except FileNotFoundError as error:  # the corpora are not there: say which, in one line
        click.echo(f"error: {error}", err=True)
        sys.exit(1)


def _run(limit: int | None, only: tuple[str, ...], scales: tuple[int, ...]) -> None:
    chosen = [m for m in MEASUREMENTS if not only or any(o in m.name for o in only)]
    by_name = {m.name: m for m in chosen}
    results: dict[str, Result] = {}
    for slow, fast in RATIOS:
        if slow in by_name and fast in by_name:
            results[slow], results[fast] = measure_together(by_name[slow], by_name[fast], limit)
    for m in chosen:
        if m.name not in results:
            results[m.name] = measure(m, limit)
    if chosen:
        click.echo(format_results([results[m.name] for m in chosen]))
    if not only or any(o in "corpus search latency" for o in only):
        click.echo(corpus_bench.search_latency_report(limit))
    if not only or any(o in "corpus commands end to end" for o in only):
        click.echo(corpus_bench.startup_report(limit))
    if not only or any(o in "corpus bulk load" for o in only):
        for line in corpus_bench.bulk_load_report(limit):
            click.echo(line)
    if not only or any(o in "corpus at scale" for o in only):
        for line in corpus_bench.scale_report(scales or corpus_bench.SCALES):
            click.echo(line)
    if not only or any(o in "parallel analysis" for o in only):
        click.echo(scaling.scaling_report(polnear_texts(limit)))
    if not only or any(o in "onrecord run on Ray" for o in only):
        click.echo(scaling.run_report(polnear_texts(limit)))
    if not only or any(o in "web server load" for o in only):
        from onrecord.web.bench import load_report

        click.echo(load_report(limit))


if __name__ == "__main__":
    main()
