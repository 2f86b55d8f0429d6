"""What keeps the server safe to leave running: writes only with the bearer token, analysis
capped in input size, time and concurrency and rate-limited per client, request bodies
bounded before they are read, and every answer sent with a Content-Security-Policy that allows
no inline script."""

from __future__ import annotations

import asyncio
import hmac
import threading
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onrecord.web.problems import problem_response

T = TypeVar("T")

#: The policy of every page: scripts, styles, images and fonts from this server only (no
#: inline script, no inline style, no CDN), nothing framed, forms posted back here only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: The OpenAPI explorer sets style attributes from its script; it still runs no inline script.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class Refused(Exception):
    """A request refused for a reason the client is told in one line, with its HTTP status."""

    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers or {}


def check_token(configured: str | None, authorization: str | None) -> None:
    """Let a write through only with `Authorization: Bearer <the server's token>`."""
    if configured is None:
        raise Refused(403, "writes are off: the server was started without --token")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), configured.encode()
    ):
        raise Refused(
            401,
            "a write needs the server's token: Authorization: Bearer <token>",
            {"WWW-Authenticate": 'Bearer realm="onrecord"'},
        )


class RateLimit:
    """At most `per_minute` requests from one client in any 60 seconds."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        now = self._clock()
        with self._lock:
            seen = self._seen[client]
            while seen and seen[0] <= now - 60:
                seen.popleft()
            if len(seen) >= self.per_minute:
                wait = max(1, int(seen[0] + 60 - now) + 1)
                raise Refused(
                    429,
                    f"too many requests: {self.per_minute} a minute per client; "
                    f"try again in {wait} s",
                    {"Retry-After": str(wait)},
                )
            seen.append(now)


class Analyses:
    """Runs analyses on their own threads, a few at once and each answered within a time
    limit: a client waits `seconds` at most, and while the analyses running are as many as
    allowed, another is refused as busy rather than queued behind them."""

    def __init__(self, at_once: int, seconds: float) -> None:
        self.seconds = seconds
        self._pool = ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="analysis")
        self._slots = threading.BoundedSemaphore(at_once)

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        if not self._slots.acquire(blocking=False):
            raise Refused(
                503, "busy: analyses are running; try again shortly", {"Retry-After": "5"}
            )
        future = self._pool.submit(work, *args)
        future.add_done_callback(lambda _: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.seconds)
        except TimeoutError as error:
            raise Refused(
                503, f"the analysis took longer than {self.seconds:g} s and was abandoned"
            ) from error

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class Guard:
    """ASGI middleware: security headers on every answer, and request bodies bounded: a body
    with no length given is refused, one longer than `max_body` is refused before it is read."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CSP if scope["path"] == "/docs" else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope) -> Callable[[Scope, Receive, Send], Awaitable[None]] | None:
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            return None
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is None:
            return problem_response(411, "a request body needs a Content-Length")
        if not length.isdigit() or int(length) > self.max_body:
            return problem_response(
                413, f"the request body is over the {self.max_body} bytes allowed"
            )
        return None
