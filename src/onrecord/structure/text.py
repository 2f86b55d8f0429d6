"""The structure of an article given as plain text, as copied from a news page.

Copied text carries the page's furniture along with the story: a section label, the
headline, bylines, picture titles, captions and credits, widgets, related links, wire
credits and the author's profile. Each line is classified by its shape and position, in
passes from the surest to the least sure; whatever no pass claims is a paragraph, so a body
paragraph is lost only if it looks exactly like furniture.
"""

from __future__ import annotations

import re

from onrecord.records import Article, Block
from onrecord.structure.authors import authors_in, distinct_people, is_author_bio, is_byline
from onrecord.structure.captions import mark_captions, split_trailing_credits
from onrecord.structure.credits import is_copyright, is_photo_credit, is_wire_credit
from onrecord.structure.datelines import dateline_agency, is_dateline
from onrecord.structure.lines import Unit, split_units
from onrecord.structure.shapes import (
    ends_sentence,
    is_heading_shaped,
    is_title_case,
    last_mark,
    reports_speech,
    says_in_past,
    sentence_count,
    words,
)
from onrecord.structure.wire import wire_agency
from onrecord.structure.widgets import (
    is_link_title,
    is_related_header,
    is_related_item,
    is_widget,
)

_BREADCRUMB = re.compile(r"^[\w .&'’-]{1,30}(?:\s*[›>»|/]\s*[\w .&'’-]{1,30}){1,5}$")
_CRUMB_SEPARATOR = re.compile(r"\s*[›>»|/]\s*")
_INITIALISM = re.compile(r"\b(?:[A-Z]\.){2,}$")
#: Kinds that a section label or headline may sit among at the top of a page.
_TOP_FURNITURE = frozenset({"widget", "byline", "dateline", "credit", "related"})


def structure_text(text: str) -> Article:
    """Blocks, headline, section, authors, wire credit and captions of a plain-text article.

    `Article.text` is `text` unchanged; every block is a trimmed stretch of it.
    """
    units = split_trailing_credits(text, split_units(text))
    for unit in units:
        unit.kind = unit.kind or furniture_kind(unit.text)
    headline, section = _mark_headline(units)
    captions = mark_captions(text, units)
    _mark_related_lists(units)
    _mark_byline_roles(units)
    _mark_link_runs(units)
    _mark_author_bios(units)
    _mark_subheadings(units)
    for unit in units:
        unit.kind = unit.kind or "paragraph"
    return Article(
        text=text,
        headline=headline.text if headline else None,
        section=_section_name(section.text) if section else None,
        authors=_authors(units),
        wire_credit=wire_agency([(u.kind or "", u.text) for u in units]),
        blocks=[Block(u.kind, u.start, u.end) for u in units if u.kind],
        captions=captions,
    )


def furniture_kind(line: str) -> str | None:
    """The kind of page furniture a line is by its shape alone, or None if it may be prose."""
    if is_widget(line):
        return "widget"
    if is_related_header(line) or is_related_item(line):
        return "related"
    if is_wire_credit(line):
        return "wire_credit"
    if is_copyright(line):
        return "widget"
    if is_photo_credit(line):
        return "credit"
    if is_byline(line):
        return "byline"
    if is_dateline(line):
        return "dateline"
    return None


def _mark_headline(units: list[Unit]) -> tuple[Unit | None, Unit | None]:
    """The first line that is not furniture is the headline, unless it is a short section
    label ("USA News") standing over a longer headline. A lone line is a paragraph."""
    top: list[Unit] = []
    for unit in units:
        if unit.kind is None:
            top.append(unit)
        elif unit.kind not in _TOP_FURNITURE:
            break
        if len(top) == 3:
            break
    if len(top) < 2 or not _is_headline(top[0].text):
        return None, None
    first, second = top[0], top[1]
    if (
        len(top) == 3
        and _is_section_label(first.text)
        and _is_headline(second.text)
        and not ends_sentence(second.text)
        and not says_in_past(second.text)
        and len(words(second.text)) > len(words(first.text))
    ):
        first.kind, second.kind = "section", "headline"
        return second, first
    first.kind = "headline"
    return first, None


def _is_headline(line: str) -> bool:
    """One line of at most a couple of sentences; a quote closed by "said." is body text, and
    so is a line opening on a wire dateline ("WASHINGTON (AP) — New uncertainty hangs …"):
    the story's first paragraph, in a text copied without its headline."""
    if len(words(line)) > 30 or len(line) > 250 or sentence_count(line) > 2:
        return False
    if dateline_agency(line):
        return False
    return not (last_mark(line) == "." and reports_speech(line) and not is_title_case(line))


def _is_section_label(line: str) -> bool:
    """A few capitalised words ("USA News", "U.S."), or a breadcrumb ("News › Politics")."""
    if _BREADCRUMB.match(line) and _CRUMB_SEPARATOR.search(line):
        return True
    label = line[:-1] if _INITIALISM.search(line) else line
    return len(words(line)) <= 4 and len(line) <= 40 and is_heading_shaped(label)


def _section_name(line: str) -> str:
    """The most specific part of a breadcrumb ("News › World › Europe" is "Europe")."""
    return _CRUMB_SEPARATOR.split(line)[-1] if _BREADCRUMB.match(line) else line


def _mark_related_lists(units: list[Unit]) -> None:
    """The link titles listed under a "Related Posts" heading are related links too; the
    list ends where prose resumes."""
    in_list = False
    for unit in units:
        if unit.kind == "related" and is_related_header(unit.text):
            in_list = True
        elif in_list and unit.kind is None and _is_listed_link(unit.text):
            unit.kind = "related"
        elif unit.kind is None or unit.kind not in {"widget", "related", "credit"}:
            in_list = False


def _mark_byline_roles(units: list[Unit]) -> None:
    """The writer's job set on the line under the byline ("Senior News Reporter")."""
    for byline, role in zip(units, units[1:], strict=False):
        if byline.kind == "byline" and role.kind is None and not role.gap_before:
            if len(words(role.text)) <= 5 and is_heading_shaped(role.text):
                role.kind = "byline"


def _mark_link_runs(units: list[Unit]) -> None:
    """Menus and tag lists: three or more lines in a row, each a few capitalised words
    ("World" / "Donald Trump" / "Vladimir Putin"), with no blank line between them."""
    run: list[Unit] = []
    for unit in [*units, None]:
        if unit is not None and unit.kind is None and _is_menu_item(unit.text):
            if run and unit.gap_before:
                run = []
            run.append(unit)
            continue
        if len(run) >= 3:
            for item in run:
                item.kind = "widget"
        run = []


def _is_menu_item(line: str) -> bool:
    return len(words(line)) <= 5 and is_heading_shaped(line) and is_title_case(line)


def _is_listed_link(line: str) -> bool:
    if last_mark(line) == "?":
        return is_title_case(line) and len(words(line)) <= 25
    return is_link_title(line)


def _mark_author_bios(units: list[Unit]) -> None:
    """Profiles of the writer close the page: only the last lines before the trailing
    furniture are candidates."""
    for unit in reversed(units):
        if unit.kind is not None:
            continue
        if not is_author_bio(unit.text):
            return
        unit.kind = "author_bio"


def _mark_subheadings(units: list[Unit]) -> None:
    """A short heading-shaped line set over a paragraph ("Why It Matters")."""
    for unit, following in zip(units, units[1:], strict=False):
        if unit.kind is not None or following.kind is not None:
            continue
        if not (_is_subheading(unit.text) and (unit.gap_after or is_title_case(unit.text))):
            continue
        if ends_sentence(following.text) or len(words(following.text)) > 25:
            unit.kind = "subheading"


def _is_subheading(line: str) -> bool:
    if reports_speech(line):
        return False
    if last_mark(line) == "?":
        return len(words(line)) <= 12 and is_title_case(line)
    return is_heading_shaped(line, max_words=12)


def _authors(units: list[Unit]) -> list[str]:
    return distinct_people(name for u in units if u.kind == "byline" for name in authors_in(u.text))
