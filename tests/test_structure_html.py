"""HTML page to Article: the story in blocks, captions, credits and bios kept apart, metadata."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from onrecord.errors import InputError
from onrecord.evaluate.extraction import load_pages
from onrecord.evaluate.corpora import data_root
from onrecord.structure.html import body_blocks, structure_html

COUNCIL = Path(__file__).parent / "data" / "html" / "council.html"
URL = "https://gazette.example/news/council-bridge?utm_source=feed"


@pytest.fixture(scope="module")
def council():
    return structure_html(COUNCIL.read_text(encoding="utf-8"), url=URL)


def body_of(article) -> str:
    return "\n\n".join(article.block_text(b) for b in body_blocks(article))


def test_text_is_the_blocks_a_blank_line_apart_and_every_block_indexes_into_it(council):
    pieces = [council.block_text(b) for b in council.blocks]
    assert council.text == "\n\n".join(pieces)
    assert [b.start for b in council.blocks] == sorted(b.start for b in council.blocks)


def test_headline_comes_first_and_paragraphs_keep_their_breaks(council):
    assert council.blocks[0].kind == "headline"
    assert council.block_text(council.blocks[0]) == "Council approves new bridge after long debate"
    assert council.headline == "Council approves new bridge after long debate"
    paragraphs = [council.block_text(b) for b in council.blocks_of("paragraph")]
    assert paragraphs[0].startswith("The city council voted 7 to 2")
    assert "\n\n" not in paragraphs[0]
    assert [council.block_text(b) for b in council.blocks_of("subheading")] == [
        "Money from the state"
    ]


def test_captions_and_their_photo_credits_are_blocks_of_their_own_never_body(council):
    body = body_of(council)
    captions = [(c.text.text, c.credit.text if c.credit else None) for c in council.captions]
    assert captions == [
        (
            "The old wooden crossing over the Mill River, closed since January.",
            "Photo: Sam Lee/Riverside Gazette",
        ),
        ("Council members vote on the bridge plan on Wednesday.", "(AP Photo/Maria Gomez)"),
    ]
    for caption in council.captions:
        assert council.text[caption.text.start : caption.text.end] == caption.text.text
        assert caption.text.text not in body
        assert caption.credit is not None and caption.credit.text not in body
    assert [council.block_text(b) for b in council.blocks_of("credit")] == [
        "Photo: Sam Lee/Riverside Gazette",
        "(AP Photo/Maria Gomez)",
    ]


def test_author_bio_box_is_kept_as_a_bio_not_as_the_story(council):
    (bio,) = council.blocks_of("author_bio")
    assert council.block_text(bio).startswith("Jane Porter covers city hall")
    assert "Jane Porter covers" not in body_of(council)


def test_a_closing_paragraph_about_the_writer_is_a_bio():
    page = (
        COUNCIL.read_text(encoding="utf-8")
        .replace('<div class="author-bio">', "<p>")
        .replace("radio stations.</div>", "radio stations.</p>")
    )
    article = structure_html(page)
    assert [article.block_text(b)[:27] for b in article.blocks_of("author_bio")] == [
        "Jane Porter covers city hal"
    ]


def test_links_to_other_stories_are_not_the_story(council):
    (related,) = council.blocks_of("related")
    assert council.block_text(related).startswith("Related: Mill River crossing")
    assert "Related:" not in body_of(council)


def test_page_metadata_and_both_urls_are_kept(council):
    assert council.authors == ["Jane Porter"]
    assert council.published == "2024-03-14"
    assert council.site == "Riverside Gazette"
    assert council.language == "en"
    assert council.url == URL
    assert council.canonical_url == "https://gazette.example/news/2024/03/council-bridge"


def test_navigation_and_footer_stay_out():
    article = structure_html(COUNCIL.read_text(encoding="utf-8"))
    assert "Privacy" not in article.text
    assert "All rights reserved" not in article.text


@pytest.mark.parametrize(
    "page",
    ["", "just some words, no markup", "<html><body><nav><a href='/'>Home</a></nav></body></html>"],
)
def test_a_page_without_an_article_is_refused_with_a_reason(page):
    with pytest.raises(InputError, match="not an HTML page|no article text"):
        structure_html(page)


needs_benchmark = pytest.mark.skipif(
    not (data_root() / "extraction" / "ground-truth.json").exists(),
    reason="the extraction benchmark is not in ../shared/data",
)


@needs_benchmark
def test_on_real_pages_no_figure_caption_ends_up_in_the_body():
    checked = 0
    for page in load_pages():
        article = structure_html(page.html, url=page.url)
        body = " ".join(body_of(article).split())
        for figcaption in lxml.html.fromstring(page.html).xpath("//figcaption"):
            caption = " ".join(" ".join(figcaption.itertext()).split())
            if len(caption.split()) >= 6:
                checked += 1
                assert caption not in body, (page.url, caption)
    assert checked > 20


@needs_benchmark
def test_on_a_real_page_the_photo_credit_is_split_from_its_caption():
    page = next(p for p in load_pages() if "europa-water-vapor" in p.url)
    article = structure_html(page.html, url=page.url)
    caption = next(c for c in article.captions if "plume of water vapor" in c.text.text)
    assert caption.credit is not None and "NASA" in caption.credit.text
    assert "NASA/ESA" not in body_of(article)
    assert article.authors == ["Mike Wall"]


def test_analyze_takes_a_page_as_a_string_and_offsets_index_the_extracted_text():
    from onrecord import analyze

    article = analyze(COUNCIL.read_text(encoding="utf-8"), url=URL)
    assert article.headline == "Council approves new bridge after long debate"
    assert article.url == URL and article.language == "en"
    assert "<p>" not in article.text
    for attribution in article.attributions:
        for span in [*attribution.content, attribution.cue, attribution.source]:
            if span is not None:
                assert article.text[span.start : span.end] == span.text


def test_a_relative_canonical_link_without_a_page_url_is_not_kept():
    article = structure_html(COUNCIL.read_text(encoding="utf-8"))
    assert article.url is None
    assert article.canonical_url is None


def _wire_page(paragraphs: list[str], author: str = "Jane Porter") -> str:
    """The council page with other paragraphs and author metadata."""
    page = COUNCIL.read_text(encoding="utf-8").replace(
        '<meta name="author" content="Jane Porter">', f'<meta name="author" content="{author}">'
    )
    start, end = page.index("<p>The city council"), page.index("<h2>")
    return page[:start] + "".join(f"<p>{p}</p>" for p in paragraphs) + page[end:]


STORY = "The city council voted 7 to 2 on Wednesday night to replace the old wooden crossing."


@pytest.mark.parametrize(
    ("opening", "agency"),
    [
        (f"WASHINGTON (AP) — {STORY}", "AP"),
        (f"SANTA FE, N.M. (AP) — {STORY}", "AP"),
        (f"LONDON (Reuters) - {STORY}", "Reuters"),
        (f"HANOI, Vietnam (AFP) – {STORY}", "AFP"),
    ],
)
def test_the_wire_credit_comes_from_the_dateline_opening_the_story(opening, agency):
    article = structure_html(_wire_page([opening, STORY]), url=URL)
    assert article.wire_credit == agency
    assert body_of(article).startswith(opening)


def test_the_wire_credit_comes_from_an_agency_in_the_byline():
    article = structure_html(_wire_page([STORY, STORY], "By AMY SMITH, Associated Press"))
    assert article.wire_credit == "Associated Press"


def test_a_line_crediting_an_agency_or_reporters_credits_the_story_and_is_not_its_body():
    credit = "The Associated Press contributed to this report."
    article = structure_html(_wire_page([STORY, STORY, STORY, credit]), url=URL)
    assert article.wire_credit == "The Associated Press"
    assert [article.block_text(b) for b in article.blocks_of("wire_credit")] == [credit]
    assert credit not in body_of(article)


def test_a_page_crediting_no_agency_has_no_wire_credit(council):
    assert council.wire_credit is None


@needs_benchmark
def test_on_real_pages_wire_datelines_give_the_wire_credit():
    dated = {}
    for page in load_pages():
        article = structure_html(page.html, url=page.url)
        opening = next(iter(body_blocks(article)), None)
        if opening and "(AP) —" in article.block_text(opening)[:60]:
            dated[page.url] = article.wire_credit
    assert len(dated) == 4 and set(dated.values()) <= {"AP", "Associated Press"}


@pytest.mark.parametrize(
    ("field", "authors"),
    [
        ("Phil Helsel is a reporter for NBC News.", ["Phil Helsel"]),
        ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
        ("CNN Editor-at-large", []),
        ("Jill Disis, CNN Business", ["Jill Disis"]),
        ("By TOM KRISHER, AP Auto Writer", ["Tom Krisher"]),
    ],
)
def test_the_page_author_metadata_gives_the_writers_names_only(field, authors):
    page = _wire_page([STORY, STORY], field).replace("Riverside Gazette", "CNN")
    assert structure_html(page, url="https://edition.cnn.com/2019/x").authors == authors


@needs_benchmark
def test_on_real_pages_authors_are_names_not_titles_desks_agencies_or_outlets():
    authors = {
        page.url.split("/")[2]: structure_html(page.html, url=page.url).authors
        for page in load_pages()
    }
    assert authors["www.cnn.com"] == ["Jill Disis"]  # and "CNN Business"
    assert authors["www.sfgate.com"] == ["Steve Peoples"]  # "AP National Political Writer"
    assert authors["hosted.ap.org"] == ["Danica Kirka", "Jill Lawless"]
    assert authors["www.cleveland.com"] == ["Troy Smith"]  # "Troy L Smith", "Cleveland com"
    assert authors["www.ctvnews.ca"] == []  # "The Associated Press"
    assert authors["sputniknews.com"] == ["Finian Cunningham"]  # "… Sputnik International"
    for names in authors.values():
        for name in names:
            assert 2 <= len(name.split()) <= 5 and not name.isupper(), name


def test_a_writer_named_with_the_outlet_run_on_is_the_writer_and_a_blog_keeps_its_writer():
    page = _wire_page([STORY, STORY], "Finian Cunningham. Sputnik International")
    page = page.replace("| Riverside Gazette</title>", "- Sputnik International</title>")
    assert structure_html(page, url=URL).authors == ["Finian Cunningham"]
    blog = _wire_page([STORY, STORY]).replace(
        "| Riverside Gazette</title>", "| Jane Porter</title>"
    )
    assert structure_html(blog, url=URL).authors == ["Jane Porter"]


STORY = "".join(
    f"<p>The mayor said on Monday that the bridge would reopen in the spring, part {n}.</p>"
    for n in range(3)
)


def test_a_caption_inside_a_caption_box_is_one_caption_not_two() -> None:
    page = (
        f"<html><body><article><h1>Bridge</h1>{STORY}<div class='wp-caption'><img src='a.jpg'>"
        "<p class='wp-caption-text'>The old crossing. (AP Photo/Jane Roe)</p></div></article>"
        "</body></html>"
    )
    article = structure_html(page)
    assert [(c.text.text, c.credit.text if c.credit else None) for c in article.captions] == [
        ("The old crossing.", "(AP Photo/Jane Roe)")
    ]


def test_nested_figures_and_credits_are_read_once_however_deep() -> None:
    depth = 100  # twice this is near the parser's own limit on nesting
    figure = (
        "<figure>" * depth
        + "<figcaption>The old crossing."
        + "<span class='credit'>Jane " * depth
        + "</span>" * depth
        + "</figcaption>"
        + "</figure>" * depth
    )
    page = f"<html><body><article><h1>Bridge</h1>{STORY}{figure}</article></body></html>"
    article = structure_html(page)
    assert [(c.text.text, c.credit.text if c.credit else None) for c in article.captions] == [
        ("The old crossing.", " ".join(["Jane"] * depth))
    ]
