"""The JSON API, /api/v1: everything the pages show, as the Python API gives it. Lists come
in pages (`offset`, `limit`) with their `total`; errors are problem documents."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from onrecord.corpus.export import _cell
from onrecord.corpus.search import Statement
from onrecord.web import views
from onrecord.web.analysis import analyze_source, check_write, store
from onrecord.web.app import server
from onrecord.web.limits import Refused

router = APIRouter(prefix="/api/v1", tags=["corpus"])

Offset = Annotated[int, Query(ge=0, description="Results to skip.")]
Limit = Annotated[int, Query(ge=1, le=views.MAX_PER_PAGE, description="Results per page.")]


async def search_query(
    q: Annotated[str, Query(description='Words, "phrases", OR, -word.')] = "",
    speaker: Annotated[
        str | None, Query(description="Speaker id or whole words of a name.")
    ] = None,
    affiliation: str | None = None,
    kind: Annotated[str | None, Query(description="direct, mixed or indirect.")] = None,
    outlet: str | None = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive.")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive.")] = None,
    min_confidence: Annotated[str | None, Query(description="0 to 1.")] = None,
) -> views.SearchQuery:
    """The search named by query parameters: those a page's form sends, so a page and its
    JSON twin take the same URL parameters. Async though it waits for nothing, as the handlers
    are (see `web.app`): a plain function would be handed to a thread and back."""
    given = {
        "q": q,
        "speaker": speaker,
        "affiliation": affiliation,
        "kind": kind,
        "outlet": outlet,
        "since": since,
        "until": until,
        "min_confidence": min_confidence,
    }
    return views.SearchQuery.of({k: v for k, v in given.items() if v is not None})


Search = Annotated[views.SearchQuery, Depends(search_query)]


class Source(BaseModel):
    """What to analyse: a text (plain or an HTML page), or the URL of a page to fetch."""

    text: str | None = Field(None, description="Plain text or HTML.")
    url: str | None = Field(None, description="An http(s) URL to fetch.")


@router.get("/search")
async def search(request: Request, query: Search, offset: Offset = 0, limit: Limit = 20) -> Any:
    """Statements matching the words and filters, best match then newest first, with the
    total and the facet counts (speakers, outlets, kinds)."""
    return views.search(server(request).corpus, query, views.Paging(offset, limit)).to_dict()


@router.get("/search.csv", response_class=StreamingResponse)
def search_csv(request: Request, query: Search) -> StreamingResponse:
    """Every statement the search finds, as CSV (cells a spreadsheet would run defused)."""
    found = views.everything(server(request).corpus, query)
    return _download(_csv_lines(found), "text/csv; charset=utf-8", "onrecord-search.csv")


@router.get("/search.jsonl", response_class=StreamingResponse)
def search_jsonl(request: Request, query: Search) -> StreamingResponse:
    """Every statement the search finds, one JSON record a line."""
    found = views.everything(server(request).corpus, query)
    lines = (json.dumps(_record(s), ensure_ascii=False) + "\n" for s in found)
    return _download(lines, "application/jsonl; charset=utf-8", "onrecord-search.jsonl")


def _record(statement: Statement) -> dict[str, Any]:
    return {**statement.to_dict(), "outlet": statement.outlet}


def _csv_lines(statements: list[Statement]) -> Iterator[str]:
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for statement in statements:
        record = _record(statement)
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(record))
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in record.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if writer is None:  # no statement: the header alone
        yield ",".join(Statement.__dataclass_fields__) + ",outlet\r\n"


def _download(lines: Iterator[str], media_type: str, name: str) -> StreamingResponse:
    return StreamingResponse(
        lines,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/articles/{article_id}")
async def article(request: Request, article_id: str) -> Any:
    """The full stored record: text, blocks, captions, speakers, attributions with their
    offsets, and the corpus ids of its statements, quotes and speakers."""
    return server(request).articles.view(article_id).to_dict()


@router.post("/articles", status_code=201)
async def ingest(request: Request, source: Source) -> Any:
    """Analyse a text or a URL and store it (needs the write token)."""
    check_write(request)
    analysed = await analyze_source(request, source.text, source.url)
    outcome = await store(request, analysed)
    return {"id": analysed.id, "outcome": outcome, "url": f"/api/v1/articles/{analysed.id}"}


@router.post("/analyze")
async def analyze(request: Request, source: Source) -> Any:
    """Analyse a text or a URL without storing it: the article record with its offsets."""
    return (await analyze_source(request, source.text, source.url)).to_dict()


@router.get("/speakers")
async def speakers(
    request: Request,
    name: Annotated[str | None, Query(description="Whole words of a name.")] = None,
    mentioned: Annotated[bool, Query(description="Also those only mentioned.")] = False,
    offset: Offset = 0,
    limit: Limit = 20,
) -> Any:
    """Corpus speakers, the most quoted first."""
    corpus = server(request).corpus
    found = corpus.speakers(name or None, limit=limit, offset=offset, mentioned=mentioned)
    total = corpus.count_speakers(name or None, mentioned=mentioned)
    return {
        **views.Paging(offset, limit).page(total),
        "items": [s.to_dict() for s in found],
    }


@router.get("/speakers/{speaker_id}")
async def speaker(
    request: Request,
    speaker_id: int,
    offset: Offset = 0,
    limit: Limit = 20,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
) -> Any:
    """A speaker's profile (names, roles with first and last seen, statements per week,
    outlets, co-quoted speakers) and a page of their statements, newest first."""
    paging = views.Paging(offset, limit)
    return views.speaker(server(request).corpus, speaker_id, paging, min_confidence).to_dict()


@router.get("/quotes")
async def quotes(
    request: Request,
    containing: Annotated[str | None, Query(description="Words the quote holds.")] = None,
    min_articles: Annotated[int, Query(ge=1)] = 2,
    offset: Offset = 0,
    limit: Limit = 20,
) -> Any:
    """The quotes reported by the most articles, each with its origin and spread."""
    corpus = server(request).corpus
    found = corpus.quotes(limit, min_articles=min_articles, offset=offset, containing=containing)
    total = corpus.count_quotes(min_articles=min_articles, containing=containing)
    return {
        **views.Paging(offset, limit).page(total),
        "items": [q.to_dict() for q in found],
    }


@router.get("/quotes/{cluster_id}")
async def quote(request: Request, cluster_id: int) -> Any:
    """One quote: its first appearance, every article carrying it, its variant wordings."""
    found = server(request).corpus.quote(cluster_id)
    if found is None:
        raise Refused(404, f"no quote has the id {cluster_id}")
    return found.to_dict()
