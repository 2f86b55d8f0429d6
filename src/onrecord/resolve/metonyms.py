"""Places standing for governments: "Washington said", "the Kremlin denied", "Swedish officials".

News names a government by its country ("Russia said"), by a capital or seat of power
("Moscow", "the Kremlin", "Downing Street") and qualifies people by demonym ("Swedish Defense
Minister"). All three lead to one canonical country name, kept in `data/places.tsv` so the table
can grow without touching code. A seat shared by two bodies ("Brussels": Belgium and the European
Union) is settled by which of them the article itself talks about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Places:
    """Surface forms (exact case, no leading "the") mapped to canonical country names."""

    names: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    seats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _strip_the(text: str) -> str:
    return _LEADING_THE.sub("", text.strip())


@lru_cache(maxsize=1)
def places() -> Places:
    """The table in `data/places.tsv`: name, aliases, demonyms, seats (`|`-separated)."""
    table = Places()
    source = resources.files("onrecord.resolve").joinpath("data/places.tsv")
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, aliases, demonyms, seats = (line.split("\t") + ["", "", ""])[:4]
        names = [name, *_split(aliases)]
        for form in names:
            table.names.setdefault(_strip_the(form), name)
        for demonym in _split(demonyms):
            table.demonyms.setdefault(demonym, name)
        for seat in _split(seats):
            key = _strip_the(seat)
            table.seats[key] = (*table.seats.get(key, ()), name)
        table.forms[name] = tuple(_strip_the(f) for f in names)
    return table


def _split(field_text: str) -> list[str]:
    return [part.strip() for part in field_text.split("|") if part.strip()]


def country(text: str) -> str | None:
    """The country a name or alias denotes: "U.K." → "United Kingdom", "the Netherlands"."""
    return places().names.get(_strip_the(text))


def demonym(text: str) -> str | None:
    """The country of a demonym, singular or plural: "Swedish", "Americans" → its country."""
    table = places().demonyms
    text = text.strip()
    for form in (
        text,
        text[:-1] if text.endswith("s") else "",
        text[:-2] if text.endswith("es") else "",
    ):
        if form and form in table:
            return table[form]
    return None


def seat(text: str, article_text: str = "") -> str | None:
    """The body a capital or seat of power stands for ("the Kremlin" → "Russia").

    Where a seat serves two bodies, the one the article mentions more often wins; mentions that
    merely locate the seat ("Brussels, Belgium") do not count, and ties go to the first listed.
    """
    bodies = places().seats.get(_strip_the(text))
    if not bodies:
        return None
    if len(bodies) == 1 or not article_text:
        return bodies[0]
    counts = [_mentions(body, article_text, exclude_after=_strip_the(text)) for body in bodies]
    return bodies[counts.index(max(counts))]


def _mentions(body: str, text: str, *, exclude_after: str) -> int:
    forms = sorted(places().forms.get(body, (body,)), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w])")
    locating = re.escape(exclude_after) + r",\s*$"
    return sum(
        1
        for m in pattern.finditer(text)
        if not re.search(locating, text[max(0, m.start() - 60) : m.start()])
    )


def government(text: str, article_text: str = "") -> str | None:
    """The government a whole noun phrase names: a country, an alias or a seat of power."""
    return country(text) or seat(text, article_text)


def affiliation(text: str) -> str | None:
    """The country any place word points to, for qualifying a person ("U.K.", "Kremlin")."""
    return country(text) or demonym(text) or seat(text)


def surface_forms(body: str) -> Iterable[str]:
    """Every way the article may name a government: its names, aliases and seats."""
    table = places()
    yield from table.forms.get(body, (body,))
    yield from (s for s, bodies in table.seats.items() if bodies[0] == body)
