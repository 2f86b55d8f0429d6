"""How an article is laid out for the page: cut into pieces at every span boundary so each
highlight comes straight from the offsets, the headline and the page furniture apart from the
story; the words a search matched marked in a hit; a speaker's weeks as bars."""

from __future__ import annotations

from datetime import date

from web_articles import report

from onrecord.corpus.browse import Week
from onrecord.records import Article, Attribution, Block, Span
from onrecord.web.chart import weekly_chart
from onrecord.web.highlight import layout, query_marks


def _healey() -> Article:
    return report(
        ["Defence Secretary John Healey said Russia remains a threat, and Lammy agreed."],
        [
            (
                "John Healey",
                "Defence Secretary John Healey",
                "said",
                "Russia remains a threat",
                "indirect",
            ),
        ],
        caption="Photo: Lena Hartmann/AP",
    )


def test_pieces_rebuild_each_block_and_carry_the_roles_of_the_spans_over_them() -> None:
    article = _healey()
    laid = layout(article)
    (paragraph,) = laid.body
    assert (
        "".join(p.text for p in paragraph.pieces) == article.text[paragraph.start : paragraph.end]
    )
    assert all(article.text[p.start : p.end] == p.text for p in paragraph.pieces)
    roles = [(p.text, p.roles) for p in paragraph.pieces if p.marks]
    assert roles == [
        ("Defence Secretary John Healey", ["source"]),
        ("said", ["cue"]),
        ("Russia remains a threat", ["content"]),
    ]
    (content,) = [p for p in paragraph.pieces if p.roles == ["content"]]
    assert content.anchors == ("a0",) and content.speaker == "healey" and content.colour == "sp-0"


def test_overlapping_spans_cut_the_text_where_either_begins_or_ends() -> None:
    text = "He said the minister said no."
    outer = Attribution("a0", "indirect", [Span.of(text, 8, 28)], cue=Span.of(text, 3, 7))
    inner = Attribution("a1", "indirect", [Span.of(text, 26, 28)], source=Span.of(text, 8, 20))
    (paragraph,) = layout(Article(text=text, attributions=[outer, inner])).body
    pieces = [(p.text, p.roles, p.attributions) for p in paragraph.pieces if p.marks]
    assert pieces == [
        ("said", ["cue"], ["a0"]),
        ("the minister", ["content", "source"], ["a0", "a1"]),
        (" said ", ["content"], ["a0"]),
        ("no", ["content"], ["a0", "a1"]),
    ]


def test_captions_and_credits_are_page_furniture_and_the_headline_is_the_title() -> None:
    article = _healey()
    headline = "Healey warns\n\n"
    article = Article(
        text=headline + article.text,
        blocks=[Block("headline", 0, 12)]
        + [Block(b.kind, b.start + len(headline), b.end + len(headline)) for b in article.blocks],
    )
    laid = layout(article)
    assert laid.headline is not None and laid.headline.pieces[0].text == "Healey warns"
    assert [p.kind for p in laid.body] == ["paragraph"]
    assert [p.pieces[0].text for p in laid.furniture] == ["Photo: Lena Hartmann/AP"]


def test_an_article_without_blocks_is_one_paragraph() -> None:
    (paragraph,) = layout(Article(text="Just text.")).body
    assert [p.text for p in paragraph.pieces] == ["Just text."]


def test_a_hit_marks_the_words_search_matched_in_any_form() -> None:
    marked = query_marks("He warned that NATO, the alliance, would hold.", 'warn "nato" -hold')
    assert [text for text, hit in marked if hit] == ["warned", "NATO"]
    assert "".join(text for text, _ in marked) == "He warned that NATO, the alliance, would hold."
    assert query_marks("Nothing here.", '"') == [("Nothing here.", False)]


def test_weeks_become_bars_scaled_to_the_busiest_one_in_their_place() -> None:
    chart = weekly_chart(
        [Week(date(2025, 2, 3), 1), Week(date(2025, 2, 10), 0), Week(date(2025, 2, 17), 4)]
    )
    assert chart is not None and chart.peak == 4
    # the empty week draws no bar but keeps its place
    assert [(bar.x, bar.height) for bar in chart.bars] == [(0.0, 30.0), (480.0, 120.0)]
    assert chart.bars[1].label == "week of 2025-02-17: 4 statements"
    assert (chart.first, chart.last) == ("2025-02-03", "2025-02-17")
    assert weekly_chart([]) is None
