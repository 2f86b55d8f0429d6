"""Plain-text article structure: page furniture is set apart, body paragraphs are never lost.

The fixtures under data/structure/ are copied pages in seven house styles (an AP wire story,
a British tabloid, a blog, a Reuters story, a local paper with bare credits and single-spaced
lines, the BBC, a single-spaced page with menus and tag lists); the canonical sample and the
PolNeAR dev texts check the same rules at scale.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import lxml.html
import pytest

from onrecord.evaluate.corpora import data_root
from onrecord.evaluate.polnear import read_polnear
from onrecord.records import BLOCK_KINDS, Article
from onrecord.structure.text import structure_text
from onrecord.structure.authors import authors_in, distinct_people, is_author_bio, is_byline
from onrecord.structure.credits import agency_in, is_photo_credit, is_wire_credit
from onrecord.structure.datelines import is_dateline
from onrecord.structure.widgets import is_widget

DATA = Path(__file__).parent / "data"
FIXTURES = DATA / "structure"
SAMPLE = DATA / "000_88a4e4ddf26ddf09.txt"
GOLD = json.loads((DATA / "000_88a4e4ddf26ddf09.gold.json").read_text(encoding="utf-8"))
POLNEAR_DEV = data_root() / "polnear" / "dev" / "text"
EXTRACTION = data_root() / "extraction"


def structured(name: str) -> Article:
    path = SAMPLE if name == "sample" else FIXTURES / f"{name}.txt"
    return structure_text(path.read_text(encoding="utf-8"))


def texts(article: Article, kind: str) -> list[str]:
    return [article.block_text(b) for b in article.blocks_of(kind)]


def kind_of(article: Article, snippet: str) -> str:
    """The kind of the block holding `snippet` (which must lie inside one block)."""
    start = article.text.index(snippet)
    (block,) = [b for b in article.blocks if b.start <= start < b.end]
    assert start + len(snippet) <= block.end, f"{snippet!r} runs over a block's end"
    return block.kind


def captions(article: Article) -> list[tuple[str | None, str, str | None]]:
    return [
        (c.title.text if c.title else None, c.text.text, c.credit.text if c.credit else None)
        for c in article.captions
    ]


ALL = ["sample", "ap_wire", "tabloid", "blog", "reuters", "local", "bbc", "newsweek"]


# --- invariants, for every house style ---------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_text_is_the_input_unchanged(name: str) -> None:
    path = SAMPLE if name == "sample" else FIXTURES / f"{name}.txt"
    assert structured(name).text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ALL)
def test_blocks_are_trimmed_ordered_disjoint_and_of_known_kinds(name: str) -> None:
    article = structured(name)
    previous_end = 0
    for block in article.blocks:
        assert block.kind in BLOCK_KINDS
        assert previous_end <= block.start < block.end
        assert article.block_text(block) == article.block_text(block).strip()
        previous_end = block.end


@pytest.mark.parametrize("name", ALL)
def test_every_line_of_text_belongs_to_some_block(name: str) -> None:
    article = structured(name)
    covered = set()
    for block in article.blocks:
        covered.update(range(block.start, block.end))
    assert all(i in covered for i, c in enumerate(article.text) if not c.isspace())


@pytest.mark.parametrize("name", ALL)
def test_caption_spans_point_at_their_own_blocks(name: str) -> None:
    article = structured(name)
    kinds = {(b.start, b.end): b.kind for b in article.blocks}
    caption_blocks = article.blocks_of("caption")
    for caption in article.captions:
        assert any(
            b.start <= caption.text.start < caption.text.end <= b.end for b in caption_blocks
        )
        if caption.title:
            assert kinds[(caption.title.start, caption.title.end)] == "image_title"
        if caption.credit:
            assert kinds[(caption.credit.start, caption.credit.end)] == "credit"


# --- the canonical sample ----------------------------------------------------------------


def test_sample_headline_section_and_wire_credit() -> None:
    article = structured("sample")
    assert article.headline == GOLD["headline"]
    assert article.section == GOLD["section"]
    assert article.wire_credit == GOLD["wire_credit"]


def test_sample_subheadings_in_order() -> None:
    assert texts(structured("sample"), "subheading") == GOLD["subheadings"]


@pytest.mark.parametrize("furniture", GOLD["not_body"])
def test_sample_furniture_lies_outside_paragraphs(furniture: str) -> None:
    article = structured("sample")
    start = article.text.index(furniture)
    end = start + len(furniture)
    for block in article.blocks_of("paragraph"):
        assert block.end <= start or block.start >= end


def test_sample_captions_have_title_text_and_credit() -> None:
    expected = [(c["title"], c["text"], c["credit"]) for c in GOLD["captions"]]
    assert captions(structured("sample")) == expected


def test_sample_author_bio_after_the_wire_credit_is_its_own_block() -> None:
    assert texts(structured("sample"), "author_bio") == [GOLD["author_bio"]]


def test_sample_tail_widgets_and_related_heading() -> None:
    article = structured("sample")
    assert kind_of(article, "What's your reaction?") == "widget"
    assert kind_of(article, "Related Posts") == "related"
    assert kind_of(article, "1 of 421") == "widget"


def test_sample_keeps_every_body_paragraph() -> None:
    article = structured("sample")
    assert len(article.blocks_of("paragraph")) == 13
    assert kind_of(article, "Swedish Defense Minister Pål Jonson said:") == "paragraph"


# --- an AP wire story --------------------------------------------------------------------


def test_wire_story_byline_in_capitals_gives_authors_in_ordinary_case() -> None:
    article = structured("ap_wire")
    assert texts(article, "byline") == ["By AMY SMITH and JOHN DOE, Associated Press"]
    assert article.authors == ["Amy Smith", "John Doe"]


def test_wire_story_headline_section_and_agency() -> None:
    article = structured("ap_wire")
    assert article.section == "Politics"
    assert article.headline == "Senate passes stopgap bill to avert government shutdown"
    assert article.wire_credit == "Associated Press"


def test_wire_story_opening_dateline_stays_in_its_paragraph() -> None:
    article = structured("ap_wire")
    assert kind_of(article, "WASHINGTON (AP) — The Senate passed") == "paragraph"
    assert texts(article, "dateline") == ["Updated 4:12 PM EST, February 14, 2025"]


def test_wire_story_caption_is_cut_from_its_closing_photo_credit() -> None:
    (caption,) = captions(structured("ap_wire"))
    assert caption[0] is None
    assert caption[1].startswith("Senate Majority Leader John Thune speaks to reporters")
    assert caption[1].endswith("Feb. 14, 2025.")
    assert caption[2] == "(AP Photo/J. Scott Applewhite)"


def test_wire_story_contributor_line_and_copyright_are_not_body() -> None:
    article = structured("ap_wire")
    assert kind_of(article, "Associated Press writer Lisa Mascaro") == "wire_credit"
    assert kind_of(article, "Copyright 2025 The Associated Press") != "paragraph"


def test_short_quote_paragraphs_stay_paragraphs() -> None:
    article = structured("ap_wire")
    assert kind_of(article, "“We’re going to win,” Trump said.") == "paragraph"
    assert kind_of(article, "“We did our job,” Senate Majority Leader") == "paragraph"


# --- a British tabloid -------------------------------------------------------------------


def test_tabloid_breadcrumb_gives_the_most_specific_section() -> None:
    article = structured("tabloid")
    assert article.section == "Politics"
    assert article.headline is not None and article.headline.startswith("Boris Johnson blasts")


def test_tabloid_standfirst_without_full_stop_stays_a_paragraph() -> None:
    assert kind_of(structured("tabloid"), "The former Prime Minister hit out") == "paragraph"


def test_tabloid_caption_with_image_credit_in_brackets() -> None:
    assert captions(structured("tabloid")) == [
        (None, "Boris Johnson at a rally in London last year", "(Image: Getty)")
    ]


def test_tabloid_read_more_share_and_follow_lines_are_widgets() -> None:
    article = structured("tabloid")
    assert texts(article, "widget") == [
        "Share this article",
        "Read more: Keir Starmer faces backlash over winter fuel U-turn",
        "Read More",
        "Share this article",
        "Follow us on Facebook",
    ]


def test_tabloid_related_list_ends_where_prose_resumes() -> None:
    article = structured("tabloid")
    assert texts(article, "related") == [
        "Related Articles",
        "Rishi Sunak breaks silence on Tory leadership race",
        "Nigel Farage mocked after awkward TV blunder",
    ]
    assert kind_of(article, "The row comes as ministers prepare") == "paragraph"


def test_tabloid_byline_drops_the_job_title_and_names_no_agency() -> None:
    article = structured("tabloid")
    assert article.authors == ["Jane Smith"]
    assert article.wire_credit is None
    assert texts(article, "dateline") == ["15:42, 14 Feb 2025"]


# --- a blog ------------------------------------------------------------------------------


def test_blog_byline_with_date_and_reading_time() -> None:
    article = structured("blog")
    assert texts(article, "byline") == ["Posted by Mark Chen | March 3, 2025 | 5 min read"]
    assert article.authors == ["Mark Chen"]
    assert article.section == "Policy"


def test_blog_subscribe_advertisement_tags_and_comment_lines_are_widgets() -> None:
    assert texts(structured("blog"), "widget") == [
        "Subscribe to our newsletter",
        "Advertisement",
        "Advertisement",
        "Tags: FCC, net neutrality, broadband, Brendan Carr",
        "Leave a comment",
    ]


def test_blog_question_heading_in_title_case_is_a_subheading() -> None:
    assert texts(structured("blog"), "subheading") == ["What Comes Next?"]


def test_blog_author_profile_before_the_comment_link_is_a_bio() -> None:
    (bio,) = texts(structured("blog"), "author_bio")
    assert bio.startswith("Mark Chen is a senior writer covering telecom policy.")


def test_blog_keeps_its_four_paragraphs() -> None:
    assert len(structured("blog").blocks_of("paragraph")) == 4


# --- a Reuters story ---------------------------------------------------------------------


def test_reuters_agency_comes_from_the_opening_dateline() -> None:
    article = structured("reuters")
    assert article.wire_credit == "Reuters"
    assert article.authors == ["Andrew Gray", "Sabine Siebold"]


@pytest.mark.parametrize(
    ("opening", "agency"),
    [
        ("WASHINGTON (AP) — New uncertainty hangs over the Democratic primary.", "AP"),
        ("SANTA FE, N.M. (AP) — A cat missing for five years has been found.", "AP"),
        ("LONDON (Reuters) - Britain's Conservative Party was accused on Wednesday.", "Reuters"),
    ],
)
def test_a_story_copied_without_its_headline_opens_on_its_dateline_paragraph(
    opening: str, agency: str
) -> None:
    article = structure_text(f"{opening}\n\nThe second paragraph says more about it.\n")
    assert (article.headline, article.wire_credit) == (None, agency)
    assert kind_of(article, opening) == "paragraph"


def test_reuters_reporting_and_editing_credit_is_a_wire_credit() -> None:
    article = structured("reuters")
    assert kind_of(article, "Reporting by Andrew Gray and Sabine Siebold;") == "wire_credit"
    assert kind_of(article, "Our Standards:") == "widget"


def test_reuters_caption_ends_in_a_bare_slashed_credit() -> None:
    ((title, text, credit),) = captions(structured("reuters"))
    assert title is None
    assert text.endswith("Washington, U.S., February 13, 2025.")
    assert credit == "REUTERS/Kevin Lamarque"


def test_reuters_timestamp_line_is_a_dateline() -> None:
    dateline = "February 13, 2025 3:45 PM GMT Updated 2 hours ago"
    assert texts(structured("reuters"), "dateline") == [dateline]


# --- a local paper: bare credits, single line breaks -------------------------------------


def test_lead_picture_credit_under_the_headline_takes_no_caption() -> None:
    article = structured("local")
    assert article.headline == "Mayor Unveils $2 Billion Transit Plan for Los Angeles"
    assert kind_of(article, "(Getty Images)") == "credit"


def test_body_paragraph_before_a_bare_credit_stays_a_paragraph() -> None:
    article = structured("local")
    assert kind_of(article, "The plan still needs approval") == "paragraph"
    assert texts(article, "credit") == ["(Getty Images)", "Getty Images", "Photo: Reuters"]


def test_caption_without_title_above_a_labelled_credit() -> None:
    ((title, text, credit),) = captions(structured("local"))
    assert title is None
    assert text.startswith("Mayor Karen Bass speaks at a news conference")
    assert credit == "Photo: Reuters"


def test_inline_related_link_and_more_from_list() -> None:
    assert texts(structured("local"), "related") == [
        "Related: Metro ridership climbs back to pre-pandemic levels",
        "More from the Daily News",
        "City Council delays vote on rent control expansion",
        "Why Are LA Bus Riders Waiting Longer?",
    ]


def test_staff_contributor_line_is_a_wire_credit_naming_no_agency() -> None:
    article = structured("local")
    assert texts(article, "wire_credit") == [
        "Daily News staff writer Tom Reyes contributed to this report."
    ]
    assert article.wire_credit is None


def test_single_spaced_paragraphs_are_each_a_paragraph() -> None:
    assert len(structured("local").blocks_of("paragraph")) == 5


# --- small inputs ------------------------------------------------------------------------


def test_a_lone_line_is_a_paragraph_not_a_headline() -> None:
    article = structure_text("“We’re going to win,” Trump said.")
    assert article.headline is None
    assert texts(article, "paragraph") == ["“We’re going to win,” Trump said."]


def test_empty_text_has_no_blocks() -> None:
    assert structure_text("  \n\n ").blocks == []


def test_hard_wrapped_lines_join_into_one_paragraph() -> None:
    text = (
        "Headline Here\n\n"
        "Editor’s note: Donald Trump regularly\nincites violence and is\na serial liar.\n"
    )
    article = structure_text(text)
    assert texts(article, "paragraph") == [
        "Editor’s note: Donald Trump regularly\nincites violence and is\na serial liar."
    ]


def test_windows_line_endings_keep_offsets_exact() -> None:
    text = (
        "USA News\r\n\r\nA Headline About Talks\r\n\r\n"
        "He said it was “fine.”\r\n\r\nAdvertisement\r\n"
    )
    article = structure_text(text)
    assert (article.section, article.headline) == ("USA News", "A Headline About Talks")
    assert texts(article, "paragraph") == ["He said it was “fine.”"]
    assert texts(article, "widget") == ["Advertisement"]


def test_a_heading_needs_a_paragraph_under_it() -> None:
    text = "A Headline\n\nFirst paragraph.\n\nShow humility\nStop lying\nMore paragraph text."
    article = structure_text(text)
    assert texts(article, "subheading") == []


# --- line shapes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Harry Nakos/AP Photo",
        "Photo: Reuters",
        "(Getty Images)",
        "Credit: Jane Doe/The New York Times",
        "(Image: Getty)",
        "AFP via Getty Images",
        "Photograph by Jane Doe",
        "Courtesy of the White House",
    ],
)
def test_photo_credit_shapes(line: str) -> None:
    assert is_photo_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "Clinton Breaks With Obama On 9/11 Lawsuit Bill.",
        "Image problems persist for the campaign.",
        "The and/or question is still open.",
    ],
)
def test_sentences_with_slashes_or_picture_words_are_not_credits(line: str) -> None:
    assert not is_photo_credit(line)


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("This article contains reporting by The Associated Press", "The Associated Press"),
        ("Reuters contributed to this report.", "Reuters"),
        ("Associated Press writer Amy Lee in Boston contributed.", "Associated Press"),
        ("Additional reporting by Jane Doe in London", None),
        ("Information from Agence France-Presse was used in this report.", "Agence France-Presse"),
    ],
)
def test_wire_credit_shapes_and_their_agency(line: str, agency: str | None) -> None:
    assert is_wire_credit(line)
    assert agency_in(line) == agency


@pytest.mark.parametrize(
    "line",
    [
        "He contributed.",
        "Reporting by ProPublica revealed that the justice took luxury trips.",
        "Reporting by the Times found problems with the contract.",
    ],
)
def test_sentences_about_reporting_are_not_wire_credits(line: str) -> None:
    assert not is_wire_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "What's your reaction?",
        "Share this article",
        "Subscribe to our newsletter",
        "Follow us on X",
        "Read more",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "1 of 421",
        "Page 2 of 3",
        "5 min read",
        "Facebook Twitter Email",
        "***",
        "Read more »",
    ],
)
def test_widget_shapes(line: str) -> None:
    assert is_widget(line)


@pytest.mark.parametrize(
    "line",
    [
        "Get ready, he told us.",
        "Share prices fell sharply on Monday after the announcement.",
        "“Read more books,” she said.",
        "Read more books, he urged.",
        "Read the full report, she said.",
    ],
)
def test_prose_that_starts_like_a_widget_is_not_one(line: str) -> None:
    assert not is_widget(line)


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Jane Smith", ["Jane Smith"]),
        ("By AMY SMITH, Associated Press", ["Amy Smith"]),
        ("BY JOHN O'NEIL and MARY LEE", ["John O'Neil", "Mary Lee"]),
        ("Written by Ana de la Cruz", ["Ana de la Cruz"]),
        ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
        ("Opinion by Jane Smith", ["Jane Smith"]),
    ],
)
def test_byline_shapes_and_their_authors(line: str, authors: list[str]) -> None:
    assert is_byline(line)
    assert authors_in(line) == authors


@pytest.mark.parametrize("line", ["By Tuesday, the Senate had voted.", "By the way"])
def test_sentences_opening_with_by_are_not_bylines(line: str) -> None:
    assert not is_byline(line)


@pytest.mark.parametrize(
    "line",
    ["WASHINGTON (AP) —", "LONDON, March 3 (Reuters) -", "Published: 13 February 2025", "2 p.m."],
)
def test_dateline_shapes(line: str) -> None:
    assert is_dateline(line)


@pytest.mark.parametrize("line", ["USA News", "Correction: October 2, 2016, Sunday.", "1 of 421"])
def test_lines_that_are_not_datelines(line: str) -> None:
    assert not is_dateline(line)


def test_author_bio_shape_needs_a_name_and_a_profile() -> None:
    assert is_author_bio("Jane Doe covers politics for Newsweek.")
    assert not is_author_bio("The Pentagon covers the costs.")
    assert not is_author_bio("Trump is a candidate.")


# --- PolNeAR: headline plus paragraphs, none lost ----------------------------------------

needs_polnear = pytest.mark.skipif(
    not POLNEAR_DEV.is_dir(), reason=f"PolNeAR dev texts not at {POLNEAR_DEV}"
)


@needs_polnear
def test_polnear_dev_paragraphs_hold_97_percent_of_the_body() -> None:
    """Measured: 99.8% of the non-headline characters of the 84 dev texts."""
    total = covered = 0
    for path in sorted(POLNEAR_DEV.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        article = structure_text(text)
        in_paragraph = bytearray(len(text))
        for block in article.blocks_of("paragraph"):
            in_paragraph[block.start : block.end] = b"\1" * (block.end - block.start)
        body = range(text.index("\n"), len(text))
        total += sum(1 for i in body if not text[i].isspace())
        covered += sum(in_paragraph[i] for i in body if not text[i].isspace())
    assert covered / total >= 0.97


@needs_polnear
def test_polnear_dev_first_line_is_the_headline() -> None:
    for path in sorted(POLNEAR_DEV.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        assert structure_text(text).headline == text.split("\n", 1)[0].strip(), path.name


# --- the BBC: captions and credits that name themselves ----------------------------------


def test_bbc_labelled_caption_takes_the_image_source_above_it() -> None:
    assert captions(structured("bbc")) == [
        (
            None,
            "Boris Johnson was speaking at a campaign event in Kent last month",
            "Image source, Getty Images",
        ),
        (None, "Watch: Johnson's statement in full", None),
    ]


def test_bbc_byline_broken_after_the_comma_is_one_byline() -> None:
    article = structured("bbc")
    assert texts(article, "byline") == ["By Jane Smith,\nBBC political correspondent"]
    assert article.authors == ["Jane Smith"]


def test_bbc_date_share_save_and_topics_are_not_body() -> None:
    article = structured("bbc")
    assert texts(article, "dateline") == ["9 June 2025"]
    assert texts(article, "widget") == ["Share", "Save"]
    assert texts(article, "related") == ["Related Topics", "Boris Johnson", "Conservative Party"]
    assert len(article.blocks_of("paragraph")) == 4


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (
            "President Trump at the White House on Monday.Credit...Doug Mills/The New York Times",
            "President Trump at the White House on Monday.",
            "Credit...Doug Mills/The New York Times",
        ),
        (
            "Donald Trump at a rally in Ohio on Monday. (Jabin Botsford/The Washington Post)",
            "Donald Trump at a rally in Ohio on Monday.",
            "(Jabin Botsford/The Washington Post)",
        ),
        (
            "Donald Trump in Ohio. Photograph: Evan Vucci/AP",
            "Donald Trump in Ohio.",
            "Photograph: Evan Vucci/AP",
        ),
    ],
)
def test_a_credit_closing_a_caption_line_is_cut_off(line: str, caption: str, credit: str) -> None:
    article = structure_text(f"A Headline Over It\n\n{line}\n\nThe body begins here.")
    assert captions(article) == [(None, caption, credit)]


def test_a_quoted_paragraph_ending_in_a_bracketed_credit_stays_a_paragraph() -> None:
    line = "“We will win,” Trump said on Monday. (AP Photo/Evan Vucci)"
    article = structure_text(f"A Headline Over It\n\n{line}\n\nThe body begins here.")
    assert article.captions == []
    assert texts(article, "paragraph")[0] == line


@needs_polnear
def test_polnear_dev_gold_attributions_lie_in_paragraphs_or_the_headline() -> None:
    """No annotated attribution content falls into a block set apart as furniture."""
    misplaced = []
    for gold in read_polnear("dev"):
        article = structure_text(gold.text)
        furniture = [b for b in article.blocks if b.kind not in ("paragraph", "headline")]
        for relation in gold.attributions:
            for start, end in relation.content:
                misplaced += [
                    (gold.name, article.block_text(b))
                    for b in furniture
                    if b.start < end and start < b.end
                ]
    assert misplaced == []


# --- a single-spaced page with menus and tag lists ---------------------------------------


def test_initialism_section_over_the_headline() -> None:
    article = structured("newsweek")
    assert (article.section, article.headline) == (
        "U.S.",
        "Trump Says He'll Meet Putin 'Soon' After Phone Call",
    )


def test_job_title_under_the_byline_belongs_to_it() -> None:
    article = structured("newsweek")
    assert texts(article, "byline") == ["By Jane Smith", "Senior News Reporter"]
    assert article.authors == ["Jane Smith"]


def test_runs_of_capitalised_link_lines_are_widgets() -> None:
    widgets = texts(structured("newsweek"), "widget")
    assert ["World", "Donald Trump", "Vladimir Putin", "Ukraine"] == widgets[2:6]
    assert widgets[-3:] == [
        "Request Reprint & Licensing",
        "Submit Correction",
        "View Editorial Guidelines",
    ]


def test_single_spaced_body_lines_stay_paragraphs_between_menus() -> None:
    paragraphs = texts(structured("newsweek"), "paragraph")
    assert len(paragraphs) == 3
    assert paragraphs[1].startswith('"We agreed to work together')


def test_a_short_list_of_sentence_case_items_is_not_a_menu() -> None:
    text = "A Headline\n\nShe had three rules.\nShow humility\nStop lying\nBe kind\n\nThat was all."
    article = structure_text(text)
    assert texts(article, "widget") == []


def test_single_spaced_heading_and_paragraph_over_a_bare_credit_are_not_a_caption() -> None:
    text = (
        "A Headline Over the Story\n"
        "What to Know\n"
        "The plan costs $2 billion and is expected to pass.\n"
        "Getty Images\n"
        "Bass said the money would come from a sales tax."
    )
    article = structure_text(text)
    assert article.captions == []
    assert kind_of(article, "The plan costs $2 billion") == "paragraph"


# --- whole web pages: the prose of the true article body stays in paragraphs -------------

needs_extraction = pytest.mark.skipif(
    not (EXTRACTION / "ground-truth.json").is_file(),
    reason=f"extraction benchmark not at {EXTRACTION}",
)
_BLOCK_TAGS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 tr section article header footer figure figcaption"
    " blockquote ul ol table nav aside main dd dt pre hr form address".split()
)


def _page_text(html: str) -> str:
    """A page's visible text with a line break around every block, as a reader selecting the
    whole page and copying it would get it: menus, widgets and footers included."""
    root = lxml.html.fromstring(html)
    for hidden in root.xpath("//script|//style|//noscript|//template|//svg|//head"):
        hidden.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
            element.text = "\n\n" + (element.text or "")
    return re.sub(r"\n\s*\n\s*", "\n\n", re.sub(r"[ \t\xa0]+", " ", root.text_content()))


@needs_extraction
def test_prose_of_true_article_bodies_stays_in_paragraphs_on_whole_pages() -> None:
    """Measured: 1417 of 1418 prose lines kept (the one lost is a "Click here to …" line)."""
    truth = json.loads((EXTRACTION / "ground-truth.json").read_text(encoding="utf-8"))
    kept = total = 0
    for name, page in truth.items():
        path = EXTRACTION / "html" / f"{name}.html.gz"
        if not path.is_file():
            continue
        text = _page_text(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        article = structure_text(text)
        paragraphs = "\n".join(texts(article, "paragraph"))
        for line in page["articleBody"].split("\n"):
            line = " ".join(line.split())
            if len(line.split()) >= 8 and line[-1:] in '.!?"”' and line in " ".join(text.split()):
                total += 1
                kept += line in " ".join(paragraphs.split())
    assert total > 1000
    assert kept / total >= 0.99


@pytest.mark.parametrize(
    ("field", "authors"),
    [
        ("Phil Helsel is a reporter for NBC News.", ["Phil Helsel"]),
        ("Analysis by Chris Cillizza", ["Chris Cillizza"]),
        ("CNN Editor-at-large", []),
        ("AP National Political Writer", []),
        ("Staff Reports", []),
        ("The Associated Press", []),
        ("JILL LAWLESS Associated Press", ["Jill Lawless"]),
        ("Carrie Arnold November", ["Carrie Arnold"]),
        ("Theresa May", ["Theresa May"]),
        ("Ilana Muhlstein, MS, RDN", ["Ilana Muhlstein"]),
        ("Admin", []),
    ],
)
def test_an_author_field_gives_names_only(field: str, authors: list[str]) -> None:
    """What pages put in their author metadata: a profile's sentence gives its name, a job
    title, a desk, an agency or a user name gives nothing, a month run on is dropped."""
    assert authors_in(field) == authors


def test_one_writer_named_twice_is_one_author() -> None:
    assert distinct_people(["Troy Smith", "Troy L Smith", "TROY SMITH", "Amy Smith"]) == [
        "Troy Smith",
        "Amy Smith",
    ]
