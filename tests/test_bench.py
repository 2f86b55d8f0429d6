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
    measure_together,
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


def test_two_measurements_for_a_ratio_take_turns_over_the_same_inputs() -> None:
    calls: list[tuple[str, list[int]]] = []

    def recorder(name: str) -> Measurement:
        def process(items: Sequence[int]) -> None:
            calls.append((name, list(items)))

        return Measurement(name, "items/s", lambda limit: list(range(limit or 20)), process)

    first, second = measure_together(recorder("a"), recorder("b"), 14)
    timed = calls[2:]  # after each one's warm-up
    assert [name for name, _ in timed] == ["a", "b", "b", "a", "a", "b"]
    assert [items for name, items in timed if name == "a"] == [
        list(range(0, 6)),
        list(range(6, 12)),
        list(range(12, 14)),
    ]
    assert (first.name, first.items, second.name, second.items) == ("a", 14, "b", 14)
