"""HTML page to `Article`: the story's text in blocks, with the page's own metadata.

trafilatura finds the main text and the metadata; before it runs, figures (captions and photo
credits) and author bios are taken out of the page, so they can never end up in the body, and are
kept as blocks of their own after it. `Article.text` is the headline, the body blocks, then the
captions, credits and bios, with a blank line between blocks, and every block indexes into it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from onrecord.checks import detect_language
from onrecord.errors import InputError
from onrecord.records import Article, Block, Caption, Span
from onrecord.structure.authors import authors_in, distinct_people
from onrecord.structure.credits import is_wire_credit
from onrecord.structure.outlet import (
    domain_of,
    names_outlet,
    outlet_name,
    outlet_names,
    title_closing,
    without_outlet,
)
from onrecord.structure.wire import wire_agency

#: trafilatura's settings, gathered here. Comments are not the story; favouring precision keeps
#: navigation and teasers out of the body at little cost in recall.
EXTRACTION: dict[str, Any] = {
    "include_comments": False,
    "favor_precision": True,
    "include_tables": True,
    "include_images": False,
    "with_metadata": True,
}

#: Elements whose class or id marks a picture caption, a photo credit or an author bio.
_CAPTION_CLASS = re.compile(
    r"(?:^|[\s_-])(?:wp-caption-text|caption|image-caption|photo-caption|img-caption|"
    r"media-caption|figcaption|caption-text)(?:$|[\s_-])",
    re.I,
)
_CREDIT_CLASS = re.compile(
    r"credit|copyright|photographer|attribution|image-source|photo-source|byline", re.I
)
#: Outside a figure, only an unmistakable photo credit is taken (not a byline or a quote's source).
_LOOSE_CREDIT_CLASS = re.compile(
    r"(?:image|photo|img|media|picture|pic)[-_]?(?:credit|source|copyright)|"
    r"(?:^|[\s_-])credits?(?:$|[\s_-])|photographer",
    re.I,
)
_BIO_CLASS = re.compile(
    r"author[-_]?(?:bio|info|box|description|about|details|card|profile)|"
    r"about[-_]?(?:the[-_]?)?author|contributor[-_]?bio|byline[-_]?bio|(?:^|[\s_-])bio(?:$|[\s_-])",
    re.I,
)
#: A credit written at the end of a caption: "(AP Photo/Jane Doe)", "Photo: Reuters" …
_CREDIT_TEXT = re.compile(
    r"""\s*(?:
        \((?:[^()]*?\b(?:photo|photograph|image|picture|credit|illustration|video)s?\b[^()]*|
             [^()]*?\b(?:AP|AFP|Reuters|Getty\sImages|EPA|Shutterstock|Bloomberg)\b[^()]*)\)
      | (?:(?:photo|photograph|image|picture|illustration)s?(?:\s+credit)?|credit)\s*(?:by\b|[:/])
        [^.]{2,100}
      | [A-Z][^.]{0,60}/(?:Getty\sImages|AFP|AP|Reuters|EPA|Shutterstock|Bloomberg)[^.]{0,40}
      | (?:©|\(c\)|copyright\b)\s*[^.]{2,100}
      | \[[^\[\]]*\b(?:file|photo|image|AP|AFP|Reuters|Getty|EPA)\b[^\[\]]*\]
    )\s*$""",
    re.I | re.X,
)
#: A closing paragraph about the writer: "Jane Doe is a reporter for The Hill."
_BIO_TEXT = re.compile(
    r"^(?:[A-Z][\w'’.-]+\s){1,4}(?:(?:covers|writes\s+about|reports\s+on)\b|"
    r"(?:is|was|has\s+been)\b[^.]{0,160}?\b(?:reporter|correspondent|writer|editor|columnist|"
    r"contributor|journalist|author|producer|freelancer|critic|fellow|bureau)\b)"
)
#: Lines that send the reader elsewhere: "Related: …", "READ MORE: …", "Don't miss".
_RELATED_TEXT = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|content|coverage|reading))?|see\s+(?:more|also)|"
    r"read\s+(?:more|also|next)|also\s+read|more\s+on\s+this|don['’]t\s+miss|recommended|"
    r"watch|listen|sign\s+up|subscribe|click\s+here)\b\s*(?:[:|»>-]|$)",
    re.I,
)
_MAX_RELATED_CHARS = 200
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
#: Fewer words than this is a menu or an error page, not an article.
_MIN_ARTICLE_WORDS = 10
#: Bios are short; a "bio" box holding more is a layout wrapper, not a bio.
_MAX_BIO_CHARS = 1500
_MIN_BIO_WORDS = 12
_MAX_CAPTION_CHARS = 600
#: Only the last few paragraphs can be a writer's bio.
_BIO_TAIL = 2


@dataclass(slots=True)
class _Piece:
    """A block before it has offsets."""

    kind: str
    text: str


@dataclass(slots=True)
class _Figure:
    caption: str
    credit: str


def structure_html(html: str, *, url: str | None = None) -> Article:
    """The article in an HTML page: text in blocks, captions and bios apart, and metadata."""
    tree = trafilatura.load_html(html)
    if tree is None and "<" in html:
        # a fragment (a feed entry's content, a JSONL record's `html`) becomes a page
        tree = trafilatura.load_html(f"<html><body><article>{html}</article></body></html>")
    if tree is None:
        raise InputError("not an HTML page")
    canonical = _canonical_url(tree, url)
    figures = _pair_credits(list(_take_figures(tree)))
    bios = list(_take_bios(tree))
    extracted = trafilatura.bare_extraction(tree, url=url, **EXTRACTION)
    body = getattr(extracted, "body", None)
    pieces = list(_body_pieces(body)) if body is not None else []
    words = sum(len(p.text.split()) for p in pieces if p.kind == "paragraph")
    if words < _MIN_ARTICLE_WORDS:
        raise InputError("no article text found in the HTML page")
    title = _clean(getattr(extracted, "title", None) or "")
    pieces = [p for p in pieces if not (p.kind == "subheading" and _same(p.text, title))]
    pieces = _mark_closing_bios(_mark_wire_credits(_mark_related(pieces)))
    article = _assemble(title, pieces, figures, bios)
    article.url = url
    article.canonical_url = canonical or getattr(extracted, "url", None) or url
    byline = getattr(extracted, "author", None) or ""
    article.wire_credit = wire_agency([("byline", byline), *((p.kind, p.text) for p in pieces)])
    article.published = getattr(extracted, "date", None)
    address = _address(tree, url, canonical)
    article.domain = domain_of(address)
    article.site = _site_name(tree, getattr(extracted, "sitename", None), address)
    article.authors = _authors(
        byline, outlet_names(article.site, article.domain), title_closing(tree.findtext(".//title"))
    )
    categories = getattr(extracted, "categories", None) or []
    article.section = categories[0] if categories else None
    article.language = _language(tree, article)
    return article


def _assemble(title: str, pieces: list[_Piece], figures: list[_Figure], bios: list[str]) -> Article:
    """Lay the blocks end to end, a blank line apart, recording each one's offsets."""
    parts: list[str] = []
    blocks: list[Block] = []
    captions: list[Caption] = []
    cursor = 0

    def add(kind: str, text: str) -> Span:
        nonlocal cursor
        if parts:
            parts.append("\n\n")
            cursor += 2
        start = cursor
        parts.append(text)
        cursor += len(text)
        blocks.append(Block(kind, start, cursor))
        return Span(start, cursor, text)

    if title:
        add("headline", title)
    for piece in pieces:
        add(piece.kind, piece.text)
    for figure in figures:
        caption = add("caption", figure.caption) if figure.caption else None
        credit = add("credit", figure.credit) if figure.credit else None
        if caption is not None:
            captions.append(Caption(text=caption, credit=credit))
    for bio in bios:
        add("author_bio", bio)
    return Article(text="".join(parts), headline=title or None, blocks=blocks, captions=captions)


#: trafilatura's block elements; anything else in a container (text, <hi>, <ref>) runs inline.
_BLOCK_TAGS = frozenset(
    {"head", "p", "item", "code", "row", "list", "quote", "table", "div", "body", "graphic"}
)


def _body_pieces(element: etree._Element) -> Iterator[_Piece]:
    """trafilatura's body tree as blocks: headings, paragraphs, list items, quotes, table rows.
    Loose text between blocks (a container's text, a block's tail) is a paragraph of its own."""
    run = [element.text or ""]
    for child in element:
        if child.tag in _BLOCK_TAGS or child.tag == "lb":
            yield from _loose(run)
            run = []
            if child.tag != "lb":
                yield from _block_pieces(child)
        else:
            run.append(_text(child))
        run.append(child.tail or "")
    yield from _loose(run)


def _block_pieces(element: etree._Element) -> Iterator[_Piece]:
    tag = element.tag
    if tag in ("head", "p", "item", "code"):
        text = _text(element)
        if text:
            yield _Piece("subheading" if tag == "head" else "paragraph", text)
    elif tag == "row":
        text = " | ".join(t for t in (_text(cell) for cell in element) if t)
        if text:
            yield _Piece("paragraph", text)
    elif tag != "graphic":
        yield from _body_pieces(element)


def _loose(run: list[str]) -> Iterator[_Piece]:
    text = _clean("".join(run))
    if text:
        yield _Piece("paragraph", text)


def _text(element: etree._Element) -> str:
    """An element's text with inner line breaks kept and spaces tidied."""
    for line_break in element.iter("lb"):
        line_break.text = "\n"
    return _clean("".join(element.itertext()))


def _clean(text: str) -> str:
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _same(a: str, b: str) -> bool:
    return bool(a) and a.casefold().strip(" .") == b.casefold().strip(" .")


def _mark_related(pieces: list[_Piece]) -> list[_Piece]:
    """Short lines pointing to other stories are links, not the story."""
    return [
        _Piece("related", p.text)
        if len(p.text) <= _MAX_RELATED_CHARS and _RELATED_TEXT.match(p.text)
        else p
        for p in pieces
    ]


def _mark_wire_credits(pieces: list[_Piece]) -> list[_Piece]:
    """Lines handing the story to an agency or to extra reporters ("Additional reporting by
    …") credit it, as in plain text; they are not the story."""
    return [_Piece("wire_credit", p.text) if is_wire_credit(p.text) else p for p in pieces]


def body_blocks(article: Article) -> list[Block]:
    """The story's body: paragraphs and subheadings from the first paragraph to the last. A
    heading above the first paragraph is the page's dek, one below the last is a widget's title."""
    indexes = [i for i, b in enumerate(article.blocks) if b.kind == "paragraph"]
    if not indexes:
        return []
    return [
        b
        for b in article.blocks[indexes[0] : indexes[-1] + 1]
        if b.kind in ("paragraph", "subheading")
    ]


def _mark_closing_bios(pieces: list[_Piece]) -> list[_Piece]:
    """A writer's bio printed as the story's last paragraph is a bio, not the story."""
    paragraphs = [i for i, p in enumerate(pieces) if p.kind == "paragraph"]
    if len(paragraphs) <= _BIO_TAIL:
        return pieces
    for index in paragraphs[-_BIO_TAIL:]:
        if len(pieces[index].text) < _MAX_CAPTION_CHARS and _BIO_TEXT.match(pieces[index].text):
            pieces[index] = _Piece("author_bio", pieces[index].text)
    return pieces


def _take_figures(tree: HtmlElement) -> Iterator[_Figure]:
    """Remove every figure and loose caption or credit from the page, yielding their text."""
    for element in tree.xpath("//figure | //*[contains(@class, 'wp-caption')]"):
        if _detached(element, tree) or element.xpath(".//p[4]"):
            continue  # a "figure" holding several paragraphs is a layout box, not a picture
        captions = element.xpath(".//figcaption | .//*[@class]")
        caption_node = next(
            (c for c in captions if c.tag == "figcaption" or _CAPTION_CLASS.search(_marks(c))),
            None,
        )
        figure = _figure(caption_node if caption_node is not None else element)
        _remove(element)
        if figure.caption or figure.credit:
            yield figure
    for element in tree.xpath("//*[@class or @id]"):
        if _detached(element, tree) or element.tag in ("body", "html", "article", "main"):
            continue
        marks = _marks(element)
        if _CAPTION_CLASS.search(marks) or _LOOSE_CREDIT_CLASS.search(marks):
            text = _node_text(element)
            if text and len(text) <= _MAX_CAPTION_CHARS and not element.xpath(".//p[2]"):
                _remove(element)
                yield _figure(element)


def _pair_credits(figures: list[_Figure]) -> list[_Figure]:
    """A credit printed on its own, right after a caption without one, is that picture's."""
    paired: list[_Figure] = []
    for figure in figures:
        previous = paired[-1] if paired else None
        if not figure.caption and previous is not None and not previous.credit:
            previous.credit = figure.credit
        else:
            paired.append(figure)
    return paired


def _figure(node: HtmlElement) -> _Figure:
    """Caption and credit from a figure (or caption element): a credit element inside it first,
    else a credit written at the end of the caption text."""
    if _is_credit(node):
        return _Figure("", _node_text(node))
    credit_nodes = list(_credits_in(node))
    credit = " ".join(t for t in (_node_text(n) for n in credit_nodes) if t)
    for credit_node in credit_nodes:
        _remove(credit_node)
    caption = _node_text(node)
    if not credit:
        match = _CREDIT_TEXT.search(caption)
        if match and match.start() > 0:
            caption, credit = caption[: match.start()].strip(), match.group(0).strip()
    return _Figure(caption, credit)


def _credits_in(node: HtmlElement) -> Iterator[HtmlElement]:
    """The credit elements inside `node`, in page order; one inside another is part of it."""
    for child in node:
        if _is_credit(child):
            yield child
        else:
            yield from _credits_in(child)


def _is_credit(node: HtmlElement) -> bool:
    if not isinstance(node.tag, str) or node.tag in ("body", "html", "article", "main"):
        return False
    itemprop = (node.get("itemprop") or "").lower()
    return bool(_CREDIT_CLASS.search(_marks(node))) or itemprop in ("copyrightholder", "credittext")


def _take_bios(tree: HtmlElement) -> Iterator[str]:
    """Remove author-bio boxes from the page, yielding their text."""
    for element in tree.xpath("//*[@class or @id]"):
        if _detached(element, tree) or element.tag in ("body", "html", "article", "main"):
            continue
        if not _BIO_CLASS.search(_marks(element)):
            continue
        text = _node_text(element)
        if _MIN_BIO_WORDS <= len(text.split()) and len(text) <= _MAX_BIO_CHARS:
            _remove(element)
            yield text


def _marks(element: HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _node_text(element: HtmlElement) -> str:
    """What a reader sees of an element: its text, without scripts and styles."""
    return _clean(" ".join(element.xpath(".//text()[not(ancestor::script or ancestor::style)]")))


def _detached(element: HtmlElement, tree: HtmlElement) -> bool:
    """True for an element already removed with an ancestor. (lxml keeps a removed subtree in
    its document, so the root its `getroottree` gives says nothing: the ancestors do.)"""
    return element is not tree and not any(a is tree for a in element.iterancestors(tree.tag))


def _remove(element: HtmlElement) -> None:
    """Drop an element but keep the text that follows it (its tail) in the page."""
    if element.getparent() is not None:
        element.drop_tree()


def _canonical_url(tree: HtmlElement, url: str | None) -> str | None:
    """The page's own idea of its address: `<link rel=canonical>`, else `og:url`; absolute."""
    return _absolute_link(
        tree,
        "//link[translate(@rel, 'CANONIL', 'canonil')='canonical']/@href"
        " | //meta[@property='og:url']/@content",
        url,
    )


def _address(tree: HtmlElement, url: str | None, canonical: str | None) -> str | None:
    """Where the page was published, for its outlet: the URL it came from, else its `og:url`,
    else its canonical link. A syndicated copy's canonical link names the original (MSN's
    copy of a CNN story links to cnn.com) while its `og:url` stays its own."""
    return url or _absolute_link(tree, "//meta[@property='og:url']/@content", url) or canonical


def _absolute_link(tree: HtmlElement, xpath: str, url: str | None) -> str | None:
    """The first link `xpath` finds that is an absolute http(s) URL, or resolves to one."""
    for href in tree.xpath(xpath):
        absolute = urljoin(url or "", href.strip())
        if absolute.startswith(("http://", "https://")):
            return absolute  # a relative link with no page URL to resolve it against is no use
    return None


def _site_name(tree: HtmlElement, sitename: str | None, url: str | None) -> str | None:
    """The outlet's name (see `structure.outlet`): the page's `og:site_name` first, then the
    one trafilatura found (the publisher in JSON-LD, say), unless that is a copy of the
    first ("cleveland" made "Cleveland") or the site's Twitter handle."""
    own = [str(name) for name in tree.xpath("//meta[@property='og:site_name']/@content")]
    handles = tree.xpath("//meta[@name='twitter:site']/@content")
    seen = {str(name).strip().lstrip("@").casefold() for name in [*own, *handles]}
    other = sitename if sitename and sitename.strip().lstrip("@").casefold() not in seen else None
    return outlet_name([*own, other], url, tree.findtext(".//title"))


def _authors(value: str, outlets: list[str], title_outlet: str | None) -> list[str]:
    """The writers' names in trafilatura's author field ("A; B"), each part read as a byline
    is (see `authors.authors_in`: names only, not job titles, agencies, profiles' sentences),
    the outlet's own names ("CNN Business", "… Sputnik International") left out, each
    person once. The outlet a title names is only cut from the end of a name: a blog's
    title may close on its writer's name."""
    parts = (without_outlet(part.strip(), [*outlets, title_outlet]) for part in value.split(";"))
    names = (name for part in parts for name in authors_in(part))
    return distinct_people(name for name in names if not names_outlet(name, outlets))


def _language(tree: HtmlElement, article: Article) -> str | None:
    """The language of the text itself; the page's `lang` attribute when the text is too short."""
    detected = detect_language(article.text)
    if detected != "unknown":
        return detected
    lang = (tree.get("lang") or "").split("-")[0].lower()
    return lang or None
