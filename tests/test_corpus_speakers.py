"""Who the corpus lists as speakers: those who said something (people only mentioned on
request, common nouns never), one speaker for every spelling of a name, and statements
filtered by the extractor's confidence. Articles are written by hand (`corpus_articles`) so
each behaviour is tested apart from the analysis; the last tests go through the analysis."""

from __future__ import annotations

import io
from datetime import date
import json

import pytest
from corpus_articles import article

from onrecord.corpus import Corpus
from onrecord.corpus.speakers import SpeakerSummary, add_roles
from onrecord.pipeline import analyze

HOSPITAL = article(
    "Healey said Russia remains a threat. He spoke at Walter Reed, photographed by Ann Lee.",
    {
        "healey": ("John Healey", "person", ["Defence Secretary"], ["United Kingdom"]),
        "reed": ("Walter Reed", "person", [], []),
        "lee": ("Ann Lee", "person", [], []),
    },
    [("indirect", "Russia remains a threat", "healey")],
    site="Reuters",
    published="2025-02-13",
    origin="reuters/hospital.txt",
)
NOBODY_IN_PARTICULAR = article(
    "Many people said the bridge was unsafe. The data show prices rose. Reports said Healey "
    "would resign. A spokeswoman said talks continued.",
    {
        "people": ("people", "group", [], []),
        "data": ("data", "group", [], []),
        "reports": ("Reports", "group", [], []),
        "spokeswoman": ("spokeswoman", "unnamed", ["spokeswoman"], []),
    },
    [
        ("indirect", "the bridge was unsafe", "people"),
        ("indirect", "prices rose", "data"),
        ("indirect", "Healey would resign", "reports"),
        ("indirect", "talks continued", "spokeswoman"),
    ],
    site="AP",
    published="2025-02-14",
    origin="ap/nobody.txt",
)


def _said(name: str, type: str, statement: str, site: str, day: str, **roles: list[str]) -> object:
    """An article of one sentence: `name` said `statement`."""
    return article(
        f"{name} said {statement}.",
        {"s": (name, type, roles.get("titles", []), roles.get("affiliations", []))},
        [("indirect", statement, "s")],
        site=site,
        published=day,
        origin=f"{site}/{day}.txt",
    )


def _zelensky(spelling: str, statement: str, site: str, day: str) -> object:
    return _said(
        spelling, "person", statement, site, day, titles=["President"], affiliations=["Ukraine"]
    )


ZELENSKY = [
    _zelensky("Volodymyr Zelenskiy", "Ukraine needs air defence", "Reuters", "2025-02-10"),
    _zelensky("Volodymyr Zelensky", "talks with Trump went well", "AP", "2025-02-11"),
    _zelensky("Zelenskyy", "Europe must be at the table", "Kyiv Independent", "2025-02-12"),
]


CONFIDENCES = article(
    "Hegseth said NATO membership is unrealistic. Hegseth suggested Kyiv temper expectations. "
    "Healey said Russia is a threat.",
    {
        "hegseth": ("Pete Hegseth", "person", [], ["United States"]),
        "healey": ("John Healey", "person", [], ["United Kingdom"]),
    },
    [
        ("indirect", "NATO membership is unrealistic", "hegseth", 0.9),
        ("indirect", "Kyiv temper expectations", "hegseth", 0.4),
        ("indirect", "Russia is a threat", "healey", 0.3),
    ],
    site="Newsweek",
    published="2025-02-13",
    origin="newsweek/confidence.txt",
)


@pytest.fixture
def corpus(db_url: str) -> Corpus:
    with Corpus(db_url) as store:
        yield store


def test_only_speakers_of_a_statement_are_listed(corpus):
    corpus.ingest([HOSPITAL])
    assert [(s.name, s.statements) for s in corpus.speakers()] == [("John Healey", 1)]


def test_people_only_mentioned_are_listed_on_request_last_and_marked(corpus):
    corpus.ingest([HOSPITAL])
    listed = corpus.speakers(mentioned=True)
    assert [(s.name, s.mentioned_only) for s in listed] == [
        ("John Healey", False),
        ("Walter Reed", True),
        ("Ann Lee", True),
    ]
    assert listed[1].to_dict()["mentioned_only"] is True


def test_people_only_mentioned_are_kept_with_their_mentions(corpus):
    corpus.ingest([HOSPITAL])
    stored = {s.name: [m.text for m in s.mentions] for s in corpus.article(HOSPITAL.id).speakers}
    assert stored["Walter Reed"] == ["Reed"]


def test_a_person_only_mentioned_has_no_statements_to_show(corpus):
    corpus.ingest([HOSPITAL])
    assert corpus.speaker("Walter Reed") == []


def test_common_nouns_and_unnamed_sources_are_not_speakers_but_what_they_said_is_kept(corpus):
    corpus.ingest([NOBODY_IN_PARTICULAR])
    assert corpus.speakers(mentioned=True) == []
    found = {s.content: (s.speaker, s.speaker_id) for s in corpus.search()}
    assert found["the bridge was unsafe"] == ("people", None)
    assert found["talks continued"] == ("spokeswoman", None)


def test_common_nouns_in_two_articles_are_not_merged_into_one_speaker(corpus):
    again = article(
        "Many people said the road was closed.",
        {"people": ("people", "group", [], [])},
        [("indirect", "the road was closed", "people")],
        origin="ap/road.txt",
    )
    corpus.ingest([NOBODY_IN_PARTICULAR, again])
    assert corpus.speakers("people", mentioned=True) == []


def test_spellings_of_one_name_across_articles_are_one_speaker(corpus):
    corpus.ingest(ZELENSKY)
    (zelensky,) = corpus.speakers("Volodymyr")
    assert (zelensky.statements, zelensky.articles) == (3, 3)
    assert len(corpus.search(speaker="Zelenskyy")) == 3


def test_the_same_surname_with_another_given_name_is_another_person(corpus):
    brother = _zelensky("Oleksandr Zelenskiy", "the harvest was good", "AP", "2025-02-15")
    corpus.ingest([*ZELENSKY[:2], brother])
    assert {s.name: s.statements for s in corpus.speakers("Zelenskiy")} == {
        "Volodymyr Zelenskiy": 2,
        "Oleksandr Zelenskiy": 1,
    }


def test_one_name_typed_a_person_and_a_body_is_one_speaker_of_the_type_most_give_it(corpus):
    corpus.ingest(
        [
            _said("Reuters", "person", "prices rose", "BBC", "2025-01-01"),
            _said("Reuters", "organization", "prices fell", "BBC", "2025-01-02"),
            _said("Reuters", "organization", "prices held", "BBC", "2025-01-03"),
        ]
    )
    (reuters,) = corpus.speakers("Reuters")
    assert (reuters.type, reuters.statements) == ("organization", 3)


def test_every_statement_carries_its_confidence(corpus):
    corpus.ingest([CONFIDENCES])
    assert sorted(s.confidence for s in corpus.search()) == [0.3, 0.4, 0.9]
    assert corpus.search()[0].to_dict()["confidence"] in (0.3, 0.4, 0.9)


def test_search_leaves_out_statements_below_the_minimum_confidence(corpus):
    corpus.ingest([CONFIDENCES])
    assert [s.content for s in corpus.search(min_confidence=0.5)] == [
        "NATO membership is unrealistic"
    ]
    assert len(corpus.search("Kyiv", min_confidence=0.4)) == 1


def test_a_speakers_statements_honour_the_minimum_confidence(corpus):
    corpus.ingest([CONFIDENCES])
    summary, statements = corpus.speaker("Pete Hegseth", min_confidence=0.5)
    assert summary.statements == len(statements) == 1


def test_export_leaves_out_attributions_below_the_minimum_confidence_and_their_counts(corpus):
    corpus.ingest([CONFIDENCES])
    written = {}
    for table in ("attributions", "articles", "speakers"):
        lines = io.StringIO()
        corpus.export(table, "jsonl", lines, min_confidence=0.5)
        written[table] = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert [a["content"] for a in written["attributions"]] == ["NATO membership is unrealistic"]
    assert [a["attributions"] for a in written["articles"]] == [1]
    assert [(s["name"], s["statements"]) for s in written["speakers"]] == [("Pete Hegseth", 1)]


def test_analysed_articles_list_their_quoted_people_and_not_the_common_nouns(tmp_path):
    texts = [
        "Many people said the bridge was unsafe.\n"
        "Reports said the minister would resign.\n"
        "President Volodymyr Zelenskiy said Ukraine needed more air defence.\n"
        "The photographer Walter Reed took the picture.\n",
        "“We will not give up,” President Volodymyr Zelensky told reporters in Kyiv.\n",
    ]
    with Corpus(str(tmp_path / "store.db")) as corpus:
        corpus.ingest([analyze(text, origin=f"story{i}.txt") for i, text in enumerate(texts)])
        listed = {s.name: s.statements for s in corpus.speakers()}
        everyone = {s.name for s in corpus.speakers(mentioned=True)}
    assert listed == {"Volodymyr Zelenskiy": 2}
    assert "people" not in everyone and "reports" not in everyone


def test_a_speakers_roles_are_listed_alike_whatever_order_the_store_gives_them():
    seen = date(2016, 6, 9)
    rows = [
        (1, "title", "Senator supporters", seen, seen, 1),
        (1, "title", "supporters of Sen.", seen, seen, 1),
        (1, "affiliation", "France", seen, seen, 2),
        (1, "affiliation", "French", seen, seen, 2),
    ]
    listed = []
    for order in (rows, rows[::-1]):
        summary = SpeakerSummary(1, "Bernie Sanders", "person")
        add_roles(order, {1: summary})
        listed.append(([r.value for r in summary.titles], [r.value for r in summary.affiliations]))
    assert (
        listed[0]
        == listed[1]
        == (["Senator supporters", "supporters of Sen."], ["France", "French"])
    )
