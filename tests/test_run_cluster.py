"""`onrecord run` on a real Ray cluster of two nodes started on this machine (`ray start
--head`, then a second `ray start --address` with its own resources; both stopped afterwards,
whatever happens): its Parquet output holds what single-process `analyze` gives, a worker
killed mid-run costs no article and duplicates none, and a run killed and started again
resumes from its finished shards.

Kept small (19 short pages in 3 WARC files, one of them not English; shards of 3) and lean (one core and 100 MB of
object store per node), so the module runs in a few minutes on a busy 2-core machine."""

from __future__ import annotations

import contextlib
import html
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from warcio.warcwriter import WARCWriter

from onrecord.batch import analyze_sources
from test_read_warc import response

RAY = str(Path(sys.executable).parent / "ray")
EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.txt"))
FILES, PAGES, SHARD = 3, 6, 3
#: The first file holds one more page, in German: a failure row, not the end of the run.
SHARDS = FILES * PAGES // SHARD + 1
GERMAN = "Der Bürgermeister sagte am Montag, dass die Brücke im Frühjahr wieder öffnen werde."


@dataclass(frozen=True)
class Cluster:
    address: str
    env: dict[str, str]
    #: The process groups of the two `ray start`s: every process of a node is in its group.
    groups: tuple[int, ...]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ray_start(args: list[str], env: dict[str, str], groups: list[int]) -> None:
    """`ray start` in a session of its own, so that the node's processes can be found and
    stopped by its process group, and no other Ray on the machine is touched."""
    starter = subprocess.Popen(
        [RAY, "start", *args, "--node-ip-address=127.0.0.1", "--disable-usage-stats"],
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    groups.append(starter.pid)
    output, _ = starter.communicate(timeout=180)
    assert starter.returncode == 0, output[-3000:]


def _processes() -> dict[int, tuple[int, bytes]]:
    """Every process here: its parent's id and its command line (Ray's workers show their
    task or actor there)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            found[int(entry.name)] = (parent, (entry / "cmdline").read_bytes())
        except (OSError, ValueError, IndexError):  # not a process, or one that just ended
            continue
    return found


def _cluster_processes(groups: tuple[int, ...]) -> list[int]:
    """The processes of the nodes' groups, and their descendants: Ray's workers take process
    groups of their own, so they are found as the children of their raylet."""
    processes = _processes()
    found: set[int] = set()
    for pid in processes:
        try:
            if os.getpgid(pid) in groups:
                found.add(pid)
        except ProcessLookupError:
            continue
    while more := {pid for pid, (parent, _) in processes.items() if parent in found} - found:
        found |= more
    return sorted(found)


def _stop(groups: tuple[int, ...]) -> None:
    """Stop the cluster's processes and only those: SIGTERM, then SIGKILL what is left."""
    for sig, grace in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        remaining = _cluster_processes(groups)
        for pid in remaining:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while remaining and time.monotonic() < deadline:
            time.sleep(0.2)
            remaining = _cluster_processes(groups)
        if not remaining:
            return


def _nodes(cluster_env: dict[str, str], address: str) -> int:
    status = subprocess.run(
        [RAY, "status", f"--address={address}"],
        env=cluster_env,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    active = status.split("Active:")[-1].split("Pending:")[0]
    return active.count("node_")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    # Ray's socket paths must fit in 107 bytes: a short directory, not pytest's
    temp = Path(tempfile.mkdtemp(prefix="ray-", dir="/tmp"))
    token = temp / "token"
    token.write_text(secrets.token_hex(32))
    env = {
        **os.environ,
        "RAY_USAGE_STATS_ENABLED": "0",
        "RAY_AUTH_MODE": "token",
        "RAY_AUTH_TOKEN_PATH": str(token),
    }
    address = f"127.0.0.1:{_free_port()}"
    node = ["--num-cpus=1", "--object-store-memory=100000000"]
    groups: list[int] = []
    try:
        _ray_start(
            ["--head", f"--port={address.split(':')[1]}", f"--temp-dir={temp}", *node,
             "--include-dashboard=false", f"--dashboard-agent-listen-port={_free_port()}"],
            env,
            groups,
        )  # fmt: skip
        _ray_start(
            [f"--address={address}", *node, '--resources={"second_node": 1}',
             f"--dashboard-agent-listen-port={_free_port()}"],
            env,
            groups,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while _nodes(env, address) < 2:
            assert time.monotonic() < deadline, "the second node never joined"
            time.sleep(1)
        yield Cluster(address, env, tuple(groups))
    finally:
        _stop(tuple(groups))
        subprocess.run(["rm", "-rf", str(temp)], check=False)


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 WARC.gz files of 6 news pages each, as CC-NEWS ships them, every page different,
    and a page in German at the end of the first."""
    folder = tmp_path_factory.mktemp("warcs")
    for f in range(FILES):
        with (folder / f"CC-NEWS-{f}.warc.gz").open("wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for n in range(PAGES + (f == 0)):
                text = EXAMPLES[(f * PAGES + n) % len(EXAMPLES)].read_text(encoding="utf-8")
                text = GERMAN if n == PAGES else text
                paragraphs = "".join(
                    f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip()
                )
                page = (
                    f"<html><head><title>Report {f}-{n}</title></head><body><article>"
                    f"<h1>Report {f}-{n}</h1>{paragraphs}</article></body></html>"
                )
                url = f"https://news.example/{f}/{n}"
                response(writer, url, page.encode(), "text/html; charset=utf-8")
    return folder


def _run(cluster: Cluster, warcs: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "onrecord", "run", str(warcs), "--out", str(out),
         "--ray", cluster.address, "--shard-size", str(SHARD), "--no-progress"],
        env={**cluster.env, "ONRECORD_BATCH_SIZE": "1"},  # many small tasks: a kill lands mid-run
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def _finished(run: subprocess.Popen[str]) -> str:
    _, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stderr[-3000:]
    return stderr


def _done(out: Path) -> int:
    return len(list((out / "_done").glob("*.json"))) if (out / "_done").is_dir() else 0


def _articles(out: Path) -> list[dict]:
    return pq.read_table(out / "articles").to_pylist()


def _each_article_once(out: Path, expected: dict[str, dict]) -> None:
    ids = [row["id"] for row in _articles(out)]
    assert sorted(ids) == sorted(expected), "every article exactly once"
    attributions = pq.read_table(out / "attributions", columns=["article_id"]).to_pylist()
    assert len(attributions) == sum(len(a["attributions"]) for a in expected.values())
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["articles"], manifest["failures"], len(manifest["shards"])) == (
        FILES * PAGES,
        1,
        SHARDS,
    )
    (failure,) = pq.read_table(out / "failures").to_pylist()
    assert failure["origin"] == f"https://news.example/0/{PAGES}"
    assert failure["error"].startswith("input is not English")


@pytest.fixture(scope="module")
def expected(warcs: Path) -> dict[str, dict]:
    """What single-process `analyze` makes of the same files: each article's record by id."""
    outcomes = list(analyze_sources([warcs], workers=1))
    assert sum(outcome.article is None for outcome in outcomes) == 1  # the German page
    return {o.article.id: o.article.to_dict() for o in outcomes if o.article}


def test_run_on_two_nodes_writes_what_one_process_analyses(cluster, warcs, expected, tmp_path):
    stderr = _finished(_run(cluster, warcs, tmp_path / "out"))
    assert f"18 analysed, 1 failed; {SHARDS} shards written, 0 already done" in stderr
    records = {row["id"]: json.loads(row["record"]) for row in _articles(tmp_path / "out")}
    assert records == expected
    _each_article_once(tmp_path / "out", expected)
    for row in pq.read_table(tmp_path / "out" / "attributions").to_pylist():
        text = expected[row["article_id"]]["text"]  # offsets point into the analysed text
        assert [text[start:end] for start, end in row["content_offsets"]] == row["content"].split(
            " … "
        )


def _busy_actor(run: subprocess.Popen[str], cluster: Cluster) -> int:
    """The process id of an analysing actor while it works on a batch (Ray titles it
    `ray::MapWorker(MapBatches(Analyser)).submit` then): killed there, its batch is lost
    and must be run again, and at least that batch's shard is not written yet."""
    deadline = time.monotonic() + 300
    while True:
        processes = _processes()
        for pid in _cluster_processes(cluster.groups):
            title = processes.get(pid, (0, b""))[1]
            if b"MapBatches(Analyser)" in title and b".submit" in title:
                return pid
        assert run.poll() is None, run.communicate()[1][-3000:]
        assert time.monotonic() < deadline, "no analysing actor took a batch in time"
        time.sleep(0.02)


def test_a_worker_killed_mid_run_costs_no_article_and_duplicates_none(
    cluster, warcs, expected, tmp_path
):
    run = _run(cluster, warcs, tmp_path / "out")
    os.kill(_busy_actor(run, cluster), signal.SIGKILL)
    assert _done(tmp_path / "out") < SHARDS, "the kill should land mid-run"
    _finished(run)
    _each_article_once(tmp_path / "out", expected)


#: `run` in a process that kills itself with SIGKILL the moment its second shard is written:
#: a kill mid-run whatever the timing (results reach the driver in bursts, often all at once).
KILLED_AFTER_TWO_SHARDS = """
import os, signal, sys
from onrecord.batch.cluster import RunReport, run

class KilledAfterTwoShards(RunReport):
    def __setattr__(self, name, value):
        super().__setattr__(name, value)
        if name == "written" and value == 2:
            os.kill(os.getpid(), signal.SIGKILL)

run([sys.argv[1]], sys.argv[2], address=sys.argv[3], shard_size=int(sys.argv[4]),
    report=KilledAfterTwoShards())
"""


def test_a_run_killed_and_started_again_resumes_from_its_finished_shards(
    cluster, warcs, expected, tmp_path
):
    out = tmp_path / "out"
    first = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_TWO_SHARDS, str(warcs), str(out), cluster.address,
         str(SHARD)],
        env={**cluster.env, "ONRECORD_BATCH_SIZE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert first.returncode == -signal.SIGKILL, first.stderr[-3000:]
    done = _done(out)
    assert done == 2
    stderr = _finished(_run(cluster, warcs, out))
    assert f"{SHARDS - done} shards written, {done} already done" in stderr
    _each_article_once(out, expected)
