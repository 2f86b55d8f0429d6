"""Reading PolNeAR brat standoff into gold attributions."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.evaluate.polnear import parse_ann, read_polnear, split_dir
from onrecord.evaluate.scoring import Relation

TEXT = "Smith said the plan\nwould fail, aides said. Jones was not sure."

ANN = "\n".join(
    [
        "T1\tSource 0 5\tSmith",
        "T2\tCue 6 10\tsaid",
        "T3\tContent 11 19;20 30\tthe plan",  # text runs over a line break …
        "would fail",  # … so brat continues it on the next line
        "T4\tAttribution 6 10\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        "T5\tCue 38 42\tsaid",
        "T6\tContent 11 19\tthe plan",
        "T7\tContent2 20 30\twould fail",
        "T8\tAttribution-no-source 38 42\tsaid",
        "E2\tAttribution-no-source:T8 Cue:T5 Content:T6 Content2:T7",
        "T9\tDiscuss 44 63\tJones was not sure.",
        "T10\tDiscard 44 49\tJones",
        "E3\tDiscard:T10",
        "#1\tAnnotatorNotes T3\tcheck this",
        "",
    ]
)


def test_attribution_events_become_relations_with_every_fragment_of_each_role() -> None:
    smith, aides = parse_ann(ANN, TEXT)
    assert smith == Relation(content=((11, 19), (20, 30)), cue=((6, 10),), source=((0, 5),))
    assert aides == Relation(content=((11, 19), (20, 30)), cue=((38, 42),), source=())


def test_discard_and_discuss_annotations_are_not_attributions() -> None:
    assert len(parse_ann(ANN, TEXT)) == 2


def test_offsets_that_do_not_give_back_the_recorded_text_are_refused() -> None:
    with pytest.raises(ValueError, match="T1"):
        parse_ann("T1\tSource 1 6\tSmith\n", TEXT)


def test_the_first_annotator_in_sorted_order_is_gold(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "art_one.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "art_one_bbbb.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "art_one_aaaa.ann").write_text(ANN.split("T5")[0], "utf-8")
    (article,) = read_polnear(tmp_path)
    assert article.name == "art_one" and len(article.attributions) == 1


DEV = split_dir("dev")
needs_dev = pytest.mark.skipif(not (DEV / "text").is_dir(), reason=f"PolNeAR dev not at {DEV}")


@needs_dev
def test_dev_split_has_84_articles_whose_gold_offsets_fit_their_text() -> None:
    articles = list(read_polnear("dev"))  # parse_ann checks every span's text
    assert len(articles) == 84
    assert sum(len(a.attributions) for a in articles) > 2000
    for article in articles:
        for relation in article.attributions:
            for role in ("content", "cue", "source"):
                assert all(0 <= a < b <= len(article.text) for a, b in relation.role(role))


@needs_dev
def test_dev_texts_are_read_verbatim() -> None:
    article = next(read_polnear("dev"))
    assert article.text == (DEV / "text" / f"{article.name}.txt").read_bytes().decode("utf-8")
