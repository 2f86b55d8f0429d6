"""The command line: a thin shell over the Python API (`onrecord.analyze` and friends)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click
from onrecord import settings
from onrecord.corpus.cli import commands as corpus_commands
from onrecord.corpus.cli import (
    batch_options,
    fetch_options,
    min_confidence_option,
    progress_option,
    reading_with,
    run_settings,
    shown,
)
from onrecord.errors import InputError, StoreLocked, printable, writable
from onrecord.evaluate.cli import eval_group
from onrecord.web.cli import serve


class _Main(click.Group):
    """The `onrecord` command: every failure it reports is one line starting `error:`, as a
    batch's refused inputs are (click's own start `Error:`), and a store held by another
    writer is such a line, not a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.ClickException as error:
            if isinstance(error, click.UsageError) and error.ctx is not None:
                click.echo(error.ctx.get_usage(), err=True)
                help_option = error.ctx.help_option_names[0]
                click.echo(f"Try '{error.ctx.command_path} {help_option}' for help.", err=True)
            click.echo(f"error: {printable(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except StoreLocked as error:
            click.echo(f"error: {printable(str(error))}", err=True)
            sys.exit(1)
        except click.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)


@click.group(cls=_Main)
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
@fetch_options
@min_confidence_option
@batch_options
def analyze(
    sources: tuple[str, ...],
    as_json: bool,
    jsonl: bool,
    output: Path | None,
    max_bytes: int | None,
    time_limit: float | None,
    allow_private: bool,
    ignore_robots: bool,
    min_confidence: float | None,
    workers: int | None,
    progress: bool | None,
) -> None:
    """Analyse articles: files (text, HTML, feeds, WARC, JSONL), directories, globs, http(s)
    URLs of pages or feeds, or '-' for standard input. Results come in input order, whatever
    the number of workers."""
    # here, not above: `onrecord --version` and the corpus commands need no spaCy
    from rich.console import Console

    from onrecord.batch import analyze_sources
    from onrecord.progress import Progress
    from onrecord.render import confident, error_record, print_table, to_json

    workers, progress = run_settings(workers, progress)
    failures = total = 0
    with (
        reading_with(max_bytes, time_limit, allow_private, ignore_robots) as fetcher,
        _output(output) as stream,
        Progress(sources, enabled=progress, desc="analyze") as bar,
    ):
        console = Console(file=stream, soft_wrap=False, width=None if stream.isatty() else 160)
        for outcome in analyze_sources(sources, fetcher=fetcher, workers=workers):
            total += 1
            bar.done(failed=outcome.article is None)
            if outcome.article is None:
                failures += 1
                reason = outcome.error or "could not be analysed"
                # one line each, whatever the file name or the reason holds
                bar.write(f"error: {printable(outcome.origin)}: {printable(reason)}")
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


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The output directory: Parquet shards per table, and manifest.json.",
)
@click.option(
    "--ray",
    "address",
    metavar="ADDRESS",
    help="Join this Ray cluster (HOST:PORT, or 'auto'); default: start Ray on this machine.",
)
@click.option(
    "--shard-size",
    type=click.IntRange(min=1),
    default=settings.SHARD_SIZE,
    show_default=True,
    help="Documents per shard, the unit of output and of resuming.",
)
@click.option(
    "--cpus",
    type=click.IntRange(min=1),
    help="Cores of the Ray started here (default: all); a cluster's are its own.",
)
@progress_option
@click.option(
    "--max-bytes", type=click.IntRange(min=1), help="Refuse inputs larger than this (default 2 MB)."
)
def run(
    sources: tuple[str, ...],
    out: Path,
    address: str | None,
    shard_size: int,
    cpus: int | None,
    progress: bool | None,
    max_bytes: int | None,
) -> None:
    """Analyse local files (WARC, WARC.gz, JSONL, text, HTML; directories, globs) on Ray and
    write articles, attributions, speakers and failures as Parquet shards in --out, with a
    manifest. Run it again with the same --out after a kill: finished shards are skipped.
    Inputs that fail are rows of the failures table; the exit status is 0 once every input
    is analysed or recorded as failed."""
    from onrecord.batch.cluster import Incomplete, RunReport
    from onrecord.batch.cluster import run as run_on_ray

    if max_bytes is not None:
        settings.MAX_INPUT_BYTES = max_bytes
    report = RunReport()
    try:
        run_on_ray(
            sources,
            out,
            address=address,
            shard_size=shard_size,
            cpus=cpus,
            progress=shown(progress),
            report=report,
        )
    except (InputError, Incomplete) as error:
        raise click.ClickException(str(error)) from error
    except KeyboardInterrupt:
        click.echo(f"interrupted: {report.summary()}; run it again to resume", err=True)
        sys.exit(130)
    click.echo(report.summary(), err=True)
    if report.failures:
        # at CC-NEWS scale some pages always fail (not English, no article): they are data,
        # rows of a table, and the run that recorded them succeeded
        click.echo(f"failed inputs, one row each: {out / 'failures'}", err=True)


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
