"""Page controls copied along with the article: reaction prompts, share and subscribe
buttons, "Read more" links, advertisement slots, pagination, and lists of related stories.

Each is a short line of a known shape; a long line is never a widget, whatever words it holds.
"""

from __future__ import annotations

import re

from onrecord.structure.shapes import ends_sentence, last_mark, reports_speech, words

_MAX_WIDGET_WORDS = 20
_WIDGET = re.compile(
    "|".join(
        (
            # reaction prompts and ratings
            r"^what(?:'|’)?s your (?:reaction|take|opinion|view)\b",
            r"^how (?:do|did|does) (?:this|it|that) (?:story |article )?make you feel\b",
            r"^how do you feel about (?:this|it)\b",
            r"^(?:was|is|did you find) this (?:article|story|page|post) (?:helpful|useful)\b",
            r"^rate this (?:article|story|post)\b",
            # share, follow, subscribe
            r"^(?:click to |tap to )?share(?: (?:this|the|full) (?:article|story|post|page|video))?"
            r"(?: (?:on|via|to|with) .{1,30})?$",
            r"^(?:subscribe|sign up|signup|register|join|follow|get|download|like us|never miss"
            r"|stay (?:up to date|informed|updated)|don(?:'|’)t miss)\b.{0,120}?"
            r"\b(?:newsletters?|updates|alerts|app|podcasts?|channel|whatsapp|telegram"
            r"|google news|inbox|feed|facebook|twitter|instagram|youtube|tiktok|coverage)\b",
            r"^(?:sign up|subscribe|register|download) (?:here|now|today|for free)\b",
            r"^(?:follow|join|like|find) us\b",
            r"^(?:subscribe|sign up|sign in|log in|login|register|follow|menu|search|home"
            r"|close|print|email|copy link|link copied|bookmark|save|gift (?:this )?article|listen"
            r"|read in app|supported by|reuse this content|ad feedback)$",
            r"^comment on this (?:story|article|post)\b",
            # links onward
            r"^(?:read|see) (?:more|next|also)\b(?:\s*[:»›>.…|-].*)?$",
            r"^read (?:the )?(?:full|rest|original|whole)\b",
            r"^(?:continue reading|keep reading|click (?:here|for|to)|tap here)\b",
            r"^(?:watch|listen|video)(?: (?:now|live|more|the (?:video|full \w+)))?\s*(?:[:|]|$)",
            # advertising and layout notices
            r"^(?:advertisement|advertising|ad|sponsored|paid (?:content|post|partner)"
            r"|partner content|promoted(?: content| stories)?)\b(?:\s*[-–—|:]\s*.{0,60})?$",
            r"^(?:story|article|content) continues below\b",
            r"^continue reading (?:below|the main story)\b",
            r"^scroll (?:down|to continue)\b",
            r"^skip (?:advertisement|ad|to (?:main )?content)\b",
            r"^our standards\b",
            r"^about the authors?$",
            # reading aids, tags, comments, pagination
            r"^\d+\s*(?:min(?:ute)?s?)\.?\s*(?:read|listen)$",
            r"^listen to (?:this )?(?:article|story)\b",
            r"^(?:tags?|topics?|filed under|categories|category|keywords)\s*:",
            r"^(?:\d+\s+)?comments?(?:\s*\(\d+\))?$",
            r"^(?:leave|post|add|view|show|read|see) (?:a |the |all )?(?:\d+ )?(?:comments?"
            r"|reply|replies)\b",
            r"^(?:page\s+|image\s+|photo\s+|picture\s+|slide\s+)?\d+\s*(?:of|/)\s*\d+$",
            r"^(?:next|previous|prev|older|newer)"
            r"(?: (?:page|post|article|story|slide))?\s*[»›>]?$",
            r"^(?:load|show|view|see) (?:more|all)(?: \w+)?$",
            r"^(?:open|view|see) (?:image )?(?:in )?gallery$",
        )
    ),
    re.I,
)
#: Buttons a share or reaction bar lines up: a line made only of these is a widget.
_BUTTON_WORDS = frozenset(
    "facebook twitter x whatsapp email e-mail print linkedin pinterest reddit telegram"
    " messenger copy link share tweet flipboard threads bluesky mastodon comments comment save"
    " like love haha wow sad angry happy funny excited surprised inspired lol omg"
    " upvote downvote".split()
)

_RELATED_HEADER = re.compile(
    r"^(?:related(?: (?:posts?|articles?|stories|story|content|coverage|news|reading|topics"
    r"|links|videos?))?|more (?:from|on|about|in|stories|news|headlines)\b.{0,40}"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|recommended(?: \w+){0,2}"
    r"|most (?:read|popular|viewed|shared|watched)|trending(?: \w+){0,2}"
    r"|editor(?:'|’)?s? picks?|also (?:read|see|on \S+)|see also|further reading"
    r"|top stories|latest (?:news|stories|headlines)|in other news|more stories"
    r"|what to read next|up next|popular (?:now|stories)|explore more on these topics)"
    r"\s*[:.»›>]?$",
    re.I,
)
_RELATED_ITEM = re.compile(r"^(?:related|see also|also read|more)\s*:\s*\S", re.I)


def is_widget(line: str) -> bool:
    """A page control rather than writing: short and of a known shape, or no words at all."""
    if not any(c.isalnum() for c in line):
        return True
    n = len(words(line))
    if line.lower().startswith(("tags:", "topics:", "filed under")) and not ends_sentence(line):
        return n <= 60
    if n > _MAX_WIDGET_WORDS or reports_speech(line):
        return False
    tokens = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", line.lower())
    if tokens and all(t in _BUTTON_WORDS for t in tokens) and n <= 12:
        return True
    return bool(_WIDGET.search(line.strip("*_#[]| ")))


def is_related_header(line: str) -> bool:
    """A heading that opens a list of links to other stories ("Related Posts", "More from …")."""
    return len(words(line)) <= 8 and bool(_RELATED_HEADER.match(line.strip("*_#[]| ")))


def is_related_item(line: str) -> bool:
    """A single link to another story, flagged inline: "Related: …", "See also: …"."""
    return len(words(line)) <= 30 and bool(_RELATED_ITEM.match(line.strip("*_#[]| ")))


def is_link_title(line: str) -> bool:
    """A headline listed as a link: a line of a few words that does not end like prose."""
    return 0 < len(words(line)) <= 25 and not ends_sentence(line) and last_mark(line) != ","
