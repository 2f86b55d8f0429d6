"""An article laid out for reading: its blocks as paragraphs, each cut into pieces at every
boundary of an attribution's spans, so a page can highlight content, cue and source straight
from the stored offsets (never by searching for the text again).

Body blocks are read as the story; captions, credits, bios, widgets and the like are page
furniture, shown apart. The headline block is the page's title (attributions in it are
highlighted there too); the byline is shown as the article's field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from onrecord.corpus.fulltext import QueryError, parse_query, search_words
from onrecord.records import Article, Attribution, Block, Span

#: Blocks that are the story itself.
BODY_KINDS = frozenset({"paragraph", "subheading", "dateline", "section"})
#: Blocks shown as the article's fields rather than as text.
FIELD_KINDS = frozenset({"byline"})
#: The roles of an attribution's spans a reader sees highlighted.
ROLES = ("content", "cue", "source")
#: A word as search reads one (`corpus.fulltext`).
_WORD = re.compile(r"[^\W_]+")
#: Speaker colours a page styles (`sp-0` … `sp-7`); more speakers reuse them in turn.
COLOURS = 8


@dataclass(frozen=True, slots=True)
class Mark:
    """A piece's part in one attribution."""

    attribution: str
    role: str
    #: The speaker's id in the article ("" when the attribution has none).
    speaker: str
    #: The speaker's colour class ("sp-3"), "sp-none" for an attribution without a speaker.
    colour: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text covered by the same marks throughout (none for plain text)."""

    start: int
    end: int
    text: str
    marks: tuple[Mark, ...] = ()
    #: The attributions whose content starts here (where a link to one lands).
    anchors: tuple[str, ...] = ()

    @property
    def roles(self) -> list[str]:
        return sorted({mark.role for mark in self.marks}, key=ROLES.index)

    @property
    def attributions(self) -> list[str]:
        return list(dict.fromkeys(mark.attribution for mark in self.marks))

    @property
    def colour(self) -> str:
        return self.marks[0].colour if self.marks else ""

    @property
    def speaker(self) -> str:
        return self.marks[0].speaker if self.marks else ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    kind: str
    start: int
    end: int
    pieces: list[Piece]


@dataclass(frozen=True, slots=True)
class Layout:
    """The article's text as pieces: its headline, the story, and the page furniture apart."""

    headline: Paragraph | None
    body: list[Paragraph]
    furniture: list[Paragraph]


def speaker_colours(article: Article) -> dict[str, str]:
    """A colour class for each speaker of the article, in the order the article has them."""
    return {speaker.id: f"sp-{i % COLOURS}" for i, speaker in enumerate(article.speakers)}


def layout(article: Article) -> Layout:
    """The article's blocks cut into highlighted pieces. An article without blocks (one
    written by hand, or read from a record that kept none) is one paragraph."""
    colours = speaker_colours(article)
    marks = [
        (span, Mark(attribution.id, role, speaker, colours.get(speaker, "sp-none")))
        for attribution in article.attributions
        for speaker in [attribution.speaker_id or ""]
        for role, span in _role_spans(attribution)
        if span.end > span.start
    ]
    starts = {
        attribution.id: min(span.start for span in attribution.content)
        for attribution in article.attributions
        if attribution.content
    }
    blocks = article.blocks or [Block("paragraph", 0, len(article.text))]
    headline = None
    body: list[Paragraph] = []
    furniture: list[Paragraph] = []
    for block in blocks:
        if block.kind in FIELD_KINDS or block.end <= block.start:
            continue
        paragraph = Paragraph(
            block.kind, block.start, block.end, _pieces(article.text, block, marks, starts)
        )
        if block.kind == "headline" and headline is None:
            headline = paragraph
        else:
            (body if block.kind in BODY_KINDS else furniture).append(paragraph)
    return Layout(headline, body, furniture)


def _role_spans(attribution: Attribution) -> list[tuple[str, Span]]:
    single = {"cue": attribution.cue, "source": attribution.source}
    return [("content", span) for span in attribution.content] + [
        (role, span) for role, span in single.items() if span is not None
    ]


def _pieces(
    text: str, block: Block, marks: list[tuple[Span, Mark]], starts: dict[str, int]
) -> list[Piece]:
    """The block's text cut at every span boundary inside it, each piece with the marks of
    the spans covering it; `starts` is where each attribution's content begins."""
    inside = [
        (span, mark) for span, mark in marks if span.start < block.end and span.end > block.start
    ]
    cuts = {block.start, block.end}
    for span, _ in inside:
        cuts.update(max(block.start, min(block.end, edge)) for edge in (span.start, span.end))
    edges = sorted(cuts)
    pieces = []
    for start, end in zip(edges, edges[1:], strict=False):
        covering = tuple(mark for span, mark in inside if span.start <= start and end <= span.end)
        starting = tuple(
            mark.attribution
            for span, mark in inside
            if mark.role == "content" and span.start == start == starts[mark.attribution]
        )
        pieces.append(Piece(start, end, text[start:end], covering, starting))
    return pieces


def query_marks(text: str, query: str) -> list[tuple[str, bool]]:
    """`text` cut into stretches, those that are words the query searched for marked True:
    a word is marked when search would find it (same stem, any case or accent), so "warn"
    marks "warned". A query that cannot be read marks nothing."""
    wanted = _query_words(query)
    if not wanted:
        return [(text, False)] if text else []
    stretches: list[tuple[str, bool]] = []
    at = 0
    for match in _WORD.finditer(text):
        if _stems(match.group()) & wanted:
            if match.start() > at:
                stretches.append((text[at : match.start()], False))
            stretches.append((match.group(), True))
            at = match.end()
    if at < len(text):
        stretches.append((text[at:], False))
    return stretches


@lru_cache(maxsize=256)
def _query_words(query: str) -> frozenset[str]:
    """The words a query searches for, as search reads them (a page marks a query's words in
    each of its statements)."""
    if not query.strip():
        return frozenset()
    try:
        parsed = parse_query(query)
    except QueryError:
        return frozenset()
    return frozenset(word for group in parsed.groups for phrase in group for word in phrase)


@lru_cache(maxsize=65536)
def _stems(word: str) -> frozenset[str]:
    """A word's stems as search reads them (the same words come back on every page)."""
    return frozenset(search_words(word))
