"""Pictures left behind in copied text: an image title, a caption, a credit.

Pages lay a picture out as a short title line, the caption sentence straight under it, then
the photo credit ("Pete Hegseth at NATO" / "U.S. Secretary of Defense Pete Hegseth takes his
seat …" / "Geert Vanden Wijngaert/AP Photo"), or close the caption with the credit itself
("Boris Johnson in Downing Street (Image: Getty)"). The credit is the anchor: only a line
next to one is read as a caption, so body paragraphs are never taken for captions.
"""

from __future__ import annotations

import re

from onrecord.records import Caption, Span
from onrecord.structure.credits import trailing_credit
from onrecord.structure.lines import Unit
from onrecord.structure.shapes import (
    ends_sentence,
    has_speech_quotes,
    is_heading_shaped,
    reports_speech,
    sentence_count,
    words,
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
#: How captions describe a picture: present-tense action, positions, "file photo", and the
#: full date the picture was taken (body text seldom gives the year of recent events).
_CAPTION_CUE = re.compile(
    r"\b(?:speaks|takes|arrives|leaves|walks|looks on|look on|gestures|gesture|waves|poses"
    r"|pose|attends|listens|delivers|holds|stands|sits|(?:is|are) seen|pictured|shakes hands"
    r"|greets|reacts|smiles|addresses|departs|meets|signs|visits|talks|kneels|marches"
    r"|celebrates|applauds|prepares|wait|waits|gather|gathers)\b"
    r"|\((?:left|right|centre|center|L|R|C|top|bottom|front|back|from left)\)"
    r"|\b(?:file (?:photo|image|picture)|in this (?:file )?(?:photo|image|picture)|photo taken)\b"
    rf"|\b{_MONTH} \d{{1,2}}, \d{{4}}\b"
)

#: BBC-style captions name themselves, next to an "Image source, …" credit.
_LABELLED_CAPTION = re.compile(r"^(?:image|picture|photo|media|video) caption\s*[,:]", re.I)


def is_caption_shaped(line: str) -> bool:
    """Describes a picture: one or two sentences in which nobody is quoted or reported."""
    return len(words(line)) <= 60 and sentence_count(line) <= 2 and not reports_speech(line)


def is_image_title(line: str) -> bool:
    """A picture's title: a few words, heading-shaped, not a quotation."""
    return (
        is_heading_shaped(line, max_words=12)
        and any(c.isalpha() for c in line)
        and not has_speech_quotes(line)
    )


def split_trailing_credits(text: str, units: list[Unit]) -> list[Unit]:
    """Cut "caption (Image: Getty)" lines into a caption unit and a credit unit."""
    result: list[Unit] = []
    for unit in units:
        at = trailing_credit(unit.text) if unit.kind is None else None
        caption_text = unit.text[:at].rstrip() if at else ""
        if at is None or not is_caption_shaped(caption_text):
            result.append(unit)
            continue
        caption_end = unit.start + len(caption_text)
        credit_start = unit.start + at
        result.append(
            Unit(unit.start, caption_end, caption_text, unit.gap_before, False, "caption")
        )
        result.append(
            Unit(
                credit_start,
                unit.end,
                text[credit_start : unit.end],
                False,
                unit.gap_after,
                "credit",
            )
        )
    return result


def mark_captions(text: str, units: list[Unit]) -> list[Caption]:
    """Find each credit's caption (and the caption's title), mark them, return the captions
    in reading order.

    The line above a credit is its caption when it reads like one (nobody quoted, at most
    two sentences) and something confirms it: the way captions describe pictures, an image
    title set off above it, or a fragment set straight against the credit. In single-spaced
    text a heading over a paragraph looks like an image title, so there a title only counts
    beside a caption that describes a picture.
    """
    captions, used = _labelled_captions(text, units)
    for i, credit in enumerate(units):
        if credit.kind != "credit" or i == 0 or i in used:
            continue
        caption = units[i - 1]
        describes = bool(_CAPTION_CUE.search(caption.text))
        title = _title_above(units, i - 1)
        if title and not (title.gap_before or describes):
            title = None
        if caption.kind is None:
            if not is_caption_shaped(caption.text) or not (
                title or describes or (not caption.gap_after and not ends_sentence(caption.text))
            ):
                continue
            caption.kind = "caption"
        elif caption.kind != "caption":
            continue
        if title:
            title.kind = "image_title"
        captions.append(
            Caption(
                text=_span(text, caption),
                title=_span(text, title) if title else None,
                credit=_span(text, credit),
            )
        )
    return sorted(captions, key=lambda c: c.text.start)


def _title_above(units: list[Unit], i: int) -> Unit | None:
    """The image title set straight above the caption at `i` (no blank line between)."""
    if i == 0 or units[i].gap_before:
        return None
    title = units[i - 1]
    return title if title.kind is None and is_image_title(title.text) else None


def _labelled_captions(text: str, units: list[Unit]) -> tuple[list[Caption], set[int]]:
    """Captions that say so ("Image caption, …"), each with the credit beside it (the label
    is kept in the block, left out of the caption's text); and the credits they took."""
    captions, used = [], set()
    for i, unit in enumerate(units):
        label = _LABELLED_CAPTION.match(unit.text)
        if unit.kind is not None or not label:
            continue
        unit.kind = "caption"
        caption_start = unit.start + len(unit.text) - len(unit.text[label.end() :].lstrip())
        beside = [j for j in (i - 1, i + 1) if 0 <= j < len(units) and j not in used]
        credit = next((j for j in beside if units[j].kind == "credit"), None)
        if credit is not None:
            used.add(credit)
        captions.append(
            Caption(
                text=Span.of(text, caption_start, unit.end),
                credit=_span(text, units[credit]) if credit is not None else None,
            )
        )
    return captions, used


def _span(text: str, unit: Unit) -> Span:
    return Span.of(text, unit.start, unit.end)
