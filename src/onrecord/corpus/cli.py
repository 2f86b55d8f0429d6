"""`onrecord ingest | speakers | speaker | quotes | search | export`: thin commands over
`onrecord.corpus.Corpus`, each named for the method it calls."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from onrecord.corpus.columns import FORMATS, TABLES, columns_help
from onrecord.corpus.fulltext import QueryError
from onrecord.errors import printable
from onrecord.render import confidence_label, shorten
from onrecord.settings import default_workers

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from onrecord.fetch import Fetcher

_db = click.option(
    "--db",
    envvar="ONRECORD_DB",
    metavar="URL",
    help="The store: a SQLite file or a postgresql:// URL (default: onrecord.db, or $ONRECORD_DB).",
)
_as_json = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
_site = click.option(
    "--site",
    metavar="OUTLET",
    help="Only this outlet's articles: its name ('CNN', any case) or its domain ('cnn.com').",
)
#: `--min-confidence`, shared by every command that shows or writes attributions.
min_confidence_option = click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    metavar="FLOAT",
    help="Leave out attributions the extractor is less confident of (0 to 1).",
)


#: `--progress/--no-progress`, shared by every command that works through many inputs.
progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when standard error is a terminal).",
)


def batch_options(command: Any) -> Any:
    """`--workers` and `--progress`: how a command that analyses many inputs runs, shared by
    `analyze` and `ingest`."""
    return workers_option(
        "Processes analysing at once (default: the machine's cores; 1: this process)."
    )(progress_option(command))


def workers_option(help: str) -> Callable[[Any], Any]:
    """`--workers N`: how many processes a command runs on (None: `default_workers()`)."""
    return click.option(
        "--workers", type=click.IntRange(min=1), default=None, metavar="N", help=help
    )


def run_settings(workers: int | None, progress: bool | None) -> tuple[int, bool]:
    """What `batch_options` asked for, defaults filled in."""
    return (workers or default_workers(), shown(progress))


def shown(progress: bool | None) -> bool:
    """Whether a progress bar is shown: as asked, else when standard error is a terminal."""
    return sys.stderr.isatty() if progress is None else progress


def fetch_options(command: Any) -> Any:
    """`--max-bytes`, `--time-limit`, `--allow-private` and `--ignore-robots`: how inputs are
    read, fetched and bounded, shared by every command that reads sources."""
    for option in reversed(
        [
            click.option(
                "--max-bytes",
                type=click.IntRange(min=1),
                default=None,
                help="Refuse inputs larger than this (default 2 MB).",
            ),
            click.option(
                "--time-limit",
                type=click.FloatRange(min=0),
                default=None,
                metavar="SECONDS",
                help="Refuse an input whose analysis takes longer than this"
                " (default 120, or $ONRECORD_TIME_LIMIT; 0: no limit).",
            ),
            click.option(
                "--allow-private",
                is_flag=True,
                help="Let URLs reach private, loopback and link-local hosts (local use only).",
            ),
            click.option(
                "--ignore-robots",
                is_flag=True,
                help="Fetch pages even where robots.txt forbids it.",
            ),
        ]
    ):
        command = option(command)
    return command


@contextmanager
def reading_with(
    max_bytes: int | None, time_limit: float | None, allow_private: bool, ignore_robots: bool
) -> Iterator[Fetcher]:
    """The fetcher the fetch options ask for, with `max_bytes` and `time_limit` as the limits
    per input while the block runs (settings the stages share, put back afterwards)."""
    from onrecord import settings
    from onrecord.fetch import Fetcher, FetchSettings

    limits = settings.MAX_INPUT_BYTES, settings.TIME_LIMIT
    if max_bytes is not None:
        settings.MAX_INPUT_BYTES = max_bytes
    if time_limit is not None:
        settings.TIME_LIMIT = time_limit
    fetcher = Fetcher(FetchSettings(allow_private=allow_private, respect_robots=not ignore_robots))
    try:
        yield fetcher
    finally:
        fetcher.close()
        settings.MAX_INPUT_BYTES, settings.TIME_LIMIT = limits


def _corpus(db: str | None, *, create: bool = False) -> Any:
    """The store a command works on, named on standard error; only `ingest` creates one."""
    with _loading():
        # imported here so that `onrecord --help` does not wait for SQLAlchemy and spaCy
        from onrecord.corpus import Corpus, StoreNotFound
        from onrecord.corpus.store import describe

    try:
        corpus = Corpus(db, create=create)
    except StoreNotFound as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"store: {describe(db)}", err=True)
    return corpus


@contextmanager
def _loading() -> Iterator[None]:
    """Load modules with Python's cyclic garbage collector paused, then exempt what exists
    from its later passes (`gc.freeze`): a corpus command is mostly loading SQLAlchemy, and the
    collections that loading sets off, each walking every object made so far, took about a
    tenth of `onrecord search` on a small store. Collection goes on as before afterwards;
    what was frozen is still freed when no longer referenced, unless it is in a cycle (a
    caller running commands in its own process, as the tests do, keeps such cycles)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _console() -> Console:
    # rich loads here, where a table is printed: JSON output and --help do without it
    from rich.console import Console

    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)


def _table() -> Table:
    from rich.table import Table

    return Table()


def _print_json(records: Any) -> None:
    click.echo(json.dumps(records, ensure_ascii=False, indent=2))


@click.command()
@click.argument("sources", nargs=-1, required=True)
@_db
@batch_options
@fetch_options
def ingest(
    sources: tuple[str, ...],
    db: str | None,
    workers: int | None,
    progress: bool | None,
    max_bytes: int | None,
    time_limit: float | None,
    allow_private: bool,
    ignore_robots: bool,
) -> None:
    """Analyse articles and store them: files (text, HTML, feeds, WARC, JSONL), directories,
    globs, http(s) URLs of pages or feeds, '-' for standard input; a directory `onrecord run`
    wrote is loaded as it is, in bulk, not analysed again.

    Articles already stored are skipped, a changed version of a stored article replaces it,
    and an interrupted run resumes where it stopped when run again."""
    from onrecord.corpus import IngestReport

    corpus = _corpus(db, create=True)
    report = IngestReport()
    workers, progress = run_settings(workers, progress)
    try:
        with reading_with(max_bytes, time_limit, allow_private, ignore_robots) as fetcher:
            corpus.ingest(
                sources, progress=progress, report=report, fetcher=fetcher, workers=workers
            )
    except KeyboardInterrupt:
        click.echo(f"interrupted: {report.summary()}; run it again to resume", err=True)
        sys.exit(130)
    for origin, reason in report.failed:
        click.echo(f"error: {printable(origin)}: {printable(reason)}", err=True)
    click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)


@click.command("speakers")
@click.option(
    "--name", help="Only speakers with these whole words in their name or a name seen for them."
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option(
    "--all",
    "mentioned",
    is_flag=True,
    help="Also list people and bodies only mentioned, the speakers of no statement.",
)
@_site
@_db
@_as_json
def speakers_command(
    name: str | None,
    limit: int,
    mentioned: bool,
    site: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """List speakers across the corpus, the most quoted first: those who said something,
    and with --all those only mentioned, marked "mentioned only"."""
    found = _corpus(db).speakers(name, limit=limit, mentioned=mentioned, site=site)
    if as_json:
        _print_json([s.to_dict() for s in found])
        return
    table = _table()
    for column in ("id", "name", "titles", "affiliations", "statements", "first seen", "last seen"):
        table.add_column(column, overflow="fold")
    for s in found:
        table.add_row(
            str(s.id),
            s.name,
            _roles(s.titles),
            _roles(s.affiliations),
            "mentioned only" if s.mentioned_only else str(s.statements),
            _day(s.first_seen),
            _day(s.last_seen),
        )
    _console().print(table)


@click.command("speaker")
@click.argument("name")
@min_confidence_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--page", type=click.IntRange(min=1), default=1, help="2 shows the second --limit.")
@_db
@_as_json
def speaker_command(
    name: str, min_confidence: float | None, limit: int, page: int, db: str | None, as_json: bool
) -> None:
    """One speaker's statements over time, oldest first, a page of --limit at a time; NAME is
    whole words of a name, or a speaker id."""
    offset = (page - 1) * limit
    found = _corpus(db).speaker(name, min_confidence=min_confidence, limit=limit, offset=offset)
    if isinstance(found, list):
        if not found:
            raise click.ClickException(f"no speaker matches {name!r}")
        choices = "; ".join(f"{s.id}: {s.name} ({s.statements} statements)" for s in found[:10])
        raise click.ClickException(f"{name!r} matches several speakers; give an id: {choices}")
    summary, statements = found
    if as_json:
        _print_json({**summary.to_dict(), "statements": [s.to_dict() for s in statements]})
        return
    console = _console()
    console.print(
        f"[bold]{summary.name}[/bold] ({summary.type}) {_roles(summary.titles)}"
        f" {_roles(summary.affiliations)}".rstrip(),
        highlight=False,
    )
    _statement_table(console, statements, summary.statements, offset=offset, more="--page")


@click.command()
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--min-articles",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Only quotes carried by at least this many articles.",
)
@_db
@_as_json
def quotes(top: int, min_articles: int, db: str | None, as_json: bool) -> None:
    """The most reported quotes, each with its origin (the earliest article) and outlets."""
    found = _corpus(db).quotes(top, min_articles=min_articles)
    if as_json:
        _print_json([cluster.to_dict() for cluster in found])
        return
    table = _table()
    for column in ("articles", "quote", "speaker", "origin", "outlets"):
        table.add_column(column, overflow="fold")
    for cluster in found:
        origin = cluster.origin
        table.add_row(
            str(len(cluster.appearances)),
            shorten(cluster.text, 70),
            origin.speaker or "",
            f"{origin.outlet}, {_day(origin.date)}",
            ", ".join(cluster.outlets),
        )
    _console().print(table)


_date = click.DateTime(formats=["%Y-%m-%d"])


@click.command()
@click.argument("query", default="")
@click.option(
    "--speaker", help="The speaker's id, or whole words of their name ('Trump', 'Donald Trump')."
)
@click.option("--affiliation", help="An affiliation the speaker was given, e.g. 'United Kingdom'.")
@click.option("--kind", type=click.Choice(["direct", "mixed", "indirect"]))
@click.option("--since", type=_date, help="From this date (YYYY-MM-DD), inclusive.")
@click.option("--until", type=_date, help="Up to this date (YYYY-MM-DD), inclusive.")
@_site
@min_confidence_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@_db
@_as_json
def search(
    query: str,
    speaker: str | None,
    affiliation: str | None,
    kind: str | None,
    since: datetime | None,
    until: datetime | None,
    site: str | None,
    min_confidence: float | None,
    limit: int,
    db: str | None,
    as_json: bool,
) -> None:
    """Full-text search over what was said. Words are all required; "quoted words" must
    stand together; OR between two words takes either; -word leaves out statements with it.
    Case, accents and inflections do not matter ("warn" finds "warned"). A query that
    starts with a minus follows a double dash: onrecord search -- -Trump"""
    corpus = _corpus(db)
    filters = {
        "speaker": speaker,
        "affiliation": affiliation,
        "kind": kind,
        "since": since.date() if since else None,
        "until": until.date() if until else None,
        "site": site,
        "min_confidence": min_confidence,
    }
    try:
        found = corpus.search(query, limit=limit, **filters)
        total = len(found) if len(found) < limit else corpus.count(query, **filters)
    except QueryError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        _print_json([s.to_dict() for s in found])
        return
    _statement_table(_console(), found, total)


@click.command(epilog=columns_help())
@click.argument("table", type=click.Choice(list(TABLES)), default="attributions")
@click.option("--format", "format_", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (needed for parquet) instead of standard output.",
)
@min_confidence_option
@_site
@_db
def export(
    table: str,
    format_: str,
    output: Path | None,
    min_confidence: float | None,
    site: str | None,
    db: str | None,
) -> None:
    """Export articles, attributions or speakers as JSON Lines, CSV or Parquet; with
    --min-confidence, attributions below it are left out, and from the counts; with --site,
    only that outlet's articles, their attributions and speakers."""
    if output is None and format_ == "parquet":
        raise click.UsageError("parquet needs a file: give --output PATH")
    count = _corpus(db).export(
        table,
        format_,
        output if output else sys.stdout,
        min_confidence=min_confidence,
        site=site,
    )
    click.echo(f"{_count(count, table.removesuffix('s'))} exported", err=True)


def _statement_table(
    console: Console,
    statements: list[Any],
    total: int | None = None,
    *,
    offset: int = 0,
    more: str = "--limit",
) -> None:
    """The statements as a table, and how many there are: `total` when only some are shown
    (those from `offset` on); `more` is the option that shows others."""
    table = _table()
    for column in ("date", "outlet", "speaker", "kind", "confidence", "content"):
        table.add_column(
            column, overflow="fold", justify="right" if column == "confidence" else "left"
        )
    for s in statements:
        table.add_row(
            _day(s.date),
            s.outlet,
            s.speaker or s.source or "",
            s.kind,
            confidence_label(s.confidence),
            shorten(s.content),
        )
    console.print(table)
    total = len(statements) if total is None else total
    span = f"{offset + 1}–{offset + len(statements)}" if offset else str(len(statements))
    shown = f"{span} of " if total > len(statements) else ""
    hint = f" ({more} shows more)" if shown else ""
    console.print(f"{shown}{_count(total, 'statement')}{hint}", style="dim")


def _count(number: int, noun: str) -> str:
    """ "1 statement", "2 statements"."""
    return f"{number} {noun}{'s' * (number != 1)}"


def _roles(roles: list[Any]) -> str:
    return "; ".join(r.value for r in roles[:3])


def _day(day: date | None) -> str:
    return day.isoformat() if day else "date unknown"


#: The corpus commands, for the main command group to add.
commands: list[click.Command] = [
    ingest,
    speakers_command,
    speaker_command,
    quotes,
    search,
    export,
]
