"""Turning the patterns' findings into the article's attributions: one per cue, continuation
quotes joined to their speaker, text order, ids and kinds."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from onrecord.attribute.spans import Found, Scope, merge_fragments
from onrecord.records import Attribution, AttributionKind, Span

_OPENING = "“«"
_CLOSING = "”»"
_ALNUM = re.compile(r"[^\W_]")
#: Double marks, and British single ones: an opening ‘ before a word, a closing ’ after the
#: sentence's punctuation (an apostrophe, "don’t", "the Weeks’ family", is neither).
_MARK = re.compile('[“«”»"]|‘(?=\\w)|(?<=[,.?!])’(?!\\w)')
_SINGLE_OPENING, _SINGLE_CLOSING = "‘", "’"
#: Whether a point is quoted: not, inside double marks, or inside single marks that are not
#: themselves inside double ones (nested ‘…’ inside “…” leave the double quote open).
_OUT, _DOUBLE, _SINGLE = 0, 1, 2


def kind_of(content: Iterable[tuple[int, int]], text: str) -> AttributionKind:
    """direct when every letter or digit of the content lies inside quotation marks,
    indirect when none does, mixed otherwise (marks reset at each line break), as
    EVALUATION.md scores it."""
    inside = outside = False
    for start, end in content:
        state = _marks_of(text).state_before(start)
        position = start
        for mark in _MARK.finditer(text, start, end):
            if _has_alnum(text, position, mark.start()):
                inside, outside = inside or state != _OUT, outside or state == _OUT
            state = _after_mark(mark.group(), state)
            position = mark.end()
        if _has_alnum(text, position, end):
            inside, outside = inside or state != _OUT, outside or state == _OUT
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"


class _Marks:
    """The quotation marks of a whole text and the quoting state after each, found once: an
    article's findings each ask whether their content is quoted, and scanning a long paragraph
    from its start for each of them would take time quadratic in its length."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.positions: list[int] = []
        self.states: list[int] = []
        state, previous = _OUT, 0
        for mark in _MARK.finditer(text):
            if text.find("\n", previous, mark.start()) != -1:
                state = _OUT
            state = _after_mark(mark.group(), state)
            self.positions.append(mark.start())
            self.states.append(state)
            previous = mark.start()

    def state_before(self, offset: int) -> int:
        """The quoting state at `offset`, from the marks between the start of its line and
        it. A mark right before `offset` is read as if the text ended there (an opening ‘
        needs a word after it, a closing ’ no word after it), as a scan up to `offset` would."""
        line = bisect.bisect_left(self.newlines, offset) - 1
        line_start = self.newlines[line] + 1 if line >= 0 else 0
        before = bisect.bisect_left(self.positions, offset - 1)
        state = _OUT
        if before and self.positions[before - 1] >= line_start:
            state = self.states[before - 1]
        if offset - 1 >= line_start:
            last = _MARK.match(self.text, offset - 1, offset)
            if last is not None:
                state = _after_mark(last.group(), state)
        return state


@lru_cache(maxsize=2)
def _marks_of(text: str) -> _Marks:
    """The marks of the article being analysed: every finding of it asks about the same text."""
    return _Marks(text)


def _after_mark(mark: str, state: int) -> int:
    if mark == _SINGLE_OPENING:
        return _SINGLE if state == _OUT else state
    if mark == _SINGLE_CLOSING:
        return _OUT if state == _SINGLE else state
    if mark in _OPENING:
        return _DOUBLE
    if mark in _CLOSING:
        return _OUT
    return _OUT if state == _DOUBLE else _DOUBLE  # a straight mark toggles


def _has_alnum(text: str, start: int, end: int) -> bool:
    return _ALNUM.search(text, start, end) is not None


def join_continuations(found: list[Found], scope: Scope) -> None:
    """A quotation that no pattern claimed and that stands as its own sentence right after
    an attributed quotation continues that speaker ("“To a point,” he said. “He sort of
    redirected.”", or a bare quote paragraph after one)."""
    claimed = sorted(
        ((f.content[0][0], f.content[-1][1], f) for f in found if f.content),
        key=lambda c: (c[0], c[1]),
    )
    k = 0
    last: Found | None = None
    last_end = -1
    for quote in scope.quotes.quotes:
        while k < len(claimed) and claimed[k][0] <= quote.start:
            # an unquoted finding inside the frame ("“…,” Sanders said, invoking the 2008
            # race. “…”") does not interrupt the quoted speaker: the gap test still applies
            if _quoted(claimed[k][2], scope) or last is None:
                last, last_end = claimed[k][2], claimed[k][1]
            k += 1
        if any(s <= quote.start < e for s, e, _ in claimed[max(k - 3, 0) : k + 1]):
            continue
        if last is None or not _continues(last, last_end, quote.start, scope):
            continue
        last.content = merge_fragments([*last.content, *quote.pieces], scope.text)
        last_end = quote.end


def _quoted(finding: Found, scope: Scope) -> bool:
    """Whether the finding's content holds a quotation ("said he would “probably” meet" too)."""
    return any(scope.quotes.overlapping(s, e) for s, e in finding.content)


def _continues(previous: Found, previous_end: int, start: int, scope: Scope) -> bool:
    """The quote at `start` opens the sentence after the previous attribution's (in the same
    paragraph or at the next one's start), and the previous content was itself quoted; or the
    quote is a paragraph of its own right after a paragraph that ends with the previous
    attribution ("Erekat said it was the latest move to … ¶ “They wanted us on our knees.”"),
    the news convention for going on in the speaker's own words."""
    here, there = scope.paragraph_of(start), scope.paragraph_of(previous_end - 1)
    if here is None or there is None or here - there > 1:
        return False
    if not _quoted(previous, scope):
        return (
            here == there + 1
            and _whole_paragraph(start, scope)
            and _ends_paragraph(previous, previous_end, scope)
        )
    frame_end = max(e for e in (previous.cue, previous.source) if e is not None)[1]
    sentence_end = scope.doc[previous.anchor].sent.end_char if previous.anchor >= 0 else 0
    gap = scope.text[max(previous_end, frame_end, sentence_end) : start]
    return gap.strip() in {"", ".", ","}


def _whole_paragraph(start: int, scope: Scope) -> bool:
    """The quote opening at `start` fills its paragraph."""
    quote = scope.quotes.at(start)
    index = scope.paragraph_of(start)
    if quote is None or index is None:
        return False
    begin, end = scope.paragraphs[index]
    return start == begin and not scope.text[quote.pieces[0][1] : end].strip()


def _ends_paragraph(previous: Found, previous_end: int, scope: Scope) -> bool:
    """The previous attribution's sentence is the last of its paragraph."""
    index = scope.paragraph_of(previous_end - 1)
    if index is None or previous.anchor < 0:
        return False
    sentence_end = max(scope.doc[previous.anchor].sent.end_char, previous_end)
    return not scope.text[sentence_end : scope.paragraphs[index][1]].strip()


def to_attributions(found: Iterable[Found], scope: Scope) -> list[Attribution]:
    """One attribution per cue (the most confident finding wins), in text order."""
    best: dict[tuple[int, int] | None, Found] = {}
    for f in found:
        key = f.cue
        if key not in best or f.confidence > best[key].confidence:
            best[key] = f
    text = scope.text
    ordered = sorted(_outermost(list(best.values()), scope), key=lambda f: _position(f))
    return [
        Attribution(
            id=f"a{n}",
            kind=kind_of(f.content, text),
            content=[Span.of(text, s, e) for s, e in f.content],
            cue=Span.of(text, *f.cue) if f.cue else None,
            source=Span.of(text, *f.source) if f.source else None,
            confidence=round(min(max(f.confidence, 0.0), 1.0), 3),
            context=Span.of(text, *f.context) if f.context else None,
        )
        for n, f in enumerate(ordered, start=1)
    ]


def _outermost(found: list[Found], scope: Scope) -> list[Found]:
    """Drop a weaker attribution whose cue and source both lie inside a stronger one's
    content in the same sentence ("signals from Trump that [he intends] to hold talks"): it
    restates part of what the outer one reports. Under the news guidelines an outer one that
    relays a report ("…, the commission said, according to Reuters", "…, per Feng", "Wee
    reports that censors instructed …") keeps the inner one: the commission said it, and
    Reuters reports that it did. A speaker's turn in a quoted transcript ("WALLACE: …") is
    its own sentence, and stays."""
    sentence = {id(f): scope.doc[f.anchor].sent.start for f in found}
    # only a finding of the same sentence can hold another: compare within sentences
    spans: defaultdict[int, list[tuple[Found, int, int]]] = defaultdict(list)
    for f in found:
        if f.content:
            spans[sentence[id(f)]].append((f, f.content[0][0], f.content[-1][1]))

    def inside(f: Found, outer: Found, start: int, end: int) -> bool:
        parts = [p for p in (f.cue, f.source) if p is not None]
        return (
            outer is not f
            and not (scope.scheme == "news" and _relays(outer, scope))
            and outer.confidence > f.confidence
            and all(start <= s and e <= end for s, e in parts)
        )

    return [f for f in found if not any(inside(f, *o) for o in spans[sentence[id(f)]])]


#: Routes and cue words through which the writer relays someone else's reporting.
_RELAY_ROUTES = frozenset({"according_to", "per"})
_RELAY_CUES = frozenset({"report", "write"})


def _relays(finding: Found, scope: Scope) -> bool:
    if finding.route in _RELAY_ROUTES:
        return True
    return finding.anchor >= 0 and scope.doc[finding.anchor].lemma_.lower() in _RELAY_CUES


def _position(f: Found) -> int:
    starts = [f.content[0][0]] + [x[0] for x in (f.cue, f.source) if x is not None]
    return min(starts)
