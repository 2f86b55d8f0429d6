"""The corpus over real news: the 84 PolNeAR dev articles, analysed once by the pipeline and
stored once per backend, then read back, searched and listed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from onrecord.corpus import Corpus
from onrecord.corpus.bench import polnear_articles
from onrecord.corpus.identity import parse_name
from onrecord.corpus.store import ARTICLE_SPEAKERS, ATTRIBUTIONS, SPANS
from onrecord.evaluate.corpora import data_root
from onrecord.records import Article


@pytest.fixture(scope="module")
def dev_articles() -> list[Article]:
    if not (data_root() / "polnear" / "dev" / "text").is_dir():
        pytest.skip(f"PolNeAR is not at {data_root()} (set ONRECORD_DATA)")
    return polnear_articles(["dev"])


@pytest.fixture(scope="module")
def store(session_db_url: str, dev_articles: list[Article]) -> Corpus:
    corpus = Corpus(session_db_url)
    report = corpus.ingest(dev_articles)
    assert (len(report.ingested), report.failed) == (84, [])
    yield corpus
    corpus.close()


def _links(corpus: Corpus) -> list[tuple[str, str, int | None, list[str]]]:
    """(article, speaker name in the article, corpus speaker, titles in the article) for every
    article speaker."""
    with corpus.engine.connect() as connection:
        return list(
            connection.execute(
                select(
                    ARTICLE_SPEAKERS.c.article_id,
                    ARTICLE_SPEAKERS.c.name,
                    ARTICLE_SPEAKERS.c.speaker_id,
                    ARTICLE_SPEAKERS.c.titles,
                ).where(ARTICLE_SPEAKERS.c.type == "person")
            ).tuples()
        )


def _corpus_ids(corpus: Corpus, surname: str, given: str) -> set[int | None]:
    """The corpus speakers of every article speaker called `given surname`, or just `surname`
    unless written with an office ("President Clinton" in 2016 news is Bill Clinton)."""
    return {
        speaker_id
        for _, name, speaker_id, titles in _links(corpus)
        if (n := parse_name(name)).surname == surname
        and (n.given == given or n.given is None and "president" not in map(str.lower, titles))
    }


def test_every_dev_article_reads_back_exactly_as_analysed(store, dev_articles):
    assert len(store) == 84
    assert all(store.article(article.id) == article for article in dev_articles)


@pytest.mark.parametrize(("given", "surname"), [("donald", "trump"), ("hillary", "clinton")])
def test_each_candidate_is_one_speaker_in_every_article_and_across_the_corpus(
    store, given, surname
):
    (speaker_id,) = _corpus_ids(store, surname, given)
    (summary,) = [s for s in store.speakers(speaker_id) if s.id == speaker_id]
    assert summary.name.lower() == f"{given} {surname}"
    assert summary.articles >= 40
    assert summary.first_seen >= date(2016, 9, 1) and summary.last_seen <= date(2016, 10, 31)


def test_every_statement_of_a_candidate_is_counted_once(store, dev_articles):
    names = {"Donald Trump", "Donald J. Trump"}
    expected = sum(
        1
        for article in dev_articles
        for attribution in article.attributions
        if (speaker := article.speaker(attribution.speaker_id)) and speaker.name in names
    )
    (trump,) = [s for s in store.speakers("Donald Trump") if s.name == "Donald Trump"]
    assert trump.statements >= expected > 100


def test_bill_clinton_stays_apart_from_hillary_clinton(store):
    (bill,) = _corpus_ids(store, "clinton", "bill") - _corpus_ids(store, "clinton", "hillary")
    (hillary,) = _corpus_ids(store, "clinton", "hillary")
    assert bill != hillary
    assert [s.name for s in store.speakers(bill)] == ["Bill Clinton"]


def test_search_finds_statements_by_topic_and_filters_them(store):
    emails = store.search("emails", limit=None)
    assert len(emails) >= 5 and all("email" in s.content.lower() for s in emails)
    by_trump = store.search("Clinton", speaker="Donald Trump", limit=None)
    assert len(by_trump) >= 5 and {s.speaker for s in by_trump} == {"Donald Trump"}
    since, until = date(2016, 9, 20), date(2016, 9, 30)
    in_nyt = store.search("tax", site="nyt", since=since, until=until, limit=None)
    assert in_nyt and all(s.site == "nyt" and since <= s.date <= until for s in in_nyt)
    assert len(in_nyt) < len(store.search("tax", site="nyt", limit=None))


def test_ingesting_the_dev_articles_again_changes_nothing(store, dev_articles):
    def counts() -> tuple[int, ...]:
        with store.engine.connect() as connection:
            return tuple(
                connection.scalar(select(func.count()).select_from(t)) or 0
                for t in (ARTICLE_SPEAKERS, ATTRIBUTIONS, SPANS)
            )

    before = counts()
    report = store.ingest(dev_articles)
    assert (len(report.ingested), len(report.skipped)) == (0, 84)
    assert counts() == before


def test_quotes_carried_by_several_outlets_start_from_the_earliest(store):
    clusters = store.quotes(top=20)
    assert clusters, "some quotes of the 2016 campaign are reported by several outlets"
    for cluster in clusters:
        dates = [appearance.date for appearance in cluster.appearances]
        assert len(cluster.appearances) >= 2 and dates == sorted(dates)
