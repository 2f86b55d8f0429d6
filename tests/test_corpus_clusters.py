"""Recognising one quote across outlets, whatever quote marks, trimming or ellipses they use,
and keeping a cluster to one quote and its variants."""

import pytest
from corpus_articles import article

from onrecord.corpus import Corpus
from onrecord.corpus.clusters import MIN_CONTAINMENT, quote_text, same_quote, shingles

HEALEY = "Let’s not forget, Russia remains a threat well beyond Ukraine,"
ZELENSKY = (
    "I had a long and detailed conversation with President Trump…We believe that America’s "
    "strength, together with Ukraine and all our partners, is enough to push Russia to peace."
)


def _same(a: str, b: str) -> bool:
    sa, sb = shingles(a), shingles(b)
    return same_quote(len(sa & sb), len(sa), len(sb))


def test_other_quote_marks_and_apostrophes_are_the_same_quote():
    assert _same(HEALEY, "Let's not forget, Russia remains a threat well beyond Ukraine")


def test_a_quote_with_its_end_trimmed_is_the_same_quote():
    full = (
        "There can be no negotiation about Ukraine without Ukraine. And Ukraine’s voice must "
        "be at the heart of any talks,"
    )
    assert _same(full, "There can be no negotiation about Ukraine without Ukraine,")


def test_a_quote_with_a_middle_cut_out_by_an_ellipsis_is_the_same_quote():
    shortened = (
        "I had a long and detailed conversation with President Trump ... is enough to "
        "push Russia to peace."
    )
    assert _same(ZELENSKY, shortened)


def test_different_quotes_sharing_a_few_words_are_not_the_same_quote():
    assert not _same(HEALEY, "Russia remains a threat to every country on NATO's eastern flank")


def test_phrases_too_short_to_track_have_no_shingles():
    assert shingles("probably") == set()
    assert shingles("a threat well beyond") == set()
    # seven words, but one run of four: any quote saying "a lot going on" would match it
    assert shingles("every single debate … a lot going on.") == set()


def test_only_the_quoted_words_of_a_mixed_attribution_are_a_quote():
    content = "he would “probably” meet with the Russian leader “as soon as it can be arranged”"
    assert quote_text("mixed", content) == "probably … as soon as it can be arranged"
    assert quote_text("indirect", content) is None
    assert quote_text("direct", HEALEY) == HEALEY


SLOGAN = "We are going to make America great again"
#: Versions of the slogan as outlets carry it: longer, trimmed, re-punctuated, cut by an ellipsis.
VARIANTS = [
    "We are going to make America great again, and I don't think that anybody can stop us",
    "We are going to make America great again, and at the end of the day it's going to be "
    "fantastic",
    "We are going to make America great",
    "We are going to make America great again!",
    "We are going to make America great again … it's going to be fantastic",
]
#: Another speaker's statement, made of common runs of words that the longer versions hold
#: ("I don't think that", "at the end of the day", "it's going to be") and none of the slogan.
UNRELATED = (
    "I don't think that anybody can stop us, at the end of the day it's going to be fantastic"
)


def _quoted(number: int, quote: str, name: str) -> object:
    return article(
        f"“{quote}” {name} said.",
        {"s": (name, "person", [], [])},
        [("direct", quote, "s")],
        site=f"outlet{number}",
        published=f"2016-05-{number + 1:02d}",
        origin=f"outlet{number}/story.txt",
    )


@pytest.fixture
def slogan_store(db_url: str) -> Corpus:
    quotes = [SLOGAN, *VARIANTS]
    articles = [_quoted(i, quote, "Donald Trump") for i, quote in enumerate(quotes)]
    articles.append(_quoted(len(quotes), UNRELATED, "Mike Pence"))
    with Corpus(db_url) as corpus:
        corpus.ingest(articles)
        yield corpus


def test_trimmed_repunctuated_and_partial_versions_of_a_quote_are_one_cluster(slogan_store):
    (cluster, *_) = slogan_store.quotes(top=5)
    assert cluster.text == SLOGAN
    assert cluster.outlets == [f"outlet{i}" for i in range(1 + len(VARIANTS))]


def test_a_cluster_does_not_absorb_a_quote_sharing_only_the_words_its_variants_added(
    slogan_store,
):
    held = set().union(*(shingles(quote) for quote in [SLOGAN, *VARIANTS]))
    unrelated = shingles(UNRELATED)
    # everything the versions of the slogan hold would take it in: the cluster must not
    assert len(unrelated & held) / len(unrelated) >= MIN_CONTAINMENT
    assert not unrelated & shingles(SLOGAN)
    (pence,) = slogan_store.search('"anybody can stop us"', speaker="Pence")
    (slogan, *_) = slogan_store.quotes(top=5)
    assert pence.cluster_id is not None and pence.cluster_id != slogan.id
    assert "Mike Pence" not in {appearance.speaker for appearance in slogan.appearances}
