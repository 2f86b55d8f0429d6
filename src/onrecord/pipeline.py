"""The analysis pipeline: plain stages over the records, in the order data flows."""

from __future__ import annotations

from spacy.tokens import Doc

from onrecord import budget, nlp
from onrecord.attribute import Judge, Scheme, attribute
from onrecord.attribute.confidence import confidence
from onrecord.attribute.scheme import DEFAULT_SCHEME
from onrecord.checks import check_text, decode
from onrecord.errors import InputError
from onrecord.read.failure import FAILED
from onrecord.read.html import HTML_TYPES, decode_html
from onrecord.read.sniff import looks_like_html
from onrecord.records import Article, Document
from onrecord.resolve import resolve
from onrecord.structure.html import structure_html
from onrecord.structure.outlet import domain_of
from onrecord.structure.text import structure_text


def analyze(
    text: str,
    *,
    url: str | None = None,
    origin: str | None = None,
    model: str | None = None,
    scheme: Scheme = DEFAULT_SCHEME,
) -> Article:
    """Analyse one article given as plain text or as an HTML page: structure, attributions and
    speakers.

    For plain text `Article.text` is exactly `text`; for a page it is the article's extracted
    text. Either way every offset in the result indexes into `Article.text`. `scheme` is what
    counts as an attribution: "news" (the default) what a source communicated, as
    newsgold/GUIDELINES.md says; "polnear" also unspoken attitudes, as PolNeAR annotates.
    An input whose analysis takes longer than `settings.TIME_LIMIT` is refused (`InputError`).
    """
    with budget.time_limit():
        article = structure(text, url=url, origin=origin)
        return analyze_structured(article, model=model, scheme=scheme)


def structure(text: str, *, url: str | None = None, origin: str | None = None) -> Article:
    """The stages of `analyze` before parsing: the article's structure, its text checked."""
    if looks_like_html(text):
        return structure_page(text, url=url, origin=origin)
    language = check_text(text)
    article = structure_text(text)
    article.origin = origin
    article.url = url
    article.domain = article.site = domain_of(url)
    article.language = language
    return article


def analyze_html(
    html: str,
    *,
    url: str | None = None,
    origin: str | None = None,
    model: str | None = None,
    scheme: Scheme = DEFAULT_SCHEME,
) -> Article:
    """Analyse the article in an HTML page; `url` is where the page came from, if known."""
    with budget.time_limit():
        article = structure_page(html, url=url, origin=origin)
        return analyze_structured(article, model=model, scheme=scheme)


def structure_page(html: str, *, url: str | None = None, origin: str | None = None) -> Article:
    """The article in an HTML page, structured and its text checked, not parsed yet."""
    article = structure_html(html, url=url)
    budget.check()
    article.language = check_text(article.text, language=article.language)
    article.origin = origin or url
    return article


def analyze_document(document: Document) -> Article:
    """Analyse one read document by its media type (HTML pages, else text; bytes are decoded
    first), filling what the article does not say from what the source said of it: a feed
    entry's title and date, a JSONL record's fields. A document that failed to read raises."""
    with budget.time_limit():
        return analyze_structured(structure_document(document))


def structure_document(document: Document) -> Article:
    """The stages of `analyze_document` before parsing (see there); raises `InputError` for a
    document that failed to read or that cannot be analysed."""
    if document.media_type == FAILED:
        raise InputError(document.metadata.get("error") or "could not be read")
    content = document.content
    metadata = document.metadata
    url = metadata.get("url")
    if document.media_type in HTML_TYPES:
        html = (
            content if isinstance(content, str) else decode_html(content, metadata.get("charset"))
        )
        article = structure_page(html, url=url, origin=document.origin)
    else:
        text = content if isinstance(content, str) else decode(content)
        article = structure(text, url=url, origin=document.origin)
    article.headline = article.headline or metadata.get("title")
    article.published = article.published or metadata.get("published")
    return article


def analyze_structured(
    article: Article,
    *,
    model: str | None = None,
    judge: Judge = confidence,
    scheme: Scheme = DEFAULT_SCHEME,
) -> Article:
    """Find attributions and speakers in an article whose structure is already known
    (from plain text or from HTML); one parse of the whole text serves every stage. `judge`
    and `scheme` decide which findings are kept (see `attribute`)."""
    with budget.time_limit():
        doc = nlp.parse(article.text, model)
        return analyze_parsed(doc, article, judge=judge, scheme=scheme)


def analyze_parsed(
    doc: Doc,
    article: Article,
    *,
    judge: Judge = confidence,
    scheme: Scheme = DEFAULT_SCHEME,
) -> Article:
    """The stages after parsing: attributions, then speakers; `doc` parses `article.text`.
    Apart from `analyze_structured` so that a batch can parse many texts in one `nlp.pipe`."""
    with budget.time_limit():
        article.attributions = attribute(doc, article, judge, scheme)
        budget.check()
        return resolve(doc, article)
