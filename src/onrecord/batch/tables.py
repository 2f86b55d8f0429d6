"""The tables `onrecord run` writes: analysed articles as the rows `onrecord export` gives
(articles, attributions, speakers; the same columns, see `corpus.columns.TABLES`), and the
inputs that failed, one row each.

A run has no store, so what only a store knows is left to loading the output into one: an
attribution's quote cluster is null, and a speaker is the article's speaker, not yet a corpus
speaker (`speakers.article_id` says which article; `statements` and `articles` count within
it). Ids are numbers derived from the article's content hash, so the same article gets the
same ids in every run. Each article row also carries its whole record (`record`, the JSON of
`onrecord analyze --json`), from which a store can be loaded without analysing again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from onrecord.corpus.columns import TABLES as EXPORTED
from onrecord.corpus.columns import Column, arrow_type
from onrecord.corpus.rows import content_text, publication_date
from onrecord.records import Article, Span, Speaker

#: The tables of a run, each with its columns: the exported ones, and what a run adds.
TABLES: dict[str, tuple[Column, ...]] = {
    "articles": (
        *EXPORTED["articles"],
        Column("origin", "string", "where it was read: file, file@offset or file:line"),
        Column("record", "string", "the whole analysed record, as `analyze --json` gives"),
    ),
    "attributions": EXPORTED["attributions"],
    "speakers": (
        *EXPORTED["speakers"],
        Column("article_id", "string", "the article the speaker speaks in (articles.id)"),
    ),
    "failures": (
        Column("origin", "string", "the input that failed"),
        Column("error", "string", "why, in one line"),
        Column("file", "string", "the file it was read from"),
        Column("position", "int64", "its place among the file's documents, from 0"),
    ),
}

SCHEMAS = {
    name: pa.schema([(c.name, arrow_type(c.type)) for c in columns])
    for name, columns in TABLES.items()
}


@dataclass(slots=True)
class Rows:
    """The rows of some articles and failures, by table."""

    articles: list[dict[str, Any]]
    attributions: list[dict[str, Any]]
    speakers: list[dict[str, Any]]
    failures: list[dict[str, Any]]

    @classmethod
    def empty(cls) -> Rows:
        return cls([], [], [], [])

    def add_article(self, article: Article, analysed_at: datetime) -> None:
        dated = publication_date(article.published)
        speaker_ids = {s.id: row_id(article.id, "speaker", s.id) for s in article.speakers}
        self.articles.append(_article(article, dated, analysed_at))
        for attribution in article.attributions:
            speaker = article.speaker(attribution.speaker_id)
            self.attributions.append(
                {
                    "id": row_id(article.id, "attribution", attribution.id),
                    "article_id": article.id,
                    "kind": attribution.kind,
                    "content": content_text(attribution),
                    "cue": attribution.cue.text if attribution.cue else None,
                    "source": attribution.source.text if attribution.source else None,
                    "speaker_id": speaker_ids.get(attribution.speaker_id or ""),
                    "speaker": speaker.name if speaker else None,
                    "article_speaker": speaker.name if speaker else None,
                    "content_offsets": [_offsets(span) for span in attribution.content],
                    "cue_offsets": _spans(attribution.cue),
                    "source_offsets": _spans(attribution.source),
                    "confidence": attribution.confidence,
                    "cluster_id": None,
                    "site": article.site,
                    "domain": article.domain,
                    "date": dated,
                }
            )
        for speaker in article.speakers:
            statements = sum(a.speaker_id == speaker.id for a in article.attributions)
            if statements:  # as in export: speakers of no statement are left out
                self.speakers.append(
                    _speaker(article, speaker, speaker_ids[speaker.id], statements, dated)
                )

    def add_failure(self, origin: str, error: str, file: str, position: int) -> None:
        self.failures.append({"origin": origin, "error": error, "file": file, "position": position})

    def tables(self) -> dict[str, pa.Table]:
        return {
            name: pa.Table.from_pylist(getattr(self, name), schema=SCHEMAS[name]) for name in TABLES
        }


def row_id(article_id: str, kind: str, local_id: str) -> int:
    """A stable 63-bit id for an article's attribution or speaker."""
    digest = hashlib.sha256(f"{article_id}/{kind}/{local_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def _article(article: Article, dated: date | None, analysed_at: datetime) -> dict[str, Any]:
    return {
        "id": article.id,
        "location": article.url or article.origin or article.id,  # never the canonical link
        "site": article.site,
        "domain": article.domain,
        "headline": article.headline,
        "section": article.section,
        "authors": list(article.authors),
        "published": article.published,
        "date": dated,
        "wire_credit": article.wire_credit,
        "language": article.language,
        "attributions": len(article.attributions),
        "ingested_at": analysed_at,
        "text": article.text,
        "origin": article.origin,
        "record": json.dumps(article.to_dict(), ensure_ascii=False),
    }


def _speaker(
    article: Article, speaker: Speaker, speaker_id: int, statements: int, dated: date | None
) -> dict[str, Any]:
    def roles(values: list[str]) -> list[dict[str, Any]]:
        return [{"value": value, "first_seen": dated, "last_seen": dated} for value in values]

    return {
        "id": speaker_id,
        "name": speaker.name,
        "type": speaker.type,
        "titles": roles(speaker.titles),
        "affiliations": roles(speaker.affiliations),
        "statements": statements,
        "articles": 1,
        "first_seen": dated,
        "last_seen": dated,
        "article_id": article.id,
    }


def _offsets(span: Span) -> list[int]:
    return [span.start, span.end]


def _spans(span: Span | None) -> list[list[int]]:
    return [_offsets(span)] if span else []
