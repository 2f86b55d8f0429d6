"""Alembic environment: runs on the connection `store.migrate` hands over, or, from the
`alembic` command line, on the store named by `sqlalchemy.url` / `$ONRECORD_DB`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from onrecord.corpus.store import METADATA, database_url

config = context.config
connection = config.attributes.get("connection")


def run(conn: Connection) -> None:
    context.configure(connection=conn, target_metadata=METADATA, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    with create_engine(database_url(config.get_main_option("sqlalchemy.url"))).begin() as conn:
        run(conn)
