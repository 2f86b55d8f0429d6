"""The news agency behind a story, wherever the page or text credits it: a wire credit line
("The Associated Press contributed to this report"), the byline ("By AMY SMITH, Associated
Press"), or the dateline opening the story ("WASHINGTON (AP) —", "LONDON (Reuters) -")."""

from __future__ import annotations

from collections.abc import Sequence

from onrecord.structure.credits import agency_in
from onrecord.structure.datelines import dateline_agency


def wire_agency(blocks: Sequence[tuple[str, str]]) -> str | None:
    """The agency named by the first (kind, text) block that names one, looking at wire
    credits first, then bylines, then datelines standing alone or opening a paragraph."""
    for kinds, find in (
        ({"wire_credit"}, agency_in),
        ({"byline"}, agency_in),
        ({"dateline", "paragraph"}, dateline_agency),
    ):
        for kind, text in blocks:
            if kind in kinds and (agency := find(text)):
                return agency
    return None
