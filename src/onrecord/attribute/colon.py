"""A speaker's name and a colon opening a headline or paragraph: "Lynch: No outside influence
on FBI probe", "Dr. Ben Carson: Hillary Clinton ‘Not Fit To Serve’", and the speaker labels of
a transcript ("WALLACE: Let’s start …", "PENCE: Well, look …").

The colon is the cue, the name before it the source and the rest of the block the content.
The name must be a short phrase naming someone (a person, organisation or group entity, no
verb), so labels ("The Latest:", "BREAKING:", "Revealed:") are not speakers. A name in capitals
is a transcript's speaker only when it opens two paragraphs or the article has three such
labels: one "UPDATE:" is a label. Lists are not speech either: a score line ("Blue Jackets 5,
Canadiens 2: …"), a price ("VIP : 60,000₩"), or a run of paragraphs each opening with a
different name ("Elizabeth A. Burton: Possession of …" in a list of arrests), where a
conversation would come back to its speakers.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Token

from onrecord.attribute.spans import Found, Scope, with_quotes

#: Longest name, in tokens, before the colon.
_MAX_NAME = 6
_NAMES = frozenset({"PERSON", "ORG", "NORP"})
#: Quotation marks a transcript may open its paragraphs with ("\"WALLACE: …").
_LEADING_MARKS = "\"“'‘"
#: A speaker label in capitals opening a paragraph.
_LABEL = re.compile(f"[{re.escape(_LEADING_MARKS)}]?([A-Z][A-Z.'’ -]{{1,40}}):")
#: Any short label opening a paragraph, capitalised or not ("Christopher L. Tays:").
_ENTRY = re.compile(r"([A-Z][\w.'’ -]{1,60}):")
#: Paragraphs opening with a label, all different, that make a list rather than a dialogue.
_LIST_LENGTH = 3


def colon_speaker(token: Token, scope: Scope) -> Found | None:
    """An attribution cued by `token` when it is the colon after a name opening its block."""
    if token.text != ":":
        return None
    block = scope.paragraph_of(token.idx)
    if block is None:
        return None
    start, end = scope.paragraphs[block]
    text = scope.text
    while start < token.idx and text[start] in _LEADING_MARKS:
        start += 1
    doc = token.doc
    name = [t for t in doc[max(token.i - _MAX_NAME - 1, 0) : token.i] if t.idx >= start]
    if not name or name[0].idx != start or len(name) > _MAX_NAME:
        return None
    words = text[start : token.idx]
    if words != words.rstrip() or any(t.like_num for t in name):
        return None
    route = "colon"
    if words.isupper():
        labels = _transcript_labels(scope)
        if labels[words] < 2 and labels.total() < 3:
            return None
        route = "transcript"
    elif (
        any(t.pos_ in {"VERB", "AUX"} for t in name)
        or not any(t.ent_type_ in _NAMES for t in name)
        or _listed(scope)
    ):
        return None
    content_start = token.idx + 1
    while content_start < end and text[content_start].isspace():
        content_start += 1
    content_end = end
    while content_end > content_start and text[content_end - 1] in " .\t":
        content_end -= 1
    if content_end <= content_start:
        return None
    content = [(content_start, content_end)]
    if start == scope.paragraphs[block][0]:
        # a transcript's paragraphs open with a mark that never closes: its quote is the
        # whole exchange, not this speaker's turn
        content = with_quotes(content, scope)
    return Found(content, (token.idx, token.idx + 1), (start, token.idx), 0.9, route=route)


def _transcript_labels(scope: Scope) -> Counter[str]:
    """How many paragraphs each capitalised label opens."""
    if scope.labels is None:
        scope.labels = _openers(scope, _LABEL)
    return scope.labels


def _listed(scope: Scope) -> bool:
    """Whether the article's labelled paragraphs are a list: three or more, no label twice."""
    if scope.entries is None:
        scope.entries = _openers(scope, _ENTRY)
    return scope.entries.total() >= _LIST_LENGTH and max(scope.entries.values()) == 1


def _openers(scope: Scope, label: re.Pattern[str]) -> Counter[str]:
    """How many paragraphs each label the pattern reads opens."""
    return Counter(
        m.group(1)
        for start, end in scope.paragraphs
        if (m := label.match(scope.text, start, end)) is not None
    )
