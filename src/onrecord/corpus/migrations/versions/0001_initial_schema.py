"""The initial corpus schema: articles and what was read from them, corpus speakers, quote
clusters, and full-text search over statement content.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: Tables in creation order; downgrade drops them in reverse.
TABLES = (
    "articles",
    "quote_clusters",
    "speakers",
    "article_speakers",
    "blocks",
    "speaker_aliases",
    "speaker_roles",
    "attributions",
    "mentions",
    "quote_shingles",
    "spans",
)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _ref(name: str, target: str, ondelete: str, nullable: bool = False) -> sa.Column:
    kind = sa.String(16) if target == "articles" else sa.Integer()
    return sa.Column(
        name, kind, sa.ForeignKey(f"{target}.id", ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("location", sa.Text(), unique=True),
        sa.Column("document_hash", sa.String(64)),
        sa.Column("origin", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("canonical_url", sa.Text()),
        sa.Column("headline", sa.Text()),
        sa.Column("section", sa.Text()),
        sa.Column("site", sa.String(200)),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published", sa.String(40)),
        sa.Column("dated", sa.Date(), nullable=False),
        sa.Column("wire_credit", sa.Text()),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("captions", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "quote_clusters",
        _id(),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("shingle_count", sa.Integer(), nullable=False),
    )
    op.create_table(
        "speakers",
        _id(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("given", sa.String(100)),
        sa.Column("surname", sa.String(200)),
    )
    op.create_table(
        "article_speakers",
        _id(),
        _ref("article_id", "articles", "CASCADE"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(100), nullable=False),
        _ref("speaker_id", "speakers", "SET NULL", nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("titles", sa.JSON(), nullable=False),
        sa.Column("affiliations", sa.JSON(), nullable=False),
    )
    op.create_table(
        "blocks",
        _id(),
        _ref("article_id", "articles", "CASCADE"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
    )
    op.create_table(
        "speaker_aliases",
        _id(),
        _ref("speaker_id", "speakers", "CASCADE"),
        sa.Column("alias", sa.String(300), nullable=False),
    )
    op.create_table(
        "speaker_roles",
        _id(),
        _ref("speaker_id", "speakers", "CASCADE"),
        _ref("article_id", "articles", "CASCADE"),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("seen", sa.Date(), nullable=False),
    )
    op.create_table(
        "attributions",
        _id(),
        _ref("article_id", "articles", "CASCADE"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("cue", sa.Text()),
        sa.Column("source", sa.Text()),
        sa.Column("confidence", sa.Float(), nullable=False),
        _ref("article_speaker_id", "article_speakers", "SET NULL", nullable=True),
        _ref("speaker_id", "speakers", "SET NULL", nullable=True),
        _ref("cluster_id", "quote_clusters", "SET NULL", nullable=True),
    )
    op.create_table(
        "mentions",
        _id(),
        _ref("article_speaker_id", "article_speakers", "CASCADE"),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_table(
        "quote_shingles",
        sa.Column(
            "cluster_id",
            sa.Integer(),
            sa.ForeignKey("quote_clusters.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("shingle", sa.BigInteger(), primary_key=True),
    )
    op.create_table(
        "spans",
        _id(),
        _ref("attribution_id", "attributions", "CASCADE"),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    for table, columns in (
        ("articles", ["dated"]),
        ("articles", ["document_hash"]),
        ("articles", ["site"]),
        ("speakers", ["surname"]),
        ("article_speakers", ["article_id"]),
        ("article_speakers", ["speaker_id"]),
        ("blocks", ["article_id"]),
        ("speaker_aliases", ["alias"]),
        ("speaker_aliases", ["speaker_id"]),
        ("speaker_roles", ["article_id"]),
        ("speaker_roles", ["speaker_id", "kind"]),
        ("attributions", ["article_id"]),
        ("attributions", ["article_speaker_id"]),
        ("attributions", ["cluster_id"]),
        ("attributions", ["speaker_id", "kind"]),
        ("mentions", ["article_speaker_id"]),
        ("quote_shingles", ["shingle"]),
        ("spans", ["attribution_id"]),
    ):
        op.create_index(f"ix_{table}_{'_'.join(columns)}", table, columns)
    _create_full_text()


def _create_full_text() -> None:
    """Statement content made searchable: FTS5 with Porter stemming on SQLite, an English
    `tsvector` on PostgreSQL; either way the database keeps the index in step by itself."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE attributions ADD COLUMN search tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', content)) STORED"
        )
        op.execute("CREATE INDEX ix_attributions_search ON attributions USING GIN (search)")
        return
    op.execute(
        "CREATE VIRTUAL TABLE attributions_fts USING fts5(content, content='attributions', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER attributions_fts_insert AFTER INSERT ON attributions BEGIN "
        "INSERT INTO attributions_fts(rowid, content) VALUES (new.id, new.content); END"
    )
    op.execute(
        "CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions BEGIN "
        "INSERT INTO attributions_fts(attributions_fts, rowid, content) "
        "VALUES ('delete', old.id, old.content); END"
    )
    op.execute(
        "CREATE TRIGGER attributions_fts_update AFTER UPDATE OF content ON attributions BEGIN "
        "INSERT INTO attributions_fts(attributions_fts, rowid, content) "
        "VALUES ('delete', old.id, old.content); "
        "INSERT INTO attributions_fts(rowid, content) VALUES (new.id, new.content); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE attributions_fts")
    for table in reversed(TABLES):
        op.drop_table(table)
