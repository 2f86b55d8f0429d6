"""Outlets by name and by domain: `articles.domain` holds the registrable domain of an
article's URL ("cnn.com" for edition.cnn.com, "ap.org" for hosted.ap.org), so a search for an
outlet finds it by either. Stored outlet names that are no names (a URL, a subdomain word such
as "Hosted") become the domain, as ingest now makes them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from onrecord.corpus.store import update_articles
from onrecord.structure.outlet import domain_of, outlet_name

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("domain", sa.String(253), nullable=True))
    op.create_index("ix_articles_domain", "articles", ["domain"])
    articles = sa.table(
        "articles",
        sa.column("id", sa.String),
        sa.column("url", sa.Text),
        sa.column("canonical_url", sa.Text),
        sa.column("site", sa.String),
    )
    address = sa.func.coalesce(articles.c.url, articles.c.canonical_url)
    connection = op.get_bind()
    update_articles(
        connection,
        [
            {"id": article_id, "site": outlet_name([site], url), "domain": domain_of(url)}
            for article_id, url, site in connection.execute(
                sa.select(articles.c.id, address, articles.c.site)
            )
            if url or site
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_articles_domain", "articles")
    op.drop_column("articles", "domain")
