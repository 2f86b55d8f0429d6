"""Running the attribution stage over a few paragraphs written for a test."""

from __future__ import annotations

import re

from onrecord import nlp
from onrecord.attribute import Scheme, attribute
from onrecord.records import Article, Attribution, Block


def article_of(text: str) -> Article:
    """An article whose blocks are its paragraphs, split on blank lines."""
    blocks = [Block("paragraph", m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    return Article(text, blocks=blocks)


def attributions(text: str, scheme: Scheme = "news") -> list[Attribution]:
    article = article_of(text)
    return attribute(nlp.load()(text), article, scheme=scheme)


def summary(found: list[Attribution]) -> list[tuple[str | None, str | None, list[str], str]]:
    """(source, cue, content texts, kind) of each attribution, for readable assertions."""
    return [
        (
            a.source.text if a.source else None,
            a.cue.text if a.cue else None,
            [c.text for c in a.content],
            a.kind,
        )
        for a in found
    ]
