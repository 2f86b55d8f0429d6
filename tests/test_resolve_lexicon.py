"""The tables behind speaker resolution: places, demonyms, seats of power and titles."""

from __future__ import annotations

import pytest

from onrecord import nlp
from onrecord.resolve import metonyms, titles


@pytest.mark.parametrize(
    ("form", "country"),
    [
        ("U.K.", "United Kingdom"),
        ("Britain", "United Kingdom"),
        ("U.S.", "United States"),
        ("America", "United States"),
        ("the Netherlands", "Netherlands"),
        ("Czechia", "Czech Republic"),
    ],
)
def test_names_and_aliases_give_the_canonical_country(form: str, country: str) -> None:
    assert metonyms.country(form) == country


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Swedish", "Sweden"),
        ("British", "United Kingdom"),
        ("American", "United States"),
        ("Americans", "United States"),
        ("Estonian", "Estonia"),
        ("Ukrainian", "Ukraine"),
    ],
)
def test_demonyms_singular_or_plural_give_the_country(word: str, country: str) -> None:
    assert metonyms.demonym(word) == country


def test_lower_case_words_are_not_places() -> None:
    assert metonyms.affiliation("us") is None
    assert metonyms.affiliation("swedish") is None


def test_every_country_has_a_capital_or_seat_standing_for_it() -> None:
    table = metonyms.places()
    governed = {body for bodies in table.seats.values() for body in bodies}
    without = {name for name in table.forms if name not in governed}
    # city-states and micro-states whose capital shares the country's name
    assert without <= {
        "Djibouti", "Grenada", "Luxembourg", "Monaco", "San Marino", "Seychelles",
        "Singapore", "Antigua and Barbuda", "Dominican Republic", "Hong Kong",
        "São Tomé and Príncipe", "England",
    }  # fmt: skip
    assert len(table.forms) > 190


def test_seat_shared_by_two_bodies_goes_to_the_one_the_article_names() -> None:
    assert metonyms.seat("Brussels", "Brussels said the EU would act.") == "European Union"
    assert metonyms.seat("Brussels", "Belgium's cabinet met. Brussels said no.") == "Belgium"


def test_a_seat_named_only_as_a_location_does_not_count_for_its_country() -> None:
    text = "BRUSSELS — Brussels, Belgium hosted talks. The E.U. said Brussels would decide."
    assert metonyms.seat("Brussels", text) == "European Union"


def test_spelling_variants_of_a_title_normalise_alike() -> None:
    assert titles.normalize("Defence Secretary") == titles.normalize("defense secretary")
    assert titles.normalize("Secretary-General") == titles.normalize("secretary general")


def test_an_office_of_a_portfolio_also_reads_portfolio_first() -> None:
    assert titles.variants("Secretary of Defense") == ["Secretary of Defense", "Defense Secretary"]
    assert titles.variants("Minister for Foreign Affairs") == [
        "Minister for Foreign Affairs",
        "Foreign Affairs Minister",
    ]
    assert titles.variants("President") == ["President"]


def test_heads_of_state_and_government_are_leaders() -> None:
    assert titles.is_leader_title("Prime Minister")
    assert titles.is_leader_title("President")
    assert not titles.is_leader_title("Defense Minister")


@pytest.mark.parametrize(
    ("phrase", "office", "bodies"),
    [
        ("U.K. Defense Secretary", ["Defense Secretary"], ["United Kingdom", "U.K."]),
        ("White House press secretary", ["press secretary"], ["United States", "White House"]),
        ("Apple CEO", ["CEO"], ["Apple"]),
        ("Kremlin spokesman", ["spokesman"], ["Russia", "Kremlin"]),
        ("Sen.", ["Sen.", "Senator"], []),
        (
            "Washington State Department of Health spokeswoman",
            ["spokeswoman"],
            ["Washington State Department of Health"],
        ),
        ("Hungarian-American investor", ["investor"], []),
    ],
)
def test_premodifiers_split_into_office_and_affiliation(
    phrase: str, office: list[str], bodies: list[str]
) -> None:
    doc = nlp.load()(f"{phrase} Jane Roe spoke.")
    words = list(doc[: len(nlp.load().make_doc(phrase))])
    found = titles.premodifiers(words)
    assert (found.titles, found.affiliations) == (office, bodies)


def test_a_gendered_honorific_or_title_makes_gender_evident() -> None:
    doc = nlp.load()("Ms. Roe and the spokesman")
    assert titles.honorific_gender(doc[0]) == "f"
    assert titles.gender_of("spokesman") == "m"
    assert titles.gender_of("Defense Secretary") is None
