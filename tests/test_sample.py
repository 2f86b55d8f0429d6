"""The canonical sample: every item of its hand-written gold analysis must come out right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import onrecord
from onrecord.records import Article, Attribution

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "000_88a4e4ddf26ddf09.txt"
GOLD = json.loads((DATA / "000_88a4e4ddf26ddf09.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def article() -> Article:
    return onrecord.analyze(SAMPLE.read_text(encoding="utf-8"), origin=str(SAMPLE))


def _overlap(attribution: Attribution, start: int, end: int) -> float:
    """Character overlap between predicted content and a gold span: the F1 of the characters
    they share, so both a missing stretch and an extra one count against it."""
    predicted = {i for span in attribution.content for i in range(span.start, span.end)}
    gold = set(range(start, end))
    return 2 * len(predicted & gold) / (len(predicted) + len(gold))


def _match(article: Article, gold: dict) -> Attribution:
    start, end = gold["content"]["span"]
    best = max(article.attributions, key=lambda a: _overlap(a, start, end))
    assert _overlap(best, start, end) >= 0.9, f"no attribution covers {gold['content']['text']!r}"
    return best


def test_text_is_the_input_itself(article: Article) -> None:
    assert article.text == SAMPLE.read_text(encoding="utf-8")


def test_headline_section_and_wire_credit(article: Article) -> None:
    assert article.headline == GOLD["headline"]
    assert article.section == GOLD["section"]
    assert article.wire_credit == GOLD["wire_credit"]


def test_subheadings_are_found(article: Article) -> None:
    found = [article.block_text(b) for b in article.blocks_of("subheading")]
    assert found == GOLD["subheadings"]


@pytest.mark.parametrize("furniture", GOLD["not_body"])
def test_furniture_stays_out_of_paragraphs(article: Article, furniture: str) -> None:
    start = article.text.index(furniture)
    end = start + len(furniture)
    for block in article.blocks_of("paragraph"):
        assert block.end <= start or block.start >= end, f"{furniture!r} is inside a paragraph"


def test_author_bio_is_its_own_block(article: Article) -> None:
    assert [article.block_text(b) for b in article.blocks_of("author_bio")] == [GOLD["author_bio"]]


def test_both_captions_with_their_credits(article: Article) -> None:
    found = [
        {
            "title": c.title.text if c.title else None,
            "text": c.text.text,
            "credit": c.credit.text if c.credit else None,
        }
        for c in article.captions
    ]
    assert found == GOLD["captions"]
    for caption in article.captions:
        for span in (caption.title, caption.text, caption.credit):
            assert span is not None and article.text[span.start : span.end] == span.text


def test_exactly_the_gold_attributions_are_found(article: Article) -> None:
    assert len(article.attributions) == len(GOLD["attributions"])
    matched = {id(_match(article, gold)) for gold in GOLD["attributions"]}
    assert len(matched) == len(GOLD["attributions"])


@pytest.mark.parametrize(
    "gold", GOLD["attributions"], ids=[g["content"]["text"][:40] for g in GOLD["attributions"]]
)
def test_gold_attribution(article: Article, gold: dict) -> None:
    found = _match(article, gold)
    assert found.kind == gold["kind"]
    assert found.cue is not None and found.cue.text == gold["cue"]["text"]
    assert found.source is not None
    assert (found.source.start, found.source.end) == tuple(gold["source"]["span"])
    assert found.source.text == gold["source"]["text"]
    speaker = article.speaker(found.speaker_id)
    assert speaker is not None and speaker.name == gold["speaker"]
    if "speaker_title" in gold:
        assert gold["speaker_title"].lower() in [t.lower() for t in speaker.titles]
    if "speaker_affiliation" in gold:
        assert gold["speaker_affiliation"] in speaker.affiliations
    if "context" in gold:
        assert found.context is not None and found.context.text == gold["context"]


def test_every_span_indexes_into_the_text(article: Article) -> None:
    spans = [s for a in article.attributions for s in (*a.content, a.cue, a.source, a.context) if s]
    spans += [m for s in article.speakers for m in s.mentions]
    for span in spans:
        assert article.text[span.start : span.end] == span.text
