"""A time limit per input: an analysis that runs past it is refused on one line, not left to run."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

import onrecord
from onrecord import budget, settings
from onrecord.errors import InputError

SAMPLE = Path(__file__).parent / "data" / "000_88a4e4ddf26ddf09.txt"


def test_an_analysis_past_its_time_limit_is_refused_with_the_limit_named(monkeypatch) -> None:
    monkeypatch.setattr(settings, "TIME_LIMIT", 1e-9)
    with pytest.raises(InputError, match=r"^analysis took longer than 1e-09 s, the time limit"):
        onrecord.analyze(SAMPLE.read_text(encoding="utf-8"))


def test_the_limit_is_per_input_so_the_next_input_has_its_own(monkeypatch) -> None:
    monkeypatch.setattr(settings, "TIME_LIMIT", 60)
    with budget.time_limit(1e-9):
        time.sleep(0.001)
        with pytest.raises(InputError):
            budget.check()
    budget.check()  # outside the input's block nothing is timed
    article = onrecord.analyze(SAMPLE.read_text(encoding="utf-8"))
    assert article.attributions


def test_a_stage_entered_inside_an_input_keeps_the_inputs_deadline() -> None:
    with budget.time_limit(1e-9):
        time.sleep(0.001)
        with budget.time_limit(3600), pytest.raises(InputError):
            budget.check()


def test_the_command_line_refuses_on_one_line_and_exits_non_zero(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "onrecord", "analyze", "--time-limit", "0.000000001", str(SAMPLE)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {SAMPLE}: analysis took longer than 1e-09 s, the time limit per input"
        " (--time-limit, $ONRECORD_TIME_LIMIT)"
    ]
