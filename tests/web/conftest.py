"""Fixtures of the web tests: a store filled once per backend (SQLite and the test
PostgreSQL) with the hand-written articles and one article the pipeline analysed, the app over
it, the app served by uvicorn on a free loopback port, and a real Chromium to drive."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from browser_tab import Tab
from web_articles import TOKEN, web_articles

from onrecord.corpus import Corpus
from onrecord.corpus.store import scratch_database
from onrecord.pipeline import analyze
from onrecord.web.app import create_app
from onrecord.web.settings import Limits

ROOT = Path(__file__).resolve().parents[2]
#: A real article, analysed by the pipeline, so the pages are tested on its real offsets.
SAMPLE = ROOT / "examples" / "001_healey_russia_threat.txt"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def articles() -> list[Any]:
    analysed = analyze(SAMPLE.read_text(encoding="utf-8"), origin=str(SAMPLE))
    analysed.site, analysed.published = "Example News", "2025-02-13"
    return [*web_articles(), analysed]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def web_corpus(
    request: pytest.FixtureRequest, articles: list[Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Corpus]:
    """The web tests' corpus, filled once per backend and only read afterwards."""
    if request.param == "sqlite":
        with Corpus(str(tmp_path_factory.mktemp("web") / "corpus.db")) as corpus:
            corpus.ingest(articles)
            yield corpus
        return
    server = os.environ.get("ONRECORD_TEST_PG_URL")
    if not server:
        pytest.skip("PostgreSQL tests need ONRECORD_TEST_PG_URL (`make test` starts a server)")
    with scratch_database(server, "web") as url, Corpus(url) as corpus:
        corpus.ingest(articles)
        yield corpus


@pytest.fixture
def client(web_corpus: Corpus) -> Iterator[TestClient]:
    """The app over the web corpus, read-only (no token), with fresh limits per test."""
    with TestClient(create_app(web_corpus, Limits())) as test_client:
        yield test_client


class LiveServer:
    """The app served by uvicorn in a thread, on a loopback port of its own."""

    def __init__(self, corpus: Corpus, limits: Limits) -> None:
        import uvicorn

        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        config = uvicorn.Config(create_app(corpus, limits), log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._socket.close()


@pytest.fixture(scope="session")
def live_server(web_corpus: Corpus) -> Iterator[str]:
    with LiveServer(web_corpus, Limits(token=TOKEN)) as server:
        yield server.url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads). In CI a
    missing browser fails the run; elsewhere the browser tests skip and say why."""
    why = None
    if not CHROMIUM.exists():
        why = f"browser tests need {CHROMIUM} (scripts/chromium.sh installs Debian's chromium)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            why = "browser tests need Playwright (pip install -e '.[dev]')"
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    with sync_playwright() as playwright:
        # Playwright gives the browser a new, empty profile (user-data directory) of its own
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def tab(chromium: Any) -> Iterator[Tab]:
    """A fresh tab in a context of its own. It records dialogs, script errors and what the
    Content-Security-Policy blocked, for a test to check that nothing ran or tried to."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = Tab(context.new_page())
    opened.page.on(
        "dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss())
    )
    opened.page.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.page.on(
        "console",
        lambda message: (
            opened.errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield opened
    context.close()
