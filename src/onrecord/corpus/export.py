"""Exporting the corpus as JSON Lines, CSV or Parquet: articles, attributions, speakers.

Every column is declared once below, with its type and meaning; `onrecord export --help` and
the Parquet schema are both read from these declarations. Rows are streamed in batches, so an
export of a large corpus needs little memory. Lists (authors, offsets, roles) are arrays in
JSON Lines and Parquet, and JSON text in a CSV cell. CSV is for spreadsheets, so a cell that
would start a formula there ("=HYPERLINK(…)") is written with a leading apostrophe; JSON
Lines and Parquet keep every value as stored. A minimum confidence leaves out the
statements below it everywhere: their rows, and the counts of articles and speakers.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import ColumnElement, Connection, func, select, true

from onrecord.corpus.columns import FORMATS, TABLES, Column, arrow_type
from onrecord.corpus.search import from_outlet
from onrecord.corpus.speakers import speakers
from onrecord.corpus.store import ARTICLE_SPEAKERS, ARTICLES, ATTRIBUTIONS, SPANS, SPEAKERS

#: First characters that make a spreadsheet read a CSV cell as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BATCH = 500


def export(
    connection: Connection,
    table: str,
    format: str,
    output: Path | IO[Any],
    *,
    min_confidence: float | None = None,
    site: str | None = None,
) -> int:
    """Write one table in one format to a file path or an open stream; returns the row count.
    Parquet needs a path or a binary stream; JSON Lines and CSV a path or a text stream.
    Attributions less confident than `min_confidence` are left out; with `site`, only the
    articles of that outlet (by name or domain) and what they say are written."""
    if table not in TABLES:
        raise ValueError(f"no table {table!r}: choose from {', '.join(TABLES)}")
    if format not in FORMATS:
        raise ValueError(f"no format {format!r}: choose from {', '.join(FORMATS)}")
    batches = _batches(_ROWS[table](connection, min_confidence, site))
    if format == "parquet":
        return _write_parquet(batches, TABLES[table], output)
    if isinstance(output, Path):
        with output.open("w", encoding="utf-8", newline="") as stream:
            return _write_text(batches, TABLES[table], format, stream)
    return _write_text(batches, TABLES[table], format, output)


def _write_text(
    batches: Iterator[list[dict[str, Any]]],
    columns: tuple[Column, ...],
    format: str,
    stream: IO[Any],
) -> int:
    names = [column.name for column in columns]
    writer = csv.DictWriter(stream, fieldnames=names) if format == "csv" else None
    if writer:
        writer.writeheader()
    count = 0
    for batch in batches:
        for row in batch:
            if writer:
                writer.writerow({k: _cell(v) for k, v in row.items()})
            else:
                stream.write(json.dumps(row, ensure_ascii=False, default=_iso) + "\n")
        count += len(batch)
    return count


def _write_parquet(
    batches: Iterator[list[dict[str, Any]]], columns: tuple[Column, ...], output: Path | IO[Any]
) -> int:
    import pyarrow as pa  # here: only a Parquet export needs it
    import pyarrow.parquet as pq

    schema = pa.schema([(column.name, arrow_type(column.type)) for column in columns])
    count = 0
    with pq.ParquetWriter(output, schema) as writer:
        for batch in batches:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _cell(value: Any) -> Any:
    """A CSV cell: lists as JSON text, dates in ISO form, and text a spreadsheet would run as
    a formula defused."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_iso)
    if isinstance(value, str):
        return _inert(value)
    return _iso(value) if isinstance(value, (date, datetime)) else value


def _inert(text: str) -> str:
    """Text a spreadsheet shows as text: one that starts like a formula (=, +, -, @, a tab or
    a carriage return) gets a leading apostrophe, as OWASP advises against CSV injection."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _iso(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _confident(min_confidence: float | None) -> ColumnElement[bool]:
    """The attributions an export keeps."""
    return true() if min_confidence is None else ATTRIBUTIONS.c.confidence >= min_confidence


def _in_outlet(site: str | None) -> ColumnElement[bool]:
    """The articles an export keeps."""
    return true() if site is None else from_outlet(site)


def _articles(
    connection: Connection, min_confidence: float | None, site: str | None
) -> Iterator[dict[str, Any]]:
    counts = (
        select(ATTRIBUTIONS.c.article_id, func.count().label("n"))
        .where(_confident(min_confidence))
        .group_by(ATTRIBUTIONS.c.article_id)
        .subquery()
    )
    query = (
        select(ARTICLES, func.coalesce(counts.c.n, 0).label("statements"))
        .outerjoin(counts, counts.c.article_id == ARTICLES.c.id)
        .where(_in_outlet(site))
        .order_by(ARTICLES.c.published_date.asc().nulls_last(), ARTICLES.c.id)
        .execution_options(yield_per=_BATCH)
    )
    for article in connection.execute(query):
        yield {
            "id": article.id,
            "location": article.location,
            "site": article.site,
            "domain": article.domain,
            "headline": article.headline,
            "section": article.section,
            "authors": list(article.authors),
            "published": article.published,
            "date": article.published_date,
            "wire_credit": article.wire_credit,
            "language": article.language,
            "attributions": article.statements,
            "ingested_at": article.ingested_at,
            "text": article.text,
        }


def _attributions(
    connection: Connection, min_confidence: float | None, site: str | None
) -> Iterator[dict[str, Any]]:
    in_article = ARTICLE_SPEAKERS.alias()
    query = (
        select(
            ATTRIBUTIONS,
            SPEAKERS.c.name.label("speaker"),
            in_article.c.name.label("article_speaker"),
            ARTICLES.c.site.label("outlet"),
            ARTICLES.c.domain.label("outlet_domain"),
            ARTICLES.c.published_date,
        )
        .join(ARTICLES, ARTICLES.c.id == ATTRIBUTIONS.c.article_id)
        .outerjoin(SPEAKERS, SPEAKERS.c.id == ATTRIBUTIONS.c.speaker_id)
        .outerjoin(in_article, in_article.c.id == ATTRIBUTIONS.c.article_speaker_id)
        .where(_confident(min_confidence), _in_outlet(site))
        .order_by(
            ARTICLES.c.published_date.asc().nulls_last(),
            ATTRIBUTIONS.c.article_id,
            ATTRIBUTIONS.c.position,
        )
        .execution_options(yield_per=_BATCH)
    )
    for batch in connection.execute(query).partitions():
        offsets = _offsets(connection, [row.id for row in batch])
        for row in batch:
            found = offsets.get(row.id, {})
            yield {
                "id": row.id,
                "article_id": row.article_id,
                "kind": row.kind,
                "content": row.content,
                "cue": row.cue,
                "source": row.source,
                "speaker_id": row.speaker_id,
                "speaker": row.speaker,
                "article_speaker": row.article_speaker,
                "content_offsets": found.get("content", []),
                "cue_offsets": found.get("cue", []),
                "source_offsets": found.get("source", []),
                "confidence": row.confidence,
                "cluster_id": row.cluster_id,
                "site": row.outlet,
                "domain": row.outlet_domain,
                "date": row.published_date,
            }


def _offsets(connection: Connection, ids: list[int]) -> dict[int, dict[str, list[list[int]]]]:
    """The start and end of each span of these attributions, by attribution and role, in the
    order they were stored: read for a batch of attributions at a time."""
    found: dict[int, dict[str, list[list[int]]]] = {}
    spans = (
        select(SPANS.c.attribution_id, SPANS.c.role, SPANS.c.start, SPANS.c.end)
        .where(SPANS.c.attribution_id.in_(ids))
        .order_by(SPANS.c.id)
    )
    for span in connection.execute(spans):
        found.setdefault(span.attribution_id, {}).setdefault(span.role, []).append(
            [span.start, span.end]
        )
    return found


def _speakers(
    connection: Connection, min_confidence: float | None, site: str | None
) -> Iterator[dict[str, Any]]:
    for summary in speakers(connection, min_confidence=min_confidence, site=site):
        yield {
            "id": summary.id,
            "name": summary.name,
            "type": summary.type,
            "titles": [_role(r) for r in summary.titles],
            "affiliations": [_role(r) for r in summary.affiliations],
            "statements": summary.statements,
            "articles": summary.articles,
            "first_seen": summary.first_seen,
            "last_seen": summary.last_seen,
        }


def _role(role: Any) -> dict[str, Any]:
    return {"value": role.value, "first_seen": role.first_seen, "last_seen": role.last_seen}


_ROWS = {"articles": _articles, "attributions": _attributions, "speakers": _speakers}
