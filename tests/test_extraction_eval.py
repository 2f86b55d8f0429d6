"""`onrecord eval extraction`: the Zyte benchmark's own scoring, onrecord beside trafilatura."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.evaluate.corpora import data_root
from onrecord.evaluate.extraction import evaluate_extraction, metrics, page_counts, score, shingles

COUNCIL = Path(__file__).parent / "data" / "html" / "council.html"


def test_shingles_are_runs_of_four_words_and_punctuation_does_not_count():
    assert shingles("One, two; three four five.") == {
        ("One", "two", "three", "four"): 1,
        ("two", "three", "four", "five"): 1,
    }
    assert shingles("too short") == {("too", "short"): 1}
    assert shingles("") == {}


def test_a_perfect_extraction_scores_one_and_counts_are_shares_of_their_sum():
    text = "the mayor said the bridge would open in the spring"
    assert page_counts(text, text) == (1.0, 0.0, 0.0)
    tp, fp, fn = page_counts(text, text + " subscribe now to our newsletter today")
    assert tp + fp + fn == pytest.approx(1.0)
    assert fp > 0 and fn == 0


def test_extra_text_costs_precision_and_missing_text_costs_recall():
    truth = "one two three four five six seven eight nine ten"
    precision, recall, _ = metrics([page_counts(truth, truth + " eleven twelve thirteen")])
    assert recall == 1.0 and precision < 1.0
    precision, recall, _ = metrics([page_counts(truth, "one two three four five six")])
    assert precision == 1.0 and recall < 1.0


def test_each_page_weighs_the_same_and_f1_comes_from_the_averages():
    long_truth = " ".join(f"w{i}" for i in range(1000))
    short_truth = "a b c d e f g h"
    counts = [page_counts(long_truth, long_truth), page_counts(short_truth, "x y z q r s t")]
    precision, recall, f1 = metrics(counts)
    assert precision == pytest.approx(0.5) and recall == pytest.approx(0.5)
    assert f1 == pytest.approx(0.5)


def test_an_empty_extraction_counts_for_recall_but_not_for_precision():
    precision, recall, _ = metrics(
        [page_counts("a b c d e", "a b c d e"), page_counts("a b c d e", "")]
    )
    assert precision == 1.0 and recall == 0.5


def test_bootstrap_spread_is_zero_when_every_page_scores_alike_and_runs_repeat():
    counts = [(1.0, 0.0, 0.0)] * 5
    assert score("same", counts, n_bootstrap=50).f1_ci == 0.0
    varied = [(1.0, 0.0, 0.0), (0.5, 0.5, 0.0), (0.2, 0.3, 0.5)]
    assert score("x", varied, n_bootstrap=50) == score("x", varied, n_bootstrap=50)


@pytest.fixture
def tiny_benchmark(tmp_path):
    """A two-page benchmark in the corpus's own layout."""
    (tmp_path / "html").mkdir()
    html = COUNCIL.read_bytes()
    truth = {}
    for key in ("a1", "b2"):
        (tmp_path / "html" / f"{key}.html.gz").write_bytes(gzip.compress(html))
        truth[key] = {
            "url": "https://gazette.example/news/council-bridge",
            "articleBody": "The city council voted 7 to 2 on Wednesday night to replace the "
            "wooden crossing over the Mill River, ending a debate that had lasted more than a "
            "year and filled three public hearings.",
        }
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path


def test_onrecord_and_plain_trafilatura_are_scored_on_the_same_pages(tiny_benchmark):
    onrecord, trafilatura = evaluate_extraction(tiny_benchmark, n_bootstrap=10)
    assert (onrecord.name, trafilatura.name) == ("onrecord", "trafilatura")
    assert onrecord.pages == trafilatura.pages == 2
    assert onrecord.recall == 1.0
    # captions, credits and the bio are kept out of onrecord's body, so it is more precise
    assert onrecord.precision > trafilatura.precision


def test_eval_extraction_command_prints_both_extractors(tiny_benchmark):
    result = CliRunner().invoke(
        main, ["eval", "extraction", "--pages", str(tiny_benchmark), "--bootstrap", "10"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split()[0] for line in lines] == ["onrecord", "trafilatura"]
    assert all("precision=" in line and "recall=" in line and "F1=" in line for line in lines)


def test_a_folder_without_the_benchmark_is_reported(tmp_path):
    result = CliRunner().invoke(main, ["eval", "extraction", "--pages", str(tmp_path)])
    assert result.exit_code != 0


@pytest.mark.skipif(
    not (data_root() / "extraction" / "ground-truth.json").exists(),
    reason="the extraction benchmark is not in ../shared/data",
)
def test_on_the_benchmark_onrecord_extracts_at_least_as_well_as_trafilatura():
    onrecord, trafilatura = evaluate_extraction(n_bootstrap=20)
    assert onrecord.pages == trafilatura.pages > 50
    assert onrecord.f1 >= trafilatura.f1
    assert onrecord.f1 > 0.97
