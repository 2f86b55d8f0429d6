"""The throughput benchmark's measurements and report."""

from __future__ import annotations

from collections.abc import Sequence

from onrecord.evaluate.bench import (
    MEASUREMENTS,
    RATIOS,
    Measurement,
    Result,
    format_results,
    measure,
)


def test_a_measurement_times_all_its_inputs_after_an_untimed_warm_up() -> None:
    seen: list[int] = []

    def process(items: Sequence[int]) -> None:
        seen.extend(items)

    result = measure(
        Measurement("count", "items/s", lambda limit: list(range(limit or 5)), process), 4
    )
    assert seen == [0, 1, 0, 1, 2, 3]  # two warm-up items, then the timed four
    assert result.items == 4 and result.seconds > 0 and result.cpu_seconds >= 0


def test_report_gives_rates_and_analysis_throughput_as_a_share_of_bare_parsing() -> None:
    slow, fast = RATIOS[0]
    text = format_results(
        [Result(slow, "articles/s", 10, 5.0, 5.0), Result(fast, "articles/s", 10, 2.0, 2.0)]
    )
    assert "| 2.00 articles/s |" in text and "| 5.00 articles/s |" in text
    assert f"{slow} runs at 0.40× the throughput of {fast} (0.40× in CPU time)" in text


def test_every_ratio_names_existing_measurements() -> None:
    names = {m.name for m in MEASUREMENTS}
    assert all(slow in names and fast in names for slow, fast in RATIOS)
