"""Writing to a store: opening one made by an older version, and several processes ingesting
into one store at once."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from datetime import date

import pytest
from conftest import PG_URL_VARIABLE
from corpus_articles import article
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError

from onrecord.corpus import Corpus, ingest
from onrecord.corpus.clusters import shingles
from onrecord.corpus.store import QUOTE_SHINGLES, database_url, migrate, scratch_database


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A store nothing has opened yet: a new SQLite file or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "new.db")
        return
    server = os.environ.get(PG_URL_VARIABLE)
    if not server:
        pytest.skip(f"PostgreSQL tests need {PG_URL_VARIABLE}")
    with scratch_database(server, "new") as url:
        yield url


def test_a_store_of_the_first_schema_is_migrated_when_opened(new_store):
    """A store at the first schema is migrated: its statements searchable, the dates its
    articles give kept, and the ingest day it used for those that give none dropped."""
    engine = create_engine(database_url(new_store))
    migrate(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, text, published, dated, ingested_at, authors,"
                " captions) VALUES ('a1', 'x', NULL, '2025-01-02', '2025-01-02', '[]', '[]'),"
                " ('a2', 'y', '2024-12-31T09:00Z', '2024-12-31', '2025-01-02', '[]', '[]')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO attributions (article_id, position, local_id, kind, content,"
                " confidence) VALUES ('a1', 0, 'a0', 'direct', 'Sanctions were working', 1.0),"
                " ('a2', 0, 'a0', 'direct', 'Sanctions work', 1.0)"
            )
        )
    engine.dispose()
    with Corpus(new_store) as corpus:
        found = {s.content: s.date for s in corpus.search("work")}
        assert found == {"Sanctions work": date(2024, 12, 31), "Sanctions were working": None}
        assert [s.content for s in corpus.search('"were working" sanction')] == [
            "Sanctions were working"
        ]


def test_statements_from_before_and_after_migration_0010_are_found_until_deleted(new_store):
    """On SQLite new statements are indexed by their writer since 0010, where a trigger did:
    those indexed either way are found, and no longer once their article is replaced."""
    engine = create_engine(database_url(new_store))
    migrate(engine, "0009")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, location, text, dated, ingested_at, authors, captions)"
                " VALUES ('a1', 'old', 'x', '2025-01-02', '2025-01-02', '[]', '[]')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO attributions (article_id, position, local_id, kind, content,"
                " search_text, confidence) VALUES ('a1', 0, 'a0', 'direct', 'Tariffs work',"
                " 'tariff work', 1.0)"
            )
        )
    engine.dispose()
    said = {"s1": ("Ann Lee", "person", [], [])}
    with Corpus(new_store) as corpus:
        # the second version of the article replaces the first, and its statement with it
        for claim in ("tariffs hurt", "tariffs failed"):
            lee = article(f"Lee said {claim}.", said, [("indirect", claim, "s1")], origin="new")
            corpus.ingest([lee])
            assert sorted(s.content for s in corpus.search("tariffs")) == ["Tariffs work", claim]
        if corpus.engine.dialect.name == "sqlite":
            # the index holds what the rows say, each once (rank 1: checked against the rows)
            with corpus.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO attributions_fts(attributions_fts, rank)"
                        " VALUES ('integrity-check', 1)"
                    )
                )


def test_a_store_from_before_dated_statements_lists_a_speakers_in_date_order(new_store):
    """Migration 0011 gives each stored statement its article's date, by which a speaker's
    statements are read in order: oldest first, undated last."""
    engine = create_engine(database_url(new_store))
    migrate(engine, "0010")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, text, published_date, dated, ingested_at, authors,"
                " captions) VALUES (:id, 'x', :day, '2025-01-02', '2025-01-02', '[]', '[]')"
            ),
            [
                {"id": "a1", "day": date(2025, 3, 1)},
                {"id": "a2", "day": None},
                {"id": "a3", "day": date(2025, 2, 13)},
            ],
        )
        connection.execute(
            text(
                "INSERT INTO speakers (id, name, type, statements, articles)"
                " VALUES (1, 'John Healey', 'person', 3, 3)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO attributions (article_id, position, local_id, kind, content,"
                " confidence, speaker_id) VALUES (:id, 0, 'a0', 'indirect', :said, 1.0, 1)"
            ),
            [{"id": key, "said": f"said in {key}"} for key in ("a1", "a2", "a3")],
        )
    engine.dispose()
    with Corpus(new_store) as corpus:
        _, statements = corpus.speaker(1)  # by id: the store holds no words of its name
    assert [(s.content, s.date) for s in statements] == [
        ("said in a3", date(2025, 2, 13)),
        ("said in a1", date(2025, 3, 1)),
        ("said in a2", None),
    ]
    # and the planner knows the dates and the index that reads them in order
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            known = "SELECT count(*) FROM sqlite_stat1 WHERE idx = 'ix_attributions_speaker_day'"
        else:
            known = (
                "SELECT count(*) FROM pg_stats"
                " WHERE tablename = 'attributions' AND attname = 'published_date'"
            )
        assert connection.execute(text(known)).scalar() == 1


def test_a_store_from_before_kept_outlets_lists_a_speakers_outlets_by_statements(new_store):
    """Migration 0012 counts each speaker's statements per outlet, which a speaker page lists:
    an outlet by its name and domain, by its domain alone, or by its file."""
    engine = create_engine(database_url(new_store))
    migrate(engine, "0011")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, location, text, site, domain, dated, ingested_at,"
                " authors, captions) VALUES (:id, :location, 'x', :site, :domain,"
                " '2025-01-02', '2025-01-02', '[]', '[]')"
            ),
            [
                {"id": "a1", "location": "r1", "site": "Reuters", "domain": "reuters.com"},
                {"id": "a2", "location": "p1", "site": None, "domain": "apnews.com"},
                {"id": "a3", "location": "r2", "site": "Reuters", "domain": "reuters.com"},
                {"id": "a4", "location": "saved/x.txt", "site": None, "domain": None},
            ],
        )
        connection.execute(
            text(
                "INSERT INTO speakers (id, name, type, statements, articles)"
                " VALUES (1, 'John Healey', 'person', 5, 4)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO attributions (article_id, position, local_id, kind, content,"
                " confidence, speaker_id) VALUES (:id, :n, :local, 'indirect', 'said', 1.0, :by)"
            ),
            [
                {"id": article, "n": n, "local": f"a{n}", "by": by}
                for article, n, by in [
                    ("a1", 0, 1),
                    ("a1", 1, 1),
                    ("a1", 2, None),
                    ("a2", 0, 1),
                    ("a3", 0, 1),
                    ("a4", 0, 1),
                ]
            ],
        )
    engine.dispose()
    with Corpus(new_store) as corpus:
        profile = corpus.speaker_profile(1)
    assert profile is not None
    assert [(c.key, c.label, c.count) for c in profile.outlets] == [
        ("Reuters", "Reuters (reuters.com)", 3),
        ("apnews.com", "apnews.com", 1),
        (None, "x.txt", 1),
    ]


def test_a_store_before_outlet_domains_gets_them_and_loses_names_that_are_none(new_store):
    """Stored outlets are given their domain, so they are found by it; a stored name that is
    a URL or a subdomain word gives way to the domain; a name without a URL stays."""
    engine = create_engine(database_url(new_store))
    migrate(engine, "0003")
    stored = [
        ("a1", "https://edition.cnn.com/x", None, "CNN"),
        ("a2", None, "https://hosted.ap.org/citizensvoice/article/1", "Hosted"),
        ("a3", "https://www.hawaiinewsnow.com/story/1", None, "https://www.hawaiinewsnow.com"),
        ("a4", None, None, "nyt"),
        ("a5", None, None, None),
    ]
    with engine.begin() as connection:
        for key, url, canonical, site in stored:
            connection.execute(
                text(
                    "INSERT INTO articles (id, url, canonical_url, site, text, dated,"
                    " ingested_at, authors, captions) VALUES (:key, :url, :canonical, :site,"
                    " 'x', '2025-01-02', '2025-01-02', '[]', '[]')"
                ),
                {"key": key, "url": url, "canonical": canonical, "site": site},
            )
    engine.dispose()
    with Corpus(new_store) as corpus, corpus.engine.connect() as connection:
        outlets = connection.execute(text("SELECT id, site, domain FROM articles ORDER BY id"))
        assert outlets.all() == [
            ("a1", "CNN", "cnn.com"),
            ("a2", "ap.org", "ap.org"),
            ("a3", "hawaiinewsnow.com", "hawaiinewsnow.com"),
            ("a4", "nyt", None),
            ("a5", None, None),
        ]


PEOPLE = {
    "jb": ("Jeb Bush", "person", ["former governor"], ["Florida"]),
    "dt": ("Donald Trump", "person", ["candidate"], ["Republican Party"]),
    "hc": ("Hillary Clinton", "person", ["nominee"], ["Democratic Party"]),
    "nr": ("NATO", "organization", [], []),
}


def _articles() -> list:
    """Twelve articles quoting the same speakers, so that concurrent writers race to create
    each of them in the corpus; two share a quote, so that they race for its cluster too."""
    found = []
    for i in range(12):
        first, second = list(PEOPLE)[i % 4], list(PEOPLE)[(i + 1) % 4]
        said = [
            f"plan {i} would work",
            "we will not let this country be divided by fear and anger"
            if i in (3, 9)
            else f"x {i}",
        ]
        body = f"{PEOPLE[first][0]} said {said[0]}. {PEOPLE[second][0]} said {said[1]} on day {i}."
        found.append(
            article(
                body,
                {first: PEOPLE[first], second: PEOPLE[second]},
                [
                    ("indirect", said[0], first),
                    ("direct" if i in (3, 9) else "indirect", said[1], second),
                ],
                site="Wire",
                published=f"2016-03-{i + 1:02d}",
                origin=f"wire/{i}.txt",
            )
        )
    return found


def _writer(url: str, articles: list, start: multiprocessing.synchronize.Barrier, results) -> None:
    """Ingest `articles` once every writer is ready; put what came of them, or the error."""
    start.wait()
    try:
        with Corpus(url) as corpus:
            report = corpus.ingest(articles)
    except Exception as error:  # the test shows what stopped a writer
        results.put((0, 0, [("writer", repr(error))]))
        raise
    results.put((len(report.ingested), len(report.skipped), report.failed))


def _ingest_concurrently(url: str, shares: list[list]) -> list[tuple[int, int, list]]:
    """Each share ingested by a process of its own, all starting at once (a new store is
    created by whichever comes first)."""
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(len(shares)), context.Queue()
    writers = [
        context.Process(target=_writer, args=(url, share, start, results)) for share in shares
    ]
    for writer in writers:
        writer.start()
    outcomes = [results.get(timeout=120) for _ in writers]
    for writer in writers:
        writer.join(timeout=30)
    return outcomes


def _speakers(corpus: Corpus) -> list[tuple[str, int, int]]:
    listed = corpus.speakers(mentioned=True)
    return sorted((s.name, s.statements, s.articles) for s in listed)


@pytest.mark.parametrize("writers", [2, 4])
@pytest.mark.parametrize("split", [False, True], ids=["same articles", "disjoint shares"])
def test_concurrent_writers_store_every_article_once_with_the_speakers_of_one_run(
    new_store, tmp_path, writers, split
):
    """Writers of the same articles open a new store together (racing to create it too);
    writers of disjoint shares open one made before, so that they race only to create the
    speakers and quote clusters their articles share."""
    articles = _articles()
    shares = [articles[i::writers] if split else articles for i in range(writers)]
    if split:
        Corpus(new_store).close()
    outcomes = _ingest_concurrently(new_store, shares)
    assert [failed for _, _, failed in outcomes] == [[]] * writers
    assert sum(ingested for ingested, _, _ in outcomes) == len(articles)
    assert sum(skipped for _, skipped, _ in outcomes) == (0 if split else (writers - 1) * 12)
    with Corpus(str(tmp_path / "one-run.db")) as alone:
        alone.ingest(articles)
        expected = _speakers(alone)
        expected_quotes = [(q.text, len(q.appearances)) for q in alone.quotes()]
    assert expected_quotes == [("we will not let this country be divided by fear and anger", 2)]
    with Corpus(new_store) as corpus:
        assert len(corpus) == len(articles)
        assert _speakers(corpus) == expected
        assert [(q.text, len(q.appearances)) for q in corpus.quotes()] == expected_quotes
    assert [name for name, _, _ in expected] == [
        "Donald Trump",
        "Hillary Clinton",
        "Jeb Bush",
        "NATO",
    ]


def test_a_store_of_the_publication_date_schema_gets_its_counts_when_opened(new_store):
    """Migration 0005 counts what the store now keeps counted, makes speakers findable by the
    words of their names, and gives each cluster its first quote's shingles only (a cluster
    of earlier versions held every version's)."""
    slogan = "We are going to make America great again"
    engine = create_engine(database_url(new_store))
    migrate(engine, "0003")
    with engine.begin() as connection:
        for statement, rows in (
            (
                "INSERT INTO articles (id, text, published, published_date, dated, ingested_at,"
                " authors, captions) VALUES (:id, 'x', :day, :date, :date, :date, '[]', '[]')",
                [
                    {"id": article, "day": day.isoformat(), "date": day}
                    for article, day in (("a1", date(2016, 5, 1)), ("a2", date(2016, 6, 1)))
                ],
            ),
            (
                "INSERT INTO speakers (id, name, type, given, surname)"
                " VALUES (1, 'Donald Trump', 'person', 'donald', 'trump')",
                [{}],
            ),
            ("INSERT INTO speaker_aliases (speaker_id, alias) VALUES (1, 'donald trump')", [{}]),
            (
                "INSERT INTO article_speakers (article_id, position, local_id, speaker_id, name,"
                " type, titles, affiliations) VALUES (:id, 0, 's', 1, 'Trump', 'person', '[]',"
                " '[]')",
                [{"id": "a1"}, {"id": "a2"}],
            ),
            (
                "INSERT INTO speaker_roles (speaker_id, article_id, kind, value, seen)"
                " VALUES (1, :id, 'title', 'candidate', :day)",
                [{"id": "a1", "day": date(2016, 5, 1)}, {"id": "a2", "day": date(2016, 6, 1)}],
            ),
            (
                "INSERT INTO quote_clusters (id, text, shingle_count) VALUES (1, :text, 5)",
                [{"text": slogan}],
            ),
            (
                "INSERT INTO quote_shingles (cluster_id, shingle) VALUES (1, :shingle)",
                [{"shingle": s} for s in shingles(slogan) | shingles("at the end of the day")],
            ),
            (
                "INSERT INTO attributions (article_id, position, local_id, kind, content,"
                " confidence, speaker_id, cluster_id) VALUES (:id, 0, 'a0', 'direct', :text,"
                " 1.0, 1, 1)",
                [{"id": "a1", "text": slogan}, {"id": "a2", "text": slogan}],
            ),
        ):
            connection.execute(text(statement), rows)
    engine.dispose()
    with Corpus(new_store) as corpus:
        (trump,) = corpus.speakers("trump")
        assert (trump.statements, trump.articles) == (2, 2)
        assert (trump.first_seen, trump.last_seen) == (date(2016, 5, 1), date(2016, 6, 1))
        assert [(role.value, role.first_seen) for role in trump.titles] == [
            ("candidate", date(2016, 5, 1))
        ]
        (quote,) = corpus.quotes()
        assert (quote.text, len(quote.appearances)) == (slogan, 2)
        with corpus.engine.connect() as connection:
            held = set(connection.scalars(select(QUOTE_SHINGLES.c.shingle)))
        assert held == shingles(slogan)


def test_a_store_from_before_pairs_counted_quotes_gets_them_counted_when_opened(new_store):
    """Migration 0007 counts, for each pair of speakers named in the same articles, the
    articles quoting both: Trump and Clinton quoted together, Sanders only named beside them."""
    engine = create_engine(database_url(new_store))
    migrate(engine, "0006")
    names = {1: "Donald Trump", 2: "Hillary Clinton", 3: "Bernie Sanders"}
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, text, dated, ingested_at, authors, captions)"
                " VALUES ('a1', 'x', :day, :day, '[]', '[]')"
            ),
            {"day": date(2016, 5, 1)},
        )
        connection.execute(
            text("INSERT INTO speakers (id, name, type) VALUES (:id, :name, 'person')"),
            [{"id": key, "name": name} for key, name in names.items()],
        )
        connection.execute(
            text(
                "INSERT INTO attributions (article_id, position, local_id, kind, content,"
                " confidence, speaker_id) VALUES ('a1', :n, :local, 'direct', 'x', 1.0, :id)"
            ),
            [{"n": n, "local": f"a{n}", "id": key} for n, key in enumerate([1, 2, 1])],
        )
        connection.execute(
            text("INSERT INTO speaker_pairs (speaker_id, other_id, articles) VALUES (:a, :b, 1)"),
            [{"a": a, "b": b} for a in names for b in names if a != b],
        )
    engine.dispose()
    with Corpus(new_store) as corpus:
        trump = corpus.speaker_profile(1)
        sanders = corpus.speaker_profile(3)
    assert trump is not None and sanders is not None
    assert [(c.label, c.count) for c in trump.co_quoted] == [("Hillary Clinton", 1)]
    assert sanders.co_quoted == []


def test_a_store_from_before_role_keys_gets_them_when_opened_and_links_by_them(new_store):
    """Migration 0009 gives each kept role its comparable form: "U.K." and "United Kingdom"
    are one key, and a bare "Healey" of the United Kingdom is then the John Healey stored
    with "U.K.", not his namesake of Canada."""
    engine = create_engine(database_url(new_store))
    migrate(engine, "0008")
    people = {1: ("John Healey", "John", "U.K."), 2: ("Jane Healey", "Jane", "Canada")}
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO speakers (id, name, type, given, surname, statements, articles)"
                " VALUES (:id, :name, 'person', :given, 'healey', 3, 3)"
            ),
            [{"id": key, "name": name, "given": given} for key, (name, given, _) in people.items()],
        )
        connection.execute(
            text(
                "INSERT INTO speaker_role_totals (speaker_id, kind, value, uses)"
                " VALUES (:id, 'affiliation', :value, 3)"
            ),
            [{"id": key, "value": where} for key, (_, _, where) in people.items()]
            + [{"id": 1, "value": "United Kingdom"}],
        )
    engine.dispose()
    given = article(
        "Healey said Russia remains a threat.",
        {"h": ("Healey", "person", [], ["United Kingdom"])},
        [("indirect", "Russia remains a threat", "h")],
        origin="bare.txt",
    )
    with Corpus(new_store) as corpus:
        with corpus.engine.connect() as connection:
            found = connection.execute(text("SELECT value, key FROM speaker_role_totals"))
            keys = {value: key for value, key in found}
        corpus.ingest([given])
        (statement,) = corpus.search("threat")
    assert keys["U.K."] == keys["United Kingdom"] != keys["Canada"]
    assert statement.speaker_id == 1


def test_an_article_a_writer_without_the_lock_stored_meanwhile_is_skipped(new_store, monkeypatch):
    """A store written by an older version's writers, which take no lock: the article can be
    stored between our look and our write, and the key refuses ours."""
    given = article("Healey said Russia remains a threat.", {}, [], origin="race.txt")
    with Corpus(new_store) as corpus:
        corpus.ingest([given])

        def refused(*arguments: object) -> None:
            raise IntegrityError("INSERT INTO articles", None, Exception("duplicate key"))

        monkeypatch.setattr(ingest, "_store_article", refused)
        assert ingest.store_article(corpus.engine, given) == "skipped"
