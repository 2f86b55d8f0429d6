"""Speakers as modern news names them: titles and affiliations from anywhere around a name,
in the article's own words, and sources that are utterances or bodies rather than people.

Each test writes a few sentences of its own; a source is marked in the text with [brackets]
(see `test_resolve.resolved`).
"""

from __future__ import annotations

import pytest
from test_resolve import lowered, resolved, speaker

# Affiliations stated after the title


@pytest.mark.parametrize(
    ("marked", "titles", "affiliations"),
    [
        pytest.param(
            '"It works," says [Jack Buser], director for games at Google.',
            ["director"],
            ["Google"],
            id="a title at an organisation",
        ),
        pytest.param(
            '"Markets will rise," said [Sanjiv Bhasin], Director, IIFL Securities.\n\nExperts agree.',
            ["Director"],
            ["IIFL Securities"],
            id="an organisation alone after the title, closing the paragraph",
        ),
        pytest.param(
            "Tariffs helped, said [Scott Paul], who heads the Alliance for American Manufacturing.",
            ["head"],
            ["Alliance for American Manufacturing"],
            id="who heads",
        ),
        pytest.param(
            "Tyvak Nano-Satellite Systems is best known for small satellites. [Marco Villa], the "
            "company’s chief operating officer, said Tyvak would use that experience.",
            ["chief operating officer"],
            ["Tyvak Nano-Satellite Systems"],
            id="the company's title goes to the company named just before",
        ),
        pytest.param(
            '"They adapt," said [Michael Howitt], who is now an immunologist at Stanford '
            "University.",
            ["immunologist"],
            ["Stanford University"],
            id="who is a title at a body",
        ),
        pytest.param(
            '"It was close," said [Vanderbilt athletic director Malcolm Turner].',
            ["director"],
            ["Vanderbilt"],
            id="a common word between the body and the office",
        ),
        pytest.param(
            '"We won," said [Penn State quarterback Sean Clifford].',
            ["quarterback"],
            [],
            id="the name after the office is the speaker, whatever the recogniser made of the body",
        ),
        pytest.param(
            "[A spokesperson for the British Foreign Office] said nothing changed.",
            ["spokesperson"],
            ["British Foreign Office"],
            id="an unnamed spokesperson for a body",
        ),
    ],
)
def test_titles_and_affiliations_stated_after_a_name(
    marked: str, titles: list[str], affiliations: list[str]
) -> None:
    s = speaker(resolved(marked))
    assert (s.titles, s.affiliations) == (titles, affiliations)


@pytest.mark.parametrize(
    ("marked", "affiliations"),
    [
        pytest.param(
            "[Lewis Ward], research director of gaming VR/AR at tech market research firm IDC, "
            "sees the lineup as its weak point.",
            ["IDC"],
            id="descriptors before the employer's name are passed over",
        ),
        pytest.param(
            '"Hope lifts markets," said [Rusmik Oza], Head of Fundamental Research at Kotak.',
            ["Kotak"],
            id="at names the employer where of names a department",
        ),
        pytest.param(
            '"I was surprised," said [Martin Taylor] of Aberdeenshire, Scotland.',
            [],
            id="of a place after a name is where they live",
        ),
        pytest.param(
            "[The Democrats] said the charges were proven.",
            ["Democratic Party"],
            id="a group named for a party belongs to it",
        ),
        pytest.param(
            "When the immunologist [De’Broski Herbert] at the University of Pennsylvania looked "
            "inside the lungs, he was surprised.",
            ["University of Pennsylvania"],
            id="a name at a body",
        ),
        pytest.param(
            "[Jennifer Williams], an aide on the call with President Zelensky, testified.",
            [],
            id="a person after with is no body",
        ),
        pytest.param(
            '"It is great," said [Patrick Hayden], Teresa’s husband and Tor’s editor in chief.',
            ["Tor"],
            id="only the last possessor owns the office",
        ),
        pytest.param(
            "[The chairman of the Conservative Party] said the account was clear.",
            ["Conservative Party"],
            id="a definite office of a body belongs to it",
        ),
        pytest.param(
            '"It misled," said [Jane Roe], chief executive of the London-based charity Oxfam.',
            ["Oxfam"],
            id="a compound modifier is passed over",
        ),
        pytest.param(
            "[The Inner Mongolia health commission] confirmed a third case.",
            ["Inner Mongolia"],
            id="a region holding a country's name is named whole",
        ),
        pytest.param(
            "[The South Dakota's Department of Social Services] said it paid for the ads.",
            ["South Dakota"],
            id="a possessive is not part of the place",
        ),
        pytest.param(
            '"It works," said [Steve Menet], Senior Vice President of Sales for Dräger.',
            ["Sales", "Dräger"],
            id="for joins two names only inside one entity",
        ),
        pytest.param(
            "[Jennifer Williams], a top national security aide to Vice President Pence on "
            "Trump's July 25 call, testified.",
            ["Vice President Pence"],
            id="an aide to someone serves them",
        ),
    ],
)
def test_affiliations_as_the_article_states_them(marked: str, affiliations: list[str]) -> None:
    assert speaker(resolved(marked)).affiliations == affiliations


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
    outlets = [speaker(article, n).affiliations for n in (1, 2, 3)]
    assert outlets == [["New York Times"], ["NPR"], ["Google"]]


def test_a_party_label_gives_the_party() -> None:
    article = resolved(
        "He threatened Rep. Ilhan Omar (D-Minn.) in calls. [Omar] said she was fine. "
        "[Rep. David McKinley], R-W.Va., argued for a wall."
    )
    parties = [speaker(article, n).affiliations for n in (1, 2)]
    assert parties == [["Democratic Party"], ["Republican Party"]]


def test_an_appositive_with_a_title_makes_an_unlabelled_name_a_person() -> None:
    s = speaker(
        resolved(
            "“There is a benefit in having choices that are very audience-centric.”\n\n"
            "[Jeff Sanborn, president of Chapter & Verse, a Spokane and Seattle advertising and "
            "design agency,] said he thought South Dakota’s campaign was bold."
        )
    )
    assert (s.name, s.type, s.titles, s.affiliations) == (
        "Jeff Sanborn",
        "person",
        ["president"],
        ["Chapter & Verse"],
    )


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


def test_an_acronym_takes_the_name_spelt_out_before_it() -> None:
    article = resolved(
        "[The Chinese Center for Disease Control and Prevention] said it had checked. "
        "[The CDC] said the risk was low. Drugs are seized by Customs and Border Protection "
        "(CBP) at ports. [CBP] said the figures were right."
    )
    assert speaker(article, 2) is speaker(article, 1)
    assert speaker(article, 3).name == "Customs and Border Protection"


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


def test_a_gerund_before_a_name_is_not_part_of_it() -> None:
    article = resolved(
        "Salesforce CEO Marc Benioff spoke. Hosting Cook at Dreamforce “is our dream,” "
        "[Benioff] said. Apple CEO Tim Cook was there. “We love it,” [Cook] said."
    )
    assert [speaker(article, n).name for n in (1, 2)] == ["Marc Benioff", "Tim Cook"]
    assert "Hosting Cook" not in [s.name for s in article.speakers]


@pytest.mark.parametrize(
    ("marked", "name"),
    [
        pytest.param(
            "Drug use rose, according to [a report in the Argus Leader].",
            "Argus Leader",
            id="a report in a newspaper is the newspaper's",
        ),
        pytest.param(
            "According to [guidance from the Mayo Clinic], masks help.",
            "Mayo Clinic",
            id="guidance from a body is the body's",
        ),
        pytest.param(
            "The Border Patrol made arrests. [The FBI] said it would help.",
            "FBI",
            id="an acronym whose initials nothing spells keeps its name",
        ),
        pytest.param(
            "[HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper] accused China.",
            "Mark Esper",
            id="a dateline run into a source is not the speaker",
        ),
        pytest.param(
            "Sonya Zoghlin, the defence attorney, spoke to reporters. "
            "“Pat Carlineo is passionate about his beliefs,” [she] said.",
            "Sonya Zoghlin",
            id="she said after a quote is not a person named inside it",
        ),
        pytest.param(
            "Rep. David McKinley visited the border. Drugs are flowing into the country, "
            'McKinley said.\n\nBorder agents "say you’ve got to pay attention to this," [he] said.',
            "David McKinley",
            id="a common noun taken for a name is no antecedent",
        ),
        pytest.param(
            "“Mike would wipe out every penny he had,” [Teresa Nielsen Hayden] explained.",
            "Teresa Nielsen Hayden",
            id="a verb the recogniser ran into a name is not part of it",
        ),
        pytest.param(
            "Big Machine has denied it. [The company that runs the AMAs, Dick Clark "
            "Productions,] denies that anything has been sorted.",
            "Dick Clark Productions",
            id="a description closed by a name in apposition is the name's",
        ),
        pytest.param(
            "The Browns lost.\n\n[Browns QB Baker Mayfield] said the team would recover.",
            "Baker Mayfield",
            id="an office inside the recogniser's entity is no part of the name",
        ),
        pytest.param(
            "Markets fell after CNBC reported that the mood in Beijing was pessimistic. "
            "[The news organization] said tariffs were dampening China's outlook.",
            "CNBC",
            id="the news organization is the outlet named just before",
        ),
        pytest.param(
            "Beth Meacham edited the novels at Tor for a decade.\n\n"
            "John M. Ford wrote quickly and well.\n\n“Every book contained a puzzle,” [she] said.",
            "Beth Meacham",
            id="she passes over a man named just before for a woman named earlier",
        ),
        pytest.param(
            "Rep. Alexandria Ocasio-Cortez linked the threat to a television host.\n\n"
            "Rep. Ilhan Omar asked for compassion in a letter, saying she did not think a severe "
            "sentence would help. [She] added, “We must teach the defendant love.”",
            "Ilhan Omar",
            id="what the article shows outweighs what a forename suggests",
        ),
        pytest.param(
            "Donald Trump spoke at the rally. The clause surfaced in a 1992 court case, Trump "
            "v. Trump, over a postnuptial agreement. [Trump] said the clause was standard.",
            "Donald Trump",
            id="a court case named after a person is not a name of theirs",
        ),
        pytest.param(
            "John V. Lindsay spoke at City Hall. [Lindsay] said the city would recover.",
            "John V. Lindsay",
            id="a middle initial V. is no court case",
        ),
        pytest.param(
            "[Studies] show that tariffs raise prices.",
            "studies",
            id="studies without an owner keep the article's words",
        ),
    ],
)
def test_speaker_names(marked: str, name: str) -> None:
    assert speaker(resolved(marked)).name == name


@pytest.mark.parametrize(
    "text",
    [
        "Volker said he met them in August, after [Politico] reported the aid had been paused.",
        "Shares fell after [Bloomberg] reported that the deal was off.",
        "[The Washington Post] reported that the plan was dropped.",
    ],
)
def test_a_news_outlet_reporting_is_a_body_whatever_the_recogniser_called_it(text: str) -> None:
    assert speaker(resolved(text)).type == "organization"


def test_a_person_named_like_an_outlet_stays_a_person() -> None:
    s = speaker(resolved("[Michael Bloomberg] said the plan would work."))
    assert (s.name, s.type) == ("Michael Bloomberg", "person")


def test_a_name_is_shown_without_the_dash_a_signed_tweet_leaves_before_it() -> None:
    text = "“Great speech. She is ready.”\n\n-[President Obama], tweeting after Clinton’s speech"
    assert speaker(resolved(text)).name == "President Obama"


def test_a_surname_that_is_also_an_outlet_goes_to_the_person_named_before() -> None:
    s = speaker(
        resolved("Michael Bloomberg spoke on Monday. Later [Bloomberg] said he would not run.")
    )
    assert (s.name, s.type) == ("Michael Bloomberg", "person")
