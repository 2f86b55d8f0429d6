"""Speakers as modern news names them: titles and affiliations from anywhere around a name,
in the article's own words, and sources that are utterances or bodies rather than people.

Each test writes a few sentences of its own; a source is marked in the text with [brackets]
(see `test_resolve.resolved`).
"""

from __future__ import annotations

from test_resolve import lowered, resolved, speaker

# Affiliations stated after the title


def test_title_at_an_organisation_gives_the_organisation() -> None:
    s = speaker(resolved('"It works," says [Jack Buser], director for games at Google.'))
    assert (s.titles, s.affiliations) == (["director"], ["Google"])


def test_descriptors_before_the_employers_name_are_passed_over() -> None:
    s = speaker(
        resolved(
            "[Lewis Ward], research director of gaming VR/AR at tech market research firm IDC, "
            "sees the lineup as its weak point."
        )
    )
    assert s.affiliations == ["IDC"]


def test_at_names_the_employer_where_of_names_a_department() -> None:
    s = speaker(
        resolved('"Hope lifts markets," said [Rusmik Oza], Head of Fundamental Research at Kotak.')
    )
    assert s.affiliations == ["Kotak"]


def test_in_names_an_organisation_but_not_the_town_it_is_in() -> None:
    article = resolved(
        '"It matters," said [Avi Bell], senior fellow at the right-wing Kohelet Policy Forum in '
        "Israel. [Steve Clarke], deputy associate administrator for exploration in NASA’s "
        "science mission directorate, said it would fly."
    )
    assert (speaker(article, 1).titles, speaker(article, 1).affiliations) == (
        ["senior fellow"],
        ["Kohelet Policy Forum"],
    )
    assert speaker(article, 2).affiliations == ["NASA"]


def test_an_organisation_alone_after_the_title_closing_the_paragraph() -> None:
    s = speaker(
        resolved(
            '"Markets will rise," said [Sanjiv Bhasin], Director, IIFL Securities.\n\n'
            "Experts agree."
        )
    )
    assert (s.titles, s.affiliations) == (["Director"], ["IIFL Securities"])


def test_the_companys_title_goes_to_the_company_named_just_before() -> None:
    s = speaker(
        resolved(
            "Tyvak Nano-Satellite Systems is best known for small satellites. [Marco Villa], the "
            "company’s chief operating officer, said Tyvak would use that experience."
        )
    )
    assert (s.titles, s.affiliations) == (
        ["chief operating officer"],
        ["Tyvak Nano-Satellite Systems"],
    )


def test_who_heads_gives_title_and_organisation() -> None:
    s = speaker(
        resolved(
            "Tariffs helped, said [Scott Paul], who heads the Alliance for American Manufacturing."
        )
    )
    assert (s.titles, s.affiliations) == (["head"], ["Alliance for American Manufacturing"])


def test_a_copular_sentence_gives_title_and_organisation() -> None:
    s = speaker(resolved("Michelle Hege is the CEO of DH, an ad firm. [Hege] said it was bad."))
    assert (s.name, s.titles, s.affiliations) == ("Michelle Hege", ["CEO"], ["DH"])


def test_a_clause_after_a_name_is_no_description() -> None:
    s = speaker(
        resolved(
            "In an email sent by chairman Marcelo Claure, employees were told layoffs will begin. "
            "[Claure] said so."
        )
    )
    assert "employees" not in lowered(s.titles)


def test_reporters_belong_to_their_outlet() -> None:
    article = resolved(
        "The clinic closed, according to [Sui-Lee Wee] of the New York Times. As [Emily Feng] "
        "reports for NPR, cases rose. [Google's Jack Buser] agreed."
    )
    assert speaker(article, 1).affiliations == ["New York Times"]
    assert speaker(article, 2).affiliations == ["NPR"]
    assert speaker(article, 3).affiliations == ["Google"]


def test_of_a_place_after_a_name_is_where_they_live_not_an_affiliation() -> None:
    s = speaker(resolved('"I was surprised," said [Martin Taylor] of Aberdeenshire, Scotland.'))
    assert s.affiliations == []


def test_a_party_label_gives_the_party() -> None:
    article = resolved(
        "He threatened Rep. Ilhan Omar (D-Minn.) in calls. [Omar] said she was fine. "
        "[Rep. David McKinley], R-W.Va., argued for a wall."
    )
    assert speaker(article, 1).affiliations == ["Democratic Party"]
    assert speaker(article, 2).affiliations == ["Republican Party"]


def test_a_group_named_for_a_party_belongs_to_it() -> None:
    s = speaker(resolved("[The Democrats] said the charges were proven."))
    assert s.affiliations == ["Democratic Party"]


def test_an_appositive_with_a_title_makes_an_unlabelled_name_a_person() -> None:
    s = speaker(
        resolved(
            "[Jeff Sanborn, president of Chapter & Verse, a Spokane and Seattle advertising and "
            "design agency,] said he thought the campaign missed."
        )
    )
    assert (s.name, s.type, s.titles, s.affiliations) == (
        "Jeff Sanborn",
        "person",
        ["president"],
        ["Chapter & Verse"],
    )


def test_a_person_after_with_is_no_body() -> None:
    s = speaker(
        resolved("[Jennifer Williams], an aide on the call with President Zelensky, testified.")
    )
    assert s.affiliations == []


# Wording


def test_a_country_keeps_its_canonical_name_and_the_articles_wording() -> None:
    article = resolved(
        "[US officials] said talks would resume. [White House Press Secretary Stephanie "
        "Grisham] said the deal was done. [Palestinian chief negotiator Saeb Erekat] objected."
    )
    assert speaker(article, 1).affiliations == ["United States", "US"]
    assert speaker(article, 2).affiliations == ["United States", "White House"]
    assert speaker(article, 3).affiliations[1:] == ["Palestinian"]


def test_a_place_after_unnamed_officials_is_kept_as_worded() -> None:
    s = speaker(resolved("[Authorities in Beijing] announced two cases."))
    assert "Beijing" in s.affiliations


def test_an_abbreviated_title_is_kept_as_written() -> None:
    s = speaker(resolved("[Rep. Alexandria Ocasio-Cortez] said it was a threat."))
    assert s.titles[0] == "Rep."


# What is not an affiliation


def test_a_body_is_not_affiliated_with_itself_or_its_country() -> None:
    article = resolved(
        "[The US military] said two soldiers died. [The EU] said settlements were illegal. "
        "[The Afghan government] said nothing."
    )
    assert [speaker(article, n).affiliations for n in (1, 2, 3)] == [[], [], []]


def test_a_ministry_still_belongs_to_its_country() -> None:
    s = speaker(resolved("[The French foreign ministry] said the settlements were illegal."))
    assert "France" in s.affiliations


def test_a_nationality_before_a_private_role_is_no_affiliation() -> None:
    article = resolved(
        "[Hungarian-American investor George Soros] said markets would fall. "
        "[Israeli settlers] said they would stay. [New Media investor Leon Cooperman] agreed."
    )
    assert speaker(article, 1).affiliations == []
    assert speaker(article, 2).affiliations == []
    assert speaker(article, 3).affiliations == ["New Media"]


# Names of speakers


def test_a_report_or_survey_by_someone_is_theirs() -> None:
    article = resolved(
        "Profits rose, according to [a report from Kotak Institutional Equities]. According to "
        "[a 2018 survey by Penelope Muse Abernathy of the University of North Carolina], "
        "staff fell."
    )
    assert speaker(article, 1).name == "Kotak Institutional Equities"
    s = speaker(article, 2)
    assert (s.name, s.affiliations) == ("Penelope Muse Abernathy", ["University of North Carolina"])


def test_the_statement_is_whoever_spoke_before_and_a_statement_is_no_one() -> None:
    article = resolved(
        "[The US military] said in a statement that two soldiers died. [The statement] said the "
        "crash was under investigation. Later [a statement] said more."
    )
    assert speaker(article, 2) is speaker(article, 1)
    assert article.attributions[2].speaker_id is None


def test_the_company_is_the_organisation_named_just_before() -> None:
    s = speaker(
        resolved(
            "Earlier this year, GateHouse laid off 60 employees ([the company] would not say how "
            "many)."
        )
    )
    assert (s.name, s.type) == ("GateHouse", "organization")


def test_a_title_inside_a_bodys_name_keeps_the_name_whole() -> None:
    s = speaker(
        resolved(
            "[The U.S. Attorney’s Office for the Western District of New York] announced the plea."
        )
    )
    assert s.name.startswith("U.S. Attorney’s Office")
    assert s.affiliations == []


def test_a_family_name_first_resolves_by_the_first_word() -> None:
    s = speaker(resolved("Li Jifeng, a doctor at Chaoyang Hospital, wrote a post. [Li] said so."))
    assert (s.name, s.titles, s.affiliations) == ("Li Jifeng", ["doctor"], ["Chaoyang Hospital"])


def test_an_unnamed_spokesperson_for_a_body_belongs_to_it() -> None:
    s = speaker(resolved("[A spokesperson for the British Foreign Office] said nothing changed."))
    assert (s.titles, s.affiliations) == (["spokesperson"], ["British Foreign Office"])


def test_an_acronym_takes_the_name_spelt_out_before_it() -> None:
    article = resolved(
        "[The Chinese Center for Disease Control and Prevention] said it had checked. "
        "[The CDC] said the risk was low. Drugs are seized by Customs and Border Protection "
        "(CBP) at ports. [CBP] said the figures were right."
    )
    assert speaker(article, 2) is speaker(article, 1)
    assert speaker(article, 3).name == "Customs and Border Protection"


def test_an_acronym_whose_initials_nothing_spells_keeps_its_name() -> None:
    s = speaker(resolved("The Border Patrol made arrests. [The FBI] said it would help."))
    assert s.name == "FBI"


def test_the_group_is_not_taken_for_the_company_named_before() -> None:
    article = resolved(
        "JLL will take over the leases. [The group] said workers deserved better severance."
    )
    assert speaker(article).name != "JLL"


def test_an_office_before_an_assembly_is_no_persons_title() -> None:
    s = speaker(resolved("[The UN General Assembly] said the settlements were illegal."))
    assert s.type != "person"


def test_many_or_others_are_an_unnamed_group() -> None:
    s = speaker(resolved("The plague scares people, and [many] say it will spread."))
    assert (s.name, s.type) == ("many", "group")


def test_studies_without_an_owner_are_named_as_the_article_names_them() -> None:
    s = speaker(resolved("[Studies] show that tariffs raise prices."))
    assert s.name.lower() == "studies"


def test_she_said_after_a_quote_is_not_a_person_named_inside_the_quote() -> None:
    article = resolved(
        "Sonya Zoghlin, the defence attorney, spoke to reporters. "
        "“Pat Carlineo is passionate about his beliefs,” [she] said."
    )
    assert speaker(article).name == "Sonya Zoghlin"


def test_the_country_an_ambassador_is_sent_to_is_not_their_affiliation() -> None:
    s = speaker(resolved("[China’s ambassador to Britain Liu Xiaming] said China would act."))
    assert "United Kingdom" not in s.affiliations
    assert "China" in s.affiliations


def test_a_title_inside_a_possessor_is_not_the_persons() -> None:
    s = speaker(
        resolved("Maitlis pressed Andrew, Queen Elizabeth II's third child. [Andrew] said no.")
    )
    assert "Queen" not in s.titles


def test_an_office_with_a_capitalised_word_inside_is_one_title() -> None:
    s = speaker(resolved('"It is great," said [Ivan Braiker], the new Chief Strategy Officer.'))
    assert s.titles == ["Chief Strategy Officer"]


def test_only_the_last_possessor_owns_the_office() -> None:
    s = speaker(
        resolved(
            '"It is great," said [Patrick Hayden], Teresa’s husband and Tor’s editor in chief.'
        )
    )
    assert s.affiliations == ["Tor"]


def test_a_report_in_a_newspaper_is_the_newspapers() -> None:
    s = speaker(resolved("Drug use rose, according to [a report in the Argus Leader]."))
    assert s.name == "Argus Leader"


def test_the_statement_does_not_reach_back_to_a_group_or_far() -> None:
    article = resolved(
        "[People] said the ads were odd. [The statement] said so. [Acme Corp.] said it would "
        "hire. The sky was grey. The sea was calm. The town was quiet. The road was long. "
        "[The statement] said more."
    )
    assert article.attributions[1].speaker_id is None
    assert article.attributions[3].speaker_id is None


def test_the_automaker_is_the_company_spoken_of_just_before() -> None:
    article = resolved(
        "[VW] said sales rose. Its AppleSkin seats use apple waste. [The automaker] said more."
    )
    assert speaker(article, 2) is speaker(article, 1)


def test_military_ranks_without_full_stops_are_titles() -> None:
    s = speaker(resolved("[Lt Col Alexander Vindman] said the call was improper."))
    assert (s.name, s.titles[0]) == ("Alexander Vindman", "Lt Col")


def test_a_member_on_a_council_belongs_to_it_but_a_topic_is_no_body() -> None:
    article = resolved(
        "[Alexander Vindman], a Ukraine specialist on the National Security Council, testified. "
        "[Jane Roe], an expert on Russia, agreed."
    )
    assert speaker(article, 1).affiliations == ["National Security Council"]
    assert speaker(article, 2).affiliations == []


def test_an_aide_to_someone_serves_them() -> None:
    s = speaker(
        resolved(
            "[Jennifer Williams], a top national security aide to Vice President Pence on "
            "Trump's July 25 call, testified."
        )
    )
    assert s.affiliations == ["Vice President Pence"]


def test_a_company_officer_named_without_a_company_works_for_the_storys_company() -> None:
    article = resolved(
        "More than a third of WeWork’s employees will lose their jobs. The cuts follow the "
        "failed IPO of WeWork. SoftBank now controls WeWork. In an email sent by chairman "
        "Marcelo Claure, staff were told the cuts start now. [Claure] said it would recover."
    )
    assert speaker(article).affiliations == ["WeWork"]


def test_no_company_is_guessed_when_the_story_has_no_main_one() -> None:
    article = resolved("Acme and Globex merged. [Chairman Marcelo Claure] said it went well.")
    assert speaker(article).affiliations == []


def test_a_dateline_run_into_a_source_is_not_the_speaker() -> None:
    s = speaker(
        resolved("[HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper] accused China.")
    )
    assert s.name == "Mark Esper"


def test_a_definite_office_of_a_body_belongs_to_it() -> None:
    s = speaker(resolved("[The chairman of the Conservative Party] said the account was clear."))
    assert s.affiliations == ["Conservative Party"]


def test_a_compound_modifier_is_passed_over_for_the_name_after_it() -> None:
    s = speaker(
        resolved('"It misled," said [Jane Roe], chief executive of the London-based charity Oxfam.')
    )
    assert s.affiliations == ["Oxfam"]


def test_a_hyphenated_office_after_its_organisation_is_one_title() -> None:
    s = speaker(
        resolved('"It is a disgrace," [Wikileaks editor-in-chief Kristinn Hrafnsson] said.')
    )
    assert (s.name, s.titles, s.affiliations) == (
        "Kristinn Hrafnsson",
        ["editor-in-chief"],
        ["Wikileaks"],
    )


def test_no_one_is_no_speaker() -> None:
    article = resolved("Officials are worried, but [no one] knows how far it will spread.")
    assert article.attributions[0].speaker_id is None


def test_guidance_from_a_body_is_the_bodys() -> None:
    s = speaker(resolved("According to [guidance from the Mayo Clinic], masks help."))
    assert s.name == "Mayo Clinic"


def test_a_gerund_before_a_name_is_not_part_of_it() -> None:
    article = resolved(
        "Salesforce CEO Marc Benioff spoke. Hosting Cook at Dreamforce “is our dream,” "
        "[Benioff] said. Apple CEO Tim Cook was there. “We love it,” [Cook] said."
    )
    assert [speaker(article, n).name for n in (1, 2)] == ["Marc Benioff", "Tim Cook"]
    assert "Hosting Cook" not in [s.name for s in article.speakers]
