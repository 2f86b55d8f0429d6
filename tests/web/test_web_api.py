"""The JSON API over a real store, SQLite and PostgreSQL: pages with totals, the full article
record with its offsets, speakers, quotes and downloads; errors as one-line problem documents
and never a stack trace; writes only with the token; analysis capped in size, time and rate,
its URLs fetched through the address guard."""

from __future__ import annotations

import asyncio
import csv
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from loopback import LoopbackSite, Route
from web_articles import QUOTE, TOKEN

from onrecord.corpus import Corpus
from onrecord.web import api, pages
from onrecord.web.app import create_app
from onrecord.web.bench import served
from onrecord.web.limits import RateLimit, Refused
from onrecord.web.settings import Limits

STORY = (
    "Healey Warns Allies\n\n"
    '"Let\'s not forget, Russia remains a threat well beyond Ukraine," U.K. Defence '
    "Secretary John Healey told reporters at NATO headquarters in Brussels on Thursday.\n"
)


def _problem(response: Any, status: int) -> str:
    """The one-line reason of a problem document with this status."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and "\n" not in body["detail"]
    assert "Traceback" not in response.text and ".py" not in response.text
    return str(body["detail"])


def test_search_gives_a_page_of_statements_with_totals_facets_and_what_each_hit_shows(
    client: TestClient,
) -> None:
    found = client.get("/api/v1/search", params={"q": "threat", "limit": 2}).json()
    assert found["total"] >= 3 and found["offset"] == 0 and found["limit"] == 2
    assert found["next_offset"] == 2 and len(found["items"]) == 2
    reuters = client.get("/api/v1/search", params={"q": "threat", "outlet": "Reuters"}).json()
    hit = reuters["items"][0]
    assert hit["speaker"] == "John Healey" and hit["titles"] == ["Defence Secretary"]
    assert hit["outlet"] == "Reuters" and hit["date"] == "2025-02-13"
    assert {"speakers", "outlets", "kinds"} <= set(found["facets"])
    undated = client.get("/api/v1/search", params={"q": "endure"}).json()["items"][0]
    assert undated["date"] is None  # never the day it was stored


def test_paging_through_a_search_gives_every_statement_once(client: TestClient) -> None:
    total = client.get("/api/v1/search").json()["total"]
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/v1/search", params={"offset": offset, "limit": 3}).json()
        assert page["total"] == total
        seen += [item["id"] for item in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == total


def test_filters_narrow_a_search_as_the_cli_does(client: TestClient) -> None:
    def total(**params: str) -> int:
        return int(client.get("/api/v1/search", params=params).json()["total"])

    assert total(speaker="Hegseth") == 3
    assert total(speaker="Hegseth", outlet="Blog") == 1
    assert total(speaker="Hegseth", since="2025-01-01") == 2  # the undated one is outside
    kinds = ("direct", "mixed", "indirect")
    assert sum(total(q="threat", kind=kind) for kind in kinds) == total(q="threat") > 0
    assert total(min_confidence="0.95", outlet="Reuters") == 0


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"q": '"'}, "no word"),
        ({"since": "13/02/2025"}, "since must be a date as YYYY-MM-DD"),
        ({"kind": "rumour"}, "kind must be one of direct, mixed, indirect"),
        ({"min_confidence": "2"}, "min_confidence must be a number from 0 to 1"),
        ({"limit": "1000"}, "limit"),
        ({"offset": "-1"}, "offset"),
    ],
)
def test_a_bad_search_is_a_problem_document_with_a_one_line_reason(
    client: TestClient, params: dict[str, str], reason: str
) -> None:
    response = client.get("/api/v1/search", params=params)
    assert reason in _problem(
        response, 400 if "limit" not in params and "offset" not in params else 422
    )


def test_unknown_things_are_404_problems(client: TestClient) -> None:
    assert "no article" in _problem(client.get("/api/v1/articles/0123456789abcdef"), 404)
    assert "no speaker" in _problem(client.get("/api/v1/speakers/999999"), 404)
    assert "no speaker" in _problem(client.get(f"/api/v1/speakers/{2**40}"), 404)
    assert "no quote" in _problem(client.get(f"/api/v1/quotes/{2**40}"), 404)
    assert "nothing is at" in _problem(client.get("/api/v1/nothing"), 404)


def test_a_failure_inside_the_server_reaches_the_client_as_one_line_without_its_details(
    web_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("connection to /srv/secret/db.sqlite lost")

    app = create_app(web_corpus)
    monkeypatch.setattr(app.state.server.corpus, "facets", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        reason = _problem(client.get("/api/v1/search"), 500)
        page = client.get("/")
    assert "secret" not in reason and "logged" in reason
    assert page.status_code == 500 and "secret" not in page.text and "Traceback" not in page.text


def test_an_article_is_the_full_record_whose_offsets_give_every_span(client: TestClient) -> None:
    hit = client.get("/api/v1/search", params={"q": "burden"}).json()["items"][0]
    record = client.get(f"/api/v1/articles/{hit['article_id']}").json()
    text = record["text"]
    spans = [
        span
        for attribution in record["attributions"]
        for span in [*attribution["content"], attribution["cue"], attribution["source"]]
        if span
    ]
    assert spans and all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    assert record["published_date"] == "2025-02-13"
    assert hit["id"] in record["corpus"]["statements"].values()
    assert record["corpus"]["speakers"]["hegseth"] == hit["speaker_id"]
    assert [b["kind"] for b in record["blocks"]][-1] == "caption"


def test_speakers_come_most_quoted_first_with_a_total_and_each_with_a_profile(
    client: TestClient,
) -> None:
    listed = client.get("/api/v1/speakers", params={"limit": 2}).json()
    assert listed["total"] == client.get("/api/v1/speakers").json()["total"] >= 3
    first = listed["items"][0]
    assert first["statements"] >= listed["items"][1]["statements"]
    hegseth = client.get("/api/v1/speakers", params={"name": "Hegseth"}).json()["items"][0]
    profile = client.get(f"/api/v1/speakers/{hegseth['id']}").json()
    assert profile["name"] == "Pete Hegseth" and profile["undated"] == 1
    assert profile["weeks"] == [{"start": "2025-02-10", "statements": 2}]
    statements = profile["statements"]
    assert statements["total"] == 3
    assert [s["date"] for s in statements["items"]] == ["2025-02-13", "2025-02-13", None]


def test_a_quote_gives_its_origin_spread_and_wordings(client: TestClient) -> None:
    quotes = client.get("/api/v1/quotes", params={"containing": "threat beyond"}).json()
    assert quotes["total"] == 1
    quote = client.get(f"/api/v1/quotes/{quotes['items'][0]['id']}").json()
    assert quote["appearances"][0]["outlet"] == "Reuters"
    assert quote["outlets"][0] == "Reuters" and "AP" in quote["outlets"]
    assert quote["variants"][0] == {"text": QUOTE, "articles": 2}


def test_a_search_downloads_whole_as_csv_and_jsonl(client: TestClient) -> None:
    total = client.get("/api/v1/search", params={"q": "threat"}).json()["total"]
    response = client.get("/api/v1/search.csv", params={"q": "threat"})
    assert response.headers["content-disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == total and {"content", "speaker", "outlet", "date"} <= set(rows[0])
    lines = client.get("/api/v1/search.jsonl", params={"q": "threat"}).text.splitlines()
    assert len(lines) == total and json.loads(lines[0])["content"]
    empty = client.get("/api/v1/search.csv", params={"q": "zzzzqqq"}).text
    assert empty.splitlines()[0].startswith("id,kind,content")


def test_writes_are_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/v1/articles", json={"text": STORY})
    assert "writes are off" in _problem(response, 403)


def test_a_write_needs_the_bearer_token_and_stores_the_article(db_url: str) -> None:
    with Corpus(db_url) as corpus, TestClient(create_app(corpus, Limits(token=TOKEN))) as client:
        assert "token" in _problem(client.post("/api/v1/articles", json={"text": STORY}), 401)
        wrong = {"Authorization": "Bearer guess"}
        assert _problem(client.post("/api/v1/articles", json={"text": STORY}, headers=wrong), 401)
        right = {"Authorization": f"Bearer {TOKEN}"}
        stored = client.post("/api/v1/articles", json={"text": STORY}, headers=right)
        assert stored.status_code == 201 and stored.json()["outcome"] == "ingested"
        again = client.post("/api/v1/articles", json={"text": STORY}, headers=right).json()
        assert again["outcome"] == "skipped" and len(corpus) == 1
        record = client.get(stored.json()["url"]).json()
        assert any(a["kind"] == "direct" for a in record["attributions"])


def test_an_article_page_follows_its_article_when_it_is_stored_again(
    db_url: str, tmp_path: Path
) -> None:
    page = tmp_path / "story.txt"
    with Corpus(db_url) as corpus, TestClient(create_app(corpus)) as client:
        page.write_text(STORY)
        corpus.ingest([page])
        article_id = client.get("/api/v1/search").json()["items"][0]["article_id"]
        first = client.get(f"/articles/{article_id}").text
        page.write_text(STORY.replace("Thursday", "Friday"))  # a new version replaces it
        (tmp_path / "other.txt").write_text(STORY.replace("Thursday", "Monday"))
        corpus.ingest([page, tmp_path / "other.txt"])
        assert client.get(f"/articles/{article_id}").status_code == 404
        page.write_text(STORY)  # and the first comes back, its statements stored anew
        corpus.ingest([page])
        again = client.get(f"/articles/{article_id}").text
        hits = client.get("/api/v1/search").json()["items"]
        anchor = f'id="s-{next(h["id"] for h in hits if h["article_id"] == article_id)}"'
        assert anchor in again and anchor not in first


def test_analyze_shows_the_record_without_storing_it(
    client: TestClient, web_corpus: Corpus
) -> None:
    before = len(web_corpus)
    record = client.post("/api/v1/analyze", json={"text": STORY}).json()
    assert record["text"] == STORY
    (direct,) = [a for a in record["attributions"] if a["kind"] == "direct"]
    assert "Let's not forget" in direct["content"][0]["text"]
    assert len(web_corpus) == before


def test_analysis_is_capped_in_size_and_needs_one_input(web_corpus: Corpus) -> None:
    with TestClient(create_app(web_corpus, Limits(max_analyze_bytes=1000))) as client:
        assert "over the 1000 bytes" in _problem(
            client.post("/api/v1/analyze", json={"text": "word " * 300}), 413
        )
        # a body far over the cap is refused before it is read
        huge = client.post("/api/v1/analyze", content=b"x" * 50_000)
        assert "request body" in _problem(huge, 413)
        assert "either a text or a URL" in _problem(client.post("/api/v1/analyze", json={}), 422)
        both = {"text": STORY, "url": "https://example.com/"}
        assert "either a text or a URL" in _problem(client.post("/api/v1/analyze", json=both), 422)


def test_a_body_without_a_length_is_refused(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "hello"}'

    assert "Content-Length" in _problem(client.post("/api/v1/analyze", content=chunks()), 411)


def test_an_analysis_that_takes_too_long_is_abandoned_and_said_so(web_corpus: Corpus) -> None:
    with TestClient(create_app(web_corpus, Limits(analyze_seconds=0.001))) as client:
        response = client.post("/api/v1/analyze", json={"text": STORY * 20})
    assert "took longer than 0.001 s" in _problem(response, 503)


def test_analysis_is_rate_limited_per_client(web_corpus: Corpus) -> None:
    with TestClient(create_app(web_corpus, Limits(writes_per_minute=2))) as client:
        for _ in range(2):
            _problem(client.post("/api/v1/analyze", json={}), 422)
        refused = client.post("/api/v1/analyze", json={})
        assert "2 a minute per client" in _problem(refused, 429)
        assert int(refused.headers["retry-after"]) >= 1
        assert client.get("/api/v1/search").status_code == 200  # reading is not limited


def test_the_rate_limit_counts_each_client_apart_over_a_sliding_minute() -> None:
    now = [0.0]
    limit = RateLimit(2, clock=lambda: now[0])
    limit.check("a")
    limit.check("a")
    limit.check("b")
    with pytest.raises(Refused) as refused:
        limit.check("a")
    assert refused.value.status == 429
    now[0] = 60.5
    limit.check("a")  # the first two have left the window


ARTICLE_PAGE = (
    b"<html><head><title>Healey warns</title></head><body><article><h1>Healey warns allies</h1>"
    b'<p>"Let\'s not forget, Russia remains a threat well beyond Ukraine," U.K. Defence '
    b"Secretary John Healey told reporters at NATO headquarters in Brussels on Thursday.</p>"
    b"<p>He said Britain would keep up its military support for Kyiv.</p></article></body></html>"
)


@pytest.fixture
def page_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackSite]:
    monkeypatch.setenv("ONRECORD_CACHE", str(tmp_path / "cache"))
    with LoopbackSite({"/story": Route(ARTICLE_PAGE)}) as site:
        yield site


def test_a_url_on_a_private_address_is_refused_unless_the_server_allows_it(
    web_corpus: Corpus, page_site: LoopbackSite
) -> None:
    with TestClient(create_app(web_corpus, Limits())) as client:
        refused = client.post("/api/v1/analyze", json={"url": page_site.url("/story")})
    assert "--allow-private" in _problem(refused, 422)
    assert page_site.hits["/story"] == 0
    with TestClient(create_app(web_corpus, Limits(allow_private=True))) as client:
        record = client.post("/api/v1/analyze", json={"url": page_site.url("/story")}).json()
    assert record["url"] == page_site.url("/story")
    assert any(a["kind"] == "direct" for a in record["attributions"])


def test_every_answer_carries_a_policy_that_allows_no_inline_script(client: TestClient) -> None:
    for path in ("/", "/api/v1/search", "/docs", "/static/style.css", "/nothing"):
        policy = client.get(path).headers["content-security-policy"]
        script = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        assert script.strip() == "script-src 'self'"
        assert "default-src 'self'" in policy


def test_the_openapi_schema_lists_the_api_and_its_explorer_is_served_from_the_package(
    client: TestClient,
) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/v1/search", "/api/v1/articles/{article_id}", "/api/v1/analyze"} <= set(
        schema["paths"]
    )
    docs = client.get("/docs").text
    assert 'src="/static/swagger/swagger-ui-bundle.js"' in docs and "<script>" not in docs
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_reads_are_served_on_the_event_loop_and_whole_downloads_on_threads() -> None:
    # a plain function would be handed to a thread and back for every page
    on_threads = {
        route.path
        for route in [*api.router.routes, *pages.router.routes]
        if isinstance(route, APIRoute) and not asyncio.iscoroutinefunction(route.endpoint)
    }
    assert on_threads == {"/api/v1/search.csv", "/api/v1/search.jsonl"}


def test_the_server_runs_as_many_processes_as_asked_each_reading_the_store(
    web_corpus: Corpus,
) -> None:
    url = web_corpus.engine.url.render_as_string(hide_password=False)
    with served(url, workers=2) as base:
        port = urlsplit(base).port
        serve = [pid for pid in _processes() if f"--port\x00{port}" in _command_line(pid)]
        assert len(serve) == 1
        assert len(_server_children(port or 0)) == 2
        for path in ("/?q=Hegseth", "/api/v1/search?q=Hegseth", "/speakers"):
            assert httpx.get(base + path, trust_env=False).status_code == 200


def test_clients_connecting_at_once_are_spread_over_the_processes(web_corpus: Corpus) -> None:
    # one socket shared by the processes gave all 32 to one of them, the other idle
    url = web_corpus.engine.url.render_as_string(hide_password=False)
    with served(url, workers=2) as base:
        port = urlsplit(base).port or 0
        clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(32)]
        for client in clients:
            client.connect()
        for client in clients:
            client.request("GET", "/api/v1/speakers?limit=1")
            assert client.getresponse().read()
        served_by = _connections_by_process(port)
        for client in clients:
            client.close()
    assert len(served_by) == 2 and sum(served_by.values()) == 32
    assert min(served_by.values()) >= 6  # spread by address: fewer is a chance of 1 in 30,000


def test_a_server_process_that_dies_is_started_again(web_corpus: Corpus) -> None:
    url = web_corpus.engine.url.render_as_string(hide_password=False)
    with served(url, workers=2) as base:
        port = urlsplit(base).port or 0
        first = _server_children(port)
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while len(now := _server_children(port)) < 2 or first[0] in now:
            assert time.monotonic() < deadline, "no process took the dead one's place"
            time.sleep(0.2)
        for _ in range(8):  # connections reach every process's socket, the new one's too
            assert httpx.get(base + "/speakers", trust_env=False).status_code == 200


def test_a_port_already_taken_is_a_one_line_error(web_corpus: Corpus) -> None:
    url = web_corpus.engine.url.render_as_string(hide_password=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "onrecord", "serve", "--db", url]
            + ["--port", str(port), "--workers", "2"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"error: cannot listen on 127.0.0.1:{port}: Address already in use" in result.stderr
    assert "Traceback" not in result.stderr


def _server_children(port: int) -> list[int]:
    """The processes serving for the `onrecord serve` listening on `port`."""
    serve = [pid for pid in _processes() if f"--port\x00{port}" in _command_line(pid)]
    return [
        pid
        for pid in _processes()
        if serve and _parent(pid) == serve[0] and "spawn_main" in _command_line(pid)
    ]


def _connections_by_process(port: int) -> dict[int, int]:
    """How many clients' connections to `port` each of the server's processes holds."""
    accepted = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                accepted.add(f"socket:[{fields[9]}]")
    counts = {}
    for pid in _server_children(port):
        fds = Path(f"/proc/{pid}/fd")
        counts[pid] = sum(os.readlink(fd) in accepted for fd in fds.iterdir())
    return counts


def _processes() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
