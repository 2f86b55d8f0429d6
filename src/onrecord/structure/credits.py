"""Credits: who took a picture, and which news agency supplied the reporting.

A photo credit is a short line naming a photographer and an agency ("Harry Nakos/AP Photo",
"Photo: Reuters", "(Getty Images)"), alone or closing a caption. A wire credit is the line
that hands the story to an agency or to extra reporters ("Reuters contributed to this
report", "Reporting by X; Editing by Y").
"""

from __future__ import annotations

import re

from onrecord.structure.shapes import ends_sentence, has_speech_quotes, words

#: News agencies, longest name first so that "Associated Press" wins over "AP".
AGENCIES = (
    "Associated Press",
    "Agence France-Presse",
    "Agence France Presse",
    "Australian Associated Press",
    "Bloomberg News",
    "Canadian Press",
    "CNN Wire",
    "Deutsche Presse-Agentur",
    "Dow Jones Newswires",
    "Kyodo News",
    "PA Media",
    "Press Association",
    "Press Trust of India",
    "Tribune News Service",
    "United Press International",
    "Anadolu Agency",
    "Bloomberg",
    "Reuters",
    "Xinhua",
    "Kyodo",
    "Yonhap",
    "Interfax",
    "TASS",
    "ANSA",
    "AAP",
    "AFP",
    "UPI",
    "EFE",
    "PTI",
    "dpa",
    "AP",
)
_AGENCY = re.compile(r"\b(?:[Tt]he\s+)?(?:" + "|".join(map(re.escape, AGENCIES)) + r")\b")

#: Sources of pictures besides the agencies: libraries, platforms, and the usual labels.
_PICTURE_SOURCES = (
    r"AP Photo|Getty(?: Images)?|Shutterstock|Alamy|iStock(?:photo)?|EPA(?:-EFE)?|Pool|Handout"
    r"|Instagram|Twitter|Facebook|YouTube|TikTok|Wikimedia(?: Commons)?|Unsplash|NurPhoto"
    r"|SOPA Images|Sipa(?: USA)?|ZUMA(?: Press| Wire)?|Zuma Press|Corbis|Rex(?: Features)?"
    r"|Bloomberg|Reuters|REUTERS|AFP|AP|Xinhua|PA(?: Wire| Images)?|File|Supplied|Courtesy"
)
_PICTURE_SOURCE = re.compile(rf"\b(?:{_PICTURE_SOURCES})\b")
_LABEL = (
    r"(?:photo(?:graph)?s?|images?|pictures?|pic|credits?|photo credit|image credit"
    r"|illustration|source)"
)

#: What joins a label to the credit: "Photo: X", "Photo by X", NYT's "Credit...X".
_LABEL_JOIN = r"(?:[:|]|\.{3}|…|\bby\b|\bcourtesy(?: of)?\b)"

_LABELLED_CREDIT = re.compile(
    rf"^\(?\s*{_LABEL}\s*{_LABEL_JOIN}\s*[^:]{{1,80}}\)?\.?$"
    r"|^\(?courtesy(?: of)?\s+[^.!?]{1,60}\)?\.?$"
    r"|^(?:image|picture|photo|video) source\s*[,:]\s*[^:]{1,80}$",
    re.I,
)
_SLASHED_CREDIT = re.compile(r"^\(?[^/.!?:;]{1,60}/[^/!?:;]{1,60}\)?\.?$")
_NUMBER_SLASH = re.compile(r"\d\s*/\s*\d")
_NAME_PARTICLES = frozenset({"de", "van", "von", "der", "da", "di", "la", "le", "for", "the", "of"})
_BRACKETED_CREDIT = re.compile(r"^\((?P<inner>[^()]{1,80})\)\.?$")
_BARE_SOURCE = re.compile(rf"^(?:{_PICTURE_SOURCES})(?:\s+(?:via|/|for)\s+[^.!?]{{1,40}})?\.?$")
#: A credit closing a caption line: "… in Ohio (Image: Getty)", "… Photograph: Evan Vucci/AP",
#: "… on Monday. (Jabin Botsford/The Washington Post)", "… Monday.Credit...Doug Mills/NYT".
_TRAILING_CREDIT = re.compile(
    rf"\s*(?P<credit>(?i:\(\s*{_LABEL}\s*(?:[:|]|by\b)\s*[^()]{{1,60}}\))"
    r"|\((?:[^()]{0,40}\b)?(?:AP Photo|Getty Images|Shutterstock|Alamy)\b[^()]{0,40}\)"
    r"|\([^()/]{1,50}/[^()]{1,50}\)"
    r"|\b(?:Photograph|Photo|Picture|Image|Credit)s?\s*(?::|\.{3}|…)\s*[^.:;]{1,60})\.?$"
)
#: How far from a line's end a closing credit may start (credits are short).
_TRAILING_REACH = 120
#: "… February 13, 2025. REUTERS/Kevin Lamarque": a slashed credit after the last sentence.
_TRAILING_SLASHED = re.compile(r"(?<=[.!?])\s+(?P<credit>[^\s/][^/!?]{0,50}/[^/!?]{1,50})$")

_WIRE_CREDIT = re.compile(
    r"^(?:this|the) (?:article|story|report) (?:contains|includes|incorporates|uses|has)"
    r" (?:reporting|material|information|content|files|contributions)\b"
    r"|^(?:additional|further|contributing|with) (?:reporting|writing|files)(?: by| from)?\b"
    r"|^(?:reporting|writing|editing|compiled|compilation|additional reporting) by\b"
    r"|^contributing:\s"
    r"|^(?:information|material) from\b.{1,80}\b(?:was used|contributed)\b"
    r"|\bcontributed (?:reporting|to this (?:report|story|article))\b",
    re.I,
)
#: The lower-case words of a wire credit; any other marks a sentence.
_CREDIT_WORDS = frozenset(
    "by and in from with of the to this that for at on was were has have been used contains"
    " includes incorporates uses contributed contributing reported reporting writing editing"
    " additional further compiled compilation research graphics report story article"
    " information material files content contributions staff writer writers correspondent"
    " correspondents reporter reporters editor editors newsroom desk bureau de van von der da"
    " di la le".split()
)
_CONTRIBUTED = re.compile(r"\bcontributed\.?$", re.I)
_STAFF = re.compile(r"\b(?:writers?|correspondents?|reporters?|staff)\b", re.I)
_COPYRIGHT = re.compile(r"^(?:copyright|©|\(c\))\s*(?:©\s*)?\d{4}|\ball rights reserved\b", re.I)


def agency_in(line: str) -> str | None:
    """The news agency a line names, as written ("The Associated Press", "Reuters")."""
    match = find_agency(line)
    return match.group(0) if match else None


def find_agency(line: str) -> re.Match[str] | None:
    """Where a line names a news agency."""
    return _AGENCY.search(line)


def is_photo_credit(line: str) -> bool:
    """A whole line crediting a picture: labelled, slashed, bracketed or a bare source name."""
    if len(words(line)) > 12 or has_speech_quotes(line):
        return False
    if _LABELLED_CREDIT.match(line):
        return True
    if _SLASHED_CREDIT.match(line) and not _NUMBER_SLASH.search(line):
        if _PICTURE_SOURCE.search(line):
            return True
        left, right = line.strip("()").split("/", 1)
        return not ends_sentence(line) and _is_name(left) and _is_name(right)
    bracketed = _BRACKETED_CREDIT.match(line)
    if bracketed:
        return bool(_PICTURE_SOURCE.search(bracketed.group("inner")))
    return bool(_BARE_SOURCE.match(line))


def trailing_credit(line: str) -> int | None:
    """Where a credit closing a caption line starts, if the line ends in one."""
    offset = max(0, len(line) - _TRAILING_REACH)
    tail = line[offset:]
    match = _TRAILING_CREDIT.search(tail) or _TRAILING_SLASHED.search(tail)
    if not match or offset + match.start("credit") == 0:
        return None
    if "/" in match.group("credit") and not is_photo_credit(match.group("credit")):
        return None
    return offset + match.start("credit")


def is_wire_credit(line: str) -> bool:
    """A line crediting an agency or extra reporters for the story: names joined by the
    few words credits use, never a sentence of its own ("Reporting by ProPublica revealed
    that …" is body text)."""
    if len(words(line)) > 40 or has_speech_quotes(line):
        return False
    if any(w not in _CREDIT_WORDS for w in re.findall(r"\b[a-z][a-z’'-]*\b", line)):
        return bool(_COPYRIGHT.search(line) and agency_in(line))
    if _WIRE_CREDIT.search(line):
        return True
    if _CONTRIBUTED.search(line) and len(words(line)) <= 25:
        return bool(agency_in(line) or _STAFF.search(line))
    return bool(_COPYRIGHT.search(line) and agency_in(line))


def is_copyright(line: str) -> bool:
    return len(words(line)) <= 40 and bool(_COPYRIGHT.search(line))


def _is_name(part: str) -> bool:
    """A photographer's or outlet's name: a few capitalised words."""
    tokens = part.split()
    return 0 < len(tokens) <= 5 and all(t[0].isupper() or t in _NAME_PARTICLES for t in tokens)
