"""Parallel figures for `make bench`: onrecord's batch analysis with 1 worker and with every
core, beside bare spaCy's `nlp.pipe` with the same batch size and process count, so that the
ratio between them stays honest however busy the machine is.

Each configuration runs over the same texts, whole runs taking turns in an order that is
reversed every round, so a machine that speeds up or slows down weighs on all alike. Wall time
is what a user waits; CPU time counts this process and its workers, and shows what parallelism
costs beside what it saves.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from onrecord import nlp
from onrecord.batch import BATCH_SIZE, analyze_documents
from onrecord.batch.pool import default_workers
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
    for _ in nlp.load_bare().pipe(texts, batch_size=BATCH_SIZE, n_process=workers):
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
        f"\nparallel analysis of {texts} PolNeAR texts, batches of {BATCH_SIZE},"
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
