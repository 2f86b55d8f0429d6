"""The attribution scorer, on tiny hand-made articles whose right answers are known."""

from __future__ import annotations

import re

import pytest

from onrecord.evaluate.scoring import (
    Counts,
    Relation,
    Scores,
    TokenIndex,
    kind_of,
    normalise,
    score_article,
)
from onrecord.records import Attribution, Span

TEXT = (
    'Smith said the plan would fail. "It is dead," she added.\n'
    "Jones denied it. Officials argued taxes would rise.\n"
    "“We will win,” he insisted, adding that polls were wrong."
)


def span(words: str) -> tuple[int, int]:
    """Offsets of the first occurrence of `words` in TEXT as whole words ("he" is not in "the")."""
    found = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", TEXT)
    assert found, words
    return found.span()


def rel(content: str | list[str], cue: str | None = None, source: str | None = None) -> Relation:
    contents = [content] if isinstance(content, str) else content
    return Relation(
        content=tuple(span(c) for c in contents),
        cue=(span(cue),) if cue else (),
        source=(span(source),) if source else (),
    )


SMITH = rel("the plan would fail", "said", "Smith")
SHE = rel('"It is dead,"', "added", "she")
OFFICIALS = rel("taxes would rise", "argued", "Officials")
HE_DIRECT = rel("“We will win,”", "insisted", "he")
HE_INDIRECT = rel("polls were wrong", "adding", "he")
GOLD = [SMITH, SHE, OFFICIALS, HE_DIRECT, HE_INDIRECT]


def whole(scores: Scores, variant: str = "content+source") -> Counts:
    return scores.whole[variant]


# normalisation


def test_normalise_trims_whitespace_and_drops_empty_fragments() -> None:
    text = "  a b  \n   "
    assert normalise([(0, 7), (8, 11)], text) == ((2, 5),)


def test_normalise_sorts_and_merges_overlapping_touching_and_space_separated_fragments() -> None:
    text = "one two three, four"
    assert normalise([(8, 13), (0, 3), (2, 7)], text) == ((0, 13),)  # overlap, then a space
    assert normalise([(0, 3), (3, 7)], text) == ((0, 7),)  # touching
    assert normalise([(8, 13), (15, 19)], text) == ((8, 13), (15, 19))  # a comma keeps them apart


# tokens


def test_tokens_are_word_runs_and_single_punctuation_marks() -> None:
    index = TokenIndex("U.S. won't")
    assert len(index) == 7  # U . S . won ' t


def test_a_span_contains_every_token_it_intersects() -> None:
    index = TokenIndex("alpha beta gamma")
    assert index.of(((3, 7),)) == {0, 1}
    assert index.of(((5, 6),)) == frozenset()  # only the space


# kinds


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("“We will win,”", "direct"),
        ('"It is dead,"', "direct"),
        ("«Nous gagnerons»", "direct"),
        ("taxes would rise", "indirect"),
        ("that it was “a disaster,” officials", "mixed"),
    ],
)
def test_content_kind_comes_from_quotation_marks(content: str, kind: str) -> None:
    assert kind_of(((0, len(content)),), content) == kind


def test_quoting_resets_at_each_newline() -> None:
    text = "“An unclosed quote\nthen plain words"
    assert kind_of(((0, len(text)),), text) == "mixed"
    assert kind_of(((19, len(text)),), text) == "indirect"


# whole attribution


def test_gold_scored_against_itself_is_perfect_everywhere() -> None:
    scores = score_article(TEXT, GOLD, GOLD).scores
    for counts in [*scores.whole.values(), *scores.kinds.values()]:
        assert counts.gold == 0 or counts.f1 == 1.0
    for measures in scores.roles.values():
        assert all(c.f1 == 1.0 for c in measures.values())


def test_content_covering_half_the_gold_tokens_with_a_shared_source_token_matches() -> None:
    predicted = rel("the plan", "said", "Smith")  # 2 of 4 content tokens
    assert whole(score_article(TEXT, [SMITH], [predicted]).scores).f1 == 1.0
    too_little = rel("the", "said", "Smith")
    assert whole(score_article(TEXT, [SMITH], [too_little]).scores).correct == 0


def test_source_must_share_a_token_with_the_gold_source() -> None:
    wrong_source = rel("the plan would fail", "said", "Jones")
    no_source = rel("the plan would fail", "said")
    for predicted in (wrong_source, no_source):
        counts = whole(score_article(TEXT, [SMITH], [predicted]).scores)
        assert (counts.correct, counts.predicted, counts.found, counts.gold) == (0, 1, 0, 1)


def test_gold_without_source_matches_only_a_prediction_without_source() -> None:
    gold = rel("taxes would rise", "argued")
    assert whole(score_article(TEXT, [gold], [rel("taxes would rise", "argued")]).scores).f1 == 1
    assert whole(score_article(TEXT, [gold], [OFFICIALS]).scores).correct == 0


def test_matching_is_one_to_one_and_takes_the_largest_content_overlap_first() -> None:
    gold_long = rel("the plan would fail", "said", "Smith")
    gold_short = rel("the plan", "said", "Smith")
    predicted = rel("the plan would fail", "said", "Smith")
    scored = score_article(TEXT, [gold_short, gold_long], [predicted])
    assert scored.matches == [(1, 0)]  # 4 shared tokens beat 2
    assert scored.missed == [0]
    duplicate = score_article(TEXT, [SMITH], [SMITH, SMITH])
    assert whole(duplicate.scores).correct == 1 and duplicate.spurious == [1]


def test_discontinuous_gold_content_is_matched_by_a_prediction_covering_half_its_tokens() -> None:
    gold = Relation(content=(span('"It is dead,"'), span("Smith said")), source=(span("she"),))
    predicted = Relation(content=(span('"It is dead,"'),), source=(span("she"),))  # 6 of 8
    scored = score_article(TEXT, [gold], [predicted]).scores
    assert whole(scored).f1 == 1.0
    assert scored.roles["content"]["exact"].correct == 0
    assert scored.roles["content"]["partial"].f1 == 1.0


def test_cue_variant_needs_a_shared_cue_token_and_exact_variant_needs_identical_spans() -> None:
    other_cue = rel("the plan would fail", "would", "Smith")
    wider_source = Relation(content=SMITH.content, cue=SMITH.cue, source=(span("Smith said the"),))
    scores = score_article(TEXT, [SMITH, SHE], [other_cue, SHE]).scores
    assert whole(scores).correct == 2
    assert whole(scores, "+ cue overlap").correct == 1
    scores = score_article(TEXT, [SMITH], [wider_source]).scores
    assert whole(scores, "+ cue overlap").correct == 1
    assert whole(scores, "exact content+source+cue").correct == 0


def test_exact_variant_compares_normalised_spans() -> None:
    padded = Relation(
        content=((SMITH.content[0][0] - 1, SMITH.content[0][1]),),  # leading space trimmed
        cue=SMITH.cue,
        source=SMITH.source,
    )
    assert whole(score_article(TEXT, [SMITH], [padded]).scores, "exact content+source+cue").f1 == 1


# roles


def test_role_metrics_count_exact_partial_and_token_agreement() -> None:
    gold = [SMITH, OFFICIALS]
    predicted = [rel("the plan", "said", "Smith"), rel("Jones denied it", "denied", "Jones")]
    content = score_article(TEXT, gold, predicted).scores.roles["content"]
    assert (content["exact"].correct, content["exact"].predicted, content["exact"].gold) == (
        0,
        2,
        2,
    )
    assert (content["partial"].correct, content["partial"].found) == (1, 1)
    assert content["partial"].precision == 0.5 and content["partial"].recall == 0.5
    # tokens: gold 4 + 3, predicted 2 + 3, shared 2
    assert (content["token"].correct, content["token"].predicted, content["token"].gold) == (
        2,
        5,
        7,
    )


def test_role_items_are_distinct_spans() -> None:
    gold = [SMITH, rel("the plan would fail", "said", "Smith")]
    source = score_article(TEXT, gold, [SMITH]).scores.roles["source"]["exact"]
    assert (source.correct, source.predicted, source.gold) == (1, 1, 1)


# kinds and splits


def test_predictions_are_given_a_kind_by_their_own_content() -> None:
    predicted = [rel('"It is dead," she', "added", "she"), rel("We will win", "insisted", "he")]
    kinds = score_article(TEXT, [SHE, HE_DIRECT], predicted).scores.kinds
    assert (kinds["direct"].gold, kinds["direct"].found) == (2, 2)
    assert (kinds["mixed"].predicted, kinds["mixed"].correct) == (1, 1)
    assert (kinds["indirect"].predicted, kinds["indirect"].correct) == (1, 1)


def test_split_scores_are_micro_averaged_over_articles() -> None:
    total = Scores()
    total += score_article(TEXT, [SMITH], [SMITH]).scores
    total += score_article(TEXT, [SHE, OFFICIALS, HE_DIRECT], [SHE]).scores
    assert (total.whole["content+source"].correct, total.whole["content+source"].gold) == (2, 4)
    assert total.whole["content+source"].precision == 1.0
    assert total.whole["content+source"].recall == 0.5


def test_predicted_attributions_become_relations_by_their_offsets() -> None:
    attribution = Attribution(
        id="a1",
        kind="indirect",
        content=[Span.of(TEXT, *span("the plan would fail"))],
        cue=Span.of(TEXT, *span("said")),
        source=Span.of(TEXT, *span("Smith")),
    )
    assert Relation.of(attribution) == SMITH
    assert Relation.of(Attribution("a2", "direct", [Span(0, 5, "Smith")])).source == ()
