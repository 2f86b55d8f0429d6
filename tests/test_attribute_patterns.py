"""Attribution patterns, each on sentences written for the test (not taken from a corpus)."""

from __future__ import annotations

import pytest

from attribution_text import attributions, summary

from onrecord import nlp
from onrecord.attribute import attribute
from onrecord.records import Article, Block


def test_direct_quote_with_the_speaker_after() -> None:
    found = attributions("“The bridge will reopen in March,” Mayor Ellen Ortiz said on Monday.")
    assert summary(found) == [
        ("Mayor Ellen Ortiz", "said", ["“The bridge will reopen in March,”"], "direct")
    ]


def test_direct_quote_with_the_speaker_inverted_after() -> None:
    found = attributions("“Nobody expected the flood to come so fast,” said Tom Berger.")
    assert summary(found) == [
        ("Tom Berger", "said", ["“Nobody expected the flood to come so fast,”"], "direct")
    ]


def test_direct_quote_with_the_speaker_before_and_a_colon() -> None:
    found = attributions("The governor said: “We have to rebuild the schools before winter comes.”")
    assert summary(found) == [
        (
            "The governor",
            "said",
            ["“We have to rebuild the schools before winter comes.”"],
            "direct",
        )
    ]


def test_direct_quote_with_the_speaker_before_and_a_comma() -> None:
    found = attributions('The senator said, "This budget is a disgrace to the state."')
    assert summary(found) == [
        ("The senator", "said", ['"This budget is a disgrace to the state."'], "direct")
    ]


def test_added_is_a_cue_and_a_quote_of_several_sentences_is_one_content() -> None:
    found = attributions(
        "“The river is rising. We will close the road tonight,” the sheriff added."
    )
    assert summary(found) == [
        (
            "the sheriff",
            "added",
            ["“The river is rising. We will close the road tonight,”"],
            "direct",
        )
    ]


def test_a_quote_over_several_paragraphs_is_one_attribution() -> None:
    text = (
        "Dr. Amy Chen said: “The vaccine trial went well.\n\n"
        "“We saw no serious side effects in the first group.\n\n"
        "“The second group starts next month.”"
    )
    (found,) = attributions(text)
    assert found.source is not None and found.source.text == "Dr. Amy Chen"
    assert [c.text for c in found.content] == [
        "“The vaccine trial went well.",
        "“We saw no serious side effects in the first group.",
        "“The second group starts next month.”",
    ]
    assert found.kind == "direct"


def test_a_dash_between_quote_and_speaker() -> None:
    found = attributions("“This is a loss for the town as a whole,” — Smith said.")
    assert summary(found) == [
        ("Smith", "said", ["“This is a loss for the town as a whole,”"], "direct")
    ]


def test_a_quote_paragraph_followed_by_a_paragraph_naming_the_speaker() -> None:
    text = (
        "“The hospital has run out of beds for the third night in a row.”\n\n"
        "said Smith, a doctor at the clinic."
    )
    (found,) = attributions(text)
    assert found.source is not None and found.source.text.startswith("Smith")
    assert found.cue is not None and found.cue.text == "said"
    assert [c.text for c in found.content] == [
        "“The hospital has run out of beds for the third night in a row.”"
    ]


def test_a_bare_quote_paragraph_continues_the_previous_speaker() -> None:
    text = (
        "“The factory will stay open,” the owner said.\n\n"
        "“Every worker keeps their job, and we will hire more in the spring.”"
    )
    (found,) = attributions(text)
    assert found.source is not None and found.source.text == "the owner"
    assert [c.text for c in found.content] == [
        "“The factory will stay open,”",
        "“Every worker keeps their job, and we will hire more in the spring.”",
    ]


def test_an_odd_number_of_marks_does_not_break_the_rest_of_the_article() -> None:
    text = (
        "Critics called the plan “reckless and rushed.\n\n"
        "“We will appeal the ruling,” the lawyer said."
    )
    found = attributions(text)
    assert ("the lawyer", "said", ["“We will appeal the ruling,”"], "direct") in summary(found)


def test_mixed_attribution_has_a_quoted_fragment_in_reported_speech() -> None:
    found = attributions(
        "The president said that he would “probably” meet with the prime minister soon."
    )
    assert summary(found) == [
        (
            "The president",
            "said",
            ["that he would “probably” meet with the prime minister soon"],
            "mixed",
        )
    ]


def test_indirect_speech_with_that() -> None:
    found = attributions("The minister said that the new tax would not affect farmers.")
    assert summary(found) == [
        ("The minister", "said", ["that the new tax would not affect farmers"], "indirect")
    ]


def test_indirect_speech_without_that() -> None:
    found = attributions("Police said the suspect had fled across the border.")
    assert summary(found) == [
        ("Police", "said", ["the suspect had fled across the border"], "indirect")
    ]


def test_warned_against() -> None:
    found = attributions("The central bank warned against cutting interest rates too early.")
    assert summary(found) == [
        ("The central bank", "warned", ["against cutting interest rates too early"], "indirect")
    ]


def test_argue_that() -> None:
    found = attributions("Economists argue that the tariff will raise prices for families.")
    assert summary(found) == [
        ("Economists", "argue", ["that the tariff will raise prices for families"], "indirect")
    ]


def test_according_to_after_the_content() -> None:
    found = attributions(
        "Exports fell by 12 percent in the last quarter, according to the trade ministry."
    )
    assert summary(found) == [
        (
            "the trade ministry",
            "according to",
            ["Exports fell by 12 percent in the last quarter"],
            "indirect",
        )
    ]


def test_according_to_before_the_content() -> None:
    found = attributions("According to court records, the company paid no tax in 2019.")
    assert summary(found) == [
        ("court records", "According to", ["the company paid no tax in 2019"], "indirect")
    ]


def test_someones_remarks_as_the_subject_of_suggested() -> None:
    found = attributions(
        "Garcia’s remarks to reporters on Friday suggested the league would expand next year."
    )
    assert summary(found) == [
        ("Garcia’s remarks", "suggested", ["the league would expand next year"], "indirect")
    ]


def test_nominal_cue_with_a_possessor() -> None:
    found = attributions("Mayor Lee’s assertion that crime had fallen came a day before the vote.")
    assert summary(found) == [("Mayor Lee", "assertion", ["that crime had fallen"], "indirect")]


def test_nominal_cue_with_from() -> None:
    found = attributions(
        "Stocks rallied, following signals from Treasury Secretary Janet Yellen that she "
        "intends to extend the program."
    )
    assert summary(found) == [
        (
            "Treasury Secretary Janet Yellen",
            "signals",
            ["that she intends to extend the program"],
            "indirect",
        )
    ]


def test_was_quoted_as_saying() -> None:
    (found,) = attributions("The general was quoted as saying that the troops would leave by June.")
    assert found.source is not None and found.source.text == "The general"
    assert found.content[0].text == "that the troops would leave by June"


def test_beliefs_are_attributions_as_polnear_annotates_them() -> None:
    found = attributions("Officials believe the fire was started deliberately.", "polnear")
    assert summary(found) == [
        ("Officials", "believe", ["the fire was started deliberately"], "indirect")
    ]


def test_an_impersonal_report_has_no_source() -> None:
    (found,) = attributions("It was reported that the mine had been closed for months.")
    assert found.source is None
    assert found.cue is not None and "reported" in found.cue.text
    assert found.content[0].text == "that the mine had been closed for months"


def test_i_and_we_inside_a_quote_are_never_the_speaker() -> None:
    found = attributions("“I think we said we would win, and I believe we will,” the captain said.")
    assert [a.source.text for a in found if a.source] == ["the captain"]


def test_a_quote_in_a_caption_is_not_an_attribution_of_the_article() -> None:
    from onrecord import nlp
    from onrecord.attribute import attribute
    from onrecord.records import Article, Block

    text = "“We are ready,” the chief said.\n\nThe storm passed."
    article = Article(text, blocks=[Block("caption", 0, 31), Block("paragraph", 33, 50)])
    assert attribute(nlp.load()(text), article) == []


def test_ids_follow_text_order_and_speaker_ids_are_left_for_resolution() -> None:
    found = attributions(
        "The mayor said the budget was balanced.\n\n“It is not,” the auditor said."
    )
    assert [a.id for a in found] == ["a1", "a2"]
    assert all(a.speaker_id is None and 0.0 <= a.confidence <= 1.0 for a in found)


def test_the_occasion_is_kept_as_context() -> None:
    (found,) = attributions(
        "The senator said during a town hall in Dayton that the plant would stay open."
    )
    assert found.context is not None
    assert found.context.text == "during a town hall in Dayton"


def test_a_cue_set_into_the_clause_it_reports_splits_the_content() -> None:
    found = attributions("The economy, the governor said, is growing faster than expected.")
    assert summary(found) == [
        ("the governor", "said", ["The economy", "is growing faster than expected"], "indirect")
    ]


def test_a_quote_opening_the_next_sentence_continues_the_speaker() -> None:
    found = attributions(
        "“We will win this race,” she said in 2019. “Nobody believed us back then.”"
    )
    assert summary(found) == [
        ("she", "said", ["“We will win this race,”", "“Nobody believed us back then.”"], "direct")
    ]


@pytest.mark.parametrize("dash", ["—", "–", "―", "-", "--"])
def test_a_dateline_is_not_part_of_the_source_but_the_party_label_is(dash: str) -> None:
    found = attributions(
        f"WASHINGTON {dash} Sen. Jane Roe (D-Ore.) said the bill would pass next week."
    )
    assert summary(found) == [
        ("Sen. Jane Roe (D-Ore.)", "said", ["the bill would pass next week"], "indirect")
    ]


def test_a_hyphen_inside_a_name_does_not_cut_the_source() -> None:
    found = attributions("Former Gov. Anna Smith-Jones said the bill would pass next week.")
    assert summary(found) == [
        ("Former Gov. Anna Smith-Jones", "said", ["the bill would pass next week"], "indirect")
    ]


def test_an_aside_between_dashes_stays_in_the_source_with_its_closing_dash() -> None:
    found = attributions(
        "Jason Sims — a teacher from Mount Pleasant — said the school would close."
    )
    assert summary(found) == [
        (
            "Jason Sims — a teacher from Mount Pleasant —",
            "said",
            ["the school would close"],
            "indirect",
        )
    ]


def test_an_apposition_stays_in_the_source_with_its_closing_comma() -> None:
    found = attributions("Bush, the state’s former governor, said the plan was too expensive.")
    assert summary(found) == [
        ("Bush, the state’s former governor,", "said", ["the plan was too expensive"], "indirect")
    ]


def test_a_state_of_mind_after_be_is_a_cue_as_polnear_annotates_it() -> None:
    found = attributions(
        "The mayor is confident that the stadium will be finished on time.", "polnear"
    )
    assert summary(found) == [
        ("The mayor", "is confident", ["that the stadium will be finished on time"], "indirect")
    ]


def test_an_attribution_reported_inside_another_is_not_repeated() -> None:
    found = attributions("Police said the driver believed the road was closed.")
    assert summary(found) == [
        ("Police", "said", ["the driver believed the road was closed"], "indirect")
    ]


def test_a_passive_cue_names_no_source_and_its_subject_is_content() -> None:
    (found,) = attributions("The senator was widely criticized for the vote on Tuesday.", "polnear")
    assert found.source is None
    assert found.content[0].text.startswith("The senator")


def test_the_addressee_of_told_is_not_the_content_of_a_quote_that_follows() -> None:
    found = attributions("The mayor told reporters: “We will rebuild every house.”")
    assert summary(found) == [("The mayor", "told", ["“We will rebuild every house.”"], "direct")]


def test_two_complements_joined_by_but_are_one_content() -> None:
    found = attributions(
        "The team had asked for a delay, but the league refused the request, the spokesman added."
    )
    assert summary(found) == [
        (
            "the spokesman",
            "added",
            ["The team had asked for a delay, but the league refused the request"],
            "indirect",
        )
    ]


def test_a_subject_the_parser_finds_inside_the_quote_is_passed_over() -> None:
    found = attributions("“My apologies, I’m sorry,” Quick said.")
    assert summary(found) == [("Quick", "said", ["“My apologies, I’m sorry,”"], "direct")]


def test_said_in_a_statement_that_keeps_the_clause_as_content_and_the_statement_as_context() -> (
    None
):
    (found,) = attributions(
        "Rep. Zoe Lofgren said in a statement that the announcements were important steps."
    )
    assert [c.text for c in found.content] == ["that the announcements were important steps"]
    assert found.context is not None and found.context.text == "in a statement"


def test_a_participle_in_the_frame_does_not_cut_off_the_continuing_quote() -> None:
    text = "“We ran a clean campaign,” Moreno said, recalling the 2012 race. “Nobody lost.”"
    contents = [a.content for a in attributions(text) if a.cue and a.cue.text == "said"]
    assert [[c.text for c in spans] for spans in contents] == [
        ["“We ran a clean campaign,”", "“Nobody lost.”"]
    ]


def test_a_parenthetical_cue_leaves_the_resumed_clause_in_the_content() -> None:
    found = attributions("The emails covered many topics, the paper said, including speeches.")
    assert summary(found) == [
        ("the paper", "said", ["The emails covered many topics", "including speeches"], "indirect")
    ]


def test_according_to_opening_a_sentence_frames_all_of_it() -> None:
    found = attributions(
        "According to a new study by the center, young voters skew left in California."
    )
    assert summary(found) == [
        (
            "a new study by the center",
            "According to",
            ["young voters skew left in California"],
            "indirect",
        )
    ]


def test_according_to_closing_a_sentence_is_not_part_of_another_cue_s_content() -> None:
    found = attributions("Most voters said that taxes were too high, according to a new poll.")
    assert (
        "a new poll",
        "according to",
        ["Most voters said that taxes were too high"],
        "indirect",
    ) in summary(found)
    assert all("according" not in " ".join(c) for _, cue, c, _ in summary(found) if cue == "said")


def test_a_poll_cited_with_in_reports_the_clause() -> None:
    found = attributions("In a new CNN poll, the governor held a narrow lead over his rival.")
    assert summary(found) == [
        ("a new CNN poll", "In", ["the governor held a narrow lead over his rival"], "indirect")
    ]


def test_a_standing_in_the_polls_is_no_attribution() -> None:
    assert attributions("The governor has slipped in the polls since the spring.") == []


def test_a_name_and_a_colon_opening_a_paragraph_attribute_the_rest() -> None:
    found = attributions(
        "Bernie Sanders: The primary was rigged against working people.\n\nHe spoke on Friday."
    )
    assert summary(found) == [
        (
            "Bernie Sanders",
            ":",
            ["The primary was rigged against working people"],
            "indirect",
        )
    ]


def test_a_label_and_a_colon_are_no_speaker() -> None:
    assert attributions("The Latest: Senate passes the bill.\n\nHe spoke on Friday.") == []


def test_a_headline_attributes_but_a_caption_does_not() -> None:
    text = (
        "Mayor says the budget will pass\n\n"
        "“We will win this one,” the coach said after practice.\n\n"
        "The vote is on Friday."
    )
    caption_start = text.index("“")
    caption_end = text.index("\n", caption_start)
    article = Article(
        text,
        blocks=[
            Block("headline", 0, text.index("\n")),
            Block("caption", caption_start, caption_end),
            Block("paragraph", caption_end + 2, len(text)),
        ],
    )
    found = attribute(nlp.load()(text), article)
    assert summary(found) == [("Mayor", "says", ["the budget will pass"], "indirect")]


def test_whoever_is_asked_to_act_belongs_to_the_content() -> None:
    found = attributions("The pastor asked the congregation to stand for a minute of silence.")
    assert summary(found) == [
        ("The pastor", "asked", ["the congregation to stand for a minute of silence"], "indirect")
    ]


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("The senator warned against a hasty withdrawal.", "warned against", "a hasty withdrawal"),
        (
            "The mayor spoke repeatedly about the new bridge.",
            "spoke repeatedly about",
            "the new bridge",
        ),
    ],
)
def test_words_between_a_cue_and_its_object_belong_to_the_cue(
    sentence: str, cue: str, content: str
) -> None:
    [(_, found_cue, found_content, _)] = summary(attributions(sentence))
    assert (found_cue, found_content) == (cue, [content])


def test_a_preposition_opening_a_clause_stays_with_the_content() -> None:
    found = attributions("The minister warned against overlooking the threat Russia poses.")
    assert summary(found) == [
        ("The minister", "warned", ["against overlooking the threat Russia poses"], "indirect")
    ]


def test_a_clause_subject_the_parser_took_for_an_object_stays_in_the_content() -> None:
    found = attributions(
        "Party leaders hoped the meeting, requested by the senator, would heal the rift.",
        "polnear",
    )
    assert [(cue, content[0]) for _, cue, content, _ in summary(found)] == [
        ("hoped", "the meeting")
    ]


def test_the_addressee_of_told_stays_out_of_the_content() -> None:
    found = attributions("She told reporters the vote would be close.")
    assert summary(found) == [("She", "told", ["the vote would be close"], "indirect")]


def test_a_passive_with_an_agent_names_the_agent_as_source() -> None:
    found = attributions("The governor's plan was sharply criticized by the teachers' union.")
    assert summary(found) == [
        ("the teachers' union", "was sharply criticized by", ["The governor's plan"], "indirect")
    ]


def test_the_labels_of_a_quoted_transcript_are_each_a_speaker() -> None:
    text = (
        "A partial transcript follows.\n\n"
        '"WALLACE: Will she be at the debate tomorrow night?\n\n'
        '"PENCE: She will not be attending the debate.\n\n'
        '"WALLACE: Thank you, Governor.'
    )
    # the article quotes the transcript: each turn is direct speech
    assert [(s, c, kind) for s, c, _, kind in summary(attributions(text))] == [
        ("WALLACE", ":", "direct"),
        ("PENCE", ":", "direct"),
        ("WALLACE", ":", "direct"),
    ]
    assert summary(attributions(text))[1][2] == ["She will not be attending the debate"]


def test_one_capitalised_label_is_no_transcript() -> None:
    assert attributions("UPDATE: The Senate passed the bill.\n\nIt goes to the House.") == []


def test_a_quote_signed_with_a_dash_and_a_name() -> None:
    text = (
        "“He represents our greatest shame.” ― Sonya Herridge\n"
        "“The most unqualified child to ever run for president.” ― Francisco Herrero"
    )
    assert summary(attributions(text)) == [
        ("Sonya Herridge", "―", ["“He represents our greatest shame.”"], "direct"),
        (
            "Francisco Herrero",
            "―",
            ["“The most unqualified child to ever run for president.”"],
            "direct",
        ),
    ]


def test_a_content_cut_before_its_second_conjunct_drops_the_conjunction() -> None:
    found = attributions(
        "The president declined to threaten Moscow or even directly declare it responsible."
    )
    contents = [content for _, _, spans, _ in summary(found) for content in spans]
    assert contents and all(c.split()[-1] not in {"and", "or", "but"} for c in contents)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("She is trying to show that the plan works.", "is trying to show"),
        (
            "The mayor visited the school on Friday to announce that classes would resume.",
            "visited the school on Friday to announce",
        ),
    ],
)
def test_the_verb_a_cue_completes_between_source_and_cue_belongs_to_the_cue(
    sentence: str, cue: str
) -> None:
    [(_, found_cue, _, _)] = summary(attributions(sentence))
    assert found_cue == cue


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (
            "Chris Cox, who runs the lobbying arm of the group, said the bill would fail.",
            "Chris Cox, who runs the lobbying arm of the group,",
        ),
        (
            "A poll released Monday by Quinnipiac University showed that voters remain split.",
            "A poll released Monday by Quinnipiac University",
        ),
    ],
)
def test_a_clause_saying_who_the_source_is_stays_in_the_source(sentence: str, source: str) -> None:
    [(found_source, _, _, _)] = summary(attributions(sentence))
    assert found_source == source


def test_a_party_label_keeps_the_period_of_its_state_abbreviation() -> None:
    [(source, _, _, _)] = summary(
        attributions("Sen. Bernie Sanders (I-Vt.) said the bill would fail.")
    )
    assert source == "Sen. Bernie Sanders (I-Vt.)"


def test_a_run_on_sentence_too_long_for_prose_is_not_searched() -> None:
    # what the parser makes of 400 tokens without a full stop says nothing about who said what
    clause = ", and the council said that the road would close in the fall"
    run_on = "The mayor said that the bridge would reopen in the spring" + clause * 30 + "."
    assert attributions(run_on) == []
    cut = run_on.replace(", and the council", ". The council")
    assert len(attributions(cut)) == 31
