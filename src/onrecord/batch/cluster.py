"""`onrecord run`: analysis on a Ray cluster, or on a Ray started on this machine, written as
Parquet shards that a killed run resumes from.

Ray Data carries the work. Input files (WARC, WARC.gz, JSONL, text, HTML; directories and
globs are expanded here) are read by parallel tasks, record by record, into rows; actors that
each load spaCy once analyse the rows in batches (`batch.analyze_batch`, as `analyze` does);
this process, the driver, gathers the results into shards of `shard_size` consecutive documents
of a file and writes each shard as one Parquet file per table (`batch.tables`) as soon as it is
whole. The same command runs on a laptop and on a 400-core cluster; only `--ray` changes.

Fault tolerance comes from Ray and from the shards. A read task that fails is run again, an
actor that dies is restarted and its batch retried; results are keyed by file and position, so
a retried batch can never add a row twice. A shard's files are written under temporary names,
renamed, and only then marked done (`_done/SHARD.json`), so a run killed at any moment leaves
whole shards only, and the next run with the same output directory skips them (and files whose
every shard is done, `_ended/FILE.json`, are not even read): no article is lost or written
twice. A bad record is a
row of the `failures` table, never the end of the run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import socket
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from onrecord import settings
from onrecord.batch import analyze_batch
from onrecord.batch.tables import TABLES, Rows
from onrecord.corpus.bulk import MANIFEST
from onrecord.errors import InputError, first_line, trace, unexpected, writable
from onrecord.fetch import Offline
from onrecord.progress import Progress
from onrecord.read import local_files, read_path
from onrecord.read.failure import failed
from onrecord.records import Article, Document

#: Object store of a Ray started here (bytes): rows in flight are small, the machine shared.
LOCAL_OBJECT_STORE = 512 * 1024 * 1024
#: Largest block of rows Ray Data makes: about one page, so that no actor gets a file's pages
#: all at once while the others wait.
BLOCK_BYTES = 64 * 1024
#: Actors per file read at once (at least 2 files are read at once).
READERS_PER_ACTOR = 16
DONE = "_done"
ENDED = "_ended"
SETTINGS = "_run.json"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class Incomplete(Exception):
    """Results Ray should have returned did not come back: the run must be started again
    (which redoes only what is missing)."""


@dataclass(slots=True)
class RunReport:
    """What a run did: shards it wrote, shards an earlier run had written, what they hold."""

    written: int = 0
    skipped: int = 0
    articles: int = 0
    failures: int = 0

    def summary(self) -> str:
        return (
            f"{self.articles} analysed, {self.failures} failed; {self.written} shards written,"
            f" {self.skipped} already done"
        )


def run(
    sources: Iterable[str | Path],
    out: str | Path,
    *,
    address: str | None = None,
    shard_size: int = settings.SHARD_SIZE,
    cpus: int | None = None,
    progress: bool = False,
    report: RunReport | None = None,
) -> RunReport:
    """Analyse every document of the local `sources` on Ray and write the tables to `out`.

    `address` joins a running cluster ("auto", or HOST:PORT); without it a Ray is started on
    this machine with `cpus` cores (default: all). `report` is filled as shards are written,
    so a caller that is interrupted knows what was done."""
    import ray

    report = report if report is not None else RunReport()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _check_settings(out, shard_size)
    files = [_input(item) for source in sources for item in _files_of(source)]
    done = _finished_shards(out)
    todo = [file for file in files if not _file_done(out, file, done, shard_size)]
    report.skipped = len(done)
    if todo:
        _connect(address, cpus)
        try:
            collector = _Collector(out, shard_size, done, report)
            paths = [file["path"] for file in todo if file["path"]]
            with Progress(paths, enabled=progress, desc="run") as collector.progress:
                for row in _dataset(todo, shard_size, ray).iter_rows():
                    collector.add(row)
            collector.finish([file["key"] for file in todo])
        finally:
            ray.shutdown()
    write_manifest(out, files, shard_size)
    return report


def _files_of(source: str | Path) -> Iterator[Path | Document]:
    name = str(source)
    if name == "-" or name.startswith(("http://", "https://")):
        raise InputError(f"{writable(name)}: `run` reads local files and directories only")
    return local_files(source)


def _input(item: Path | Document) -> dict[str, Any]:
    """One input of the run: a file to read, or a document that failed before reading."""
    if isinstance(item, Document):
        origin = item.origin
        return {"key": _key(origin), "path": "", "origin": origin, "error": item.metadata["error"]}
    path = str(item.resolve()) if item.exists() else str(item)
    return {"key": _key(path), "path": path, "origin": writable(path), "error": ""}


def _key(name: str) -> str:
    """A file's name among the shards: readable, and unique by a hash of the whole path."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"{_UNSAFE.sub('_', Path(name).name)[:60]}-{digest}"


def shard_name(key: str, number: int) -> str:
    return f"{key}-{number:06d}"


def _connect(address: str | None, cpus: int | None) -> None:
    import ray
    import ray.data

    options: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING}
    if address:
        _reachable(address)
        try:
            ray.init(address=address, **options)
        except (ConnectionError, RuntimeError, ValueError) as error:
            reason = f"cannot join the Ray cluster at {address}: {first_line(error)}"
            raise InputError(reason) from error
    else:
        ray.init(
            num_cpus=cpus,
            object_store_memory=LOCAL_OBJECT_STORE,
            include_dashboard=False,
            **options,
        )
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the run's own bar counts articles
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    # small blocks, so that the pages of one file are shared among all the actors (Ray Data
    # bundles blocks up to a batch per actor call) and a retried task redoes little
    context.target_max_block_size = BLOCK_BYTES
    # Ray Data's notes on each execution would bury the run's own lines; errors still show
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    # counted before reading, one file is one input to Ray Data; its pages come in many
    # blocks, which all the actors share (BLOCK_BYTES)
    warnings.filterwarnings("ignore", "The minimum number of concurrent actors", UserWarning)


def _reachable(address: str) -> None:
    """Refuse at once a HOST:PORT where nothing listens: Ray would retry it for minutes."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", or a form Ray reads itself
    try:
        socket.create_connection((host, int(port)), timeout=10).close()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(f"cannot join the Ray cluster at {address}: {reason}") from error


def _dataset(files: list[dict[str, Any]], shard_size: int, ray: Any) -> Any:
    """Read tasks over the files, then a pool of analysing actors, one per core. Ray Data's
    defaults give the fault tolerance: a task whose worker died runs again, and an actor
    that died is started again and its batch retried (max_restarts and max_task_retries -1)."""
    actors = max(1, int(ray.cluster_resources().get("CPU", 1)))
    return (
        ray.data.from_items(files, override_num_blocks=len(files))
        .flat_map(
            _read_rows,
            fn_kwargs={"shard_size": shard_size, "max_bytes": settings.MAX_INPUT_BYTES},
            # reading costs little beside analysis: it takes no core from the actors, and a
            # few files read at once feed them all, while the driver holds the unfinished
            # shards of only those files
            num_cpus=0,
            compute=ray.data.TaskPoolStrategy(size=max(2, actors // READERS_PER_ACTOR)),
        )
        .map_batches(
            Analyser,
            batch_size=settings.BATCH_SIZE,
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=1,
        )
    )


def _read_rows(file: dict[str, Any], *, shard_size: int, max_bytes: int) -> Iterator[dict]:
    """The documents of one input as rows (those of shards done already left out), then a
    last row that says how many the file holds."""
    settings.MAX_INPUT_BYTES = max_bytes
    done = set(file.get("done") or ())
    count = 0
    for count, document in enumerate(_documents(file), start=1):
        shard = (count - 1) // shard_size
        if shard not in done:
            yield _document_row(file["key"], shard_name(file["key"], shard), count - 1, document)
    yield {**_EMPTY, "file": file["key"], "position": count, "end": True}


def _documents(file: dict[str, Any]) -> Iterator[Document]:
    if file["error"]:
        yield failed(file["origin"], file["error"])
        return
    documents = read_path(Path(file["path"]), fetcher=Offline("`run` fetches no pages"))
    while True:
        try:
            document = next(documents)
        except StopIteration:
            return
        except Exception as error:  # a reader that gave up: the rest of this file is lost
            yield failed(file["origin"], unexpected(error), traceback=trace(error))
            return
        yield document


_EMPTY: dict[str, Any] = {
    "file": "",
    "shard": "",
    "position": 0,
    "end": False,
    "origin": "",
    "media_type": "",
    "content": b"",
    "is_text": False,
    "metadata": "{}",
    "record": "",
    "error": "",
}


def _document_row(key: str, shard: str, position: int, document: Document) -> dict[str, Any]:
    content = document.content
    return {
        **_EMPTY,
        "file": key,
        "shard": shard,
        "position": position,
        "origin": document.origin,
        "media_type": document.media_type,
        "content": content.encode("utf-8", "surrogatepass")
        if isinstance(content, str)
        else content,
        "is_text": isinstance(content, str),
        "metadata": json.dumps(document.metadata, default=str),
    }


class Analyser:
    """A Ray actor that loads spaCy once and analyses batches of document rows into rows
    holding each article's record (JSON) or the reason it failed."""

    def __init__(self) -> None:
        from onrecord import nlp

        nlp.load()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows = [dict(zip(batch, values, strict=True)) for values in zip(*batch.values())]
        documents = [_document(row) for row in rows if not row["end"]]
        outcomes = iter(analyze_batch(documents))
        results = []
        for row in rows:
            result = {**_EMPTY, "file": row["file"], "position": int(row["position"])}
            result.update(shard=row["shard"], end=bool(row["end"]), origin=row["origin"])
            if not row["end"]:
                outcome = next(outcomes)
                if outcome.article is not None:
                    result["record"] = json.dumps(outcome.article.to_dict(), ensure_ascii=False)
                else:
                    result["error"] = outcome.error or "could not be analysed"
            results.append(result)
        return {name: [result[name] for result in results] for name in _EMPTY}


def _document(row: dict[str, Any]) -> Document:
    content = bytes(row["content"])
    return Document(
        content=content.decode("utf-8", "surrogatepass") if row["is_text"] else content,
        origin=str(row["origin"]),
        media_type=str(row["media_type"]),
        metadata=json.loads(row["metadata"]),
    )


class _Collector:
    """Gathers result rows into shards, writing each as soon as it is whole; rows are keyed
    by file and position, so a row that comes twice (a retried batch) counts once."""

    def __init__(
        self, out: Path, shard_size: int, done: dict[str, dict[str, Any]], report: RunReport
    ) -> None:
        self.out = out
        self.shard_size = shard_size
        self.done = done
        self.report = report
        self.totals: dict[str, int] = {}
        self.pending: dict[str, dict[int, dict[str, Any]]] = {}
        self.progress: Progress | None = None

    def add(self, row: dict[str, Any]) -> None:
        key, position = row["file"], int(row["position"])
        if row["end"]:
            self.totals[key] = position
            for shard in [s for s in self.pending if s.startswith(f"{key}-")]:
                self._write_if_whole(key, shard)
            self._end_if_whole(key)
            return
        rows = self.pending.setdefault(row["shard"], {})
        if position in rows or row["shard"] in self.done:
            return
        rows[position] = row
        if self.progress is not None:
            self.progress.done(failed=bool(row["error"]))
        self._write_if_whole(key, row["shard"])

    def finish(self, keys: list[str]) -> None:
        """Every file of the run has said how many documents it holds, so every shard is
        whole; one that is not means rows were lost, which Ray's retries should make
        impossible: it is left undone for the next run, and said."""
        if self.pending:
            raise Incomplete(
                f"{len(self.pending)} shards are incomplete ({', '.join(sorted(self.pending))});"
                " run again to finish them"
            )
        missing = [key for key in keys if key not in self.totals]
        if missing:
            raise Incomplete(f"the end of {len(missing)} input files never came back; run again")

    def _write_if_whole(self, key: str, shard: str) -> None:
        rows = self.pending.get(shard, {})
        number = int(shard.rsplit("-", 1)[1])
        first = number * self.shard_size
        total = self.totals.get(key)
        expected = self.shard_size if total is None else min(self.shard_size, total - first)
        if len(rows) < expected:
            return
        del self.pending[shard]
        marker = write_shard(self.out, shard, [rows[p] for p in sorted(rows)])
        marker.update(file=key, first=first)
        _write_json(self.out / DONE / f"{shard}.json", marker)
        self.done[shard] = marker
        self.report.written += 1
        self.report.articles += marker["articles"]
        self.report.failures += marker["failures"]
        self._end_if_whole(key)

    def _end_if_whole(self, key: str) -> None:
        """Once every shard of a file is done, the file is marked ended: not read again."""
        total = self.totals.get(key)
        if total is None:
            return
        shards = -(-total // self.shard_size)
        if all(shard_name(key, number) in self.done for number in range(shards)):
            _write_json(self.out / ENDED / f"{key}.json", {"file": key, "documents": total})


def write_shard(out: Path, shard: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Write one shard's tables, each file whole or not at all; returns what it holds."""
    tables = Rows.empty()
    analysed_at = datetime.now(UTC)
    for row in rows:
        if row["error"]:
            tables.add_failure(row["origin"], row["error"], row["file"], int(row["position"]))
        else:
            tables.add_article(Article.from_dict(json.loads(row["record"])), analysed_at)
    for name, table in tables.tables().items():
        _write_parquet(out / name / f"{shard}.parquet", table)
    return {
        "shard": shard,
        "count": len(rows),
        "articles": len(tables.articles),
        "failures": len(tables.failures),
    }


def _write_parquet(path: Path, table: pa.Table) -> None:
    _write_whole(path, lambda temporary: pq.write_table(table, temporary))


def _write_json(path: Path, value: Any) -> None:
    text = json.dumps(value, indent=1, sort_keys=True)
    _write_whole(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def _write_whole(path: Path, write: Callable[[Path], object]) -> None:
    """`write` to a hidden temporary file beside `path`, then rename it: a reader (or a run
    killed half-way) sees the whole file or none; readers of the tables pass over dot files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    write(temporary)
    os.replace(temporary, path)


def _finished_shards(out: Path) -> dict[str, dict[str, Any]]:
    folder = out / DONE
    if not folder.is_dir():
        return {}
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.json"))
    }


def _file_done(
    out: Path, file: dict[str, Any], done: dict[str, dict[str, Any]], shard_size: int
) -> bool:
    """Whether a file was read to its end and every shard of it is done: then it is not read
    again. Otherwise its done shards are noted, for the read task to leave out."""
    file["done"] = sorted(
        marker["first"] // shard_size
        for marker in done.values()
        if marker.get("file") == file["key"]
    )
    return (out / ENDED / f"{file['key']}.json").exists()


def _check_settings(out: Path, shard_size: int) -> None:
    """A resumed run must cut files into the shards the first run cut them into."""
    path = out / SETTINGS
    if path.exists():
        written = json.loads(path.read_text(encoding="utf-8")).get("shard_size")
        if written != shard_size:
            raise InputError(
                f"{writable(str(out))} holds shards of {written} documents: give"
                f" --shard-size {written} to resume, or another --out"
            )
        return
    _write_json(path, {"shard_size": shard_size})


def write_manifest(out: Path, files: list[dict[str, Any]], shard_size: int) -> dict[str, Any]:
    """`manifest.json`: the inputs, every shard done with what it holds, the tables and their
    columns, and the totals, from the shards' own records (so a resumed run's manifest covers
    the runs before it)."""
    shards = sorted(_finished_shards(out).values(), key=lambda m: m["shard"])
    manifest = {
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "shard_size": shard_size,
        "inputs": [file["origin"] for file in files],
        "tables": {
            name: {
                "files": f"{name}/*.parquet",
                "columns": {c.name: c.description for c in columns},
            }
            for name, columns in TABLES.items()
        },
        "shards": shards,
        "articles": sum(m["articles"] for m in shards),
        "failures": sum(m["failures"] for m in shards),
    }
    _write_json(out / MANIFEST, manifest)
    return manifest
