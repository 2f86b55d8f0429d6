"""News gold (`newsgold/`): modern pages annotated for who communicated what, with the
speaker's name, titles and affiliations, scored exactly as its GUIDELINES.md says.

The unit is a content part: each carries its attribution's kind and speaker, so joining a
continuation quotation to the attribution before it, or keeping it apart, scores the same.

Choices the guidelines leave open, made here once:
- Parts are paired greedily by the characters they share (ties: gold order, then predicted).
- Names are compared lower-cased with punctuation dropped and spaces squeezed; "holds" is
  containment of that string. A person's surname is the last word of a name.
- A title or affiliation "holds" another as a substring; equality counts at any length, holding
  only when the held one is over 3 characters ("vp" is in "supervisor").
- A predicted part whose speaker is unresolved has no name, titles or affiliations.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onrecord.evaluate.corpora import data_root
from onrecord.records import Article

#: The fields compared among matched parts, in the order the tables show them.
FIELDS = ("kind", "speaker", "titles", "affiliations")
_MIN_HELD = 4
_PUNCTUATION = str.maketrans({c: " " for c in string.punctuation + "‘’“”«»–—"})


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a part is attributed to, as the guidelines' `speaker` describes them."""

    name: str = ""
    type: str = ""
    titles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Part:
    """One content part with its attribution's kind and speaker."""

    start: int
    end: int
    kind: str
    speaker: Identity
    #: Which attribution of its page the part belongs to (for error reports).
    attribution: int = 0
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class NewsPage:
    """One annotated page: its exact text and its gold parts."""

    name: str
    url: str
    text: str
    parts: list[Part]
    #: The gold attributions as annotated, for error reports.
    attributions: list[dict[str, Any]]


def split_dir(split: str) -> Path:
    return data_root() / "newsgold" / split


def read_news(split: str | Path = "dev") -> Iterator[NewsPage]:
    """Every annotated page of a split (a name or a folder), in name order."""
    directory = Path(split) if isinstance(split, Path) else split_dir(split)
    paths = sorted(directory.glob("*.json")) if directory.is_dir() else []
    if not paths:
        raise FileNotFoundError(
            f"no news gold at {directory} (set $ONRECORD_DATA; docs/evaluation.md says how to get it)"
        )
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        parts = [
            Part(c["start"], c["end"], a["kind"], _identity(a.get("speaker") or {}), i)
            for i, a in enumerate(data["attributions"])
            for c in a["content"]
        ]
        yield NewsPage(path.stem, data.get("url", ""), data["text"], parts, data["attributions"])


def _identity(speaker: dict[str, Any]) -> Identity:
    return Identity(
        speaker.get("name") or "",
        speaker.get("type") or "",
        tuple(speaker.get("titles") or ()),
        tuple(speaker.get("affiliations") or ()),
    )


def parts_of(article: Article) -> list[Part]:
    """The predicted parts of an analysed article, each with its resolved speaker."""
    parts = []
    for i, attribution in enumerate(article.attributions):
        speaker = article.speaker(attribution.speaker_id)
        identity = (
            Identity(speaker.name, speaker.type, tuple(speaker.titles), tuple(speaker.affiliations))
            if speaker
            else Identity()
        )
        parts += [
            Part(s.start, s.end, attribution.kind, identity, i, attribution.confidence)
            for s in attribution.content
        ]
    return parts


def _words(name: str) -> list[str]:
    return name.lower().translate(_PUNCTUATION).split()


def same_speaker(gold: Identity, predicted: Identity) -> bool:
    """The guidelines' name rule: equal once normalised; a person's names share a surname; a
    body's name holds the other."""
    g, p = _words(gold.name), _words(predicted.name)
    if not g or not p:
        return False
    whole_g, whole_p = " ".join(g), " ".join(p)
    if gold.type == "person":
        return g[-1] in whole_p or p[-1] in whole_g
    return whole_g in whole_p or whole_p in whole_g


def _same_label(a: str, b: str) -> bool:
    a, b = " ".join(_words(a)), " ".join(_words(b))
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return shorter == longer or (len(shorter) >= _MIN_HELD and shorter in longer)


def same_labels(gold: Sequence[str], predicted: Sequence[str]) -> bool:
    """Titles or affiliations: both empty, or one predicted label equals, holds or is held by
    a gold one."""
    if not gold:
        return not predicted
    return any(_same_label(g, p) for g in gold for p in predicted)


def judge(gold: Part, predicted: Part) -> dict[str, bool]:
    """Which fields of a matched pair are right, and whether all of them are."""
    verdict = {
        "kind": gold.kind == predicted.kind,
        "speaker": same_speaker(gold.speaker, predicted.speaker),
        "titles": same_labels(gold.speaker.titles, predicted.speaker.titles),
        "affiliations": same_labels(gold.speaker.affiliations, predicted.speaker.affiliations),
    }
    verdict["fully"] = all(verdict.values())
    return verdict


def match_parts(gold: Sequence[Part], predicted: Sequence[Part]) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index) overlapping by at least half of each one's length,
    each part in at most one pair, taken greedily by shared characters."""
    candidates = []
    for g, gp in enumerate(gold):
        for p, pp in enumerate(predicted):
            shared = min(gp.end, pp.end) - max(gp.start, pp.start)
            if shared > 0 and 2 * shared >= gp.end - gp.start and 2 * shared >= pp.end - pp.start:
                candidates.append((-shared, g, p))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append((g, p))
    return sorted(pairs)


@dataclass(slots=True)
class NewsScores:
    """Counts over any number of pages; the figures are properties."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*FIELDS, "fully"), 0))

    def __iadd__(self, other: NewsScores) -> NewsScores:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        for key, value in other.right.items():
            self.right[key] += value
        return self

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def share(self, key: str) -> float:
        """The share of matched parts whose `key` field is right."""
        return self.right[key] / self.matched if self.matched else 0.0

    @property
    def fully_right(self) -> float:
        """The headline figure: the share of gold parts found fully right."""
        return self.right["fully"] / self.gold if self.gold else 0.0


@dataclass(slots=True)
class PageScore:
    scores: NewsScores
    pairs: list[tuple[int, int, dict[str, bool]]]
    missed: list[int]
    spurious: list[int]


def score_page(gold: Sequence[Part], predicted: Sequence[Part]) -> PageScore:
    scores = NewsScores(gold=len(gold), predicted=len(predicted))
    pairs = []
    for g, p in match_parts(gold, predicted):
        verdict = judge(gold[g], predicted[p])
        pairs.append((g, p, verdict))
        scores.matched += 1
        for key, ok in verdict.items():
            scores.right[key] += ok
    matched_gold = {g for g, _, _ in pairs}
    matched_predicted = {p for _, p, _ in pairs}
    return PageScore(
        scores,
        pairs,
        [g for g in range(len(gold)) if g not in matched_gold],
        [p for p in range(len(predicted)) if p not in matched_predicted],
    )


def error_records(
    page: NewsPage, article: Article, predicted: Sequence[Part], scored: PageScore
) -> Iterator[dict[str, Any]]:
    """Each missed and spurious part, and each matched part with a wrong field, as a record a
    person can read: the paragraph, both sides' spans and speakers, what was wrong."""
    for g in scored.missed:
        yield _record(page, article, "false_negative", page.parts[g], None, [])
    for p in scored.spurious:
        yield _record(page, article, "false_positive", None, predicted[p], [])
    for g, p, verdict in scored.pairs:
        wrong = [k for k in FIELDS if not verdict[k]]
        if wrong:
            yield _record(page, article, "wrong_fields", page.parts[g], predicted[p], wrong)


def _record(
    page: NewsPage,
    article: Article,
    error: str,
    gold: Part | None,
    predicted: Part | None,
    wrong: list[str],
) -> dict[str, Any]:
    anchor = gold or predicted
    assert anchor is not None
    start = page.text.rfind("\n", 0, anchor.start) + 1
    end = page.text.find("\n", anchor.end)
    record: dict[str, Any] = {
        "page": page.name,
        "error": error,
        "context": page.text[start : end if end >= 0 else len(page.text)],
    }
    if wrong:
        record["wrong"] = wrong
    if gold is not None:
        annotated = page.attributions[gold.attribution]
        record["gold"] = {
            "content": page.text[gold.start : gold.end],
            "kind": gold.kind,
            "cue": (annotated.get("cue") or {}).get("text"),
            "source": (annotated.get("source") or {}).get("text"),
            "speaker": annotated.get("speaker"),
        }
    if predicted is not None:
        found = article.attributions[predicted.attribution]
        record["predicted"] = {
            "content": page.text[predicted.start : predicted.end],
            "kind": predicted.kind,
            "cue": found.cue and found.cue.text,
            "source": found.source and found.source.text,
            "speaker": {
                "name": predicted.speaker.name,
                "type": predicted.speaker.type,
                "titles": list(predicted.speaker.titles),
                "affiliations": list(predicted.speaker.affiliations),
            },
            "confidence": round(predicted.confidence, 3),
        }
    return record
