"""The corpus at scale: counts kept up to date instead of counted per read, an index of the
words of speakers' names, an index with the articles' dates (searches read it, not the rows),
and quote clusters that hold their first quote's shingles only.

Speakers get their statements, articles and first and last dates as columns, their titles and
affiliations summed (`speaker_role_totals`), the speakers they were met with
(`speaker_pairs`) and the words of their names (`speaker_words`); clusters get the number of
articles carrying them. All are counted here from the stored rows (`tallies.recount`). A
cluster's shingles are those of its first quote again: earlier versions learnt every version's,
so clusters snowballed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from onrecord.corpus.clusters import shingles
from onrecord.corpus.identity import name_words
from onrecord.corpus.tallies import recount

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BATCH = 1000


def _speaker_ref(name: str) -> sa.Column:
    return sa.Column(
        name,
        sa.Integer(),
        sa.ForeignKey("speakers.id", ondelete="CASCADE"),
        primary_key=True,
    )


def upgrade() -> None:
    for column in ("statements", "articles"):
        op.add_column(
            "speakers", sa.Column(column, sa.Integer(), nullable=False, server_default="0")
        )
    for column in ("first_seen", "last_seen"):
        op.add_column("speakers", sa.Column(column, sa.Date(), nullable=True))
    op.add_column(
        "quote_clusters", sa.Column("articles", sa.Integer(), nullable=False, server_default="0")
    )
    op.create_table(
        "speaker_words",
        sa.Column("word", sa.String(300), primary_key=True),
        _speaker_ref("speaker_id"),
    )
    op.create_table(
        "speaker_pairs",
        _speaker_ref("speaker_id"),
        _speaker_ref("other_id"),
        sa.Column("articles", sa.Integer(), nullable=False),
    )
    op.create_table(
        "speaker_role_totals",
        _speaker_ref("speaker_id"),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("value", sa.Text(), primary_key=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.Date(), nullable=True),
        sa.Column("last_seen", sa.Date(), nullable=True),
    )
    op.create_index("ix_speaker_words_speaker_id", "speaker_words", ["speaker_id"])
    op.create_index("ix_speaker_pairs_other_id", "speaker_pairs", ["other_id"])
    op.create_index(
        "ix_speakers_quoted",
        "speakers",
        [sa.text("statements DESC"), sa.text("articles DESC"), "id"],
    )
    op.create_index(
        "ix_quote_clusters_articles", "quote_clusters", [sa.text("articles DESC"), "id"]
    )
    op.create_index(
        "ix_articles_id_published_date_site", "articles", ["id", "published_date", "site"]
    )
    _fill_words()
    _first_quote_shingles()
    # 0007 adds and counts the pairs quoted together, 0009 the roles' keys, 0012 the outlets
    recount(op.get_bind(), quoted=False, keyed=False, outlets=False)


def _fill_words() -> None:
    connection = op.get_bind()
    names = [
        *connection.execute(sa.text("SELECT id, name FROM speakers")),
        *connection.execute(sa.text("SELECT speaker_id, alias FROM speaker_aliases")),
    ]
    words = {(word, speaker_id) for speaker_id, name in names for word in name_words(name)}
    rows = [{"word": word, "speaker_id": speaker_id} for word, speaker_id in sorted(words)]
    for start in range(0, len(rows), _BATCH):
        connection.execute(
            sa.text("INSERT INTO speaker_words (word, speaker_id) VALUES (:word, :speaker_id)"),
            rows[start : start + _BATCH],
        )


def _first_quote_shingles() -> None:
    """Each cluster's shingles are its first quote's (`quote_clusters.text`), a batch at a
    time."""
    connection = op.get_bind()
    connection.execute(sa.text("DELETE FROM quote_shingles"))
    last = 0
    while True:
        batch = connection.execute(
            sa.text("SELECT id, text FROM quote_clusters WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": _BATCH},
        ).all()
        if not batch:
            return
        found = {cluster_id: shingles(text) for cluster_id, text in batch}
        connection.execute(
            sa.text("UPDATE quote_clusters SET shingle_count = :count WHERE id = :id"),
            [{"id": cluster_id, "count": len(hashes)} for cluster_id, hashes in found.items()],
        )
        rows = [{"c": c, "s": s} for c, hashes in found.items() for s in hashes]
        if rows:
            connection.execute(
                sa.text("INSERT INTO quote_shingles (cluster_id, shingle) VALUES (:c, :s)"), rows
            )
        last = batch[-1][0]


def downgrade() -> None:
    for index, table in (
        ("ix_articles_id_published_date_site", "articles"),
        ("ix_quote_clusters_articles", "quote_clusters"),
        ("ix_speakers_quoted", "speakers"),
    ):
        op.drop_index(index, table)
    for table in ("speaker_role_totals", "speaker_pairs", "speaker_words"):
        op.drop_table(table)
    with op.batch_alter_table("quote_clusters") as batch:
        batch.drop_column("articles")
    with op.batch_alter_table("speakers") as batch:
        for column in ("statements", "articles", "first_seen", "last_seen"):
            batch.drop_column(column)
