"""Datelines: where and when a story was filed ("WASHINGTON (AP) —", "February 13, 2025")."""

from __future__ import annotations

import re

from onrecord.structure.credits import agency_in
from onrecord.structure.shapes import words

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
#: A place in capitals, an optional date, an optional agency in brackets, then a dash.
_PLACE_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z .'’-]{{1,40}}(?:,\s*[A-Z][A-Za-z .'’-]{{1,30}})?)"
    rf"(?:,\s*{_MONTH}\s+\d{{1,2}})?\s*(?:\((?P<agency>[^()]{{1,40}})\))?\s*[-–—]*$"
)
#: A place and agency opening a body paragraph: "WASHINGTON (AP) — The Senate voted …".
_OPENING_DATELINE = re.compile(
    rf"^[A-Z][A-Z .'’-]{{1,40}}(?:,\s*[A-Z][A-Za-z .'’-]{{1,30}})?(?:,\s*{_MONTH}\s+\d{{1,2}})?"
    r"\s*\((?P<agency>[^()]{1,40})\)\s*[-–—]"
)
_DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?(?:\s+\d{{4}})?"
    r"|\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    r"|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b"
)
_TIME = re.compile(r"\b\d{1,2}(?:[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)(?=\W|$)", re.I)
#: Words a date line may hold besides the date and time.
_DATE_WORDS = frozenset(
    "published updated posted last modified first on at am pm a.m p.m gmt utc est edt et pt"
    " pst pdt ct cst cdt bst cet cest ist jst aest local time monday tuesday wednesday thursday"
    " friday saturday sunday mon tue tues wed thu thur thurs fri sat sun today yesterday ago"
    " min mins minute minutes hour hours day days week weeks".split()
)


def is_dateline(line: str) -> bool:
    """A line that only says where or when: "WASHINGTON (AP) —", "Updated 3:15 PM EST,
    Thu February 13, 2025", or a live blog's "2:45 p.m."."""
    if len(words(line)) > 14:
        return False
    place = _PLACE_DATELINE.match(line)
    if place and (place.group("agency") or line[-1:] in "-–—"):
        return len(place.group("place").split()) <= 5
    rest = _TIME.sub(" ", _DATE.sub(" ", line))
    if rest == line:
        return False
    tokens = (w.strip(".") for w in re.split(r"[\s,|•·:/()-]+", rest.lower()))
    return all(w in _DATE_WORDS for w in tokens if w and not w.isdigit())


def dateline_agency(line: str) -> str | None:
    """The agency named in a dateline that stands alone or opens a paragraph."""
    match = _PLACE_DATELINE.match(line) or _OPENING_DATELINE.match(line)
    if not match or not match.group("agency"):
        return None
    return agency_in(match.group("agency"))
