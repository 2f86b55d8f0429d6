"""Full-text search, one language on both stores: which words a statement is found by, and
what a query asks for.

The databases' own stemmers and stop-word lists disagree (SQLite's Porter tokenizer kept
"the", PostgreSQL's English configuration dropped it; their stemmers part on words like
"possibly" and "as"), so onrecord does the linguistics itself: a statement is indexed as the
words `search_words` reads from it, and each store only looks words up as they are. A query
is read here too and handed to each store in its own syntax, so both find the same statements.

The query language:

- words are all required: `NATO membership`;
- "quoted words" must appear together, in that order: `"remains a threat"`;
- `OR` (in capitals) between two words or phrases takes either: `Trump OR Clinton`;
- a word or phrase after `-` must not appear: `NATO -Ukraine`, `-"White House"`;
- case, accents and punctuation do not matter, and a word finds its inflections
  (`membership` finds "memberships", `warn` finds "warned" and "warning"); no word is ignored.
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from dataclasses import dataclass, field

#: The most words a query may hold; more is refused rather than handed to a database that
#: would run out of stack on it.
MAX_QUERY_WORDS = 256

_WORD = re.compile(r"[^\W_]+")
_QUERY_PART = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


class QueryError(ValueError):
    """A query that cannot be searched, with the one-line reason a user sees."""


def search_words(text: str) -> list[str]:
    """The words of `text` as search sees them: lower case, accents dropped, split at anything
    that is not a letter or digit, each reduced to its stem ("Warnings" -> "warn")."""
    text = text.lower()
    if not text.isascii():  # ASCII has no accents to drop
        text = unicodedata.normalize("NFKD", text)
        # the marks among the text's few distinct characters, not each character in turn
        if marks := [ord(c) for c in set(text) if unicodedata.combining(c)]:
            text = text.translate(dict.fromkeys(marks))
    return [stem(word) for word in _WORD.findall(text)]


def search_text(text: str) -> str:
    """What a statement is indexed as: its `search_words`, space-separated."""
    return " ".join(search_words(text))


Phrase = tuple[str, ...]


@dataclass(slots=True)
class Query:
    """A parsed query: every group must match (a group is phrases joined by OR), and no
    excluded phrase may. A phrase of one word is that word."""

    groups: list[list[Phrase]] = field(default_factory=list)
    excluded: list[Phrase] = field(default_factory=list)

    def fts5(self) -> str:
        """What statements must match, in SQLite FTS5 syntax ('' when only exclusions)."""
        return " AND ".join(
            "(" + " OR ".join(_fts5_phrase(p) for p in group) + ")" for group in self.groups
        )

    def fts5_excluded(self) -> str:
        return " OR ".join(_fts5_phrase(p) for p in self.excluded)

    def tsquery(self) -> str:
        """What statements must match, as PostgreSQL `to_tsquery` text ('' when none)."""
        return " & ".join(
            "(" + " | ".join(_tsquery_phrase(p) for p in group) + ")" for group in self.groups
        )

    def tsquery_excluded(self) -> str:
        return " | ".join(_tsquery_phrase(p) for p in self.excluded)


def parse_query(query: str) -> Query:
    """Read a user's query (see the module's description of the language).

    Raises `QueryError` for a query with no word to search for, or with more words than
    `MAX_QUERY_WORDS`."""
    parsed = Query()
    words = 0
    joining = False  # an OR has been read since the last positive phrase
    last_positive = False
    for negation, quoted, bare in _QUERY_PART.findall(query):
        if bare == "OR":
            joining = last_positive
            continue
        negated = bool(negation) or (bare.startswith("-") and len(bare) > 1)
        phrase = tuple(search_words(quoted if not bare else bare.removeprefix("-")))
        if not phrase:
            continue
        words += len(phrase)
        if words > MAX_QUERY_WORDS:
            raise QueryError(f"the query is too long: at most {MAX_QUERY_WORDS} words are searched")
        if negated:
            parsed.excluded.append(phrase)
        elif joining:
            parsed.groups[-1].append(phrase)
        else:
            parsed.groups.append([phrase])
        last_positive, joining = not negated, False
    if not parsed.groups and not parsed.excluded:
        raise QueryError(f"the query {shorten(query)!r} has no word to search for")
    return parsed


def shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _fts5_phrase(phrase: Phrase) -> str:
    # words are letters and digits only, so nothing in them needs escaping
    return '"' + " ".join(phrase) + '"'


def _tsquery_phrase(phrase: Phrase) -> str:
    return "(" + " <-> ".join(f"'{word}'" for word in phrase) + ")"


@lru_cache(maxsize=65536)  # the words of news come again and again
def stem(word: str) -> str:
    """A word without its inflection: step 1 of Porter's stemmer (plurals, -ed, -ing, a final
    -y), which joins the forms of a word without joining different words the later steps
    conflate ("general" and "generous"). Words of one or two letters, words with digits and
    words outside ASCII are kept as they are."""
    if len(word) <= 2 or not word.isascii() or not word.isalpha():
        return word
    if word.endswith(("sses", "ies")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
    else:
        for suffix in ("ed", "ing"):
            if word.endswith(suffix) and _has_vowel(word[: -len(suffix)]):
                word = _tidy_after_suffix(word[: -len(suffix)])
                break
    if word.endswith("y") and _has_vowel(word[:-1]):
        word = word[:-1] + "i"
    return word


def _tidy_after_suffix(word: str) -> str:
    """Porter's step 1b repairs: "hopp(ing)" -> "hop", "hop(ing)" -> "hope", "conflat(ed)"
    -> "conflate"."""
    if word.endswith(("at", "bl", "iz")):
        return word + "e"
    if len(word) >= 2 and word[-1] == word[-2] and _consonant(word, len(word) - 1):
        return word if word[-1] in "lsz" else word[:-1]
    if _measure(word) == 1 and _consonant_vowel_consonant(word):
        return word + "e"
    return word


def _consonant(word: str, i: int) -> bool:
    if word[i] in "aeiou":
        return False
    return word[i] != "y" or i == 0 or not _consonant(word, i - 1)


def _measure(stem: str) -> int:
    """Porter's m: how many vowel-consonant sequences the stem has."""
    m, after_vowel = 0, False
    for i in range(len(stem)):
        consonant = _consonant(stem, i)
        m += consonant and after_vowel
        after_vowel = not consonant
    return m


def _has_vowel(stem: str) -> bool:
    return any(not _consonant(stem, i) for i in range(len(stem)))


def _consonant_vowel_consonant(word: str) -> bool:
    """Ends consonant-vowel-consonant, the last not w, x or y ("hop", not "snow")."""
    return (
        len(word) >= 3
        and _consonant(word, len(word) - 3)
        and not _consonant(word, len(word) - 2)
        and _consonant(word, len(word) - 1)
        and word[-1] not in "wxy"
    )
