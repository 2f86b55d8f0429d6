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

from spacy.tokens import Doc, Token

from onrecord.attribute import cue_context
from onrecord.attribute.spans import Found

LEXICON_PATH = Path(__file__).with_name("cue_lexicon.json")

#: Parts of speech a cue head can have; the lexicon is keyed by `lemma|POS`.
CUE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})

#: Children that annotators include in a cue: "has said", "did not deny", "pointed out",
#: "was asked", "is confident". Learned shares on PolNeAR train are all above 0.9.
_CUE_CHILDREN = frozenset({"aux", "auxpass", "neg", "prt", "acomp"})

#: A cue probability below this is not enough to start a pattern; above it, the
#: confidence model (`confidence.py`) decides.
MIN_PROBABILITY = 0.05


#: A word the lexicon does not know as a cue needs this much from the contextual model alone.
MIN_CONTEXTUAL_ONLY = 0.35


def lexicon_key(token: Token) -> str:
    return f"{token.lemma_.lower()}|{token.pos_}"


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(LEXICON_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def reload() -> None:
    """Forget the loaded lexicon (after `scripts/train_cues.py` rewrites it)."""
    _data.cache_clear()
    particles.cache_clear()
    lexicon.cache_clear()


@lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """lemma|POS → probability that an occurrence heads a cue (PolNeAR train)."""
    return {key: float(entry["p"]) for key, entry in _data()["cues"].items()}


@lru_cache(maxsize=1)
def particles() -> dict[str, float]:
    """lemma|word → share of cues on that lemma whose span takes that preposition or
    `to`-complement along ("called for", "referring to", "declined to")."""
    return {key: float(p) for key, p in _data().get("particles", {}).items()}


def particle_key(head: Token, child: Token) -> str | None:
    """The key of a cue head's child that a cue may take along: a preposition, or the verb
    of a `to`-complement (keyed by "to")."""
    if child.i <= head.i:
        return None
    if child.dep_ == "prep":
        return f"{head.lemma_.lower()}|{child.lower_}"
    if child.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
        return f"{head.lemma_.lower()}|to"
    return None


def cue_probability(token: Token) -> float:
    """The learned probability: the higher of the lexicon's and, where the doc has tok2vec
    vectors, the contextual model's (`cue_context`), which knows the long tail of rare cues.
    A noun too rare as a cue in train to have its own lexicon entry borrows half its verb's
    ("signals from Trump that …" from "signal"); any other word without an entry, a noun
    whose verb has none either included, needs the contextual model to be fairly sure."""
    if token.pos_ not in CUE_POS or not any(ch.isalpha() for ch in token.text):
        return 0.0  # a dash the tagger took for a verb
    table = lexicon()
    probability = table.get(lexicon_key(token))
    if probability is None and token.pos_ == "NOUN":
        verb = table.get(f"{token.lemma_.lower()}|VERB")
        probability = None if verb is None else verb / 2
    contextual = cue_context.probability(token) or 0.0
    if probability is None and contextual < MIN_CONTEXTUAL_ONLY:
        return 0.0
    return max(probability or 0.0, contextual)


def cue_extent(token: Token) -> tuple[int, int]:
    """The cue's characters: its head plus auxiliaries, negation, particles, an adverb right
    before it ("also said"), a passive's "by" ("was endorsed by"), the preposition or
    `to`-complement that cues on this word usually take along in train ("called for",
    "declined to name"), kept contiguous. A colon
    or a time after the cue ("said:", "said Sunday") stays out, as in the project's sample,
    though PolNeAR annotators often take them in."""
    allowed = {
        c.i
        for c in token.children
        if c.dep_ in _CUE_CHILDREN
        or (c.dep_ == "advmod" and c.i < token.i)
        or c.dep_ == "agent"  # "was endorsed by": PolNeAR keeps the passive's "by"
    }
    table = particles()
    for child in token.children:
        key = particle_key(token, child)
        if key is not None and table.get(key, 0.0) >= 0.5:
            allowed.add(child.i)
            allowed.update(c.i for c in child.children if c.dep_ == "aux")
    left = right = token.i
    while left - 1 in allowed:
        left -= 1
    while right + 1 in allowed:
        right += 1
    doc = token.doc
    return doc[left].idx, doc[right].idx + len(doc[right])


#: How a cue hangs from a verb that governs it ("appeared to imply", "went on to name").
_GOVERNED = frozenset({"xcomp", "advcl"})

#: Words that may stand between a cue and the object it attributes ("spoke repeatedly about").
_BRIDGES = frozenset({"prep", "prt", "advmod"})


def reach_object(found: Found, doc: Doc) -> None:
    """Grow the cue over the one or two words between it and a content that follows: a
    preposition or particle ("warned against a withdrawal", "lashed out at"), an adverb
    ("spoke repeatedly about"). PolNeAR annotators put such words in the cue nine times in
    ten; left out, they belong to no role at all."""
    if found.cue is None or not found.content or found.content[0][0] <= found.cue[1]:
        return
    gap = doc.char_span(found.cue[1], found.content[0][0], alignment_mode="contract")
    cue = doc.char_span(*found.cue, alignment_mode="expand")
    if gap is None or cue is None or not 0 < len(gap) <= 2:
        return
    inside = {t.i for t in cue}
    for word in gap:
        if word.dep_ not in _BRIDGES or word.head.i not in inside:
            return
        inside.add(word.i)
    found.cue = (found.cue[0], gap.end_char)


def reach_governor(found: Found, doc: Doc) -> None:
    """Grow the cue back over the verb it completes when that verb stands between source
    and cue ("Trump appeared to imply", "she went on to name"): the attributing act is the
    whole verb chain, as PolNeAR train annotates it in 99 of the 135 cases found."""
    if found.cue is None or found.source is None or found.source[1] >= found.cue[0]:
        return
    anchor = doc[found.anchor]
    gap = doc.char_span(found.source[1], found.cue[0], alignment_mode="contract")
    if gap is None or len(gap) == 0 or any(t.is_punct for t in gap):
        return
    if anchor.dep_ in _GOVERNED and gap.start <= anchor.head.i < gap.end:
        found.cue = (gap.start_char, found.cue[1])
