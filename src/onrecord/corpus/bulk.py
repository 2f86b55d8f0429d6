"""Loading the output of `onrecord run` (a directory of Parquet shards) into a store in bulk.

Each article row keeps the article's whole record, so nothing is analysed again. The records
are read shard by shard and stored `CHUNK` articles at a time, one transaction each, so an
interrupted load leaves whole chunks and loading again skips what is stored. A chunk is
stored as `ingest` stores one article (`corpus.chunk`): linked and clustered in memory, then
written at once; a store loaded this way holds the speakers and clusters that ingesting the
same articles one by one gives.

An article from the location of a stored one replaces it as `ingest` does, through
`store_article`: the chunk is written up to it, then it is stored on its own (a run's output
seldom holds one). The inputs the run could not analyse (its `failures` table) are reported as
failed, with the run's reasons.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import TypeGuard

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from onrecord.corpus import chunk, rows
from onrecord.corpus.ingest import IngestReport, location_of, store_article
from onrecord.corpus.store import ARTICLES, lock_for_writing
from onrecord.records import Article

#: What marks a directory `onrecord run` wrote.
MANIFEST = "manifest.json"
#: Articles stored in one transaction (a run's shard), their rows held in memory until then.
CHUNK = 1000


def is_run_output(source: object) -> TypeGuard[str | Path]:
    """Whether `source` names a directory `onrecord run` wrote (it holds a manifest)."""
    if not isinstance(source, (str, Path)):
        return False
    path = Path(source)
    return (path / MANIFEST).is_file() and (path / "articles").is_dir()


def run_articles(folder: Path) -> Iterator[Article]:
    """The articles of a run's output, shard by shard in name order; one shard's rows are in
    memory at a time."""
    import pyarrow.parquet as pq  # only a run's output needs it

    for shard in sorted((folder / "articles").glob("*.parquet")):
        for record in pq.read_table(shard, columns=["record"]).column("record").to_pylist():
            article = Article.from_dict(json.loads(record))
            # JSON writes NUL as \u0000: only such a record has one to replace
            yield rows.storable(article) if "\\u0000" in record else article


def run_failures(folder: Path) -> Iterator[tuple[str, str]]:
    """The inputs a run could not analyse, as (origin, reason)."""
    import pyarrow.parquet as pq

    for shard in sorted((folder / "failures").glob("*.parquet")):
        for row in pq.read_table(shard, columns=["origin", "error"]).to_pylist():
            yield row["origin"], row["error"]


def load_run(
    engine: Engine, folder: Path, report: IngestReport, done: Callable[[bool], None]
) -> None:
    """Store the articles of a run's output a chunk at a time, and report its failures;
    `report` is filled and `done` called (failed or not) as each input is dealt with."""
    articles = run_articles(folder)
    while chunk := list(islice(articles, CHUNK)):
        _load_chunk(engine, chunk, report, done)
    for origin, reason in run_failures(folder):
        report.failed.append((origin, reason))
        done(True)


def _load_chunk(
    engine: Engine, articles: list[Article], report: IngestReport, done: Callable[[bool], None]
) -> None:
    """Store a chunk's new articles in one transaction; one that replaces a stored article
    is stored on its own, the articles before it first."""
    rest = articles
    while rest:
        leading: list[tuple[Article, str, bool]] = []
        try:
            with engine.begin() as connection:
                lock_for_writing(connection)
                leading, rest = _up_to_replacement(connection, rest)
                chunk.store(
                    connection, [(a, where, None) for a, where, stored in leading if not stored]
                )
            outcomes = [
                (where, "skipped" if stored else "ingested") for _, where, stored in leading
            ]
        except IntegrityError:
            # a writer that does not take the lock stored one of them meanwhile
            outcomes = [(where, store_article(engine, a)) for a, where, _ in leading]
        for where, outcome in outcomes:
            report.add(where, outcome)  # type: ignore[arg-type]
            done(False)
        if rest:
            report.add(location_of(rest[0]), store_article(engine, rest[0]))
            done(False)
            rest = rest[1:]


def _up_to_replacement(
    connection: Connection, articles: list[Article]
) -> tuple[list[tuple[Article, str, bool]], list[Article]]:
    """The articles before the first that would replace a stored one (or one before it in
    the chunk), each with its location and whether it is stored already; and the rest, from
    that one on."""
    wheres = [location_of(article) for article in articles]
    stored = set(
        connection.scalars(select(ARTICLES.c.id).where(ARTICLES.c.id.in_([a.id for a in articles])))
    )
    taken = set(
        connection.scalars(select(ARTICLES.c.location).where(ARTICLES.c.location.in_(wheres)))
    )
    leading = []
    for n, (article, where) in enumerate(zip(articles, wheres, strict=True)):
        if article.id in stored:
            leading.append((article, where, True))
            continue
        if where in taken:
            return leading, articles[n:]
        stored.add(article.id)
        taken.add(where)
        leading.append((article, where, False))
    return leading, []
