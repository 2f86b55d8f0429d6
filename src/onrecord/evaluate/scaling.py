"""Parallel figures for `make bench`: onrecord's batch analysis with 1 worker and with every
core, beside bare spaCy's `nlp.pipe` with the same batch size and process count, so that the
ratio between them stays honest however busy the machine is; and `onrecord run` on a local
Ray, per core, the figure a cluster's size is planned from.

Each configuration runs over the same texts, whole runs taking turns in an order that is
reversed every round, so a machine that speeds up or slows down weighs on all alike. Wall time
is what a user waits; CPU time counts this process and its workers, and shows what parallelism
costs beside what it saves.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from onrecord import nlp, settings
from onrecord.batch import analyze_documents
from onrecord.settings import default_workers
from onrecord.records import Document

#: Alternating rounds over every configuration.
ROUNDS = 3

ONRECORD = "onrecord analyze"
BARE = "bare spaCy nlp.pipe"


@dataclass(slots=True)
class Clock:
    """Seconds spent over all rounds of one configuration."""

    wall: float = 0.0
    cpu: float = 0.0
    items: int = 0

    @property
    def rate(self) -> float:
        return self.items / self.wall if self.wall else 0.0


def analyze_all(texts: Sequence[str], workers: int) -> None:
    documents = [Document(content=text, origin=str(n)) for n, text in enumerate(texts)]
    for _ in analyze_documents(documents, workers=workers):
        pass


def parse_all(texts: Sequence[str], workers: int) -> None:
    for _ in nlp.load_bare().pipe(texts, batch_size=settings.BATCH_SIZE, n_process=workers):
        pass


RUNNERS: dict[str, Callable[[Sequence[str], int], None]] = {
    ONRECORD: analyze_all,
    BARE: parse_all,
}


def measure_scaling(
    texts: Sequence[str], worker_counts: Sequence[int], rounds: int = ROUNDS
) -> dict[tuple[str, int], Clock]:
    """Every (runner, workers) over all `texts`, `rounds` times, in turns that reverse each
    round; the models are loaded and warmed before timing."""
    for run in RUNNERS.values():
        run(texts[:2], 1)
    configurations = [(name, workers) for workers in worker_counts for name in RUNNERS]
    clocks = {configuration: Clock() for configuration in configurations}
    for turn in range(rounds):
        for name, workers in configurations if turn % 2 == 0 else configurations[::-1]:
            wall, cpu = timed(lambda: RUNNERS[name](texts, workers))
            clock = clocks[name, workers]
            clock.wall += wall
            clock.cpu += cpu
            clock.items += len(texts)
    return clocks


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and of the children it waited for)."""
    before, started = _cpu(), time.perf_counter()
    work()
    multiprocessing.active_children()  # reaps finished workers, so their CPU time counts
    return time.perf_counter() - started, _cpu() - before


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def format_scaling(clocks: dict[tuple[str, int], Clock], texts: int) -> str:
    counts = sorted({workers for _, workers in clocks})
    lines = [
        f"\nparallel analysis of {texts} PolNeAR texts, batches of {settings.BATCH_SIZE},"
        f" {ROUNDS} alternating rounds (seconds summed over the rounds):",
        f"| workers | {ONRECORD} articles/s | wall s | CPU s"
        f" | {BARE} articles/s | wall s | CPU s | onrecord ÷ bare |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for workers in counts:
        ours, bare = clocks[ONRECORD, workers], clocks[BARE, workers]
        lines.append(
            f"| {workers} | {ours.rate:.2f} | {ours.wall:.1f} | {ours.cpu:.1f}"
            f" | {bare.rate:.2f} | {bare.wall:.1f} | {bare.cpu:.1f}"
            f" | {ours.rate / bare.rate if bare.rate else 0:.2f}× |"
        )
    for workers in counts[1:]:
        parts = []
        for name in RUNNERS:
            speedup = clocks[name, workers].rate / (clocks[name, 1].rate or 1)
            parts.append(f"{name} {speedup:.2f}× (efficiency {speedup / workers:.2f})")
        lines.append(f"\n{workers} workers against 1: " + "; ".join(parts))
    return "\n".join(lines)


def scaling_report(texts: Sequence[str]) -> str:
    """The table for 1 worker and for every core of this machine."""
    counts = sorted({1, default_workers()})
    return format_scaling(measure_scaling(texts, counts), len(texts))


def run_throughput(texts: Sequence[str], cpus: int) -> tuple[float, float, float]:
    """`onrecord run` on a Ray started here with `cpus` cores: (seconds for all `texts`,
    seconds for one text, steady articles/s). The run of one text is Ray's start, the actors'
    model loading and the output's writing with next to no analysis; the steady rate is the
    rest's: (n - 1) articles over the difference, what a long run approaches."""
    from onrecord.batch.cluster import run

    seconds = []
    with tempfile.TemporaryDirectory(prefix="onrecord-run-") as folder:
        for count in (len(texts), 1):
            source = Path(folder) / f"{count}.jsonl"
            with source.open("w", encoding="utf-8") as handle:
                for text in texts[:count]:
                    handle.write(json.dumps({"text": text}) + "\n")
            started = time.perf_counter()
            run([source], Path(folder) / f"out-{count}", cpus=cpus)
            seconds.append(time.perf_counter() - started)
    whole, one = seconds
    return whole, one, (len(texts) - 1) / max(whole - one, 1e-9)


def format_run(texts: int, cpus: int, whole: float, one: float, steady: float) -> str:
    return (
        f"\nonrecord run on a local Ray ({cpus} cores), {texts} PolNeAR texts as JSONL:"
        f" {whole:.1f} s in all ({texts / whole:.2f} articles/s), {one:.1f} s for 1 text"
        f" (start-up); steady {steady:.2f} articles/s, {steady / cpus:.2f} per core"
    )


def run_report(texts: Sequence[str]) -> str:
    cpus = default_workers()
    return format_run(len(texts), cpus, *run_throughput(texts, cpus))
