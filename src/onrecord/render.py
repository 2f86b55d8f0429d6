"""Rendering an analysed article for people (a table) and for programs (JSON)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from onrecord.records import Article, Attribution

if TYPE_CHECKING:  # rich loads where a table is printed: JSON output does without it
    from rich.console import Console

_CONTENT_WIDTH = 90


def to_json(article: Article, *, indent: int | None = None) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=indent)


def error_record(origin: str, error: str) -> str:
    """A JSONL line standing in for an input that was refused, so a batch loses no trace of it."""
    record: dict[str, Any] = {"origin": origin, "error": error}
    return json.dumps(record, ensure_ascii=False)


def print_table(article: Article, console: Console) -> None:
    """Who said what, one row per attribution, in text order, with the extractor's confidence."""
    from rich.table import Table

    title = article.headline or article.origin or article.id
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("speaker", overflow="fold", max_width=38)
    table.add_column("kind")
    table.add_column("cue")
    table.add_column("confidence", justify="right")
    table.add_column("content", overflow="fold")
    for attribution in article.attributions:
        table.add_row(
            speaker_label(article, attribution),
            attribution.kind,
            attribution.cue.text if attribution.cue else "",
            confidence_label(attribution.confidence),
            shorten(" … ".join(span.text for span in attribution.content)),
        )
    console.print(table)
    console.print(
        f"{len(article.attributions)} attributions, {len(article.speakers)} speakers",
        style="dim",
    )


def speaker_label(article: Article, attribution: Attribution) -> str:
    """'Pål Jonson (Defense Minister, Sweden)': the resolved speaker, else the source's words."""
    speaker = article.speaker(attribution.speaker_id)
    if speaker is None:
        return attribution.source.text if attribution.source else "(no source)"
    affiliations = [a for a in speaker.affiliations if a != speaker.name]
    details = [*speaker.titles[:1], *affiliations[:1]]
    return f"{speaker.name} ({', '.join(details)})" if details else speaker.name


def confidence_label(confidence: float) -> str:
    """A confidence as a table shows it: "0.87"."""
    return f"{confidence:.2f}"


def confident(article: Article, min_confidence: float | None) -> Article:
    """The article with only the attributions at least `min_confidence` confident (all of
    them when it is None); speakers and everything else are kept as they are."""
    if min_confidence is None:
        return article
    kept = [a for a in article.attributions if a.confidence >= min_confidence]
    return replace(article, attributions=kept)


def shorten(text: str, width: int = _CONTENT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
