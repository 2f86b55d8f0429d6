"""Cross-article speaker identity: how names are read, and which candidate a speaker is."""

from datetime import date

import pytest

from onrecord.corpus.identity import (
    Candidate,
    Profile,
    better_name,
    _forenames_agree,
    choose,
    given_initials,
    is_generic,
    parse_name,
    spelling_key,
    surname_likeness,
)


@pytest.mark.parametrize(
    ("written", "key", "surname"),
    [
        ("U.K. Defence Secretary John Healey", "john healey", "healey"),
        ("Healey’s", "healey", "healey"),
        ("Donald J. Trump", "donald trump", "trump"),
        ("Sen. Ted Cruz", "ted cruz", "cruz"),
        ("Secretary of State John Kerry", "john kerry", "kerry"),
        ("Martin Luther King Jr.", "martin king", "king"),
        ("Chris Van Hollen", "chris van hollen", "van hollen"),
        ("Pål Jonson", "pal jonson", "jonson"),
        ("J.D. Vance", "j.d. vance", "vance"),
    ],
)
def test_a_persons_name_is_read_without_titles_suffixes_or_middle_names(written, key, surname):
    name = parse_name(written)
    assert (name.key, name.surname) == (key, surname)


def test_a_name_with_no_letters_is_read_without_error():
    assert parse_name("—").surname is None


def test_titles_are_dropped_from_the_displayed_name_too():
    assert parse_name("U.S. Defense Secretary Pete Hegseth").display == "Pete Hegseth"


@pytest.mark.parametrize(
    "metonym", ["Washington", "the White House", "U.S.", "the Trump administration"]
)
def test_washington_and_the_white_house_speaking_are_the_us_government(metonym):
    assert parse_name(metonym, "government").display == "United States"


def test_a_person_called_washington_is_not_a_government():
    assert parse_name("Washington", "person").display == "Washington"


def _candidate(id, name, titles=(), affiliations=(), statements=0, comentions=(), last_seen=None):
    return Candidate(
        id,
        parse_name(name),
        "person",
        set(titles),
        set(affiliations),
        set(comentions),
        statements,
        last_seen,
    )


def _profile(name, titles=(), affiliations=(), comentions=(), seen=None):
    return Profile(
        parse_name(name),
        "person",
        frozenset(titles),
        frozenset(affiliations),
        frozenset(comentions),
        seen,
    )


CLINTONS = [
    _candidate(1, "Hillary Clinton", {"democratic nominee"}, {"democratic party"}, statements=40),
    _candidate(2, "Bill Clinton", {"former president"}, {"united states"}, statements=5),
]


def test_a_full_name_joins_the_speaker_of_that_name():
    assert choose(_profile("John Healey"), [_candidate(7, "John Healey")]).id == 7


def test_a_bare_surname_joins_the_one_speaker_of_that_surname():
    assert choose(_profile("Healey"), [_candidate(7, "John Healey")]).id == 7


def test_different_given_names_are_different_people():
    assert choose(_profile("Bill Clinton"), CLINTONS[:1]) is None
    assert choose(_profile("Hillary Clinton"), CLINTONS[1:]) is None


def test_a_stray_word_before_a_full_name_does_not_make_another_person():
    assert choose(_profile("Rival Hillary Clinton"), CLINTONS).id == 1
    assert choose(_profile("Hillary Clinton"), [_candidate(9, "Crooked Hillary Clinton")]).id == 9
    assert better_name(parse_name("Crooked Hillary Clinton"), parse_name("Hillary Clinton"))
    assert not better_name(parse_name("Hillary Clinton"), parse_name("Crooked Hillary Clinton"))


def test_a_short_form_of_a_given_name_is_the_same_person():
    assert choose(_profile("William Clinton"), CLINTONS).id == 2


def test_a_bare_surname_goes_to_the_candidate_whose_titles_it_shares():
    assert choose(_profile("Clinton", titles={"former president"}), CLINTONS).id == 2


def test_a_bare_surname_goes_to_the_candidate_quoted_alongside_the_same_people():
    pence_and_kaine = {30, 31}
    candidates = [
        _candidate(1, "Hillary Clinton", statements=40),
        _candidate(2, "Bill Clinton", statements=5, comentions=pence_and_kaine),
    ]
    assert choose(_profile("Clinton", comentions=pence_and_kaine), candidates).id == 2


def test_without_context_a_bare_surname_goes_to_the_most_quoted_candidate():
    assert choose(_profile("Clinton"), CLINTONS).id == 1


def test_a_bare_surname_fitting_two_namesakes_goes_to_the_one_far_more_quoted():
    """Even when the other was seen more recently: a stray title given to a namesake (an
    article calling Michelle Obama "President") must not draw the president's statements."""
    barack = _candidate(
        1, "Barack Obama", {"president"}, statements=200, last_seen=date(2016, 1, 4)
    )
    michelle = _candidate(
        2, "Michelle Obama", {"president"}, statements=3, last_seen=date(2016, 9, 1)
    )
    profile = _profile("Obama", titles={"president"}, seen=date(2016, 9, 10))
    assert choose(profile, [michelle, barack]).id == 1


def test_two_people_called_smith_are_kept_apart_by_their_affiliations():
    colonel = _candidate(5, "Smith", {"colonel"}, {"u.s. army"})
    assert choose(_profile("Smith", {"historian"}, {"westbridge university"}), [colonel]) is None
    assert choose(_profile("Smith", {"colonel"}, {"u.s. army"}), [colonel]).id == 5


def test_one_full_name_in_other_roles_is_one_person_while_the_sightings_are_close():
    senator = _candidate(5, "John Smith", {"senator"}, {"iowa"}, last_seen=date(2016, 9, 1))
    farmer = _profile("John Smith", {"farmer"}, {"acme farms"}, seen=date(2016, 10, 1))
    assert choose(farmer, [senator]).id == 5


def test_one_full_name_in_other_roles_years_apart_is_a_namesake():
    senator = _candidate(5, "John Smith", {"senator"}, {"iowa"}, last_seen=date(2012, 9, 1))
    farmer = _profile("John Smith", {"farmer"}, {"acme farms"}, seen=date(2016, 10, 1))
    assert choose(farmer, [senator]) is None


def test_recent_sightings_break_ties():
    old = _candidate(1, "Smith", last_seen=date(2020, 1, 1))
    recent = _candidate(2, "Smith", last_seen=date(2025, 2, 10))
    assert choose(_profile("Smith", seen=date(2025, 2, 13)), [old, recent]).id == 2


def test_unnamed_sources_are_never_merged():
    profile = Profile(parse_name("a senior official", "unnamed"), "unnamed")
    candidate = Candidate(1, parse_name("a senior official", "unnamed"), "unnamed")
    assert choose(profile, [candidate]) is None


def test_one_name_typed_a_person_here_and_a_body_there_is_one_speaker():
    body = Candidate(1, parse_name("Healey", "organization"), "organization")
    assert choose(_profile("Healey"), [body]).id == 1


def test_a_person_and_a_body_of_other_names_are_never_merged():
    body = Candidate(1, parse_name("Reuters", "organization"), "organization", aliases={"reuters"})
    assert choose(_profile("Healey"), [body]) is None


def test_where_a_person_and_a_body_of_one_name_both_fit_the_person_wins():
    body = Candidate(1, parse_name("Healey", "organization"), "organization")
    assert choose(_profile("Healey"), [body, _candidate(7, "John Healey")]).id == 7


@pytest.mark.parametrize("name", ["people", "data", "reports", "officials", "one", "Reports"])
def test_common_nouns_standing_as_sources_are_not_names(name):
    assert is_generic(name)


@pytest.mark.parametrize("name", ["John Healey", "NATO", "the White House", "Ødegaard"])
def test_proper_names_are_names(name):
    assert not is_generic(name)


@pytest.mark.parametrize("written", ["Zelensky", "Zelenskiy", "Zelenskyy", "Zelenskyi"])
def test_transliterations_of_one_surname_share_a_spelling_key(written):
    assert spelling_key(parse_name(written).surname) == "zelenski"


@pytest.mark.parametrize(
    ("a", "b", "likeness"),
    [
        ("zelensky", "zelenskiy", "spelling"),
        ("khodorkovsky", "hodorkovskiy", "spelling"),
        ("healey", "healy", "close"),
        ("johnson", "jonson", "close"),
        ("healey", "hegseth", None),
        ("li", "le", None),  # short names one letter apart are other names
    ],
)
def test_how_alike_two_surnames_are(a, b, likeness):
    assert surname_likeness(a, b) == likeness


def test_spellings_of_one_persons_name_are_one_person():
    zelensky = _candidate(3, "Volodymyr Zelensky", {"president"}, {"ukraine"})
    assert choose(_profile("Volodymyr Zelenskiy"), [zelensky]).id == 3
    assert choose(_profile("Zelenskyy"), [zelensky]).id == 3
    assert choose(_profile("Wolodymyr Zelenskyj"), [zelensky]).id == 3


def test_spellings_of_one_surname_with_other_given_names_are_other_people():
    assert choose(_profile("Oleksandr Zelenskiy"), [_candidate(3, "Volodymyr Zelensky")]) is None


def test_a_surname_one_letter_off_joins_only_with_the_given_name_or_a_title():
    healey = _candidate(7, "John Healey", {"defense secretary"}, {"united kingdom"})
    assert choose(_profile("John Healy"), [healey]).id == 7
    assert choose(_profile("Healy", titles={"defense secretary"}), [healey]).id == 7
    assert choose(_profile("Healy", affiliations={"united kingdom"}), [healey]) is None
    assert choose(_profile("Healy"), [healey]) is None


def test_the_exact_spelling_wins_over_a_variant_with_equal_support():
    exact, variant = _candidate(1, "Anna Kelley"), _candidate(2, "Anna Kelly", statements=9)
    assert choose(_profile("Anna Kelley"), [variant, exact]).id == 1


def test_a_bare_surname_whose_titles_clash_is_not_the_one_speaker_of_that_surname():
    first_lady = _candidate(4, "Michelle Obama", {"first lady"})
    assert choose(_profile("Obama", titles={"president"}), [first_lady]) is None
    assert choose(_profile("Obama", titles={"first lady"}), [first_lady]).id == 4


NAMES = [
    "William Clinton",
    "Bill Clinton",
    "Will Clinton",
    "W. Clinton",
    "Hillary Clinton",
    "Volodymyr Zelensky",
    "Wolodymyr Zelenskyj",
    "Khalid Sheikh",
    "Halid Sheikh",
    "Philip Hammond",
    "Filip Hammond",
    "Phil Hammond",
    "Yuriy Boyko",
    "Y. Boyko",
    "John Paul Smith",
    "Paul Smith",
    "J. Smith",
    "Rival Hillary Clinton",
    "Ted Cruz",
    "Edward Cruz",
    "Ed Cruz",
    "Jean-Claude Juncker",
    "Øystein Berg",
    "Oystein Berg",
]


@pytest.mark.parametrize("new", NAMES)
def test_namesakes_are_narrowed_only_to_given_names_that_can_agree(new):
    """The store reads a stored namesake only if its given name begins with one of the
    initials of the new name (or with none of a to z, or it has several forenames): every
    namesake whose forenames agree must pass."""
    new_name = parse_name(new)
    for stored in NAMES:
        known = parse_name(stored)
        if not _forenames_agree(new_name, known) or len(known.forenames) > 1:
            continue
        first = known.given[:1]
        assert first in given_initials(new_name) or not "a" <= first <= "z", (new, stored)
