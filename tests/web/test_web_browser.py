"""The pages in a real Chromium (Debian's, driven by Playwright) over a real store on SQLite
and PostgreSQL: a journalist's path from a search to an article whose highlights sit exactly
where the stored offsets say, to the speaker's page and a CSV of their statements; the index,
quote and analyze pages; pages that read without JavaScript; and hostile article text,
headlines, speaker names and URLs that must never run. Every page visited leaves a screenshot
in build/screenshots."""

from __future__ import annotations

import csv
from typing import Any

import httpx
from browser_tab import Tab
from web_articles import HOSTILE_TEXT

#: Every highlighted piece of the article: its offsets, text and the roles it plays.
MARKS = """() => [...document.querySelectorAll('.text mark.hl')].map(m => ({
    start: Number(m.dataset.start), end: Number(m.dataset.end), text: m.textContent,
    roles: m.dataset.roles.trim().split(' ')}))"""


def _record(live_server: str, article_id: str) -> dict[str, Any]:
    return httpx.get(f"{live_server}/api/v1/articles/{article_id}").json()


def _check_highlights_match_offsets(tab: Tab, record: dict[str, Any]) -> int:
    """Every highlighted piece shows the text its offsets give, and every content, cue and
    source span is highlighted exactly, piece after piece from its start to its end. Returns
    the number of spans checked."""
    text = record["text"]
    marks = tab.page.evaluate(MARKS)
    assert marks and all(text[m["start"] : m["end"]] == m["text"] for m in marks)
    checked = 0
    for attribution in record["attributions"]:
        for role in ("content", "cue", "source"):
            spans = attribution[role] if role == "content" else [attribution[role]]
            for span in filter(None, spans):
                tag = f"{role}:{attribution['id']}"
                pieces = sorted(
                    (
                        m
                        for m in marks
                        if tag in m["roles"] and span["start"] <= m["start"] < span["end"]
                    ),
                    key=lambda m: m["start"],
                )
                assert pieces, f"{tag} is not highlighted"
                assert pieces[0]["start"] == span["start"] and pieces[-1]["end"] == span["end"]
                assert all(a["end"] == b["start"] for a, b in zip(pieces, pieces[1:], strict=False))
                assert "".join(p["text"] for p in pieces) == span["text"]
                checked += 1
    return checked


def test_search_open_the_article_see_the_highlights_go_to_the_speaker_and_download_csv(
    live_server: str, tab: Tab, web_corpus: Any
) -> None:
    page = tab.page
    page.goto(live_server + "/")
    page.fill("input[name=q]", "threat")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=threat")
    count = page.text_content("#result-count") or ""
    assert count.startswith(f"{web_corpus.count('threat')} statements")
    assert (page.locator("mark.q").first.text_content() or "").lower() == "threat"
    tab.screenshot(f"search-{_backend(web_corpus)}")

    hit = page.locator("li.hit", has_text="Example News").first
    speaker_name = hit.locator(".speaker").text_content()
    hit.locator("a.open").click()
    page.wait_for_load_state()
    anchor = page.url.split("#")[1]
    assert page.locator(f"#{anchor}").count() == 1  # the link lands on the statement
    article_id = page.url.split("/articles/")[1].split("#")[0]
    assert _check_highlights_match_offsets(tab, _record(live_server, article_id)) >= 10
    furniture = page.locator(".furniture").text_content() or ""
    assert "Lena Hartmann/AP Photo" in furniture  # the photo credit is not body text
    assert "Lena Hartmann" not in (page.locator(".text > p.block").all_text_contents()[-1])
    tab.screenshot(f"article-{_backend(web_corpus)}")

    page.locator(f"#{anchor} + mark.hl").focus()
    popover = page.locator(".popover")
    assert popover.is_visible() and speaker_name in (popover.text_content() or "")

    page.locator("aside.speakers .card h3 a", has_text=speaker_name).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").text_content() == speaker_name
    bars = page.locator("figure.chart rect").count()
    assert bars >= 1
    tab.screenshot(f"speaker-{_backend(web_corpus)}")

    with page.expect_download() as download:
        page.click("text=CSV")
    with open(download.value.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    statements = int(page.locator(".profile .meta").text_content().split("·")[1].split()[0])
    assert len(rows) == statements and {row["speaker"] for row in rows} == {speaker_name}
    assert not tab.errors and not tab.dialogs


def test_the_index_quote_and_analyze_pages(live_server: str, tab: Tab, web_corpus: Any) -> None:
    page = tab.page
    page.goto(live_server + "/speakers?name=Hegseth")
    assert page.locator("table.list tbody tr").count() == 1
    tab.screenshot(f"speakers-{_backend(web_corpus)}")
    page.goto(live_server + "/quotes")
    page.locator("ol.hits a").first.click()
    page.wait_for_load_state()
    assert page.locator("ol.timeline li.origin").text_content().strip().startswith("2025-02-13")
    assert page.locator("ul.variants li").count() >= 2
    tab.screenshot(f"quote-{_backend(web_corpus)}")

    page.goto(live_server + "/analyze")
    page.fill("textarea[name=text]", "Healey said Britain would keep up its support for Kyiv.")
    page.click("form.analyze button")
    page.wait_for_load_state()
    assert "Analysed, not stored" in (page.locator(".notice").text_content() or "")
    assert page.locator(".text mark.hl.content").count() >= 1
    tab.screenshot(f"analyze-{_backend(web_corpus)}")
    page.goto(live_server + "/docs")
    page.get_by_text("/api/v1/search", exact=True).first.wait_for()
    tab.screenshot(f"docs-{_backend(web_corpus)}")
    assert not tab.errors and not tab.dialogs


def test_pages_read_without_javascript(live_server: str, chromium: Any) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/?q=burden")
    page.click("a.open")
    page.wait_for_load_state()
    assert page.locator(".text mark.hl.content").count() >= 1
    assert page.locator("aside.speakers .card").count() >= 1  # the cards stand in the margin
    context.close()


def test_hostile_text_headlines_names_and_urls_never_run(
    live_server: str, tab: Tab, web_corpus: Any
) -> None:
    page = tab.page

    def nothing_ran() -> None:
        """Hover over and click into everything the hostile article put on the page, then
        check that none of its script ran."""
        for element in page.locator("main mark.hl, main h1, main .byline, main td").all()[:40]:
            element.hover()
        for mark in page.locator(".text mark.hl").all()[:5]:
            mark.click()
        assert page.evaluate("typeof window.__xss") == "undefined", page.url
        assert (
            page.locator("a[href^='javascript'], [onerror], [onload], script:not([src])").count()
            == 0
        )

    page.goto(live_server + "/?q=anyone")
    nothing_ran()
    page.click("a.open")
    page.wait_for_load_state()
    nothing_ran()
    assert "<script>window.__xss=6</script>" in (page.locator("h1").text_content() or "")
    assert "<script>window.__xss=2</script>" in (page.locator("div.text").text_content() or "")
    assert "javascript:window.__xss=10" in (page.locator(".source-url").text_content() or "")
    tab.screenshot(f"hostile-article-{_backend(web_corpus)}")
    page.locator("aside.speakers .card h3 a").first.click()
    page.wait_for_load_state()
    assert "Mallory" in (page.locator("h1").text_content() or "")
    nothing_ran()
    for path in (
        "/speakers?name=Mallory",
        "/?outlet=%22%3E%3Csvg+onload%3D%22window.__xss%3D8%22%3E",
    ):
        page.goto(live_server + path)
        nothing_ran()
    page.goto(live_server + "/analyze")
    page.fill("textarea[name=text]", HOSTILE_TEXT)
    page.click("form.analyze button")
    page.wait_for_load_state()
    # pasted HTML is read as a page: its tags are markup, not text, and none of it runs
    assert "The minister spoke" in (page.locator("div.text").text_content() or "")
    nothing_ran()
    page.goto(live_server + "/analyze")
    page.fill("input[name=url]", "javascript:window.__xss=11")
    page.click("form.analyze button")
    page.wait_for_load_state()
    assert "http" in (page.locator(".error").text_content() or "")  # refused, with the reason
    nothing_ran()
    assert not tab.dialogs
    assert not tab.errors  # nothing was even tried and blocked by the policy


def _backend(corpus: Any) -> str:
    return str(corpus.engine.dialect.name)
