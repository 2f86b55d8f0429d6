"""The shingle index names each shingle's clusters: the clusters a new quote can join are read
from the index alone, not from the table's rows. A common run of words is in the first quotes
of thousands of clusters, and in a large store the rows holding them are seldom in memory.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_quote_shingles_shingle_cluster", "quote_shingles", ["shingle", "cluster_id"]
    )
    op.drop_index("ix_quote_shingles_shingle", "quote_shingles")


def downgrade() -> None:
    op.create_index("ix_quote_shingles_shingle", "quote_shingles", ["shingle"])
    op.drop_index("ix_quote_shingles_shingle_cluster", "quote_shingles")
