"""Reading PolNeAR (brat standoff) into gold attributions, as EVALUATION.md defines them.

A split folder holds `text/NAME.txt` and `attributions/NAME_ANNOTATOR.ann`; when several
annotators did one article, the first `.ann` in sorted order is the gold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from onrecord.evaluate.corpora import data_root
from onrecord.evaluate.scoring import Fragments, Relation

#: Event triggers that make an `E` line an attribution; Discard/Discuss are not attributions.
ATTRIBUTION_TRIGGERS = frozenset({"Attribution", "Attribution-no-source"})

_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_EVENT = re.compile(r"^(E\d+)\t(.*)$")
_OTHER_ANNOTATION = re.compile(r"^[A-Z#]\d*\t")
#: Arguments may be numbered when a role has several spans ("Content2:T9").
_ROLE = re.compile(r"^(Source|Cue|Content)\d*$")


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One annotated article: its exact text and its gold attributions."""

    name: str
    text: str
    attributions: list[Relation]


def split_dir(split: str) -> Path:
    """The folder of a named PolNeAR split ("train" or "dev") under the data root."""
    return data_root() / "polnear" / split


def read_polnear(split: str | Path = "dev") -> Iterator[GoldArticle]:
    """Every annotated article of a split (a split name, or a split folder), in name order."""
    directory = Path(split) if isinstance(split, Path) else split_dir(split)
    if not (directory / "text").is_dir():
        raise FileNotFoundError(
            f"no PolNeAR split at {directory} (set $ONRECORD_DATA; docs/evaluation.md says how to get it)"
        )
    annotations: dict[str, Path] = {}
    for path in sorted((directory / "attributions").glob("*.ann")):
        annotations.setdefault(path.stem.rsplit("_", 1)[0], path)
    for text_path in sorted((directory / "text").glob("*.txt")):
        ann = annotations.get(text_path.stem)
        if ann is None:
            continue  # not annotated, so not gold
        # bytes, not read_text(): newline translation would shift every offset
        text = text_path.read_bytes().decode("utf-8")
        yield GoldArticle(
            text_path.stem, text, parse_ann(ann.read_bytes().decode("utf-8"), text, ann)
        )


def parse_ann(ann: str, text: str, origin: Path | str = "<ann>") -> list[Relation]:
    """The attributions of one `.ann`, each role's arguments unioned into one set of fragments.

    Raises ValueError when a span's offsets do not give back the text the file records for it
    (a wrong text file, or a decoding that shifted offsets)."""
    spans: dict[str, tuple[str, Fragments, str]] = {}
    events: list[str] = []
    last_span: str | None = None
    for line in ann.split("\n"):
        if m := _TEXT_BOUND.match(line):
            fragments = tuple(
                (int(a), int(b)) for a, b in (part.split() for part in m[3].split(";"))
            )
            spans[m[1]] = (m[2], fragments, m[4])
            last_span = m[1]
        elif m := _EVENT.match(line):
            events.append(m[2])
            last_span = None
        elif _OTHER_ANNOTATION.match(line):
            last_span = None
        elif last_span is not None:
            # brat writes a span's text verbatim, so a newline inside it continues on this line
            kind, fragments, recorded = spans[last_span]
            spans[last_span] = (kind, fragments, recorded + "\n" + line)
    for span_id, (_, fragments, recorded) in spans.items():
        found = " ".join(text[a:b] for a, b in fragments)
        if found.split() != recorded.split():
            raise ValueError(
                f"{origin}: {span_id} offsets give {found[:60]!r}, the file says {recorded[:60]!r}"
            )
    return [relation for event in events if (relation := _relation(event, spans)) is not None]


def _relation(event: str, spans: dict[str, tuple[str, Fragments, str]]) -> Relation | None:
    trigger, *arguments = event.split()
    if trigger.split(":", 1)[0] not in ATTRIBUTION_TRIGGERS:
        return None
    roles: dict[str, list[tuple[int, int]]] = {"Source": [], "Cue": [], "Content": []}
    for argument in arguments:
        role, span_id = argument.split(":", 1)
        if m := _ROLE.match(role):
            roles[m[1]].extend(spans[span_id][1])
    return Relation(
        content=tuple(roles["Content"]), cue=tuple(roles["Cue"]), source=tuple(roles["Source"])
    )
