"""Learn the cue lexicon and the confidence model from the PolNeAR training split.

1. Lexicon: for every `lemma|POS` seen in the training texts, count how often an occurrence
   is the syntactic head of a gold cue span; the smoothed share is the word's cue probability.
2. Confidence model: run the patterns over the training articles with that lexicon, label
   each finding by whether it matches a gold attribution (EVALUATION.md's headline rule:
   content covering half the gold content's tokens, and a source sharing a token or both
   absent), and fit a logistic regression over `confidence.features`; the acceptance
   threshold is the one that maximises F1 over out-of-fold scores on train. (The tok2vec
   vectors of cue, source and content as further features gave +0.6 cross-validated F1 on
   train but -0.4 on dev, and misjudged "was quoted as saying": left out.)
0. Before both, the contextual cue model (`attribute/cue_context.py`): a logistic regression
   over each candidate word's tok2vec vector and symbolic features, labelled by whether the
   word heads a gold cue. The confidence model is trained on findings scored by fold models
   that never saw the article (5 folds by article), so it learns how far to trust the
   contextual score on unseen text, not on text it memorised.

Only the train split is read. Deterministic: the same corpus and spaCy model give the same
files. `--parsed DIR` keeps the parse of the train texts there (DocBin + tok2vec vectors), so a
second run skips parsing.

    .venv/bin/python scripts/train_cues.py [--parsed DIR]
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from typing import TypeVar
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Token

from onrecord import nlp
from onrecord.attribute import cue_context, find, scope_of
from onrecord.attribute.confidence import MODEL_PATH, features
from onrecord.attribute.cues import CUE_POS, LEXICON_PATH, lexicon_key, particle_key, reload
from onrecord.evaluate.ceiling import GoldJudge
from onrecord.evaluate.polnear import GoldArticle, read_polnear
from onrecord.records import Article, Block

#: A word needs this many cue uses in train to enter the lexicon.
MIN_CUE_COUNT = 3
#: A preposition joins a word's cues only when seen this often with it: a handful of uses
#: is no convention ("warned against" is 5 of 6 in train, too few to call).
MIN_PARTICLE_COUNT = 10
#: Additive smoothing: a word seen 3 times as a cue in 3 uses is not a certain cue.
SMOOTHING = 2.0
#: Inverse regularisation strength of the confidence model.
REGULARISATION = 0.1
#: Weights closer to zero than this are left out of the shipped file (they move no decision).
MIN_WEIGHT = 0.05
#: Inverse regularisation strength of the contextual cue model.
CONTEXT_REGULARISATION = 1.0
#: Folds by article for the contextual scores the confidence model is trained on.
FOLDS = 5


def cue_head(doc: Doc, fragments: Iterable[tuple[int, int]]) -> Token | None:
    """The token of a span whose syntactic head lies outside the span (for "be" with an
    adjective, the adjective)."""
    tokens = [t for s, e in fragments for t in doc.char_span(s, e, alignment_mode="expand") or []]
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            # "is confident", "was critical of": the adjective carries the meaning
            predicate = next(
                (c for c in token.children if c.dep_ == "acomp" and c.i in inside), None
            )
            return predicate if token.lemma_ == "be" and predicate is not None else token
    return None


def count_cues(articles: Iterable[tuple[GoldArticle, Doc]]) -> tuple[Counter, Counter]:
    """(occurrences, cue-head occurrences) per `lemma|POS`."""
    seen: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    for gold, doc in articles:
        seen.update(lexicon_key(t) for t in doc if t.pos_ in CUE_POS)
        heads = {cue_head(doc, r.cue) for r in gold.attributions if r.cue}
        cued.update(lexicon_key(t) for t in heads if t is not None and t.pos_ in CUE_POS)
    return seen, cued


def count_particles(articles: Iterable[tuple[GoldArticle, Doc]]) -> tuple[Counter, Counter]:
    """(occurrences, occurrences inside the gold cue) of each cue head's preposition or
    `to`-complement, keyed `lemma|word`: "call|for", "refer|to", "decline|to"."""
    seen: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for gold, doc in articles:
        for relation in gold.attributions:
            head = cue_head(doc, relation.cue) if relation.cue else None
            if head is None:
                continue
            for child in head.children:
                key = particle_key(head, child)
                if key is None:
                    continue
                seen[key] += 1
                start, end = child.idx, child.idx + len(child)
                inside[key] += any(s <= start and end <= e for s, e in relation.cue)
    return seen, inside


def lexicon_from_counts(seen: Counter, cued: Counter) -> dict[str, dict[str, float]]:
    return {
        key: {"p": round(cued[key] / (seen[key] + SMOOTHING), 4), "cue": cued[key], "n": seen[key]}
        for key in sorted(cued)
        if cued[key] >= MIN_CUE_COUNT
    }


def paragraphs_article(text: str) -> Article:
    """PolNeAR texts are bare paragraphs, one a line: every line is searched."""
    blocks, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            blocks.append(Block("paragraph", offset, offset + len(line)))
        offset += len(line) + 1
    return Article(text, blocks=blocks)


@dataclass
class Rows:
    """Training rows of a logistic model: named binary features, a label and, for models
    that read them, a tok2vec vector."""

    features: list[dict[str, bool]] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)
    labels: list[bool] = field(default_factory=list)

    def add(self, names: Iterable[str], label: bool, vector: np.ndarray | None = None) -> None:
        self.features.append(dict.fromkeys(names, True))
        if vector is not None:
            self.vectors.append(vector)
        self.labels.append(label)

    @classmethod
    def joined(cls, parts: Iterable[Rows]) -> Rows:
        rows = cls()
        for part in parts:
            rows.features += part.features
            rows.vectors += part.vectors
            rows.labels += part.labels
        return rows


def fit_logistic(
    rows: Rows, strength: float, scored: Rows | None = None
) -> tuple[np.ndarray, dict]:
    """Fit over the features and vectors. Returns the scores of `scored` (default: the
    training rows) and the weights as the shipped JSON holds them (bias, named weights,
    vector weights)."""
    vectorizer = DictVectorizer()

    def matrix(part: Rows, fit: bool) -> sparse.csr_matrix:
        named = (vectorizer.fit_transform if fit else vectorizer.transform)(part.features)
        if not part.vectors:
            return named
        return sparse.hstack([named, sparse.csr_matrix(np.array(part.vectors))]).tocsr()

    classifier = LogisticRegression(C=strength, max_iter=3000, random_state=0)
    classifier.fit(matrix(rows, fit=True), rows.labels)
    names = vectorizer.get_feature_names_out()
    coefficients = classifier.coef_[0]
    weights = {
        str(n): round(float(w), 3)
        for n, w in zip(names, coefficients[: len(names)], strict=True)
        if abs(w) >= MIN_WEIGHT
    }
    scores = classifier.predict_proba(matrix(scored or rows, fit=False))[:, 1]
    model = {
        "source": "PolNeAR v1.0.0 train split",
        "bias": round(float(classifier.intercept_[0]), 4),
        "weights": dict(sorted(weights.items())),
    }
    if rows.vectors:
        model["vector"] = [round(float(w), 4) for w in coefficients[len(names) :]]
    return scores, model


def cue_rows(articles: Iterable[tuple[GoldArticle, Doc]]) -> Rows:
    """Every word that may be a cue, labelled by whether it heads a gold cue."""
    rows = Rows()
    for gold, doc in articles:
        heads = {cue_head(doc, r.cue) for r in gold.attributions if r.cue}
        head_ids = {t.i for t in heads if t is not None}
        for token in doc:
            if token.pos_ in CUE_POS:
                rows.add(cue_context.features(token), token.i in head_ids, doc.tensor[token.i])
    return rows


def fit_cue_context(articles: list[tuple[GoldArticle, Doc]]) -> dict:
    rows = cue_rows(articles)
    _, model = fit_logistic(rows, CONTEXT_REGULARISATION)
    return {**model, "words": len(rows.labels), "cue_heads": int(sum(rows.labels))}


def folds(articles: list[tuple[GoldArticle, Doc]]) -> list[list[tuple[GoldArticle, Doc]]]:
    order = list(range(len(articles)))
    random.Random(0).shuffle(order)
    return [[articles[i] for i in order[k::FOLDS]] for k in range(FOLDS)]


T = TypeVar("T")


def leave_one_out(parts: Sequence[T]) -> Iterator[tuple[T, list[T]]]:
    """Each fold with all the others: what a model that never saw the fold is fitted on."""
    for k, held_out in enumerate(parts):
        yield held_out, [part for j, part in enumerate(parts) if j != k]


def labelled_findings(articles: Iterable[tuple[GoldArticle, Doc]]) -> Rows:
    """Every finding the patterns propose, labelled by whether it matches a gold attribution."""
    rows = Rows()
    for gold, doc in articles:
        # PolNeAR's notion of attribution, attitudes included: the one its gold annotates
        scope = scope_of(doc, paragraphs_article(gold.text), "polnear")
        judge = GoldJudge(gold)
        for finding in find(scope):
            rows.add(features(doc, finding, gold.text), judge.matches(finding))
    return rows


def fit_confidence(folds_rows: list[Rows], gold_count: int) -> dict:
    """The confidence model over all findings, with the acceptance threshold that maximises
    F1 over scores each fold gets from a model fitted without it (in-sample scores are
    overconfident and would set the bar too high)."""
    labels: list[bool] = []
    scores: list[float] = []
    for held_out, others in leave_one_out(folds_rows):
        held_scores, _ = fit_logistic(Rows.joined(others), REGULARISATION, scored=held_out)
        labels += held_out.labels
        scores += list(held_scores)
    best = (0.0, 0.5)
    for step in range(20, 81):
        cut = step / 100
        kept = [label for label, score in zip(labels, scores, strict=True) if score >= cut]
        f1 = 2 * sum(kept) / (len(kept) + gold_count) if kept else 0.0
        best = max(best, (f1, cut))
    _, model = fit_logistic(Rows.joined(folds_rows), REGULARISATION)
    return {**model, "threshold": best[1], "cross_validated_f1_estimate": round(best[0], 4)}


def parse(pipeline: Language, texts: list[str], folder: Path | None) -> list[Doc]:
    """The parsed texts with their tok2vec vectors (`doc.tensor`), kept in `folder` when
    given. A DocBin does not store vectors, so they go beside it."""
    if folder is not None and (folder / "docs.spacy").exists():
        docs = list(DocBin().from_disk(folder / "docs.spacy").get_docs(pipeline.vocab))
        with np.load(folder / "tensors.npz") as tensors:
            for i, doc in enumerate(docs):
                doc.tensor = tensors[f"arr_{i}"]
        return docs
    docs = list(pipeline.pipe(texts, batch_size=16))
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(folder / "docs.spacy")
        np.savez(folder / "tensors.npz", *(d.tensor for d in docs))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parsed", type=Path, help="folder keeping the parse between runs")
    args = parser.parse_args()
    golds = list(read_polnear("train"))
    pipeline = nlp.load()
    docs = parse(pipeline, [g.text for g in golds], args.parsed)
    pairs = list(zip(golds, docs, strict=True))
    seen, cued = count_cues(pairs)
    cues = lexicon_from_counts(seen, cued)
    particle_seen, particle_inside = count_particles(pairs)
    payload = {
        "source": "PolNeAR v1.0.0 train split",
        "model": pipeline.meta["name"],
        "min_cue_count": MIN_CUE_COUNT,
        "smoothing": SMOOTHING,
        "cues": cues,
        "particles": {
            key: round(particle_inside[key] / particle_seen[key], 4)
            for key in sorted(particle_seen)
            if particle_seen[key] >= MIN_PARTICLE_COUNT
        },
    }
    LEXICON_PATH.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", "utf-8")
    reload()
    print(f"{len(cues)} cue lemmas written to {LEXICON_PATH}")
    context = fit_cue_context(pairs)
    cue_context.MODEL_PATH.write_text(json.dumps(context, indent=1) + "\n", "utf-8")
    cue_context.shipped.cache_clear()
    print(f"contextual cue model: {context['words']} words -> {cue_context.MODEL_PATH}")
    folds_rows = []
    parts = folds(pairs)
    for held_out, others in leave_one_out(parts):
        seen_part = [pair for part in others for pair in part]
        cue_context.install(cue_context.Model.from_json(fit_cue_context(seen_part)))
        folds_rows.append(labelled_findings(held_out))
    cue_context.install(None)
    gold_count = sum(len(g.attributions) for g in golds)
    model = fit_confidence(folds_rows, gold_count)
    findings = [label for part in folds_rows for label in part.labels]
    MODEL_PATH.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(
        f"confidence model: {len(findings)} findings, {sum(findings)} matching gold, "
        f"{len(model['weights'])} weights, threshold {model['threshold']}, "
        f"cross-validated F1 estimate {model['cross_validated_f1_estimate']} -> {MODEL_PATH}"
    )


if __name__ == "__main__":
    main()
