"""The parallel benchmark: configurations take turns, and the report gives speed-up,
efficiency and the share of bare spaCy at every worker count."""

from __future__ import annotations

from collections.abc import Sequence

from onrecord.evaluate import scaling
from onrecord.evaluate.scaling import BARE, ONRECORD, Clock, format_scaling, measure_scaling


def test_configurations_take_turns_in_an_order_reversed_every_round(monkeypatch) -> None:
    calls: list[tuple[str, int, int]] = []

    def recorder(name: str):
        def run(texts: Sequence[str], workers: int) -> None:
            calls.append((name, workers, len(texts)))

        return run

    monkeypatch.setattr(scaling, "RUNNERS", {"a": recorder("a"), "b": recorder("b")})
    clocks = measure_scaling(["t"] * 5, [1, 2], rounds=2)
    assert calls[:2] == [("a", 1, 2), ("b", 1, 2)]  # warm-up on two texts, in this process
    assert [(n, w) for n, w, _ in calls[2:]] == [
        ("a", 1), ("b", 1), ("a", 2), ("b", 2),
        ("b", 2), ("a", 2), ("b", 1), ("a", 1),
    ]  # fmt: skip
    assert all(clock.items == 10 and clock.wall > 0 for clock in clocks.values())


def test_report_gives_speed_up_efficiency_and_share_of_bare_spacy() -> None:
    clocks = {
        (ONRECORD, 1): Clock(wall=10.0, cpu=10.0, items=30),
        (BARE, 1): Clock(wall=8.0, cpu=8.0, items=30),
        (ONRECORD, 2): Clock(wall=5.5, cpu=11.0, items=30),
        (BARE, 2): Clock(wall=5.0, cpu=10.0, items=30),
    }
    text = format_scaling(clocks, 10)
    assert "| 1 | 3.00 | 10.0 | 10.0 | 3.75 | 8.0 | 8.0 | 0.80× |" in text
    assert "| 2 | 5.45 | 5.5 | 11.0 | 6.00 | 5.0 | 10.0 | 0.91× |" in text
    assert (
        "2 workers against 1: onrecord analyze 1.82× (efficiency 0.91);"
        " bare spaCy nlp.pipe 1.60× (efficiency 0.80)"
    ) in text


def test_run_throughput_reads_the_steady_rate_past_the_start_up() -> None:
    line = scaling.format_run(60, 2, whole=40.0, one=10.5, steady=59 / 29.5)
    assert line.endswith(
        "60 PolNeAR texts as JSONL: 40.0 s in all (1.50 articles/s), 10.5 s for 1 text"
        " (start-up); steady 2.00 articles/s, 1.00 per core"
    )
