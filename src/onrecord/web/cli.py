"""`onrecord serve`: the web app and JSON API over a corpus, on this machine only unless told
otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from onrecord.corpus.cli import _db, workers_option
from onrecord.settings import default_workers
from onrecord.web.settings import Limits


def _cap(flag: str, kind: click.ParamType, help: str) -> Callable[[Any], Any]:
    """An option setting one of the server's `Limits`, whose default it shows."""
    default = getattr(Limits(), flag.removeprefix("--").replace("-", "_"))
    return click.option(flag, type=kind, default=default, show_default=True, help=help)


@click.command()
@_db
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="ONRECORD_API_TOKEN",
    help="The bearer token writes need (or $ONRECORD_API_TOKEN); without one, writes are off.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Let analysed URLs reach private, loopback and link-local hosts (local use only).",
)
@_cap("--max-analyze-bytes", click.IntRange(min=1), "The largest text or page analysis accepts.")
@_cap(
    "--analyze-seconds",
    click.FloatRange(min=0.1),
    "How long one analysis may take before the client is told it was abandoned.",
)
@_cap(
    "--writes-per-minute",
    click.IntRange(min=1),
    "Analyses and writes one client may ask for per minute.",
)
@workers_option(
    "Server processes (default: the machine's cores). The write rate limit and analyses at "
    "once are counted in each."
)
def serve(
    db: str | None,
    host: str,
    port: int,
    workers: int | None,
    token: str | None,
    allow_private: bool,
    max_analyze_bytes: int,
    analyze_seconds: float,
    writes_per_minute: int,
) -> None:
    """Serve the corpus: search, articles with their attributions highlighted, speakers and
    quotes as web pages, and all of it as JSON under /api/v1 (documented at /docs).

    Read-only unless a token is given; writes (POST /api/v1/articles, saving an analysed
    article) need it as `Authorization: Bearer TOKEN`."""
    from onrecord.corpus import Corpus, StoreNotFound
    from onrecord.corpus.store import describe
    from onrecord.web import processes
    from onrecord.web.app import create_app, hand_over

    try:
        # a server that can write may start on an empty store; a read-only one needs one
        corpus = Corpus(db, create=token is not None)
    except StoreNotFound as error:
        raise click.ClickException(str(error)) from error
    limits = Limits(
        db=db,
        token=token or None,
        allow_private=allow_private,
        max_analyze_bytes=max_analyze_bytes,
        analyze_seconds=analyze_seconds,
        writes_per_minute=writes_per_minute,
    )
    click.echo(f"store: {describe(db)}", err=True)
    click.echo(f"writes: {'on (bearer token)' if limits.token else 'off (no --token)'}", err=True)
    workers = workers or default_workers()
    try:
        sockets = processes.listening(host, port, workers)
    except OSError as error:
        reason = error.strerror or str(error)
        raise click.ClickException(f"cannot listen on {host}:{port}: {reason}") from error
    port = sockets[0].getsockname()[1]
    click.echo(
        f"serving on http://{host}:{port}/ with {workers} process(es) (Ctrl-C stops)", err=True
    )
    with corpus:
        if workers == 1:
            processes.run(create_app(corpus, limits), sockets[0])
            return
    # Python runs one thread at a time, so more cores serve through more processes, each
    # opening the store itself
    try:
        processes.serve(hand_over(limits), sockets)
    except processes.ServeFailed as error:
        raise click.ClickException(str(error)) from error
