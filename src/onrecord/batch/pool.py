"""Worker processes for a batch run: each loads spaCy once and analyses whole batches; the
parent reads ahead only a few batches per worker and hands results back in input order.

A worker that dies (killed, out of memory) breaks the pool: a new one takes over the batches
in flight, and a batch that breaks a second pool on its own is recorded as failed, document by
document, so the run goes on.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

from onrecord import nlp, settings
from onrecord.batch import Outcome, analyze_batch, merge
from onrecord.records import Document

#: Batches read ahead per worker, so that none waits while the parent reads or writes.
AHEAD = 2

T = TypeVar("T")


def analyze_in_pool(batches: Iterator[list[Document | T]], workers: int) -> Iterator[Outcome | T]:
    """Every batch analysed by `workers` processes, merged back in input order (see
    `batch.merge`); at most `workers × AHEAD` batches are read ahead."""
    pool = _Pool(workers)
    window: deque[_Flight[T]] = deque()
    try:
        for batch in batches:
            window.append(_Flight(batch, pool.submit(batch)))
            if len(window) > workers * AHEAD:
                yield from pool.collect(window)
        while window:
            yield from pool.collect(window)
    except BaseException:  # stopped early (Ctrl-C, a closed generator): drop what is queued
        pool.executor.shutdown(wait=False, cancel_futures=True)
        raise
    # waited for, so the workers are gone before the interpreter may exit
    pool.executor.shutdown(wait=True)


class _Flight(Generic[T]):
    """A batch sent to the pool, and its future (None when it holds no document)."""

    def __init__(self, batch: list[Document | T], future: Future[list[Outcome]] | None) -> None:
        self.batch = batch
        self.future = future


class _Pool:
    """A process pool that is replaced when a worker dies."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        methods = multiprocessing.get_all_start_methods()
        # fork shares the parent's imports (and its model, when loaded), so workers start fast
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        return ProcessPoolExecutor(
            self.workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(settings.SPACY_MODEL, settings.MAX_INPUT_BYTES),
        )

    def submit(self, batch: list[Document | T]) -> Future[list[Outcome]] | None:
        documents = [item for item in batch if isinstance(item, Document)]
        return self.executor.submit(analyze_batch, documents) if documents else None

    def collect(self, window: deque[_Flight[T]]) -> Iterator[Outcome | T]:
        """The first batch in flight, merged with its outcomes. When a worker died, the pool
        is replaced and the batch is run again alone, so that a batch that kills its worker
        once more is known to be the culprit: its documents fail, and the others in flight
        are sent again."""
        flight = window.popleft()
        try:
            outcomes = flight.future.result() if flight.future else []
        except BrokenProcessPool:
            self._restart()
            flight.future = self.submit(flight.batch)
            try:
                outcomes = flight.future.result() if flight.future else []
            except BrokenProcessPool:
                self._restart()
                outcomes = [_died(item) for item in flight.batch if isinstance(item, Document)]
            for pending in window:
                if pending.future is not None and pending.future.exception() is not None:
                    pending.future = self.submit(pending.batch)
        yield from merge(flight.batch, outcomes)

    def _restart(self) -> None:
        self.executor.shutdown(wait=True)  # broken: its workers are gone or going
        self.executor = self._start()


def _died(document: Document) -> Outcome:
    return Outcome(
        document.origin,
        error="the worker process analysing it died, twice (out of memory?)",
    )


def _start_worker(model: str, max_bytes: int) -> None:
    """Load the model once per worker; Ctrl-C is the parent's to handle, not every worker's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    settings.SPACY_MODEL = model
    settings.MAX_INPUT_BYTES = max_bytes
    nlp.load()
