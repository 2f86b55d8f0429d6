"""Cue words: the verbs and nouns through which news attributes ("said", "warned",
"according to", "assertion", "believe"), and the extent of a cue in the text.

Which words are cues, and how reliably, is learned from the PolNeAR training split by
`scripts/train_cues.py`: for every lemma and coarse part of speech, the share of its
occurrences that annotators marked as the head of a cue. A word used as a cue in most of its
occurrences ("say", "tell") scores near 1; "call" or "show" score lower, and their patterns
ask for more evidence before they fire.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

LEXICON_PATH = Path(__file__).with_name("cue_lexicon.json")

#: Parts of speech a cue head can have; the lexicon is keyed by `lemma|POS`.
CUE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})

#: Children that annotators include in a cue: "has said", "did not deny", "pointed out",
#: "was asked", "is confident". Learned shares on PolNeAR train are all above 0.9.
_CUE_CHILDREN = frozenset({"aux", "auxpass", "neg", "prt", "acomp"})

#: A cue probability below this is not enough to start a pattern; above it, the
#: confidence model (`confidence.py`) decides.
MIN_PROBABILITY = 0.05


def lexicon_key(token: Token) -> str:
    return f"{token.lemma_.lower()}|{token.pos_}"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """lemma|POS → probability that an occurrence heads a cue (PolNeAR train)."""
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return {key: float(entry["p"]) for key, entry in data["cues"].items()}


def cue_probability(token: Token) -> float:
    """The learned probability; a noun too rare as a cue in train to have its own entry
    borrows half its verb's ("signals from Trump that …" from "signal")."""
    if token.pos_ not in CUE_POS:
        return 0.0
    table = lexicon()
    probability = table.get(lexicon_key(token))
    if probability is None and token.pos_ == "NOUN":
        probability = table.get(f"{token.lemma_.lower()}|VERB", 0.0) / 2
    return probability or 0.0


def cue_extent(token: Token) -> tuple[int, int]:
    """The cue's characters: its head plus auxiliaries, negation, particles and an adverb
    right before it ("also said"), kept contiguous."""
    allowed = {
        c.i
        for c in token.children
        if c.dep_ in _CUE_CHILDREN or (c.dep_ == "advmod" and c.i < token.i)
    }
    left = right = token.i
    while left - 1 in allowed:
        left -= 1
    while right + 1 in allowed:
        right += 1
    doc = token.doc
    return doc[left].idx, doc[right].idx + len(doc[right])
