"""`onrecord eval news`: content parts matched by overlap, speaker fields judged as the news
gold guidelines say, on a hand-made split and stand-in systems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.evaluate.cli import eval_group
from onrecord.evaluate.news import Identity, Part, judge, match_parts, same_labels, same_speaker
from onrecord.evaluate.run import run_news
from onrecord.records import Article, Attribution, Span, Speaker

TEXT = '"We will win," Jones said. Taxes will rise, the ministry warned.'
COOK = Identity("Tim Cook", "person", ("chief executive",), ("Apple",))


def _gold_page() -> dict:
    def span(text: str) -> dict:
        start = TEXT.index(text)
        return {"start": start, "end": start + len(text), "text": text}

    return {
        "page": "p",
        "url": "https://example.org/p",
        "text": TEXT,
        "attributions": [
            {
                "kind": "direct",
                "content": [span('"We will win,"')],
                "cue": span("said"),
                "source": span("Jones"),
                "speaker": {
                    "name": "Ann Jones",
                    "type": "person",
                    "titles": ["coach"],
                    "affiliations": ["Lakers"],
                },
            },
            {
                "kind": "indirect",
                "content": [span("Taxes will rise")],
                "cue": span("warned"),
                "source": span("the ministry"),
                "speaker": {
                    "name": "finance ministry",
                    "type": "government",
                    "titles": [],
                    "affiliations": [],
                },
            },
        ],
    }


@pytest.fixture
def split(tmp_path: Path) -> Path:
    (tmp_path / "p.json").write_text(json.dumps(_gold_page()), encoding="utf-8")
    return tmp_path


def _part(start: int, end: int, speaker: Identity = COOK, kind: str = "direct") -> Part:
    return Part(start, end, kind, speaker)


def test_parts_match_when_each_overlaps_half_of_the_other() -> None:
    gold = [_part(0, 10), _part(20, 30)]
    predicted = [_part(4, 12), _part(20, 45)]
    assert match_parts(gold, predicted) == [(0, 0)]


def test_each_part_matches_at_most_one_other_taking_the_larger_overlap_first() -> None:
    assert match_parts([_part(0, 10)], [_part(2, 10), _part(0, 10)]) == [(0, 1)]


def test_a_person_is_named_right_by_the_surname_either_way() -> None:
    assert same_speaker(COOK, Identity("Cook", "person"))
    assert same_speaker(Identity("Cook", "person"), COOK)
    assert not same_speaker(COOK, Identity("Tim Apple", "person"))


def test_a_body_is_named_right_when_one_name_holds_the_other() -> None:
    office = Identity("U.S. Attorney’s Office for the Western District", "government")
    assert same_speaker(office, Identity("U.S. Attorney's Office", "government"))
    assert not same_speaker(office, Identity("Attorney General", "government"))
    assert not same_speaker(office, Identity())


def test_titles_and_affiliations_match_by_holding_but_not_by_tiny_fragments() -> None:
    assert same_labels(["director for games"], ["director"])
    assert same_labels([], [])
    assert not same_labels([], ["director"])
    assert not same_labels(["director"], [])
    assert same_labels(["CEO"], ["ceo"])
    assert not same_labels(["senior vp"], ["vp"])


def test_fully_right_needs_kind_name_titles_and_affiliations() -> None:
    gold = _part(0, 5)
    assert judge(gold, _part(0, 5))["fully"]
    verdict = judge(gold, _part(0, 5, Identity("Tim Cook", "person", ("CEO",), ("Apple",))))
    assert verdict == {
        "kind": True,
        "speaker": True,
        "titles": False,
        "affiliations": True,
        "fully": False,
    }
    assert not judge(gold, _part(0, 5, kind="mixed"))["fully"]


def _system(text: str) -> Article:
    """Finds the quotation, right speaker but no titles, and one spurious part."""
    jones = Speaker("s1", "Jones", "person", [], ["Lakers"])
    return Article(
        text=text,
        speakers=[jones],
        attributions=[
            Attribution("a1", "direct", [Span.of(text, 0, 14)], speaker_id="s1"),
            Attribution("a2", "indirect", [Span.of(text, 27, 32)], speaker_id="s1"),
        ],
    )


def test_a_run_scores_parts_and_fields_and_reports_each_error(split: Path, tmp_path: Path) -> None:
    errors = tmp_path / "errors.jsonl"
    evaluation = run_news(split, errors_path=errors, analyze=_system)
    s = evaluation.scores
    assert (s.gold, s.predicted, s.matched) == (2, 2, 1)
    assert s.share("speaker") == 1.0 and s.share("titles") == 0.0
    assert s.fully_right == 0.0
    kinds = sorted(json.loads(line)["error"] for line in errors.read_text().splitlines())
    assert kinds == ["false_negative", "false_positive", "wrong_fields"]
    assert "| 50.0 | 50.0 | 50.0 |" in evaluation.format()


def test_the_command_prints_the_table_and_says_when_the_gold_is_missing(
    split: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(eval_group, ["news", "--split", str(split)])
    assert result.exit_code == 0, result.output
    assert "fully right (of gold)" in result.output
    missing = CliRunner().invoke(eval_group, ["news", "--split", str(tmp_path / "none")])
    assert missing.exit_code != 0 and "no news gold" in missing.output
