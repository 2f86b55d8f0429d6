"""Quotation-mark regions: where the article hands the floor to someone else.

News prints a quote of several paragraphs with an opening mark on every paragraph and a
closing mark only on the last, mixes curly and straight marks, and now and then drops a mark.
Regions are found paragraph by paragraph so that one stray mark spoils at most its own
paragraph, never the rest of the article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

_OPENING = {"“", "«", "„"}
_CLOSING = {"”", "»"}
_STRAIGHT = '"'
_MARK = re.compile("''|[" + "".join(sorted(_OPENING | _CLOSING)) + _STRAIGHT + "]")
#: Characters after which a straight mark opens a quote rather than closing one.
_OPENS_AFTER = " \t\n\u00a0([{—–-/:"
_SPACES = " \t\n\u00a0"


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation, marks included; a quote running over several paragraphs has one
    piece per paragraph."""

    pieces: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def _marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Each quotation mark of one paragraph as (offset, "open" | "close")."""
    marks = []
    for found in _MARK.finditer(text, start, end):
        i, ch = found.start(), found.group()
        before = text[i - 1] if i > start else " "
        if ch == "''" or ch == _STRAIGHT:
            # a straight mark, or two apostrophes for one (old NYT copy), opens after a space;
            # one with space on both sides ("ourselves? " she wrote", "said. " The course")
            # closes an open quote and opens otherwise
            after = text[i + len(ch)] if i + len(ch) < end else " "
            if before in _SPACES and after in _SPACES:
                marks.append((i, "either"))
            else:
                marks.append((i, "open" if before in _OPENS_AFTER else "close"))
        elif ch in _OPENING:
            marks.append((i, "open"))
        elif i == start and i + 1 < end and text[i + 1].isalnum():
            marks.append((i, "open"))  # a closing mark typed for an opening one: ”Fear.
        else:
            marks.append((i, "close"))
    return marks


def _opens_speech(text: str, paragraph_start: int, opened: int) -> bool:
    """The mark opens the paragraph, follows a colon or comma, or opens a sentence
    ("…,” Taylor wrote. “The course of …")."""
    before = text[paragraph_start:opened].rstrip()
    return not before or before[-1] in ":,.?!"


def _mark_end(text: str, offset: int) -> int:
    return offset + (2 if text.startswith("''", offset) else 1)


def find_quotes(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[Quote]:
    """Every quotation in the given paragraphs (in text order), marks included.

    An opening mark left unclosed at a paragraph's end continues into the next paragraph when
    it opened speech (at the paragraph's start, after a colon or comma, or opening a sentence)
    and the next paragraph opens with a mark (the multi-paragraph convention); otherwise it
    runs to its paragraph's end when it opened speech, and is ignored when it did not."""
    quotes: list[Quote] = []
    carried: list[tuple[int, int]] = []
    for p_index, (start, end) in enumerate(paragraphs):
        opened: int | None = None
        pieces = carried
        carried = []
        marks = _marks(text, start, end)
        if pieces and not (marks and marks[0] == (start, "open")):
            quotes.append(Quote(tuple(pieces)))
            pieces = []
        if not marks and not pieces:
            quotes += _single_quoted(text, start, end)
            continue
        for offset, role in marks:
            if role == "either":
                role = "open" if opened is None else "close"
            if role == "open":
                if opened is None:
                    opened = offset
                elif pieces:
                    # the continuation mark of a multi-paragraph quote opened this paragraph
                    continue
                else:
                    opened = offset  # a stray opening mark: trust the later one
            elif opened is not None:
                quotes.append(Quote((*pieces, (opened, _mark_end(text, offset)))))
                pieces, opened = [], None
            elif pieces:
                quotes.append(Quote(tuple(pieces)))
                pieces = []
        if opened is None:
            continue
        tail = text[start:end].rstrip()
        piece = (opened, start + len(tail))
        following = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
        continues = (
            following is not None
            and _opens_speech(text, start, opened)
            and any(
                m in {(following[0], "open"), (following[0], "either")}
                for m in _marks(text, following[0], following[0] + 2)
            )
        )
        if continues:
            carried = [*pieces, piece]
        elif pieces or opened == start or _opens_speech(text, start, opened):
            quotes.append(Quote((*pieces, piece)))
    if carried:
        quotes.append(Quote(tuple(carried)))
    return quotes


#: British style: ‘…,’ he said. An opening single mark that opens speech, and the first
#: closing one after it that follows the sentence's punctuation, so that an apostrophe
#: ("don’t", "the Weeks’ family") never closes it.
_SINGLE = re.compile(r"(?:^|(?<=[\s:,(—–-]))‘(?=\w)[^‘\n]*?[,.?!]’(?!\w)")


def _single_quoted(text: str, start: int, end: int) -> list[Quote]:
    """Quotations in single marks in a paragraph with no double ones: where double marks
    stand, single ones are nested quotes or scare quotes inside them."""
    found = []
    for match in _SINGLE.finditer(text, start, end):
        if _opens_speech(text, start, match.start()) or text[match.end() :].startswith(" "):
            found.append(Quote(((match.start(), match.end()),)))
    return found


class QuoteIndex:
    """Which quote, if any, covers a character: a bisect over the pieces, not a scan."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = list(quotes)
        self._pieces = sorted(
            (s, e, q) for q, quote in enumerate(self.quotes) for s, e in quote.pieces
        )
        self._starts = [s for s, _, _ in self._pieces]

    def at(self, offset: int) -> Quote | None:
        """The quote whose marks enclose `offset` (the marks themselves included)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self._pieces[i][1]:
            return self.quotes[self._pieces[i][2]]
        return None

    def overlapping(self, start: int, end: int) -> list[Quote]:
        """The quotes with a piece inside [start, end)."""
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        found: list[Quote] = []
        while i < len(self._pieces) and self._pieces[i][0] < end:
            s, e, q = self._pieces[i]
            if e > start and self.quotes[q] not in found:
                found.append(self.quotes[q])
            i += 1
        return found
