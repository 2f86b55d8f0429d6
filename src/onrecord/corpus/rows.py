"""Records to rows and back: an `Article` is written as the rows of one article, and the rows
give the same `Article` again, offsets and all.

Writing goes through the driver itself rather than SQLAlchemy's statements: an article is
thousands of rows (attributions, spans, mentions) and ingest speed is set here. The rows of a
chunk of articles (`corpus.chunk`: one, or a thousand) are written at once, a statement per
table (`write_rows`: COPY on PostgreSQL), numbered beforehand where others refer to them
(`Ids`)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, fields, is_dataclass, replace
from datetime import UTC, date, datetime
from operator import is_
from typing import Any, cast

from sqlalchemy import (
    ARRAY,
    JSON,
    ColumnElement,
    FromClause,
    Table,
    any_,
    bindparam,
    column,
    func,
    select,
    text,
)
from sqlalchemy.engine import Connection, Dialect, Row
from sqlalchemy.types import TypeEngine

from onrecord.corpus.fulltext import search_text
from onrecord.corpus.store import (
    ARTICLE_SPEAKERS,
    ARTICLES,
    ATTRIBUTIONS,
    BLOCKS,
    MENTIONS,
    SPANS,
)
from onrecord.records import Article, Attribution, Block, Caption, Span, Speaker

#: The roles a span can play in an attribution, in the order they are stored.
SPAN_ROLES = ("content", "cue", "source", "context")


def storable(article: Article) -> Article:
    """The article as a database can hold it: a NUL character, which PostgreSQL refuses in
    text, becomes U+FFFD, one character for one, so every offset stays true. The id is kept."""
    return cast(Article, _without_nul(article))


def _without_nul(value: Any) -> Any:
    """The value with each NUL in its text replaced, and the value itself where it has none:
    nearly every record has none (walked so, where it was copied as a dict and dumped as JSON
    to be searched, an article cost twice as much)."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, list):
        items = [_without_nul(item) for item in value]
        return value if all(map(is_, items, value)) else items
    if isinstance(value, dict):
        found = {key: _without_nul(item) for key, item in value.items()}
        return value if all(map(is_, found.values(), value.values())) else found
    if is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: new
            for f in fields(value)
            if (new := _without_nul(old := getattr(value, f.name))) is not old
        }
        return replace(value, **changes) if changes else value
    return value


def article_values(article: Article, *, location: str, document_hash: str | None) -> dict[str, Any]:
    """The article's row."""
    ingested_at = datetime.now(UTC)
    published = publication_date(article.published)
    return {
        "id": article.id,
        "location": location,
        "document_hash": document_hash,
        "origin": article.origin,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "headline": article.headline,
        "section": article.section,
        "site": article.site,
        "domain": article.domain,
        "authors": list(article.authors),
        "published": article.published,
        "published_date": published,
        "dated": published or ingested_at.date(),
        "wire_credit": article.wire_credit,
        "language": article.language,
        "text": article.text,
        "captions": [asdict(caption) for caption in article.captions],
        "ingested_at": ingested_at,
    }


def block_values(article: Article) -> list[dict[str, Any]]:
    """The rows of the article's blocks."""
    return [
        {"article_id": article.id, "position": i, "kind": b.kind, "start": b.start, "end": b.end}
        for i, b in enumerate(article.blocks)
    ]


def speaker_values(article: Article, corpus_ids: dict[str, int | None]) -> list[dict[str, Any]]:
    """The rows of the article's speakers, each tied to its corpus speaker."""
    return [
        {
            "article_id": article.id,
            "position": i,
            "local_id": s.id,
            "speaker_id": corpus_ids.get(s.id),
            "name": s.name,
            "type": s.type,
            "titles": list(s.titles),
            "affiliations": list(s.affiliations),
        }
        for i, s in enumerate(article.speakers)
    ]


def mention_values(article: Article, speaker_rows: Sequence[int]) -> list[dict[str, Any]]:
    """The rows of the mentions of the article's speakers (`speaker_rows`: their row ids, in
    order)."""
    return [
        {"article_speaker_id": row_id, "start": m.start, "end": m.end, "text": m.text}
        for row_id, speaker in zip(speaker_rows, article.speakers, strict=True)
        for m in speaker.mentions
    ]


def attribution_values(
    article: Article,
    published: date | None,
    speaker_rows: dict[str, int],
    corpus_ids: dict[str, int | None],
    clusters: Sequence[int | None],
) -> list[dict[str, Any]]:
    """The rows of the article's attributions, each with its date (`published`, the article's
    `published_date`) and tied to its speaker (`speaker_rows`: row ids by id in the article),
    corpus speaker and quote cluster."""
    return [
        {
            "article_id": article.id,
            "position": i,
            "local_id": a.id,
            "kind": a.kind,
            "content": content_text(a),
            "search_text": search_text(content_text(a)),
            "cue": a.cue.text if a.cue else None,
            "source": a.source.text if a.source else None,
            "confidence": a.confidence,
            "article_speaker_id": speaker_rows.get(a.speaker_id or ""),
            "speaker_id": corpus_ids.get(a.speaker_id or ""),
            "cluster_id": cluster,
            "published_date": published,
        }
        for i, (a, cluster) in enumerate(zip(article.attributions, clusters, strict=True))
    ]


def span_values(article: Article, attribution_rows: Sequence[int]) -> list[dict[str, Any]]:
    """The rows of the spans of the article's attributions (`attribution_rows`: their row ids,
    in order)."""
    return [
        {"attribution_id": row_id, "role": role, "start": s.start, "end": s.end, "text": s.text}
        for row_id, attribution in zip(attribution_rows, article.attributions, strict=True)
        for role, s in _spans(attribution)
    ]


def content_text(attribution: Attribution) -> str:
    """What was said, as one string: discontinuous parts joined by " … "."""
    return " … ".join(span.text for span in attribution.content)


def _spans(attribution: Attribution) -> list[tuple[str, Span]]:
    """The attribution's spans by role, in the order `SPAN_ROLES` gives."""
    single = {"cue": attribution.cue, "source": attribution.source, "context": attribution.context}
    return [("content", span) for span in attribution.content] + [
        (role, span) for role in SPAN_ROLES[1:] if (span := single[role]) is not None
    ]


def write_rows(connection: Connection, table: Table, values: Sequence[dict[str, Any]]) -> None:
    """Write many rows of one table, each row naming the same columns, through the driver
    itself: COPY on PostgreSQL, where each row costs a line of text, and one prepared INSERT
    run for every row on SQLite. Values are converted as SQLAlchemy converts them."""
    if not values:
        return
    name = table.name
    dialect = connection.dialect
    columns = list(values[0])
    names = ", ".join(f'"{name}"' for name in columns)
    cursor = connection.connection.cursor()
    if dialect.name == "postgresql":
        as_json = {name for name in columns if isinstance(table.c[name].type, JSON)}
        with cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in values:
                copy.write_row([json.dumps(row[c]) if c in as_json else row[c] for c in columns])
        return
    cursor.executemany(
        f"INSERT INTO {name} ({names}) VALUES ({', '.join(f':{c}' for c in columns)})",
        driver_values(table, dialect, values),
    )


def write_statements(connection: Connection, values: Sequence[dict[str, Any]]) -> None:
    """Write rows of `attributions` (`write_rows`), each with its `id`, and, on SQLite, their
    full-text entries by that id (PostgreSQL's are a generated column): written here by one
    `executemany`, where a trigger on each insert cost three times as much (migration 0010)."""
    write_rows(connection, ATTRIBUTIONS, values)
    if values and connection.dialect.name == "sqlite":
        connection.connection.cursor().executemany(
            "INSERT INTO attributions_fts(rowid, search_text) VALUES (?, ?)",
            [(row["id"], row["search_text"]) for row in values],
        )


def driver_values(
    table: Table, dialect: Dialect, values: Sequence[dict[str, Any]]
) -> Sequence[dict[str, Any]]:
    """Rows (each naming the same columns) as the driver takes them: converted as SQLAlchemy
    converts them (a date to text on SQLite), given as they are where no column needs it and
    otherwise copied only to be converted."""
    converters = {
        c: convert for c in values[0] if (convert := table.c[c].type.bind_processor(dialect))
    }
    if not converters:
        return values
    return [{**row, **{c: convert(row[c]) for c, convert in converters.items()}} for row in values]


def among(
    connection: Connection, column: ColumnElement[Any], values: Collection[Any]
) -> ColumnElement[bool]:
    """`column IN values`, on PostgreSQL as `column = ANY(array)`: one parameter however many
    values there are, so that the statement's text is the same from one article to the next
    (an IN list is rendered, sent and parsed afresh for each number of values: milliseconds
    an article for the hundreds of shingles and namesake ids that ingest looks up)."""
    if connection.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


def records(dialect: str, name: str, keys: dict[str, type[TypeEngine[Any]]]) -> FromClause:
    """A table of records (dicts of these `keys` and types) to join with, given as one JSON
    parameter of the same `name`: as with `among`, the statement's text is the same however
    many records there are."""
    payload = bindparam(name, type_=JSON)
    if dialect == "postgresql":
        found = func.json_to_recordset(payload).table_valued(
            *(column(key, kind) for key, kind in keys.items())
        )
        return found.render_derived(name=name, with_types=True)
    each = func.json_each(payload).table_valued("value")
    return select(
        *(func.json_extract(each.c.value, f"$.{key}").label(key) for key in keys)
    ).subquery(name)


@dataclass(slots=True)
class Ids:
    """Ids for new rows of a table that are numbered before they are written (rows referring
    to them are built first), in order from where the table's own numbering stood; `close`
    makes that numbering go on after them. Only one writer may hold such a range: the store's
    write lock (`store.lock_for_writing`) must be held from `start` to `close`."""

    table: str
    next: int

    @classmethod
    def start(cls, connection: Connection, *tables: Table) -> list[Ids]:
        """A range for each of these tables, read in one statement (a round trip each was a
        tenth of storing an article on PostgreSQL)."""
        names = [table.name for table in tables]
        if connection.dialect.name == "postgresql":
            first = [f"nextval(pg_get_serial_sequence('{name}', 'id'))" for name in names]
        else:
            first = [f"(SELECT coalesce(max(id), 0) + 1 FROM {name})" for name in names]
        found = connection.execute(text(f"SELECT {', '.join(first)}")).one()
        return [cls(name, int(value or 1)) for name, value in zip(names, found, strict=True)]

    def take(self) -> int:
        self.next += 1
        return self.next - 1

    @staticmethod
    def close(connection: Connection, ranges: Sequence[Ids]) -> None:
        """Make each table's numbering go on after its range, in one statement."""
        if connection.dialect.name == "postgresql":
            setting = [
                f"setval(pg_get_serial_sequence('{ids.table}', 'id'), :next_{i}, false)"
                for i, ids in enumerate(ranges)
            ]
            connection.execute(
                text(f"SELECT {', '.join(setting)}"),
                {f"next_{i}": ids.next for i, ids in enumerate(ranges)},
            )


def read_article(connection: Connection, article_id: str) -> Article | None:
    """The stored article as the record it was stored from; None when there is none.
    One statement per table, each reading the article's rows through its index."""
    row = connection.execute(select(ARTICLES).where(ARTICLES.c.id == article_id)).one_or_none()
    if row is None:
        return None
    blocks = _of_article(connection, BLOCKS, article_id)
    speakers = _of_article(connection, ARTICLE_SPEAKERS, article_id)
    mentions = _under(
        connection, MENTIONS, ARTICLE_SPEAKERS, "article_speaker_id", article_id, "start"
    )
    attributions = _of_article(connection, ATTRIBUTIONS, article_id)
    spans = _under(connection, SPANS, ATTRIBUTIONS, "attribution_id", article_id, "id")
    by_row = {speaker.id: speaker.local_id for speaker in speakers}
    return Article(
        text=row.text,
        id=row.id,
        origin=row.origin,
        headline=row.headline,
        section=row.section,
        authors=list(row.authors),
        published=row.published,
        site=row.site,
        domain=row.domain,
        url=row.url,
        canonical_url=row.canonical_url,
        wire_credit=row.wire_credit,
        language=row.language,
        blocks=[Block(b.kind, b.start, b.end) for b in blocks],
        captions=[_caption(caption) for caption in row.captions],
        speakers=[
            Speaker(
                id=s.local_id,
                name=s.name,
                type=s.type,
                titles=list(s.titles),
                affiliations=list(s.affiliations),
                mentions=[Span(m.start, m.end, m.text) for m in mentions.get(s.id, [])],
            )
            for s in speakers
        ],
        attributions=[
            _attribution_record(a, spans.get(a.id, []), by_row.get(a.article_speaker_id or -1))
            for a in attributions
        ],
    )


def _of_article(connection: Connection, table: Table, article_id: str) -> Sequence[Row[Any]]:
    """The article's rows of `table`, in the order they had in the article."""
    return connection.execute(
        select(table).where(table.c.article_id == article_id).order_by(table.c.position)
    ).all()


def _under(
    connection: Connection, table: Table, parent: Table, key: str, article_id: str, order: str
) -> dict[Any, list[Row[Any]]]:
    """The rows of `table` under the article's rows of `parent` (the one its column `key`
    names), by parent row, each group ordered by the column `order`."""
    groups: dict[Any, list[Row[Any]]] = {}
    for row in connection.execute(
        select(table)
        .join(parent, parent.c.id == table.c[key])
        .where(parent.c.article_id == article_id)
        .order_by(table.c[order])
    ):
        groups.setdefault(row._mapping[key], []).append(row)
    return groups


def _caption(stored: dict[str, Any]) -> Caption:
    title, credit = stored.get("title"), stored.get("credit")
    return Caption(
        text=Span(**stored["text"]),
        title=Span(**title) if title else None,
        credit=Span(**credit) if credit else None,
    )


def _attribution_record(
    row: Row[Any], stored: Iterable[Row[Any]], speaker_id: str | None
) -> Attribution:
    spans: dict[str, list[Span]] = {role: [] for role in SPAN_ROLES}
    for span in stored:
        spans[span.role].append(Span(span.start, span.end, span.text))
    return Attribution(
        id=row.local_id,
        kind=row.kind,
        content=spans["content"],
        cue=next(iter(spans["cue"]), None),
        source=next(iter(spans["source"]), None),
        speaker_id=speaker_id,
        confidence=row.confidence,
        context=next(iter(spans["context"]), None),
    )


def publication_date(published: str | None) -> date | None:
    """The date of an ISO-8601 publication time ("2025-02-13", "2025-02-13T09:30:00Z")."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None
