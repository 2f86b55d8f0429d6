"""How likely a finding is a real attribution: a logistic model over parse features.

The patterns propose generously (any word the cue lexicon gives a fair chance); this model,
trained on PolNeAR train by `scripts/train_cues.py`, weighs the evidence around each proposal
(the cue word and its grammatical role, how the content was reached, what kind of phrase the
source is) and keeps the findings it believes. Its weights are a small JSON file, so scoring
is a dictionary lookup per feature, not a model run.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from onrecord.attribute import cue_context
from onrecord.attribute.merge import kind_of
from onrecord.attribute.spans import Found

MODEL_PATH = Path(__file__).with_name("confidence_model.json")

#: First words of a content that tell its shape: a clause ("that", "whether"), an
#: infinitive ("to"), a question ("what", "how").
_OPENERS = frozenset({"that", "to", "whether", "if", "what", "how", "why", "who", "when"})

#: Upper bounds of the word-count bins that lengths and distances fall into.
_BINS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55)


def features(doc: Doc, found: Found, text: str) -> list[str]:
    """Named binary features of one finding."""
    cue = doc[found.anchor]
    lemma = cue.lemma_.lower()
    kind = kind_of(found.content, text)
    content_tokens = sum(e - s for s, e in found.content) // 6
    length = "long" if content_tokens > 20 else "mid" if content_tokens > 5 else "short"
    feats = [
        f"lemma={lemma}",
        f"lemma_pos={lemma}|{cue.pos_}",
        f"lemma_route={lemma}|{found.route}",
        f"route={found.route}",
        f"dep={cue.dep_}",
        f"lemma_dep={lemma}|{cue.dep_}",
        f"tag={cue.tag_}",
        f"kind={kind}",
        f"route_kind={found.route}|{kind}",
        f"length={length}",
        f"cue_words={min(len(text[found.cue[0] : found.cue[1]].split()), 3)}" if found.cue else "",
    ]
    if found.source is None:
        feats.append("source=none")
    else:
        source = doc.char_span(*found.source, alignment_mode="expand")
        if source is not None:
            root = source.root
            shape = root.lower_ if root.pos_ == "PRON" else root.ent_type_ or root.pos_
            feats += [f"source={shape}", f"lemma_source={lemma}|{shape}"]
            feats += _placement("source", source, cue)
    content = doc.char_span(found.content[0][0], found.content[-1][1], alignment_mode="expand")
    if content is not None:
        feats += _placement("content", content, cue)
        feats += [f"content_pos={content.root.pos_}", f"content_words={_bin(len(content))}"]
    feats.append(f"sentence_words={_bin(len(cue.sent))}")
    contextual = cue_context.probability(cue)
    if contextual is not None:
        level = min(int(contextual * 10), 9)
        feats += [f"cue_context={level}", f"route_context={found.route}|{level}"]
    if any(c.dep_ == "neg" for c in cue.children):
        feats.append("negated")
    first = text[found.content[0][0] : found.content[0][1]].split(maxsplit=1)[0].lower()
    opener = first if first in _OPENERS else "quote" if first[0] in "“\"'‘" else "other"
    feats += [
        f"lemma_tag={lemma}|{cue.tag_}",
        f"opener={opener}",
        f"lemma_opener={lemma}|{opener}",
        f"previous={doc[cue.i - 1].lower_}" if cue.i > 0 else "previous=",
        f"governor={cue.head.lemma_.lower()}|{cue.dep_}" if cue.head.i != cue.i else "",
    ]
    return [f for f in feats if f]


def _placement(role: str, span: Span, cue: Token) -> list[str]:
    """Where a role's phrase sits around the cue and how it hangs in the parse: a subject
    right before "said" is a different bet from a noun phrase ten words away."""
    if span.end <= cue.i:
        side, distance = "before", cue.i - span.end
    elif span.start > cue.i:
        side, distance = "after", span.start - cue.i
    else:
        side, distance = "around", 0
    return [
        f"{role}_dep={span.root.dep_}",
        f"{role}_side={side}",
        f"{role}_distance={_bin(distance)}",
    ]


def _bin(count: int) -> str:
    return next((str(b) for b in _BINS if count <= b), "more")


@lru_cache(maxsize=1)
def model() -> tuple[float, dict[str, float], float]:
    """(bias, feature weights, acceptance threshold) from the JSON file."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return float(data["bias"]), dict(data["weights"]), float(data["threshold"])


def confidence(doc: Doc, found: Found, text: str) -> float:
    bias, weights, _ = model()
    z = bias + sum(weights.get(f, 0.0) for f in features(doc, found, text))
    return 1.0 / (1.0 + math.exp(-z))


def threshold() -> float:
    return model()[2]
