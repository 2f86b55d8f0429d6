"""Server processes that share the clients evenly.

uvicorn's own workers accept from one shared socket, so whichever process is idle when clients
connect takes them all: 32 keep-alive clients connecting at once were split 32/0, 30/2 and
25/7 between two processes, the one process serving most of them while the other idled. Here
each process listens on a socket of its own bound to the same address (SO_REUSEPORT), and the
kernel spreads new connections over the sockets by their addresses. A process that dies is
started again on its socket, unless it failed starting (it would again) or was stopped (then
the server stops); the sockets are bound before any process starts, so a port already taken
is one clear error.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import time
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn
from starlette.types import ASGIApp

#: Seconds a process is given to finish its requests when the server stops.
GRACE = 10
#: A process that exits with an error sooner than this after its start failed starting.
STARTING = 5.0


class ServeFailed(Exception):
    """A server process could not start."""


def serve(factory: str, sockets: list[socket.socket]) -> None:
    """Serve the application `factory` makes ("module:function", called in each process) from
    a process per socket (`listening`), until interrupted or terminated."""
    context = multiprocessing.get_context("spawn")
    running = {n: _start(context, factory, sock) for n, sock in enumerate(sockets)}
    started = dict.fromkeys(running, time.monotonic())
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            ended = wait([p.sentinel for p in running.values()], timeout=0.5)
            for n, process in list(running.items()):
                if process.sentinel not in ended or stopping:
                    continue
                process.join()
                if process.exitcode == 0:  # stopped on purpose (Ctrl-C): so is the server
                    stopping = True
                elif (process.exitcode or 0) > 0 and time.monotonic() - started[n] < STARTING:
                    raise ServeFailed(f"a server process failed starting (exit {process.exitcode})")
                else:
                    running[n], started[n] = _start(context, factory, sockets[n]), time.monotonic()
    except KeyboardInterrupt:
        pass  # Ctrl-C reached the processes too; they finish their requests
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in running.values():
            process.terminate()  # uvicorn stops gracefully on SIGTERM
        for process in running.values():
            process.join(GRACE)
            if process.is_alive():
                process.kill()
        for sock in sockets:
            sock.close()


def listening(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` sockets listening on `host`:`port` (port 0: one free port for all), for the
    kernel to spread connections over; OSError when the address is taken, by any program."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        # a socket without SO_REUSEPORT cannot join another server's sockets on this port
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
        port = probe.getsockname()[1]
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(family)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            sock.listen(2048)
            sock.set_inheritable(True)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def _start(
    context: multiprocessing.context.SpawnContext, factory: str, sock: socket.socket
) -> BaseProcess:
    process = context.Process(target=run, args=(factory, sock), name="onrecord-serve")
    process.start()
    return process


def run(app: ASGIApp | str, sock: socket.socket) -> None:
    """Serve `app`, or the application a factory ("module:function") makes, on a listening
    socket in this process."""
    config = uvicorn.Config(app, factory=isinstance(app, str), log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])
