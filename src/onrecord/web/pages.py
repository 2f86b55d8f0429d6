"""The pages: server-rendered HTML that reads without JavaScript, each view a permalink (its
state is in its URL). Each renders what `views` gathers from the Python API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from onrecord.corpus.browse import ArticleLinks
from onrecord.web import views
from onrecord.web.analysis import analyze_source, check_write, store
from onrecord.web.api import Search
from onrecord.web.app import server
from onrecord.web.chart import weekly_chart
from onrecord.web.highlight import layout, speaker_colours
from onrecord.web.limits import Refused
from onrecord.web.templates import templates

router = APIRouter(include_in_schema=False)


async def paging(page: Annotated[str | None, Query()] = None) -> views.Paging:
    """The page a `page=N` parameter asks for (the first when none); async for the reason
    `api.search_query` is."""
    if page is None or page == "":
        return views.Paging()
    if not page.isdigit() or len(page) > 6 or int(page) < 1:
        raise Refused(400, f"page must be a whole number from 1, not {page[:40]!r}")
    return views.Paging((int(page) - 1) * views.PER_PAGE, views.PER_PAGE)


Paged = Annotated[views.Paging, Depends(paging)]


@router.get("/", response_class=HTMLResponse)
async def search(request: Request, query: Search, paged: Paged) -> Response:
    result = views.search(server(request).corpus, query, paged)
    return templates.TemplateResponse(
        request,
        "search.html",
        {"result": result, "query": query, "downloads": _downloads(query)},
    )


def _downloads(query: views.SearchQuery) -> dict[str, str]:
    from urllib.parse import urlencode

    params = urlencode(query.params())
    return {
        form: f"/api/v1/search.{form}" + (f"?{params}" if params else "")
        for form in ("csv", "jsonl")
    }


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article(request: Request, article_id: str) -> Response:
    page = server(request).articles.page(article_id, lambda view: _article_page(request, view))
    return HTMLResponse(page)


def _article_page(
    request: Request, view: views.ArticleView, *, source: dict[str, str] | None = None
) -> str:
    """An article with its attributions highlighted: stored (with links into the corpus), or
    just analysed (`source` is what was analysed, for saving it)."""
    return templates.get_template("article.html").render(
        {
            "request": request,
            "article": view.article,
            "links": view.links,
            "layout": view.layout,
            "colours": speaker_colours(view.article),
            "quote_anchors": _quote_anchors(view.links) if view.links else {},
            "source": source,
            "writable": server(request).limits.token is not None,
        },
    )


def _quote_anchors(links: ArticleLinks) -> dict[str, int]:
    """The attribution where each quote the article carries is first found, by cluster: where
    a link from the quote's page lands."""
    first: dict[int, str] = {}
    for attribution, cluster in links.clusters.items():
        first.setdefault(cluster, attribution)
    return {attribution: cluster for cluster, attribution in first.items()}


@router.get("/speakers", response_class=HTMLResponse)
async def speakers(
    request: Request, paged: Paged, name: str | None = None, mentioned: bool = False
) -> Response:
    corpus = server(request).corpus
    name = (name or "").strip() or None
    found = corpus.speakers(name, limit=paged.limit, offset=paged.offset, mentioned=mentioned)
    total = corpus.count_speakers(name, mentioned=mentioned)
    return templates.TemplateResponse(
        request,
        "speakers.html",
        {
            "speakers": found,
            "total": total,
            "paging": paged,
            "name": name or "",
            "mentioned": mentioned,
        },
    )


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
async def speaker(request: Request, speaker_id: int, paged: Paged) -> Response:
    view = views.speaker(server(request).corpus, speaker_id, paged)
    return templates.TemplateResponse(
        request, "speaker.html", {"view": view, "chart": weekly_chart(view.profile.weeks)}
    )


@router.get("/quotes", response_class=HTMLResponse)
async def quotes(
    request: Request, paged: Paged, containing: str | None = None, min_articles: int = 2
) -> Response:
    corpus = server(request).corpus
    containing = (containing or "").strip() or None
    min_articles = max(1, min_articles)
    found = corpus.quotes(
        paged.limit, min_articles=min_articles, offset=paged.offset, containing=containing
    )
    total = corpus.count_quotes(min_articles=min_articles, containing=containing)
    return templates.TemplateResponse(
        request,
        "quotes.html",
        {
            "quotes": found,
            "total": total,
            "paging": paged,
            "containing": containing or "",
            "min_articles": min_articles,
        },
    )


@router.get("/quotes/{cluster_id}", response_class=HTMLResponse)
async def quote(request: Request, cluster_id: int) -> Response:
    found = server(request).corpus.quote(cluster_id)
    if found is None:
        raise Refused(404, f"no quote has the id {cluster_id}")
    return templates.TemplateResponse(request, "quote.html", {"quote": found})


@router.get("/analyze", response_class=HTMLResponse)
async def analyze_form(request: Request) -> Response:
    return templates.TemplateResponse(request, "analyze.html", {})


@router.post("/analyze", response_class=HTMLResponse)
async def analyze(
    request: Request,
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
) -> Response:
    """The article view of a pasted text or a URL, stored nowhere."""
    analysed = await analyze_source(request, text, url)
    view = views.ArticleView(analysed, None, layout(analysed))
    return HTMLResponse(_article_page(request, view, source={"text": text, "url": url}))


@router.post("/analyze/save")
async def save(
    request: Request,
    token: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
) -> Response:
    """Analyse again and store (with the write token), then show the stored article."""
    check_write(request, token)
    analysed = await analyze_source(request, text, url)
    await store(request, analysed)
    return RedirectResponse(f"/articles/{analysed.id}", status_code=303)


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> Response:
    """The OpenAPI explorer, served from the package (no CDN)."""
    return templates.TemplateResponse(request, "docs.html", {})
