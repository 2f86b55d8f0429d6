"""A quotation signed with a dash and a name, as reader reactions and epigraphs are printed:
"“He represents our greatest shame.” ― Sonya Herridge".

The dash is the cue, the name after it (to the end of its line) the source, and the quotation
before it the content. A verb after the dash ("— Smith said") is reported speech, left to
`indirect`.
"""

from __future__ import annotations

from spacy.tokens import Token

from onrecord.attribute.spans import Found, Scope

_DASHES = frozenset({"―", "—", "–"})
#: Longest name, in tokens, after the dash.
_MAX_NAME = 6
#: What may stand between the closing mark and the dash, or the dash and the name.
_GAP = " \t\u00a0"


def signed_quote(token: Token, scope: Scope) -> Found | None:
    """An attribution cued by `token` when it is a dash between a quotation and a name that
    ends its line."""
    if token.text not in _DASHES or scope.paragraph_of(token.idx) is None:
        return None
    text = scope.text
    quote = scope.quote_ending_before(token.idx, _GAP)
    if quote is None:
        return None
    line_end = text.find("\n", token.idx)
    line_end = len(text) if line_end == -1 else line_end
    name = [t for t in token.doc[token.i + 1 : token.i + _MAX_NAME + 2] if t.idx < line_end]
    while name and (name[-1].is_punct or name[-1].is_space):
        name.pop()
    while name and name[0].is_space:
        name.pop(0)
    if (
        not name
        or len(name) > _MAX_NAME
        or text[name[-1].idx + len(name[-1]) : line_end].strip(_GAP + ".")
    ):
        return None
    if any(t.pos_ in {"VERB", "AUX"} for t in name) or not any(t.pos_ == "PROPN" for t in name):
        return None
    source = (name[0].idx, name[-1].idx + len(name[-1]))
    return Found(list(quote.pieces), (token.idx, token.idx + 1), source, 0.9, route="signed")
