"""The corpus commands, run the way a user runs them, over the example articles (analysed by
the real pipeline) in a SQLite store."""

from __future__ import annotations

import gc
import json
import sqlite3
from pathlib import Path

import click
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from corpus_articles import article
from loopback import LoopbackSite, Route


from onrecord.corpus import Corpus
from onrecord.cli import main as onrecord
from onrecord.corpus.cli import commands

EXAMPLES = Path(__file__).parents[1] / "examples"


assert {c.name for c in commands} <= set(onrecord.commands)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the examples, ingested once for the module."""
    db = str(tmp_path_factory.mktemp("cli") / "examples.db")
    result = CliRunner(mix_stderr=False).invoke(
        onrecord, ["ingest", str(EXAMPLES), "--db", db, "--no-progress"]
    )
    assert result.exit_code == 0, result.stderr
    return db


def run(*args: str) -> click.testing.Result:
    return CliRunner(mix_stderr=False).invoke(onrecord, list(args))


def test_ingest_ends_with_a_summary_and_ingesting_again_skips_everything(store):
    examples = len(list(EXAMPLES.glob("*.txt")))
    result = run("ingest", str(EXAMPLES), "--db", store, "--no-progress")
    assert result.exit_code == 0
    assert f"0 ingested, {examples} skipped (already stored), 0 failed" in result.stderr


def test_ingest_reports_each_failure_with_its_reason_and_exits_non_zero(store, tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    result = run(
        "ingest",
        str(tmp_path / "empty.txt"),
        str(tmp_path / "missing.txt"),
        "--db",
        store,
        "--no-progress",
    )
    assert result.exit_code == 1
    assert "empty.txt: input is empty" in result.stderr
    assert "missing.txt: no such file" in result.stderr
    assert "0 ingested, 0 skipped (already stored), 2 failed" in result.stderr


def test_search_filters_by_speaker_and_prints_json(store):
    result = run("search", "NATO membership", "--speaker", "Hegseth", "--json", "--db", store)
    found = json.loads(result.output)
    assert found and {s["speaker"] for s in found} == {"Pete Hegseth"}
    assert all("NATO membership" in s["content"] for s in found)


def test_the_speaker_listing_merges_each_person_across_the_examples(store):
    listed = json.loads(run("speakers", "--json", "--db", store).output)
    healeys = [s for s in listed if s["name"] == "John Healey"]
    assert len(healeys) == 1 and healeys[0]["articles"] >= 3
    assert healeys[0]["affiliations"][0]["value"] == "United Kingdom"
    smiths = {s["name"] for s in listed if s["name"].endswith("Smith")}
    assert smiths == {"Laura Smith", "Daniel Smith"}


def test_a_quote_repeated_with_other_quote_marks_is_one_cluster_from_the_sample(store):
    clusters = json.loads(run("quotes", "--top", "20", "--json", "--db", store).output)
    healey = next(c for c in clusters if "Russia remains a threat" in c["text"])
    assert healey["outlets"][0] == "000_88a4e4ddf26ddf09.txt"
    assert "001_healey_russia_threat.txt" in healey["outlets"]


def test_a_speakers_statements_are_listed_by_id(store):
    listed = json.loads(run("speakers", "--name", "Hegseth", "--json", "--db", store).output)
    result = run("speaker", str(listed[0]["id"]), "--json", "--db", store)
    shown = json.loads(result.output)
    assert shown["name"] == "Pete Hegseth"
    dates = [s["date"] for s in shown["statements"]]
    in_order = sorted(dates, key=lambda day: (day is None, day or ""))
    assert len(dates) == listed[0]["statements"] and dates == in_order


def test_an_ambiguous_speaker_name_asks_for_an_id(store):
    result = run("speaker", "Smith", "--db", store)
    assert result.exit_code != 0
    assert "matches several speakers" in result.stderr


def test_export_writes_parquet_to_a_file_and_refuses_standard_output(store, tmp_path):
    assert run("export", "speakers", "--format", "parquet", "--db", store).exit_code == 2
    result = run(
        "export",
        "attributions",
        "--format",
        "parquet",
        "-o",
        str(tmp_path / "a.parquet"),
        "--db",
        store,
    )
    assert result.exit_code == 0
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.num_rows > 20 and "content_offsets" in table.column_names


def test_a_changed_file_replaces_its_older_version(tmp_path):
    db = str(tmp_path / "store.db")
    story = tmp_path / "story.txt"
    story.write_text("Healey said on Thursday that Russia remains a threat to Europe.\n")
    assert run("ingest", str(story), "--db", db, "--no-progress").exit_code == 0
    story.write_text("Healey said on Friday that Russia remains a threat to all of Europe.\n")
    result = run("ingest", str(story), "--db", db, "--no-progress")
    assert "1 ingested (1 replacing older versions)" in result.stderr
    found = json.loads(run("search", "Russia", "--json", "--db", db).output)
    assert len(found) == 1 and found[0]["content"].endswith("a threat to all of Europe")


def test_speakers_lists_who_said_something_and_with_all_also_who_was_only_mentioned(store):
    quoted = json.loads(run("speakers", "--json", "--db", store).output)
    assert quoted and not any(s["mentioned_only"] or s["statements"] == 0 for s in quoted)
    everyone = run("speakers", "--all", "--db", store).output
    assert "Vladimir Putin" in everyone and "mentioned only" in everyone
    assert "Vladimir Putin" not in {s["name"] for s in quoted}


def test_search_shows_each_statements_confidence_and_leaves_out_less_confident_ones(store):
    table = run("search", "NATO", "--db", store).output
    assert "confidence" in table
    every = json.loads(run("search", "--limit", "200", "--json", "--db", store).output)
    sure = json.loads(
        run("search", "--limit", "200", "--min-confidence", "0.8", "--json", "--db", store).output
    )
    assert {s["id"] for s in sure} == {s["id"] for s in every if s["confidence"] >= 0.8}
    assert 0 < len(sure) < len(every)
    assert run("search", "--min-confidence", "1.5", "--db", store).exit_code == 2


def test_export_leaves_out_attributions_below_the_minimum_confidence(store):
    every = run("export", "attributions", "--db", store).output.splitlines()
    sure = run("export", "attributions", "--min-confidence", "0.8", "--db", store)
    kept = [json.loads(line) for line in sure.output.splitlines() if line.startswith("{")]
    assert kept and all(a["confidence"] >= 0.8 for a in kept)
    assert len(kept) < len([line for line in every if line.startswith("{")])
    assert f"{len(kept)} attributions exported" in sure.stderr


STORY = (
    b"<html><head><title>Healey warns</title></head><body><article><h1>Healey warns</h1>"
    b"<p>Defence Secretary John Healey said on Thursday that Russia remains a threat to the"
    b" whole of Europe and that allies must spend more on their armed forces.</p>"
    b"<p>\xe2\x80\x9cWe will not stand by,\xe2\x80\x9d Healey told reporters in Brussels.</p>"
    b"</article></body></html>"
)


def test_ingest_fetches_urls_under_the_same_guard_and_options_as_analyze(tmp_path, monkeypatch):
    """Private hosts need --allow-private, robots.txt is obeyed unless --ignore-robots, and
    --max-bytes caps what is read."""
    monkeypatch.setenv("ONRECORD_CACHE", str(tmp_path / "cache"))
    routes = {
        "/robots.txt": Route(b"User-agent: *\nDisallow: /members/\n", content_type="text/plain"),
        "/story": Route(STORY),
        "/members/story": Route(STORY),
    }
    db = str(tmp_path / "store.db")
    with LoopbackSite(routes) as site:
        refused = run("ingest", site.url("/story"), "--db", db, "--no-progress")
        assert refused.exit_code == 1 and "non-public address 127.0.0.1" in refused.stderr
        assert site.hits["/story"] == 0
        members = run("ingest", site.url("/members/story"), "--allow-private", "--db", db)
        assert members.exit_code == 1 and "robots.txt" in members.stderr
        assert site.hits["/members/story"] == 0
        options = ["--allow-private", "--ignore-robots", "--db", db, "--no-progress"]
        too_big = run("ingest", site.url("/members/story"), "--max-bytes", "100", *options)
        assert too_big.exit_code == 1 and "0 ingested" in too_big.stderr
        assert site.hits["/members/story"] == 1
        stored = run("ingest", site.url("/members/story"), *options)
    assert stored.exit_code == 0 and "1 ingested" in stored.stderr, stored.stderr
    found = json.loads(run("search", "Russia", "--json", "--db", db).output)
    assert [s["location"] for s in found] == [site.url("/members/story")]


def test_the_search_footer_counts_every_match_not_only_those_shown(store):
    every = json.loads(run("search", "--limit", "500", "--json", "--db", store).output)
    result = run("search", "--limit", "2", "--db", store)
    assert f"2 of {len(every)} statements (--limit shows more)" in result.output


def test_a_query_that_cannot_be_searched_is_a_one_line_error(store):
    result = run("search", "!!! OR", "--db", store)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "error: the query '!!! OR' has no word to search for"


def test_a_query_starting_with_a_minus_follows_a_double_dash(store):
    every = json.loads(run("search", "--limit", "500", "--json", "--db", store).output)
    result = run("search", "--limit", "500", "--json", "--db", store, "--", "-NATO")
    kept = json.loads(result.output)
    assert kept and len(kept) < len(every)
    assert not any("nato" in s["content"].lower() for s in kept)


def test_an_export_of_one_row_says_so_in_the_singular(tmp_path):
    db = str(tmp_path / "one.db")
    with Corpus(db) as corpus:
        corpus.ingest([article("Healey said it.", {"h": ("Healey", "person", [], [])}, [])])
    assert "1 article exported" in run("export", "articles", "--db", db).stderr
    assert "0 attributions exported" in run("export", "attributions", "--db", db).stderr


def test_a_file_is_one_article_however_its_path_is_written(tmp_path, monkeypatch):
    db = str(tmp_path / "store.db")
    (tmp_path / "news").mkdir()
    story = tmp_path / "news" / "story.txt"
    story.write_text("Healey said on Thursday that Russia remains a threat to Europe.\n")
    monkeypatch.chdir(tmp_path / "news")
    assert "1 ingested" in run("ingest", "story.txt", "--db", db, "--no-progress").stderr
    story.write_text("Healey said on Friday that Russia remains a threat to all of Europe.\n")
    monkeypatch.chdir(tmp_path)
    result = run("ingest", "news/story.txt", "--db", db, "--no-progress")
    assert "1 ingested (1 replacing older versions)" in result.stderr
    exported = [
        json.loads(line)
        for line in run("export", "articles", "--db", db).output.splitlines()
        if line.startswith("{")
    ]
    assert [a["location"] for a in exported] == [str(story)]


@pytest.mark.parametrize(
    "command", [["search", "NATO"], ["speakers"], ["speaker", "Healey"], ["quotes"], ["export"]]
)
def test_reading_a_store_that_does_not_exist_says_so_and_creates_nothing(
    tmp_path, monkeypatch, command
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ONRECORD_DB", raising=False)
    result = run(*command)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: there is no store at {tmp_path / 'onrecord.db'}: `onrecord ingest` makes one"
    )
    assert list(tmp_path.iterdir()) == []


def test_every_corpus_command_names_the_store_it_uses_in_one_line(store):
    for command in (["search", "NATO"], ["speakers"], ["quotes"], ["export", "speakers"]):
        stated = [line for line in run(*command, "--db", store).stderr.splitlines()]
        assert stated[0] == f"store: {store}" and not any("store:" in s for s in stated[1:])


def test_statements_of_undated_articles_say_date_unknown(store):
    table = run("search", "NATO", "--db", store).output
    assert "date unknown" in table
    assert not any(line.lstrip("│ ").startswith("20") for line in table.splitlines())


def test_site_takes_an_outlet_by_name_or_by_domain(tmp_path):
    db = str(tmp_path / "outlets.db")
    said = "Disis said Asian markets fell on Monday as trade talks stalled."
    with Corpus(db) as corpus:
        corpus.ingest(
            [
                article(
                    said,
                    {"d": ("Jill Disis", "person", [], [])},
                    [("indirect", "Asian markets fell on Monday as trade talks stalled", "d")],
                    site="CNN",
                    domain="cnn.com",
                    url="https://edition.cnn.com/2019/11/18/investing/asian-markets",
                )
            ]
        )
    for site in ("cnn.com", "CNN"):
        table = run("search", "--site", site, "--db", db)
        assert "CNN (cnn.com)" in table.output and "1 statement" in table.output
        exported = run("export", "articles", "--site", site, "--db", db)
        assert json.loads(exported.output)["domain"] == "cnn.com"
    assert "0 statements" in run("search", "--site", "nbc.com", "--db", db).output


def test_a_store_another_writer_holds_too_long_is_one_error_line(tmp_path, monkeypatch) -> None:
    db = tmp_path / "held.db"
    Corpus(str(db)).close()
    monkeypatch.setattr("onrecord.corpus.store.BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("ingest", str(EXAMPLES / "000_88a4e4ddf26ddf09.txt"), "--db", str(db))
    finally:
        holder.close()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: the store {db} stayed locked by another writer for 0.1 s"
        " ($ONRECORD_BUSY_TIMEOUT_MS); try again when it is done"
    )


def test_a_command_leaves_garbage_collection_as_it_found_it(store):
    gc.enable()
    assert run("search", "NATO", "--db", store).exit_code == 0
    assert gc.isenabled()
    gc.disable()
    try:
        assert run("speakers", "--db", store).exit_code == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
