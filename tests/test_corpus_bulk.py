"""`onrecord ingest DIR` of what `onrecord run` wrote: the articles' records are stored without
analysing again, with the speakers and quote clusters an ingest of the same articles gives,
and the run's failures are reported as failed."""

from __future__ import annotations

import json
from pathlib import Path

from onrecord.batch.cluster import write_manifest, write_shard
from onrecord.corpus import Corpus
from onrecord.pipeline import analyze

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.txt"))


def _run_output(folder: Path) -> list:
    """A run's output written as `onrecord run` writes it (two shards, one failure), and the
    analysed articles it holds."""
    articles = [analyze(path.read_text(encoding="utf-8"), origin=str(path)) for path in EXAMPLES]
    rows = [
        {"file": "f", "position": n, "origin": a.origin, "error": "", "record": json.dumps(a.to_dict())}
        for n, a in enumerate(articles)
    ]  # fmt: skip
    failure = {"file": "f", "position": 4, "origin": "f:5", "error": "input is empty"}
    rows.append({**failure, "record": ""})
    write_shard(folder, "f-000000", rows[:3])
    write_shard(folder, "f-000001", rows[3:])
    write_manifest(folder, [], 3)
    return articles


def _corpus_view(url: str, tmp_path: Path) -> dict[str, str]:
    views = {}
    with Corpus(url) as corpus:
        for table in ("attributions", "speakers"):
            out = tmp_path / f"{Path(url).stem}-{table}.jsonl"
            corpus.export(table, "jsonl", out)
            views[table] = out.read_text()
    return views


def test_a_run_output_loads_as_the_same_articles_ingested_one_by_one(tmp_path: Path) -> None:
    articles = _run_output(tmp_path / "run")
    with Corpus(str(tmp_path / "direct.db")) as corpus:
        corpus.ingest(articles)
    with Corpus(str(tmp_path / "loaded.db")) as corpus:
        report = corpus.ingest([tmp_path / "run"])
    assert (len(report.ingested), report.failed) == (4, [("f:5", "input is empty")])
    direct = _corpus_view(str(tmp_path / "direct.db"), tmp_path)
    loaded = _corpus_view(str(tmp_path / "loaded.db"), tmp_path)
    assert loaded == direct
    assert direct["speakers"].count("\n") >= 5 and '"cluster_id": 1' in direct["attributions"]
