"""Span extents shared by every pattern: what a source noun phrase and a content clause cover
in the text, following the PolNeAR conventions (content keeps "that" and its quotation marks
but not the sentence's final stop; a source keeps titles and appositions but not a relative
clause), and the candidate record the patterns produce."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Token

from onrecord.attribute.quotes import Quote, QuoteIndex

Fragment = tuple[int, int]

#: What counts as an attribution (see `scheme`): what a source communicated, as the news
#: guidelines say, or attitudes too, as PolNeAR annotates.
Scheme = Literal["news", "polnear"]

#: Punctuation trimmed from the edges of a span (quotation marks are kept: they are content).
_EDGE_PUNCT = frozenset(",.;:—–-()[]")
#: Subtrees that a source noun phrase leaves out: an adverbial clause ("Trump, when asked,
#: said") and a possessive marker ("Hegseth’s assertion": the source is Hegseth).
_NOT_IN_SOURCE = frozenset({"advcl", "case"})
_DASHES = frozenset({"—", "–", "―", "--"})
#: Marks that close an apposition or aside when the source phrase holds one like it.
_CLOSING_MARKS = frozenset({",", "-", *_DASHES})
#: Adverbs a reporter sets before a source for emphasis ("even China", "also Trump").
_FOCUS_WORDS = frozenset({"even", "also", "only", "too"})
#: A lone function word left over when a frame is cut out of a clause ("that", "and").
_STRAY = frozenset({"mark", "cc", "punct", "prep", "advmod", "aux"})


@dataclass(slots=True)
class Found:
    """One attribution as a pattern finds it, before ids and kinds are assigned."""

    content: list[Fragment]
    cue: Fragment | None
    source: Fragment | None
    confidence: float
    #: How the content was reached ("ccomp", "quote", "according_to" …): a feature for
    #: the confidence model.
    route: str = ""
    #: The token the cue is built on, so later steps can read its neighbourhood.
    anchor: int = -1
    context: Fragment | None = None


@dataclass(slots=True)
class Scope:
    """The parsed article and what every pattern needs to know about it."""

    doc: Doc
    quotes: QuoteIndex
    paragraphs: Sequence[Fragment]
    #: `doc.text`, given or joined once: spaCy rebuilds it from the tokens on every access.
    text: str = ""
    #: Capitalised "NAME:" labels opening paragraphs, counted once (see `colon`).
    labels: Counter[str] | None = None
    #: Labels of any case opening paragraphs, counted once (see `colon`).
    entries: Counter[str] | None = None
    #: Which notion of attribution the patterns serve: it decides where one report ends and
    #: another begins ("said X, but did worry Y" is one report under "news", two under
    #: "polnear").
    scheme: Scheme = "news"
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.text = self.text or self.doc.text
        self._starts = [s for s, _ in self.paragraphs]

    def paragraph_of(self, offset: int) -> int | None:
        """Index of the paragraph block holding `offset`, or None outside every paragraph."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i][1]:
            return i
        return None

    def quoted(self, token: Token) -> bool:
        return self.quotes.at(token.idx) is not None

    def quote_ending_before(self, offset: int, gap: str) -> Quote | None:
        """The quotation whose closing mark stands right before `offset`, with nothing but
        characters of `gap` between them ("“…,” Smith said", "“…” ― Sonya Herridge")."""
        i = offset
        while i > 0 and self.text[i - 1] in gap:
            i -= 1
        quote = self.quotes.at(i - 1) if i > 0 else None
        return quote if quote is not None and quote.end == i else None


def fragments(tokens: Iterable[Token]) -> list[Fragment]:
    """Contiguous runs of the given tokens as character ranges, edge punctuation (and a
    trailing conjunction) trimmed."""
    ordered = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
    runs: list[list[Token]] = []
    for token in ordered:
        if runs and token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    out = []
    for run in runs:
        while run and run[0].text in _EDGE_PUNCT:
            run.pop(0)
        # a run cut short before the second conjunct keeps no dangling "and"
        while run and (run[-1].text in _EDGE_PUNCT or run[-1].dep_ == "cc"):
            run.pop()
        if run and not (len(run) == 1 and run[0].dep_ in _STRAY):
            out.append((run[0].idx, run[-1].idx + len(run[-1])))
    return out


def source_tokens(head: Token) -> list[Token]:
    """The noun phrase naming a source: the head's subtree less the adverbial clauses hung
    on the head itself. A relative clause or participle stays ("Chris Cox, who runs the
    NRA's lobbying arm, said", "a poll released Monday showed"): it says who the source is,
    and PolNeAR annotators keep it seven times in eight."""
    keep = [head]
    for child in head.children:
        if child.dep_ in _NOT_IN_SOURCE or (child.dep_ == "prep" and _said_by(head)):
            continue  # "Hegseth’s remarks [to Ukraine’s allies] suggested"
        if child.dep_ == "advmod" and child.lower_ in _FOCUS_WORDS and child.i < head.i:
            continue  # "[Even] China … said": the reporter's emphasis, not the name
        keep.extend(child.subtree)
    return keep


def source_span(head: Token) -> Fragment | None:
    """One contiguous span for the source: the run around the head, without a dateline
    ("WASHINGTON — Sen. Chuck Grassley (R-Iowa)"), with its closing parenthesis, and with
    the comma or dash that closes an apposition ("Bush, Florida’s former governor,", "Jason
    Sims — a teacher —")."""
    doc = head.doc
    tokens = source_tokens(head)
    first = min(tokens, key=lambda t: t.i)
    if first.i > 0 and _cut_off(doc[first.i - 1]):
        tokens.append(doc[first.i - 1])
    dash = max((t.i for t in tokens if t.i < head.i and is_dash(t)), default=-1)
    tokens = [t for t in tokens if t.i > dash]
    runs = fragments(tokens)
    span = next(((s, e) for s, e in runs if s <= head.idx < e), runs[0] if runs else None)
    if span is None:
        return None
    words = doc.char_span(*span)
    if words is None:
        return span
    last = words.end - 1
    while last > words.start and doc[last].lower_ in {"and", "or", "but"}:
        last -= 1  # a conjunction left dangling when the parser hung its conjunct elsewhere
    following = doc[last + 1] if last + 1 < len(doc) else None
    closing = last + 2 if following is not None and following.text == "." else last + 1
    if closing < len(doc) and doc[closing].text == ")" and "(" in words.text:
        last = closing  # with the abbreviation's period the tokenizer split off: "(I-Vt.)"
    elif following is not None and following.text in _CLOSING_MARKS:
        if following.text in words.text:  # "Bush, Florida’s former governor,"
            last += 1
    return span[0], doc[last].idx + len(doc[last])


def _said_by(head: Token) -> bool:
    """A source that is someone's words ("Hegseth’s remarks"): its own modifiers are not."""
    return head.pos_ == "NOUN" and any(c.dep_ == "poss" for c in head.children)


def is_dash(token: Token) -> bool:
    """A dash between phrases ("BRUSSELS - European leaders said"), not a hyphen inside a
    word ("Al-Qaeda"), which spaCy also makes a token of its own."""
    if token.text in _DASHES:
        return True
    spaced = token.i > 0 and bool(token.doc[token.i - 1].whitespace_) and bool(token.whitespace_)
    return token.text == "-" and spaced


def _cut_off(token: Token) -> bool:
    """A name word the parser split off as a sentence of its own ("U.K." in "U.K. Defense
    Secretary John Healey warned …"): one token, a proper noun, glued to the next word."""
    doc = token.doc
    return (
        token.pos_ == "PROPN"
        and bool(token.is_sent_start)
        and token.dep_ == "ROOT"
        and token.i + 1 < len(doc)
        and bool(doc[token.i + 1].is_sent_start)
        and token.whitespace_ == " "
    )


def with_quotes(spans: Sequence[Fragment], scope: Scope) -> list[Fragment]:
    """Content spans grown to the whole of every quotation they reach into, so a direct
    quote keeps its marks and all its sentences (and paragraphs)."""
    grown = list(spans)
    for start, end in spans:
        for quote in scope.quotes.overlapping(start, end):
            grown.extend(quote.pieces)
    return merge_fragments(grown, scope.text)


def merge_fragments(spans: Iterable[Fragment], text: str) -> list[Fragment]:
    """Sorted fragments, those overlapping or separated by spaces and punctuation only joined
    (a paragraph break keeps them apart: each paragraph of a long quote is its own span)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        gap = text[merged[-1][1] : start] if merged else ""
        if merged and (start <= merged[-1][1] or _punctuation_only(gap)):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _punctuation_only(gap: str) -> bool:
    return "\n" not in gap and not any(ch.isalnum() or ch in '“”"' for ch in gap)
