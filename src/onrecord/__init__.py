"""onrecord: who said what, on the record.

The public API is small: `analyze` one article, `read` sources into documents, and keep many in a
`Corpus`.
"""

from onrecord.corpus import Corpus
from onrecord.errors import InputError
from onrecord.pipeline import analyze, analyze_document
from onrecord.read import read
from onrecord.records import Article, Attribution, Block, Caption, Document, Span, Speaker

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
