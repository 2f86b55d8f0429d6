"""Adjectival cues: a state of mind predicated of the source.

Covers "X is confident that …", "X was critical of …", "X is eager to …": the copula and
the adjective are the cue, the copula's subject the source, and the adjective's clause or
prepositional object the content.
"""

from __future__ import annotations

from spacy.tokens import Token

from onrecord.attribute.cues import MIN_PROBABILITY, cue_extent, cue_probability
from onrecord.attribute.spans import (
    Found,
    Scope,
    fragments,
    source_span,
    source_tokens,
    with_quotes,
)

_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "prep"})


def adjectival_cue(token: Token, scope: Scope) -> Found | None:
    """An attribution with the adjective `token` (after "be") as its cue, or None."""
    if token.pos_ != "ADJ" or token.dep_ != "acomp" or token.head.lemma_ != "be":
        return None
    if scope.quoted(token):
        return None
    probability = cue_probability(token)
    if probability < MIN_PROBABILITY:
        return None
    copula = token.head
    subject = next((c for c in copula.children if c.dep_ == "nsubj"), None)
    clause = next((c for c in token.children if c.dep_ in _CONTENT_DEPS and c.i > token.i), None)
    if subject is None or clause is None:
        return None
    start, end = cue_extent(token)
    start = min(start, cue_extent(copula)[0])
    frame = {t.i for t in token.doc.char_span(start, end, alignment_mode="expand") or []}
    frame |= {t.i for t in source_tokens(subject)}
    content = fragments(t for t in clause.subtree if t.i not in frame)
    if not content:
        return None
    return Found(
        with_quotes(content, scope),
        (start, end),
        source_span(subject),
        probability,
        route="adjectival",
    )
