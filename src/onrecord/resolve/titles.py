"""Titles and affiliations, read off the words around a name.

The patterns that carry them in news English:

- pre-modifiers: "U.K. Defense Secretary John Healey", "Estonian Defense Minister Hanno
  Pevkur", "U.S. Secretary of Defense Pete Hegseth", "Apple CEO Tim Cook", "Israel's Prime
  Minister Benjamin Netanyahu": place or organisation first, then the office;
- appositives: "Hugh Hill, a doctor, said", "Jane Doe, chief executive of Acme Corp.",
  "Israel's prime minister, Benjamin Netanyahu", where the employer follows "at", "with",
  "of", "for", "in" or "on" ("director for games at Google", "Head of Fundamental Research
  at Kotak Securities") or stands alone ("Director, IIFL Securities.");
- after the name: a party label ("(D-Minn.)"), an outlet ("Sui-Lee Wee of the New York
  Times"), a relative clause ("who heads the Alliance for American Manufacturing") or a
  sentence of its own ("Hege is the CEO of DH").

Labels keep the article's wording: an office as written ("Rep.", then "Representative"), a
country by its canonical name and then as the article names it ("United States", "US").
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

from gender_guesser.detector import Detector
from spacy.tokens import Doc
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


@lru_cache(maxsize=1)
def _forenames() -> Detector:
    return Detector(case_sensitive=False)


def forename_gender(forename: str) -> str | None:
    """'m' or 'f' for a forename that is almost always one ("Beth", "Patrick"), else None
    ("Jo", "Dale", "Xi"): only so that "she" is not given to a John when a Beth spoke."""
    guess = _forenames().get_gender(forename) if forename.isalpha() else "unknown"
    return {"male": "m", "female": "f"}.get(guess)


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


def is_outlet(name: str) -> bool:
    """Whether a name is a well-known news outlet's ("Politico", "The Washington Post"): a
    body, whatever the recogniser labelled it (a person, a place)."""
    key = " ".join(name.lower().split())
    outlets = lexicon()["news_outlets"]
    return key in outlets or key.removeprefix("the ") in outlets


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
        body = _organisation_at(tokens, i)
        if body:
            _flush(rest, found)
            rest = []
            found.affiliations.extend(_body(tokens[i:body]))
            i = body
            continue
        if token.text in _POSSESSIVE:
            if any(t.ent_type_ in {"ORG", "GPE", "NORP"} for t in rest):
                found.affiliations.extend(_body(rest))
            rest = []
            i += 1
            continue
        gender = honorific_gender(token)
        if gender is not None:
            found.gender = gender or found.gender
            i += 1
            continue
        place = place_at(tokens, i) if not is_title_word(token) else None
        if place and rest and rest[-1].lower_ == "to":
            rest.pop()  # "ambassador to Britain": where the post is, not whom they speak for
            i = place[0]
            continue
        if place:
            _flush(rest, found)
            rest = []
            end, country = place
            found.affiliations.extend(worded(country, _text(tokens[i:end])))
            i = end
            continue
        rest.append(token)
        i += 1
    _flush(rest, found)
    if tokens and private(tokens[-1]):
        # "Hungarian-American investor": a nationality, not a country spoken for
        found.affiliations = [a for a in found.affiliations if not metonyms.affiliation(a)]
    return found


def private(token: Token) -> bool:
    """Whether a role speaks for no country: a private one ("investor", "settler") or a
    student of a subject ("Ukraine specialist", "Middle East observers"). A place before it
    says where they are from or what they study, not whom they speak for."""
    return (
        token.lower_ in lexicon()["private_roles"]
        or token.lemma_.lower() in lexicon()["private_roles"]
    )


def _organisation_at(tokens: Sequence[Token], i: int) -> int | None:
    """The end of a multi-word organisation's or place's name starting at `tokens[i]` and
    lying wholly among them ("Washington State Department of Health", "Inner Mongolia"), so a
    place inside it ("Washington", "Mongolia") is not read as a country."""
    token = tokens[i]
    if token.ent_type_ not in {"ORG", "GPE", "LOC"} or token.ent_iob_ != "B":
        return None
    end = i + 1
    while end < len(tokens) and tokens[end].ent_iob_ == "I" and tokens[end].i == token.i + end - i:
        end += 1
    ent = entity(token)
    if ent is None or ent.end != token.i + end - i:
        return None
    while end > i and tokens[end - 1].text in _POSSESSIVE:
        end -= 1  # "South Dakota's": the possessive is not part of the name
    return end if end - i >= 2 else None


def _text(words: Sequence[Token]) -> str:
    return words[0].doc[words[0].i : words[-1].i + 1].text if words else ""


def _flush(words: list[Token], found: Qualifiers) -> None:
    """File a run of non-place words: a title-word tail is the office, the rest a body."""
    start = len(words)
    while start > 0 and (
        is_title_word(words[start - 1])
        or in_compound(words[start - 1])
        or (words[start - 1].lower_ in lexicon()["connectors"] and 0 < start - 1)
        or _inside_office(words, start - 1)
    ):
        start -= 1
    while start < len(words) and words[start].lower_ in lexicon()["connectors"]:
        start += 1
    office, body = words[start:], [t for t in words[:start] if _names_body(t)]
    first = words.index(body[0]) if body else 0
    while 0 < first and words[first - 1].is_title and not is_title_word(words[first - 1]):
        first -= 1  # "New Media": a capitalised adjective opens the name
        body.insert(0, words[first])
    while office and office[-1].lower_ in lexicon()["connectors"]:
        office.pop()
    if body:
        found.affiliations.extend(_body(body))
    if any(is_head(t) for t in office):
        for title in _title_text(office):
            found.titles.extend(variants(title))
            found.gender = found.gender or gender_of(title)


def in_compound(token: Token) -> bool:
    """A hyphen or a word inside a hyphenated office ("editor-in-chief"), written without
    spaces."""
    doc, i = token.doc, token.i
    if token.text in {"-", "‐"}:
        return not token.whitespace_ and i > 0 and not doc[i - 1].whitespace_
    before = doc[i - 1] if i > 0 else None
    after = doc[i + 1] if i + 1 < len(doc) else None
    return (
        before is not None
        and after is not None
        and before.text in {"-", "‐"}
        and after.text in {"-", "‐"}
        and not before.whitespace_
        and not token.whitespace_
    )


def _inside_office(words: Sequence[Token], i: int) -> bool:
    """A capitalised word between two words of an office ("Chief Strategy Officer"), not a
    body's name."""
    return (
        0 < i < len(words) - 1
        and words[i].is_title
        and words[i].ent_type_ not in {"ORG", "GPE", "NORP", "PERSON"}
        and is_title_word(words[i - 1])
        and is_title_word(words[i + 1])
    )


def _names_body(token: Token) -> bool:
    """A word that can name an organisation before an office ("Apple", "State Department"),
    not a people or a hyphenated demonym ("African-American")."""
    if token.is_sent_start and not token.ent_type_ and token.pos_ != "PROPN":
        return False  # "Search engines", "Education advocacy groups": capitalised by position
    return token.ent_type_ in {"ORG", "GPE", "FAC"} or (
        (token.pos_ == "PROPN" or capitalised(token)) and token.ent_type_ != "NORP"
    )


def capitalised(token: Token) -> bool:
    """A common noun written with a capital inside a sentence: a name the tagger missed
    ("Wikileaks editor-in-chief")."""
    return token.pos_ == "NOUN" and token.is_title and not token.is_sent_start and token.i > 0


def _title_text(words: Sequence[Token]) -> list[str]:
    """The office as written ("Rep."), then with abbreviations spelt out ("Representative")
    where that differs, so a later "the representative" still finds the holder."""
    expand = lexicon()["abbreviations"]
    written = "".join(t.text_with_ws for t in words).strip()
    spelt = "".join(expand.get(t.lower_, t.text) + t.whitespace_ for t in words).strip()
    return [written] if spelt == written else [written, spelt]


def _body(words: Sequence[Token]) -> list[str]:
    """A body named by proper nouns, as the article words it ("U.S.", "the Times" → "Times"),
    after a country's canonical name where it is one ("United States", "U.S.")."""
    text = re.sub(r"^the\s+", "", words[0].doc[words[0].i : words[-1].i + 1].text, flags=re.I)
    return worded(metonyms.affiliation(text), text)


def worded(canonical: str | None, surface: str) -> list[str]:
    """A place's canonical name first, then its wording in the article when that differs:
    readers and gold both quote "US" or "Palestinians" where the table says "United States"."""
    if not canonical:
        return [surface]
    return [canonical] if canonical == surface else [canonical, surface]


def appositive(name_head: Token) -> Qualifiers:
    """Title and affiliation from the words next to a name, on either side.

    "Hugh Hill, a doctor, said" and "Jane Doe, chief executive of Acme Corp., said" put it
    after the name; "Israel's prime minister, Benjamin Netanyahu, said" puts it before. After
    the name news also writes a party label ("Rep. Ilhan Omar (D-Minn.)"), an outlet or
    institution ("Sui-Lee Wee of the New York Times"), a relative clause ("Scott Paul, who
    heads the Alliance for American Manufacturing") or, as its own sentence, "Hege is the CEO
    of DH".
    """
    found = Qualifiers()
    doc = name_head.doc
    after = name_head.i + 1
    found.affiliations += _party(doc, after)
    if after < len(doc) and doc[after].text == ",":
        words = segment(doc, after + 1)
        described = _described(words)
        if described.titles and not described.affiliations and words:
            described.affiliations += _body_alone(doc, words[-1].i + 1)
        found.extend(described)
    elif after < len(doc) and doc[after].lower_ in {"of", "at"}:
        found.affiliations += bodies_after(segment(doc, after), places=False)
    before = name_head.left_edge.i - 1
    if name_head.dep_ == "appos" and name_head.head.i < before and doc[before].text == ",":
        head = name_head.head
        if head.pos_ in {"NOUN", "PROPN"} and is_head(head) and head.ent_type_ != "PERSON":
            found.extend(_noun_phrase(head))
    verb = name_head.head
    if name_head.dep_ == "nsubj" and verb.lemma_ == "be" and verb.i > name_head.i:
        found.extend(_described(segment(doc, verb.i + 1)))
    elif name_head.dep_ == "nsubj" and verb.lemma_ in {"report", "write"}:
        for prep in (c for c in verb.rights if c.lower_ == "for" and c.dep_ == "prep"):
            found.affiliations += _proper_phrase(segment(doc, prep.i + 1), places=False)
    return found


def _body_alone(doc: Doc, comma: int) -> list[str]:
    """A body standing alone after a title, closing the sentence: "Sanjiv Bhasin, Director,
    IIFL Securities."."""
    if comma >= len(doc) or doc[comma].text != ",":
        return []
    words = segment(doc, comma + 1)
    end = words[-1].i + 1 if words else comma
    closes = end >= len(doc) or doc[end].is_sent_start or doc[end].text in {".", '"', "”"}
    if not words or not closes or not all(_proper(t) or t.text == "&" for t in words):
        return []
    return _proper_phrase(words, places=False)


#: Words that end the description after a name: punctuation, quotation marks, a clause.
_SEGMENT_ENDS = {",", ";", ":", "(", ")", "—", "–", '"', "“", "”", "‘", "’", "[", "]"}
_RELATIVES = {"who", "whom", "whose", "which", "where", "that", "when"}
#: Prepositions introducing the body a title belongs to, most telling first.
_EMPLOYERS = ("at", "with", "of", "for", "in", "on")


def segment(doc: Doc, start: int, limit: int = 25) -> list[Token]:
    """The words from `start` to the next comma, dash, quotation mark, clause or sentence
    end: one description ("a senior fellow at the Urban Institute") and no more."""
    words: list[Token] = []
    for token in doc[start : start + limit]:
        if words and (token.is_sent_start or "\n" in words[-1].whitespace_):
            break
        if (
            token.text in _SEGMENT_ENDS
            or token.is_space
            or (token.text == "." and token.i == len(doc) - 1)
        ):
            break
        if words and token.lower_ in _RELATIVES:
            break
        words.append(token)
    while words and words[-1].text == ".":
        words.pop()
    return words


def _described(words: list[Token]) -> Qualifiers:
    """What a description says: "a senior fellow at the Kohelet Policy Forum" (title, body),
    "the company’s chief operating officer" (title, the company named before), "who heads the
    Alliance for American Manufacturing" (title, body)."""
    found = Qualifiers()
    if len(words) > 1 and words[0].lower_ == "who":
        role = lexicon()["leading_verbs"].get(words[1].lower_)
        if role:
            found.titles.append(role)
            found.affiliations += _proper_phrase(words[2:], places=True)
        elif words[1].lemma_ == "be":  # "who is now an immunologist at Stanford University"
            rest = [t for t in words[2:] if t.pos_ != "ADV"]
            return _described(rest)
        return found
    while words and words[0].pos_ == "DET":
        words = words[1:]
    owned = max(
        (
            i + 1
            for i, t in enumerate(words)
            if t.text in _POSSESSIVE and all(w.pos_ != "ADP" for w in words[:i])
        ),
        default=0,
    )
    heads = [
        i
        for i, t in enumerate(words)
        if i >= owned  # "Queen Elizabeth II's third child": the Queen is not the title
        and is_head(t)
        and t.ent_type_ != "PERSON"
        and (i + 1 == len(words) or not is_title_word(words[i + 1]))
    ]
    if not heads or any(t.pos_ in {"VERB", "AUX"} for t in words[: heads[0]]):
        return found
    head = heads[0]
    for later in heads[1:]:  # "Chief Strategy Officer": the office ends at its last head
        if all(
            t.is_title or in_compound(t) or is_title_word(t) for t in words[head + 1 : later + 1]
        ):
            head = later
    if owned:  # "Teresa's husband and Tor's editor": only the last possessor owns the office
        first = owned - 2
        while first > 0 and words[first - 1].pos_ == "PROPN":
            first -= 1
        words = words[first:]
        head -= first
    following = words[head + 1] if head + 1 < len(words) else None
    if words[head].tag_ in {"NNS", "NNPS"} or (following is not None and following.pos_ == "AUX"):
        return found  # "…, employees were told": a new clause, not a description
    found.extend(premodifiers(words[: head + 1]))
    owner = next((t for t in words[:head] if t.text in _POSSESSIVE), None)
    if owner is not None and not found.affiliations:
        found.affiliations += named_before(words[owner.i - words[0].i - 1])
    served = _served(words[head + 1 :]) if words[head].lower_ in lexicon()["serving_heads"] else []
    found.affiliations += served or bodies_after(words[head + 1 :], places=True)
    return found


def _served(words: list[Token]) -> list[str]:
    """Whom an aide serves, as the article names them: "aide to Vice President Pence"."""
    if len(words) < 2 or words[0].lower_ != "to":
        return []
    served = []
    for t in words[1:]:
        if not (t.is_title or t.text == "."):
            break
        served.append(t)
    people = [t for t in served if t.ent_type_ == "PERSON" or t.pos_ == "PROPN"]
    return [_text(served)] if people and is_title_word(served[0]) else []


def named_before(noun: Token) -> list[str]:
    """The body "the company" or "the firm" stands for: the organisation named last before it,
    within the two sentences before."""
    if noun.lower_ not in lexicon()["organization_nouns"]:
        return []
    doc = noun.doc
    floor = noun.sent.start
    if floor > 0:
        floor = doc[floor - 1].sent.start
    for i in range(noun.i - 1, floor - 1, -1):
        ent = entity(doc[i]) if doc[i].ent_iob_ == "B" else None
        if ent is not None and ent.label_ == "ORG":
            return _body([w for w in ent if w.lower_ != "the"])
    return []


def bodies_after(words: list[Token], *, places: bool) -> list[str]:
    """The bodies named after a title's prepositions: "at Google", "of the Trade Partnership",
    "in NASA’s science mission directorate". "at" and "with" name the employer where present
    ("Head of Fundamental Research at Kotak Securities"); "in" only an organisation, not the
    town it is in; without `places`, no place at all ("Martin Taylor of Aberdeenshire")."""
    by_preposition: dict[str, list[str]] = {}
    taken = 0
    for i, t in enumerate(words):
        if t.lower_ in _EMPLOYERS and i >= taken:
            allowed = places and t.lower_ not in {"in", "on"}
            # "a specialist on the National Security Council", not "on Trump's call"
            named = t.lower_ == "on"
            end, phrase = _proper_span(words[i + 1 :], places=allowed, organisation=named)
            by_preposition.setdefault(t.lower_, []).extend(phrase)
            # "of the University of North Carolina": the inner "of" is part of the name
            taken = i + 1 + end
    for preposition in (("at", "with"), ("of", "for"), ("in", "on")):
        found = [b for p in preposition for b in by_preposition.get(p, [])]
        if found:
            return found
    return []


def _proper_phrase(words: list[Token], *, places: bool) -> list[str]:
    return _proper_span(words, places=places)[1]


def _proper_span(
    words: list[Token], *, places: bool, organisation: bool = False
) -> tuple[int, list[str]]:
    """The proper name a preposition's object ends in ("the right-wing Kohelet Policy Forum",
    "tech market research firm IDC", "Chapter & Verse") and where it ends among `words`.
    Common words before it are passed over; another preposition or a verb first means there
    is none."""
    i = 0
    while i < len(words) and (not _proper(words[i]) or _hyphenated(words, i)):
        if _hyphenated(words, i):  # "London-based", "fact-checking": a modifier, passed over
            i += 3
            continue
        if words[i].pos_ in {"ADP", "VERB", "AUX"} or words[i].text in _POSSESSIVE:
            return 0, []
        i += 1
    i = min(i, len(words))
    if i == len(words):
        return 0, []
    ent = entity(words[i])
    if ent is not None and ent.label_ not in {"ORG", "GPE", "FAC", "NORP", "LOC"}:
        return 0, []
    if is_title_word(words[i]) or honorific_gender(words[i]) is not None:
        return 0, []  # "on a call with President Zelensky": a person, not a body
    if organisation and (ent is None or ent.label_ != "ORG"):
        return 0, []
    end = i + 1
    while end < len(words) and (
        _proper(words[end])
        or (
            words[end].lower_ in {"&", "and", "of", "for", "-"}
            and end + 1 < len(words)
            and _proper(words[end + 1])
            # "Center for Disease Control" is one name; "Sales for Dräger" is two
            and (words[end].lower_ != "for" or (ent is not None and words[end].ent_iob_ == "I"))
        )
    ):
        end += 1
    phrase = words[i:end]
    located = ent is not None and ent.label_ in {"GPE", "LOC"}
    if not places and (located or metonyms.affiliation(_text(phrase))):
        return end, []
    return end, _body(phrase)


def _hyphenated(words: list[Token], i: int) -> bool:
    """A word inside a compound modifier ("the London-based website Full Fact")."""
    return (
        i + 2 < len(words)
        and words[i + 1].text in {"-", "‐"}
        and not words[i].whitespace_
        and words[i + 2].is_lower  # "Take-Two" is a name
    )


def _proper(token: Token) -> bool:
    return (
        (token.pos_ == "PROPN" or token.ent_type_ in {"ORG", "FAC"})
        and token.text not in _POSSESSIVE
        and not token.is_punct
    )


def _party(doc: Doc, after: int) -> list[str]:
    """The party of a party label after a name: "(D-Minn.)", ", R-W.Va.," → its party."""
    text = "".join(t.text_with_ws for t in doc[after : after + 8])
    match = re.match(r"\s*[(,]\s*([DRI])\s*[-–]\s*[A-Z][A-Za-z.]*\s*[),]", text)
    if not match:
        return []
    return [lexicon()["party_labels"][match.group(1).lower()]]


def _noun_phrase(head: Token) -> Qualifiers:
    """A title noun phrase such as "the company's chief executive" or "a spokesman for NATO"."""
    left = [t for t in head.lefts if t.dep_ not in {"det", "punct", "predet"}]
    words: list[Token] = []
    found = Qualifiers()
    for t in left:
        if t.dep_ == "poss":
            possessor = [w for w in t.subtree if w.text not in _POSSESSIVE and w.dep_ != "det"]
            if possessor and any(w.pos_ == "PROPN" for w in possessor):
                found.affiliations.extend(_body(possessor))
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
                found.affiliations.extend(_body(proper))
    return found
