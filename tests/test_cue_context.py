"""The contextual cue model: how likely a word heads a cue in its sentence, read from the
parser's own token vectors (the shipped model, trained on PolNeAR train by `make train`)."""

from __future__ import annotations

from spacy.tokens import Doc

from onrecord import nlp
from onrecord.attribute import cue_context
from onrecord.attribute.cues import cue_probability


def word(doc: Doc, text: str) -> int:
    return next(t.i for t in doc if t.text == text)


def test_a_verb_of_saying_with_its_clause_is_a_likely_cue() -> None:
    doc = nlp.load()("The senator said that the bill would pass.")
    probability = cue_context.probability(doc[word(doc, "said")])
    assert probability is not None and probability > 0.8


def test_a_word_that_reports_nothing_is_an_unlikely_cue() -> None:
    doc = nlp.load()("The senator sat at the table.")
    probability = cue_context.probability(doc[word(doc, "table")])
    assert probability is not None and probability < 0.05


def test_the_same_word_scores_by_its_use_in_the_sentence() -> None:
    parse = nlp.load()
    for reporting, other, cue in [
        ("Trump added that the election was rigged.", "She added salt to the soup.", "added"),
        ("The report claims that taxes will rise.", "The flood claims many lives.", "claims"),
        ("The poll showed that Clinton leads.", "He showed the visitors around.", "showed"),
    ]:
        said, done = parse(reporting), parse(other)
        assert cue_context.probability(said[word(said, cue)]) > cue_context.probability(  # type: ignore[operator]
            done[word(done, cue)]
        )


def test_a_doc_without_token_vectors_falls_back_to_the_lexicon() -> None:
    parsed = nlp.load()("The senator said that the bill would pass.")
    rebuilt = Doc(parsed.vocab).from_bytes(parsed.to_bytes(exclude=["tensor"]))
    said = rebuilt[word(rebuilt, "said")]
    assert cue_context.probability(said) is None
    assert cue_probability(said) > 0.5


def test_punctuation_the_tagger_took_for_a_verb_is_never_a_cue() -> None:
    doc = nlp.load()("“We will win.” ― Maria Lopez")
    dash = doc[word(doc, "―")]
    assert cue_probability(dash) == 0.0


def test_an_installed_model_replaces_the_shipped_one_until_removed() -> None:
    doc = nlp.load()("The senator said that the bill would pass.")
    said = doc[word(doc, "said")]
    shipped = cue_context.probability(said)
    silent = cue_context.Model(bias=-30.0, vector=cue_context.shipped().vector * 0, weights={})  # type: ignore[union-attr]
    cue_context.install(silent)
    try:
        assert cue_context.probability(said) < 1e-6  # type: ignore[operator]
    finally:
        cue_context.install(None)
    assert cue_context.probability(said) == shipped
