"""onrecord: who said what, on the record.

The public API is small: `analyze` one article, `read` sources into documents, and keep many in a
`Corpus`. Each is loaded on first use, so `onrecord --version` need not load spaCy or SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onrecord.corpus import Corpus
    from onrecord.errors import InputError
    from onrecord.pipeline import analyze, analyze_document
    from onrecord.read import read
    from onrecord.records import Article, Attribution, Block, Caption, Document, Span, Speaker

#: Where each public name lives.
_HOMES = {
    "Article": "onrecord.records",
    "Attribution": "onrecord.records",
    "Block": "onrecord.records",
    "Caption": "onrecord.records",
    "Corpus": "onrecord.corpus",
    "Document": "onrecord.records",
    "InputError": "onrecord.errors",
    "Span": "onrecord.records",
    "Speaker": "onrecord.records",
    "analyze": "onrecord.pipeline",
    "analyze_document": "onrecord.pipeline",
    "read": "onrecord.read",
}
__all__ = [
    "Article",
    "Attribution",
    "Block",
    "Caption",
    "Corpus",
    "Document",
    "InputError",
    "Span",
    "Speaker",
    "analyze",
    "analyze_document",
    "read",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
