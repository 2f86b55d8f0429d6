"""Coreference inside one article: which mentions are the same person or body.

Rules, in the order a reader applies them:

- full names meet on forename and surname ("Donald J. Trump" = "Donald Trump"); two people
  sharing a surname stay apart ("Hillary Clinton", "Bill Clinton");
- a short name ("Healey", "Mr. Clinton") goes to the person with that surname mentioned most
  recently before it (or, in a headline, first after it);
- "he"/"she"/"his" go to the nearest compatible person in the same zone, looking back a few
  sentences, preferring grammatical subjects (the same-sentence subject first, so in "Trump said
  after talks with Zelensky that he would …" "he" is Trump); gender is used only once evident
  (an honorific, a gendered title, an earlier "she"); before then a forename that is almost
  always one sex's ("Beth") puts its bearer two sentences further back for the other pronoun;
- "they"/"it" go the same way to groups, organisations and governments;
- a definite title ("the minister", "the Russian leader") goes to the latest person holding a
  matching title (and affiliation, if it names one), or, in a lede, to the first person named
  later with that title and affiliation;
- places, organisations and groups meet on their canonical name.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from onrecord import budget
from onrecord.records import SpeakerType
from onrecord.resolve import titles
from onrecord.resolve.mentions import PRONOUNS, Mention

#: How many sentences back a pronoun may look for its antecedent.
PRONOUN_REACH = 10
#: How many sentences further back an antecedent whose forename suggests the other sex
#: counts as standing ("she" after "John Ford … Jo Walton …").
GUESS_PENALTY = 2
_PERSONS: set[SpeakerType] = {"person", "unnamed"}
_BODIES: set[SpeakerType] = {"organization", "government", "group"}


@dataclass(slots=True)
class Entity:
    """A person or body the article talks about, with every mention linked to it."""

    type: SpeakerType
    name: str
    mentions: list[Mention] = field(default_factory=list)
    gender: str | None = None
    #: The sex a forename suggests ("Beth"): a preference between antecedents, never a bar,
    #: since names mislead ("Ilhan").
    guess: str | None = None
    #: `titles`, kept until a mention that could change them comes: pronouns are resolved
    #: by asking each candidate for its titles, which must not cost a pass over every mention.
    _titles: list[str] | None = field(default=None, repr=False, compare=False)

    def add(self, mention: Mention) -> None:
        bisect.insort(self.mentions, mention, key=lambda m: m.start)
        if mention.kind != "pronoun":
            self.gender = self.gender or mention.qualifiers.gender or None
        if mention.kind == "name" and mention.label == "PERSON" and mention.forename:
            self.guess = self.guess or titles.forename_gender(mention.forename)
        if mention.kind != "pronoun" or self.mentions[0] is mention:
            self._titles = None  # a new first mention may end a title's introducing it

    def last_before(self, char: int) -> int | None:
        """Where this entity was last mentioned before a character offset."""
        starts = [m.start for m in self.mentions if m.start < char]
        return starts[-1] if starts else None

    @property
    def surname(self) -> str:
        return next((m.surname for m in self.mentions if m.kind == "name"), self.name)

    @property
    def titles(self) -> list[str]:
        """Every title any descriptive mention gives, spelling variants merged."""
        if self._titles is None:
            seen: dict[str, str] = {}
            for m in self._describing():
                for title in m.qualifiers.titles:
                    seen.setdefault(titles.normalize(title), title)
            self._titles = list(seen.values())
        return list(self._titles)

    @property
    def affiliations(self) -> list[str]:
        return list(dict.fromkeys(a for m in self._describing() for a in m.qualifiers.affiliations))

    def _describing(self) -> Iterable[Mention]:
        """Mentions that describe rather than point back: not pronouns, and a definite title
        only where it introduced the entity (the unresolved "the minister")."""
        return (
            m
            for n, m in enumerate(self.mentions)
            if m.kind != "pronoun" and (m.kind != "title" or n == 0)
        )


class Chains:
    """Links mentions, in text order, into entities."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._of: dict[int, Entity] = {}
        self._linked: list[Mention] = []
        self._keyed: dict[tuple[str, str], Entity] = {}
        #: Every mention of the second pass, in text order.
        self._mentions: list[Mention] = []

    def entity_of(self, mention: Mention) -> Entity | None:
        return self._of.get(id(mention))

    def link_full_names(self, mentions: Iterable[Mention]) -> None:
        """First pass: every full name of a person, so short names anywhere can find them."""
        for m in mentions:
            if m.kind == "name" and m.forename and _is_person(m) and not titles.is_outlet(m.name):
                key = ("person", f"{m.forename} {m.surname}".lower())
                entity = self._keyed.get(key)
                if entity is None:
                    entity = self._keyed[key] = self._new("person", m.name)
                self._attach(m, entity)

    def surnames(self) -> set[str]:
        return {e.surname for e in self.entities if e.type == "person"}

    def link(self, mentions: Iterable[Mention]) -> None:
        """Second pass, in text order: everything the first pass left."""
        self._mentions = sorted(mentions, key=lambda m: m.start)
        for m in self._mentions:
            budget.check()
            if id(m) in self._of:
                continue
            entity = self._resolve(m)
            if entity is not None:
                self._attach(m, entity)

    def _resolve(self, m: Mention) -> Entity | None:
        if m.kind in {"place", "organization"} and titles.is_outlet(m.name):
            return self._named("organization", m.name)
        if m.kind == "name":
            return self._short_name(m)
        if m.kind == "pronoun":
            return self._pronoun(m)
        if m.kind == "title":
            return self._definite(m)
        if m.kind == "place":
            return self._named("government", m.name)
        if m.kind == "organization":
            return self._named("organization", m.name)
        if m.utterance:
            return self._latest(m, lambda e: _spoke_before(e, m))
        if m.kind == "group":
            earlier = self._definite_group(m) if m.definite else None
            return earlier or self._named("group", m.name)
        if m.definite:
            earlier = self._latest(
                m, lambda e: e.type == "unnamed" and _head(e.name) == _head(m.name)
            )
            if earlier:
                return earlier
        return self._new("unnamed", m.name) if m.source else None

    def _short_name(self, m: Mention) -> Entity | None:
        """A surname alone: the most recently mentioned person of that surname (of those
        holding its title, if it has one and any does: "President Obama" after "President
        Barack Obama" and "Michelle Obama"); before any is mentioned, the first named later,
        unless a title or sex tells them apart, in this mention or in one of that surname
        before the full name ("President Obama" is not the "Michelle Obama" named later, nor
        is the "Obama" of a headline whose lede says "President Obama")."""
        word = m.name.lower()
        candidates = [
            e
            for e in self.entities
            if e.type == "person"
            and word in {e.surname.lower(), e.name.lower()}
            and not _other_sex(e, m)
        ]
        if not candidates and titles.is_outlet(m.name):
            return self._named("organization", m.name)  # "Politico reported", no one named so
        titled = [e for e in candidates if m.qualifiers.titles and _shares_title(e, m)]
        if _named_as_leader(m):
            # news names a head of state with the office at first: a "Michelle Obama" named
            # without it is not the "President Obama" who follows
            candidates = [e for e in candidates if e in titled or not _full_named(e)]
        recent = _most_recent(titled, m.start) or _most_recent(candidates, m.start)
        if recent is not None:
            return recent
        later = [e for e in candidates if _fits(e, m) and not self._told_apart_before(e, m)]
        if later:
            return min(later, key=lambda e: e.mentions[0].start)
        named_first = self._by_first_name(m)
        if named_first is not None:
            return named_first
        if _is_person(m):
            return self._new("person", m.name)
        if not m.source:
            return None
        kind: SpeakerType = "government" if m.label == "GPE" else "organization"
        return self._named(kind, m.name)

    def _told_apart_before(self, entity: Entity, m: Mention) -> bool:
        """Whether the same name between `m` and the entity's first mention is someone else
        by title or sex: then `m`, before it, is that someone else too."""
        first = entity.mentions[0].start
        word = m.name.lower()
        return any(
            other.kind == "name" and other.name.lower() == word and not _fits(entity, other)
            for other in self._mentions[bisect.bisect_right(self._mentions, m.start, key=_start) :]
            if other.start < first
        )

    def _by_first_name(self, m: Mention) -> Entity | None:
        """A lone name that is the first word of exactly one person's full name named before
        and no one's surname: "Li" after "Li Jifeng" (family name first), "Bernie" after
        "Bernie Sanders"."""
        if " " in m.name or m.qualifiers.titles:
            return None
        word = m.name.lower()
        named = [
            e
            for e in self.entities
            if e.type == "person"
            and e.mentions[0].start < m.start
            and any(x.kind == "name" and x.forename.lower() == word for x in e.mentions)
        ]
        return named[0] if len(named) == 1 else None

    def _pronoun(self, m: Mention) -> Entity | None:
        gender, number = PRONOUNS[m.name]
        types = _PERSONS if number == "sg" else _BODIES
        if number == "it":
            types = {"organization", "government"}
        best: tuple[int, bool, int] | None = None
        chosen: Entity | None = None
        for c in self._linked_before(m):
            if c.zone != m.zone or (c.quoted and not m.quoted):
                continue
            distance = m.sentence - c.sentence
            if distance > PRONOUN_REACH or (best is not None and distance > best[0]):
                break  # the nearer sentence rank first: one further back cannot win
            entity = self._of[id(c)]
            if entity.type not in types or (gender and entity.gender not in {None, gender}):
                continue
            if entity.type == "unnamed" and not entity.titles:
                continue
            # a forename's hint yields to what the article shows: an earlier pronoun, or the
            # subject of the pronoun's own sentence ("Omar asked …, saying she …")
            unlike = (
                bool(gender)
                and entity.gender is None
                and entity.guess not in {None, gender}
                and not (distance == 0 and c.subject)
            )
            rank = (
                distance + GUESS_PENALTY * unlike,
                not c.subject,
                -c.start if distance == 0 else c.start,
            )
            if best is None or rank < best:
                best, chosen = rank, entity
        if chosen is not None and gender and chosen.type in _PERSONS:
            chosen.gender = chosen.gender or gender
        return chosen

    def _definite(self, m: Mention) -> Entity | None:
        """ "the minister" → the latest minister; "the company" → the latest such body."""
        head = _head(m.name)
        if head in titles.lexicon()["organization_nouns"]:
            body = self._latest(m, lambda e: e.type in _BODIES and head in e.name.lower().split())
            companies = head in titles.lexicon()["company_nouns"]
            if body is None and companies:
                # a company spoken of in the last sentences, else the one named just before
                near = self._latest(m, lambda e: e.type == "organization")
                recent = near is not None and any(
                    m.sentence - x.sentence <= 2 for x in near.mentions if x.start < m.start
                )
                body = near if recent else None
            if body is None and m.refers:
                body = self._named("organization", m.refers)
            if body is None and companies:
                body = self._latest(m, lambda e: e.type == "organization")
            return body or (self._new("organization", m.name) if m.source else None)
        wanted = [titles.normalize(t) for t in m.qualifiers.titles] or [head]
        person = self._latest(m, lambda e: e.type in _PERSONS and _holds(e, wanted, m))
        person = person or self._named_later(m, wanted)
        return person or (self._new("unnamed", m.name) if m.source else None)

    def _named_later(self, m: Mention, wanted: list[str]) -> Entity | None:
        """A lede's "Britain’s defence secretary" before "U.K. Defence Secretary John Healey":
        the first person named later who holds the title. Only when the mention names an
        affiliation they share, which keeps a look forward from taking the wrong minister."""
        named = set(m.qualifiers.affiliations)
        later = [
            e
            for e in self.entities
            if e.type == "person"
            and e.mentions[0].start > m.start
            and named & set(e.affiliations)
            and _holds(e, wanted, m)
        ]
        return min(later, key=lambda e: e.mentions[0].start) if later else None

    def _definite_group(self, m: Mention) -> Entity | None:
        head = _head(m.name)
        return self._latest(m, lambda e: e.type == "group" and _head(e.name) == head)

    def _latest(self, m: Mention, accept: Callable[[Entity], bool]) -> Entity | None:
        """The entity mentioned last before `m` that `accept` takes."""
        refused: set[int] = set()  # asked once per entity, not once per mention of it
        for c in self._linked_before(m):
            entity = self._of[id(c)]
            if id(entity) in refused:
                continue
            if accept(entity):
                return entity
            refused.add(id(entity))
        return None

    def _linked_before(self, m: Mention) -> Iterator[Mention]:
        """Linked mentions that start before `m`, nearest first, without passing over the
        full names linked later in the text."""
        for i in range(bisect.bisect_left(self._linked, m.start, key=_start) - 1, -1, -1):
            yield self._linked[i]

    def _named(self, kind: SpeakerType, name: str) -> Entity:
        key = (kind, name.lower())
        if key not in self._keyed:
            self._keyed[key] = self._new(kind, name)
        return self._keyed[key]

    def _new(self, kind: SpeakerType, name: str) -> Entity:
        entity = Entity(kind, name)
        self.entities.append(entity)
        return entity

    def _attach(self, m: Mention, entity: Entity) -> None:
        entity.add(m)
        self._of[id(m)] = entity
        bisect.insort(self._linked, m, key=_start)

    def merge(self, into: Entity, other: Entity) -> None:
        """Make two entities found to be one body ("CDC" spelt out earlier) one entity."""
        for m in other.mentions:
            into.add(m)
            self._of[id(m)] = into
        self.entities.remove(other)
        for key, entity in list(self._keyed.items()):
            if entity is other:
                self._keyed[key] = into

    def attach(self, m: Mention, entity: Entity) -> None:
        """Add a mention found by searching for an entity's known forms."""
        self._attach(m, entity)


#: How many sentences back "the statement" may look for whoever made it.
UTTERANCE_REACH = 3


def _spoke_before(entity: Entity, m: Mention) -> bool:
    """Whether a person or body was the source of an attribution shortly before `m`."""
    return entity.type in {"person", "organization", "government"} and any(
        x.source and x.start < m.start and m.sentence - x.sentence <= UTTERANCE_REACH
        for x in entity.mentions
    )


def _start(m: Mention) -> int:
    return m.start


def _is_person(m: Mention) -> bool:
    """Whether a name is a person's: labelled so, or carrying a title or honorific."""
    return m.label == "PERSON" or bool(m.qualifiers.titles) or bool(m.qualifiers.gender)


def _most_recent(candidates: list[Entity], char: int) -> Entity | None:
    """The candidate mentioned last before `char`, if any was."""
    seen = [(pos, e) for e in candidates if (pos := e.last_before(char)) is not None]
    return max(seen, key=lambda pair: pair[0])[1] if seen else None


def _other_sex(entity: Entity, m: Mention) -> bool:
    """Whether a mention's honorific or gendered title ("Mr.", "first lady") gives the other
    sex than the article has shown the entity's (a forename's usual sex is no proof)."""
    return bool(m.qualifiers.gender and entity.gender and entity.gender != m.qualifiers.gender)


def _named_as_leader(m: Mention) -> bool:
    """Whether a name is written with a head of state's office before it ("President Obama",
    "former President Clinton"); not one said to be or become one ("Trump will not be the
    next president")."""
    written = m.span.text.lower()
    return any(titles.is_leader_title(t) and t.lower() in written for t in m.qualifiers.titles)


def _full_named(entity: Entity) -> bool:
    return any(x.kind == "name" and x.forename for x in entity.mentions)


def _fits(entity: Entity, m: Mention) -> bool:
    """Whether nothing in a short name tells it apart from a person: no title the person
    lacks, no other sex."""
    return (not m.qualifiers.titles or _shares_title(entity, m)) and not _other_sex(entity, m)


def _shares_title(entity: Entity, m: Mention) -> bool:
    held = {titles.normalize(t) for t in entity.titles}
    return any(titles.normalize(t) in held for t in m.qualifiers.titles)


def _holds(entity: Entity, wanted: list[str], m: Mention) -> bool:
    """Whether an entity's titles fit a definite title ("minister" fits "Defense Minister";
    "leader" fits any head of state or government) and its affiliation, if one is named."""
    named, held_by = set(m.qualifiers.affiliations), set(entity.affiliations)
    if named and held_by and not named & held_by:
        return False
    held = [titles.normalize(v) for t in entity.titles for v in titles.variants(t)]
    for title in wanted:
        if title in titles.lexicon()["generic_leaders"]:
            if any(titles.is_leader_title(h) for h in held):
                return True
        elif any(set(title.split()) <= set(h.split()) for h in held):
            return True
    return False


def _head(name: str) -> str:
    words = name.lower().split()
    return words[-1] if words else ""
