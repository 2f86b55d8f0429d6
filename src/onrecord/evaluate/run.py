"""Running onrecord over an annotated corpus and scoring it: what `onrecord eval` prints."""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from onrecord import pipeline
from onrecord.attribute.scheme import DEFAULT_SCHEME, Scheme
from onrecord.errors import InputError
from onrecord.evaluate import news, report
from onrecord.evaluate.ceiling import analyze_at_ceiling
from onrecord.evaluate.news import NewsScores, read_news
from onrecord.evaluate.polnear import read_polnear
from onrecord.evaluate.scoring import Relation, Scores, score_article
from onrecord.records import Article


@dataclass(slots=True)
class PolnearEvaluation:
    """The figures of one PolNeAR run; `format()` gives the tables."""

    split: str
    #: Whether findings were judged by the gold (`ceiling`), not by the confidence model.
    ceiling: bool = False
    #: What counted as an attribution (see `attribute.scheme`).
    scheme: Scheme = DEFAULT_SCHEME
    articles: int = 0
    analyze_seconds: float = 0.0
    #: CPU time of the same calls: the fairer figure when other jobs share the machine.
    analyze_cpu_seconds: float = 0.0
    scores: Scores = field(default_factory=Scores)
    #: Articles the pipeline refused (InputError), scored as predicting nothing.
    refused: list[str] = field(default_factory=list)

    @property
    def seconds_per_article(self) -> float:
        return self.analyze_seconds / self.articles if self.articles else 0.0

    @property
    def cpu_seconds_per_article(self) -> float:
        return self.analyze_cpu_seconds / self.articles if self.articles else 0.0

    def format(self) -> str:
        whole = self.scores.whole["content+source"]
        system = f"onrecord ceiling ({self.split})" if self.ceiling else f"onrecord ({self.split})"
        lines = [
            f"PolNeAR {self.split} ({self.scheme} scheme): {self.articles} articles, "
            f"{whole.gold} gold attributions, {whole.predicted} predicted; analyze takes {self.seconds_per_article:.2f} s per "
            f"article ({self.cpu_seconds_per_article:.2f} s of CPU time)",
        ]
        if self.ceiling:
            lines.append(
                "CEILING: a finding was kept exactly when the gold confirms it (it matches a gold "
                "attribution, or is a piece of a gold content with the right source): about the "
                "most any confidence model over today's patterns can reach"
            )
        if self.refused:
            lines.append(f"refused by the pipeline (scored as empty): {', '.join(self.refused)}")
        sections = [
            ("Whole attribution", report.whole_table(self.scores)),
            ("Roles (micro-averaged over the split)", report.role_table(self.scores)),
            (
                "Whole attribution by kind (content ≥50% + source; recall by the gold content's "
                "kind, precision by the predicted content's)",
                report.kind_table(self.scores),
            ),
            (
                "Reference figures (PolNeAR test split, measured independently; ours on "
                f"{self.split})",
                report.reference_table(self.scores, self.seconds_per_article, system),
            ),
        ]
        for title, table in sections:
            lines += ["", f"## {title}", "", table]
        return "\n".join(lines)


def run_polnear(
    split: str | Path = "dev",
    errors_path: Path | str | None = None,
    limit: int | None = None,
    analyze: Callable[[str], Article] | None = None,
    ceiling: bool = False,
    scheme: Scheme = DEFAULT_SCHEME,
) -> PolnearEvaluation:
    """Analyse every article of a PolNeAR split (a name or a folder) and score the attributions.

    With `errors_path`, every whole-attribution false positive and false negative is written
    there as one JSON line. `analyze` is the system under test (the pipeline under `scheme`
    by default: "news" counts what was communicated, "polnear" attitudes too, as PolNeAR's
    gold does); with `ceiling` the pipeline keeps exactly the findings the gold confirms
    instead (see `evaluate.ceiling`)."""
    name = Path(split).name if isinstance(split, Path) else split
    evaluation = PolnearEvaluation(split=name, ceiling=ceiling, scheme=scheme)
    if analyze is None:
        analyze = functools.partial(pipeline.analyze, scheme=scheme)
    sink = open(errors_path, "w", encoding="utf-8") if errors_path else contextlib.nullcontext()
    articles = itertools.islice(read_polnear(split), limit)
    with sink as errors:
        for gold in articles:
            run = (
                functools.partial(analyze_at_ceiling, gold, scheme=scheme)
                if ceiling
                else functools.partial(analyze, gold.text)
            )
            if not evaluation.articles:
                # the first call loads the model: timing it would charge every article for it
                with contextlib.suppress(InputError):
                    run()
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                article = run()
                if article.text != gold.text:
                    raise ValueError(f"{gold.name}: analyze changed the text, so offsets differ")
                predicted = [Relation.of(a) for a in article.attributions]
            except InputError:
                evaluation.refused.append(gold.name)
                predicted = []
            evaluation.analyze_seconds += time.perf_counter() - started
            evaluation.analyze_cpu_seconds += time.process_time() - started_cpu
            scored = score_article(gold.text, gold.attributions, predicted)
            evaluation.articles += 1
            evaluation.scores += scored.scores
            if errors is not None:
                for record in report.error_records(gold.name, gold.text, scored):
                    errors.write(json.dumps(record, ensure_ascii=False) + "\n")
    return evaluation


@dataclass(slots=True)
class NewsEvaluation:
    """The figures of one news gold run; `format()` gives the table."""

    split: str
    pages: int = 0
    scores: NewsScores = field(default_factory=NewsScores)
    refused: list[str] = field(default_factory=list)

    def format(self) -> str:
        s = self.scores
        lines = [
            f"News gold {self.split}: {self.pages} pages, {s.gold} gold content parts, "
            f"{s.predicted} predicted, {s.matched} matched",
        ]
        if self.refused:
            lines.append(f"refused by the pipeline (scored as empty): {', '.join(self.refused)}")
        lines += ["", report.news_table(s)]
        return "\n".join(lines)


def run_news(
    split: str | Path = "dev",
    errors_path: Path | str | None = None,
    analyze: Callable[[str], Article] = pipeline.analyze,
) -> NewsEvaluation:
    """Analyse every page of a news gold split (a name or a folder) and score it as the
    guidelines say; with `errors_path`, each missed, spurious or partly wrong part is written
    there as one JSON line."""
    name = Path(split).name if isinstance(split, Path) else split
    evaluation = NewsEvaluation(split=name)
    sink = open(errors_path, "w", encoding="utf-8") if errors_path else contextlib.nullcontext()
    with sink as errors:
        for page in read_news(split):
            try:
                article = analyze(page.text)
                if article.text != page.text:
                    raise ValueError(f"{page.name}: analyze changed the text, so offsets differ")
            except InputError:
                evaluation.refused.append(page.name)
                article = Article(text=page.text)
            predicted = news.parts_of(article)
            scored = news.score_page(page.parts, predicted)
            evaluation.pages += 1
            evaluation.scores += scored.scores
            if errors is not None:
                for record in news.error_records(page, article, predicted, scored):
                    errors.write(json.dumps(record, ensure_ascii=False) + "\n")
    return evaluation
