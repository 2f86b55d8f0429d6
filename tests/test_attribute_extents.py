"""Where one report ends and the next begins: sentences written for the test
(`data/attribution_extents.json`), each with the attributions the news guidelines give them as
(source, cue, content parts, kind)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution_text import attributions, summary

CASES = json.loads(
    (Path(__file__).parent / "data" / "attribution_extents.json").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["spec"]) for c in CASES])
def test_each_report_gets_its_own_source_cue_and_content(case: dict) -> None:
    expected = [(s, c, parts, kind) for s, c, parts, kind in case["attributions"]]
    assert summary(attributions(case["text"])) == expected
