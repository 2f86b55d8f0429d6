"""Titles and affiliations, read off the words around a name.

Two patterns carry them in news English:

- pre-modifiers: "U.K. Defense Secretary John Healey", "Estonian Defense Minister Hanno
  Pevkur", "U.S. Secretary of Defense Pete Hegseth", "Apple CEO Tim Cook", "Israel's Prime
  Minister Benjamin Netanyahu": place or organisation first, then the office;
- appositives: "Hugh Hill, a doctor, said", "Jane Doe, chief executive of Acme Corp.",
  "Israel's prime minister, Benjamin Netanyahu".

The words that make an office ("minister", "defense", "chief" …) live in `data/titles.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from onrecord.resolve import metonyms

#: How many words a place name may run to ("Papua New Guinea", "Washington, D.C.").
_PLACE_WORDS = 4
_SPELLINGS = {"defence": "defense", "labour": "labor", "organisation": "organization"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The word lists in `data/titles.json`, lists turned into sets for lookup."""
    raw = json.loads(
        resources.files("onrecord.resolve").joinpath("data/titles.json").read_text("utf-8")
    )
    return {k: set(v) if isinstance(v, list) else v for k, v in raw.items() if k != "_about"}


def is_head(token: Token) -> bool:
    """Whether a word names an office or role on its own ("minister", "doctor", "Sen.")."""
    lower = token.lower_
    return (
        lower in lexicon()["heads"]
        or lower in lexicon()["abbreviations"]
        or (token.tag_ in {"NNS", "NNPS"} and token.lemma_.lower() in lexicon()["heads"])
    )


def is_title_word(token: Token) -> bool:
    """Whether a word can belong to an office's name ("Defense", "prime", "chief", "minister")."""
    return is_head(token) or token.lower_ in lexicon()["modifiers"]


def entity(token: Token) -> SpacySpan | None:
    """The named entity a word belongs to (walking the IOB tags: `Doc.ents` is rebuilt on
    every access)."""
    if not token.ent_type_:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=token.ent_type_)


def honorific_gender(token: Token) -> str | None:
    """'m' or 'f' for a gendered honorific ("Mr.", "Ms."), '' for "Mx.", None for any other."""
    return lexicon()["honorifics"].get(token.lower_)


def normalize(title: str) -> str:
    """A key under which spelling and case variants of one title meet."""
    words = re.sub(r"[-‐–]", " ", title.lower()).split()
    return " ".join(_SPELLINGS.get(w, w) for w in words)


def variants(title: str) -> list[str]:
    """The title, plus "Defense Secretary" for "Secretary of Defense" (the two forms news mixes)."""
    match = re.fullmatch(r"(.+?) (?:of|for) (?:the )?([A-Z][\w-]*(?: [A-Z][\w-]*)?)", title)
    if not match or len(match.group(1).split()) > 2:
        return [title]
    return [title, f"{match.group(2)} {match.group(1)}"]


def gender_of(title: str) -> str | None:
    """The gender a title makes evident ("spokeswoman"), if any."""
    genders = {lexicon()["gendered"].get(w) for w in normalize(title).split()} - {None}
    return genders.pop() if len(genders) == 1 else None


def is_leader_title(title: str) -> bool:
    """Whether a title is a head of state's or government's ("President", "Prime Minister")."""
    key = normalize(title)
    return any(re.search(rf"\b{re.escape(head)}\b", key) for head in lexicon()["leader_heads"])


@dataclass(slots=True)
class Qualifiers:
    """What the words around a name say about the person: offices, bodies, gender."""

    titles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    gender: str | None = None

    def extend(self, other: Qualifiers) -> None:
        self.titles += other.titles
        self.affiliations += other.affiliations
        self.gender = self.gender or other.gender


def place_at(tokens: Sequence[Token], i: int) -> tuple[int, str] | None:
    """The longest place phrase starting at `tokens[i]`: (end index, canonical country)."""
    for j in range(min(len(tokens), i + _PLACE_WORDS), i, -1):
        first, last = tokens[i], tokens[j - 1]
        text = first.doc[first.i : last.i + 1].text
        found = metonyms.affiliation(text)
        if found:
            return j, found
    return None


def premodifiers(tokens: Sequence[Token]) -> Qualifiers:
    """Split the words before a name into affiliations and an office.

    Read left to right: a possessor ("Israel's"), places and demonyms ("U.K.", "Estonian",
    "Kremlin") are affiliations; of the words that remain, the longest tail made only of title
    words is the office ("Defense Secretary", "Secretary of Defense", "press secretary") and any
    proper nouns before it name the body ("State Department spokesperson", "Apple CEO").
    """
    found = Qualifiers()
    rest: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.text in _POSSESSIVE:
            if any(t.ent_type_ in {"ORG", "GPE", "NORP"} for t in rest):
                found.affiliations.append(_body(rest))
            rest = []
            i += 1
            continue
        gender = honorific_gender(token)
        if gender is not None:
            found.gender = gender or found.gender
            i += 1
            continue
        place = place_at(tokens, i) if not is_title_word(token) else None
        if place:
            _flush(rest, found)
            rest = []
            i, country = place
            found.affiliations.append(country)
            continue
        rest.append(token)
        i += 1
    _flush(rest, found)
    return found


def _flush(words: list[Token], found: Qualifiers) -> None:
    """File a run of non-place words: a title-word tail is the office, the rest a body."""
    start = len(words)
    while start > 0 and (
        is_title_word(words[start - 1])
        or (words[start - 1].lower_ in lexicon()["connectors"] and 0 < start - 1)
    ):
        start -= 1
    while start < len(words) and words[start].lower_ in lexicon()["connectors"]:
        start += 1
    office, body = words[start:], [t for t in words[:start] if _names_body(t)]
    while office and office[-1].lower_ in lexicon()["connectors"]:
        office.pop()
    if body:
        found.affiliations.append(_body(body))
    if any(is_head(t) for t in office):
        title = _title_text(office)
        found.titles.extend(variants(title))
        found.gender = found.gender or gender_of(title)


def _names_body(token: Token) -> bool:
    """A word that can name an organisation before an office ("Apple", "State Department"),
    not a people or a hyphenated demonym ("African-American")."""
    return token.ent_type_ in {"ORG", "GPE", "FAC"} or (
        token.pos_ == "PROPN" and token.ent_type_ != "NORP"
    )


def _title_text(words: Sequence[Token]) -> str:
    """The office as written, with abbreviations spelt out ("Sen." → "Senator")."""
    expand = lexicon()["abbreviations"]
    parts = [expand.get(t.lower_, t.text) + t.whitespace_ for t in words]
    return "".join(parts).strip()


def _body(words: Sequence[Token]) -> str:
    """A body named by proper nouns: a country's canonical name where it is one."""
    text = words[0].doc[words[0].i : words[-1].i + 1].text
    return metonyms.affiliation(text) or re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)


def appositive(name_head: Token) -> Qualifiers:
    """Title and affiliation from an appositive next to a name, on either side.

    "Hugh Hill, a doctor, said" and "Jane Doe, chief executive of Acme Corp., said" put it
    after the name; "Israel's prime minister, Benjamin Netanyahu, said" puts it before.
    """
    found = Qualifiers()
    doc = name_head.doc
    phrases = [
        c
        for c in name_head.children
        if c.dep_ == "appos" and c.i > name_head.i and doc[name_head.i + 1].text == ","
    ]
    before = name_head.left_edge.i - 1
    if name_head.dep_ == "appos" and name_head.head.i < before and doc[before].text == ",":
        phrases.append(name_head.head)
    for head in phrases:
        if head.pos_ in {"NOUN", "PROPN"} and is_head(head) and head.ent_type_ != "PERSON":
            found.extend(_noun_phrase(head))
    return found


def _noun_phrase(head: Token) -> Qualifiers:
    """A title noun phrase such as "the company's chief executive" or "a spokesman for NATO"."""
    left = [t for t in head.lefts if t.dep_ not in {"det", "punct", "predet"}]
    words: list[Token] = []
    found = Qualifiers()
    for t in left:
        if t.dep_ == "poss":
            possessor = [w for w in t.subtree if w.text not in _POSSESSIVE and w.dep_ != "det"]
            if possessor and any(w.pos_ == "PROPN" for w in possessor):
                found.affiliations.append(_body(possessor))
        elif t.dep_ in {"amod", "compound", "nmod", "nummod"} and t.ent_type_ != "PERSON":
            words.extend(w for w in t.subtree if w.dep_ not in {"det", "punct"})
    found.extend(premodifiers([*words, head]))
    for prep in (
        t for t in head.rights if t.dep_ == "prep" and t.lower_ in {"of", "for", "at", "with"}
    ):
        objects = [o for o in prep.children if o.dep_ == "pobj"]
        for obj in objects:
            ent = entity(obj)
            if ent is not None and ent.label_ not in {"ORG", "GPE", "FAC", "NORP"}:
                continue  # "a historian of the Cold War": a field of study, not a body
            if ent is not None:
                proper = [w for w in ent if w.lower_ != "the"]
            else:
                proper = [w for w in obj.doc[obj.left_edge.i : obj.i + 1] if w.dep_ != "det"]
            if any(w.pos_ == "PROPN" for w in proper):
                found.affiliations.append(_body(proper))
    return found
