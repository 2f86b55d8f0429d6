"""Each pair of speakers counts the articles quoting both (`speaker_pairs.quoted`), kept as
articles come and go: a speaker page lists the speakers quoted alongside without counting a
famous speaker's every statement (seconds at a million statements), and from an index
ordered by that count.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "speaker_pairs", sa.Column("quoted", sa.Integer(), nullable=False, server_default="0")
    )
    # every pair quoted together is a pair mentioned together: only those rows change
    op.execute(
        """
        UPDATE speaker_pairs SET quoted = both_quoted.articles
        FROM (
            SELECT one.speaker_id, other.speaker_id AS other_id,
                   count(DISTINCT one.article_id) AS articles
            FROM attributions AS one
            JOIN attributions AS other ON other.article_id = one.article_id
            WHERE one.speaker_id <> other.speaker_id
            GROUP BY one.speaker_id, other.speaker_id
        ) AS both_quoted
        WHERE speaker_pairs.speaker_id = both_quoted.speaker_id
          AND speaker_pairs.other_id = both_quoted.other_id
        """
    )
    op.create_index(
        "ix_speaker_pairs_quoted",
        "speaker_pairs",
        ["speaker_id", sa.text("quoted DESC"), "other_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_speaker_pairs_quoted", "speaker_pairs")
    with op.batch_alter_table("speaker_pairs") as table:
        table.drop_column("quoted")
