"""A speaker's role totals carry each role in comparable form (`key`, as
`identity.normalise_role` gives it), indexed by speaker: linking an article's names asks which
of each candidate's roles are the article's by that key, where it read them all and compared
them in Python. At a million statements the candidates of one article (157 of them, on the
synthetic corpus) held 2,041 roles: reading and comparing them took 6.5-11 ms of the 38-41 ms
of CPU that storing an article costs on SQLite.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from onrecord.corpus.identity import normalise_role

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    op.add_column("speaker_role_totals", sa.Column("key", sa.Text(), nullable=True))
    connection = op.get_bind()
    roles = connection.execute(
        sa.text("SELECT speaker_id, kind, value FROM speaker_role_totals")
    ).all()
    keyed = [
        {"speaker": speaker_id, "kind": kind, "value": value, "key": normalise_role(value)}
        for speaker_id, kind, value in roles
    ]
    for start in range(0, len(keyed), _BATCH):
        connection.execute(
            sa.text(
                "UPDATE speaker_role_totals SET key = :key"
                " WHERE speaker_id = :speaker AND kind = :kind AND value = :value"
            ),
            keyed[start : start + _BATCH],
        )
    with op.batch_alter_table("speaker_role_totals") as table:
        table.alter_column("key", existing_type=sa.Text(), nullable=False)
    op.create_index(
        "ix_speaker_role_totals_key", "speaker_role_totals", ["speaker_id", "key", "kind"]
    )


def downgrade() -> None:
    op.drop_index("ix_speaker_role_totals_key", "speaker_role_totals")
    with op.batch_alter_table("speaker_role_totals") as table:
        table.drop_column("key")
