"""Attribution by a source phrase: "Y, according to X", "According to X, Y", its short form
"Y, per the WHO", and a poll cited with "in" ("In a CNN poll, Clinton led by 24 points").

The cue is "according to" (or "in"), the source is the preposition's object, and the content
is the clause the phrase modifies, less the phrase itself; a phrase opening or closing the
sentence frames all of it.
"""

from __future__ import annotations

from spacy.tokens import Token

from onrecord.attribute.cues import cue_probability
from onrecord.attribute.spans import Found, Scope, fragments, source_span, with_quotes

_CLAUSE_POS = frozenset({"VERB", "AUX"})
#: What a poll is called: the objects of "in" that report a finding.
_POLLS = frozenset({"poll", "survey"})
#: A head this likely to be a cue is the cue itself ("said in a poll").
_SPEECH_PROBABILITY = 0.5


def according_to(token: Token, scope: Scope) -> Found | None:
    """An attribution cued by `token` when it is the "according" of "according to X"."""
    doc = token.doc
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    found = _framed(token, doc[token.i + 1], scope, "according_to")
    if found is not None:
        found.confidence = max(cue_probability(token), 0.9)
    return found


#: Confidence of a "per X" phrase set off by commas: exact by construction, and too rare in
#: PolNeAR train for the confidence model to know it.
PER_CONFIDENCE = 0.9


def per_source(token: Token, scope: Scope) -> Found | None:
    """ "Yersinia pestis, per the WHO, is found in small mammals", "…, per court filings.":
    "per" set off by a comma (or opening the sentence) before a named or determined source
    attributes the clause it modifies; "$100 per gram" is a rate, not a source."""
    if token.lower_ != "per" or token.dep_ != "prep":
        return None
    doc = token.doc
    if token.i != token.sent.start and doc[token.i - 1].text not in {",", "(", "—", "–"}:
        return None
    obj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if obj is None or obj.like_num:
        return None
    if obj.pos_ != "PROPN" and not any(c.dep_ in {"det", "poss"} for c in obj.children):
        if obj.tag_ != "NNS":  # "per court filings", not "per gram"
            return None
    found = _framed(token, token, scope, "per")
    if found is not None:
        found.confidence = PER_CONFIDENCE
    return found


def in_poll(token: Token, scope: Scope) -> Found | None:
    """ "In a CNN national poll, Clinton held a lead", "Trump leads in the polls": a poll
    reports the clause. Not "said in a poll", where "said" is the cue, nor "his rival in the
    poll", where the poll is the election the noun belongs to."""
    if token.lower_ != "in" or token.dep_ != "prep" or token.head.pos_ not in _CLAUSE_POS:
        return None
    if cue_probability(token.head) >= _SPEECH_PROBABILITY:
        return None
    if any(c.dep_ == "pobj" and c.tag_ == "NNS" for c in token.children):
        return None  # "leads in the polls": a standing, which annotators mostly leave alone
    return _framed(token, token, scope, "in_poll", _POLLS)


def _framed(
    first: Token, last: Token, scope: Scope, route: str, nouns: frozenset[str] | None = None
) -> Found | None:
    """The attribution of a source phrase running from `first` to the preposition `last`,
    whose object (one of `nouns`, when given) is the source."""
    if scope.quoted(first):
        return None
    obj = next((c for c in last.children if c.dep_ == "pobj"), None)
    if obj is None or (nouns is not None and obj.lemma_.lower() not in nouns):
        return None
    phrase = {t.i for t in first.doc[first.i : last.i]} | {t.i for t in last.subtree}
    if _frames_sentence(first, last):
        tokens = [t for t in first.sent if t.i not in phrase]
    else:
        clause = first.head
        while clause.pos_ not in _CLAUSE_POS and clause.head.i != clause.i:
            clause = clause.head
        if clause.i == first.i:
            return None
        phrase |= {t.i for t in first.subtree}
        tokens = [t for t in clause.subtree if t.i not in phrase]
    content = fragments(tokens)
    if not content:
        return None
    cue = (first.idx, last.idx + len(last))
    return Found(with_quotes(content, scope), cue, source_span(obj), 0.0, route=route)


def _frames_sentence(first: Token, last: Token) -> bool:
    """ "According to X, …" opening the sentence or "…, according to X." closing it: the
    phrase frames the whole sentence, whatever the parser hung it on."""
    sent = first.sent
    if first.i == sent.start:
        return True
    end = last.right_edge.i + 1
    rest = [t for t in first.doc[end : sent.end] if not t.is_space]
    return all(t.is_punct and t.text not in {",", "—", "–"} for t in rest)
