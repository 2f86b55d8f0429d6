"""A batch goes on past anything: bad input gets its one-line reason, and so does a bug, kept
apart by its traceback so it can be reported (and so the fuzzer can count it)."""

from __future__ import annotations

import importlib
from pathlib import Path

from onrecord import batch
from onrecord.batch import analyze_sources
from onrecord.errors import InputError
from onrecord.records import Article, Document

reading = importlib.import_module("onrecord.read")


def fake_structure(document: Document) -> Article:
    """Refuses 'bad', fails like a bug on 'bug', and takes anything else."""
    text = document.content.decode() if isinstance(document.content, bytes) else document.content
    if text.startswith("bad"):
        raise InputError("input is not English (detected language: de)")
    if text.startswith("bug"):
        raise RecursionError("maximum recursion depth exceeded\nwhile decoding")
    return Article(id="x", text=text)


def test_a_bug_on_one_input_is_a_one_line_reason_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "structure_document", fake_structure)
    for name, text in [("a.txt", "bad"), ("b.txt", "bug"), ("c.txt", "good")]:
        (tmp_path / name).write_text(text)
    refused, crashed, analysed = analyze_sources([tmp_path])
    assert (refused.error, refused.traceback) == (
        "input is not English (detected language: de)",
        None,
    )
    assert crashed.error == (
        "onrecord failed on this input (RecursionError: maximum recursion depth exceeded);"
        " please report it"
    )
    assert crashed.traceback is not None and "RecursionError" in crashed.traceback
    assert analysed.article is not None and analysed.error is None


def test_a_reader_that_fails_like_a_bug_costs_only_its_own_file(tmp_path, monkeypatch):
    def broken_reader(path: Path):
        raise KeyError("WARC-Date")
        yield  # a generator, like every reader

    monkeypatch.setattr(batch, "structure_document", fake_structure)
    monkeypatch.setattr(reading, "read_warc", broken_reader)
    (tmp_path / "a.warc").write_bytes(b"WARC/1.0\r\n\r\n")
    (tmp_path / "b.txt").write_text("good")
    crashed, analysed = analyze_sources([tmp_path])
    assert crashed.origin == str(tmp_path / "a.warc")
    assert crashed.error is not None and crashed.error.startswith(
        "onrecord failed on this input (KeyError: 'WARC-Date')"
    )
    assert crashed.traceback is not None
    assert analysed.article is not None
