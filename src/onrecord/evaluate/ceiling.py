"""The patterns' ceiling: what onrecord would score if it kept exactly the findings the gold
confirms.

`onrecord eval polnear` scores the patterns and the confidence model together. Judging every
finding by the gold instead separates the two: what the ceiling still misses, no acceptance
model can recover, because no pattern proposed that attribution with a right enough content
and source. Training labels findings by the headline rule (`GoldJudge.matches`).
"""

from __future__ import annotations

from spacy.tokens import Doc

from onrecord import pipeline
from onrecord.attribute.scheme import DEFAULT_SCHEME
from onrecord.attribute.spans import Found, Scheme
from onrecord.evaluate.polnear import GoldArticle
from onrecord.evaluate.scoring import (
    Relation,
    RelationTokens,
    TokenIndex,
    headline_match,
    same_or_both_absent,
    tokens_of,
)
from onrecord.records import Article
from onrecord.structure.text import structure_text


class GoldJudge:
    """A judge (see `attribute`) that is sure of a finding exactly when the article's gold
    confirms it: it matches a gold attribution under the headline rule, or it is a piece of a
    gold content with the right source, which joining continuation quotes completes
    ("“…,” said Caddell. “…”" is one gold content, two findings before the join)."""

    def __init__(self, gold: GoldArticle) -> None:
        self._text = gold.text
        self._index = TokenIndex(gold.text)
        normalised = (g.normalised(gold.text) for g in gold.attributions)
        self._golds = [tokens_of(r, self._index) for r in normalised if r.content]

    def matches(self, finding: Found) -> bool:
        predicted = self._tokens(finding)
        return any(headline_match(g, predicted) for g in self._golds)

    def __call__(self, doc: Doc, finding: Found, text: str) -> float:
        predicted = self._tokens(finding)
        confirmed = any(
            headline_match(g, predicted)
            or (
                predicted.content
                and predicted.content <= g.content
                and same_or_both_absent(g.source, predicted.source)
            )
            for g in self._golds
        )
        return 1.0 if confirmed else 0.0

    def _tokens(self, finding: Found) -> RelationTokens:
        found = Relation(
            content=tuple(finding.content),
            source=(finding.source,) if finding.source else (),
        )
        return tokens_of(found.normalised(self._text), self._index)


def analyze_at_ceiling(gold: GoldArticle, scheme: Scheme = DEFAULT_SCHEME) -> Article:
    """The pipeline over a gold article's text, keeping the findings its gold confirms (and
    `scheme` counts)."""
    article = structure_text(gold.text)
    return pipeline.analyze_structured(article, judge=GoldJudge(gold), scheme=scheme)
