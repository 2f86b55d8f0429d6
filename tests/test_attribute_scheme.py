"""What counts as an attribution under each scheme: the news guidelines (the default) count what a
source communicated; PolNeAR also counts unspoken attitudes. Sentences written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution_text import article_of, attributions, summary

from onrecord import nlp
from onrecord.attribute import find, scope_of
from onrecord.attribute.scheme import admits, words

SENTENCES = json.loads(
    (Path(__file__).parent / "data" / "news_scheme_sentences.json").read_text(encoding="utf-8")
)
#: Sentences with nothing on the record under the news guidelines, by the reason why.
NOT_ON_THE_RECORD: dict[str, list[str]] = SENTENCES["not_on_the_record"]
#: Sentences that are on the record, with the cue and the opening of the content.
ON_THE_RECORD = [tuple(case) for case in SENTENCES["on_the_record"]]


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(sentence, id=f"{reason}: {sentence[:40]}")
        for reason, sentences in NOT_ON_THE_RECORD.items()
        for sentence in sentences
    ],
)
def test_what_the_news_guidelines_do_not_count(sentence: str) -> None:
    assert attributions(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials believe the fire was started deliberately.",
        "The mayor is confident that the stadium will be finished on time.",
        "The senator hopes the bill will pass before the recess.",
    ],
)
def test_unspoken_states_of_mind_are_attributions_only_under_polnear(sentence: str) -> None:
    assert attributions(sentence) == []
    assert len(attributions(sentence, "polnear")) == 1


@pytest.mark.parametrize(("sentence", "cue", "opening"), ON_THE_RECORD)
def test_what_the_news_guidelines_count(sentence: str, cue: str, opening: str) -> None:
    [(_, found_cue, content, _)] = summary(attributions(sentence))
    assert found_cue == cue and content[0].startswith(opening)


def test_per_set_off_by_commas_attributes_the_whole_clause_around_it() -> None:
    found = attributions("The virus, per the health ministry, spreads mainly through water.")
    assert summary(found) == [
        ("the health ministry", "per", ["The virus", "spreads mainly through water"], "indirect")
    ]


def test_the_word_lists_keep_verbs_of_wanting_and_believing_out() -> None:
    lists = words()
    for attitude in ("believe", "hope", "want", "expect", "fear", "think"):
        assert attitude not in lists["verbs"] and attitude not in lists["findings"]
    assert {"say", "tell", "announce", "deny"} <= lists["verbs"]


@pytest.mark.parametrize(
    ("text", "admitted"),
    [
        ("That said, the two teams might still meet in the final.", False),
        ("It was the union that said the strike would go on.", True),
    ],
)
def test_a_demonstrative_that_is_no_source_but_a_relative_that_stands_for_one(
    text: str, admitted: bool
) -> None:
    scope = scope_of(nlp.load()(text), article_of(text))
    [said] = [f for f in find(scope) if f.cue and text[f.cue[0] : f.cue[1]] == "said"]
    assert admits(said, scope) is admitted


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        pytest.param(
            "BERLIN -- The European Space Agency says hibernation could help.",
            "The European Space Agency",
            id="a dateline before the subject",
        ),
        pytest.param(
            "As CNN's chief medical correspondent Dr. Sanjay Gupta noted, the virus spreads "
            "through the air.",
            "Dr. Sanjay Gupta",
            id="an office before the name",
        ),
    ],
)
def test_of_two_subjects_the_parser_gives_a_cue_the_later_is_the_source(
    sentence: str, source: str
) -> None:
    assert [found for found, *_ in summary(attributions(sentence))] == [source]


def test_paragraphs_each_opening_with_a_different_name_are_a_list_not_speech() -> None:
    arrests = (
        "Police arrested three people on Friday.\n\n"
        "Elizabeth A. Burton: Possession of methamphetamine, held on $70,000 bond.\n\n"
        "Christopher L. Tays: Two county warrants and possession of marijuana.\n\n"
        "Ryan S. Hollman: Dealing in methamphetamine and visiting a common nuisance."
    )
    assert attributions(arrests) == []
