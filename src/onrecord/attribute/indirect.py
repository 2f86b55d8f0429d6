"""Reported speech over the dependency parse: a cue verb, its subject as the source, and its
complement as the content.

Covers "X said (that) …", "X warned against …", "X argues that …", "officials believe …",
"X was quoted as saying …", "it was reported that …" (no source), and the direct-quote
frames "“…,” X said", "“…,” said X", "X said: “…”", "“…” — X said", where the complement is
(or reaches into) a quotation and the content becomes the whole quotation, marks included.
"""

from __future__ import annotations

from spacy.tokens import Token

from onrecord.attribute.context import OCCASIONS
from onrecord.attribute.cues import MIN_PROBABILITY, cue_extent, cue_probability
from onrecord.attribute.scheme import reports
from onrecord.attribute.spans import (
    Found,
    Fragment,
    Scope,
    fragments,
    is_dash,
    merge_fragments,
    source_span,
    source_tokens,
    with_quotes,
)

_SUBJECTS = ("nsubj", "csubj", "nsubjpass")
#: Verbs that raise their complement's subject ("Clinton seemed to implore …"): annotators
#: give them no source and count the subject as part of the content.
_RAISING = frozenset({"seem", "appear"})
#: Clauses through which a cue without a subject takes its governor's ("adding that …",
#: "and said …", "was quoted as saying …").
_INHERITS_SUBJECT = frozenset({"advcl", "xcomp", "conj", "pcomp"})
#: Prepositions whose object is what was said or felt: "warned against", "spoke about".
_CONTENT_PREPS = frozenset({"against", "about", "of", "on", "for", "over", "to"})
#: A verb this likely to be a cue is a verb of saying: enough to reach a quote paragraph above.
_SPEECH_PROBABILITY = 0.5
#: Words opening a circumstantial phrase that annotators leave out of the content.
_CIRCUMSTANCES = frozenset({"following", "after", "amid", "despite", "during"})
#: Characters that may stand between a quotation and the words framing it.
_FRAME_GAP = " \t\n\u00a0,:—–-"
#: What may precede a quotation that stands as a sentence of its own.
_SENTENCE_END = frozenset('.?!:\n”"')
#: Dependents after a cue that are not what it reports: punctuation, a coordinated clause,
#: the time ("on Monday") or manner ("repeatedly").
_NOT_PREDICATE = frozenset({"punct", "cc", "conj", "npadvmod", "advmod", "advcl", "mark", "agent"})
#: How likely a cue must be for the rest of its clause to be taken as its content when no
#: known complement is there ("unleashed a flurry of tweets").
_PREDICATE_PROBABILITY = 0.2
#: Conjunctions opening a clause that sets another party's report against the first.
_CONTRASTS = frozenset({"while", "whereas"})
#: Finite verb tags: past, and present in third person or not.
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
#: Verbs whose object is who is addressed, not part of what is said.
_ADDRESSEE_VERBS = frozenset({"tell", "ask", "warn", "inform", "remind", "assure", "promise"})


def reported_speech(token: Token, scope: Scope) -> Found | None:
    """An attribution with `token` (a verb) as its cue, or None when the verb is no cue here
    or its content cannot be found."""
    if token.pos_ not in {"VERB", "AUX"} or scope.quoted(token):
        return None
    probability = cue_probability(token)
    if probability < MIN_PROBABILITY:
        return None
    cue = cue_extent(token)
    source_head = _subject(token, scope)
    frame = {t.i for t in token.doc.char_span(*cue, alignment_mode="expand") or []}
    raised: list[Fragment] = []
    if source_head is not None and _addressed(token, source_head):
        source_head = None  # "employees were told that …": who was told is no content
    elif source_head is not None and _raises(token, source_head):
        raised = fragments(source_tokens(source_head))
        source_head = None
    elif source_head is not None and source_head.head.dep_ == "agent":
        # "the claim was disputed by the union": what was disputed is the passive's subject
        passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and not scope.quoted(passive):
            raised = fragments(passive.subtree)
            frame.update(t.i for t in passive.subtree)
    source = source_span(source_head) if source_head is not None else None
    if source_head is not None:
        frame.update(t.i for t in source_tokens(source_head))
    content, route = _content(token, frame, scope, cue, source)
    if not (content or raised):
        return None
    if source is None and not (raised or _impersonal(token)):
        return None
    route = "raised" if raised else route
    content = merge_fragments(raised + content, scope.text)
    return Found(content, cue, source, probability, route=route)


def _subject(token: Token, scope: Scope) -> Token | None:
    """The source of a cue verb: its subject, the agent of a passive, or the subject of the
    clause it depends on, or of the cue whose report it goes on with ("Volker said he never
    used the term and added, “…”"). Words inside a quotation never speak: in "“My apologies,”
    Quick said" the parser may take "apologies" as a second subject."""
    outer = _outer_cue(token, scope)
    if outer is not None:
        return _subject(outer, scope)
    for _ in range(3):
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        if agent is not None and token.dep_ not in {"acl", "relcl"}:
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
        for child in token.children:
            if scope.quoted(child):
                continue
            if child.dep_ in _SUBJECTS:
                child = _last_subject(child)
                return None if _expletive(child) or _possessive(child) else child
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if token.dep_ == "acl" and token.tag_ in {"VBG", "VB"}:
            if token.head.dep_ == "pobj" and token.head.head.head.pos_ == "VERB":
                # "Swift posted on Twitter accusing the label of …": the participle goes
                # with the clause, not with the preposition's object
                token = token.head.head.head
                continue
            return token.head  # "Mr. Netanyahu, denouncing the president's efforts"
        if token.dep_ not in _INHERITS_SUBJECT or token.head.i == token.i:
            return None
        if token.tag_ == "VBN" and not any(c.dep_ == "aux" for c in token.children):
            return None  # "with NATO divided over …": a bare participle is passive
        # "was quoted as saying": the clause above a preposition's object is its governor's
        token = token.head.head if token.dep_ == "pcomp" else token.head
    return None


def _last_subject(subject: Token) -> Token:
    """The parser may give a verb two subjects where there is one: a dateline's place and the
    source ("BERLIN -- The European Space Agency says"), or an office and the name after it
    ("As CNN's chief medical correspondent Dr. Sanjay Gupta noted"). The later is the source;
    the office is still read before the name when the speaker is resolved."""
    later = next(
        (c for c in subject.head.children if c.dep_ == subject.dep_ and c.i > subject.i), None
    )
    if later is None:
        return subject
    between = subject.doc[subject.i + 1 : later.left_edge.i]
    dateline = subject.is_upper and len(between) == 1 and is_dash(between[0])
    return later if dateline or not len(between) else subject


def _outer_cue(token: Token, scope: Scope) -> Token | None:
    """The cue whose speaker goes on with a second report in `token`: a subjectless verb of
    reporting in the same tense, or "adding", that the parser hung inside the first report's
    complement ("Volker said he never used the term and added, “…”", "Morrison said “…” at
    the release, adding that …"). A bare verb ("said he would call Putin and ask him to")
    is part of what was said."""
    if token.dep_ not in {"conj", "advcl"} or any(c.dep_ in _SUBJECTS for c in token.children):
        return None
    if scope.quoted(token) or not reports(token, scope.scheme):
        return None
    node = token.head
    for _ in range(4):
        cue = node.head
        if node.dep_ == "ccomp" and cue.i < token.i and cue.pos_ == "VERB":
            same_tense = token.tag_ == cue.tag_ or token.tag_ == "VBG"
            if same_tense and reports(cue, scope.scheme):
                return cue
            return None
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _other_reports(head: Token, scope: Scope) -> set[int]:
    """Reports inside a complement that are attributions of their own, not part of it: the
    same speaker going on ("said he never used the term and added, “…”") or another source
    ("stressed the decision changes nothing, while the Arab League condemned the move"). The
    parser hangs them on the complement's verb."""
    out: set[int] = set()
    for t in head.subtree:
        # the cheap tests first: this runs over the whole complement of every cue
        if t.i <= head.i or t.dep_ not in {"relcl", "conj", "advcl"} or t.i in out:
            continue
        if scope.quoted(t):
            continue
        if t.dep_ == "relcl":
            if _reported_aside(t, scope):
                out.update(w.i for w in t.subtree)
            continue
        if not any(c.dep_ in {"ccomp", "xcomp", "dobj"} for c in t.children):
            continue
        subject = next((c for c in t.children if c.dep_ in _SUBJECTS), None)
        other = (
            subject is not None
            and t.tag_ in _FINITE
            and not scope.quoted(subject)
            and reports(t, scope.scheme)
            and (t.dep_ == "conj" or _contrast(t))
        )
        if other or _outer_cue(t, scope) is not None:
            out.update(w.i for w in t.subtree)
    return out


def _reported_aside(clause: Token, scope: Scope) -> bool:
    """ "claimed responsibility for downing the helicopter, which it said crashed in …": a
    relative clause set off by a comma in which someone reports is an attribution of its
    own, not part of the content it hangs in."""
    doc = clause.doc
    first = clause.left_edge
    return (
        first.i > 0
        and doc[first.i - 1].text == ","
        and reports(clause, scope.scheme)
        and any(c.dep_ in _SUBJECTS and c.tag_ not in {"WDT", "WP"} for c in clause.children)
    )


def _contrast(clause: Token) -> bool:
    """ "…, while the Arab League condemned …": a clause set against the report, not in it
    (a clause of time, "when he said", or of concession, "although he refused to", is)."""
    doc = clause.doc
    first = clause.left_edge
    return (
        first.lower_ in _CONTRASTS
        and first.i > 0
        and doc[first.i - 1].text == ","
        and any(c.i == first.i and c.dep_ == "mark" for c in clause.children)
    )


def _addressed(token: Token, subject: Token) -> bool:
    """ "Employees were told that …", "she was asked whether …": the passive subject of a
    verb with an addressee is who was addressed, neither source nor content."""
    return (
        token.lemma_ in _ADDRESSEE_VERBS
        and subject.dep_ == "nsubjpass"
        and subject.head.i == token.i
        and any(c.dep_ in {"ccomp", "xcomp"} for c in token.children)
    )


def _expletive(subject: Token) -> bool:
    """ "It was reported that …", "it seems that …", "there is": no one is speaking. An
    active verb of saying has a real "it" for subject, an organisation named before
    ("“…,” it added.", "the helicopter, which it said crashed …")."""
    head = subject.head
    if subject.lower_ not in {"it", "there"}:
        return False
    if head.pos_ == "AUX" or any(c.dep_ == "auxpass" for c in head.children):
        return True
    if not any(c.dep_ == "ccomp" for c in head.children):
        return False
    return subject.lower_ == "there" or cue_probability(head) < _SPEECH_PROBABILITY


def _possessive(subject: Token) -> bool:
    """ "Trump’s suggested meeting" parsed as a clause: a possessive is no subject."""
    return any(c.dep_ == "case" for c in subject.children) and subject.head.i < subject.i + 3


def _raises(token: Token, subject: Token) -> bool:
    """The subject is what the content is about, not who speaks: "Clinton seemed to …",
    "Clinton was booed", "the union is seen as liberal" (but "X was quoted as saying")."""
    if token.lemma_ in _RAISING:
        return True
    return subject.dep_ == "nsubjpass" and subject.head.i == token.i and token.lemma_ != "quote"


def _impersonal(token: Token) -> bool:
    """A passive without an agent ("it was reported that", "is expected to", "Asked whether
    …, she said") names no source."""
    if any(c.dep_ == "auxpass" for c in token.children):
        return True
    return (
        token.tag_ == "VBN"
        and token.dep_ in {"advcl", "acl"}
        and not any(c.dep_ in {"aux", "nsubj"} for c in token.children)
    )


def _content(
    token: Token, frame: set[int], scope: Scope, cue: Fragment, source: Fragment | None
) -> tuple[list[Fragment], str]:
    """The content's fragments, and the route that reached them."""
    children = list(token.children)
    by_dep = {c.dep_: c for c in reversed(children)}
    frame_start = min(cue[0], source[0]) if source else cue[0]
    frame_end = max(cue[1], source[1]) if source else cue[1]
    after = _quote_after(frame_end, token, scope)
    before = _quote_before(frame_start, scope)
    if before and "\n" in scope.text[before[-1][1] : frame_start]:
        # a quote paragraph, then "said Smith, a doctor." or "Smith said.": the quote above
        # is this speaker's only when this paragraph is nothing but the frame
        inverted = source is not None and cue[0] < source[0]
        rest = scope.text[frame_end : token.sent.end_char].strip()
        speech = cue_probability(token) >= _SPEECH_PROBABILITY
        if after or not speech or not (inverted or rest in {"", "."}):
            before = []
    quoted = before + after
    head = _first(by_dep, ("ccomp", "xcomp"))
    if head is None and token.lemma_ in _ADDRESSEE_VERBS:
        # "told The Hill in a statement that …": the object is the addressee
        head = _clause_on_occasion(children)
    head = (
        head
        or by_dep.get("dobj")
        or next((c for c in children if c.dep_ == "prep" and _content_prep(c)), None)
        or _clause_on_occasion(children)
    )
    if head is not None and after and head.dep_ != "ccomp" and head.right_edge.idx < after[0][0]:
        head = None  # "told CNN: “…”": the object is the addressee, the quote is the content
    tokens: list[Token] = []
    route = "quote" if quoted else ""
    if head is not None:
        quoted = []
        route = head.dep_
        # a complement after the cue never reaches back over the frame ("that he intends …")
        floor = min(frame) if head.i > token.i else -1
        aside = {t.i for c in head.children if _circumstance(c) for t in c.subtree}
        if head.dep_ == "prep" and any(c.dep_ == "pobj" for c in head.children):
            # "warned against the plan": what was warned of is the plan; an action stays
            # whole ("warned against cutting rates")
            aside.add(head.i)
            route = f"prep_{head.lower_}"  # the preposition, left out, still tells the model
        aside |= _other_reports(head, scope)
        tokens = [t for t in head.subtree if t.i not in frame | aside and t.i > floor]
        if _relative_object(token, head):
            # "a payout that Cooperman blasted as “morally wrong”": what was blasted is the
            # payout, not the relative pronoun standing for it
            tokens = _antecedent(token)
        tokens += _stranded_conjuncts(token, head, scope)
        if head.dep_ == "ccomp":
            tokens += _more_complements(token, head)
            tokens += _clause_before_closing_frame(token, head, frame, scope)
            tokens += _clauses_run_on(token, head, scope)
        if head.dep_ == "dobj":
            tokens += [t for c in _object_complements(token, head) for t in c.subtree]
        if head.dep_ == "ccomp" and _subject_taken_as_object(token, head, by_dep):
            tokens += [t for t in by_dep["dobj"].subtree if t.i not in frame]
        if head.dep_ == "xcomp" and "dobj" in by_dep and by_dep["dobj"].i < head.i:
            # "asked the congregation to stand": who is asked belongs to what is asked
            tokens += [t for t in by_dep["dobj"].subtree if t.i not in frame]
    elif not quoted and _parenthetical(token):
        # "The economy, he said, is strong": the cue hangs off the content's own verb
        inside = {t.i for t in token.subtree} - _resumed(token, frame) | frame
        tokens = [t for t in token.head.subtree if t.i not in inside]
        route = "parenthetical"
    elif not quoted and cue_probability(token) >= _PREDICATE_PROBABILITY:
        tokens = _predicate(token, frame)
        route = "predicate" if tokens else route
    spans = fragments(_without_according_to(tokens)) + quoted
    if not spans:
        return [], route
    return with_quotes(merge_fragments(spans, scope.text), scope), route


def _relative_object(token: Token, head: Token) -> bool:
    return token.dep_ == "relcl" and head.dep_ == "dobj" and head.tag_ in {"WDT", "WP"}


def _antecedent(token: Token) -> list[Token]:
    """The noun phrase a relative clause hangs on, less the clause."""
    inside = {t.i for t in token.subtree}
    return [t for t in token.head.subtree if t.i not in inside]


def _clauses_run_on(token: Token, head: Token, scope: Scope) -> list[Token]:
    """ "says she hopes to win, but she knows that …", "pointed out that one shooting may have
    several victims, so …": a full clause the parser hung on the cue after its complement
    goes on with what was said, unless it is a cue of its own ("…, and added that …")."""
    out: list[Token] = []
    for child in token.children:
        if (
            child.dep_ in {"conj", "advcl"}
            and child.i > head.right_edge.i
            and any(c.dep_ in _SUBJECTS for c in child.children)
            and not reports(child, scope.scheme)
        ):
            out += child.subtree
            out += [c for c in token.children if c.dep_ == "cc" and head.i < c.i < child.i]
    return out


def _clause_before_closing_frame(
    token: Token, head: Token, frame: set[int], scope: Scope
) -> list[Token]:
    """ "X was supposed to …, but Y whisked her away, another source said.": a frame closing
    the sentence reports all of the sentence before it, though the parser hangs only the
    last clause on the cue."""
    if head.i > token.i:
        return []
    sentence = token.sent
    last = scope.doc[max(frame)]
    if scope.text[last.idx + len(last) : sentence.end_char].strip(" .\n"):
        return []
    return [t for t in scope.doc[sentence.start : min(frame)] if not scope.quoted(t)]


def _predicate(token: Token, frame: set[int]) -> list[Token]:
    """What follows a cue with no complement the patterns know ("unleashed a flurry of
    tweets", "sparred over whether …"): the rest of its clause, less what is only time,
    manner or a second clause. The cue models must vouch for the word; the confidence model
    decides."""
    kept = [
        c
        for c in token.children
        if c.i > token.i and c.dep_ not in _NOT_PREDICATE and not _occasion_prep(c)
    ]
    return [t for c in kept for t in c.subtree if t.i not in frame]


def _without_according_to(tokens: list[Token]) -> list[Token]:
    """ "said that X, according to polls": the "according to" phrase is another
    attribution's frame, never part of this content."""
    phrase: set[int] = set()
    for t in tokens:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            phrase |= {t.i} | {w.i for w in t.doc[t.i + 1].subtree}
    return [t for t in tokens if t.i not in phrase]


def _parenthetical(token: Token) -> bool:
    """A cue set into the clause it reports: "The economy, he said, is strong", "Instead,
    she said, her boss …", "…, as Clyburn noted, …"."""
    if token.head.i == token.i:
        return False
    if token.dep_ == "parataxis":
        return True
    if token.dep_ == "ccomp":
        return token.i > token.head.i
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in token.children
    )


def _resumed(token: Token, frame: set[int]) -> set[int]:
    """What the parser hung on a parenthetical cue after the comma closing it ("The plan
    would be aided, Devine said, by the calendar"): the reported clause resuming."""
    end = max(frame)
    doc = token.doc
    out: set[int] = set()
    for child in token.children:
        if child.i <= end or child.dep_ == "punct":
            continue
        between = doc[end + 1 : child.left_edge.i]
        if any(t.text == "," for t in between):
            out.update(t.i for t in child.subtree)
    return out


def _more_complements(token: Token, head: Token) -> list[Token]:
    """ "X, but Y, the source added": the parser gives the cue two complements joined by
    "but"; both are the content, with the conjunction between them."""
    others = [c for c in token.children if c.dep_ == "ccomp" and c.i != head.i]
    if not others:
        return []
    last = max(c.right_edge.i for c in [head, *others])
    first = min(c.left_edge.i for c in [head, *others])
    joints = [c for c in token.children if c.dep_ == "cc" and first < c.i < last]
    return [t for c in others for t in c.subtree] + joints


def _object_complements(token: Token, obj: Token) -> list[Token]:
    """What the parser hung on the verb but belongs with its object: "dismissed Obama’s
    actions [to regulate gun sales]", "saw the death [as a sign of weakness]"."""
    return [
        c
        for c in token.children
        if c.i > obj.i
        and (
            c.dep_ in {"oprd", "xcomp"}
            or (c.dep_ == "prep" and not _occasion_prep(c))
            or (c.dep_ == "advcl" and c.doc[c.left_edge.i].lower_ == "to")
        )
    ]


def _clause_on_occasion(children: list[Token]) -> Token | None:
    """ "said in a statement that …": the parser hangs the "that" clause on the occasion."""
    for prep in children:
        if prep.dep_ == "prep" and _occasion_prep(prep):
            for obj in prep.children:
                for clause in obj.children:
                    if clause.dep_ in {"acl", "relcl", "ccomp"} and (
                        clause.doc[clause.left_edge.i].lower_ == "that"
                    ):
                        return clause
    return None


def _occasion_prep(prep: Token) -> bool:
    return any(c.dep_ == "pobj" and c.lemma_.lower() in OCCASIONS for c in prep.children)


def _stranded_conjuncts(token: Token, head: Token, scope: Scope) -> list[Token]:
    """ "… suggested Kyiv should temper expectations and instead consider a settlement": a bare
    verb cannot be coordinated with the finite cue, so the parser's conjunct belongs to the
    content clause (with its "and"); so does a conjunct opening with "that" ("said that X,
    and that Y"), and a subjectless one in another tense than the cue that reports nothing
    itself ("The AP reports that 28 people were quarantined, and displayed no symptoms"; "she
    said she did not want to judge it, and thinks it could succeed")."""
    out: list[Token] = []
    for conj in token.children:
        if conj.dep_ == "conj" and conj.i > head.i and conj.doc[conj.left_edge.i].lower_ == "that":
            out.extend(conj.subtree)
            continue
        if token.tag_ not in _FINITE:
            continue
        shifted = (
            conj.tag_ in _FINITE
            and (conj.tag_ == "VBD") != (token.tag_ == "VBD")
            and not reports(conj, scope.scheme)
        )
        if conj.dep_ == "conj" and (conj.tag_ == "VB" or shifted) and conj.i > head.i:
            if not any(c.dep_ in _SUBJECTS for c in conj.children):
                out.extend(conj.subtree)
                out.extend(c for c in token.children if c.dep_ == "cc" and head.i < c.i < conj.i)
    return out


def _subject_taken_as_object(token: Token, head: Token, by_dep: dict[str, Token]) -> bool:
    """ "hoped the meeting, requested by Sanders, would be …": the parser took the clause's
    subject for the cue's object; and "cited remarks Trump had made about …": the object
    and its relative clause without "that", which the parser took for a complement. A verb
    with an addressee ("told reporters he would") keeps it out."""
    obj = by_dep.get("dobj")
    return (
        obj is not None
        and token.i < obj.i < head.i
        and token.lemma_ not in _ADDRESSEE_VERBS
        and not any(c.dep_ == "mark" for c in head.children)
    )


def _circumstance(token: Token) -> bool:
    """A trailing ", following signals from …" / ", after talks with …" set off by a comma:
    the reporter's framing, not what was said."""
    doc = token.doc
    return (
        token.dep_ in {"prep", "advcl"}
        and token.i > token.head.i
        and token.left_edge.i > 0
        and doc[token.left_edge.i - 1].text == ","
        and doc[token.left_edge.i].lower_ in _CIRCUMSTANCES
    )


def _content_prep(prep: Token) -> bool:
    """ "warned against …", "spoke about …", but not "said on Wednesday"."""
    if prep.lower_ not in _CONTENT_PREPS:
        return False
    return not any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in prep.children)


def _first(by_dep: dict[str, Token], deps: tuple[str, ...]) -> Token | None:
    return next((by_dep[d] for d in deps if d in by_dep), None)


def _quote_before(offset: int, scope: Scope) -> list[Fragment]:
    """The quotation ending right before the frame ("“…,” Smith said", "“…” — Smith said", or
    a quote paragraph followed by a "said Smith." paragraph). The quote must stand as a
    sentence of its own, not be a title or phrase inside the frame's sentence."""
    text = scope.text
    quote = scope.quote_ending_before(offset, _FRAME_GAP)
    if quote is None:
        return []
    j = quote.start
    while j > 0 and text[j - 1] in " \t\u00a0":
        j -= 1
    if j > 0 and text[j - 1] not in _SENTENCE_END:
        return []
    return list(quote.pieces)


def _quote_after(offset: int, token: Token, scope: Scope) -> list[Fragment]:
    """The quotation right after the frame ("Smith said, “…”"), or after a colon closing the
    frame ("Smith said Thursday: “…”"), possibly opening the next paragraph."""
    text = scope.text
    starts = [offset]
    colon = text.find(":", offset, token.sent.end_char)
    if colon != -1:
        starts.append(colon + 1)
    for start in starts:
        i = start
        while i < len(text) and text[i] in _FRAME_GAP:
            i += 1
        quote = scope.quotes.at(i)
        if quote is None or quote.start != i:
            continue
        if "\n" in text[start:i] and ":" not in text[offset:i]:
            continue
        return list(quote.pieces)
    return []
