"""The exported tables and their columns, documented: what `onrecord export --help` shows and
what `export` writes. Kept apart from the writer so that the command line can describe them
without loading SQLAlchemy or pyarrow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FORMATS = ("jsonl", "csv", "parquet")
#: [start, end] pairs; (value, first_seen, last_seen) records.
_OFFSETS, _ROLES = "offsets", "roles"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    #: The Parquet type: a pyarrow alias, or a name `arrow_type` knows.
    type: str
    description: str


#: The exported tables and their columns, in order.
TABLES: dict[str, tuple[Column, ...]] = {
    "articles": (
        Column("id", "string", "content hash of the article text (16 hex digits)"),
        Column("location", "string", "URL, else the path it was read from"),
        Column("site", "string", "the outlet's name ('CNN'), else its domain"),
        Column("domain", "string", "the outlet's web domain ('cnn.com')"),
        Column("headline", "string", "the headline"),
        Column("section", "string", "the section or kicker"),
        Column("authors", "strings", "bylined authors"),
        Column("published", "string", "publication time as given (ISO 8601)"),
        Column("date", "date32", "publication date (null when the article gives none)"),
        Column("wire_credit", "string", "news agency credited"),
        Column("language", "string", "language code"),
        Column("attributions", "int32", "number of attributions found"),
        Column("ingested_at", "timestamp", "when it was stored"),
        Column("text", "string", "the analysed text; every offset points into it"),
    ),
    "attributions": (
        Column("id", "int64", "attribution id in this store"),
        Column("article_id", "string", "the article (articles.id)"),
        Column("kind", "string", "direct | mixed | indirect"),
        Column("content", "string", "what was said (discontinuous parts joined by ' … ')"),
        Column("cue", "string", "the cue word(s): said, warned, according to …"),
        Column("source", "string", "the words naming the speaker in this attribution"),
        Column("speaker_id", "int64", "the corpus speaker (speakers.id)"),
        Column("speaker", "string", "the corpus speaker's name"),
        Column("article_speaker", "string", "the speaker's name as this article gives it"),
        Column("content_offsets", _OFFSETS, "[start, end] of each content part in the text"),
        Column("cue_offsets", _OFFSETS, "[start, end] of the cue"),
        Column("source_offsets", _OFFSETS, "[start, end] of the source"),
        Column("confidence", "float64", "the extractor's confidence, 0 to 1"),
        Column("cluster_id", "int64", "the quote cluster: the same quote in other articles"),
        Column("site", "string", "the article's outlet"),
        Column("domain", "string", "the outlet's web domain"),
        Column("date", "date32", "the article's publication date (null when unknown)"),
    ),
    "speakers": (
        Column("id", "int64", "corpus speaker id"),
        Column("name", "string", "canonical name"),
        Column("type", "string", "person | organization | government | group"),
        Column("titles", _ROLES, "titles given, each with first and last date seen"),
        Column("affiliations", _ROLES, "affiliations given, each with first and last date seen"),
        Column("statements", "int64", "number of attributions (speakers of none are left out)"),
        Column("articles", "int64", "number of articles mentioning them"),
        Column("first_seen", "date32", "date of the first dated article mentioning them"),
        Column("last_seen", "date32", "date of the last dated article mentioning them"),
    ),
}


def columns_help() -> str:
    """The documented columns of every table, for `onrecord export --help`; each table is a
    paragraph click prints as it is (marked by a backspace line)."""
    return "\n\n".join(
        "\b\n"
        + f"{table} columns:\n"
        + "\n".join(f"  {c.name:<16} {c.description}" for c in columns)
        for table, columns in TABLES.items()
    )


def arrow_type(name: str) -> Any:
    """The pyarrow type a column's type name (`Column.type`) stands for."""
    import pyarrow as pa

    roles = pa.struct(
        [("value", pa.string()), ("first_seen", pa.date32()), ("last_seen", pa.date32())]
    )
    nested = {
        "strings": pa.list_(pa.string()),
        "offsets": pa.list_(pa.list_(pa.int32())),
        "roles": pa.list_(roles),
        "timestamp": pa.timestamp("us", tz="UTC"),
    }
    return nested[name] if name in nested else pa.type_for_alias(name)
