"""The medium or occasion of an attribution, where the text gives it: "in a post on X
Wednesday", "during a press briefing at NATO headquarters in Brussels"."""

from __future__ import annotations

from spacy.tokens import Token

from onrecord.attribute.spans import Fragment, fragments

#: Nouns naming where or how something was said.
OCCASIONS = frozenset(
    """address appearance article blog briefing broadcast call column conference debate
    email e-mail episode event filing forum hall hearing interview letter meeting memo message
    news op-ed podcast post posting program rally release remarks report segment sermon
    session show speech statement summit testimony town tweet video visit""".split()
)
_PREPOSITIONS = frozenset({"in", "during", "at", "on", "via", "through", "before", "to"})
#: What the occasion phrase leaves out: ", where ministers convened …".
_NOT_IN_CONTEXT = frozenset({"relcl", "acl", "punct"})


def occasion(cue: Token, source: Token | None) -> Fragment | None:
    """A prepositional phrase on the cue (or on the source, when set off by commas) whose
    object is a medium or occasion noun."""
    owners = [cue] if source is None else [cue, source]
    for owner in owners:
        for prep in owner.children:
            if prep.dep_ != "prep" or prep.lower_ not in _PREPOSITIONS:
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None or obj.lemma_.lower() not in OCCASIONS:
                continue
            keep = [prep]
            stack = list(prep.children)
            while stack:
                token = stack.pop()
                if token.dep_ in _NOT_IN_CONTEXT:
                    continue
                keep.append(token)
                stack.extend(token.children)
            last = max(keep, key=lambda t: t.i)
            after = cue.doc[last.i + 1] if last.i + 1 < len(cue.doc) else None
            if after is not None and after.dep_ == "npadvmod" and after.head.i == owner.i:
                keep.append(after)  # "in a post on X Wednesday"
            spans = fragments(keep)
            if spans:
                return spans[0][0], spans[-1][1]
    return None
