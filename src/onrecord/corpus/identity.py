"""Who is who across articles: deciding whether a speaker of a new article is a speaker the
corpus already knows.

Each article names its speakers in full once ("U.K. Defence Secretary John Healey") and then
briefly ("Healey"); the resolve stage has already tied those together inside the article. Across
articles the same person can arrive under any of those forms, and different people can share a
surname (Hillary and Bill Clinton; two Smiths). So a name only proposes candidates — same
surname, no clashing given name — and the context decides between them: shared titles and
affiliations, speakers mentioned alongside, and how recently the candidate was seen.

Outlets transliterate names differently ("Zelenskiy", "Zelensky", "Zelenskyy"), so surnames
are also compared by a spelling key that evens out those choices; a surname one letter off
needs more than the name to join (the same given name, or a shared title).

Bodies are matched by name, after metonyms are read for what they stand for: "Washington" and
"the White House", speaking, are the US government. One name that one article types a person
and another a body is one speaker, of the type most articles give it. Unnamed speakers ("a
source") and common nouns standing as sources ("people", "reports", "officials") are never
merged across articles: nothing says two anonymous sources are one.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from string import ascii_lowercase
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    String,
    delete,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)

from onrecord.corpus import rows
from onrecord.corpus.store import (
    ARTICLE_SPEAKERS,
    SPEAKER_ALIASES,
    SPEAKER_ROLE_TOTALS,
    SPEAKERS,
)
from onrecord.records import Speaker

#: Words that start a title written before a name ("U.K. Defence Secretary John Healey"); a
#: name is read from after the last of them.
TITLE_WORDS = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady rev sen senator rep representative gov governor
    lt gen general col adm admiral sgt capt president vice secretary minister prime deputy
    chancellor ambassador mayor judge justice chief chairman chairwoman chair ceo director
    spokesman spokeswoman spokesperson leader speaker attorney commissioner state defense
    defence foreign home interior treasury former acting candidate nominee""".split()
)

#: Name particles that belong to the surname ("Chris Van Hollen", "Bill de Blasio").
_PARTICLES = frozenset("van von de del della der di da du le la bin al st.".split())
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())

#: Common short forms of given names, so "Bill Clinton" is "William Clinton".
_NICKNAMES = {
    "bill": "william",
    "will": "william",
    "bob": "robert",
    "rob": "robert",
    "mike": "michael",
    "jim": "james",
    "jimmy": "james",
    "joe": "joseph",
    "tom": "thomas",
    "dick": "richard",
    "rick": "richard",
    "ted": "edward",
    "ed": "edward",
    "chuck": "charles",
    "tony": "anthony",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "dan": "daniel",
    "ben": "benjamin",
    "nick": "nicholas",
    "alex": "alexander",
    "andy": "andrew",
    "steve": "stephen",
    "pete": "peter",
    "dave": "david",
    "chris": "christopher",
    "kate": "katherine",
}

#: Each given name's short forms, and the name they are short for ("william": bill, will).
_FORMS: dict[str, set[str]] = defaultdict(set)
for _short, _full in _NICKNAMES.items():
    _FORMS[_full].add(_short)

#: Places and buildings that, as speakers, stand for a government; and the spellings of the
#: countries themselves. Keys are normalised names (see `normalise`).
GOVERNMENTS = {
    **dict.fromkeys(
        [
            "united states",
            "u.s.",
            "us",
            "usa",
            "america",
            "washington",
            "white house",
            "u.s. government",
            "us government",
            "united states government",
            "obama administration",
            "trump administration",
            "biden administration",
            "administration",
        ],
        "United States",
    ),
    **dict.fromkeys(
        [
            "united kingdom",
            "u.k.",
            "uk",
            "britain",
            "great britain",
            "london",
            "downing street",
            "whitehall",
            "british government",
            "uk government",
            "u.k. government",
        ],
        "United Kingdom",
    ),
    **dict.fromkeys(["russia", "moscow", "kremlin", "russian government"], "Russia"),
    **dict.fromkeys(["ukraine", "kyiv", "kiev", "ukrainian government"], "Ukraine"),
    **dict.fromkeys(["china", "beijing", "chinese government"], "China"),
    **dict.fromkeys(["france", "paris", "elysee", "elysee palace"], "France"),
    **dict.fromkeys(["germany", "berlin", "german government"], "Germany"),
    **dict.fromkeys(["iran", "tehran"], "Iran"),
    **dict.fromkeys(["north korea", "pyongyang"], "North Korea"),
    **dict.fromkeys(["israel", "jerusalem"], "Israel"),
    **dict.fromkeys(["japan", "tokyo"], "Japan"),
    **dict.fromkeys(
        ["european union", "eu", "e.u.", "brussels", "european commission"], "European Union"
    ),
}

_PLACE_ABBREVIATIONS = frozenset(k for k in GOVERNMENTS if "." in k and " " not in k) | {"u.n."}

#: British and American spellings of the same title or affiliation word.
_SPELLINGS = {"defence": "defense", "labour": "labor", "programme": "program"}

#: Common nouns the resolve stage can leave as a speaker's name ("Reports said…", "Data
#: show…"): nobody in particular. A name with no capital letter is one of those anyway; these
#: are caught capitalised too.
GENERIC_NAMES = frozenset(
    """people person data report reports official officials source sources expert experts
    analyst analysts critic critics observer observers resident residents witness witnesses
    one others some many guidance study studies survey surveys poll polls figures research
    statement statements document documents record records estimates authorities police""".split()
)

#: Spellings that transliterations of one name choose between ("Kh"/"H", "W"/"V").
_TRANSLITERATIONS = (("kh", "h"), ("ph", "f"), ("ck", "k"), ("w", "v"))
#: Surnames shorter than this are compared exactly: one letter is too much of a short name.
VARIANT_MIN_LENGTH = 5
#: Letters a surname's spelling variants are looked up by (they all begin alike).
VARIANT_PREFIX = 4
#: The first letters of a name's spelling key that a word beginning with another letter can
#: also have ("khalid" is keyed "halid", "phil" "fil", "wladimir" "vladimir", a lone "y" "i").
_KEYED_FROM = {"h": "k", "f": "p", "k": "c", "v": "w", "i": "y"}

PERSON = "person"
UNNAMED = "unnamed"


@dataclass(frozen=True, slots=True)
class Name:
    """A speaker's name reduced to what identifies it: `key` ("john healey") for bodies and
    full names, `given` and `surname` for people."""

    display: str
    key: str
    given: str | None = None
    surname: str | None = None
    #: Every word before the surname: a stray word in front ("Rival Hillary Clinton") leaves
    #: the real given name among them.
    forenames: tuple[str, ...] = ()


@dataclass(slots=True)
class Profile:
    """What one article says about a speaker."""

    name: Name
    type: str
    titles: frozenset[str] = frozenset()
    affiliations: frozenset[str] = frozenset()
    #: Corpus speakers that the same article also quotes.
    comentions: frozenset[int] = frozenset()
    seen: date | None = None


@dataclass(slots=True)
class Candidate:
    """A corpus speaker the new speaker might be, with the context it has been seen in."""

    id: int
    name: Name
    type: str
    #: Its titles and affiliations that the speakers being linked have too (all a score needs
    #: of them; see `held`).
    titles: set[str] = field(default_factory=set)
    affiliations: set[str] = field(default_factory=set)
    comentions: set[int] = field(default_factory=set)
    statements: int = 0
    last_seen: date | None = None
    #: Normalised names it has been seen under.
    aliases: set[str] = field(default_factory=set)
    #: The types the article being linked gives it, counted toward its majority type.
    votes: Counter[str] = field(default_factory=Counter)
    #: The kinds of role it holds any of ("title", "affiliation").
    held: frozenset[str] = frozenset()


@lru_cache(maxsize=65536)  # the names and roles of famous speakers come with every article
def normalise(text: str) -> str:
    """Lower case, no diacritics, one kind of apostrophe, single spaces, no 'the' in front."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").lower()
    text = re.sub(r"'s\b", "", text)
    text = " ".join(re.sub(r"[^\w.'&-]+", " ", text).split())
    return text.removeprefix("the ")


@lru_cache(maxsize=65536)
def normalise_role(value: str) -> str:
    """A title or affiliation in comparable form ("U.K." and "United Kingdom" are one). Stores
    keep it (`speaker_role_totals.key`): a change to it needs a migration computing the kept
    keys again, or linking stops finding the roles stored under the old ones."""
    key = normalise(value)
    key = " ".join(_SPELLINGS.get(word, word) for word in key.split())
    return GOVERNMENTS.get(key, key).lower()


def is_generic(name: str) -> bool:
    """Whether a speaker's name is a common noun ("people", "data", "Reports") rather than a
    name: it has no capital letter, or it is one of `GENERIC_NAMES`."""
    return not any(c.isupper() for c in name) or normalise(name) in GENERIC_NAMES


@lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """A normalised name word with the choices transliterations make evened out: doubled
    letters, "kh"/"h" and the like, and the ending "-y"/"-iy"/"-yy" ("Zelenskiy", "Zelensky"
    and "Zelenskyy" are all "zelenski")."""
    key = re.sub(r"[^a-z]", "", word)
    key = re.sub(r"(.)\1+", r"\1", key)
    for written, plain in _TRANSLITERATIONS:
        key = key.replace(written, plain)
    return re.sub(r"(?:iy|yi|ij|yj|y)$", "i", key)


@lru_cache(maxsize=65536)
def surname_likeness(a: str | None, b: str | None) -> str | None:
    """How alike two normalised surnames are: "same", "spelling" (one name transliterated two
    ways), "close" (one letter apart, long enough for that to be a typo) or None."""
    if a == b:
        return "same"
    if a is None or b is None or min(len(a), len(b)) < VARIANT_MIN_LENGTH:
        return None
    key_a, key_b = spelling_key(a), spelling_key(b)
    if key_a == key_b:
        return "spelling"
    return "close" if key_a[0] == key_b[0] and _one_edit_apart(key_a, key_b) else None


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
    if start is None:
        return True  # one is the other plus a letter at the end
    return (
        a[start + 1 :] == b[start + 1 :]
        or a[start + 1 :] == b[start:]
        or a[start:] == b[start + 1 :]
        or (a[start : start + 2] == b[start : start + 2][::-1] and a[start + 2 :] == b[start + 2 :])
    )


@lru_cache(maxsize=65536)
def parse_name(name: str, type: str = PERSON) -> Name:
    """Read a speaker's name: titles before a person's name and suffixes after it are dropped;
    a government's metonym becomes the government."""
    key = normalise(name)
    if type != PERSON:
        government = GOVERNMENTS.get(key)
        if government is not None:
            return Name(government, normalise(government))
        return Name(name.strip(), key)
    pairs = [(word, n) for word in name.split() if (n := normalise(word))]
    if not pairs:  # nothing name-like ("—"): a speaker of its own
        return Name(name.strip(), key)
    while len(pairs) > 1 and pairs[-1][1].rstrip(",") in _SUFFIXES:
        pairs.pop()
    titled = [i for i, (_, word) in enumerate(pairs[:-1]) if _is_title(word)]
    pairs = pairs[titled[-1] + 1 :] if titled else pairs
    display = re.sub(r"['’]s$", "", " ".join(word for word, _ in pairs).rstrip(","))
    words = [n for _, n in pairs]
    surname_start = len(words) - 1
    while surname_start > 0 and words[surname_start - 1] in _PARTICLES:
        surname_start -= 1
    if surname_start == 0:
        return Name(display, key := " ".join(words), None, key)
    given, surname = words[0], " ".join(words[surname_start:])
    return Name(display, f"{given} {surname}", given, surname, tuple(words[:surname_start]))


def _is_title(word: str) -> bool:
    """A title word ("Sen.", "Secretary") or a place abbreviation ("U.K.") before a name."""
    return word.rstrip(".") in TITLE_WORDS or word in _PLACE_ABBREVIATIONS


def given_names_agree(a: str | None, b: str | None) -> bool:
    """Given names that can be one person's: equal, one missing, an initial of the other,
    or a common short form ("Bill" for "William")."""
    if a is None or b is None:
        return True
    a, b = a.rstrip("."), b.rstrip(".")
    if (
        a == b
        or spelling_key(a) == spelling_key(b)
        or (len(a) == 1 and b.startswith(a))
        or (len(b) == 1 and a.startswith(b))
    ):
        return True
    return _NICKNAMES.get(a, a) == _NICKNAMES.get(b, b)


def same_kind(a: str, b: str) -> bool:
    """People match people; organisations, governments and groups match one another."""
    return (a == PERSON) == (b == PERSON) and UNNAMED not in (a, b)


def score(profile: Profile, candidate: Candidate) -> float | None:
    """How well a candidate fits the profile; None when they cannot be one speaker."""
    new, known = profile.name, candidate.name
    if UNNAMED in (profile.type, candidate.type):
        return None
    if not same_kind(profile.type, candidate.type):
        # one name typed a person here and a body there: one speaker, but only just, so
        # that a candidate of the profile's own type wins where both fit
        return 1.0 if new.key == known.key or new.key in candidate.aliases else None
    if profile.type != PERSON:
        return 3.0 if new.key == known.key else None
    likeness = surname_likeness(new.surname, known.surname)
    if likeness is None or not _forenames_agree(new, known):
        return None
    full_names = bool(new.given and known.given)
    titles = _agreement(profile.titles, candidate.titles, "title" in candidate.held)
    affiliations = _agreement(
        profile.affiliations, candidate.affiliations, "affiliation" in candidate.held
    )
    if not full_names and titles < 0 and affiliations <= 0:
        # only a surname to go on, and the roles say someone else: President Obama is not the
        # Michelle Obama a corpus happened to meet first
        return None
    if likeness == "close" and not (full_names or titles > 0):
        # a surname one letter off needs a given name or a title to say it is the same person;
        # an affiliation is too common ("United States") to say it
        return None
    gap = (
        abs((profile.seen - candidate.last_seen).days)
        if profile.seen and candidate.last_seen
        else None
    )
    points = 4.0 if full_names else 1.0
    # a shared title or affiliation speaks for one person; another affiliation speaks against,
    # another title hardly (people hold many titles, and articles name different ones)
    points += 2.0 * (titles > 0) + 2.0 * (affiliations > 0) - 1.5 * (affiliations < 0)
    points += 0.5 * min(3, len(profile.comentions & candidate.comentions))
    if gap is not None and gap <= 60:
        points += 0.5
    if not full_names:
        # a surname alone most likely means the namesake most in the news: a bare "Obama" the
        # president with hundreds of statements, not a Michelle Obama quoted a few times
        points += min(1.5, 0.5 * math.log10(1 + candidate.statements))
    if full_names and titles < 0 and affiliations < 0 and (gap is None or gap > 365):
        points -= 2.0  # one name, other roles, years apart: a namesake
    return points


def _agreement(new: Iterable[str], known: set[str], held: bool) -> int:
    """1 when the two share a value, -1 when both have values and share none, else 0;
    `known` are those of the candidate's values the new speaker could share, `held` whether
    it has any at all."""
    new = set(new)
    if not new or not (known or held):
        return 0
    return 1 if new & known else -1


def choose(profile: Profile, candidates: Sequence[Candidate]) -> Candidate | None:
    """The candidate the profile is, or None for a speaker new to the corpus.

    A candidate needs a score of at least 1: a full name is enough unless the roles clash and
    years lie between the sightings (a namesake); a surname alone is enough unless the
    affiliations clash. Between several that fit, the best-supported wins, then the one quoted
    most (a bare "Clinton" is usually the Clinton most in the news). Equal support goes to a
    candidate of the same type, then to one spelt the same.
    """
    if profile.type == UNNAMED:
        return None
    scored = [(s, c) for c in candidates if (s := score(profile, c)) is not None and s >= 1.0]
    if not scored:
        return None
    return max(
        scored,
        key=lambda pair: (
            pair[0],
            pair[1].type == profile.type,
            pair[1].name.surname == profile.name.surname,
            pair[1].statements,
            pair[1].id,
        ),
    )[1]


def _forenames_agree(a: Name, b: Name) -> bool:
    """Given names that agree, or one's given name among the other's forenames."""
    return (
        given_names_agree(a.given, b.given)
        or (a.given is not None and a.given in b.forenames)
        or (b.given is not None and b.given in a.forenames)
    )


@lru_cache(maxsize=65536)
def given_initials(name: Name) -> str | None:
    """The letters the given name of a namesake whose forenames agree with this name's
    (`_forenames_agree`) can begin with, when it begins with one of a to z and the namesake
    has one forename: the store narrows namesakes by them before they are read (a famous
    surname has hundreds). None when any will do: the name has no given name."""
    if name.given is None:
        return None
    given = name.given.rstrip(".")
    full = _NICKNAMES.get(given, given)
    words = {given, full, *_FORMS.get(full, ()), *name.forenames}
    key = spelling_key(given)[:1]  # a namesake spelt another way begins as a word of this key
    initials = {word[0] for word in words if word} | {key, _KEYED_FROM.get(key, "")}
    return "".join(sorted(initials - {""}))


def better_name(current: Name, new: Name) -> bool:
    """Whether a speaker's display name should become `new`: a full name beats a bare surname,
    and a plain full name beats one with a stray word in front ("Rival Hillary Clinton")."""
    if new.given is None:
        return False
    return current.given is None or (current.given != new.given and new.given in current.forenames)


class SpeakerBook(Protocol):
    """Where `link` finds the corpus speakers an article's names allow and records what the
    article says of them: a view of the store in memory (`corpus.chunk`), which answers as the
    store would after each article of the chunk being stored."""

    def candidates(self, profiles: Sequence[Profile]) -> dict[int, Candidate]:
        """Corpus speakers the profiles' names allow (as `stored_speakers` finds them)."""
        ...

    def add_comentions(self, pool: Sequence[Candidate], linked: set[int]) -> None:
        """Which of the speakers already linked in the article each candidate was seen with."""
        ...

    def new_speaker(self, profile: Profile) -> Candidate: ...

    def rename(self, speaker_id: int, name: Name) -> None:
        """Show a speaker under a better name (`better_name`)."""
        ...

    def stored_types(self, speaker_id: int) -> Counter[str]:
        """The types the stored articles give a speaker, with how many give each."""
        ...

    def retype(self, speaker_id: int, type: str, name: Name) -> None:
        """Give a speaker another type, with its name read as that type reads it."""
        ...

    def record(
        self,
        aliases: list[dict[str, Any]],
        roles: list[dict[str, Any]],
        words: set[tuple[int, str]],
    ) -> None:
        """Keep the article's new aliases (`speaker_aliases` rows), roles (`speaker_roles`
        rows) and name words ((speaker, word) pairs, kept once)."""
        ...


def link(
    book: SpeakerBook, article_id: str, speakers: Sequence[Speaker], seen: date | None
) -> dict[str, int | None]:
    """Tie each of an article's speakers to a corpus speaker, found or new, and record the
    titles and affiliations the article gives them (`seen` is its publication date, None when
    unknown); returns the corpus speaker
    of each (None for an unnamed source or a common noun) by its id in the article.

    Full names are linked first, so that the speakers they turn out to be are context (co-
    mentions) for the bare surnames of the same article. The candidates of all the article's
    speakers are found together: a few statements per article, not per speaker."""
    profiles = sorted(
        ((speaker, profile_of(speaker, seen)) for speaker in speakers if linkable(speaker)),
        key=lambda pair: pair[1].name.given is None,
    )
    corpus_ids: dict[str, int | None] = {speaker.id: None for speaker in speakers}
    known = book.candidates([profile for _, profile in profiles])
    linked: set[int] = set()
    aliases: list[dict[str, Any]] = []
    roles: list[dict[str, Any]] = []
    words: set[tuple[int, str]] = set()  # (speaker, word of a name it was seen under)
    for speaker, profile in profiles:
        profile.comentions = frozenset(linked)
        pool = [c for c in known.values() if _named_alike(profile, c)]
        if len(pool) > 1 and profile.name.given is None and linked:
            book.add_comentions(pool, linked)
        chosen = choose(profile, pool)
        if chosen is None:
            chosen = book.new_speaker(profile)
            words.update((chosen.id, word) for word in name_words(profile.name.display))
            known[chosen.id] = chosen
        elif better_name(chosen.name, profile.name):
            book.rename(chosen.id, profile.name)
            chosen.name = profile.name
            words.update((chosen.id, word) for word in name_words(profile.name.display))
        _vote_type(book, chosen, profile.type)
        if profile.name.key not in chosen.aliases:
            chosen.aliases.add(profile.name.key)
            aliases.append({"speaker_id": chosen.id, "alias": profile.name.key})
            words.update((chosen.id, word) for word in name_words(profile.name.key))
        chosen.titles |= profile.titles
        chosen.affiliations |= profile.affiliations
        chosen.last_seen = max((d for d in (chosen.last_seen, seen) if d), default=None)
        corpus_ids[speaker.id] = chosen.id
        linked.add(chosen.id)
        roles.extend(
            {
                "speaker_id": chosen.id,
                "article_id": article_id,
                "kind": kind,
                "value": value,
                "seen": seen or date.today(),  # the first schema's NOT NULL
            }
            for kind, value in roles_of(speaker)
        )
    book.record(aliases, roles, words)
    return corpus_ids


def roles_of(speaker: Speaker) -> list[tuple[str, str]]:
    """A speaker's titles and affiliations as ("title" | "affiliation", value), each once."""
    return list(
        dict.fromkeys(
            [("title", value) for value in speaker.titles]
            + [("affiliation", value) for value in speaker.affiliations]
        )
    )


def name_words(name: str) -> list[str]:
    """The words a speaker filter finds a name by (`normalise`d: case and accents ignored)."""
    return normalise(name).split()


def _vote_type(book: SpeakerBook, candidate: Candidate, type: str) -> None:
    """Count the type this article gives a speaker; when it differs from the stored type,
    the speaker takes the type most of its mentions across the corpus give it (a tie keeps
    the stored one)."""
    candidate.votes[type] += 1
    if type == candidate.type:
        return
    counts = Counter(candidate.votes)
    for stored_type, mentions in book.stored_types(candidate.id).items():
        counts[stored_type] += mentions
    majority = max(counts, key=lambda t: (counts[t], t == candidate.type))
    if majority != candidate.type:
        book.retype(candidate.id, majority, parse_name(candidate.name.display, majority))
        candidate.type = majority


def linkable(speaker: Speaker) -> bool:
    """Whether a speaker can be a corpus speaker: one with a name, not a common noun."""
    return speaker.type != UNNAMED and not is_generic(speaker.name)


def profile_of(speaker: Speaker, seen: date | None) -> Profile:
    """What an article seen on `seen` says about one of its speakers."""
    return Profile(
        name=parse_name(speaker.name, speaker.type),
        type=speaker.type,
        titles=frozenset(map(normalise_role, speaker.titles)),
        affiliations=frozenset(map(normalise_role, speaker.affiliations)),
        seen=seen,
    )


def _named_alike(profile: Profile, candidate: Candidate) -> bool:
    """Whether the names alone allow the two to be one speaker (the context decides)."""
    if profile.type == PERSON and candidate.type == PERSON:
        return surname_likeness(profile.name.surname, candidate.name.surname) is not None
    return profile.name.key in candidate.aliases


@dataclass(slots=True)
class StoredSpeaker:
    """A corpus speaker as the store holds it, with the names it was seen under and its
    titles and affiliations (`normalise_role`d) among those of the speakers it was looked up
    for, and the kinds of role it holds any of: what candidates are found by and made from."""

    id: int
    name: str
    type: str
    given: str | None
    surname: str | None
    statements: int = 0
    articles: int = 0
    first_seen: date | None = None
    last_seen: date | None = None
    aliases: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    affiliations: set[str] = field(default_factory=set)
    held: set[str] = field(default_factory=set)

    def candidate(self) -> Candidate:
        """The speaker as a candidate for one article (its sets copied: linking the article
        changes them there, and the store only once the article is stored)."""
        return Candidate(
            self.id,
            parse_name(self.name, self.type),
            self.type,
            set(self.titles),
            set(self.affiliations),
            statements=self.statements,
            last_seen=self.last_seen,
            aliases=set(self.aliases),
            held=frozenset(self.held),
        )


class People:
    """The people among some articles' profiles, found by what a namesake's surname must share
    with theirs to be like it (`surname_likeness`): the surname itself, or for a long one the
    first letter of its spelling key. A bulk load asks this for thousands of stored namesakes
    against the people of dozens of articles."""

    def __init__(self, profiles: Iterable[Profile]) -> None:
        self.all = [p for p in profiles if p.type == PERSON]
        self._by_surname: dict[str | None, list[Profile]] = defaultdict(list)
        self._by_initial: dict[str, list[Profile]] = defaultdict(list)
        self._by_prefix: dict[str, list[Profile]] = defaultdict(list)
        for person in self.all:
            surname = person.name.surname
            self._by_surname[surname].append(person)
            if surname is not None and len(surname) >= VARIANT_MIN_LENGTH:
                self._by_initial[spelling_key(surname)[:1]].append(person)
            if surname is not None:
                self._by_prefix[surname[:VARIANT_PREFIX]].append(person)

    def like(self, surname: str | None) -> list[Profile]:
        """The people whose surname can be like `surname` (a superset: ask `surname_likeness`)."""
        found = self._by_surname.get(surname, [])
        if surname is not None and len(surname) >= VARIANT_MIN_LENGTH:
            return found + self._by_initial.get(spelling_key(surname)[:1], [])
        return found

    def beginning(self, prefix: str) -> list[Profile]:
        """The people whose surname can be like one beginning with `prefix` (`VARIANT_PREFIX`
        letters; a superset)."""
        key = spelling_key(prefix)
        if not (prefix.isascii() and prefix.isalpha()) or len(key) < 3:
            return self.all  # the letters after it may change how its key begins
        return self._by_prefix.get(prefix, []) + self._by_initial.get(key[:1], [])

    @staticmethod
    def initials(people: Iterable[Profile]) -> str | None:
        """The letters a namesake's given name can begin with to agree with one of these
        people's (`given_initials`); None when any will do."""
        found: set[str] = set()
        for person in people:
            initials = given_initials(person.name)
            if initials is None:
                return None
            found.update(initials)
        return "".join(sorted(found))


def allowed(speaker: StoredSpeaker, people: People, by_alias: bool) -> bool:
    """Whether a corpus speaker found for an article's profiles is a candidate: seen under
    one of their names (`by_alias`), or a namesake one of the `people` among them can be
    (`_named_alike`, with forenames that agree: a famous surname has hundreds of namesakes,
    and a full name rules out nearly all of them). Asked of the stored speaker, before a
    candidate is made of it: most namesakes read are not."""
    if by_alias:
        return True
    if speaker.type == PERSON:
        known = parse_name(speaker.name, speaker.type)
        return any(
            surname_likeness(p.name.surname, known.surname) is not None
            and _forenames_agree(p.name, known)
            for p in people.like(known.surname)
        )
    return any(p.name.key in speaker.aliases for p in people.all)


#: The columns a `StoredSpeaker` is made of, in its fields' order.
STORED_SPEAKER_COLUMNS = (
    SPEAKERS.c.id,
    SPEAKERS.c.name,
    SPEAKERS.c.type,
    SPEAKERS.c.given,
    SPEAKERS.c.surname,
    SPEAKERS.c.statements,
    SPEAKERS.c.articles,
    SPEAKERS.c.first_seen,
    SPEAKERS.c.last_seen,
)


def stored_speakers(
    connection: Connection, profiles: Sequence[Profile]
) -> dict[int, StoredSpeaker]:
    """Corpus speakers the profiles' names allow (`allowed`), each with the context it was seen
    in.

    People are found by surname, or by its first letters where a spelling variant is possible;
    anyone by a name they were seen under (a body, or one name typed a person elsewhere)."""
    people = People(profiles)
    looked_up: dict[int, StoredSpeaker] = {}
    aliased: set[int] = set()
    names = {p.name.key for p in profiles}
    keys = {**_namesakes(people), "aliases": [{"alias": name} for name in names]}
    # fetched at once, not row by row
    for *row, by_alias in connection.execute(_lookups(connection.dialect.name), keys).all():
        looked_up[row[0]] = StoredSpeaker(*row)
        if by_alias:
            aliased.add(row[0])
    found = {
        key: speaker
        for key, speaker in looked_up.items()
        if allowed(speaker, people, by_alias=key in aliased)
    }
    ids = list(found)
    if not ids:
        return found
    for speaker_id, alias in connection.execute(
        select(SPEAKER_ALIASES.c.speaker_id, SPEAKER_ALIASES.c.alias).where(
            rows.among(connection, SPEAKER_ALIASES.c.speaker_id, ids)
        )
    ).all():
        found[speaker_id].aliases.add(alias)
    # a famous speaker has hundreds of roles, and linking asks only whether one of the
    # profiles' is among them: the kinds each holds any of (key NULL), and those roles
    roles = sorted({role for p in profiles for role in (*p.titles, *p.affiliations)})
    totals = SPEAKER_ROLE_TOTALS
    of_them = rows.among(connection, totals.c.speaker_id, ids)
    for speaker_id, kind, key in connection.execute(
        union_all(
            select(totals.c.speaker_id, totals.c.kind, null()).where(of_them).distinct(),
            select(totals.c.speaker_id, totals.c.kind, totals.c.key).where(
                of_them, rows.among(connection, totals.c.key, roles)
            ),
        )
    ).all():
        speaker = found[speaker_id]
        speaker.held.add(kind)
        if key is not None:
            (speaker.titles if kind == "title" else speaker.affiliations).add(key)
    return found


def _namesakes(people: People) -> dict[str, list[dict[str, str | None]]]:
    """The surnames and surname ranges the people's namesakes are looked up by (`_lookups`),
    each with the initials their given names can have."""
    surnames = {p.name.surname for p in people.all if p.name.surname}
    # a long surname's range holds the surname itself
    exact = {s for s in surnames if len(s) < VARIANT_MIN_LENGTH}
    prefixes = {s[:VARIANT_PREFIX] for s in surnames - exact}
    return {
        "surnames": [{"surname": s, "initials": people.initials(people.like(s))} for s in exact],
        "ranges": [
            {
                "low": prefix,
                "high": prefix[:-1] + chr(ord(prefix[-1]) + 1),
                "initials": people.initials(people.beginning(prefix)),
            }
            for prefix in prefixes
        ],
    }


@lru_cache(maxsize=2)
def _lookups(dialect: str) -> CompoundSelect:
    """The speakers some names can be (`_namesakes` gives its parameters), each found from an
    index (an OR of the look-ups reads every speaker): anyone seen under one of the names
    (`aliases`), and the people whose surname is one of some `surnames` or begins with one of
    the `ranges`' letters (a spelling variant of a long surname may), narrowed in the store to
    those whose given name can agree with one of the people their surname can be like
    (`given_initials`; then in Python to those who are, `allowed`)."""
    by_surname = rows.records(dialect, "surnames", {"surname": String, "initials": String})
    ranges = rows.records(dialect, "ranges", {"low": String, "high": String, "initials": String})
    aliases = rows.records(dialect, "aliases", {"alias": String})
    seen_as = select(SPEAKER_ALIASES.c.speaker_id).join(
        aliases, SPEAKER_ALIASES.c.alias == aliases.c.alias
    )
    return union_all(
        *(
            select(*STORED_SPEAKER_COLUMNS, false())
            .join(keys, on)
            .where(SPEAKERS.c.type == PERSON, _given_among(keys.c.initials))
            for keys, on in (
                (by_surname, SPEAKERS.c.surname == by_surname.c.surname),
                (
                    ranges,
                    (SPEAKERS.c.surname >= ranges.c.low) & (SPEAKERS.c.surname < ranges.c.high),
                ),
            )
        ),
        select(*STORED_SPEAKER_COLUMNS, true()).where(SPEAKERS.c.id.in_(seen_as)),
    )


def _given_among(initials: ColumnElement[str]) -> ColumnElement[bool]:
    """A stored person's given name may agree with a forename beginning with one of the
    `initials` (NULL: any): it has none, begins with one of them or with none of a to z, or
    the person has several forenames (a name of three words or more)."""
    first = func.substr(SPEAKERS.c.given, 1, 1)
    return or_(
        initials.is_(None),
        SPEAKERS.c.given.is_(None),
        initials.contains(first, autoescape=False),
        ~literal(ascii_lowercase).contains(first, autoescape=False),
        SPEAKERS.c.name.like("% % %"),
    )


def stored_types(connection: Connection, speaker_id: int) -> Counter[str]:
    """The types the stored articles give a speaker, with how many give each."""
    found = connection.execute(
        select(ARTICLE_SPEAKERS.c.type, func.count())
        .where(ARTICLE_SPEAKERS.c.speaker_id == speaker_id)
        .group_by(ARTICLE_SPEAKERS.c.type)
    )
    return Counter({kind: mentions for kind, mentions in found})


def prune(connection: Connection, ids: Collection[int]) -> None:
    """Drop those of these corpus speakers no stored article mentions any more (their articles
    were replaced)."""
    connection.execute(
        delete(SPEAKERS).where(
            SPEAKERS.c.id.in_(list(ids)),
            ~exists().where(ARTICLE_SPEAKERS.c.speaker_id == SPEAKERS.c.id),
        )
    )
