"""Article-body extraction, scored as the Zyte/Scrapinghub benchmark scores it.

Per page, the extracted body and the hand-checked `articleBody` are cut into 4-word shingles
(words are `\\w+` runs); matching shingles are true positives, extra ones false positives, missing
ones false negatives, and the three are normalised by their sum so that long pages weigh no
more than short ones. Precision and recall are each averaged over pages and F1 is taken from the
two averages; the ± figures are 1.96 standard deviations over bootstrap resamples of the pages.
onrecord and plain `trafilatura.extract(html)` are scored on the same pages in one run.
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from onrecord.checks import detect_language
from onrecord.evaluate.corpora import data_root
from onrecord.structure.html import body_blocks, structure_html

_WORD = re.compile(r"\w+")

#: Shingle length the benchmark uses.
SHINGLE = 4


@dataclass(frozen=True, slots=True)
class Page:
    """One benchmark page: its saved HTML and the hand-checked body."""

    key: str
    html: str
    url: str
    body: str


@dataclass(frozen=True, slots=True)
class Score:
    """Benchmark figures for one extractor over a set of pages."""

    name: str
    pages: int
    precision: float
    recall: float
    f1: float
    precision_ci: float
    recall_ci: float
    f1_ci: float


#: Normalised (true positive, false positive, false negative) shares of one page.
Counts = tuple[float, float, float]


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Every run of `n` consecutive words; a text shorter than `n` words is one short shingle."""
    words = _WORD.findall(text or "")
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words)


def page_counts(truth: str, predicted: str) -> Counts:
    """Shingle TP/FP/FN of one page, normalised by their sum."""
    expected, got = shingles(truth), shingles(predicted)
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn)


def metrics(counts: list[Counts]) -> tuple[float, float, float]:
    """(precision, recall, F1): precision and recall averaged over the pages where they are
    defined, F1 from the two averages."""
    precision = statistics.mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(name: str, counts: list[Counts], *, n_bootstrap: int = 1000, seed: int = 0) -> Score:
    """Figures with bootstrap ± (1.96 standard deviations); seeded, so a run repeats exactly."""
    rng = random.Random(seed)
    samples = [
        metrics([counts[rng.randrange(len(counts))] for _ in counts]) for _ in range(n_bootstrap)
    ]
    spread = [1.96 * statistics.stdev(column) for column in zip(*samples, strict=True)]
    if not spread:
        spread = [0.0, 0.0, 0.0]
    return Score(name, len(counts), *metrics(counts), *spread)


def load_pages(root: Path | None = None) -> Iterator[Page]:
    """The benchmark pages present under `root` (default: the corpora's `extraction/`)."""
    folder = root or data_root() / "extraction"
    if not (folder / "ground-truth.json").is_file():
        raise FileNotFoundError(
            f"no extraction benchmark at {folder} (set $ONRECORD_DATA; docs/evaluation.md says"
            " how to get it)"
        )
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        path = folder / "html" / f"{key}.html.gz"
        if path.exists():
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            yield Page(key, html, truth[key].get("url", ""), truth[key].get("articleBody", ""))


def onrecord_body(page: Page) -> str:
    """The article body as onrecord extracts it: its body blocks, without the headline, captions,
    credits, author bios or other blocks kept apart from the story."""
    article = structure_html(page.html, url=page.url or None)
    return "\n\n".join(article.block_text(b) for b in body_blocks(article))


def trafilatura_body(page: Page) -> str:
    """The yardstick: trafilatura's default call, exactly as a user would make it."""
    return trafilatura.extract(page.html) or ""


EXTRACTORS: dict[str, Callable[[Page], str]] = {
    "onrecord": onrecord_body,
    "trafilatura": trafilatura_body,
}


def evaluate_extraction(root: Path | None = None, *, n_bootstrap: int = 1000) -> list[Score]:
    """Score every extractor on the same pages, in one run."""
    pages = list(load_pages(root))
    if not pages:
        raise FileNotFoundError(f"no benchmark pages under {root or data_root() / 'extraction'}")
    return [
        score(name, [page_counts(p.body, extract(p)) for p in pages], n_bootstrap=n_bootstrap)
        for name, extract in EXTRACTORS.items()
    ]


def format_scores(scores: list[Score]) -> str:
    """One line per extractor, as the benchmark prints them."""
    return "\n".join(
        f"{s.name:<12} pages={s.pages}  precision={s.precision:.3f} ± {s.precision_ci:.3f}  "
        f"recall={s.recall:.3f} ± {s.recall_ci:.3f}  F1={s.f1:.3f} ± {s.f1_ci:.3f}"
        for s in scores
    )


def english_pages(limit: int | None = None) -> tuple[str, ...]:
    """The benchmark's English pages as HTML: real news pages for the HTML throughput figure
    (only English is analysed; other pages would be refused at once and flatter the rate)."""
    pages = (p.html for p in load_pages() if detect_language(p.body) == "en")
    return tuple(itertools.islice(pages, limit))
