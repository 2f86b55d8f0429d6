"""Fetching is bounded in time as a whole, and a failure says what failed: a host that refuses
the connection is not a robots.txt that forbids the page."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from onrecord.errors import InputError
from onrecord.fetch import Fetcher, FetchSettings


def fetcher(**overrides) -> Fetcher:
    options = {"allow_private": True, "host_delay": 0.0, "retries": 0, "cache_dir": None}
    return Fetcher(FetchSettings(**{**options, **overrides}))


@pytest.fixture
def trickling() -> Iterator[str]:
    """A server that answers every request with a page sent one byte every 0.1 s, forever:
    no single read ever waits long enough to time out."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            threading.Thread(target=trickle, args=(connection,), daemon=True).start()

    def trickle(connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            while not stop.is_set():
                try:
                    connection.sendall(b"1\r\nx\r\n")
                except OSError:
                    return
                time.sleep(0.1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/story"
    stop.set()
    thread.join()
    server.close()


def test_a_server_trickling_bytes_is_given_up_on_at_the_deadline(trickling):
    started = time.monotonic()
    with pytest.raises(InputError, match=r"^gave up on .*/story after 1 s \(too slow\)$"):
        fetcher(deadline=1.0, read_timeout=5.0, respect_robots=False).fetch(trickling)
    assert time.monotonic() - started < 3


@pytest.fixture
def closed_port() -> str:
    """A loopback URL where nothing listens: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/story"


@pytest.mark.parametrize("respect_robots", [True, False], ids=["robots", "ignore-robots"])
def test_a_refused_connection_is_reported_as_such(closed_port, respect_robots):
    with pytest.raises(InputError) as refused:
        fetcher(respect_robots=respect_robots).fetch(closed_port)
    assert str(refused.value) == "could not connect to 127.0.0.1: Connection refused"
