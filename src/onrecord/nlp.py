"""Loading and configuring the spaCy pipeline, once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import cast

import spacy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from thinc.types import Ints2d

from onrecord import budget, settings


@Language.component("onrecord_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: news text never runs a sentence across paragraphs or
    captions, and the parser would otherwise glue a headline onto the first paragraph."""
    # set through an array: each `token.is_sent_start = True` scans the whole doc for a parse
    starts = doc.to_array(SENT_START)
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            starts[token.i + 1] = 1
    # one column of integers (spaCy's stub calls what `to_array` gives floats)
    return doc.from_array([SENT_START], cast(Ints2d, starts.reshape(-1, 1)))


#: Title abbreviations news puts before names that the stock tokenizer splits at the period,
#: which would cut "Col. Daniel Smith" into a sentence end and a new name.
TITLE_ABBREVIATIONS = (
    "Col.",
    "Lt.",
    "Sgt.",
    "Capt.",
    "Maj.",
    "Adm.",
    "Cmdr.",
    "Cpl.",
    "Pvt.",
    "Supt.",
    "Insp.",
    "Det.",
    "Amb.",
    "Sec.",
    "Pres.",
    "Prof.",
    "Atty.",
)


@lru_cache(maxsize=4)
def load(model: str | None = None) -> Language:
    """The shared pipeline with paragraph-aware sentence starts; cached per process."""
    nlp = spacy.load(model or settings.SPACY_MODEL)
    tokenizer: Tokenizer = nlp.tokenizer
    for abbreviation in TITLE_ABBREVIATIONS:
        if len(tokenizer(abbreviation)) > 1:
            tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.add_pipe("onrecord_paragraph_breaks", before="parser")
    return nlp


def parse(text: str, model: str | None = None) -> Doc:
    """`text` through the shared pipeline, as `load(model)(text)` does, the time limit checked
    after each component (see `budget`)."""
    nlp = load(model)
    doc = nlp.make_doc(text)
    for _, component in nlp.pipeline:
        doc = component(doc)
        budget.check()
    return doc


@lru_cache(maxsize=4)
def load_bare(model: str | None = None) -> Language:
    """The same model exactly as shipped: the yardstick for `make bench`."""
    return spacy.load(model or settings.SPACY_MODEL)
