"""Nominal cues: a noun of saying or thinking carries the attribution.

Covers "X's assertion that …", "X's plan to …" and "signals from X that …": the noun is the
cue, its possessor (or the object of "from"/"by") the source, and its clause the content.
A nominal cue with no source in its own noun phrase attributes only through a "that" clause
("a recognition that …"), with no source, as PolNeAR annotates it.
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

_CONTENT_DEPS = frozenset({"acl", "ccomp", "relcl", "appos"})
_SOURCE_PREPS = frozenset({"from", "by"})
_CONTENT_PREPS = frozenset({"of", "about", "on", "for", "against"})


def nominal_cue(token: Token, scope: Scope) -> Found | None:
    """An attribution with the noun `token` as its cue, or None."""
    if token.pos_ != "NOUN" or scope.quoted(token):
        return None
    probability = cue_probability(token)
    if probability < MIN_PROBABILITY:
        return None
    source_head = _possessor(token)
    clause = _clause(token, source_head) if source_head is not None else _that_clause(token)
    if clause is None:
        return None
    cue = cue_extent(token)
    frame = {t.i for t in token.doc.char_span(*cue, alignment_mode="expand") or []}
    if source_head is not None:
        frame |= {t.i for t in source_tokens(source_head)}
    content = fragments((t for t in clause.subtree if t.i not in frame))
    if not content:
        return None
    return Found(
        with_quotes(content, scope),
        cue,
        source_span(source_head) if source_head is not None else None,
        probability,
        route="nominal" if source_head is not None else "nominal_unsourced",
    )


def _that_clause(token: Token) -> Token | None:
    """ "a recognition that Europe's borders were …": a noun with no one's name on it
    attributes only through a "that" clause of its own."""
    return next(
        (
            c
            for c in token.children
            if c.dep_ in {"acl", "ccomp"}  # "the claim that he made" is relative: relcl
            and c.i > token.i
            and _is_clause(c)
            and c.doc[c.left_edge.i].lower_ == "that"
        ),
        None,
    )


def _possessor(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _clause(token: Token, source_head: Token) -> Token | None:
    """What was asserted: a "that"/"to" clause on the noun, or on its source when the parser
    hung it there ("signals from Trump that he intends …"), or the object of "of"/"about"
    ("his announcement of new actions")."""
    for owner in (token, source_head):
        for child in owner.children:
            if child.dep_ in _CONTENT_DEPS and child.i > token.i and _is_clause(child):
                return child
    return next(
        (
            c
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS and c.i > token.i
        ),
        None,
    )


def _is_clause(token: Token) -> bool:
    first = token.doc[token.left_edge.i]
    return token.pos_ in {"VERB", "AUX"} and (
        first.lower_ in {"that", "to"} or any(c.dep_ in {"nsubj", "aux"} for c in token.children)
    )
