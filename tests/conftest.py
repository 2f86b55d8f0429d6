"""Fixtures shared by the suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from onrecord.corpus.store import METADATA, open_engine, scratch_database

#: Set by `make test` (scripts/run-tests.sh) once it has started a throwaway PostgreSQL.
PG_URL_VARIABLE = "ONRECORD_TEST_PG_URL"


def _postgres_database(tag: str) -> Iterator[str]:
    """A new, empty database on the test PostgreSQL server, dropped afterwards."""
    server = os.environ.get(PG_URL_VARIABLE)
    if not server:
        pytest.skip(f"PostgreSQL tests need {PG_URL_VARIABLE} (`make test` starts a server)")
    with scratch_database(server, tag) as url:
        yield url


@pytest.fixture(scope="session")
def _postgres_store() -> Iterator[str]:
    """One PostgreSQL database for the tests that each need an empty store: creating and
    migrating a database per test costs a second, emptying its tables a few milliseconds."""
    yield from _postgres_database("test")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty corpus store, once as a SQLite file and once as a PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    url = request.getfixturevalue("_postgres_store")
    engine = open_engine(url)
    with engine.begin() as connection:
        tables = ", ".join(table.name for table in METADATA.sorted_tables)
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    engine.dispose()
    yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def session_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Like `db_url`, but one store per backend for the whole session, for fixtures that fill
    a store once and let many tests read it."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("session-store") / "corpus.db")
    else:
        yield from _postgres_database("session")
