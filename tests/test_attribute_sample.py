"""The canonical sample comes out exactly: every gold attribution, and nothing else.

Only the attribution stage's own fields are checked here (kind, content, cue, source,
context); speaker names and titles belong to resolution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.pipeline import analyze
from onrecord.records import Article, Attribution

DATA = Path(__file__).parent / "data"
SAMPLE = "000_88a4e4ddf26ddf09"


@pytest.fixture(scope="module")
def article() -> Article:
    return analyze((DATA / f"{SAMPLE}.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    data = json.loads((DATA / f"{SAMPLE}.gold.json").read_text(encoding="utf-8"))
    return data["attributions"]


def _chars(spans: list[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def content_agrees(predicted: Attribution, expected: dict) -> bool:
    """At least 90% of the gold content's characters found, and at most 15% of ours outside
    it (our direct content keeps its quotation marks and indirect content its "that", as
    PolNeAR does; the sample's gold leaves them out)."""
    ours = _chars([(c.start, c.end) for c in predicted.content])
    theirs = _chars([tuple(expected["content"]["span"])])
    shared = len(ours & theirs)
    return shared >= 0.9 * len(theirs) and shared >= 0.85 * len(ours)


def _by_source(article: Article, expected: dict) -> Attribution:
    start, end = expected["source"]["span"]
    matches = [
        a
        for a in article.attributions
        if a.source and (a.source.start, a.source.end) == (start, end)
    ]
    assert matches, f"no attribution with source {expected['source']['text']!r}"
    return next((a for a in matches if content_agrees(a, expected)), matches[0])


def test_every_gold_attribution_is_found_with_its_kind_cue_source_and_content(
    article: Article, gold: list[dict]
) -> None:
    for expected in gold:
        found = _by_source(article, expected)
        assert found.cue is not None and found.cue.text == expected["cue"]["text"], expected
        assert found.kind == expected["kind"], expected
        assert content_agrees(found, expected), (expected["content"]["text"], found.content)


def test_nothing_beyond_the_gold_attributions_is_found(article: Article, gold: list[dict]) -> None:
    assert len(article.attributions) == len(gold)


def test_the_medium_and_occasion_are_given_as_context(article: Article, gold: list[dict]) -> None:
    for expected in gold:
        found = _by_source(article, expected)
        if "context" in expected:
            assert found.context is not None and found.context.text == expected["context"]


def test_attribution_ids_run_in_text_order(article: Article) -> None:
    assert [a.id for a in article.attributions] == [
        f"a{n}" for n in range(1, len(article.attributions) + 1)
    ]
    starts = [
        min(s.start for s in [*a.content, a.cue, a.source] if s) for a in article.attributions
    ]
    assert starts == sorted(starts)
