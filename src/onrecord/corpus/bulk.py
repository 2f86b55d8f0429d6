"""Loading the output of `onrecord run` (a directory of Parquet shards) into a store.

Each article row keeps the article's whole record, so nothing is analysed again: the records
are read back shard by shard and stored as `ingest` stores an analysed article, through the
same speaker identity and quote clustering, so a store loaded this way holds the speakers and
clusters an ingest of the same articles gives. The inputs the run could not analyse (its
`failures` table) are reported as failed, with the run's reasons.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TypeGuard

from onrecord.records import Article

#: What marks a directory `onrecord run` wrote.
MANIFEST = "manifest.json"


def is_run_output(source: object) -> TypeGuard[str | Path]:
    """Whether `source` names a directory `onrecord run` wrote (it holds a manifest)."""
    if not isinstance(source, (str, Path)):
        return False
    path = Path(source)
    return (path / MANIFEST).is_file() and (path / "articles").is_dir()


def run_records(folder: Path) -> Iterator[Article | tuple[str, str]]:
    """The articles of a run's output, shard by shard in name order, then its failures as
    (origin, reason); one shard's rows are in memory at a time."""
    import pyarrow.parquet as pq  # only a run's output needs it

    for shard in sorted((folder / "articles").glob("*.parquet")):
        for record in pq.read_table(shard, columns=["record"]).column("record").to_pylist():
            yield Article.from_dict(json.loads(record))
    for shard in sorted((folder / "failures").glob("*.parquet")):
        for row in pq.read_table(shard, columns=["origin", "error"]).to_pylist():
            yield row["origin"], row["error"]
