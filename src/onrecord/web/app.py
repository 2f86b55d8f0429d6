"""The application `onrecord serve` runs: the JSON API under /api/v1, the pages, the static
files shipped in the package, and errors answered in one line (a problem document for the API,
a page for a browser), never with a stack trace.

Pages and API reads are `async` handlers that read the store on the event loop itself: one
process reads for one request at a time whatever its threads (the interpreter's lock; more
cores serve through more processes), and handing each request to a thread and back cost
PostgreSQL's bench 11–29% of its requests/s (four pairs of runs). Analyses, writes and
whole-result downloads, which take long, run on threads."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import Response

from onrecord.corpus import Corpus
from onrecord.web.limits import Analyses, Guard, RateLimit, Refused
from onrecord.web.settings import Limits
from onrecord.web.problems import problem_response
from onrecord.web.templates import templates
from onrecord.web.views import Articles

HERE = Path(__file__).parent
#: Swagger UI 5 (it reads OpenAPI 3.1, which FastAPI writes), shipped in the fastapi-offline
#: package: the API explorer comes from this server, not a CDN.
SWAGGER_UI = Path(fastapi_offline.__file__).with_name("static")
log = logging.getLogger("onrecord.web")
#: Where `serve` leaves its settings for the server processes it starts.
SETTINGS_VARIABLE = "ONRECORD_SERVE_SETTINGS"


@dataclass(frozen=True, slots=True)
class Server:
    """What every request handler reaches through `request.app.state.server`."""

    corpus: Corpus
    limits: Limits
    analyses: Analyses
    rate_limit: RateLimit
    articles: Articles


def server(request: Request) -> Server:
    found: Server = request.app.state.server
    return found


def create_app(corpus: Corpus, limits: Limits | None = None) -> FastAPI:
    """The application over an open corpus; `limits` say who may write and what analysis may
    cost (see `Limits`)."""
    from onrecord.web import api, pages

    limits = limits or Limits()
    state = Server(
        corpus,
        limits,
        Analyses(limits.analyses_at_once, limits.analyze_seconds),
        RateLimit(limits.writes_per_minute),
        Articles(corpus),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.analyses.close()

    app = FastAPI(
        title="onrecord",
        summary="Who said what, on the record: the corpus as JSON.",
        version="1",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.server = state
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static/swagger", StaticFiles(directory=SWAGGER_UI), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(Refused, _refused)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
    # a body a little over the analysis cap still holds the largest text allowed, as JSON
    app.add_middleware(Guard, max_body=2 * limits.max_analyze_bytes + 4096)
    return app


def hand_over(limits: Limits) -> str:
    """Leave `limits` for the server processes about to be started (they inherit this
    process's environment) and name the factory that makes each one's application."""
    os.environ[SETTINGS_VARIABLE] = json.dumps(asdict(limits))
    return f"{__name__}:{app_from_settings.__name__}"


def app_from_settings() -> FastAPI:
    """The application of one server process, over its own connection to the store."""
    limits = Limits(**json.loads(os.environ[SETTINGS_VARIABLE]))
    return create_app(Corpus(limits.db, create=False), limits)


def _answer(request: Request, status: int, reason: str, headers: dict[str, str]) -> Response:
    """A problem document for API clients, an error page for browsers."""
    if request.url.path.startswith("/api/"):
        return problem_response(status, reason, headers)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "reason": reason},
        status_code=status,
        headers=headers,
    )


async def _refused(request: Request, error: Refused) -> Response:
    return _answer(request, error.status, error.reason, error.headers)


async def _http_error(request: Request, error: HTTPException) -> Response:
    reason = error.detail if isinstance(error.detail, str) else "the request was refused"
    if error.status_code == 404 and reason == "Not Found":
        reason = f"nothing is at {request.url.path[:100]}"
    return _answer(request, error.status_code, reason, dict(error.headers or {}))


async def _invalid(request: Request, error: RequestValidationError) -> Response:
    first = error.errors()[0] if error.errors() else {}
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    message = first.get("msg", "invalid request")
    return _answer(request, 422, f"{where}: {message}" if where else message, {})


async def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("failed on %s %s", request.method, request.url.path)
    return _answer(request, 500, "the server failed on this request; it has been logged", {})
