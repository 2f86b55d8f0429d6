"""The people who wrote the article: the byline at the top, the author's profile at the end."""

from __future__ import annotations

import re
from collections.abc import Iterable

from onrecord.structure.credits import agency_in, find_agency
from onrecord.structure.shapes import ends_sentence, has_speech_quotes, sentence_count, words

_BYLINE = re.compile(
    r"^(?:(?:written|posted|words|story|text|reported|published|analysis|opinion|commentary"
    r"|review|interview|column|essay|perspective)\s+)?by\s*:?\s+(?P<names>.+)$",
    re.I | re.S,
)
#: A byline's fields: the names first, then dates, reading times and the like.
_BYLINE_FIELDS = re.compile(r"\s*[|•·]\s*")
_NAME_SEPARATOR = re.compile(r"\s*(?:,|;|\||·|•|\band\b|&|\s[-–—]\s|\bfor\b|\bin\b)\s*")
#: Lower-case words a byline may hold besides names: particles and job titles.
_BYLINE_WORDS = frozenset(
    "and of the de del della di da van von der den du la le al bin ibn y for in at with"
    " staff writer writers reporter reporters correspondent correspondents editor editors"
    " contributor columnist producer analyst chief senior political news desk bureau".split()
)
#: Words that mark a byline part as a job or an organisation rather than a person.
_ROLE = re.compile(
    r"\b(?:writers?|reporters?|correspondents?|editors?|staff|contributors?|columnist|producer"
    r"|analyst|desk|bureau|news|press|times|post|journal|media|newsroom|service|network"
    r"|magazine|tribune|herald|gazette|daily|weekly|online|team)\b",
    re.I,
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][\w’'.-]*|[A-Z]\.|(?:de|del|van|von|der|den|da|di|al|bin|la|le))$"
)
#: A writer's one-line profile standing for the name: "Phil Helsel is a reporter for NBC News."
_PROFILE = re.compile(
    r"^(?P<name>(?:[A-Z][\w’'.-]+\s){1,3}?[A-Z][\w’'.-]+)\s+(?:is|was|has been|covers|writes"
    r"|reports)\s"
)
#: Words a page's metadata runs on after a name: a month of the date, a time stamp's label.
_AFTER_NAME = re.compile(
    r"(?:\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Published|Updated|Posted))+$"
)

#: A profile opens on the writer's name: capitalised words that are not a pronoun or article.
_BIO_OPENING = re.compile(
    r"^(?!(?:The|This|That|These|Those|It|He|She|They|We|There|Here|His|Her|Their|Its|Our)\b)"
    r"(?:[A-Z][\w’'.-]+\s){1,3}(?:is|was|has been|covers|writes|reports)\s"
)
_BIO_MARK = re.compile(
    r"passion for|\bholds? an? (?:\w+ )?degree|\bdegree in\b"
    r"|\bhas been (?:\w+ )?(?:writing|covering|reporting|working as)\b"
    r"|\b(?:writes|reports|blogs) (?:about|on|for)\b|\bcovers\b"
    r"|\b(?:is|as) an? (?:[\w-]+ ){0,3}(?:writer|reporter|journalist|correspondent|editor"
    r"|contributor|columnist|enthusiast|author|blogger|freelancer|analyst|commentator)\b"
    r"|\bis the author of\b|\bgraduated from\b|\bfollow (?:him|her|them) on\b"
    r"|\bcan be reached at\b|\b(?:is|was) (?:the |a )?(?:former|director|professor|founder"
    r"|president|fellow|chair|chairman|chairwoman|ceo)\b",
)
_TRUNCATED = re.compile(r"(?:…|\.\.\.)$")


def is_byline(line: str) -> bool:
    """Names after "By" and nothing that reads like a sentence: "By Jane Smith", "By AMY
    SMITH, Associated Press", "Posted by Mark Chen | March 3" are bylines, "By Tuesday, the
    Senate had voted." is not."""
    match = _BYLINE.match(line)
    if not match or len(words(line)) > 16 or has_speech_quotes(line):
        return False
    names = _BYLINE_FIELDS.split(match.group("names"))[0]
    lower = [w for w in re.findall(r"[^\W\d_][\w’'-]*", names) if w.islower()]
    if any(w not in _BYLINE_WORDS for w in lower):
        return False
    if ends_sentence(line) and not re.search(r"\b(?:[A-Z]|Jr|Sr)\.$", line):
        return False
    return bool(authors_in(line) or agency_in(line))


def authors_in(byline: str) -> list[str]:
    """The people a byline names, in order; agencies and job titles left out, names written
    in capitals ("AMY SMITH") given their ordinary case."""
    profile = _PROFILE.match(byline)
    if profile:
        return authors_in(profile.group("name"))
    match = _BYLINE.match(byline)
    names = match.group("names") if match else byline
    authors = []
    for part in _NAME_SEPARATOR.split(names):
        part = _name_alone(part.strip())
        tokens = part.split()
        if not 2 <= len(tokens) <= 5 or tokens[0] == "The" or agency_in(part) or _ROLE.search(part):
            continue
        if all(_NAME_TOKEN.match(t) for t in tokens):
            authors.append(part.title() if part.isupper() else part)
    return authors


def _name_alone(part: str) -> str:
    """A byline part without what metadata runs on after the name, with no comma between:
    an agency ("JILL LAWLESS Associated Press"), a month or a time stamp's label ("Carrie
    Arnold November"), so long as a name of two words or more is left."""
    agency = find_agency(part)
    name = part[: agency.start()].strip() if agency and agency.start() > 0 else part
    name = _AFTER_NAME.sub("", name)
    return name if len(name.split()) >= 2 else part


def distinct_people(names: Iterable[str]) -> list[str]:
    """Names in order, each person once: "Troy L Smith" after "Troy Smith" is the same
    writer, as are two spellings differing only in case."""
    people: dict[tuple[str, str], str] = {}
    for name in names:
        tokens = name.casefold().split()
        people.setdefault((tokens[0], tokens[-1]), name)
    return list(people.values())


def is_author_bio(line: str) -> bool:
    """A short third-person profile of the writer: "Emma is a tech enthusiast with a passion
    for …", often cut off by the page with an ellipsis."""
    if has_speech_quotes(line) or len(words(line)) > 120 or sentence_count(line) > 5:
        return False
    if not _BIO_OPENING.match(line):
        return False
    return bool(_BIO_MARK.search(line) or _TRUNCATED.search(line))
