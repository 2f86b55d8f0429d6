"""A speaker's name and a colon opening a headline or paragraph: "Lynch: No outside influence
on FBI probe", "Dr. Ben Carson: Hillary Clinton ‘Not Fit To Serve’".

The colon is the cue, the name before it the source and the rest of the block the content.
The name must be a short phrase naming someone (a person, organisation or group entity, no
verb), so labels ("The Latest:", "BREAKING:", "Revealed:") are not speakers.
"""

from __future__ import annotations

from spacy.tokens import Token

from onrecord.attribute.spans import Found, Scope, with_quotes

#: Longest name, in tokens, before the colon.
_MAX_NAME = 6
_NAMES = frozenset({"PERSON", "ORG", "NORP"})


def colon_speaker(token: Token, scope: Scope) -> Found | None:
    """An attribution cued by `token` when it is the colon after a name opening its block."""
    if token.text != ":":
        return None
    block = scope.paragraph_of(token.idx)
    if block is None:
        return None
    start, end = scope.paragraphs[block]
    doc = token.doc
    name = [t for t in doc[max(token.i - _MAX_NAME - 1, 0) : token.i] if t.idx >= start]
    if not name or name[0].idx != start or len(name) > _MAX_NAME:
        return None
    words = scope.text[start : token.idx]
    if words.isupper() or any(t.pos_ in {"VERB", "AUX"} for t in name):
        return None
    if not any(t.ent_type_ in _NAMES for t in name):
        return None
    text = scope.text
    content_start = token.idx + 1
    while content_start < end and text[content_start].isspace():
        content_start += 1
    content_end = end
    while content_end > content_start and text[content_end - 1] in " .\t":
        content_end -= 1
    if content_end <= content_start:
        return None
    content = with_quotes([(content_start, content_end)], scope)
    return Found(content, (token.idx, token.idx + 1), (start, token.idx), 0.0, route="colon")
