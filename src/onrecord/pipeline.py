"""The analysis pipeline: plain stages over the records, in the order data flows."""

from __future__ import annotations

from onrecord import nlp
from onrecord.attribute import attribute
from onrecord.checks import check_text, decode
from onrecord.records import Article, Document
from onrecord.resolve import resolve
from onrecord.structure.text import structure_text


def analyze(text: str, *, origin: str | None = None, model: str | None = None) -> Article:
    """Analyse one article given as plain text: structure, attributions and speakers.

    `Article.text` is exactly `text`, and every offset in the result indexes into it.
    """
    language = check_text(text)
    article = structure_text(text)
    article.origin = origin
    article.language = language
    return analyze_structured(article, model=model)


def analyze_document(document: Document) -> Article:
    """Analyse one read document, whatever its kind; bytes are decoded first."""
    content = document.content
    text = content if isinstance(content, str) else decode(content)
    return analyze(text, origin=document.origin)


def analyze_structured(article: Article, *, model: str | None = None) -> Article:
    """Find attributions and speakers in an article whose structure is already known
    (from plain text or from HTML); one parse of the whole text serves every stage."""
    doc = nlp.load(model)(article.text)
    article.attributions = attribute(doc, article)
    return resolve(doc, article)
