"""Quotation regions: the marks that hand the floor to someone else."""

from __future__ import annotations

import re

from onrecord.attribute.merge import kind_of
from onrecord.attribute.quotes import QuoteIndex, find_quotes


def quotes_in(text: str) -> list[list[str]]:
    paragraphs = [m.span() for m in re.finditer(r"[^\n]+", text)]
    return [[text[s:e] for s, e in q.pieces] for q in find_quotes(text, paragraphs)]


def test_curly_and_straight_marks_both_make_quotes() -> None:
    text = '“One,” he said. Then "two," she said.'
    assert quotes_in(text) == [["“One,”"], ['"two,"']]


def test_a_quote_over_several_paragraphs_is_one_quote_with_a_piece_per_paragraph() -> None:
    text = "“First part of it.\n\n“Second part of it.\n\n“Last part,” she said."
    assert quotes_in(text) == [["“First part of it.", "“Second part of it.", "“Last part,”"]]


def test_an_unclosed_mark_inside_a_paragraph_spoils_nothing_after_it() -> None:
    text = "He called it “a disgrace and left.\n\n“Fine,” she said. “Really.”"
    assert quotes_in(text) == [["“Fine,”"], ["“Really.”"]]


def test_a_quote_paragraph_missing_its_closing_mark_runs_to_the_paragraph_end() -> None:
    text = "“We will win this\n\nThe mayor left."
    assert quotes_in(text) == [["“We will win this"]]


def test_typewriter_double_apostrophes_are_quotation_marks() -> None:
    text = "''It's nonsense,'' Mr. Trump said."
    assert quotes_in(text) == [["''It's nonsense,''"]]


def test_the_index_finds_the_quote_around_an_offset_and_nothing_outside() -> None:
    text = "He said “yes” and left."
    index = QuoteIndex(find_quotes(text, [(0, len(text))]))
    assert index.at(text.index("yes")) is not None
    assert index.at(text.index("left")) is None
    assert len(index.overlapping(0, len(text))) == 1


def test_a_closing_mark_typed_at_a_paragraph_start_opens_the_quote() -> None:
    text = "”Fear. I am afraid,” one reader wrote."
    assert quotes_in(text) == [["”Fear. I am afraid,”"]]


def test_a_content_is_direct_inside_marks_opened_before_it_on_its_line_and_not_after_a_break() -> (
    None
):
    text = "He said “we will rebuild the bridge” and “never stop.\nwe will rebuild"
    inside = text.index("we will")
    assert kind_of([(inside, inside + 7)], text) == "direct"
    assert kind_of([(text.index("and"), text.index("and") + 3)], text) == "indirect"
    assert kind_of([(text.index("stop"), text.index("stop") + 4)], text) == "direct"
    after_break = text.rindex("we will")  # the unclosed mark does not run past the line
    assert kind_of([(after_break, len(text))], text) == "indirect"
