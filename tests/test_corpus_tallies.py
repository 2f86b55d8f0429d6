"""The counts a store keeps as articles come and go (statements, articles, dates and roles per
speaker, the company speakers keep, articles per quote) are always those its rows give."""

from __future__ import annotations

from sqlalchemy import select
from test_corpus_store import CLINTONS, LATER, ORIGINAL, REPEAT

from corpus_articles import article
from onrecord.corpus import Corpus
from onrecord.corpus.store import (
    QUOTE_CLUSTERS,
    SPEAKER_OUTLETS,
    SPEAKER_PAIRS,
    SPEAKER_ROLE_TOTALS,
    SPEAKERS,
    SPEAKER_WORDS,
)
from onrecord.corpus.tallies import recount


def _kept(corpus: Corpus) -> dict[str, list[tuple[object, ...]]]:
    with corpus.engine.connect() as connection:
        return {
            "speakers": connection.execute(
                select(
                    SPEAKERS.c.id,
                    SPEAKERS.c.statements,
                    SPEAKERS.c.articles,
                    SPEAKERS.c.first_seen,
                    SPEAKERS.c.last_seen,
                ).order_by(SPEAKERS.c.id)
            ).all(),
            "roles": connection.execute(
                select(SPEAKER_ROLE_TOTALS).order_by(*SPEAKER_ROLE_TOTALS.primary_key.columns)
            ).all(),
            "pairs": connection.execute(
                select(SPEAKER_PAIRS).order_by(SPEAKER_PAIRS.c.speaker_id, SPEAKER_PAIRS.c.other_id)
            ).all(),
            "clusters": connection.execute(
                select(QUOTE_CLUSTERS.c.id, QUOTE_CLUSTERS.c.articles).order_by(QUOTE_CLUSTERS.c.id)
            ).all(),
            "outlets": connection.execute(
                select(SPEAKER_OUTLETS).order_by(*SPEAKER_OUTLETS.primary_key.columns)
            ).all(),
        }


def _counted_afresh(corpus: Corpus) -> dict[str, list[tuple[object, ...]]]:
    with corpus.engine.begin() as connection:
        recount(connection)
    return _kept(corpus)


def test_counts_kept_while_ingesting_and_replacing_are_those_of_the_rows(db_url):
    changed = article(
        ORIGINAL.text.replace("unrealistic", "not on the table"),
        {"hegseth": ("Pete Hegseth", "person", ["Defense Secretary"], [])},
        [("indirect", "NATO membership for Ukraine is not on the table", "hegseth")],
        site="Newsweek",
        published="2025-01-02",
        origin=ORIGINAL.origin,
    )
    with Corpus(db_url) as corpus:
        corpus.ingest([ORIGINAL, REPEAT, CLINTONS])
        kept = _kept(corpus)
        assert all(kept.values()), "every kind of count is kept"
        assert kept == _counted_afresh(corpus)
        corpus.ingest([LATER, changed])
        kept = _kept(corpus)
        assert kept == _counted_afresh(corpus)


def test_a_speaker_is_found_by_the_words_of_every_name_it_was_seen_under(db_url):
    with Corpus(db_url) as corpus:
        corpus.ingest([ORIGINAL, REPEAT])
        with corpus.engine.connect() as connection:
            words = set(connection.scalars(select(SPEAKER_WORDS.c.word)))
        assert {"john", "healey", "pete", "hegseth", "united", "states"} <= words
        assert [s.name for s in corpus.speakers("john HEALEY")] == ["John Healey"]
        assert corpus.speakers("Healey John") == []
