"""How likely a word is a cue *in its sentence*: a logistic model over spaCy's own token vector.

The lexicon (`cues.py`) knows only words seen as cues at least three times in PolNeAR train,
and one probability per word whatever the sentence. PolNeAR's cues are a long tail
("unleashed a flurry of tweets", "signed an agreement"), and "added" is a cue in "added that
the vote was rigged" but not in "added salt to the soup". This model reads the 96-number vector the
parser's tok2vec layer already computed for the word (so it costs one dot product, not a model
run) with the word's lemma, tag, dependency and the kinds of its dependents, and gives the
probability that the word heads a gold cue there. `scripts/train_cues.py` fits it on PolNeAR
train; its weights are a small JSON file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

MODEL_PATH = Path(__file__).with_name("cue_context_model.json")

#: Dependents whose presence says a word frames a statement ("said that …": ccomp).
_TELLING_CHILDREN = frozenset(
    {
        "ccomp",
        "xcomp",
        "dobj",
        "nsubj",
        "nsubjpass",
        "agent",
        "prep",
        "advcl",
        "acomp",
        "attr",
        "mark",
        "aux",
        "auxpass",
        "neg",
        "prt",
        "dative",
        "poss",
        "acl",
        "relcl",
    }
)


def features(token: Token) -> list[str]:
    """The symbolic features of a word; the tok2vec vector is the rest of its evidence."""
    lemma = token.lemma_.lower()
    feats = [
        f"lemma={lemma}|{token.pos_}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"head={token.head.pos_}|{token.dep_}",
        f"previous={token.doc[token.i - 1].lower_}" if token.i > 0 else "previous=",
    ]
    for child in token.children:
        if child.dep_ in _TELLING_CHILDREN:
            feats.append(f"child={child.dep_}")
            if child.dep_ == "prep":
                feats.append(f"lemma_prep={lemma}|{child.lower_}")
    return feats


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    bias: float
    vector: np.ndarray
    weights: dict[str, float]

    @classmethod
    def from_json(cls, data: dict) -> Model:
        return cls(float(data["bias"]), np.asarray(data["vector"], np.float32), data["weights"])


@lru_cache(maxsize=1)
def shipped() -> Model | None:
    """The model in the package, or None before `make train` wrote it."""
    if not MODEL_PATH.exists():
        return None
    return Model.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


_installed: Model | None = None
#: The last doc scored, with its logits so far and which of them are complete: every pattern
#: asks about the same words, and one matrix product per article serves them all.
_last: tuple[Doc, Model, np.ndarray, np.ndarray] | None = None


def install(model: Model | None) -> None:
    """Score with `model` instead of the shipped one (None: back to the shipped one).
    Training scores each fold of train with a model that never saw it."""
    global _installed
    _installed = model


def probability(token: Token) -> float | None:
    """P(the word heads a cue here), or None when the doc has no tok2vec vectors (a doc
    rebuilt from storage) or no model is trained."""
    global _last
    model = _installed or shipped()
    doc = token.doc
    if model is None or doc.tensor.shape[0] != len(doc):
        return None
    if _last is None or _last[0] is not doc or _last[1] is not model:
        logits = (doc.tensor.astype(np.float32) @ model.vector).astype(np.float64) + model.bias
        _last = (doc, model, logits, np.zeros(len(doc), dtype=bool))
    _, _, logits, complete = _last
    if not complete[token.i]:
        logits[token.i] += sum(model.weights.get(f, 0.0) for f in features(token))
        complete[token.i] = True
    return 1.0 / (1.0 + math.exp(-float(logits[token.i])))
