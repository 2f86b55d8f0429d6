"""The typographic shape of a line: length, closing punctuation, capitalisation, quotation.

Page furniture and body text differ more in shape than in wording: a paragraph is a run of
sentences that ends in a full stop, a heading is a few capitalised words that do not.
"""

from __future__ import annotations

import re

#: Trailing characters that close a sentence without ending it (quotes, brackets, emphasis).
_CLOSERS = "\"'”’»)]*_ "
_SENTENCE_END = ".!?…:;"
#: Marks that open or close quoted speech ("»" alone is left out: pages use it as an arrow).
_SPEECH_QUOTES = re.compile(r"[“”\"«„]")
#: Words a title-cased line leaves in lower case.
_MINOR_WORDS = frozenset(
    "a an the and or but nor of in on at to for by with from over into onto as vs vs. via per"
    " up off out than amid after before about against between".split()
)
#: Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gov sen rep gen lt col sgt capt prof inc co corp ltd no vs pres"
    " adm maj cmdr rev hon ft mt jan feb mar apr aug sept sep oct nov dec".split()
)
_SENTENCE_BREAK = re.compile(r"[.!?…][”’\"')\]]*\s+[“\"‘']?[A-Z0-9]")
_PAST_SPEECH = re.compile(r"\b(?:said|told|added|asked|wrote|explained|noted|stated)\b", re.I)


def words(line: str) -> list[str]:
    return line.split()


def last_mark(line: str) -> str:
    """The line's last character once closing quotes, brackets and emphasis are set aside."""
    stripped = line.rstrip(_CLOSERS)
    return stripped[-1:] if stripped else ""


def ends_sentence(line: str) -> bool:
    """Ends the way prose does: in a full stop, question or exclamation mark, colon, ellipsis."""
    mark = last_mark(line)
    return bool(mark) and mark in _SENTENCE_END


def has_speech_quotes(line: str) -> bool:
    return bool(_SPEECH_QUOTES.search(line))


def says_in_past(line: str) -> bool:
    """Reports speech in the past tense ("said", "told"), as body text does and headlines,
    written in the present, do not."""
    return bool(_PAST_SPEECH.search(line))


def reports_speech(line: str) -> bool:
    """Quotes someone or reports what they said: the stuff of body paragraphs, never of
    headings, captions or credits."""
    return has_speech_quotes(line) or says_in_past(line)


def is_title_case(line: str) -> bool:
    """Every word that matters starts with a capital (or a digit), as in headings and titles."""
    significant = [
        w
        for w in re.findall(r"[\w’'.-]+", line)
        if w.lower() not in _MINOR_WORDS and w[0].isalnum()
    ]
    first = line.lstrip("“\"'‘*_(")[:1]
    if not significant or not (first.isupper() or first.isdigit()):
        return False
    capitalised = sum(1 for w in significant if w[0].isupper() or w[0].isdigit())
    return capitalised / len(significant) >= 0.8


def sentence_count(line: str) -> int:
    """Sentences in a line, counting breaks after a stop that is not an abbreviation or initial."""
    count = 1
    for match in _SENTENCE_BREAK.finditer(line):
        before = line[max(0, match.start() - 40) : match.start()].split()
        token = before[-1].lower().strip("“\"‘'(") if before else ""
        if token in _ABBREVIATIONS or len(token) <= 1 or "." in token:
            continue
        count += 1
    return count


def is_heading_shaped(line: str, *, max_words: int = 12) -> bool:
    """A few words starting with a capital and not ending like a sentence."""
    first = line.lstrip("“\"'‘*_(#")[:1]
    return (
        0 < len(words(line)) <= max_words
        and (first.isupper() or first.isdigit())
        and not ends_sentence(line)
        and last_mark(line) != ","
    )
