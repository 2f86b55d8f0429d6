"""The query plans behind the corpus commands `make bench` times, on a store of your choice.

    python scripts/corpus_plans.py STORE                 # a SQLite file or a postgresql:// URL
    python scripts/corpus_plans.py --fill 100000 STORE   # fill a new store first (synthetic)

Each command of `corpus.bench.CORPUS_COMMANDS` is run once with its SQL recorded; every SELECT
it sent is printed with its plan (SQLite's EXPLAIN QUERY PLAN; PostgreSQL's EXPLAIN ANALYZE,
costs and timings left out so that plans compare across runs) and how long it took.
"""

from __future__ import annotations

import time
from typing import Any

import click
from sqlalchemy import event

from onrecord.corpus import Corpus
from onrecord.corpus.bench import CORPUS_COMMANDS, analysed_polnear
from onrecord.corpus.synthetic import fill, variants


@click.command()
@click.argument("store")
@click.option("--fill", "size", type=click.IntRange(min=1), help="Statements to fill it with.")
def main(store: str, size: int | None) -> None:
    with Corpus(store) as corpus:
        if size:
            fill(corpus.engine, variants(analysed_polnear()), size)
        postgresql = corpus.engine.dialect.name == "postgresql"
        explain = (
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
            if postgresql
            else "EXPLAIN QUERY PLAN "
        )
        for label, method, arguments in CORPUS_COMMANDS:
            sent: list[tuple[str, Any]] = []

            def record(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
                if statement.lstrip().upper().startswith("SELECT"):
                    sent.append((statement, parameters))  # noqa: B023

            event.listen(corpus.engine, "before_cursor_execute", record)
            getattr(corpus, method)(**arguments)
            event.remove(corpus.engine, "before_cursor_execute", record)
            click.echo(f"\n## {label}")
            with corpus.engine.connect() as connection:
                cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
                for statement, parameters in sent:
                    started = time.perf_counter()
                    cursor.execute(statement, parameters)
                    cursor.fetchall()
                    took = (time.perf_counter() - started) * 1000
                    click.echo(f"\n{' '.join(statement.split())[:160]}… ({took:.1f} ms)")
                    cursor.execute(explain + statement, parameters)
                    for row in cursor.fetchall():
                        click.echo(f"    {row[-1] if not postgresql else row[0]}")


if __name__ == "__main__":
    main()
