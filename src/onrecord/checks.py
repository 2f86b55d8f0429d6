"""Refusing input that cannot be analysed, with a one-line reason, before any work is done."""

from __future__ import annotations

import codecs
import os
import re
from urllib.parse import urlsplit

import charset_normalizer
from langdetect import DetectorFactory, LangDetectException, detect_langs

from onrecord import settings
from onrecord.errors import InputError

DetectorFactory.seed = 0  # langdetect is random unless seeded; the same text must get one answer

#: Share of control characters above which bytes are taken for binary data, not text.
_BINARY_SHARE = 0.05
#: Characters looked at to tell the language: enough to be sure, few enough to cost little
#: beside the parse.
_LANGUAGE_SAMPLE = 2000
_WESTERN_DEFAULT = "cp1252"
#: Share of bytes above 0x7F up to which undecodable text is taken for Windows-1252.
_MOSTLY_ASCII = 0.2
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_START_TAG = re.compile(r"<[A-Za-z]")
_START_TAG_BYTES = re.compile(rb"<[A-Za-z]")

#: Longest text analysed (characters). The parse and speaker resolution take about 1 GB and
#: 20 s per 100,000 characters on 2 cores (a 655,000-character text: 2.5 GB, 130 s); the
#: longest article of our corpora has 34,000 and spaCy refuses over 1,000,000 outright.
MAX_CHARACTERS = min(int(os.environ.get("ONRECORD_MAX_CHARS", "200000")), 1_000_000)
#: Longest run of characters without white space (a long URL is a few hundred).
MAX_WORD_CHARACTERS = 2000
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARACTERS + 1))
#: Most elements (start tags) a page may have; real article pages have a few thousand.
MAX_PAGE_ELEMENTS = int(os.environ.get("ONRECORD_MAX_ELEMENTS", "30000"))
#: Function words that make up a fifth or more of English prose and next to none of any
#: other language's ("the" above all): a text full of them needs no statistical model.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for on with was said it as by at he from his".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def decode(raw: bytes, *, max_bytes: int | None = None) -> str:
    """Bytes to text: a byte-order mark's encoding (UTF-8 or UTF-16), else UTF-8, else
    Windows-1252 for text that is mostly ASCII, else the most likely encoding."""
    limit = settings.MAX_INPUT_BYTES if max_bytes is None else max_bytes
    if len(raw) > limit:
        raise InputError(f"input is over the {limit:,}-byte limit")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("input starts as UTF-16 text but is not valid UTF-16") from None
    if b"\x00" in raw[:8192]:
        raise InputError("input looks binary (it contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # English news in a single-byte encoding is ASCII but for a few names and signs; there the
    # statistics have too little to go on ("café" read as Baltic "cafķ"), and the web's own
    # default, Windows-1252, is the likeliest by far.
    if sum(1 for byte in raw if byte >= 0x80) <= _MOSTLY_ASCII * len(raw):
        try:
            return raw.decode(_WESTERN_DEFAULT)
        except UnicodeDecodeError:
            pass
    matches = list(charset_normalizer.from_bytes(raw))
    if not matches:
        raise InputError("input is not UTF-8 and no other text encoding fits it")
    # Single-byte Latin encodings often fit equally well; for news in English the web's own
    # default, Windows-1252, is the likeliest of those that fit without chaos.
    clean = [m for m in matches if m.chaos <= matches[0].chaos]
    chosen = next((m for m in clean if m.encoding == _WESTERN_DEFAULT), matches[0])
    return str(chosen)


def check_text(text: str, *, max_bytes: int | None = None, language: str | None = None) -> str:
    """Refuse text onrecord cannot analyse; return its language code ('en'). A `language`
    already found for this text (an HTML page's) is taken as it is, not detected again."""
    limit = settings.MAX_INPUT_BYTES if max_bytes is None else max_bytes
    if not text.strip():
        raise InputError("input is empty")
    size = len(text.encode("utf-8", errors="replace"))
    if size > limit:
        raise InputError(f"text is {size:,} bytes, over the {limit:,}-byte limit")
    if len(text) > MAX_CHARACTERS:
        raise InputError(
            f"text is {len(text):,} characters, over the {MAX_CHARACTERS:,}-character limit"
        )
    word = _LONG_WORD.search(text)
    if word:
        # spaCy's tokenizer takes time growing with the square of a word's length: 11,560
        # braces in a row cost half a minute
        raise InputError(
            f"text has {len(word.group()):,} characters without a space at character"
            f" {word.start():,}, over the {MAX_WORD_CHARACTERS:,}-character limit for a word"
        )
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise InputError(
            f"text is not valid Unicode (a lone surrogate, U+{ord(surrogate.group()):04X},"
            f" at character {surrogate.start():,})"
        )
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > _BINARY_SHARE * min(len(text), 8192):
        raise InputError("input looks binary (control characters), not text")
    language = language or detect_language(text)
    if language != "en":
        raise InputError(
            f"input is not English (detected language: {language}); only English is supported"
        )
    return language


def check_url(url: str) -> None:
    """Refuse a URL given with a document (a WARC record's target, a JSONL `url`) that cannot be
    parsed ("https://[broken"), which would fail every later step that joins links to it."""
    try:
        urlsplit(url).port  # noqa: B018 - parsing the port is what raises for a broken one
    except ValueError as error:
        raise InputError(f"{url[:200]!r} is not a valid URL ({error})") from None


def check_page(html: str | bytes) -> None:
    """Refuse a page with more elements than any article page has: the main-text extractor's
    time grows faster than the page (60,000 tiny paragraphs take half a minute, a million
    never end), and a real news page has a few thousand."""
    elements = len(
        _START_TAG.findall(html) if isinstance(html, str) else _START_TAG_BYTES.findall(html)
    )
    if elements > MAX_PAGE_ELEMENTS:
        raise InputError(
            f"page has {elements:,} elements, over the {MAX_PAGE_ELEMENTS:,}-element limit"
        )


def _plainly_english(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    if len(words) < 50:
        return False
    function_words = sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS)
    return words.count("the") >= 0.03 * len(words) and function_words >= 0.2 * len(words)


def detect_language(text: str) -> str:
    """The most likely language code of a text; 'unknown' when there are no letters.
    Plain English prose is told by its function words at a twentieth of langdetect's cost;
    anything else is left to langdetect."""
    sample = text[:_LANGUAGE_SAMPLE]
    if not any(c.isalpha() for c in sample):
        return "unknown"
    if _plainly_english(sample):
        return "en"
    try:
        return str(detect_langs(sample)[0].lang)
    except LangDetectException:
        return "unknown"
