"""Where in an article speakers are looked for, and how far a pronoun may reach back.

Persons are mentioned in the headline, the body and the picture captions; credits, bylines,
author notes and widgets name people who do not take part in the story ("Harry Nakos/AP
Photo"), so they are left out. A pronoun finds its antecedent only in its own zone: the body
paragraphs form one zone, every other block is a zone of its own, so "he" in a caption never
reaches into the article above it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from onrecord.attribute.quotes import QuoteIndex, find_quotes
from onrecord.records import Article

#: Block kinds whose text may mention the people in the story.
SEARCHED = ("headline", "subheading", "paragraph", "image_title", "caption")
_BODY = "paragraph"


@dataclass(frozen=True, slots=True)
class Region:
    start: int
    end: int
    zone: int


class Layout:
    """The searched regions of one article, its quoted stretches and sentence numbers."""

    def __init__(self, doc: Doc, article: Article) -> None:
        self.doc = doc
        self.text = article.text
        self.regions = _regions(article)
        self._starts = [r.start for r in self.regions]
        # The attribution stage's reading of quotation marks, so that both stages agree on
        # what is quoted (quotes over several paragraphs, stray marks).
        self._quotes = QuoteIndex(find_quotes(self.text, [(r.start, r.end) for r in self.regions]))
        self._sentence_starts = [s.start for s in doc.sents]

    def zone(self, char: int) -> int | None:
        """The zone a character offset lies in, or None outside every searched region."""
        i = bisect.bisect_right(self._starts, char) - 1
        if i >= 0 and char < self.regions[i].end:
            return self.regions[i].zone
        return None

    def quoted(self, char: int) -> bool:
        """Whether a character offset lies inside quotation marks."""
        return self._quotes.at(char) is not None

    def sentence(self, token: Token) -> int:
        """The running number of the sentence a token is in."""
        return bisect.bisect_right(self._sentence_starts, token.i) - 1


def _regions(article: Article) -> list[Region]:
    """Searched blocks in text order; an article without blocks is searched whole."""
    blocks = sorted((b for b in article.blocks if b.kind in SEARCHED), key=lambda b: b.start)
    if not article.blocks:
        return [Region(0, len(article.text), 0)]
    regions: list[Region] = []
    for n, block in enumerate(blocks, start=1):
        regions.append(Region(block.start, block.end, 0 if block.kind == _BODY else n))
    covered = [(r.start, r.end) for r in regions]
    for n, caption in enumerate(article.captions, start=len(blocks) + 1):
        for span in (caption.title, caption.text):
            if span and not any(s <= span.start < e for s, e in covered):
                regions.append(Region(span.start, span.end, n))
    return sorted(regions, key=lambda r: r.start)
