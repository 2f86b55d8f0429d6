"""The counts a store keeps as articles come and go (statements, articles, dates and roles per
speaker, the company speakers keep, articles per quote) are always those its rows give."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from test_corpus_store import CLINTONS, LATER, ORIGINAL, REPEAT

from corpus_articles import article
from onrecord.corpus import Corpus
from onrecord.corpus.store import (
    QuoteClusterRow,
    SpeakerPairRow,
    SpeakerRoleTotalRow,
    SpeakerRow,
    SpeakerWordRow,
)
from onrecord.corpus.tallies import recount


def _kept(corpus: Corpus) -> dict[str, list[tuple[object, ...]]]:
    with Session(corpus.engine) as session:
        return {
            "speakers": session.execute(
                select(
                    SpeakerRow.id,
                    SpeakerRow.statements,
                    SpeakerRow.articles,
                    SpeakerRow.first_seen,
                    SpeakerRow.last_seen,
                ).order_by(SpeakerRow.id)
            ).all(),
            "roles": session.execute(
                select(SpeakerRoleTotalRow.__table__).order_by(
                    *SpeakerRoleTotalRow.__table__.primary_key.columns
                )
            ).all(),
            "pairs": session.execute(
                select(SpeakerPairRow.__table__).order_by(
                    SpeakerPairRow.speaker_id, SpeakerPairRow.other_id
                )
            ).all(),
            "clusters": session.execute(
                select(QuoteClusterRow.id, QuoteClusterRow.articles).order_by(QuoteClusterRow.id)
            ).all(),
        }


def _counted_afresh(corpus: Corpus) -> dict[str, list[tuple[object, ...]]]:
    with Session(corpus.engine) as session, session.begin():
        recount(session)
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
        assert kept["speakers"] and kept["pairs"] and kept["roles"] and kept["clusters"]
        assert kept == _counted_afresh(corpus)
        corpus.ingest([LATER, changed])
        kept = _kept(corpus)
        assert kept == _counted_afresh(corpus)


def test_a_speaker_is_found_by_the_words_of_every_name_it_was_seen_under(db_url):
    with Corpus(db_url) as corpus:
        corpus.ingest([ORIGINAL, REPEAT])
        with Session(corpus.engine) as session:
            words = set(session.scalars(select(SpeakerWordRow.word)))
        assert {"john", "healey", "pete", "hegseth", "united", "states"} <= words
        assert [s.name for s in corpus.speakers("john HEALEY")] == ["John Healey"]
        assert corpus.speakers("Healey John") == []
