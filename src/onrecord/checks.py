"""Refusing input that cannot be analysed, with a one-line reason, before any work is done."""

from __future__ import annotations

import re

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
#: Function words that make up a fifth or more of English prose and next to none of any
#: other language's ("the" above all): a text full of them needs no statistical model.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for on with was said it as by at he from his".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def decode(raw: bytes, *, max_bytes: int | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM) first, else the most likely encoding."""
    limit = settings.MAX_INPUT_BYTES if max_bytes is None else max_bytes
    if len(raw) > limit:
        raise InputError(f"input is over the {limit:,}-byte limit")
    if b"\x00" in raw[:8192]:
        raise InputError("input looks binary (it contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
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
        raise InputError(f"input is {size:,} bytes, over the {limit:,}-byte limit")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > _BINARY_SHARE * min(len(text), 8192):
        raise InputError("input looks binary (control characters), not text")
    language = language or detect_language(text)
    if language != "en":
        raise InputError(
            f"input is not English (detected language: {language}); only English is supported"
        )
    return language


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
