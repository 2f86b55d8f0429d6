"""Analysing what a client sends (a text, or a URL fetched through the address guard) within
the server's limits, and storing the result when the client holds the write token."""

from __future__ import annotations

from fastapi import Request

from onrecord.corpus.ingest import Outcome
from onrecord.errors import InputError
from onrecord.fetch import Fetcher, FetchSettings
from onrecord.pipeline import analyze, analyze_document
from onrecord.records import Article
from onrecord.web.app import Server, server
from onrecord.web.limits import Refused, check_token
from onrecord.web.settings import Limits


async def analyze_source(request: Request, text: str | None, url: str | None) -> Article:
    """The analysed article of `text` or of the page at `url`; refused (one line each) when
    the client has asked too often, gives neither or both, or gives too much, when the page
    cannot be fetched or read, or when the analysis runs out of time."""
    state = server(request)
    state.rate_limit.check(_client(request))
    text, url = (text or None), (url.strip() if url else None) or None
    if (text is None) == (url is None):
        raise Refused(422, "give either a text or a URL to analyse")
    if text is not None and len(text.encode("utf-8", "replace")) > state.limits.max_analyze_bytes:
        raise Refused(
            413, f"the text is over the {state.limits.max_analyze_bytes} bytes analysis accepts"
        )
    return await state.analyses.run(_analyze, text, url, state.limits)


def _analyze(text: str | None, url: str | None, limits: Limits) -> Article:
    try:
        if url is None:
            return analyze(text or "")
        settings = FetchSettings(
            allow_private=limits.allow_private,
            max_bytes=limits.max_analyze_bytes,
            deadline=limits.analyze_seconds,
            retries=0,
        )
        with Fetcher(settings) as fetcher:
            return analyze_document(fetcher.fetch(url))
    except InputError as error:
        raise Refused(422, str(error)) from error


def check_write(request: Request, token: str | None = None) -> Server:
    """The server, if this request may write: it carries the token (as a bearer header, or a
    form field from the analyze page) and the client has not written too often."""
    state = server(request)
    given = request.headers.get("authorization") or (f"Bearer {token}" if token else None)
    check_token(state.limits.token, given)
    return state


async def store(request: Request, article: Article) -> Outcome:
    """Store an analysed article; what became of it (ingested, replaced, or skipped when
    stored already)."""
    from starlette.concurrency import run_in_threadpool

    report = await run_in_threadpool(server(request).corpus.ingest, [article])
    if report.failed:
        raise Refused(422, report.failed[0][1])
    if report.replaced:
        return "replaced"
    return "ingested" if report.ingested else "skipped"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"
