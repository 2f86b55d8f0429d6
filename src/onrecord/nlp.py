"""Loading and configuring the spaCy pipeline, once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from onrecord import settings


@Language.component("onrecord_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: news text never runs a sentence across paragraphs or
    captions, and the parser would otherwise glue a headline onto the first paragraph."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


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


@lru_cache(maxsize=4)
def load_bare(model: str | None = None) -> Language:
    """The same model exactly as shipped: the yardstick for `make bench`."""
    return spacy.load(model or settings.SPACY_MODEL)
