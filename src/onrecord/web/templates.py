"""The page templates (Jinja2, autoescaped: every piece of article text, every name and URL
is escaped) and the helpers they use."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from fastapi.templating import Jinja2Templates
from starlette.requests import Request

from onrecord.web.highlight import query_marks

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
# templates ship in the package and do not change while it runs: no file check per page
templates.env.auto_reload = False


def day(value: date | None) -> str:
    """A date as pages show it; an unknown one says so (never today's date in its place)."""
    return value.isoformat() if value else "date unknown"


def safe_href(url: str | None) -> str | None:
    """`url` if a link to it is safe to follow (http or https), else None: a `javascript:` or
    `data:` URL in an article's metadata is shown as text, never linked."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def with_params(request: Request, **changes: object) -> str:
    """This page's URL with some query parameters changed (None removes one); any change but
    the page's own resets it to the first page."""
    params = dict(request.query_params)
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return f"{request.url.path}?{query}" if query else request.url.path


def plural(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'s' * (number != 1)}"


templates.env.globals.update(
    day=day, safe_href=safe_href, with_params=with_params, plural=plural, query_marks=query_marks
)
