"""What the web pages read from the corpus besides search: pages of results with their totals,
facet counts, a speaker's profile (names, weekly timeline, outlets, who is quoted beside them),
one quote cluster with its variant wordings, and how an article's ids tie into the corpus. On
SQLite and PostgreSQL alike; articles are written by hand (`corpus_articles`)."""

from __future__ import annotations

from datetime import date

import pytest
from corpus_articles import article

from onrecord.corpus import Corpus
from onrecord.corpus.browse import Count, Week

QUOTE = "we will not send troops to fight in that war"


def _report(
    site: str, day: str | None, *, quote: str = QUOTE, index: int = 0, origin: str = ""
) -> object:
    """Healey quoted by `site` on `day` (read from `origin`, by default a file named after
    both); Lammy spoke in the same article."""
    body = f"Report {index}. Healey said “{quote}.” Lammy said talks would continue."
    return article(
        body,
        {
            "h": ("John Healey", "person", ["Defence Secretary"], ["United Kingdom"]),
            "l": ("David Lammy", "person", ["Foreign Secretary"], []),
        },
        [("direct", quote, "h"), ("indirect", "talks would continue", "l")],
        site=site,
        **({"published": day} if day else {}),
        origin=origin or f"{site}/{index}.txt",
    )


@pytest.fixture
def corpus(db_url: str) -> Corpus:
    with Corpus(db_url) as store:
        store.ingest(
            [
                _report("Reuters", "2025-02-10", index=1),
                _report("Reuters", "2025-02-12", quote=QUOTE + " now", index=2),
                _report("AP", "2025-02-26", index=3),
                _report("Blog", None, index=4),
            ]
        )
        yield store


def test_a_search_pages_through_its_results_and_counts_them_all(corpus: Corpus) -> None:
    everything = corpus.search(limit=None)
    pages = [corpus.search(limit=3, offset=offset) for offset in (0, 3, 6, 9)]
    assert [s.id for page in pages for s in page] == [s.id for s in everything]
    assert [len(page) for page in pages] == [3, 3, 2, 0]
    assert corpus.count() == 8


def test_facets_count_the_statements_a_search_finds_by_speaker_outlet_and_kind(
    corpus: Corpus,
) -> None:
    found = corpus.facets("troops")
    healey = corpus.speakers("Healey")[0].id
    assert found.speakers == [Count(healey, "John Healey", 4)]
    assert found.outlets == [
        Count("Reuters", "Reuters", 2),
        Count("AP", "AP", 1),
        Count("Blog", "Blog", 1),
    ]
    assert found.kinds == [Count("direct", "direct", 4)]
    assert corpus.facets(kind="indirect", site="Reuters").kinds == [
        Count("indirect", "indirect", 2)
    ]


def test_speakers_page_and_count_like_the_full_list(corpus: Corpus) -> None:
    everyone = corpus.speakers()
    assert [s.id for s in corpus.speakers(limit=1, offset=1)] == [everyone[1].id]
    assert corpus.count_speakers() == len(everyone) == 2
    assert corpus.count_speakers("Lammy") == 1
    assert corpus.count_speakers("Nobody At All") == 0


def test_a_speaker_profile_has_names_weekly_timeline_outlets_and_who_is_quoted_beside_them(
    corpus: Corpus,
) -> None:
    (summary,) = corpus.speakers("Healey")
    healey = summary.id
    profile = corpus.speaker_profile(healey)
    assert profile is not None and profile.summary.name == "John Healey"
    # the profile reads their roles itself (one statement for all it shows): the same ones
    assert profile.summary.titles and profile.summary.affiliations
    assert profile.summary == summary
    assert profile.names == ["John Healey"]
    # the weeks of 10 and 24 February with the empty one between; the undated article apart
    assert profile.weeks == [
        Week(date(2025, 2, 10), 2),
        Week(date(2025, 2, 17), 0),
        Week(date(2025, 2, 24), 1),
    ]
    assert profile.undated == 1
    assert [(c.label, c.count) for c in profile.outlets] == [("Reuters", 2), ("AP", 1), ("Blog", 1)]
    lammy = corpus.speakers("Lammy")[0].id
    assert profile.co_quoted == [Count(lammy, "David Lammy", 4)]
    assert profile.to_dict()["weeks"][0] == {"start": "2025-02-10", "statements": 2}
    assert corpus.speaker_profile(10**6) is None and corpus.speaker_profile(2**40) is None
    # counted from the statements (as when only the confident ones count): what is kept
    assert corpus.speaker_profile(healey, min_confidence=0.0) == profile


def test_a_speakers_statements_page_newest_first_an_articles_in_order_the_undated_last(
    corpus: Corpus,
) -> None:
    """As their page lists them: read from the index of a speaker's statements by date, the
    undated in the order they were stored."""
    said = ("we will hold the line", "we will not be moved", 0.4)
    corpus.ingest(
        [
            article(
                f"Report 5. Healey said “{said[0]}.” Later Healey said “{said[1]}.”",
                {"h": ("John Healey", "person", [], [])},
                [("direct", said[0], "h"), ("direct", said[1], "h", said[2])],
                site="AP",
                published="2025-03-01",
                origin="AP/5.txt",
            ),
            # stored after Report 4, and their ids (hashes of the text) on either side of its
            *(
                article(
                    f"Report {n}. Healey said “{quote}.”",
                    {"h": ("John Healey", "person", [], [])},
                    [("direct", quote, "h")],
                    site="Blog",
                    origin=f"Blog/{n}.txt",
                )
                for n, quote in ((6, "we stand firm"), (7, "we stand ready"))
            ),
        ]
    )
    healey = corpus.speakers("Healey")[0].id
    newest = corpus.newest_statements(healey, limit=100)
    assert [(s.date, s.content) for s in newest] == [
        (date(2025, 3, 1), said[0]),
        (date(2025, 3, 1), said[1]),
        (date(2025, 2, 26), QUOTE),
        (date(2025, 2, 12), QUOTE + " now"),
        (date(2025, 2, 10), QUOTE),
        (None, QUOTE),  # the undated as they were stored
        (None, "we stand firm"),
        (None, "we stand ready"),
    ]
    pages = [corpus.newest_statements(healey, limit=2, offset=n) for n in (0, 2, 4, 6, 8)]
    assert [s.id for page in pages for s in page] == [s.id for s in newest]
    assert pages[-1] == []
    confident = corpus.newest_statements(healey, min_confidence=0.5, limit=100)
    assert [s.id for s in confident] == [s.id for s in newest if s.content != said[1]]


def test_a_speakers_outlets_are_their_sites_or_for_articles_without_one_their_files(
    corpus: Corpus,
) -> None:
    corpus.ingest(
        [
            _report("", None, index=5, origin="saved/first.html"),
            _report("", None, index=6, origin="saved/second.html"),
            _report("Reuters", "2025-02-13", index=7),
        ]
    )
    healey = corpus.speakers("Healey")[0].id
    profile = corpus.speaker_profile(healey)
    assert profile is not None
    assert [(c.label, c.count) for c in profile.outlets] == [
        ("Reuters", 3),
        ("AP", 1),
        ("Blog", 1),
        ("first.html", 1),
        ("second.html", 1),
    ]


def test_speakers_quoted_beside_a_speaker_are_counted_as_articles_come_not_those_only_named(
    corpus: Corpus,
) -> None:
    named_only = article(
        "Report 5. Healey said “the talks go on.” Lammy was in Kyiv. Starmer said nothing new.",
        {
            "h": ("John Healey", "person", [], []),
            "l": ("David Lammy", "person", [], []),
            "s": ("Keir Starmer", "person", [], []),
        },
        [("direct", "the talks go on", "h"), ("indirect", "nothing new", "s")],
        site="AP",
        origin="AP/5.txt",
    )
    corpus.ingest([named_only])
    healey, lammy, starmer = (
        corpus.speakers(name)[0].id for name in ("Healey", "Lammy", "Starmer")
    )
    profile = corpus.speaker_profile(healey)
    assert profile is not None
    assert profile.co_quoted == [Count(lammy, "David Lammy", 4), Count(starmer, "Keir Starmer", 1)]
    # the kept counts are what counting every statement gives
    counted = corpus.speaker_profile(healey, min_confidence=0.0)
    assert counted is not None and counted.co_quoted == profile.co_quoted


def test_one_quote_with_its_origin_spread_and_variant_wordings(corpus: Corpus) -> None:
    (listed,) = corpus.quotes(top=5)
    cluster = corpus.quote(listed.id)
    assert cluster is not None
    assert cluster.origin.outlet == "Reuters" and cluster.origin.date == date(2025, 2, 10)
    assert [a.date for a in cluster.appearances] == [
        date(2025, 2, 10),
        date(2025, 2, 12),
        date(2025, 2, 26),
        None,
    ]
    assert cluster.variants == [(QUOTE, 3), (QUOTE + " now", 1)]
    assert cluster.to_dict()["variants"][1] == {"text": QUOTE + " now", "articles": 1}
    assert corpus.quote(10**6) is None and corpus.quote(2**40) is None and corpus.quote(-1) is None


def test_quotes_are_filtered_by_their_words_paged_and_counted(corpus: Corpus) -> None:
    assert corpus.count_quotes() == 1
    assert corpus.count_quotes(containing="TROOPS war") == 1
    assert corpus.count_quotes(containing="troops peace") == 0
    assert corpus.quotes(containing="100%_") == []
    assert corpus.quotes(offset=1) == []


def test_an_article_links_its_statements_quotes_and_speakers_to_the_corpus(
    corpus: Corpus,
) -> None:
    statement = corpus.search("troops", site="AP")[0]
    links = corpus.article_links(statement.article_id)
    assert links is not None
    assert links.statements["a0"] == statement.id
    assert links.clusters == {"a0": statement.cluster_id}
    assert links.speakers["h"] == statement.speaker_id
    assert links.published == date(2025, 2, 26)
    assert corpus.article_links("0" * 16) is None


def test_a_statement_carries_the_roles_its_own_article_gives_its_speaker(corpus: Corpus) -> None:
    statement = corpus.search("troops", limit=1)[0]
    assert statement.titles == ["Defence Secretary"]
    assert statement.affiliations == ["United Kingdom"]
