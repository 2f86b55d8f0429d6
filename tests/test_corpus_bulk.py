"""`onrecord ingest DIR` of what `onrecord run` wrote: the articles' records are stored in bulk
without analysing again, with the speakers, quote clusters and kept counts that storing the
same articles one by one gives, and the run's failures are reported as failed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

import pytest
from conftest import PG_URL_VARIABLE
from sqlalchemy import select

from onrecord.batch.cluster import write_manifest, write_shard
from onrecord.corpus import Corpus, IngestReport, bulk
from onrecord.corpus.bench import polnear_articles, write_run_output
from onrecord.corpus.identity import STORED_SPEAKER_COLUMNS
from onrecord.corpus.ingest import store_article
from onrecord.corpus.store import (
    ARTICLE_SPEAKERS,
    ATTRIBUTIONS,
    QUOTE_CLUSTERS,
    SPEAKER_ALIASES,
    SPEAKER_OUTLETS,
    SPEAKER_PAIRS,
    SPEAKER_ROLE_TOTALS,
    scratch_database,
)
from onrecord.corpus.synthetic import fill, variants
from onrecord.corpus.tallies import recount
from onrecord.evaluate.corpora import data_root
from onrecord.pipeline import analyze
from onrecord.records import Article

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


@pytest.fixture(params=["sqlite", "postgresql"])
def two_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty stores of one backend: one filled article by article, one in bulk."""
    if request.param == "sqlite":
        yield str(tmp_path / "one-by-one.db"), str(tmp_path / "bulk.db")
        return
    server = os.environ.get(PG_URL_VARIABLE)
    if not server:
        pytest.skip(f"PostgreSQL tests need {PG_URL_VARIABLE} (`make test` starts a server)")
    with scratch_database(server, "one") as one, scratch_database(server, "bulk") as other:
        yield one, other


def _stored(url: str) -> dict[str, object]:
    """What the store holds, without its ids: each corpus speaker and quote cluster is the
    set of article speakers or statements it joins, with its row and kept counts."""
    with Corpus(url) as corpus, corpus.engine.connect() as connection:
        speaker_of = {
            key: min(members)
            for key, members in _groups(
                connection.execute(
                    select(
                        ARTICLE_SPEAKERS.c.speaker_id,
                        ARTICLE_SPEAKERS.c.article_id,
                        ARTICLE_SPEAKERS.c.position,
                    )
                )
            ).items()
        }
        cluster_of = {
            key: min(members)
            for key, members in _groups(
                connection.execute(
                    select(
                        ATTRIBUTIONS.c.cluster_id,
                        ATTRIBUTIONS.c.article_id,
                        ATTRIBUTIONS.c.position,
                    )
                )
            ).items()
        }
        statements = connection.execute(
            select(
                ATTRIBUTIONS.c.article_id,
                ATTRIBUTIONS.c.position,
                ATTRIBUTIONS.c.speaker_id,
                ATTRIBUTIONS.c.cluster_id,
            )
        )
        speakers = connection.execute(select(*STORED_SPEAKER_COLUMNS))
        return {
            "statements": sorted(
                (a, n, speaker_of.get(s), cluster_of.get(c)) for a, n, s, c in statements
            ),
            "speakers": sorted((speaker_of[key], *row) for key, *row in speakers),
            "roles": sorted(
                (speaker_of[key], *row)
                for key, *row in connection.execute(select(SPEAKER_ROLE_TOTALS))
            ),
            "pairs": sorted(
                (speaker_of[a], speaker_of[b], *counts)
                for a, b, *counts in connection.execute(select(SPEAKER_PAIRS))
            ),
            "outlets": sorted(
                (speaker_of[key], *row) for key, *row in connection.execute(select(SPEAKER_OUTLETS))
            ),
            "aliases": sorted(
                (speaker_of[key], alias)
                for key, alias in connection.execute(
                    select(SPEAKER_ALIASES.c.speaker_id, SPEAKER_ALIASES.c.alias)
                )
            ),
            "clusters": sorted(
                (cluster_of[key], text, shingles, carried)
                for key, text, shingles, carried in connection.execute(
                    select(
                        QUOTE_CLUSTERS.c.id,
                        QUOTE_CLUSTERS.c.text,
                        QUOTE_CLUSTERS.c.shingle_count,
                        QUOTE_CLUSTERS.c.articles,
                    )
                )
            ),
        }


def _groups(rows: Iterable[tuple[int | None, str, int]]) -> dict[int, list[tuple[str, int]]]:
    found: dict[int, list[tuple[str, int]]] = {}
    for key, article_id, position in rows:
        if key is not None:
            found.setdefault(key, []).append((article_id, position))
    return found


def _recounted(url: str) -> dict[str, object]:
    with Corpus(url) as corpus, corpus.engine.begin() as connection:
        recount(connection)
    return _stored(url)


def _one_by_one_and_in_bulk(
    articles: list[Article], stores: tuple[str, str], folder: Path
) -> tuple[dict[str, object], dict[str, object], IngestReport]:
    """The stores filled with the articles one by one, and with their run output in bulk."""
    one_by_one, bulk = stores
    with Corpus(one_by_one) as corpus:
        for article in articles:
            store_article(corpus.engine, article)
    with Corpus(bulk) as corpus:
        report = corpus.ingest([write_run_output(folder, articles, shard_size=16)])
    return _stored(one_by_one), _stored(bulk), report


def _examples_again_and_again() -> list[Article]:
    """The analysed examples, then round after round of variants of them (`synthetic`): the
    same speakers across articles, the same quotes now and then."""
    examples = [analyze(path.read_text(encoding="utf-8"), origin=str(path)) for path in EXAMPLES]
    return list(islice(variants(examples), 48))


def test_loading_a_run_output_does_not_load_the_analysis(tmp_path: Path) -> None:
    """Its articles are analysed already: spaCy's import alone is seconds of a load."""
    _run_output(tmp_path / "run")
    loads = (
        "import sys; from onrecord.corpus import Corpus; "
        f"Corpus({str(tmp_path / 'c.db')!r}).ingest([{str(tmp_path / 'run')!r}]); "
        "print(sorted({'spacy', 'onrecord.pipeline'} & set(sys.modules)))"
    )
    found = subprocess.run(
        [sys.executable, "-c", loads], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"


def test_a_bulk_load_links_speakers_and_clusters_quotes_as_ingesting_one_by_one_does(
    two_stores: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 10)  # later chunks meet the speakers of earlier ones
    articles = _examples_again_and_again()
    one_by_one, loaded, report = _one_by_one_and_in_bulk(articles, two_stores, tmp_path / "run")
    assert (len(report.ingested), report.skipped, report.failed) == (48, [], [])
    assert loaded == one_by_one
    recurring = Counter(speaker for _, _, speaker, _ in one_by_one["statements"] if speaker)
    assert max(recurring.values()) > 10
    assert any(carried >= 2 for *_, carried in one_by_one["clusters"])  # type: ignore[attr-defined]
    assert _recounted(two_stores[1]) == loaded
    with Corpus(two_stores[1]) as corpus:
        again = corpus.ingest([tmp_path / "run"])
    assert (again.ingested, len(again.skipped)) == ([], 48)
    assert _stored(two_stores[1]) == loaded


def test_a_bulk_load_skips_stored_articles_and_replaces_changed_ones_as_ingest_does(
    two_stores: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 10)
    articles = _examples_again_and_again()
    first = articles[3]
    changed = replace(
        first,
        id="",
        text=first.text.replace(" the ", " a ", 1),
        speakers=first.speakers[:2],
        attributions=[
            a for a in first.attributions if a.speaker_id in {s.id for s in first.speakers[:2]}
        ],
    )
    given = articles[:30] + [articles[5], changed] + articles[30:]
    one_by_one, loaded, report = _one_by_one_and_in_bulk(given, two_stores, tmp_path / "run")
    assert (len(report.ingested), len(report.replaced), len(report.skipped)) == (49, 1, 1)
    assert loaded == one_by_one
    assert _recounted(two_stores[1]) == loaded


def test_a_synthetic_corpus_keeps_the_counts_its_rows_give(two_stores):
    """The corpora `make bench` measures at scale are built in bulk by `synthetic.fill`, not
    by ingest: what they keep counted is what the store counts again from their rows."""
    url, _ = two_stores
    with Corpus(url) as corpus:
        assert fill(corpus.engine, iter(_examples_again_and_again()), 300) < 48
    assert _stored(url) == _recounted(url)


@pytest.fixture(scope="module")
def polnear_again_and_again() -> list[Article]:
    if not (data_root() / "polnear" / "dev" / "text").is_dir():
        pytest.skip(f"PolNeAR is not at {data_root()} (set ONRECORD_DATA)")
    return list(islice(variants(polnear_articles(["dev"])), 250))


def test_a_bulk_load_of_real_news_gives_the_speakers_and_clusters_of_one_by_one(
    two_stores: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    polnear_again_and_again: list[Article],
) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 100)
    articles = polnear_again_and_again
    one_by_one, loaded, _ = _one_by_one_and_in_bulk(articles, two_stores, tmp_path / "run")
    assert loaded == one_by_one
    assert _recounted(two_stores[1]) == loaded
