"""Mentions of people and bodies: the noun phrases coreference links into speakers.

A mention is read off the spaCy parse and entities of the whole article:

- names: "U.K. Defense Secretary John Healey", "Healey", "President Trump" (with the titles
  and affiliations around them);
- pronouns: "he", "she", "his", "they", "it";
- definite titles: "the minister", "the Russian leader", "the company";
- and, for the source of an attribution, also places ("Washington", "the Kremlin"),
  organisations ("NATO"), groups ("Several NATO allies") and unnamed sources ("a source").

The small English model mislabels names often ("Healey" as ORG, "Kyiv" as PERSON, "Trump’s
Talks" as one PERSON), so labels are a hint that tables and word shapes can overrule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, TypedDict

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from onrecord.records import Span
from onrecord.resolve import metonyms, titles
from onrecord.resolve.regions import Layout
from onrecord.resolve.titles import Qualifiers

MentionKind = Literal["name", "pronoun", "title", "place", "organization", "group", "unnamed"]

#: Third-person pronouns: gender (None when not evident) and number ("it" for things).
PRONOUNS: dict[str, tuple[str | None, str]] = {
    **dict.fromkeys(("he", "him", "his", "himself"), ("m", "sg")),
    **dict.fromkeys(("she", "her", "hers", "herself"), ("f", "sg")),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), (None, "pl")),
    **dict.fromkeys(("it", "its", "itself"), (None, "it")),
}
_PERSONAL = {"he", "him", "his", "she", "her"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_SUBJECT = {"nsubj", "nsubjpass"}
_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_NOT_IN_NAMES = {"VERB", "AUX", "ADP", "DET", "PRON", "ADV", "SCONJ", "CCONJ", "PART", "NUM"}
_BODIES = {"ORG", "GPE", "FAC"}
_COLLECTIVE = {"group", "chorus", "handful", "number", "majority", "coalition", "pair", "couple"}
#: "my father" is a speaker in its own right, not a mention of the writer.
_FIRST_AND_SECOND = {"my", "our", "your"}
_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X"}
_DEFINITE = {"the", "this", "that", "these", "those"}
_NO_ONE = {"no", "nobody", "none", "neither", "no-one"}
#: "a report from X", "a survey by X", "a report in the Argus Leader": who made it.
_MAKERS = {"by", "from", "in"}
_ARTICLES = {"a", "an", "one", "each", "every", "any", *_DEFINITE}
#: What joins the parties in a case's name ("Roe v. Wade"), which the recogniser may take for
#: a person's; in lower case, where "V." is an initial ("John V. Lindsay").
_VERSUS = {"v.", "v", "vs.", "vs", "versus"}
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "PERSON"}


@dataclass(slots=True)
class Mention:
    """One noun phrase that refers to a speaker (or may), with what it says about them."""

    span: Span
    kind: MentionKind
    head: int
    name: str = ""
    qualifiers: Qualifiers = field(default_factory=Qualifiers)
    zone: int = 0
    sentence: int = 0
    subject: bool = False
    label: str = ""
    definite: bool = False
    source: bool = False
    #: The organisation named just before a definite "the company" (its likely antecedent).
    refers: str = ""
    #: A definite utterance without an owner ("the statement"): whoever made it spoke before.
    utterance: bool = False
    #: Inside quotation marks: someone quoted talks of this person, who is then rarely the
    #: "he" or "she" that said it.
    quoted: bool = False

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def surname(self) -> str:
        """The last word of a name, skipping "Jr." and the like."""
        words = [w for w in self.name.split() if w.lower() not in _NAME_SUFFIXES]
        return words[-1] if words else self.name

    @property
    def forename(self) -> str:
        return self.name.split()[0] if " " in self.name else ""


def find(doc: Doc, layout: Layout) -> list[Mention]:
    """Every name, third-person pronoun and definite title in the searched regions."""
    found: dict[int, Mention] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and layout.zone(ent.start_char) is not None:
            if len(ent) == 1 and ent[0].pos_ == "NOUN" and ent[0].dep_ == "compound":
                continue  # "Border agents say": a common noun the recogniser took for a name
            if any(token.text in _VERSUS for token in ent[1:-1]):
                continue  # "Trump v. Trump": a court case, named after its parties
            mention = name(doc, ent.start, ent.end, layout, label="PERSON")
            if mention:
                found.setdefault(mention.head, mention)
    for token in doc:
        if token.i in found or layout.zone(token.idx) is None:
            continue
        if token.lower_ in _PERSONAL and token.pos_ == "PRON" and not layout.quoted(token.idx):
            found[token.i] = pronoun(token, layout)
        elif _titled_name(token):
            stop = token.i + 1
            while stop < len(doc) and _is_name_word(doc[stop]):
                stop += 1
            mention = name(doc, token.i, stop, layout, label=token.ent_type_)
            if mention:
                found.setdefault(mention.head, mention)
        elif _definite_title(token) and not layout.quoted(token.idx):
            found[token.i] = title(token, layout)
    return sorted(found.values(), key=lambda m: m.start)


def name(
    doc: Doc, start: int, end: int, layout: Layout, *, label: str = "", known: bool = False
) -> Mention | None:
    """A person's name with its pre-modifiers and appositives: "U.S. President Donald Trump".

    The entity is trimmed to the name proper: leading titles move to the pre-modifiers
    ("President Trump"), and a possessive ends it ("Trump’s Talks" → "Trump"). A `known`
    name is taken whatever the tagger made of it ("Trump" tagged as a verb).
    """
    while start < end and (
        _leads_name(doc[start]) or doc[start].is_punct or _opening_participle(doc[start])
    ):
        start += 1
    # "Browns QB Baker Mayfield": an office inside the entity leaves its body and itself
    # to the pre-modifiers
    offices = [k for k in range(start, end - 1) if _leads_name(doc[k]) and titles.is_head(doc[k])]
    if offices:
        start = offices[-1] + 1
    while start > 0 and _forename(doc[start - 1]):
        start -= 1
    stop = start + 1 if known else start
    while stop < end and (_is_name_word(doc[stop]) or _joins_name(doc, stop, end)):
        stop += 1
    if stop == start:
        return None
    text = doc[start:stop].text
    place = metonyms.affiliation(text) and not known  # "Kyiv" labelled a person
    if place or (stop - start == 1 and titles.is_title_word(doc[start])):
        return None
    pre = _premodifier_start(doc, start)
    found = titles.premodifiers(list(doc[pre:start]))
    found.extend(titles.appositive(doc[stop - 1]))
    head = doc[stop - 1]
    return Mention(
        span=Span.of(layout.text, doc[pre].idx, head.idx + len(head)),
        kind="name",
        head=head.i,
        name=text,
        qualifiers=found,
        label=label,
        **_position(head, layout),
    )


def _opening_participle(token: Token) -> bool:
    """A sentence opening with a participle the recogniser took for a forename ("Hosting
    Cook at Dreamforce is our dream"): a first word ending in "-ing", longer than the short
    names that do ("Ming", "Xing")."""
    return bool(token.is_sent_start) and token.lower_.endswith("ing") and len(token) > 5


def _is_name_word(token: Token) -> bool:
    """A word a name can be made of: a proper noun, or a capitalised word that is not a verb
    or function word ("Injecting Clinton" is no one's name)."""
    capitalised = token.is_title and token.pos_ not in _NOT_IN_NAMES
    return (token.pos_ == "PROPN" or capitalised or token.lower_ in _NAME_SUFFIXES) and not (
        token.text in _POSSESSIVE or token.is_punct and token.text not in {".", "-"}
    )


def _forename(token: Token) -> bool:
    """A capitalised proper noun just before a name that the recogniser left out of it
    ("Amelize" before "Joseph"), not the end of an office ("Supervisor of Elections")."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return (
        token.pos_ == "PROPN"
        and (before is None or before.lower_ not in {"of", "for"})
        and token.is_title
        and token.ent_type_ in {"", "PERSON"}
        and "\n" not in token.whitespace_
        and not _is_qualifier(token)
        and not metonyms.affiliation(token.text)
        and not _opening_participle(token)
    )


def _joins_name(doc: Doc, i: int, end: int) -> bool:
    """A hyphen inside a name ("Holtz-Eakin"), written without spaces."""
    return (
        doc[i].text in {"-", "‐"}
        and 0 < i < end - 1
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i + 1].is_title
    )


def _leads_name(token: Token) -> bool:
    """A title or honorific an entity starts with, unless it is likely a forename ("Dean")."""
    return _is_qualifier(token) and token.lower_ not in titles.lexicon()["forenames"]


def _is_qualifier(token: Token) -> bool:
    return titles.is_title_word(token) or titles.honorific_gender(token) is not None


def _premodifier_start(doc: Doc, start: int) -> int:
    """Where the words qualifying a name begin: "U.K. Defense Secretary" before "John Healey".

    Walks left over title words, places, proper nouns, a possessor ("Israel's") and "of"/"for"
    inside an office ("Secretary of Defense"); keeps the walk only if it found an office, an
    honorific or a place, so a stray proper noun before a name is not taken for a title.
    """
    i = start
    while i > 0:
        t = doc[i - 1]
        before = doc[i - 2] if i > 1 else None
        if "\n" in t.text_with_ws or t.is_space:
            break
        inner = (
            # not "State" in "Penn State", which the recogniser took for a person
            (
                _is_qualifier(t)
                and not (t.ent_type_ == "PERSON" and t.ent_iob_ == "I" and not titles.is_head(t))
            )
            or titles.in_compound(t)  # "editor-in-chief"
            or (
                t.lower_ in {"of", "for"}
                and i < start
                and titles.is_title_word(doc[i])
                and before is not None
                and titles.is_title_word(before)
            )
            or (t.text in _POSSESSIVE and before is not None and before.pos_ == "PROPN")
            # "ambassador to Britain Liu Xiaming"
            or (
                t.lower_ == "to"
                and i < start
                and before is not None
                and titles.is_head(before)
                and titles.place_at(list(doc[i:start]), 0) is not None
            )
            or (
                (
                    t.pos_ == "PROPN"
                    or t.ent_type_ in {"ORG", "GPE", "NORP"}
                    or titles.capitalised(t)
                )
                and t.ent_type_ not in _NOT_NAMES
            )
            # "New Media investor": a capitalised adjective opening a body's name
            or (t.pos_ == "ADJ" and t.is_title and i < start and doc[i].pos_ == "PROPN")
            # "Vanderbilt athletic director": a common word qualifying the office
            or (
                t.is_lower
                and t.pos_ in {"ADJ", "NOUN"}
                and i < start
                and titles.is_title_word(doc[i])
                and before is not None
                and (before.pos_ == "PROPN" or before.is_lower)
            )
        )
        if not inner:
            break
        i -= 1
    while i < start and (doc[i].lower_ in {"of", "for"} or doc[i].text in _POSSESSIVE):
        i += 1
    words = list(doc[i:start])
    if words and (
        any(_is_qualifier(t) for t in words) or _all_places(words) or _body_possessor(words)
    ):
        return i
    return start


def _body_possessor(words: list[Token]) -> bool:
    """An organisation's possessive before a name: "NPR’s Emily Feng", "Google's Jack Buser"."""
    return (
        len(words) > 1
        and words[-1].text in _POSSESSIVE
        and all(t.ent_type_ == "ORG" for t in words[:-1])
    )


def _all_places(words: list[Token]) -> bool:
    i = 0
    while i < len(words):
        place = titles.place_at(words, i)
        if not place:
            return False
        i = place[0]
    return True


def _titled_name(token: Token) -> bool:
    """A proper noun right after a capitalised office or honorific ("President Macron"),
    which the entity recogniser did not label as a person."""
    if token.ent_type_ == "PERSON" or token.pos_ != "PROPN" or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return (
        before.is_title
        and (titles.is_head(before) or titles.honorific_gender(before) is not None)
        and not titles.is_title_word(token)
        and not metonyms.affiliation(token.text)
        and token.lower_ not in titles.lexicon()["organization_nouns"]  # "General Assembly"
    )


def _definite_title(token: Token) -> bool:
    """ "the minister", "the Russian leader", "the company": an office or body named by a
    common noun with "the", not the pre-modifier of a name."""
    if token.dep_ == "compound" or token.ent_type_ == "PERSON" or token.tag_ != "NN":
        return False
    if not (titles.is_head(token) or token.lower_ in titles.lexicon()["organization_nouns"]):
        return False
    return any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)


def pronoun(token: Token, layout: Layout) -> Mention:
    return Mention(
        span=Span.of(layout.text, token.idx, token.idx + len(token)),
        kind="pronoun",
        head=token.i,
        name=token.lower_,
        qualifiers=Qualifiers(gender=PRONOUNS[token.lower_][0]),
        **_position(token, layout),
    )


def title(head: Token, layout: Layout) -> Mention:
    """A definite title or body: "the minister" → title "minister"; "the Russian leader" →
    title "leader", affiliation "Russia". A common noun before the office keeps it whole:
    "the band leader" is no head of state."""
    words = [t for t in head.lefts if t.dep_ in {"amod", "compound", "nmod"}]
    first = min([head, *words, *(c for c in head.children if c.dep_ == "det")], key=lambda t: t.i)
    doc = head.doc
    modifiers = [t for t in doc[first.i : head.i] if t.dep_ != "det" and not t.is_punct]
    found = titles.premodifiers([*modifiers, head])
    loose = [t for t in modifiers if t.pos_ == "NOUN" and not titles.is_title_word(t)]
    if loose:
        found.titles = [doc[loose[0].i : head.i + 1].text]
    if titles.is_head(head):  # "the chairman of the Conservative Party"
        found.affiliations += titles.bodies_after(titles.segment(doc, head.i + 1), places=True)
    return Mention(
        span=Span.of(layout.text, first.idx, head.idx + len(head)),
        kind="title",
        head=head.i,
        name=doc[modifiers[0].i if modifiers else head.i : head.i + 1].text,
        qualifiers=found,
        definite=True,
        refers=_antecedent(head, found),
        **_position(head, layout),
    )


def _antecedent(head: Token, found: Qualifiers) -> str:
    """The company a bare "the company" or "the firm" most likely means: the organisation
    named last within the two sentences before. "The Afghan government" names its own."""
    if found.affiliations or head.lower_ not in titles.lexicon()["company_nouns"]:
        return ""
    if head.lower_ in _COLLECTIVE:
        return ""  # "the group" is as often a group of people as a company
    return " ".join(titles.named_before(head)[-1:])


class _Position(TypedDict):
    zone: int
    sentence: int
    subject: bool
    quoted: bool


def _position(head: Token, layout: Layout) -> _Position:
    subject = head.dep_ in _SUBJECT or (head.dep_ == "poss" and head.head.dep_ in _SUBJECT)
    return {
        "zone": layout.zone(head.idx) or 0,
        "sentence": layout.sentence(head),
        "subject": subject,
        "quoted": layout.quoted(head.idx),
    }


def surnames(doc: Doc, layout: Layout, names: set[str], taken: list[Mention]) -> list[Mention]:
    """Short-name mentions the entity recogniser missed or mislabelled ("Healey" as ORG):
    capitalised words equal to a known person's surname, not part of a longer name."""
    covered = {i for m in taken for i in range(*_token_range(doc, m.span))}
    first_words = {n.split(maxsplit=1)[0] for n in names if n}
    found = []
    for token in doc:
        if token.text not in first_words or token.i in covered:
            continue  # most words start no known name: skip them before building spans
        if layout.zone(token.idx) is None:
            continue
        end = token.i + 1 if token.text in names else token.i + 3
        if end > len(doc) or doc[token.i : end].text not in names:
            continue
        after = doc[end] if end < len(doc) else None
        before = doc[token.i - 1] if token.i > 0 else None
        if after is not None and after.pos_ == "PROPN" and after.is_title:
            continue
        if before is not None and before.pos_ == "PROPN" and not _is_qualifier(before):
            continue
        mention = name(doc, token.i, end, layout, label=token.ent_type_, known=True)
        if mention:
            found.append(mention)
    return found


def _token_range(doc: Doc, span: Span) -> tuple[int, int]:
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    return (tokens.start, tokens.end) if tokens is not None else (0, 0)


def source(doc: Doc, span: Span, layout: Layout, found: dict[int, Mention]) -> Mention | None:
    """The mention an attribution's source span makes, reusing one `find` already made.

    "Hegseth’s remarks" and "a Bloomberg poll" are mentions of their owners; "the officials
    who" of "the officials"; "Several NATO allies" of the group "NATO allies"; "Washington" of
    the United States. A first-person or non-nominal source has no mention.
    """
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None:
        return None
    words = [t for t in tokens if not (t.is_punct and t.text not in _POSSESSIVE) and not t.is_space]
    words = _after_dateline(tokens, words)
    if not words or words[0].lower_ in _NO_ONE:
        return None  # "no one knows", "nobody said": no speaker
    root = _root(words)
    apposed = _named_apposition(root, words)
    if apposed is not None:
        return source(doc, _extent(apposed.left_edge, apposed), layout, found)
    if root.i in found:
        return found[root.i]
    owner = _owner(root, words)
    if owner is not None:
        return source(doc, owner, layout, found)
    definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in root.children)
    utterance = root.pos_ == "NOUN" and root.lower_ in titles.lexicon()["utterance_nouns"]
    if utterance and not definite and root.tag_ == "NN":
        return None  # "a statement said": no one the article names ("Studies show" stays)
    if utterance and definite:
        # "the statement said": whoever made the statement and spoke before
        span = Span.of(layout.text, words[0].idx, words[-1].idx + len(words[-1]))
        position = _position(root, layout)
        return Mention(span, "unnamed", root.i, root.lower_, utterance=True, **position)
    if root.tag_ in {"WDT", "WP"} and root.head.dep_ == "relcl" and root.head.head.i < root.i:
        antecedent = root.head.head
        return source(doc, _extent(antecedent.left_edge, antecedent), layout, found)
    if len(words) == 1 and root.lower_ in PRONOUNS:
        return pronoun(root, layout)
    member = _partitive(root)
    if member is not None:
        return _one_of(doc, words, root, member, layout)
    if len(words) == 1 and root.lower_ in titles.lexicon()["quantifiers"] - _ARTICLES:
        # "many say", "others said": a group the article leaves unnamed
        span = Span.of(layout.text, root.idx, root.idx + len(root))
        return Mention(span, "group", root.i, root.lower_, **_position(root, layout))
    if root.pos_ == "PRON":
        return None
    if root.pos_ not in _NOMINAL:
        # a misparse ("Tulsa" read as a verb): fall back on the phrase's last noun
        nouns = [t for t in words if t.pos_ in {"NOUN", "PROPN"}]
        if not nouns:
            return None
        root = nouns[-1]
        if root.i in found:
            return found[root.i]
    # the last: "Penn State quarterback Sean Clifford" names Clifford, whatever "Penn State" is
    person = next((e for e in reversed(_people_within(tokens)) if _names(e, root)), None)
    if person is not None:
        mention = name(doc, person.start, min(person.end, words[-1].i + 1), layout, label="PERSON")
        if mention:
            return found.get(mention.head, mention)
    return _phrase(doc, words, root, layout)


def _after_dateline(tokens: SpacySpan, words: list[Token]) -> list[Token]:
    """A source run together with the dateline before it ("HANOI, Vietnam (AP) — U.S. Defense
    Secretary Mark Esper") is the words after the dateline's dash."""
    dashes = [t for t in tokens if t.text in {"—", "–", "--"}]
    if not dashes or not words or not (words[0].is_upper and len(words[0]) > 1):
        return words
    return [t for t in words if t.i > dashes[0].i]


def _people_within(tokens: SpacySpan) -> list[SpacySpan]:
    """The PERSON entities wholly inside a span, as `Span.ents` gives them, without
    rebuilding every entity of the doc."""
    people: list[SpacySpan] = []
    for token in tokens:
        if token.ent_type_ == "PERSON" and token.ent_iob_ == "B":
            person = titles.entity(token)
            if person is not None and person.end <= tokens.end:
                people.append(person)
    return people


def _names(person: SpacySpan, root: Token) -> bool:
    """Whether a person's name is what a phrase is about: it holds the head, or the head is
    an office in apposition ("Latvian journalist Dainis Ivans")."""
    apposed = person.root.head == root and person.root.dep_ in {"appos", "compound", "nmod"}
    return person.start <= root.i < person.end or (titles.is_head(root) and apposed)


def _root(words: list[Token]) -> Token:
    """The head of a source phrase: of the words whose head lies outside it, the last noun."""
    inside = {t.i for t in words}
    tops = [t for t in words if t.head.i not in inside or t.head == t] or words[-1:]
    nouns = [t for t in tops if t.pos_ in _NOMINAL]
    return (nouns or tops)[-1]


def _owner(root: Token, words: list[Token]) -> Span | None:
    """Whoever owns the words a source names: "Hegseth’s remarks", "his comments", "a
    Bloomberg poll". People and bodies ("Trump's spokeswoman", "Suu Kyi's allies",
    "Ukraine's ministry") are themselves the source, so have no owner here."""
    lexicon = titles.lexicon()
    if root.pos_ != "NOUN" or root.lower_ not in lexicon["utterance_nouns"]:
        return None
    inside = {t.i for t in words}
    owner = next(
        (
            c
            for c in root.children
            if c.dep_ == "poss" and c.i in inside and c.lower_ not in _FIRST_AND_SECOND
        ),
        None,
    )
    if owner is not None:
        owned = [t for t in owner.subtree if t.text not in _POSSESSIVE]
    else:
        owned = [
            t for c in root.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" for t in c.subtree
        ]
    if not owned:
        # "a report from Kotak Institutional Equities", "a survey by Penelope Abernathy"
        agent = next(
            (
                o
                for c in root.rights
                if c.dep_ in {"prep", "agent"} and c.lower_ in _MAKERS and c.i in inside
                for o in c.children
                if o.dep_ == "pobj" and (o.pos_ == "PROPN" or c.lower_ != "in" and o.pos_ == "NOUN")
            ),
            None,
        )
        owned = [t for t in agent.subtree if t.i in inside] if agent is not None else []
    if not owned:
        return None
    return _extent(owned[0], owned[-1])


def _named_apposition(root: Token, words: list[Token]) -> Token | None:
    """ "The group that owns most of her music, Big Machine,", "The company that runs the
    AMAs, Dick Clark Productions,": a description closed by a name in apposition is that
    name's, not the last company spoken of; the parser may hang the name on the relative
    clause's object, so the name that ends the phrase after a comma is taken."""
    if root.pos_ != "NOUN":
        return None
    last = words[-1]
    described = last.dep_ == "appos" and (
        last.head == root or any(c.dep_ in {"relcl", "acl"} for c in root.children)
    )
    comma = last.left_edge.i - 1
    if not described or last.pos_ != "PROPN" or comma <= root.i:
        return None
    return last if root.doc[comma].text == "," else None


def _extent(first: Token, last: Token) -> Span:
    """The characters from one token to another (`Doc.text` is rebuilt on every access)."""
    return Span(first.idx, last.idx + len(last), first.doc[first.i : last.i + 1].text)


def _phrase(doc: Doc, words: list[Token], root: Token, layout: Layout) -> Mention:
    """A source that is not a person's name: a place, body, group or unnamed source.

    Quantifiers and articles are dropped ("Several NATO allies" → "NATO allies"); a proper
    noun keeps its descriptors as qualifiers ("Estonian broadcaster ERR" → "ERR", Estonia).
    """
    quantifiers = titles.lexicon()["quantifiers"]
    k = 0
    while k < len(words) - 1 and (
        words[k].lower_ in quantifiers or words[k].pos_ in {"DET", "NUM"}
    ):
        k += 1
    core = [t for t in words[k:] if t.i <= root.i] or [root]
    # "Britain’s defence secretary" is as definite as "the defence secretary".
    definite = any(t.lower_ == "the" for t in words[:k]) or any(t.tag_ == "POS" for t in core)
    position = _position(root, layout)
    span = Span.of(layout.text, words[0].idx, words[-1].idx + len(words[-1]))
    text = doc[core[0].i : core[-1].i + 1].text
    proper = all(t.pos_ == "PROPN" or t.is_title or not t.is_alpha for t in core)
    place = metonyms.government(text, layout.text) if proper else None
    if place:
        return Mention(span, "place", root.i, place, Qualifiers(affiliations=[place]), **position)
    if _plural(root):
        found = titles.premodifiers(core[:-1])
        found.affiliations += _places_after(root, words)
        if titles.private(root):  # "Israeli settlers" do not speak for Israel
            found.affiliations = [a for a in found.affiliations if not metonyms.affiliation(a)]
        party = titles.lexicon()["parties"].get(root.lower_)
        if party:
            found.affiliations.append(party)
        return Mention(span, "group", root.i, _common(core), found, definite=definite, **position)
    if root.pos_ == "PROPN":
        first, last = _proper_name(root, core[0].i)
        named = doc[first:last].text
        found = titles.premodifiers([t for t in core if t.i < first])
        if last == root.i + 1:
            found.extend(titles.appositive(root))  # "Jeff Sanborn, president of …": a person
        label = "PERSON" if _surname_with_his_or_her(root, last - first) else root.ent_type_
        return Mention(span, "name", root.i, named, found, label=label, **position)
    found = titles.premodifiers(core)
    found.affiliations += _places_after(root, words)
    if titles.is_head(root):  # "a spokesperson for the British Foreign Office"
        found.affiliations += titles.bodies_after([t for t in words if t.i > root.i], places=True)
    organization = root.lower_ in titles.lexicon()["organization_nouns"]
    if definite and (organization or titles.is_head(root)):
        refers = _antecedent(root, found)
        return Mention(
            span, "title", root.i, _common(core), found, definite=True, refers=refers, **position
        )
    kind: MentionKind = "organization" if organization else "unnamed"
    return Mention(span, kind, root.i, _common(core), found, definite=definite, **position)


def _surname_with_his_or_her(root: Token, words: int) -> bool:
    """A lone surname the tagger took for an organisation ("Healey repeated his warning"):
    a one-word subject whose own clause says "his" or "her" is a person."""
    return (
        words == 1
        and root.ent_type_ in {"ORG", ""}
        and not root.is_upper
        and root.dep_ in {"nsubj", "nsubjpass"}
        and any(t.lower_ in {"his", "her"} for t in root.head.subtree if t.i > root.i)
    )


def _plural(root: Token) -> bool:
    """A plural head ("allies", "Democrats"), but not the last word of an organisation's
    name ("Citizenship and Immigration Services")."""
    if root.tag_ == "NNS":
        return True
    ent = titles.entity(root)
    names_body = ent is not None and ent.label_ in _BODIES and ent.end == root.i + 1
    return root.tag_ == "NNPS" and not names_body


def _partitive(root: Token) -> Token | None:
    """The members in "one of Mr. Obama's climate advisers", "some of the officials", "a
    group of conservative leaders"."""
    collective = root.pos_ == "NOUN" and root.lower_ in _COLLECTIVE
    if not (root.pos_ == "NUM" or root.lower_ in titles.lexicon()["quantifiers"] or collective):
        return None
    of = next((c for c in root.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _one_of(doc: Doc, words: list[Token], root: Token, member: Token, layout: Layout) -> Mention:
    """A source picked out of a group: one person ("one of …") is unnamed, more are a group."""
    inside = [t for t in words if member.left_edge.i <= t.i <= member.i]
    group = _phrase(doc, inside or [member], member, layout)
    span = Span.of(layout.text, words[0].idx, words[-1].idx + len(words[-1]))
    if root.lower_ != "one":
        group.span = span
        return group
    found = Qualifiers(affiliations=group.qualifiers.affiliations)
    if titles.is_head(member):
        found.titles.append(member.lemma_)
    text = _common(list(doc[root.i : words[-1].i + 1]))
    return Mention(span, "unnamed", root.i, text, found, **_position(root, layout))


def _proper_name(root: Token, floor: int) -> tuple[int, int]:
    """The token range of the proper name a head belongs to: its entity where it has one
    ("the Center for Federal Tax Policy"), else the run of capitalised words ending in it."""
    doc = root.doc
    ent = titles.entity(root)
    if ent is not None and ent.label_ != "PERSON":
        first = max(ent.start, floor)
        while first < root.i and doc[first].lower_ == "the":
            first += 1
        last = ent.end
        while last - 1 > root.i and doc[last - 1].is_lower and doc[last - 1].pos_ == "VERB":
            last -= 1  # "Teresa Nielsen Hayden explained": the verb is not part of the name
        return first, last
    first = root.i
    while first > floor and (
        _is_name_word(doc[first - 1])
        or _joins_name(doc, first - 1, root.i + 1)
        or _inner_possessive(doc, first - 1, floor)
    ):
        first -= 1
    return first, root.i + 1


def _inner_possessive(doc: Doc, i: int, floor: int) -> bool:
    """A possessive inside a body's name ("the U.S. Attorney’s Office"), not a person's or a
    country's ("Trump’s team", "Russia’s foreign ministry")."""
    if i <= floor or doc[i].text not in _POSSESSIVE:
        return False
    owner = doc[i - 1]
    return (
        titles.is_title_word(owner)
        and owner.is_title
        and owner.ent_type_ != "PERSON"
        and not metonyms.affiliation(owner.text)
    )


def _common(core: list[Token]) -> str:
    """A common-noun phrase as a name: "Officials" at a sentence start reads "officials"."""
    text = core[0].doc[core[0].i : core[-1].i + 1].text
    first = core[0]
    named = first.ent_type_ in {"PERSON", "NORP", "LOC", *_BODIES}
    plain = first.pos_ != "PROPN" and not named and first.is_sent_start
    return text[0].lower() + text[1:] if plain else text


def _places_after(root: Token, words: list[Token]) -> list[str]:
    """Places after the head of a phrase, as worded and canonical: "authorities in Beijing"
    → China, Beijing."""
    after = [t for t in words if t.i > root.i]
    found: list[str] = []
    for i, t in enumerate(after):
        if t.head.lower_ in {"in", "from", "of", "at"} and (place := titles.place_at(after, i)):
            found += titles.worded(place[1], after[i].doc[t.i : after[place[0] - 1].i + 1].text)
    return found


def occurrences(layout: Layout, phrases: Iterable[str], *, ignore_case: bool) -> Iterator[Span]:
    """Every whole-word occurrence of the phrases in the searched regions."""
    forms = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not forms:
        return
    pattern = re.compile(
        r"(?<![\w.])(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)",
        re.IGNORECASE if ignore_case else 0,
    )
    for region in layout.regions:
        for m in pattern.finditer(layout.text, region.start, region.end):
            yield Span(m.start(), m.end(), m.group())
