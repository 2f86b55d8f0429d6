"""The corpus store, on SQLite and PostgreSQL, fed with articles analysed by hand so that
each behaviour is tested apart from the analysis stages."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Table, func, select, text

from onrecord.corpus import Corpus, identity, rows
from onrecord.records import Article, Speaker
from corpus_articles import article

from onrecord.corpus.store import (
    SCHEMA_REVISION,
    ARTICLES,
    ATTRIBUTIONS,
    METADATA,
    SPANS,
    latest_revision,
)


HEALEY_QUOTE = "Let’s not forget, Russia remains a threat well beyond Ukraine,"

ORIGINAL = article(
    f"“{HEALEY_QUOTE}” Healey said. Hegseth said NATO membership for Ukraine is unrealistic.",
    {
        "healey": ("U.K. Defence Secretary John Healey", "person", ["Defence Secretary"], ["U.K."]),
        "hegseth": ("Pete Hegseth", "person", ["Defense Secretary"], ["United States"]),
    },
    [
        ("direct", HEALEY_QUOTE, "healey"),
        ("indirect", "NATO membership for Ukraine is unrealistic", "hegseth"),
    ],
    site="Newsweek",
    published="2025-02-13",
    origin="newsweek/nato.txt",
)
REPEAT = article(
    '"Let\'s not forget, Russia remains a threat well beyond Ukraine" said Healey. '
    "The White House said Europe must assume greater responsibility for its security.",
    {
        "healey": ("Healey", "person", ["Defense Secretary"], ["United Kingdom"]),
        "wh": ("the White House", "government", [], []),
    },
    [
        ("direct", "Let's not forget, Russia remains a threat well beyond Ukraine", "healey"),
        ("indirect", "Europe must assume greater responsibility for its security", "wh"),
    ],
    site="The Guardian",
    published="2025-02-14",
    origin="guardian/healey.txt",
)
LATER = article(
    "‘Let’s not forget, Russia remains a threat,’ Healey said again. Washington indicated "
    "that Ukraine should not expect NATO membership.",
    {
        "healey": ("John Healey", "person", [], []),
        "dc": ("Washington", "government", [], []),
    },
    [
        ("direct", "Let’s not forget, Russia remains a threat,", "healey"),
        ("indirect", "Ukraine should not expect NATO membership", "dc"),
    ],
    site="Reuters",
    published="2025-03-01",
    origin="reuters/later.txt",
)
CLINTONS = article(
    "Hillary Clinton said the plan would work. Bill Clinton, the former president, said voters "
    "should give her a chance. Clinton added that she was ready.",
    {
        "hc": ("Hillary Clinton", "person", ["Democratic nominee"], ["Democratic Party"]),
        "bc": ("Bill Clinton", "person", ["former president"], []),
    },
    [
        ("indirect", "the plan would work", "hc"),
        ("indirect", "voters should give her a chance", "bc"),
        ("indirect", "she was ready", "hc"),
    ],
    site="AP",
    published="2016-09-20",
    origin="ap/clintons.txt",
)


@pytest.fixture
def corpus(db_url: str) -> Corpus:
    with Corpus(db_url) as store:
        yield store


def _count(corpus: Corpus, table: Table) -> int:
    with corpus.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table)) or 0


def test_a_stored_article_reads_back_as_the_same_record(corpus):
    corpus.ingest([ORIGINAL])
    assert corpus.article(ORIGINAL.id) == ORIGINAL


def test_ingesting_the_same_article_again_changes_nothing(corpus):
    first = corpus.ingest([ORIGINAL, REPEAT])
    rows = (_count(corpus, ATTRIBUTIONS), _count(corpus, SPANS))
    again = corpus.ingest([ORIGINAL, REPEAT])
    assert (len(first.ingested), len(again.ingested), len(again.skipped)) == (2, 0, 2)
    assert (_count(corpus, ATTRIBUTIONS), _count(corpus, SPANS)) == rows
    assert len(corpus) == 2


def test_a_changed_version_of_an_article_replaces_the_old_one(corpus):
    corpus.ingest([ORIGINAL])
    changed = article(
        ORIGINAL.text.replace("unrealistic", "not on the table"),
        {"hegseth": ("Pete Hegseth", "person", [], [])},
        [("indirect", "NATO membership for Ukraine is not on the table", "hegseth")],
        site="Newsweek",
        published="2025-02-13",
        origin=ORIGINAL.origin,
    )
    report = corpus.ingest([changed])
    assert report.replaced == [ORIGINAL.origin]
    assert len(corpus) == 1 and corpus.article(ORIGINAL.id) is None
    assert [s.content for s in corpus.search("NATO")] == [
        "NATO membership for Ukraine is not on the table"
    ]
    assert [s.name for s in corpus.speakers()] == ["Pete Hegseth"]  # Healey went with the old text


COUNCIL_PAGE = (Path(__file__).parent / "data" / "html" / "council.html").read_text("utf-8")


def test_pages_sharing_a_canonical_link_are_different_articles_and_a_rerun_skips_them(
    corpus, tmp_path
):
    pages = tmp_path / "pages"
    pages.mkdir()
    shared = '<link rel="canonical" href="https://gazette.example/">'
    for name, vote in (("a", "7 to 2"), ("b", "5 to 4"), ("c", "6 to 3")):
        page = COUNCIL_PAGE.replace(
            '<link rel="canonical" href="/news/2024/03/council-bridge">', shared
        )
        (pages / f"{name}.html").write_text(page.replace("7 to 2", vote), encoding="utf-8")
    first = corpus.ingest([str(pages)])
    assert (len(first.ingested), first.replaced, first.failed) == (3, [], [])
    with corpus.engine.connect() as connection:
        stored = connection.execute(select(ARTICLES.c.location, ARTICLES.c.canonical_url)).all()
    assert sorted(stored) == [
        (str(pages / f"{name}.html"), "https://gazette.example/") for name in "abc"
    ]
    again = corpus.ingest([str(pages)])
    assert (again.ingested, again.replaced, len(again.skipped)) == ([], [], 3)
    assert len(corpus) == 3


def test_every_form_of_a_name_across_articles_is_one_speaker(corpus):
    corpus.ingest([ORIGINAL, REPEAT, LATER])
    healey = corpus.speakers("Healey")
    assert [(s.name, s.statements, s.articles) for s in healey] == [("John Healey", 3, 3)]
    assert (healey[0].first_seen, healey[0].last_seen) == (date(2025, 2, 13), date(2025, 3, 1))


def test_titles_and_affiliations_are_kept_with_the_dates_they_were_seen(corpus):
    corpus.ingest([ORIGINAL, REPEAT, LATER])
    (healey,) = corpus.speakers("Healey")
    assert [(r.value, r.first_seen, r.last_seen) for r in healey.affiliations] == [
        ("United Kingdom", date(2025, 2, 13), date(2025, 2, 14))
    ]
    assert {r.value for r in healey.titles} <= {"Defence Secretary", "Defense Secretary"}
    assert len(healey.titles) == 1  # two spellings, one title


def test_washington_and_the_white_house_are_one_speaker_the_us_government(corpus):
    corpus.ingest([REPEAT, LATER])
    (government,) = corpus.speakers("United States")
    assert (government.type, government.statements) == ("government", 2)


def test_two_clintons_in_one_article_stay_two_speakers(corpus):
    corpus.ingest([CLINTONS])
    found = {s.name: s.statements for s in corpus.speakers("Clinton")}
    assert found == {"Hillary Clinton": 2, "Bill Clinton": 1}


def test_one_quote_in_several_articles_is_one_cluster_whose_origin_is_the_earliest(corpus):
    corpus.ingest([LATER, REPEAT, ORIGINAL])  # ingested out of order on purpose
    (cluster,) = corpus.quotes(top=5)
    assert [a.outlet for a in cluster.appearances] == ["Newsweek", "The Guardian", "Reuters"]
    assert cluster.origin.date == date(2025, 2, 13)
    assert {a.speaker for a in cluster.appearances} == {"John Healey"}


def test_quotes_reported_once_are_not_listed_as_most_reported(corpus):
    corpus.ingest([ORIGINAL, CLINTONS])
    assert corpus.quotes(top=10) == []


def test_search_finds_statements_by_their_words_with_stemming(corpus):
    corpus.ingest([ORIGINAL, REPEAT, LATER, CLINTONS])
    found = corpus.search("NATO membership")
    assert {s.speaker for s in found} == {"Pete Hegseth", "United States"}
    assert [s.content for s in corpus.search("threats")][:1] != []  # "threat" stems the same
    assert corpus.search("Kremlin") == []


def test_search_filters_by_speaker_kind_date_site_and_affiliation(corpus):
    corpus.ingest([ORIGINAL, REPEAT, LATER, CLINTONS])
    assert {s.site for s in corpus.search("Russia", speaker="Healey")} == {
        "Newsweek",
        "The Guardian",
        "Reuters",
    }
    assert [
        s.site for s in corpus.search("Russia", since=date(2025, 2, 14), until=date(2025, 2, 28))
    ] == ["The Guardian"]
    assert [s.kind for s in corpus.search("NATO", kind="indirect", site="reuters")] == ["indirect"]
    assert [s.speaker for s in corpus.search("NATO", affiliation="United States")] == [
        "Pete Hegseth"
    ]
    assert [s.speaker for s in corpus.search(speaker="Bill Clinton")] == ["Bill Clinton"]


CNN_STORY = article(
    "Disis said Asian markets fell on Monday as trade talks stalled.",
    {"disis": ("Jill Disis", "person", [], [])},
    [("indirect", "Asian markets fell on Monday as trade talks stalled", "disis")],
    site="CNN",
    domain="cnn.com",
    url="https://edition.cnn.com/2019/11/18/investing/asian-markets",
    published="2019-11-18",
)


@pytest.mark.parametrize(
    "site", ["CNN", "cnn", "cnn.com", "edition.cnn.com", "https://www.cnn.com/2019/11/x"]
)
def test_an_outlet_is_found_by_its_name_or_its_domain(corpus, site):
    corpus.ingest([CNN_STORY, ORIGINAL])
    found = corpus.search(site=site)
    assert [(s.site, s.domain, s.outlet) for s in found] == [("CNN", "cnn.com", "CNN (cnn.com)")]
    assert corpus.count(site=site) == 1
    assert [s.name for s in corpus.speakers(site=site)] == ["Jill Disis"]


def test_an_outlet_that_is_not_stored_finds_nothing(corpus):
    corpus.ingest([CNN_STORY, ORIGINAL])
    assert corpus.search(site="nbc.com") == corpus.search(site="C") == []
    assert [s.outlet for s in corpus.search(site="newsweek")] == ["Newsweek"] * 2


@pytest.mark.parametrize("table", ["articles", "attributions", "speakers"])
def test_an_export_can_keep_one_outlet(corpus, table):
    corpus.ingest([CNN_STORY, ORIGINAL, REPEAT])
    stream = io.StringIO()
    assert corpus.export(table, "jsonl", stream, site="cnn.com") == 1
    (row,) = [json.loads(line) for line in stream.getvalue().splitlines()]
    if table == "speakers":
        assert (row["name"], row["statements"]) == ("Jill Disis", 1)
    else:
        assert (row["site"], row["domain"]) == ("CNN", "cnn.com")


def test_search_needs_every_word_in_any_order_and_survives_stray_quotes(corpus):
    corpus.ingest([ORIGINAL])
    assert len(corpus.search('unrealistic NATO "membership')) == 1
    assert corpus.search("NATO Kremlin") == []
    assert corpus.search('"membership for Ukraine"') != []
    assert corpus.search('"Ukraine for membership"') == []


def test_a_speakers_statements_come_in_date_order_and_undated_last(corpus):
    undated = article(
        "Healey said Europe must spend more.",
        {"healey": ("John Healey", "person", [], [])},
        [("indirect", "Europe must spend more", "healey")],
        origin="blog/undated.txt",
    )
    corpus.ingest([undated, LATER, ORIGINAL, REPEAT])
    summary, statements = corpus.speaker("John Healey")
    assert [s.date for s in statements] == [
        date(2025, 2, 13),
        date(2025, 2, 14),
        date(2025, 3, 1),
        None,
    ]
    assert len(statements) == summary.statements == 4


def test_a_speakers_statements_come_a_page_at_a_time_with_the_total(corpus):
    corpus.ingest([LATER, ORIGINAL, REPEAT])
    _, everything = corpus.speaker("John Healey")
    summary, page = corpus.speaker("John Healey", limit=2, offset=1)
    assert page == everything[1:3] and summary.statements == 3


def test_a_name_fitting_several_speakers_returns_them_to_choose_from(corpus):
    corpus.ingest([CLINTONS])
    assert {s.name for s in corpus.speaker("Clinton")} == {"Hillary Clinton", "Bill Clinton"}


@pytest.mark.parametrize("table", ["articles", "attributions", "speakers"])
def test_every_table_exports_the_same_rows_in_every_format(corpus, table, tmp_path):
    corpus.ingest([ORIGINAL, REPEAT])
    lines = io.StringIO()
    cells = io.StringIO()
    count = corpus.export(table, "jsonl", lines)
    corpus.export(table, "csv", cells)
    corpus.export(table, "parquet", tmp_path / "out.parquet")
    records = [json.loads(line) for line in lines.getvalue().splitlines()]
    rows = list(csv.DictReader(io.StringIO(cells.getvalue())))
    columns = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert count == len(records) == len(rows) == len(columns) > 0
    assert [str(r["id"]) for r in records] == [c["id"] for c in rows]
    assert [r["id"] for r in records] == [c["id"] for c in columns]


def test_exported_attributions_carry_offsets_into_the_article_text(corpus):
    corpus.ingest([ORIGINAL])
    lines = io.StringIO()
    corpus.export("attributions", "jsonl", lines)
    first = json.loads(lines.getvalue().splitlines()[0])
    ((start, end),) = first["content_offsets"]
    assert ORIGINAL.text[start:end] == first["content"] == HEALEY_QUOTE


def test_opening_a_store_again_keeps_its_schema_and_content(corpus, db_url):
    corpus.ingest([ORIGINAL])
    with Corpus(db_url) as again, again.engine.connect() as connection:
        revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert revision == latest_revision() == SCHEMA_REVISION
        assert len(again) == 1
        assert connection.scalar(select(func.count()).select_from(ARTICLES)) == 1


# SQLite's indexes on an expression are not reflected: compared by name below
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_the_migrations_build_the_tables_the_code_declares(corpus):
    """A store at the code's revision opens without Alembic (`SCHEMA_REVISION`), so what the
    migrations built must be what `store.py` declares: the same columns and indexes. Apart:
    full-text search, which only the migrations build (SQLite's FTS5 tables, PostgreSQL's
    `search` column and its index), and indexes with a DESC column, which reflect as another
    index of the same name."""
    with corpus.engine.connect() as connection:
        found = compare_metadata(MigrationContext.configure(connection), METADATA)
        postgres = connection.dialect.name == "postgresql"
        indexes = set(
            connection.scalars(
                text(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                    if postgres
                    else "SELECT name FROM sqlite_master WHERE type = 'index'"
                )
            )
        )
    changes = [change for diff in found for change in (diff if isinstance(diff, list) else [diff])]
    named = Counter(getattr(change[-1], "name", None) for change in changes)
    differences = [
        (change[0], getattr(change[-1], "name", None))
        for change in changes
        if not getattr(change[-1], "name", "").startswith("attributions_fts")
        and getattr(change[-1], "name", None) not in {"search", "ix_attributions_search"}
        and not (change[0] in {"add_index", "remove_index"} and named[change[-1].name] == 2)
    ]
    assert differences == []
    declared = {index.name for table in METADATA.tables.values() for index in table.indexes}
    assert declared <= indexes
    assert {name for name in indexes if name.startswith("ix_")} - declared <= {
        "ix_attributions_search"
    }


def test_an_article_without_a_publication_date_is_undated_not_dated_today(corpus):
    undated = article(
        "Healey said Russia remains a threat to every ally.",
        {"healey": ("John Healey", "person", [], [])},
        [("indirect", "Russia remains a threat to every ally", "healey")],
        origin="undated.txt",
    )
    corpus.ingest([undated, ORIGINAL])
    found = {s.article_id: s.date for s in corpus.search("Russia")}
    assert found == {undated.id: None, ORIGINAL.id: date(2025, 2, 13)}
    assert [s.article_id for s in corpus.search("Russia", since=date(2000, 1, 1))] == [ORIGINAL.id]
    newest_first = [s.article_id for s in corpus.search(speaker="Healey")]
    assert newest_first == [ORIGINAL.id, undated.id]  # undated last
    (healey,) = corpus.speakers("Healey")
    assert (healey.first_seen, healey.last_seen) == (date(2025, 2, 13), date(2025, 2, 13))
    lines = io.StringIO()
    corpus.export("articles", "jsonl", lines)
    exported = {a["id"]: a for a in map(json.loads, lines.getvalue().splitlines())}
    assert exported[undated.id]["date"] is None and exported[undated.id]["ingested_at"]


def test_a_nul_character_is_stored_as_a_replacement_character_at_the_same_offset(corpus):
    """PostgreSQL holds no NUL in text; one character for one keeps every offset true."""
    nul = article(
        "Healey said Russia\x00 remains a threat.",
        {"healey": ("Healey", "person", ["Defence\x00 Secretary"], [])},
        [("indirect", "Russia\x00 remains a threat", "healey")],
        origin="nul.txt",
    )
    assert corpus.ingest([nul]).ingested == ["nul.txt"]
    stored = corpus.article(nul.id)
    assert stored.text == nul.text.replace("\x00", "\ufffd")
    (said,) = stored.attributions
    assert (
        stored.text[said.content[0].start : said.content[0].end] == "Russia\ufffd remains a threat"
    )
    assert [s.content for s in corpus.search("Russia remains", speaker="Healey")] == [
        "Russia\ufffd remains a threat"
    ]


def test_a_nul_character_outside_the_text_is_replaced_too(corpus):
    nul = article(
        "Healey said Russia remains a threat.",
        {"healey": ("Healey", "person", ["Defence\x00 Secretary"], [])},
        [("indirect", "Russia remains a threat", "healey")],
        origin="title-nul.txt",
    )
    assert corpus.ingest([nul]).ingested == ["title-nul.txt"]
    (healey,) = corpus.article(nul.id).speakers
    assert healey.titles == ["Defence\ufffd Secretary"]


OBAMAS = [
    article(
        f"{name} said {content}.",
        {"s": (name, "person", titles, [])},
        [("indirect", content, "s")],
        published=f"2016-07-{day}",
        origin=f"obama/{day}.txt",
    )
    for name, titles, content, day in [
        ("Michelle Obama", ["first lady"], "the country was great", 25),
        ("Obama", ["President"], "the economy had recovered", 26),
        ("Barack Obama", ["President"], "Clinton was ready", 27),
    ]
]


@pytest.mark.parametrize("order", [OBAMAS, OBAMAS[::-1]], ids=["michelle first", "barack first"])
def test_a_presidents_bare_surname_is_his_whoever_the_corpus_met_first(corpus, order):
    corpus.ingest(order)
    assert {(s.name, s.statements) for s in corpus.speakers()} == {
        ("Michelle Obama", 1),
        ("Barack Obama", 2),
    }


def test_a_bare_surname_is_the_namesake_stored_beside_the_speakers_around_it(corpus):
    """A bare "Clinton" beside Tim Kaine is the Hillary Clinton an earlier article named
    beside him, not the Bill Clinton quoted more often: the pairs the store keeps are the
    context a surname is read in."""
    people = {"h": ("Hillary Clinton", "person", [], []), "k": ("Tim Kaine", "person", [], [])}
    bill = {"b": ("Bill Clinton", "person", [], [])}
    corpus.ingest(
        [
            article(
                "Hillary Clinton said the race is close. Tim Kaine agreed.",
                people,
                [("indirect", "the race is close", "h")],
                origin="one.txt",
            ),
            article(
                "Bill Clinton said the economy grew. He said jobs came back and wages rose.",
                bill,
                [("indirect", "the economy grew", "b"), ("indirect", "jobs came back", "b")],
                origin="two.txt",
            ),
        ]
    )
    corpus.ingest(
        [
            article(
                "Tim Kaine said the debate went well. Clinton said the polls would tighten.",
                {"k": people["k"], "c": ("Clinton", "person", [], [])},
                [("indirect", "the debate went well", "k"), ("indirect", "the polls", "c")],
                origin="three.txt",
            )
        ]
    )
    (statement,) = corpus.search("polls")
    assert statement.speaker == "Hillary Clinton"


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_an_ingest_adding_a_tenth_of_the_store_leaves_postgresql_vacuumed_a_smaller_one_not(
    corpus,
):
    before = _vacuums(corpus)
    corpus.ingest([_numbered(i) for i in range(11)])  # the whole store: at once
    vacuumed = _vacuums(corpus)
    assert vacuumed > before
    corpus.ingest([_numbered(11)])  # 1 of 12: autovacuum's business
    assert _vacuums(corpus) == vacuumed


def _numbered(number: int) -> Article:
    return article(
        f"Official Number{number} said the count had reached {number}.",
        {"o": (f"Official Number{number}", "person", [], [])},
        [("indirect", f"the count had reached {number}", "o")],
        origin=f"numbered/{number}.txt",
    )


def _vacuums(corpus: Corpus) -> int:
    with corpus.engine.connect() as connection:
        return connection.execute(
            text("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'attributions'")
        ).scalar_one()


NAMESAKES = [
    "Volodymyr Zelensky",
    "Oleksandr Zelensky",
    "Bill Clinton",
    "Hillary Clinton",
    "Chelsea Clinton",
    "John Paul Smith",
    "Anna Smith",
    "Halid Sheikh",
    "Omar Sheikh",
]


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("Wolodymyr Zelenskyj", {"Volodymyr Zelensky"}),
        ("William Clinton", {"Bill Clinton"}),
        ("Clinton", {"Bill Clinton", "Hillary Clinton", "Chelsea Clinton"}),
        ("Paul Smith", {"John Paul Smith"}),
        ("Khalid Sheikh", {"Halid Sheikh"}),
        ("Oleksandr Zelensky", {"Oleksandr Zelensky"}),
    ],
)
def test_the_namesakes_read_for_a_name_are_those_whose_forenames_can_agree(
    corpus, name, candidates
):
    # the store narrows a surname's namesakes by given name before reading them (a famous
    # surname has hundreds): a spelling, a short form, a middle name or no given name
    # must still find them
    corpus.ingest(
        [
            article(
                f"{person} spoke.", {"s": (person, "person", [], [])}, [("indirect", "spoke", "s")]
            )
            for person in NAMESAKES
        ]
    )
    profile = identity.profile_of(Speaker("s", name, "person"), None)
    with corpus.engine.connect() as connection:
        found = identity.stored_speakers(connection, [profile])
    assert {speaker.name for speaker in found.values()} == candidates


@pytest.mark.parametrize("values", [[], ["Guardian"], ["Guardian", "BBC", "Reuters", "nowhere"]])
def test_a_lookup_among_values_finds_what_an_in_list_finds_on_both_stores(corpus, values):
    # on PostgreSQL the values go as one array parameter, whatever their number
    corpus.ingest(
        [article(f"A quiet day at the {site}.", {}, [], site=site) for site in ("Guardian", "BBC")]
    )
    with corpus.engine.connect() as connection:
        found = connection.scalars(
            select(ARTICLES.c.site).where(rows.among(connection, ARTICLES.c.site, values))
        ).all()
        listed = connection.scalars(
            select(ARTICLES.c.site).where(ARTICLES.c.site.in_(values))
        ).all()
    assert sorted(found) == sorted(listed) == sorted(set(values) & {"Guardian", "BBC"})
