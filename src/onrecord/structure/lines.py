"""Cutting plain text into the lines a page's layout left behind.

Text copied from a web page keeps one line per paragraph, heading, caption or widget, so the
line is the unit of structure. The exception is hard-wrapped prose, where a line that stops
mid-sentence runs on into the next: those lines are joined back into one unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters that pad a line without being part of it (zero-width space, byte-order mark).
_INVISIBLE = "\u200b\ufeff"
_LINE = re.compile(r"[^\r\n]+")
_RUNS_ON = re.compile(r"[,\-‐]$")


@dataclass(slots=True)
class Unit:
    """One trimmed stretch of lines, with the blank-line gaps that frame it and, once known,
    its block kind."""

    start: int
    end: int
    text: str
    gap_before: bool
    gap_after: bool = True
    kind: str | None = None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE):
        end -= 1
    return start, end


def _continues(previous: str, following: str) -> bool:
    """A hard-wrapped line: it breaks mid-sentence, so the next starts in lower case or the
    line itself ends on a comma or hyphen."""
    return following[:1].islower() or bool(_RUNS_ON.search(previous))


def _blank_between(text: str, end: int, start: int) -> bool:
    between = text[end:start]
    return max(between.count("\n"), between.count("\r")) >= 2


def split_units(text: str) -> list[Unit]:
    """Non-blank lines of `text` as units (offsets into `text`), hard-wrapped runs joined."""
    units: list[Unit] = []
    previous = ""
    for match in _LINE.finditer(text):
        start, end = _trimmed(text, match.start(), match.end())
        if start == end:
            continue
        line = text[start:end]
        if not units:
            units.append(Unit(start, end, "", gap_before=True))
            previous = line
            continue
        gap = _blank_between(text, units[-1].end, start)
        if gap or not _continues(previous, line):
            units[-1].gap_after = gap
            units.append(Unit(start, end, "", gap_before=gap))
        else:
            units[-1].end = end
        previous = line
    for unit in units:
        unit.text = text[unit.start : unit.end]
    return units
