"""Speaker resolution inside one article: who each attribution's source is.

`resolve` reads the mentions of people and bodies off the parse (`mentions`), links them into
entities (`coreference`), and turns the entities into `Speaker` records: one per real person or
body, with the fullest name, titles and affiliations gathered from every mention (captions
included), and every mention's span.

Which entities become speakers: every one that is the source of an attribution, and every
person the article names with confidence (a full name, a name with a title, or a name the
entity recogniser labels a person twice) even if they never speak, so a reader sees who else
the story is about. Places, bodies and groups that never speak are left out: "Ukraine" in a
story about Ukraine is a topic, not a speaker.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from onrecord import budget
from onrecord.records import Article, Span, Speaker
from onrecord.resolve import mentions, metonyms, titles
from onrecord.resolve.coreference import Chains, Entity
from onrecord.resolve.mentions import Mention, MentionKind
from onrecord.resolve.regions import Layout
from onrecord.resolve.titles import Qualifiers

__all__ = ["resolve"]

#: Prepositions that make a place a location rather than a government ("talks in Moscow").
_RECURRING: dict[str, MentionKind] = {
    "government": "place",
    "organization": "organization",
    "group": "group",
}
_LOCATIVE = {"in", "at", "from", "near", "into", "across", "outside", "inside", "around", "to"}

#: What a text can leave before a name: dashes, quotation marks, format characters.
_LEADING_MARKS = re.compile(r"^[^\w@#]+")


def resolve(doc: Doc, article: Article) -> Article:
    """Fill `article.speakers` and each attribution's `speaker_id`; `doc` parses `article.text`."""
    layout = Layout(doc, article)
    chains = Chains()
    found = mentions.find(doc, layout)
    budget.check()
    chains.link_full_names(found)
    found += mentions.surnames(doc, layout, chains.surnames(), found)
    budget.check()
    by_head = {m.head: m for m in found}
    sources: dict[str, Mention] = {}
    for attribution in article.attributions:
        mention = attribution.source and mentions.source(doc, attribution.source, layout, by_head)
        if mention:
            mention.source = True
            sources[attribution.id] = mention
    known = {id(m) for m in found}
    chains.link([*found, *(m for m in sources.values() if id(m) not in known)])
    _find_recurrences(chains, layout)
    budget.check()
    _spell_out_acronyms(chains, doc)
    _employ_by_the_story(chains.entities, doc)
    speakers = _speakers(chains.entities)
    article.speakers = [speaker for speaker, _ in speakers]
    ids = {id(entity): speaker.id for speaker, entity in speakers}
    for attribution in article.attributions:
        mention = sources.get(attribution.id)
        entity = chains.entity_of(mention) if mention else None
        attribution.speaker_id = ids.get(id(entity)) if entity else None
    return article


def _find_recurrences(chains: Chains, layout: Layout) -> None:
    """Mentions of speaking bodies the parse did not flag: every "NATO allies" once the
    group speaks, every "Washington" or "U.S." once the United States government does."""
    # which characters a mention already covers, so testing an occurrence costs its length
    taken = bytearray(len(layout.text))
    for span in (m.span for e in chains.entities for m in e.mentions):
        taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    for entity in chains.entities:
        if entity.type not in _RECURRING or not _speaks(entity):
            continue
        budget.check()
        forms = (
            [entity.name]
            if entity.type != "government"
            else list(metonyms.surface_forms(entity.name))
        )
        for span in mentions.occurrences(layout, forms, ignore_case=entity.type == "group"):
            if any(taken[span.start : span.end]):
                continue
            token = layout.doc.char_span(span.start, span.end, alignment_mode="expand")
            if token is None or (
                token.start > 0 and layout.doc[token.start - 1].lower_ in _LOCATIVE
            ):
                continue
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
            chains.attach(_recurrence(span, token.root.i, entity, layout), entity)


_ACRONYM = re.compile(r"[A-Z]{2,6}")
_FUNCTION_WORDS = {"of", "for", "and", "the", "on", "&", "in", "at", "to"}


def _spell_out_acronyms(chains: Chains, doc: Doc) -> None:
    """A body named by an acronym takes the full name the article spelt out before it: "the
    CDC" after "the Chinese Center for Disease Control and Prevention", "CBP" after "Customs
    and Border Protection". The initials of the full name must hold the acronym."""
    bodies = [e for e in chains.entities if e.type in {"organization", "government"}]
    acronyms = [e for e in bodies if _ACRONYM.fullmatch(e.name)]
    if not acronyms:
        return
    spelt = [
        (ent.start_char, re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE))
        for ent in doc.ents
        if ent.label_ == "ORG" and len(ent) > 2
    ]
    for entity in acronyms:
        first = entity.mentions[0].start
        full = [n for start, n in spelt if start < first and entity.name in _initials(n)]
        full += _defined(doc.text, entity.name)
        if not full:
            continue
        name = full[-1]
        same = next((e for e in bodies if e is not entity and e.name == name), None)
        if same is not None and same in chains.entities:
            chains.merge(same, entity)
        else:
            entity.name = name


def _defined(text: str, acronym: str) -> list[str]:
    """The name an acronym is defined by in parentheses: "Customs and Border Protection
    (CBP)"."""
    found = []
    for match in re.finditer(rf"\(\s*{acronym}\s*\)", text):
        words = text[max(0, match.start() - 120) : match.start()].split()
        name: list[str] = []
        while words and (words[-1][0].isupper() or words[-1].lower() in _FUNCTION_WORDS):
            name.insert(0, words.pop())
        while name and name[0].lower() in _FUNCTION_WORDS:
            name.pop(0)
        if name and _initials(" ".join(name)).endswith(acronym):
            found.append(" ".join(name))
    return found


def _initials(name: str) -> str:
    return "".join(
        w[0] for w in name.split() if w.lower() not in _FUNCTION_WORDS and w[0].isupper()
    )


def _recurrence(span: Span, head: int, entity: Entity, layout: Layout) -> Mention:
    return Mention(
        span=span,
        kind=_RECURRING[entity.type],
        head=head,
        name=entity.name,
        qualifiers=Qualifiers(),
        zone=layout.zone(span.start) or 0,
        sentence=layout.sentence(layout.doc[head]),
    )


def _speaks(entity: Entity) -> bool:
    return any(m.source for m in entity.mentions)


def _confident(entity: Entity) -> bool:
    """A person named surely enough to list without a quote: full name, title, or twice."""
    names = [m for m in entity.mentions if m.kind == "name"]
    return entity.type == "person" and (
        any(m.forename for m in names)
        or bool(entity.titles)
        or sum(m.label == "PERSON" for m in names) >= 2
    )


def _speakers(entities: list[Entity]) -> list[tuple[Speaker, Entity]]:
    """Speakers in order of first mention, ids "s1", "s2" …"""
    listed = sorted(
        (e for e in entities if e.mentions and (_speaks(e) or _confident(e))),
        key=lambda e: e.mentions[0].start,
    )
    return [
        (
            Speaker(
                id=f"s{n}",
                name=_name(entity),
                type=entity.type,
                titles=sorted(entity.titles, key=lambda t: -len(t.split())),
                affiliations=_affiliations(entity),
                mentions=list(dict.fromkeys(m.span for m in entity.mentions)),
            ),
            entity,
        )
        for n, entity in enumerate(listed, start=1)
    ]


def _employ_by_the_story(entities: list[Entity], doc: Doc) -> None:
    """A company officer the article names without a company ("chairman Marcelo Claure")
    works for the company the story is about: the organisation it names most, at least three
    times and more often than any other."""
    corporate = titles.lexicon()["corporate_heads"]
    officers = [
        e
        for e in entities
        if e.type == "person"
        and not e.affiliations
        and any(titles.normalize(t) in corporate for t in e.titles)
        and not any(_described(doc, m) for m in e.mentions if m.kind == "name")
    ]
    if not officers:
        return
    text = doc.text
    names = {
        re.sub(r"^the\s+|['’]s$", "", e.text, flags=re.I) for e in doc.ents if e.label_ == "ORG"
    }
    counts = Counter(
        {n: len(re.findall(rf"(?<!\w){re.escape(n)}(?!\w)", text)) for n in names}
    ).most_common(2)
    if not counts or counts[0][1] < 3 or (len(counts) > 1 and counts[1][1] == counts[0][1]):
        return
    for entity in officers:
        first = entity.mentions[0]
        first.qualifiers.affiliations.append(counts[0][0])


def _described(doc: Doc, mention: Mention) -> bool:
    """Whether the words after a name describe an employer we could not read ("Will Moy,
    chief executive of the London-based website Full Fact"): then no employer is guessed."""
    after = mention.head + 1
    if after < len(doc) and doc[after].text == ",":
        after += 1
    return any(t.lower_ in {"of", "at", "for", "with"} for t in titles.segment(doc, after))


def _affiliations(entity: Entity) -> list[str]:
    """What an entity belongs to, less what it is: a body is not affiliated with itself ("the
    EU", "the US"), nor is a country's government, military or administration with the
    country ("the US military", "the Afghan government")."""
    found = entity.affiliations
    if entity.type == "person":
        return found
    name = _squeezed(entity.name)
    itself = {name, _squeezed(metonyms.government(entity.name) or name)}
    state = any(name == n or name.endswith(f" {n}") for n in titles.lexicon()["state_nouns"])
    return [
        a
        for a in found
        if _squeezed(a) not in itself
        and _squeezed(metonyms.affiliation(a) or a) not in itself
        and not (state and metonyms.affiliation(a))
    ]


def _squeezed(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


def _name(entity: Entity) -> str:
    """The fullest form a person is named by ("John Healey", not "Healey"), without the
    dashes, quotation marks and invisible characters a text can leave before a name
    ("-President Obama" from a signed tweet)."""
    names = [m.name for m in entity.mentions if m.kind == "name"]
    if entity.type != "person" or not names:
        fullest = entity.name
    else:
        fullest = max(names, key=lambda n: len(n.split()))
    cleaned = _LEADING_MARKS.sub("", fullest)
    return cleaned if len(cleaned) > 1 else fullest
