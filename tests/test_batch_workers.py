"""Analysis by worker processes: the same results in the same order as one process, a bounded
read-ahead whatever the input's size, and a worker that dies costs only its own batch."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from onrecord import batch
from onrecord.batch import Outcome, analyze_documents
from onrecord.batch.pool import AHEAD
from onrecord.corpus import Corpus
from onrecord.records import Article, Document
from onrecord.render import to_json

STORIES = [
    "The mayor said on Monday that the bridge would reopen in the spring.",
    "“We are almost there,” the governor told reporters at City Hall.",
    "Officials said the vote would be held in March, according to a statement.",
    "   ",
    "The minister warned that prices could rise again next year.",
    "“It is a good day for the city,” said Anna Berg, the council leader.",
    "Police said two people were hurt in the crash on Friday.",
]


def documents(texts: list[str]) -> list[Document]:
    return [Document(content=text, origin=f"story-{n}") for n, text in enumerate(texts)]


def as_json(outcomes: list[Outcome]) -> list[str]:
    return [to_json(o.article) if o.article else f"{o.origin}: {o.error}" for o in outcomes]


def test_workers_give_what_one_process_gives_in_input_order() -> None:
    alone = list(analyze_documents(documents(STORIES), workers=1))
    shared = list(analyze_documents(documents(STORIES), workers=2, batch_size=2))
    assert [o.origin for o in shared] == [f"story-{n}" for n in range(len(STORIES))]
    assert as_json(shared) == as_json(alone)  # type: ignore[arg-type]
    assert shared[3].error == "input is empty"  # type: ignore[union-attr]
    assert sum(len(o.article.attributions) for o in shared if o.article) >= 6  # type: ignore[union-attr]


def test_what_is_not_a_document_passes_through_in_its_place() -> None:
    items = ["first", *documents(STORIES[:3]), "last"]
    out = list(analyze_documents(items, workers=2, batch_size=1))
    assert out[0] == "first" and out[-1] == "last"
    assert [o.origin for o in out[1:-1]] == ["story-0", "story-1", "story-2"]  # type: ignore[union-attr]


def test_only_a_few_batches_per_worker_are_read_ahead(monkeypatch) -> None:
    monkeypatch.setattr(batch, "structure_document", lambda d: Article(text=str(d.content)))
    monkeypatch.setattr(batch, "_parsed", lambda texts: [ValueError("not parsed")] * len(texts))
    pulled = 0

    def endless() -> Iterator[Document]:
        nonlocal pulled
        for n in itertools.count():
            pulled += 1
            yield Document(content=f"text {n}", origin=str(n))

    outcomes = analyze_documents(endless(), workers=2, batch_size=3)
    taken = list(itertools.islice(outcomes, 10))
    assert [o.origin for o in taken] == [str(n) for n in range(10)]  # type: ignore[union-attr]
    # what was taken, the batches in flight, and the batch being read
    assert pulled <= 12 + 2 * AHEAD * 3 + 3
    outcomes.close()


def _dies_on_poison(document: Document) -> Article:
    if document.content == "poison":
        os._exit(9)  # a worker killed mid-batch (out of memory, say)
    return Article(text=str(document.content))


def test_a_worker_that_dies_costs_only_its_batch(monkeypatch) -> None:
    monkeypatch.setattr(batch, "structure_document", _dies_on_poison)
    monkeypatch.setattr(batch, "_parsed", lambda texts: [ValueError("not parsed")] * len(texts))
    texts = ["a", "b", "poison", "c", "d", "e"]
    out = list(analyze_documents(documents(texts), workers=2, batch_size=2))
    assert [o.origin for o in out] == [f"story-{n}" for n in range(6)]  # type: ignore[union-attr]
    died = "the worker process analysing it died, twice (out of memory?)"
    assert [o.error for o in out[2:4]] == [died, died]  # type: ignore[union-attr]
    assert all(o.error and "not parsed" in o.error for o in out[:2] + out[4:])  # type: ignore[union-attr]


def test_ingest_with_workers_stores_what_one_process_stores(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for n, text in enumerate(STORIES):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    exports = []
    for workers in (1, 2):
        with Corpus(str(tmp_path / f"{workers}.db")) as corpus:
            report = corpus.ingest([folder], workers=workers)
            assert (len(report.ingested), len(report.failed)) == (6, 1)
            out = tmp_path / f"{workers}.jsonl"
            corpus.export("attributions", "jsonl", out)
            exports.append(out.read_text())
    assert exports[0] == exports[1] and exports[0].count("\n") >= 6


def test_the_progress_bar_shows_articles_done_of_the_total_rate_and_failures(
    tmp_path: Path,
) -> None:
    for n, text in enumerate(STORIES[:4]):
        (tmp_path / f"{n}.txt").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "onrecord", "analyze", "--jsonl", "--progress", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "4/4" in result.stderr and "articles/s" in result.stderr
    assert "1 failed" in result.stderr
