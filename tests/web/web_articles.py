"""Articles for the web tests, written by hand so every offset is known: reports with content,
cue and source spans, a caption kept apart as page furniture, one quote carried by two
outlets, an undated article, and a hostile article whose every field tries to run script."""

from __future__ import annotations

from onrecord.records import Article, Attribution, Block, Caption, Span, Speaker

#: (speaker name, source words, cue, content, kind) for each statement of an article.
Said = tuple[str, str, str, str, str]

#: The write token of the test servers that allow writes.
TOKEN = "test-token-3f9a"

QUOTE = "Russia remains a threat well beyond Ukraine"
#: What the hostile article tries to run; a page that runs any of it sets `window.__xss`.
HOSTILE_NAME = '<img src=x onerror="window.__xss=1">Mallory "the" O\'Hacker'
HOSTILE_TEXT = (
    '<script>window.__xss=2</script> The minister <b onmouseover="window.__xss=3">spoke</b>.\n\n'
    f'{HOSTILE_NAME} said "<img src=x onerror=window.__xss=4> \'"><script>window.__xss=5'
    '</script> is no threat at all to anyone here".'
)


def report(
    paragraphs: list[str],
    said: list[Said],
    *,
    caption: str | None = None,
    **metadata: str,
) -> Article:
    """An article of these paragraphs (and a caption after them); each statement's words are
    found in the text, the first time they appear after the previous statement's."""
    text = "\n\n".join(paragraphs + ([caption] if caption else []))
    blocks, at = [], 0
    for paragraph in paragraphs:
        blocks.append(Block("paragraph", at, at + len(paragraph)))
        at += len(paragraph) + 2
    captions = []
    if caption:
        blocks.append(Block("caption", at, at + len(caption)))
        captions.append(Caption(Span.of(text, at, at + len(caption))))
    speakers: dict[str, Speaker] = {}
    attributions = []
    cursor = 0
    for i, (name, source, cue, content, kind) in enumerate(said):
        spans = {}
        for role, words in (("source", source), ("cue", cue), ("content", content)):
            start = text.index(words, cursor)
            spans[role] = Span.of(text, start, start + len(words))
        cursor = min(span.start for span in spans.values())
        key = name.split()[-1].lower()
        title = source[: source.index(name)].strip() if name in source else ""
        speaker = speakers.setdefault(key, Speaker(key, name, "person", [title] if title else []))
        speaker.mentions.append(spans["source"])
        attributions.append(
            Attribution(
                f"a{i}",
                kind,  # type: ignore[arg-type]
                [spans["content"]],
                cue=spans["cue"],
                source=spans["source"],
                speaker_id=key,
                confidence=0.9,
            )
        )
    return Article(
        text=text,
        blocks=blocks,
        captions=captions,
        speakers=list(speakers.values()),
        attributions=attributions,
        **metadata,  # type: ignore[arg-type]
    )


def web_articles() -> list[Article]:
    healey = report(
        [
            f'"Let\'s not forget, {QUOTE}," Defence Secretary John Healey told reporters in '
            "Brussels.",
            "Pete Hegseth said Europe must take on more of the burden of its security.",
        ],
        [
            ("John Healey", "Defence Secretary John Healey", "told", QUOTE, "direct"),
            (
                "Pete Hegseth",
                "Pete Hegseth",
                "said",
                "Europe must take on more of the burden of its security",
                "indirect",
            ),
        ],
        caption="Defence ministers gather at NATO headquarters. Photo: Lena Hartmann/AP",
        headline="Healey tells allies Russia is a threat beyond Ukraine",
        site="Reuters",
        published="2025-02-13",
        authors=["Andrew Gray"],  # type: ignore[arg-type]
        url="https://example.com/reuters/healey",
    )
    copy = report(
        [f'British minister John Healey warned: "{QUOTE}."'],
        [("John Healey", "John Healey", "warned", QUOTE, "direct")],
        headline="UK warns of Russian threat",
        site="AP",
        published="2025-02-14",
        url="https://example.com/ap/healey",
    )
    undated = report(
        ["Pete Hegseth said the alliance would endure whatever happens in Kyiv."],
        [
            (
                "Pete Hegseth",
                "Pete Hegseth",
                "said",
                "the alliance would endure whatever happens in Kyiv",
                "indirect",
            )
        ],
        headline="Hegseth on the alliance",
        site="Blog",
        url="https://example.com/blog/hegseth",
    )
    hostile = report(
        HOSTILE_TEXT.split("\n\n"),
        [
            (
                HOSTILE_NAME,
                HOSTILE_NAME,
                "said",
                '"<img src=x onerror=window.__xss=4> \'"><script>window.__xss=5</script> is no '
                'threat at all to anyone here"',
                "direct",
            )
        ],
        headline='<script>window.__xss=6</script>"><img src=x onerror="window.__xss=7">',
        site='"><svg onload="window.__xss=8">',
        published="2025-02-15",
        authors=['<img src=x onerror="window.__xss=9">'],  # type: ignore[arg-type]
        url="javascript:window.__xss=10",
    )
    return [healey, copy, undated, hostile]
