"""A small web site on 127.0.0.1 for tests that fetch: pages, feeds, redirects, slow and broken
answers. Nothing here ever talks to an address outside the machine."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What the site answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    #: Statuses answered before `status`, one per request (e.g. [503, 503] then 200).
    failures: list[int] = field(default_factory=list)
    #: Send the body without Content-Length, in chunks, so only counting bytes can stop it.
    stream: bool = False


class LoopbackSite:
    """`with LoopbackSite(routes) as site:` serves `routes` at `site.url(path)`; `site.hits`
    counts requests per path and `site.agents` records the User-Agent of each."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                path = self.path.split("?")[0]
                site.hits[path] += 1
                site.agents.append(self.headers.get("User-Agent", ""))
                route = site.routes.get(path, Route(b"not found", status=404))
                if route.delay:
                    time.sleep(route.delay)
                status = route.failures.pop(0) if route.failures else route.status
                self.send_response(status)
                self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value.replace("{base}", site.base))
                if route.stream:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    try:
                        for start in range(0, len(route.body), 65536):
                            self.wfile.write(route.body[start : start + 65536])
                    except OSError:
                        pass  # the client hung up once it had enough
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler
