"""Attribution: who said what, found in the paragraphs and headline of a parsed article.

Each pattern family lives in its own module and looks at one token at a time:
`indirect` (a cue verb with subject and complement, direct-quote frames included),
`according_to`, `nominal` (noun cues), `adjectival` ("is confident that"), `colon` ("Lynch: …",
transcripts) and `signed` ("“…” ― Sonya Herridge"); `cues` says which words may be cues (a
lexicon and a contextual model learned from PolNeAR train) and `quotes` where the quotation
marks are. The patterns propose
generously; `confidence` (a logistic model learned from PolNeAR train) keeps the findings it
believes, and `scheme` those the chosen notion of attribution counts. `merge` then joins continuation quotes to their speaker, keeps one attribution per
cue and numbers them in text order; `context` adds the medium or occasion where the text
names it.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from onrecord import budget
from onrecord.attribute.according_to import according_to, in_poll, per_source
from onrecord.attribute.adjectival import adjectival_cue
from onrecord.attribute.confidence import confidence, threshold
from onrecord.attribute.colon import colon_speaker
from onrecord.attribute.context import occasion
from onrecord.attribute.cues import reach_governor, reach_object
from onrecord.attribute.indirect import reported_speech
from onrecord.attribute.merge import join_continuations, to_attributions
from onrecord.attribute.nominal import nominal_cue
from onrecord.attribute.quotes import QuoteIndex, find_quotes
from onrecord.attribute.scheme import DEFAULT_SCHEME, Scheme, admits, framed_quotation
from onrecord.attribute.signed import signed_quote
from onrecord.attribute.spans import Found, Scope
from onrecord.records import Article, Attribution

PATTERNS = (
    according_to,
    per_source,
    in_poll,
    colon_speaker,
    signed_quote,
    reported_speech,
    nominal_cue,
    adjectival_cue,
)

#: Blocks whose sentences may attribute: the body and the headline. A headline's "Trump says
#: …" is often the most-read claim of the piece, and PolNeAR annotates it (searching it is
#: worth 0.6 points of whole-attribution F1 on dev); a caption's quote is the picture's, not
#: the article's, and a subheading ("What People Are Saying") only announces the body.
_SEARCHED = frozenset({"paragraph", "headline"})

#: Patterns exact by construction and too rare in PolNeAR train for the confidence model to
#: have learned them: a transcript's speaker labels, a quote signed "― Name", "…, per the
#: WHO". They keep the confidence the pattern gives.
_EXACT_ROUTES = frozenset({"transcript", "signed", "per"})

#: A "sentence" longer than this is no prose but a list, a table or text without full stops
#: (the longest sentence of PolNeAR and the news pages is a list of 60 names, 223 tokens; the
#: longest in prose about 100). What the parser makes of it says nothing about who said what,
#: and the patterns, which follow each cue's complement through the parse, would spend time
#: quadratic in its length on it; so it is not searched.
MAX_SENTENCE_TOKENS = 300

#: How sure we are that a finding is an attribution, from the parse, the finding and the text.
Judge = Callable[[Doc, Found, str], float]

__all__ = ["PATTERNS", "Judge", "Scheme", "attribute", "find", "scope_of"]


def attribute(
    doc: Doc, article: Article, judge: Judge = confidence, scheme: Scheme = DEFAULT_SCHEME
) -> list[Attribution]:
    """Every attribution in the article's searched blocks (body paragraphs and headline), in
    text order, `speaker_id` unset.

    `doc` must be parsed over `article.text` (token offsets are article offsets). `judge`
    scores each finding, the confidence model by default; the evaluation swaps in one that
    knows the gold to measure what the patterns could reach. `scheme` says what counts as an
    attribution (see `scheme`): what was communicated ("news", the default) or, as PolNeAR
    annotates, attitudes too ("polnear")."""
    scope = scope_of(doc, article, scheme)
    kept = []
    for finding in find(scope):
        if finding.route not in _EXACT_ROUTES:
            finding.confidence = judge(doc, finding, scope.text)
        accepted = finding.confidence >= threshold() or framed_quotation(finding, scope)
        if accepted and admits(finding, scope):
            kept.append(finding)
    join_continuations(kept, scope)
    for finding in kept:
        reach_object(finding, doc)
        reach_governor(finding, doc)
        finding.context = occasion(doc[finding.anchor], _source_root(doc, finding))
    return to_attributions(kept, scope)


def scope_of(doc: Doc, article: Article, scheme: Scheme = DEFAULT_SCHEME) -> Scope:
    paragraphs = [(b.start, b.end) for b in article.blocks if b.kind in _SEARCHED]
    # the article's text is the doc's: `doc.text` would rebuild it from every token
    text = article.text
    quotes = QuoteIndex(find_quotes(text, paragraphs))
    return Scope(doc, quotes, paragraphs, text=text, scheme=scheme)


def find(scope: Scope) -> list[Found]:
    """Every finding of every pattern, before the confidence model judges them; the first
    pattern that fires on a token wins it. Sentences over `MAX_SENTENCE_TOKENS` are passed by."""
    found: list[Found] = []
    unsearched = {
        i for s in scope.doc.sents if len(s) > MAX_SENTENCE_TOKENS for i in range(s.start, s.end)
    }
    for start, end in scope.paragraphs:
        budget.check()
        span = scope.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            if token.i in unsearched:
                continue
            for pattern in PATTERNS:
                finding = pattern(token, scope)
                if finding is not None:
                    finding.anchor = token.i
                    found.append(finding)
                    break
    return found


def _source_root(doc: Doc, finding: Found) -> Token | None:
    if finding.source is None:
        return None
    span = doc.char_span(*finding.source, alignment_mode="expand")
    return span.root if span is not None else None
