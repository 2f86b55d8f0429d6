"""An article's publication date apart from the day it was ingested: `articles.published_date`
is the date the article gives, NULL when it gives none. (`articles.dated`, which fell back to
the ingest day, stays for the NOT NULL it was made with, and is no longer read.)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from onrecord.corpus.rows import publication_date
from onrecord.corpus.store import update_articles

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("published_date", sa.Date(), nullable=True))
    op.create_index("ix_articles_published_date", "articles", ["published_date"])
    articles = sa.table("articles", sa.column("id", sa.String), sa.column("published", sa.String))
    connection = op.get_bind()
    update_articles(
        connection,
        [
            {"id": article_id, "published_date": day}
            for article_id, published in connection.execute(
                sa.select(articles.c.id, articles.c.published).where(
                    articles.c.published.is_not(None)
                )
            )
            if (day := publication_date(published)) is not None
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_articles_published_date", "articles")
    op.drop_column("articles", "published_date")
