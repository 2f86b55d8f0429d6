"""The records every stage reads and writes: the vocabulary of the whole code base.

Offsets are truth: every `Span` indexes into `Article.text` (0-based, end-exclusive), so any
result can be checked against gold or highlighted in a UI without re-searching for its text.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, Literal

AttributionKind = Literal["direct", "mixed", "indirect"]
SpeakerType = Literal["person", "organization", "government", "group", "unnamed"]

#: Block kinds found in an article's text. Only `paragraph` blocks are searched for attributions.
BLOCK_KINDS = (
    "headline",
    "section",
    "subheading",
    "paragraph",
    "image_title",
    "caption",
    "credit",
    "author_bio",
    "byline",
    "dateline",
    "widget",
    "related",
    "wire_credit",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of `Article.text`; `text` is kept so records read well on their own."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class Block:
    """One structural piece of the article (a paragraph, a caption, a widget line …)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Caption:
    """A picture's title, caption and credit: kept out of the body, but not thrown away."""

    text: Span
    title: Span | None = None
    credit: Span | None = None


@dataclass(slots=True)
class Speaker:
    """One real person or body speaking in an article, with every mention of them."""

    id: str
    name: str
    type: SpeakerType = "person"
    titles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Attribution:
    """Who said what: content attributed to a source through a cue."""

    id: str
    kind: AttributionKind
    content: list[Span]
    cue: Span | None = None
    source: Span | None = None
    speaker_id: str | None = None
    confidence: float = 1.0
    context: Span | None = None


@dataclass(slots=True)
class Document:
    """What was read, before any analysis: raw content and where it came from."""

    content: bytes | str
    origin: str
    media_type: str = "text/plain"
    fetched_at: datetime | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Article:
    """The analysed article: structure, attributions and speakers over one text."""

    text: str
    id: str = ""
    origin: str | None = None
    headline: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    #: The outlet's name ("CNN"), else its domain; `domain` is its registrable web domain.
    site: str | None = None
    domain: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    wire_credit: str | None = None
    language: str | None = None
    blocks: list[Block] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    def blocks_of(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from `to_dict()` output (a JSON record)."""
        d = dict(data)
        d["blocks"] = [Block(**b) for b in d.get("blocks", [])]
        d["captions"] = [
            Caption(Span(**c["text"]), _span(c.get("title")), _span(c.get("credit")))
            for c in d.get("captions", [])
        ]
        d["speakers"] = [
            Speaker(**{**s, "mentions": [_span(m) for m in s.get("mentions", [])]})
            for s in d.get("speakers", [])
        ]
        d["attributions"] = [
            Attribution(
                **{
                    **a,
                    "content": [_span(c) for c in a.get("content", [])],
                    "cue": _span(a.get("cue")),
                    "source": _span(a.get("source")),
                    "context": _span(a.get("context")),
                }
            )
            for a in d.get("attributions", [])
        ]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


def _span(value: dict[str, Any] | None) -> Span | None:
    return Span(**value) if value else None


def content_id(text: str) -> str:
    """A stable id from the text itself, so re-reading the same article gives the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
