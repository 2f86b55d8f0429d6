"""Fixtures of the web tests: a store filled once per backend (SQLite and the test
PostgreSQL) with the hand-written articles and one article the pipeline analysed, the app over
it, the app served by uvicorn on a free loopback port, and a real Chromium to drive."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_articles import TOKEN, web_articles

from onrecord.corpus import Corpus
from onrecord.corpus.store import scratch_database
from onrecord.pipeline import analyze
from onrecord.web.app import create_app
from onrecord.web.limits import Limits

ROOT = Path(__file__).resolve().parents[2]
#: A real article, analysed by the pipeline, so the pages are tested on its real offsets.
SAMPLE = ROOT / "examples" / "001_healey_russia_threat.txt"
#: Where browser tests leave a screenshot of every page they visit (gitignored).
SCREENSHOTS = ROOT / "build" / "screenshots"
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
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
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
        yield context
        context.close()


@dataclass
class Tab:
    """A browser tab with every dialog it opened and every script error it raised."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        """Save what the tab shows as a test artifact (build/screenshots/NAME.png)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def tab(chromium: Any) -> Iterator[Tab]:
    """A fresh tab; a test checks its dialogs and errors to know nothing ran that should not."""
    opened = Tab(chromium.new_page())
    opened.page.on(
        "dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss())
    )
    opened.page.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    opened.page.close()
