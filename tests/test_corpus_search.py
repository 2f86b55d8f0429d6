"""Searching the corpus: one query language that means the same on SQLite and PostgreSQL,
speaker filters by whole names, and hostile queries refused cleanly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from corpus_articles import article

from onrecord.corpus import Corpus, QueryError
from onrecord.corpus import search
from onrecord.corpus.fulltext import MAX_QUERY_WORDS, parse_query, search_words

STATEMENTS = [
    ("Donald Trump", "the wall will be built and Mexico will pay"),
    ("Donald Trump", "the White House is working on a new plan"),
    ("Hillary Clinton", "the plan would work for working families"),
    ("Hillary Clinton", "Trump is unfit to serve"),
    ("Jeb Bush", "Never Trumpers are right to worry"),
    ("Jeb Bush", "NATO membership for Ukraine is unrealistic"),
    ("Pål Jonson", "European nations warned of U.S. withdrawal"),
    ("Pål Jonson", "memberships in alliances are warning signs"),
]

#: Queries and the statements (by index in STATEMENTS) they find, on either store.
EXPECTED = {
    "plan": {1, 2},
    "the": {0, 1, 2},
    "Trump OR Mexico": {0, 3},
    "Trump OR Clinton OR Mexico": {0, 3},
    "plan OR wall Mexico": {0},
    "-Trump": {0, 1, 2, 4, 5, 6, 7},
    "plan -families": {1},
    '-"White House"': {0, 2, 3, 4, 5, 6, 7},
    '"White House"': {1},
    '"House White"': set(),
    "white house": {1},
    "membership": {5, 7},
    "warn": {6, 7},
    "working": {1, 2},
    "U.S.": {6},
    '"u s withdrawal"': {6},
    "WITHDRAWAL": {6},
    "Pal OR nations": {6},
    "Trumpers": {4},
    "or": set(),
    "Kremlin OR Moscow": set(),
}


def _articles():
    for i, (speaker, content) in enumerate(STATEMENTS):
        yield article(
            f"{speaker} said {content}.",
            {"s": (speaker, "person", [], [])},
            [("indirect", content, "s")],
            site="Wire",
            published=f"2025-01-{i + 1:02d}",
            origin=f"wire/{i}.txt",
        )


@pytest.fixture
def corpus(db_url: str) -> Iterator[Corpus]:
    with Corpus(db_url) as store:
        store.ingest(_articles())
        yield store


def _found(corpus: Corpus, query: str = "", **filters) -> set[int]:
    contents = [content for _, content in STATEMENTS]
    return {contents.index(s.content) for s in corpus.search(query, limit=None, **filters)}


@pytest.mark.parametrize(("query", "expected"), EXPECTED.items())
def test_the_query_language(corpus, query, expected):
    assert _found(corpus, query) == expected


def test_the_same_queries_find_the_same_statements_on_sqlite_and_postgresql(
    tmp_path, _postgres_store
):
    """The two stores side by side, over queries of every form and the words of every
    statement, one at a time and in pairs."""
    words = sorted({word for _, content in STATEMENTS for word in content.split()})
    queries = [*EXPECTED, *words, *(f"{a} OR -{b}" for a, b in zip(words, words[1:]))]
    with Corpus(str(tmp_path / "s.db")) as sqlite, Corpus(_postgres_store) as postgresql:
        for store in (sqlite, postgresql):
            store.ingest(_articles())
        for query in queries:
            assert _found(sqlite, query) == _found(postgresql, query), query


def test_a_query_with_no_word_or_too_many_words_is_refused_with_a_reason(corpus):
    with pytest.raises(QueryError, match="no word to search for"):
        corpus.search("-- ... OR")
    huge = " ".join(f"w{i}" for i in range(20_000))
    with pytest.raises(QueryError, match=f"at most {MAX_QUERY_WORDS} words"):
        corpus.search(huge)


def test_a_long_query_within_the_limit_is_searched(corpus):
    quote = "nato membership for ukraine is unrealistic"
    assert _found(corpus, f'"{quote}" ' + " OR ".join(["ukraine"] * 200)) == {5}


def test_nul_characters_in_a_query_or_filter_are_no_error(corpus):
    assert _found(corpus, "plan\x00") == {1, 2}
    assert _found(corpus, "plan", speaker="Donald\x00Trump") == {1}
    assert _found(corpus, "plan", affiliation="\x00", site="Wire\x00") == set()


def test_a_speaker_is_found_by_whole_words_of_a_name(corpus):
    assert _found(corpus, speaker="Trump") == {0, 1}
    assert _found(corpus, speaker="donald trump") == {0, 1}
    assert _found(corpus, speaker="Trumpers") == set()
    assert _found(corpus, speaker="Tru") == set()
    assert _found(corpus, speaker="Pal Jonson") == {6, 7}


@pytest.mark.parametrize("speaker", ["%", "_rump", "Tr%", "99999999999999999999999", "0"])
def test_wildcards_and_out_of_range_ids_match_no_speaker(corpus, speaker):
    assert _found(corpus, speaker=speaker) == set()
    assert corpus.speakers(speaker) == []


def test_an_affiliation_with_wildcards_matches_only_itself(corpus):
    assert _found(corpus, affiliation="%") == set()


def test_count_is_the_total_whatever_the_limit(corpus):
    assert len(corpus.search("the", limit=2)) == 2
    assert corpus.count("the") == 3
    assert corpus.count("-Trump", speaker="Jonson") == 2


def test_a_word_is_found_without_its_accents_whatever_the_script():
    assert search_words("Pål said: Crème BRÛLÉE, naïvely") == search_words(
        "pal said creme brulee naively"
    )
    assert search_words("Ελληνικά ά 日本語") == ["ελληνικα", "α", "日本語"]


def test_or_joins_only_the_words_beside_it():
    parsed = parse_query("a OR b c -d OR e OR")
    assert parsed.groups == [[("a",), ("b",)], [("c",)], [("e",)]]
    assert parsed.excluded == [("d",)]


def test_a_query_matching_more_than_the_ranked_window_ranks_the_most_recently_stored(
    corpus, monkeypatch
):
    best, later = "taxes, taxes and more taxes", "the senator spoke of taxes among other things"
    corpus.ingest(
        article(
            f"Jeb Bush said {content}.",
            {"s": ("Jeb Bush", "person", [], [])},
            [("indirect", content, "s")],
            origin=f"wire/taxes{i}.txt",
        )
        for i, content in enumerate([best, later])
    )
    assert [s.content for s in corpus.search("taxes", limit=1)] == [best]
    monkeypatch.setattr(search, "RANKED_MATCHES", 1)
    assert [s.content for s in corpus.search("taxes", limit=1)] == [later]
    assert [s.content for s in corpus.search("taxes", limit=None)] == [best, later]
    assert corpus.count("taxes") == 2
