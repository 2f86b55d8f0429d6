"""Attribution by "according to": "Y, according to X" and "According to X, Y".

The cue is the two words, the source is the object of "to", and the content is the clause the
phrase modifies, less the phrase itself.
"""

from __future__ import annotations

from spacy.tokens import Token

from onrecord.attribute.cues import cue_probability
from onrecord.attribute.spans import Found, Scope, fragments, source_span, with_quotes

_CLAUSE_POS = frozenset({"VERB", "AUX"})


def according_to(token: Token, scope: Scope) -> Found | None:
    """An attribution cued by `token` when it is the "according" of "according to X"."""
    doc = token.doc
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    if scope.quoted(token):
        return None
    to = doc[token.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    phrase = {token.i} | {t.i for t in to.subtree}
    if _frames_sentence(token, to):
        tokens = [t for t in token.sent if t.i not in phrase]
    else:
        clause = token.head
        while clause.pos_ not in _CLAUSE_POS and clause.head.i != clause.i:
            clause = clause.head
        if clause.i == token.i:
            return None
        phrase |= {t.i for t in token.subtree}
        tokens = [t for t in clause.subtree if t.i not in phrase]
    content = fragments(tokens)
    if not content:
        return None
    cue = (token.idx, to.idx + len(to))
    return Found(
        with_quotes(content, scope),
        cue,
        source_span(obj),
        max(cue_probability(token), 0.9),
        route="according_to",
    )


def _frames_sentence(according: Token, to: Token) -> bool:
    """ "According to X, …" opening the sentence or "…, according to X." closing it: the
    phrase frames the whole sentence, whatever the parser hung it on."""
    sent = according.sent
    if according.i == sent.start:
        return True
    end = to.right_edge.i + 1
    rest = [t for t in according.doc[end : sent.end] if not t.is_space]
    return all(t.is_punct and t.text not in {",", "—", "–"} for t in rest)
