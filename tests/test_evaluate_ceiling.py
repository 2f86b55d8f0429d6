"""The ceiling: findings judged by the gold, to tell what the patterns miss from what the
confidence model rejects."""

from __future__ import annotations

from onrecord.attribute.spans import Found
from onrecord.evaluate.ceiling import GoldJudge
from onrecord.evaluate.polnear import GoldArticle
from onrecord.evaluate.scoring import Relation

TEXT = "“We will win,” Jones said. “They will lose, and they will lose badly.”"
SECOND = (27, len(TEXT))
#: One gold attribution whose content is both quotes, as PolNeAR annotates a continuation.
GOLD = GoldArticle(
    "quotes",
    TEXT,
    [Relation(content=((0, 14), SECOND), cue=((21, 25),), source=((15, 20),))],
)


def finding(content: list[tuple[int, int]], source: tuple[int, int] | None) -> Found:
    return Found(content=content, cue=(21, 25), source=source, confidence=0.0)


def test_a_finding_matching_a_gold_attribution_is_confirmed() -> None:
    judge = GoldJudge(GOLD)
    whole = finding([(0, 14), SECOND], (15, 20))
    assert judge.matches(whole)
    assert judge(None, whole, TEXT) == 1.0  # type: ignore[arg-type]


def test_a_piece_of_a_gold_content_with_its_source_is_kept_for_the_join_to_complete() -> None:
    judge = GoldJudge(GOLD)
    first_quote = finding([(0, 14)], (15, 20))
    assert not judge.matches(first_quote)  # training labels by the headline rule alone
    assert judge(None, first_quote, TEXT) == 1.0  # type: ignore[arg-type]


def test_a_finding_with_the_wrong_source_or_outside_every_content_is_dropped() -> None:
    judge = GoldJudge(GOLD)
    assert judge(None, finding([(0, 14)], None), TEXT) == 0.0  # type: ignore[arg-type]
    assert judge(None, finding([(15, 25)], (15, 20)), TEXT) == 0.0  # type: ignore[arg-type]
