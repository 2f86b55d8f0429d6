"""Printing scores as markdown tables, and explaining each whole-attribution error, so that a
figure in the README can be traced to the cases behind it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from onrecord.evaluate.news import NewsScores
from onrecord.evaluate.scoring import (
    KINDS,
    ROLE_MEASURES,
    ROLES,
    VARIANTS,
    ArticleScore,
    Counts,
    Fragments,
    Relation,
    Scores,
    TokenIndex,
    explain_mismatch,
    kind_of,
)

#: Independent measurements on the PolNeAR *test* split (EVALUATION.md): system, whole F1,
#: source / cue / content exact F1, seconds per article (None: not comparable / GPU).
REFERENCES: tuple[tuple[str, float | None, tuple[float, float, float], float | None], ...] = (
    (
        "BBC Citron (PARC-trained, cue model retrained on PolNeAR train)",
        46.1,
        (49.7, 45.8, 28.6),
        0.70,
    ),
    ("textacy `direct_quotations`", 26.5, (27.1, 32.1, 14.2), 0.74),
    ("CofeNet (BERT, published, sentence-level protocol)", None, (83.2, 75.3, 72.9), None),
)

_VARIANT_LABELS = {
    "content+source": "content ≥50% + source (headline)",
    "+ cue overlap": "+ cue overlap",
    "exact content+source+cue": "exact content+source+cue",
}


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = [_row(header), _row(["---"] * len(header))]
    lines.extend(_row(r) for r in rows)
    return "\n".join(lines)


def _prf(counts: Counts) -> list[str]:
    return [_pct(counts.precision), _pct(counts.recall), _pct(counts.f1)]


def whole_table(scores: Scores) -> str:
    return _table(
        ["match", "P", "R", "F1", "correct", "predicted", "found", "gold"],
        [
            [_VARIANT_LABELS[v], *_prf(c), c.correct, c.predicted, c.found, c.gold]
            for v, c in scores.whole.items()
        ],
    )


def role_table(scores: Scores) -> str:
    header = ["role"] + [f"{m} {x}" for m in ROLE_MEASURES for x in ("P", "R", "F1")]
    header += ["gold spans", "predicted spans"]
    rows = []
    for role in ROLES:
        counts = scores.roles[role]
        cells: list[object] = [role]
        for measure in ROLE_MEASURES:
            cells += _prf(counts[measure])
        rows.append([*cells, counts["exact"].gold, counts["exact"].predicted])
    return _table(header, rows)


def kind_table(scores: Scores) -> str:
    """Recall by the gold content's kind, precision by the kind of the predicted content."""
    return _table(
        ["kind", "P", "R", "F1", "correct", "predicted", "found", "gold"],
        [
            [k, *_prf(c), c.correct, c.predicted, c.found, c.gold]
            for k, c in ((k, scores.kinds[k]) for k in KINDS)
        ],
    )


def news_table(scores: NewsScores) -> str:
    """The guidelines' figures: parts found, then the fields right among matched parts, then
    the headline figure, the share of gold parts found fully right."""
    return _table(
        ["P", "R", "F1", "kind", "speaker", "titles", "affiliations", "fully right (of gold)"],
        [
            [
                _pct(scores.precision),
                _pct(scores.recall),
                _pct(scores.f1),
                *(_pct(scores.share(k)) for k in ("kind", "speaker", "titles", "affiliations")),
                _pct(scores.fully_right),
            ]
        ],
    )


def reference_table(scores: Scores, seconds_per_article: float, label: str) -> str:
    exact = [scores.roles[r]["exact"].f1 for r in ROLES]
    ours = [
        label,
        _pct(scores.whole[VARIANTS[0]].f1),
        " / ".join(_pct(f) for f in exact),
        f"{seconds_per_article:.2f}",
    ]
    rows = [ours] + [
        [
            name,
            "—" if whole is None else f"{whole:.1f}",
            " / ".join(f"{f:.1f}" for f in roles),
            "GPU" if seconds is None else f"{seconds:.2f}",
        ]
        for name, whole, roles, seconds in REFERENCES
    ]
    return _table(
        [
            "system",
            "whole-attribution F1",
            "source / cue / content exact F1",
            "seconds per article",
        ],
        rows,
    )


def error_records(name: str, text: str, scored: ArticleScore) -> Iterator[dict[str, Any]]:
    """Each whole-attribution false negative and false positive of one article, with the
    nearest counterpart on the other side and why the two were not matched."""
    for g in scored.missed:
        gold = scored.gold[g]
        nearest = _nearest(gold.content, scored.predicted, scored.tokens)
        yield _record(
            name, text, "false_negative", kind_of(gold.content, text), gold, nearest, scored
        )
    for p in scored.spurious:
        predicted = scored.predicted[p]
        nearest = _nearest(predicted.content, scored.gold, scored.tokens)
        kind = kind_of(predicted.content, text)
        yield _record(name, text, "false_positive", kind, nearest, predicted, scored)


def _nearest(content: Fragments, others: list[Relation], tokens: TokenIndex) -> Relation | None:
    """The relation whose content shares most tokens with `content`, if any shares one."""
    wanted = tokens.of(content)
    best = max(others, key=lambda r: len(wanted & tokens.of(r.content)), default=None)
    if best is None or not wanted & tokens.of(best.content):
        return None
    return best


def _record(
    name: str,
    text: str,
    error: str,
    kind: str,
    gold: Relation | None,
    predicted: Relation | None,
    scored: ArticleScore,
) -> dict[str, Any]:
    if gold is not None and predicted is not None:
        why = explain_mismatch(gold, predicted, scored.tokens) or [
            "its counterpart was matched to another attribution (one-to-one)"
        ]
    else:
        why = ["no attribution on the other side shares a content token"]
    return {
        "article": name,
        "error": error,
        "kind": kind,
        "context": _context(text, [r for r in (gold, predicted) if r is not None]),
        "gold": _spans(gold, text),
        "predicted": _spans(predicted, text),
        "why": why,
    }


def _spans(relation: Relation | None, text: str) -> dict[str, Any] | None:
    if relation is None:
        return None
    return {
        role: {
            "text": " … ".join(text[a:b] for a, b in relation.role(role)),
            "offsets": [list(f) for f in relation.role(role)],
        }
        for role in ROLES
    }


def _context(text: str, relations: list[Relation]) -> str:
    """The whole lines (paragraphs) the relations' spans lie in."""
    offsets = [x for r in relations for role in ROLES for f in r.role(role) for x in f]
    if not offsets:
        return ""
    start = text.rfind("\n", 0, min(offsets)) + 1
    end = text.find("\n", max(offsets))
    return text[start : end if end >= 0 else len(text)]
