"""A fixed-seed slice of `make fuzz`: mutated text, HTML, feeds, WARC and JSONL are each
analysed or refused on one line, with no traceback, hang or runaway memory."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

FUZZ = Path(__file__).parent.parent / "scripts" / "fuzz.py"


def test_a_fixed_seed_slice_of_the_fuzzer_finds_no_crash(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(FUZZ), "--seed", "7", "--count", "40", "--seconds", "240"]
        + ["--timeout", "60", "--memory-mb", "2048", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = result.stdout.strip().splitlines()[-1]
    found = re.fullmatch(
        r"fuzz \(seed 7, \d+ s\): 40 inputs, (\d+) clean refusals, (\d+) accepted, 0 crashes",
        summary,
    )
    assert found, result.stdout[-5000:] + result.stderr[-2000:]
    refused, accepted = map(int, found.groups())
    assert refused + accepted == 40 and refused > 0 and accepted > 0
    assert result.returncode == 0
