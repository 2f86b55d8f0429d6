"""Full-text search in one language on both stores: statements are indexed as the words
`onrecord.corpus.fulltext.search_text` reads from them (lower case, no accents, stems), kept in
`attributions.search_text`, and each store only looks those words up: FTS5 without its Porter
stemmer on SQLite, the `simple` configuration (no stemming, no stop words) on PostgreSQL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from onrecord.corpus.fulltext import search_text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("DROP INDEX IF EXISTS ix_attributions_search")
        op.execute("ALTER TABLE attributions DROP COLUMN search")
    else:
        _drop_fts5()
    op.add_column("attributions", sa.Column("search_text", sa.Text(), nullable=True))
    _fill_search_text()
    if postgresql:
        _create_tsvector("simple", "coalesce(search_text, '')")
    else:
        _create_fts5("search_text", "unicode61 remove_diacritics 0")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_attributions_search")
        op.execute("ALTER TABLE attributions DROP COLUMN search")
        op.drop_column("attributions", "search_text")
        _create_tsvector("english", "content")
    else:
        _drop_fts5()
        op.drop_column("attributions", "search_text")
        _create_fts5("content", "porter unicode61 remove_diacritics 2")


def _fill_search_text() -> None:
    """Index the statements stored before this revision, a batch at a time."""
    connection = op.get_bind()
    attributions = sa.table(
        "attributions", sa.column("id", sa.Integer), sa.column("content", sa.Text)
    )
    last = 0
    while True:
        batch = connection.execute(
            sa.select(attributions.c.id, attributions.c.content)
            .where(attributions.c.id > last)
            .order_by(attributions.c.id)
            .limit(_BATCH)
        ).all()
        if not batch:
            return
        connection.execute(
            sa.text("UPDATE attributions SET search_text = :text WHERE id = :id"),
            [{"id": row_id, "text": search_text(content or "")} for row_id, content in batch],
        )
        last = batch[-1][0]


def _create_tsvector(configuration: str, source: str) -> None:
    op.execute(
        "ALTER TABLE attributions ADD COLUMN search tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('{configuration}', {source})) STORED"
    )
    op.execute("CREATE INDEX ix_attributions_search ON attributions USING GIN (search)")


def _drop_fts5() -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS attributions_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS attributions_fts")


def _create_fts5(column: str, tokenize: str) -> None:
    """An FTS5 index over one column of `attributions`, kept in step by triggers."""
    op.execute(
        f"CREATE VIRTUAL TABLE attributions_fts USING fts5({column}, content='attributions', "
        f"content_rowid='id', tokenize='{tokenize}')"
    )
    op.execute(
        "CREATE TRIGGER attributions_fts_insert AFTER INSERT ON attributions BEGIN "
        f"INSERT INTO attributions_fts(rowid, {column}) VALUES (new.id, new.{column}); END"
    )
    op.execute(
        "CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions BEGIN "
        f"INSERT INTO attributions_fts(attributions_fts, rowid, {column}) "
        f"VALUES ('delete', old.id, old.{column}); END"
    )
    op.execute(
        f"CREATE TRIGGER attributions_fts_update AFTER UPDATE OF {column} ON attributions BEGIN "
        f"INSERT INTO attributions_fts(attributions_fts, rowid, {column}) "
        f"VALUES ('delete', old.id, old.{column}); "
        f"INSERT INTO attributions_fts(rowid, {column}) VALUES (new.id, new.{column}); END"
    )
    op.execute("INSERT INTO attributions_fts(attributions_fts) VALUES ('rebuild')")
