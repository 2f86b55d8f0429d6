"""The shared spaCy pipeline: the parse every stage reads."""

from __future__ import annotations

from onrecord import nlp


def test_a_line_break_starts_a_sentence() -> None:
    doc = nlp.load()("Trump Says He Will Meet Putin\nThe president said on Friday he would go.")
    starts = [s.text.strip() for s in doc.sents]
    assert starts[0] == "Trump Says He Will Meet Putin"
    assert starts[-1].startswith("The president said")


def test_a_title_abbreviation_stays_with_the_name_it_precedes() -> None:
    doc = nlp.load()("Retired Army Col. Daniel Smith said the gap was real.")
    assert "Col." in [t.text for t in doc]
    assert len(list(doc.sents)) == 1


def test_token_offsets_are_offsets_into_the_text() -> None:
    text = "“We will,” she said.\n\nHe added: “Soon.”"
    doc = nlp.load()(text)
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)


def test_the_bare_pipeline_is_the_model_as_shipped() -> None:
    assert "onrecord_paragraph_breaks" not in nlp.load_bare().pipe_names
    assert "onrecord_paragraph_breaks" in nlp.load().pipe_names
