"""Analysed articles written by hand, for corpus tests that test the store apart from the
analysis stages."""

from __future__ import annotations

from onrecord.records import Article, Attribution, Span, Speaker


def article(
    body: str,
    speakers: dict[str, tuple[str, str, list[str], list[str]]],
    statements: list[tuple[str, str, str] | tuple[str, str, str, float]],
    **metadata: str,
) -> Article:
    """An analysed article: `speakers` maps an id to (name, type, titles, affiliations), each
    mentioned where its last name word first appears; `statements` are (kind, content,
    speaker id[, confidence]), the content found in the body."""
    records = []
    for key, (name, kind, titles, affiliations) in speakers.items():
        start = body.index(name.split()[-1])
        mention = Span.of(body, start, start + len(name.split()[-1]))
        records.append(Speaker(key, name, kind, titles, affiliations, [mention]))  # type: ignore[arg-type]
    attributions = []
    for i, (kind, content, speaker, *confidence) in enumerate(statements):
        start = body.index(content)
        attributions.append(
            Attribution(
                f"a{i}",
                kind,
                [Span.of(body, start, start + len(content))],  # type: ignore[arg-type]
                speaker_id=speaker,
                confidence=confidence[0] if confidence else 1.0,
            )
        )
    return Article(text=body, speakers=records, attributions=attributions, **metadata)
