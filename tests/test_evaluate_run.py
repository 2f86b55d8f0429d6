"""`onrecord eval polnear` end to end, on a two-article split and stand-in systems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.evaluate.cli import eval_group
from onrecord.evaluate.run import run_polnear
from onrecord.records import Article, Attribution, Span

ARTICLES = {
    "one": (
        "Smith said the plan would fail.\n\nTaxes will rise, officials warned.",
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 30\tthe plan would fail\n"
        "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
        "T5\tSource 50 59\tofficials\nT6\tCue 60 66\twarned\nT7\tContent 33 48\tTaxes will rise\n"
        "T8\tAttribution 60 66\twarned\nE2\tAttribution:T8 Source:T5 Cue:T6 Content:T7\n",
    ),
    "two": (
        "“We will win,” Jones said.",
        "T1\tSource 15 20\tJones\nT2\tCue 21 25\tsaid\nT3\tContent 0 14\t“We will win,”\n"
        "T4\tAttribution 21 25\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
    ),
}


@pytest.fixture
def split(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for name, (text, ann) in ARTICLES.items():
        (tmp_path / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / "attributions" / f"{name}_anno.ann").write_text(ann, encoding="utf-8")
    return tmp_path


def first_attribution_only(text: str) -> Article:
    """A stand-in system: finds "Smith said the plan would fail" and "Jones said …", no more."""
    article = Article(text)
    if text.startswith("Smith"):
        content, cue, source = (11, 30), (6, 10), (0, 5)
    else:
        content, cue, source = (0, 14), (21, 25), (15, 20)
    article.attributions = [
        Attribution(
            "a1",
            "indirect",
            [Span.of(text, *content)],
            cue=Span.of(text, *cue),
            source=Span.of(text, *source),
        )
    ]
    return article


def test_run_scores_every_article_of_the_split(split: Path) -> None:
    evaluation = run_polnear(split, analyze=first_attribution_only)
    whole = evaluation.scores.whole["content+source"]
    assert evaluation.articles == 2
    assert (whole.correct, whole.predicted, whole.found, whole.gold) == (2, 2, 2, 3)
    assert evaluation.scores.kinds["direct"].f1 == 1.0


def test_report_prints_every_table_with_the_reference_figures(split: Path) -> None:
    report = run_polnear(split, analyze=first_attribution_only).format()
    for heading in ("Whole attribution", "Roles", "Whole attribution by kind", "Reference"):
        assert f"## {heading}" in report
    assert "| content ≥50% + source (headline) | 100.0 | 66.7 | 80.0 | 2 | 2 | 2 | 3 |" in report
    assert "BBC Citron" in report and "46.1" in report


def test_errors_file_explains_each_missed_and_spurious_attribution(
    split: Path, tmp_path: Path
) -> None:
    def wrong_source(text: str) -> Article:
        article = first_attribution_only(text)
        article.attributions[0].source = None
        return article

    errors = tmp_path / "errors.jsonl"
    run_polnear(split, errors_path=errors, limit=1, analyze=wrong_source)
    records = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    by_error = {(r["error"], r["gold"] and r["gold"]["source"]["text"]): r for r in records}
    assert set(by_error) == {
        ("false_negative", "Smith"),
        ("false_negative", "officials"),
        ("false_positive", "Smith"),
    }
    spurious = by_error["false_positive", "Smith"]
    assert spurious["why"] == ["prediction has no source"]
    assert spurious["predicted"]["content"]["text"] == "the plan would fail"
    assert spurious["context"] == "Smith said the plan would fail."
    assert by_error["false_negative", "officials"]["predicted"] is None


def test_limit_scores_only_the_first_articles(split: Path) -> None:
    assert run_polnear(split, limit=1, analyze=first_attribution_only).articles == 1


def test_eval_polnear_command_reports_a_missing_split_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        eval_group, ["polnear", "--split", "no-such-split"], env={"ONRECORD_DATA": str(tmp_path)}
    )
    assert result.exit_code == 1
    assert "no PolNeAR split" in result.output


def test_a_system_that_changes_the_text_is_refused_since_its_offsets_cannot_be_scored(
    split: Path,
) -> None:
    with pytest.raises(ValueError, match="changed the text"):
        run_polnear(split, analyze=lambda text: Article(text.upper()))


def test_ceiling_run_keeps_what_the_gold_confirms_and_says_it_is_a_ceiling(split: Path) -> None:
    evaluation = run_polnear(split, ceiling=True)
    whole = evaluation.scores.whole["content+source"]
    assert (whole.correct, whole.predicted, whole.gold) == (3, 3, 3)
    report = evaluation.format()
    assert "CEILING" in report and "| onrecord ceiling (" in report


def test_the_polnear_scheme_counts_attitudes_the_news_scheme_leaves_out(tmp_path: Path) -> None:
    text = "Officials believe the fire was set on purpose."
    ann = (
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 17\tbelieve\nT3\tContent 18 45\t"
        "the fire was set on purpose\nT4\tAttribution 10 17\tbelieve\n"
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    )
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "belief.txt").write_text(text, encoding="utf-8")
    (tmp_path / "attributions" / "belief_anno.ann").write_text(ann, encoding="utf-8")
    news = run_polnear(tmp_path)
    polnear = run_polnear(tmp_path, scheme="polnear")
    assert news.scores.whole["content+source"].predicted == 0
    assert polnear.scores.whole["content+source"].correct == 1
    assert "(polnear scheme)" in polnear.format()


def test_eval_polnear_offers_the_scheme_option() -> None:
    result = CliRunner().invoke(eval_group, ["polnear", "--help"])
    assert "--scheme [news|polnear]" in result.output
