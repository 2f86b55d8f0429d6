"""Speaker resolution: every source of an attribution leads to one real person or body.

Each test writes a few sentences of its own; a source is marked in the text with [brackets],
and the attribution made for it is resolved exactly as the pipeline would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from onrecord import nlp
from onrecord.records import Article, Attribution, Block, Span, Speaker
from onrecord.resolve import resolve

DATA = Path(__file__).parent / "data"
_MARKED = re.compile(r"\[([^\]]+)\]")


def resolved(marked: str, blocks: list[tuple[str, str]] | None = None) -> Article:
    """Resolve `marked` with one attribution per [bracketed] source.

    `blocks`, if given, are (kind, text) pairs whose texts lie in the unmarked text, so
    headline, caption and credit behaviour can be specified too.
    """
    sources: list[tuple[int, int]] = []
    parts: list[str] = []
    last = cursor = 0
    for match in _MARKED.finditer(marked):
        parts.append(marked[last : match.start()])
        cursor += match.start() - last
        sources.append((cursor, cursor + len(match.group(1))))
        parts.append(match.group(1))
        cursor += len(match.group(1))
        last = match.end()
    parts.append(marked[last:])
    text = "".join(parts)
    attributions = [
        Attribution(id=f"a{n}", kind="indirect", content=[], source=Span.of(text, s, e))
        for n, (s, e) in enumerate(sources, start=1)
    ]
    article = Article(text=text, attributions=attributions)
    for kind, block_text in blocks or []:
        start = text.index(block_text)
        article.blocks.append(Block(kind, start, start + len(block_text)))
    return resolve(nlp.load()(text), article)


def speaker(article: Article, n: int = 1) -> Speaker:
    """The speaker of the n-th marked source."""
    found = article.speaker(article.attributions[n - 1].speaker_id)
    assert found is not None, f"source {article.attributions[n - 1].source} has no speaker"
    return found


def lowered(words: list[str]) -> list[str]:
    return [w.lower() for w in words]


# Names, titles and affiliations


def test_country_abbreviation_and_office_before_a_name_give_affiliation_and_title() -> None:
    s = speaker(resolved("[U.K. Defense Secretary John Healey] warned against complacency."))
    assert (s.name, s.type) == ("John Healey", "person")
    assert "defense secretary" in lowered(s.titles)
    assert s.affiliations == ["United Kingdom", "U.K."]


def test_demonym_before_an_office_gives_the_country() -> None:
    s = speaker(resolved("[Estonian Defense Minister Hanno Pevkur] said Europe must act."))
    assert s.name == "Hanno Pevkur"
    assert "defense minister" in lowered(s.titles)
    assert s.affiliations == ["Estonia", "Estonian"]


def test_secretary_of_defense_is_also_read_as_defense_secretary() -> None:
    s = speaker(resolved("[U.S. Secretary of Defense Pete Hegseth] said the plan was unrealistic."))
    assert {"secretary of defense", "defense secretary"} <= set(lowered(s.titles))
    assert s.affiliations == ["United States", "U.S."]


def test_abbreviated_office_is_kept_as_written_and_spelt_out() -> None:
    article = resolved(
        "[Sen. Elizabeth Warren] spoke. [NATO Secretary General Mark Rutte] replied."
    )
    assert speaker(article, 1).titles == ["Sen.", "Senator"]
    assert "secretary general" in lowered(speaker(article, 2).titles)
    assert speaker(article, 2).affiliations == ["NATO"]


def test_an_office_ending_in_a_proper_noun_is_not_part_of_the_name() -> None:
    s = speaker(resolved("[Palm Beach County Supervisor of Elections Susan Bucher] said no."))
    assert s.name == "Susan Bucher"


def test_appositive_after_a_name_gives_the_title() -> None:
    s = speaker(resolved("[Hugh Hill], a doctor, said the ward was full."))
    assert (s.name, s.titles) == ("Hugh Hill", ["doctor"])


def test_appositive_with_of_phrase_gives_title_and_organisation() -> None:
    s = speaker(resolved("[Jane Doe], chief executive of Acme Corp., said the deal was done."))
    assert s.titles == ["chief executive"]
    assert s.affiliations == ["Acme Corp."]


def test_an_appositive_of_phrase_naming_a_subject_is_no_affiliation() -> None:
    s = speaker(resolved("[Laura Smith], a historian of the Cold War at Yale University, said so."))
    assert s.affiliations == ["Yale University"]


def test_appositive_before_a_name_gives_title_and_possessor_country() -> None:
    s = speaker(
        resolved("Israel's prime minister, [Benjamin Netanyahu], said the war would go on.")
    )
    assert s.titles == ["prime minister"]
    assert s.affiliations == ["Israel"]


def test_titles_and_affiliations_gather_from_every_mention() -> None:
    article = resolved(
        "Donald Trump arrived late. U.S. President Donald Trump then spoke. [Trump] said it went well."
    )
    s = speaker(article)
    assert (s.name, s.titles) == ("Donald Trump", ["President"])
    assert s.affiliations == ["United States", "U.S."]


def test_spelling_variants_of_one_title_are_kept_once() -> None:
    s = speaker(
        resolved(
            "[U.K. Defense Secretary John Healey] spoke. U.K. Defence Secretary John Healey left."
        )
    )
    assert lowered(s.titles) == ["defense secretary"]


# Short names


def test_surname_resolves_to_the_full_name_even_when_mislabelled() -> None:
    article = resolved(
        "U.K. Defense Secretary John Healey warned of Russia. “It is a threat,” [Healey] said."
    )
    s = speaker(article)
    assert (s.name, s.affiliations) == ("John Healey", ["United Kingdom", "U.K."])
    assert [m.text for m in s.mentions] == ["U.K. Defense Secretary John Healey", "Healey"]


def test_surname_that_is_also_a_country_still_resolves_to_the_person() -> None:
    article = resolved("Police Chief Chuck Jordan spoke. [Jordan] said the video was clear.")
    assert speaker(article).name == "Chuck Jordan"


def test_people_sharing_a_surname_stay_apart_and_the_surname_goes_to_the_latest() -> None:
    article = resolved(
        "Hillary Clinton spoke first. Bill Clinton then took the stage. [Clinton] said it was over."
    )
    assert [s.name for s in article.speakers] == ["Hillary Clinton", "Bill Clinton"]
    assert speaker(article).name == "Bill Clinton"


def test_surname_follows_whichever_namesake_was_mentioned_last() -> None:
    article = resolved(
        "Bill Clinton spoke first. Hillary Clinton then took the stage. [Clinton] said it was over."
    )
    assert speaker(article).name == "Hillary Clinton"


def test_honorific_picks_the_namesake_of_matching_gender() -> None:
    article = resolved(
        "Mary Smith and John Smith run the farm. [Mr. Smith] said the harvest was poor. "
        "[Mrs. Smith] said prices were low."
    )
    assert speaker(article, 1).name == "John Smith"
    assert speaker(article, 2).name == "Mary Smith"


def test_surname_in_a_headline_goes_to_the_person_named_later() -> None:
    body = "U.S. President Donald Trump said the deal was done."
    article = resolved(
        f"[Trump] hails deal\n\n{body}",
        blocks=[("headline", "Trump hails deal"), ("paragraph", body)],
    )
    assert [s.name for s in article.speakers] == ["Donald Trump"]
    assert speaker(article).mentions[0].text == "Trump"


def test_hyphenated_surname_resolves_to_the_full_name() -> None:
    article = resolved(
        "Douglas Holtz-Eakin, an economist, spoke. Later [Holtz-Eakin] said the plan was costly."
    )
    assert speaker(article).name == "Douglas Holtz-Eakin"


def test_titled_surname_is_not_merged_with_a_namesake_named_later() -> None:
    article = resolved("[President Obama] spoke at noon. Michelle Obama spoke later.")
    assert speaker(article).name == "Obama"
    assert [s.name for s in article.speakers] == ["Obama", "Michelle Obama"]


def test_a_headline_surname_is_the_one_its_lede_gives_a_title_not_a_namesake_named_later() -> None:
    body = "President Obama spoke at noon. Later Michelle Obama, who campaigned in Ohio, spoke too."
    article = resolved(
        f"[Obama] warns voters\n\n{body}",
        blocks=[("headline", "Obama warns voters"), ("paragraph", body)],
    )
    assert speaker(article).name == "Obama"
    assert speaker(article).titles == ["President"]


def test_a_head_of_state_named_by_surname_is_not_a_namesake_named_without_the_office() -> None:
    article = resolved("Michelle Obama spoke first. [President Obama] said it went well.")
    assert speaker(article).name == "Obama"
    assert [s.name for s in article.speakers] == ["Michelle Obama", "Obama"]


def test_a_titled_surname_goes_to_the_namesake_holding_the_title_not_the_last_named() -> None:
    article = resolved(
        "President Barack Obama spoke first. Michelle Obama spoke next. "
        "[President Obama] said it went well."
    )
    assert speaker(article).name == "Barack Obama"


# Pronouns, possessives and definite titles


def test_pronoun_resolves_to_the_preceding_person() -> None:
    article = resolved(
        "Hugh Hill, a doctor, said the ward was full. [He] added that staff were tired."
    )
    assert speaker(article).name == "Hugh Hill"


def test_pronoun_prefers_the_subject_over_a_nearer_object() -> None:
    article = resolved(
        "Donald Trump said after talks with Vladimir Putin that [he] would meet him soon."
    )
    assert speaker(article).name == "Donald Trump"


def test_pronoun_gender_counts_once_it_is_evident() -> None:
    article = resolved(
        "Jane Smith met John Doe on Monday. [She] said the talks went well. [He] said little."
    )
    assert speaker(article, 1).name == "Jane Smith"
    assert speaker(article, 2).name == "John Doe"


def test_pronouns_in_quotations_are_not_mentions() -> None:
    article = resolved("Hugh Hill said: “He never called me.” [Hill] left.")
    assert [m.text for m in speaker(article).mentions] == ["Hugh Hill", "Hill"]


def test_possessive_source_resolves_to_the_possessor() -> None:
    article = resolved(
        "U.S. Defense Secretary Pete Hegseth spoke in Brussels. "
        "[Hegseth’s remarks] suggested Kyiv should temper expectations."
    )
    s = speaker(article)
    assert (s.name, s.affiliations) == ("Pete Hegseth", ["United States", "U.S."])
    assert s.mentions[-1].text == "Hegseth"


def test_possessed_people_are_themselves_the_speakers() -> None:
    article = resolved("Aung San Suu Kyi spoke. [Aung San Suu Kyi's political allies] celebrated.")
    assert (speaker(article).name, speaker(article).type) == (
        "Aung San Suu Kyi's political allies",
        "group",
    )


def test_possessive_pronoun_source_resolves_like_the_pronoun() -> None:
    article = resolved("French President Emmanuel Macron spoke. [His comments] drew praise.")
    assert speaker(article).name == "Emmanuel Macron"


def test_definite_title_goes_to_the_latest_person_holding_it() -> None:
    article = resolved(
        "Swedish Defense Minister Pål Jonson spoke first. Ukrainian President Volodymyr Zelensky "
        "and Estonian Defense Minister Hanno Pevkur followed. [The minister] said Europe must act."
    )
    assert speaker(article).name == "Hanno Pevkur"


def test_a_ledes_title_goes_to_the_person_named_later_with_that_office_and_country() -> None:
    article = resolved(
        "[Germany’s finance minister] warned on Monday that the deal would fail. "
        "French Finance Minister Anne Dupont disagreed. German Finance Minister Karl Weber "
        "spoke to reporters in Berlin."
    )
    assert speaker(article).name == "Karl Weber"


def test_a_title_without_a_country_does_not_look_forward() -> None:
    article = resolved("[The finance minister] said the deal would fail. Anne Dupont disagreed.")
    assert speaker(article).type == "unnamed"


def test_a_lone_surname_with_his_in_its_clause_is_a_person() -> None:
    article = resolved("In Brussels, [Healey] repeated his warning to the allies.")
    assert speaker(article).type == "person"


def test_an_acronym_subject_stays_an_organisation() -> None:
    article = resolved("[NATO] repeated its warning to the allies.")
    assert speaker(article).type != "person"


def test_definite_title_with_a_demonym_needs_that_country() -> None:
    article = resolved(
        "Russian President Vladimir Putin spoke to U.S. President Donald Trump. "
        "[The Russian leader] said talks would go on."
    )
    assert speaker(article).name == "Vladimir Putin"


def test_a_leader_of_something_else_is_not_a_head_of_state() -> None:
    article = resolved("President Bill Clinton played. [The band leader] said it was loud.")
    assert speaker(article).name != "Bill Clinton"


def test_unmatched_definite_title_is_an_unnamed_speaker() -> None:
    s = speaker(resolved("[The minister] said the budget was fair."))
    assert (s.type, s.titles) == ("unnamed", ["minister"])


def test_definite_company_goes_to_the_latest_organisation() -> None:
    article = resolved("[Acme Corp.] posted a profit. [The company] said [it] would hire.")
    assert speaker(article, 1).type == "organization"
    assert speaker(article, 2) is speaker(article, 1) is speaker(article, 3)


def test_relative_pronoun_source_resolves_to_what_it_modifies() -> None:
    article = resolved("Jane Smith, [who] runs the farm, said prices were low.")
    assert speaker(article).name == "Jane Smith"


def test_report_or_poll_source_resolves_to_whoever_made_it() -> None:
    article = resolved("[A New York Times report] said the talks had stalled.")
    assert (speaker(article).name, speaker(article).type) == ("New York Times", "organization")


def test_first_person_possessor_does_not_swallow_the_speaker() -> None:
    s = speaker(resolved("[My father] said he would vote for the first time."))
    assert (s.name, s.type, s.titles) == ("my father", "unnamed", ["father"])


def test_a_group_of_people_is_named_by_its_members() -> None:
    s = speaker(resolved("[A group of conservative leaders] met on Tuesday."))
    assert (s.name, s.type) == ("conservative leaders", "group")


def test_one_of_a_group_is_one_unnamed_person() -> None:
    s = speaker(resolved("[One of the officials] said the plan was dead."))
    assert (s.name, s.type) == ("one of the officials", "unnamed")


# Places, bodies and groups


@pytest.mark.parametrize(
    ("source", "government"),
    [
        ("Washington", "United States"),
        ("The White House", "United States"),
        ("Moscow", "Russia"),
        ("The Kremlin", "Russia"),
        ("Kyiv", "Ukraine"),
        ("Beijing", "China"),
        ("Downing Street", "United Kingdom"),
        ("Tokyo", "Japan"),
    ],
)
def test_capitals_and_seats_of_power_stand_for_their_government(
    source: str, government: str
) -> None:
    s = speaker(resolved(f"[{source}] said the talks would resume next week."))
    assert (s.name, s.type) == (government, "government")


def test_brussels_is_the_european_union_where_the_article_speaks_of_it() -> None:
    eu = resolved("The EU weighed sanctions. [Brussels] said more would follow.")
    belgium = resolved("Belgium's economy grew. [Brussels] said taxes would fall.")
    assert speaker(eu).name == "European Union"
    assert speaker(belgium).name == "Belgium"


def test_a_speaking_government_gathers_its_other_names_but_not_locations() -> None:
    article = resolved(
        "[Washington] indicated Ukraine should not expect membership. "
        "Officials met in Washington, and U.S. policy may change."
    )
    assert [m.text for m in speaker(article).mentions] == ["Washington", "U.S."]


def test_group_name_drops_quantifiers_and_keeps_its_organisation() -> None:
    s = speaker(resolved("[Several NATO allies] emphasized that Ukraine must be at the table."))
    assert (s.name, s.type, s.affiliations) == ("NATO allies", "group", ["NATO"])


def test_plural_pronoun_goes_to_the_group() -> None:
    article = resolved("[Russian officials] called the strike legitimate. [They] added more.")
    assert speaker(article, 2) is speaker(article, 1)
    assert speaker(article).affiliations == ["Russia", "Russian"]


def test_unnamed_source_and_its_definite_repetition_are_one_speaker() -> None:
    article = resolved(
        "[A source familiar with the talks] said a deal was close. [The source] added more."
    )
    assert speaker(article, 1) is speaker(article, 2)
    assert (speaker(article).name, speaker(article).type) == ("source", "unnamed")


def test_two_indefinite_sources_are_two_speakers() -> None:
    article = resolved("[A diplomat] said talks stalled. [Another diplomat] disagreed.")
    assert speaker(article, 1) is not speaker(article, 2)


def test_descriptor_before_an_organisation_name_is_not_part_of_it() -> None:
    s = speaker(resolved("Pevkur spoke, according to [Estonian broadcaster ERR]."))
    assert (s.name, s.type, s.affiliations) == ("ERR", "organization", ["Estonia", "Estonian"])


def test_first_person_source_outside_quotes_has_no_speaker() -> None:
    article = resolved("[I] said the report was late.")
    assert article.attributions[0].speaker_id is None


# The speaker list


def test_one_speaker_per_person_with_ids_in_order_of_first_mention() -> None:
    article = resolved("[Hugh Hill] spoke. [Jane Doe] replied. [Hill] added more. [Doe] disagreed.")
    assert [(s.id, s.name) for s in article.speakers] == [("s1", "Hugh Hill"), ("s2", "Jane Doe")]
    assert [a.speaker_id for a in article.attributions] == ["s1", "s2", "s1", "s2"]


def test_named_people_who_never_speak_are_listed_but_places_are_not() -> None:
    article = resolved("Vladimir Putin met officials in Ukraine. [Hugh Hill] said it went well.")
    assert [s.name for s in article.speakers] == ["Vladimir Putin", "Hugh Hill"]


def test_caption_mentions_count_but_credits_and_bylines_are_not_read() -> None:
    text = (
        "Healey warns Russia\n"
        "By Harry Nakos\n"
        "U.K. Defense Secretary John Healey said Russia was a threat.\n"
        "U.K. Defence Secretary John Healey arrives as he speaks to press.\n"
        "Geert Vanden Wijngaert/AP Photo"
    )
    lines = text.split("\n")
    kinds = ["headline", "byline", "paragraph", "caption", "credit"]
    article = resolved(
        text.replace("U.K. Defense", "[U.K. Defense", 1).replace("Healey said", "Healey] said"),
        blocks=list(zip(kinds, lines, strict=True)),
    )
    assert [s.name for s in article.speakers] == ["John Healey"]
    assert [m.text for m in speaker(article).mentions] == [
        "Healey",
        "U.K. Defense Secretary John Healey",
        "U.K. Defence Secretary John Healey",
        "he",
    ]


def test_every_mention_is_a_span_of_the_article_text() -> None:
    article = resolved(
        "Russian President Vladimir Putin met Ukrainian President Volodymyr Zelensky. "
        "[Zelensky] said [he] was hopeful. [The Kremlin] said Putin’s offer stood."
    )
    for s in article.speakers:
        for m in s.mentions:
            assert article.text[m.start : m.end] == m.text


# The sample


SAMPLE_GOLD = json.loads((DATA / "000_88a4e4ddf26ddf09.gold.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def sample() -> Article:
    """The sample with its gold sources, resolved over the plain text (no block structure)."""
    text = (DATA / "000_88a4e4ddf26ddf09.txt").read_text("utf-8")
    attributions = [
        Attribution(
            id=f"a{n}", kind=g["kind"], content=[], source=Span.of(text, *g["source"]["span"])
        )
        for n, g in enumerate(SAMPLE_GOLD["attributions"])
    ]
    return resolve(nlp.load()(text), Article(text=text, attributions=attributions))


@pytest.mark.parametrize("n", range(len(SAMPLE_GOLD["attributions"])))
def test_sample_sources_resolve_to_the_gold_speaker(sample: Article, n: int) -> None:
    gold = SAMPLE_GOLD["attributions"][n]
    s = sample.speaker(sample.attributions[n].speaker_id)
    assert s is not None and s.name == gold["speaker"]
    if "speaker_title" in gold:
        assert gold["speaker_title"].lower() in lowered(s.titles)
    if "speaker_affiliation" in gold:
        assert gold["speaker_affiliation"] in s.affiliations


def test_sample_has_one_speaker_per_speaking_person_or_body(sample: Article) -> None:
    speaking = {sample.speaker(a.speaker_id).name for a in sample.attributions}  # type: ignore[union-attr]
    assert len(speaking) == len({g["speaker"] for g in SAMPLE_GOLD["attributions"]})


def test_a_pronoun_inside_a_quote_running_over_paragraphs_is_no_mention() -> None:
    text = (
        "Mayor Ann Lee spoke on Monday.\n\n"
        "“The budget is fair. He knows it,\n\n"
        "“and so does the council,” [Lee] said."
    )
    article = resolved(
        text,
        blocks=[
            ("paragraph", "Mayor Ann Lee spoke on Monday."),
            ("paragraph", "“The budget is fair. He knows it,"),
            ("paragraph", "“and so does the council,” Lee said."),
        ],
    )
    mentions = [m.text for m in speaker(article).mentions]
    assert "He" not in mentions and mentions.count("Lee") == 1
