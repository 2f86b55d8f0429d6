"""Which findings count as attributions: the annotation scheme the output follows.

Two notions are in use. The news guidelines (`newsgold/GUIDELINES.md`), the default, count what
a source *communicated*: said, told, wrote, announced, argued, denied, according to; a report,
study or poll that shows, finds, estimates; a noun cue naming a statement. They leave out actions
and events ("launched", "awarded", "grilled the witness"), unspoken states of mind ("hopes",
"is believed", "is expected to"), "declined to comment", a writer's own voice ("we should
note") and hypotheticals ("as Sherlock would say"). PolNeAR (2016 political news, on which the
patterns, cue models and confidence model were learned) also counts beliefs and attitudes;
`scheme="polnear"` keeps everything the confidence model keeps, as `onrecord eval polnear
--scheme polnear` scores it.

Under "news" a finding is kept when its cue word is a word of communication or reporting
(`data/communication.json`: a curated list, since the learned lexicon knows what PolNeAR
annotated, attitudes included, and the parse alone cannot tell "said" from "scaled"), and the
sentence reports that something was communicated: not a withheld or hypothetical utterance, not
an agentless passive of an event ("a case was reported in …"), not the author's "we" or "you".
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from onrecord.attribute.cues import cue_probability
from onrecord.attribute.merge import kind_of
from onrecord.attribute.spans import Found, Scheme, Scope

SCHEMES: tuple[Scheme, ...] = ("news", "polnear")
DEFAULT_SCHEME: Scheme = "news"
#: A verb this likely to be a cue in PolNeAR train is a verb of saying or thinking.
SPEECH_PROBABILITY = 0.5

#: Routes whose pattern is itself the evidence of communication: a speaker label, a signed
#: quote, "according to", a poll that reports.
_SELF_EVIDENT = frozenset({"transcript", "signed", "colon", "according_to", "per", "in_poll"})
#: Modal auxiliaries that make an utterance hypothetical ("would say", "may argue").
_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "can", "ca", "'d"})
#: Pronouns through which the writer or the reader speaks, outside quotation marks.
_AUTHOR = frozenset({"i", "we", "you", "me", "us"})
#: "That said, …", "This said, …": a demonstrative as the subject of a cue is no source.
_DEMONSTRATIVES = frozenset({"that", "this"})
#: Verbs whose object is the addressee ("told reporters", "asked Morrison", "urged voters").
_ADDRESSEE_VERBS = frozenset(
    {
        "tell", "ask", "inform", "remind", "assure", "brief", "notify", "urge", "encourage",
        "implore", "beg", "instruct", "advise", "warn", "caution",
    }
)  # fmt: skip
#: Prepositions whose object can be what was said or asked for ("called for a meeting",
#: "warned against", "spoke about"); others give the medium or place ("announced on their
#: radios", "said in a post") and report something only through a clause.
_CONTENT_PREPOSITIONS = frozenset({"for", "against", "about", "of", "to"})
#: Verbs of putting a question: as a bare participle ("When asked about …") their subject
#: is who was asked.
_QUESTIONING = frozenset({"ask", "question", "press"})
#: Plain verbs of saying that frame a quotation.
_SAYING = frozenset({"say", "add", "tell", "write", "state", "tweet", "explain", "continue"})
#: Prepositions that give the topic of a question, not what was asked ("asked her about …").
_TOPICS = frozenset({"about", "on", "over", "regarding"})
#: Entity types of names.
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
#: Routes whose content is a proposition: a clause, a quotation, a parenthetical frame.
_PROPOSITIONS = frozenset({"ccomp", "quote", "parenthetical"})
#: First words of a content that make it a proposition ("that …", "whether …").
_OPENERS = frozenset({"that", "whether", "if", "how", "why", "what", "when", "who", "where"})


@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """The word lists of `data/communication.json` as sets: verbs, findings, nouns,
    adjectives."""
    path = resources.files("onrecord.attribute").joinpath("data/communication.json")
    data = json.loads(path.read_text("utf-8"))
    return {key: frozenset(value) for key, value in data.items() if not key.startswith("_")}


def reports(verb: Token, scheme: Scheme) -> bool:
    """Whether a verb makes a report of its own, so that a clause it heads is not part of
    another cue's content: a word of communication under "news", a likely cue of PolNeAR
    train (attitudes included) under "polnear"."""
    if scheme == "polnear":
        return cue_probability(verb) >= SPEECH_PROBABILITY
    lemma = verb.lemma_.lower()
    return lemma in words()["verbs"] or lemma in words()["findings"]


def admits(finding: Found, scope: Scope) -> bool:
    """Whether the scope's scheme counts the finding as an attribution."""
    if scope.scheme == "polnear":
        return True
    return communicated(finding, scope)


def framed_quotation(finding: Found, scope: Scope) -> bool:
    """Under the news guidelines, a whole quotation framed by a plain verb of saying and its
    subject ("“We will not back down,” it added.") is on the record whatever score the
    confidence model gives it: learned on PolNeAR, where such frames rarely have "it" or "the
    company" for subject, it scores them below its threshold."""
    if scope.scheme != "news" or finding.source is None or finding.anchor < 0:
        return False
    if scope.doc[finding.anchor].lemma_.lower() not in _SAYING:
        return False
    return kind_of(finding.content, scope.text) == "direct"


def communicated(finding: Found, scope: Scope) -> bool:
    """The news guidelines' test: a word of communication reports that something was said."""
    if finding.route in _SELF_EVIDENT or finding.anchor < 0:
        return True
    cue = scope.doc[finding.anchor]
    lemma = cue.lemma_.lower()
    lists = words()
    if finding.route.startswith("nominal"):
        return lemma in lists["nouns"]
    if finding.route == "adjectival":
        return lemma in lists["adjectives"]
    propositional = _propositional(finding, scope)
    verb = lemma in lists["verbs"] or (lemma in lists["findings"] and propositional)
    if not (verb or _names_an_utterance(cue)):
        return False
    if _hypothetical(cue) or _withheld(cue) or (_negated(cue) and not _asserted(finding, scope)):
        return False
    if finding.source is None and _passive(cue) and not _reports_proposition(cue):
        return False
    if finding.route == "dobj" and _addressee_only(cue, finding, scope):
        return False
    if finding.route.startswith("prep_") and (
        _name_only(finding, scope)
        or (finding.route[5:] not in _CONTENT_PREPOSITIONS and not _clausal(finding, scope))
    ):
        return False
    if (_purpose(cue) and not propositional) or (finding.source is None and _question_put(cue)):
        return False
    if _pronouns_only(finding, scope):
        return False
    return not _not_a_source(finding, scope)


def _propositional(finding: Found, scope: Scope) -> bool:
    """The content is a clause or a quotation, not a thing or an event."""
    if finding.route in _PROPOSITIONS or _quotes_in(finding, scope):
        return True
    first = scope.text[finding.content[0][0] : finding.content[0][1]].split(maxsplit=1)
    return bool(first) and first[0].lower() in _OPENERS


def _quotes_in(finding: Found, scope: Scope) -> bool:
    return any(scope.quotes.overlapping(s, e) for s, e in finding.content)


def _hypothetical(cue: Token) -> bool:
    """ "As Sherlock would say", "an importer may elect to": no one has said it."""
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in cue.children)


def _names_an_utterance(cue: Token) -> bool:
    """ "raised questions about …", "voiced concerns that …", "issued a warning that …": a
    light verb whose object is a noun of saying, with what was said hanging on it."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    return (
        obj is not None
        and obj.lemma_.lower() in words()["nouns"]
        and any(
            c.dep_ in {"acl", "ccomp"} or (c.dep_ == "prep" and c.lower_ in _TOPICS)
            for c in obj.children
        )
    )


def _withheld(cue: Token) -> bool:
    """ "Both companies declined to comment", "refused to say when", "plans to announce": the
    verb governing the cue says it was not (yet) said; so does an infinitive above a gerund
    ("to pressure the president into announcing an inquiry")."""
    governor = cue.head
    if cue.dep_ == "xcomp" and governor.i != cue.i:
        return governor.lemma_.lower() in words()["withholding"]
    if cue.dep_ == "pcomp" and governor.dep_ == "prep":
        verb = governor.head
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return False


def _negated(cue: Token) -> bool:
    return any(c.dep_ == "neg" for c in cue.children)


def _asserted(finding: Found, scope: Scope) -> bool:
    """What a negated cue still reports: a clause ("did not deny that …") or a quotation;
    "would not disclose the number" and "did not say when" report nothing said."""
    if _quotes_in(finding, scope):
        return True
    first = scope.text[finding.content[0][0] : finding.content[0][1]].split(maxsplit=1)
    return finding.route == "ccomp" and bool(first) and first[0].lower() not in _OPENERS - {"that"}


def _passive(cue: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in cue.children)


def _reports_proposition(cue: Token) -> bool:
    """ "It was announced that …", "he is said to have …": a passive without an agent still
    reports a proposition; "a third case was reported in …", "were confirmed on Monday" report
    an event."""
    return any(
        c.dep_ == "ccomp" or (c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children))
        for c in cue.children
    )


def _addressee_only(cue: Token, finding: Found, scope: Scope) -> bool:
    """ "Castor asked Morrison about concerns …", "told reporters", "urged voters": the object
    of a verb with an addressee is who was addressed; with no clause or quotation, nothing
    said is reported ("urged voters to register" reports the request)."""
    if cue.lemma_.lower() not in _ADDRESSEE_VERBS:
        return False
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None:
        return False
    topic = any(c.dep_ == "prep" and c.lower_ in _TOPICS for c in [*cue.children, *obj.children])
    named = obj.pos_ in {"PROPN", "PRON"} or obj.ent_type_ in _NAMED
    return topic or named or not _clausal(finding, scope)


def _clausal(finding: Found, scope: Scope) -> bool:
    """The content holds a verb or a quotation: something said, not only a thing named."""
    if _quotes_in(finding, scope):
        return True
    return any(t.pos_ in {"VERB", "AUX"} for t in _content_tokens(finding, scope))


def _content_tokens(finding: Found, scope: Scope) -> list[Token]:
    tokens: list[Token] = []
    for start, end in finding.content:
        span = scope.doc.char_span(start, end, alignment_mode="expand")
        tokens.extend(span or [])
    return tokens


def _purpose(cue: Token) -> bool:
    """ "To confirm the relationship, they …": an infinitive of purpose with a thing for object
    says what someone meant to do, not what anyone said ("visited the school to announce that
    classes would resume" reports the announcement)."""
    return cue.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children)


def _question_put(cue: Token) -> bool:
    """ "When asked about the decision, he …": the bare participle is the question put to the
    subject of the sentence, whose answer (if any) is the statement."""
    return (
        cue.lemma_.lower() in _QUESTIONING
        and cue.tag_ == "VBN"
        and cue.dep_ in {"advcl", "acl"}
        and not _passive(cue)
    )


def _pronouns_only(finding: Found, scope: Scope) -> bool:
    """ "pointed it", "explained them to me", "denied it": a content of pronouns and
    prepositions names no proposition; what the pronoun stands for was said elsewhere."""
    if _quotes_in(finding, scope):
        return False
    tokens = [t for t in _content_tokens(finding, scope) if not t.is_punct]
    return bool(tokens) and all(t.pos_ in {"PRON", "ADP", "DET"} for t in tokens)


def _name_only(finding: Found, scope: Scope) -> bool:
    """ "Emily Feng reports for NPR", "wrote for the Times": a preposition's object that is
    only a name is whom the source works or speaks for, not what was said."""
    start, end = finding.content[0][0], finding.content[-1][1]
    span = scope.doc.char_span(start, end, alignment_mode="expand")
    return span is not None and all(
        t.ent_type_ in _NAMED or t.pos_ in {"PROPN", "DET"} for t in span
    )


def _not_a_source(finding: Found, scope: Scope) -> bool:
    """ "We should also note …", "if you interpret …": outside quotation marks the first and
    second persons are the writer and the reader; "That said, …" is a turn of phrase."""
    if finding.source is None:
        return False
    span = scope.doc.char_span(*finding.source, alignment_mode="expand")
    if span is None or len(span) != 1 or scope.quoted(span.root):
        return False
    word = span.root
    return word.lower_ in _AUTHOR or (word.lower_ in _DEMONSTRATIVES and word.tag_ == "DT")
