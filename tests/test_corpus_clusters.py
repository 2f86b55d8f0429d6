"""Recognising one quote across outlets, whatever quote marks, trimming or ellipses they use."""

from onrecord.corpus.clusters import quote_text, same_quote, shingles

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


def test_only_the_quoted_words_of_a_mixed_attribution_are_a_quote():
    content = "he would “probably” meet with the Russian leader “as soon as it can be arranged”"
    assert quote_text("mixed", content) == "probably … as soon as it can be arranged"
    assert quote_text("indirect", content) is None
    assert quote_text("direct", HEALEY) == HEALEY
