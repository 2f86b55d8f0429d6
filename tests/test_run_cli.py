"""`onrecord run` refuses what it cannot do in one line, before starting anything."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "onrecord", "run", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_run_reads_local_files_only(tmp_path: Path) -> None:
    result = run("https://news.example/feed", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: https://news.example/feed: `run` reads local files and directories only"
    )


def test_a_cluster_address_where_nothing_listens_is_refused_at_once(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, not listening: a connection is refused
        (tmp_path / "a.txt").write_text("The mayor said the bridge would reopen.")
        result = run(str(tmp_path), "--out", str(tmp_path / "out"), "--ray", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: cannot join the Ray cluster at 127.0.0.1:{port}: Connection refused"
    )
