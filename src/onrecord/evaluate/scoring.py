"""Attribution scoring exactly as EVALUATION.md defines it, so `onrecord eval` figures are
comparable with the independent scoring of the held-out PolNeAR test split.

Everything works on character fragments into the article text: gold comes from brat standoff,
predictions from `Article.attributions`, and both go through the same normalisation.

Choices the definition leaves open, made here once:
- "content overlap", the order in which greedy pairs are taken, is the number of gold content
  tokens the prediction covers (ties: higher share of the gold content, then gold order).
- A gold attribution without content (PolNeAR has a few) is covered by any prediction, read
  literally: 0 shared tokens are ≥ 50% of 0; the source rule still applies.
- The cue rule of "+ cue overlap" mirrors the source rule: share a token, or both have none.
- Per kind, a gold attribution's kind comes from its gold content and a prediction's kind from
  its own content, by the same quotation-mark rule (never from `Attribution.kind`), so precision
  per kind asks "of the predictions that look direct, how many are right?".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from onrecord.records import Attribution, AttributionKind, Span

#: Character ranges (start, end), end-exclusive, into the article text.
Fragments = tuple[tuple[int, int], ...]

ROLES = ("source", "cue", "content")
ROLE_MEASURES = ("exact", "partial", "token")
VARIANTS = ("content+source", "+ cue overlap", "exact content+source+cue")
KINDS: tuple[AttributionKind, ...] = ("direct", "mixed", "indirect")

_TOKEN = re.compile(r"\w+|[^\w\s]")
_OPENING_QUOTES = "“«"
_CLOSING_QUOTES = "”»"
_MIN_CONTENT_COVERAGE = 0.5


@dataclass(frozen=True, slots=True)
class Relation:
    """One attribution as scoring sees it: the character fragments of each role."""

    content: Fragments
    cue: Fragments = ()
    source: Fragments = ()

    @classmethod
    def of(cls, attribution: Attribution) -> Relation:
        """The fragments of a predicted `Attribution` (offsets into `Article.text`)."""
        return cls(
            content=tuple((s.start, s.end) for s in attribution.content),
            cue=_fragments_of(attribution.cue),
            source=_fragments_of(attribution.source),
        )

    def role(self, name: str) -> Fragments:
        """The fragments of a role by name ("source", "cue" or "content")."""
        fragments: Fragments = getattr(self, name)
        return fragments

    def normalised(self, text: str) -> Relation:
        return Relation(
            content=normalise(self.content, text),
            cue=normalise(self.cue, text),
            source=normalise(self.source, text),
        )


def _fragments_of(span: Span | None) -> Fragments:
    return () if span is None else ((span.start, span.end),)


def normalise(fragments: Sequence[tuple[int, int]], text: str) -> Fragments:
    """Trim each fragment, drop empty ones, sort, and merge fragments that overlap, touch, or
    are separated only by whitespace: one stretch of text has one spelling whoever wrote it."""
    trimmed = []
    for start, end in fragments:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(trimmed):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


class TokenIndex:
    """The article's tokens (regex `\\w+|[^\\w\\s]`), to find those a span intersects."""

    def __init__(self, text: str) -> None:
        found = [m.span() for m in _TOKEN.finditer(text)]
        self._starts = [s for s, _ in found]
        self._ends = [e for _, e in found]

    def __len__(self) -> int:
        return len(self._starts)

    def of(self, fragments: Fragments) -> frozenset[int]:
        """Indices of the tokens whose character range intersects any fragment."""
        indices: set[int] = set()
        for start, end in fragments:
            # tokens never overlap, so ends are sorted like starts
            indices.update(range(bisect_right(self._ends, start), bisect_left(self._starts, end)))
        return frozenset(indices)


def kind_of(fragments: Fragments, text: str) -> AttributionKind:
    """direct when every alphanumeric character of the content is inside quotation marks
    (“…”, "…", «…»; quoting resets at each newline and at each fragment), indirect when none
    is, mixed otherwise."""
    inside_count = outside_count = 0
    for start, end in fragments:
        inside = False
        for char in text[start:end]:
            if char == "\n" or char in _CLOSING_QUOTES:
                inside = False
            elif char in _OPENING_QUOTES:
                inside = True
            elif char == '"':
                inside = not inside
            elif char.isalnum():
                if inside:
                    inside_count += 1
                else:
                    outside_count += 1
    if inside_count == 0:
        return "indirect"
    return "direct" if outside_count == 0 else "mixed"


@dataclass(slots=True)
class Counts:
    """Micro-averaging counts: predictions judged correct, gold items found."""

    correct: int = 0
    predicted: int = 0
    found: int = 0
    gold: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.correct += other.correct
        self.predicted += other.predicted
        self.found += other.found
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _table(keys: Sequence[str]) -> dict[str, Counts]:
    return {key: Counts() for key in keys}


@dataclass(slots=True)
class Scores:
    """All figures of EVALUATION.md for one article or, summed, for a split."""

    roles: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: {role: _table(ROLE_MEASURES) for role in ROLES}
    )
    whole: dict[str, Counts] = field(default_factory=lambda: _table(VARIANTS))
    kinds: dict[str, Counts] = field(default_factory=lambda: _table(KINDS))

    def __iadd__(self, other: Scores) -> Scores:
        for role in ROLES:
            for measure in ROLE_MEASURES:
                self.roles[role][measure] += other.roles[role][measure]
        for variant in VARIANTS:
            self.whole[variant] += other.whole[variant]
        for kind in KINDS:
            self.kinds[kind] += other.kinds[kind]
        return self


@dataclass(frozen=True, slots=True)
class RelationTokens:
    """A normalised relation with the tokens of each role, computed once per article."""

    relation: Relation
    content: frozenset[int]
    cue: frozenset[int]
    source: frozenset[int]


@dataclass(slots=True)
class ArticleScore:
    """One article scored: its figures, and the headline matching for error reports."""

    scores: Scores
    gold: list[Relation]
    predicted: list[Relation]
    #: (gold index, predicted index) pairs of the headline variant ("content+source").
    matches: list[tuple[int, int]]
    tokens: TokenIndex

    @property
    def missed(self) -> list[int]:
        matched = {g for g, _ in self.matches}
        return [i for i in range(len(self.gold)) if i not in matched]

    @property
    def spurious(self) -> list[int]:
        matched = {p for _, p in self.matches}
        return [i for i in range(len(self.predicted)) if i not in matched]


def score_article(
    text: str, gold: Sequence[Relation], predicted: Sequence[Relation]
) -> ArticleScore:
    """Score one article's predicted attributions against its gold ones."""
    index = TokenIndex(text)
    gold_n = [r.normalised(text) for r in gold]
    pred_n = [r.normalised(text) for r in predicted]
    scores = Scores()
    for role in ROLES:
        scores.roles[role] = _role_counts(
            {r.role(role) for r in gold_n} - {()}, {r.role(role) for r in pred_n} - {()}, index
        )
    gold_t = [tokens_of(r, index) for r in gold_n]
    pred_t = [tokens_of(r, index) for r in pred_n]
    matchings = {variant: _match(gold_t, pred_t, _ACCEPTS[variant]) for variant in VARIANTS}
    for variant, pairs in matchings.items():
        scores.whole[variant] = Counts(len(pairs), len(pred_t), len(pairs), len(gold_t))
    headline = matchings[VARIANTS[0]]
    scores.kinds = _kind_counts(gold_n, pred_n, headline, text)
    return ArticleScore(scores, gold_n, pred_n, headline, index)


def tokens_of(relation: Relation, index: TokenIndex) -> RelationTokens:
    """The tokens of each role of a normalised relation."""
    return RelationTokens(
        relation, index.of(relation.content), index.of(relation.cue), index.of(relation.source)
    )


def _role_counts(
    gold: set[Fragments], predicted: set[Fragments], index: TokenIndex
) -> dict[str, Counts]:
    gold_tokens = {span: index.of(span) for span in gold}
    pred_tokens = {span: index.of(span) for span in predicted}
    exact = len(gold & predicted)
    all_gold = frozenset().union(*gold_tokens.values())
    all_pred = frozenset().union(*pred_tokens.values())
    shared = len(all_gold & all_pred)
    return {
        "exact": Counts(exact, len(predicted), exact, len(gold)),
        "partial": Counts(
            sum(1 for t in pred_tokens.values() if t & all_gold),
            len(predicted),
            sum(1 for t in gold_tokens.values() if t & all_pred),
            len(gold),
        ),
        "token": Counts(shared, len(all_pred), shared, len(all_gold)),
    }


def same_or_both_absent(gold: frozenset[int], predicted: frozenset[int]) -> bool:
    return bool(gold & predicted) if gold else not predicted


def _headline_failures(gold: RelationTokens, predicted: RelationTokens) -> list[str]:
    """Why a prediction cannot match a gold attribution under the headline rule (none: it can)."""
    failures = []
    covered = len(gold.content & predicted.content)
    if covered < _MIN_CONTENT_COVERAGE * len(gold.content):
        failures.append(f"content covers {covered}/{len(gold.content)} gold content tokens")
    if not same_or_both_absent(gold.source, predicted.source):
        if not gold.source:
            failures.append("gold has no source but the prediction has one")
        elif predicted.source:
            failures.append("source shares no token with the gold source")
        else:
            failures.append("prediction has no source")
    return failures


def explain_mismatch(gold: Relation, predicted: Relation, index: TokenIndex) -> list[str]:
    """Why `predicted` fails the headline match with `gold` (normalised relations); empty when
    it passes, and then only one-to-one matching kept them apart."""
    return _headline_failures(tokens_of(gold, index), tokens_of(predicted, index))


def headline_match(gold: RelationTokens, predicted: RelationTokens) -> bool:
    """The headline rule: content covering half the gold content's tokens, and a source
    sharing a token with the gold one (or both absent). Training labels findings with it."""
    return not _headline_failures(gold, predicted)


def _with_cue(gold: RelationTokens, predicted: RelationTokens) -> bool:
    return headline_match(gold, predicted) and same_or_both_absent(gold.cue, predicted.cue)


def _exact(gold: RelationTokens, predicted: RelationTokens) -> bool:
    return gold.relation == predicted.relation


_ACCEPTS: dict[str, Callable[[RelationTokens, RelationTokens], bool]] = {
    "content+source": headline_match,
    "+ cue overlap": _with_cue,
    "exact content+source+cue": _exact,
}


def _match(
    gold: list[RelationTokens],
    predicted: list[RelationTokens],
    accepts: Callable[[RelationTokens, RelationTokens], bool],
) -> list[tuple[int, int]]:
    """One-to-one greedy matching, pairs taken in decreasing content overlap."""
    candidates = []
    for g, gold_item in enumerate(gold):
        for p, pred_item in enumerate(predicted):
            if accepts(gold_item, pred_item):
                covered = len(gold_item.content & pred_item.content)
                share = covered / len(gold_item.content) if gold_item.content else 0.0
                candidates.append((-covered, -share, g, p))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for *_, g, p in sorted(candidates):
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return pairs


def _kind_counts(
    gold: list[Relation], predicted: list[Relation], pairs: list[tuple[int, int]], text: str
) -> dict[str, Counts]:
    counts = _table(KINDS)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    for i, relation in enumerate(gold):
        kind = counts[kind_of(relation.content, text)]
        kind.gold += 1
        kind.found += i in matched_gold
    for i, relation in enumerate(predicted):
        kind = counts[kind_of(relation.content, text)]
        kind.predicted += 1
        kind.correct += i in matched_pred
    return counts
