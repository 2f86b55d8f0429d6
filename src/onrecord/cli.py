"""The command line: a thin shell over the Python API (`onrecord.analyze` and friends)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import click
from rich.console import Console

from onrecord import settings
from onrecord.batch import analyze_sources
from onrecord.corpus.cli import commands as corpus_commands
from onrecord.corpus.cli import min_confidence_option
from onrecord.errors import printable, writable
from onrecord.evaluate.cli import eval_group
from onrecord.fetch import Fetcher, FetchSettings
from onrecord.web.cli import serve
from onrecord.render import confident, error_record, print_table, to_json


@click.group()
@click.version_option(package_name="onrecord")
def main() -> None:
    """onrecord: who said what, on the record."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the whole record as JSON.")
@click.option(
    "--jsonl",
    is_flag=True,
    help="One JSON record per line; a refused input's line holds its error.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (whole or not at all) instead of standard output.",
)
@click.option(
    "--max-bytes", type=int, default=None, help="Refuse inputs larger than this (default 2 MB)."
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Let URLs reach private, loopback and link-local hosts (local use only).",
)
@click.option("--ignore-robots", is_flag=True, help="Fetch pages even where robots.txt forbids it.")
@min_confidence_option
def analyze(
    sources: tuple[str, ...],
    as_json: bool,
    jsonl: bool,
    output: Path | None,
    max_bytes: int | None,
    allow_private: bool,
    ignore_robots: bool,
    min_confidence: float | None,
) -> None:
    """Analyse articles: files (text, HTML, feeds, WARC, JSONL), directories, globs, http(s)
    URLs of pages or feeds, or '-' for standard input."""
    if max_bytes is not None:
        settings.MAX_INPUT_BYTES = max_bytes
    fetcher = Fetcher(FetchSettings(allow_private=allow_private, respect_robots=not ignore_robots))
    failures = total = 0
    with _output(output) as stream:
        console = Console(file=stream, soft_wrap=False, width=None if stream.isatty() else 160)
        for outcome in analyze_sources(sources, fetcher=fetcher):
            total += 1
            if outcome.article is None:
                failures += 1
                reason = outcome.error or "could not be analysed"
                # one line each, whatever the file name or the reason holds
                click.echo(f"error: {printable(outcome.origin)}: {printable(reason)}", err=True)
                if jsonl:
                    print(
                        error_record(writable(outcome.origin), writable(reason)),
                        file=stream,
                        flush=True,
                    )
                continue
            article = confident(outcome.article, min_confidence)
            if jsonl:
                print(to_json(article), file=stream, flush=True)
            elif as_json:
                print(to_json(article, indent=2), file=stream)
            else:
                print_table(article, console)
    if total > 1:
        click.echo(f"{total - failures} analysed, {failures} failed", err=True)
    if failures:
        sys.exit(1)


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """Standard output, or a file that appears only once everything is written: an interrupted
    run leaves the old file (or none), never a half-written one."""
    if path is None:
        yield sys.stdout
        return
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


main.add_command(eval_group)
main.add_command(serve)
for _command in corpus_commands:
    main.add_command(_command)
