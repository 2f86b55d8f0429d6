"""`onrecord analyze` from a user's side: tables, JSON, batches, and refusals of bad input."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parent / "data" / "000_88a4e4ddf26ddf09.txt"
ONRECORD = [sys.executable, "-m", "onrecord"]

ENGLISH = (
    "The mayor said on Monday that the bridge would reopen in the spring.\n\n"
    "“We are almost there,” she told reporters at City Hall.\n"
)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ONRECORD, *args],
        input=stdin.decode("latin-1") if stdin else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_analyze_prints_who_said_what_as_a_table() -> None:
    result = run("analyze", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert "Pål Jonson" in result.stdout and "Defense Minister" in result.stdout
    assert "according to" in result.stdout


def test_analyze_json_prints_the_whole_record() -> None:
    result = run("analyze", "--json", str(SAMPLE))
    record = json.loads(result.stdout)
    assert record["text"] == SAMPLE.read_text(encoding="utf-8")
    assert record["origin"] == str(SAMPLE)
    assert len(record["attributions"]) >= 10


def test_analyze_shows_each_attributions_confidence_and_can_leave_out_less_sure_ones() -> None:
    assert "confidence" in run("analyze", str(SAMPLE)).stdout
    every = json.loads(run("analyze", "--json", str(SAMPLE)).stdout)["attributions"]
    sure = json.loads(run("analyze", "--json", "--min-confidence", "0.9", str(SAMPLE)).stdout)
    kept = sure["attributions"]
    assert [a["id"] for a in kept] == [a["id"] for a in every if a["confidence"] >= 0.9]
    assert 0 < len(kept) < len(every)


def test_analyze_reads_standard_input() -> None:
    result = subprocess.run(
        [*ONRECORD, "analyze", "--json", "-"],
        input=ENGLISH,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["origin"] == "-"


def test_a_batch_goes_on_past_a_bad_file_and_keeps_its_error(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "c_good.txt").write_text(ENGLISH.replace("mayor", "governor"), encoding="utf-8")
    result = run("analyze", "--jsonl", str(tmp_path))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(line["origin"]).name for line in lines] == [
        "a_good.txt",
        "b_empty.txt",
        "c_good.txt",
    ]
    assert lines[1]["error"] == "input is empty"
    assert "attributions" in lines[0] and "attributions" in lines[2]
    assert result.returncode == 1
    assert "2 analysed, 1 failed" in result.stderr


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    result = run("analyze", "--jsonl", "-o", str(target), str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["origin"] == str(SAMPLE)
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "input is empty"),
        (b" \n\t\n", "input is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (
            "Der Bundeskanzler sagte am Montag, dass die Regierung die Steuern senken werde. "
            "Die Opposition kritisierte den Plan scharf.".encode(),
            "not English",
        ),
    ],
    ids=["empty", "whitespace", "binary", "german"],
)
def test_bad_input_gets_a_one_line_reason_and_a_non_zero_exit(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    result = run("analyze", str(path))
    assert result.returncode != 0
    assert reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_oversize_input_is_refused_with_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ENGLISH * 100, encoding="utf-8")
    result = run("analyze", "--max-bytes", "1000", str(path))
    assert result.returncode == 1
    assert "over the 1,000-byte limit" in result.stderr


def test_a_missing_file_is_reported_not_raised() -> None:
    result = run("analyze", "/nonexistent/article.txt")
    assert result.returncode == 1
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_latin1_text_is_decoded_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    text = (
        ENGLISH.replace("“", '"').replace("”", '"')
        + "The café owner, José Núñez, said business was slow.\n"
    )
    path.write_bytes(text.encode("latin-1"))
    result = run("analyze", "--json", str(path))
    assert result.returncode == 0, result.stderr
    assert "José Núñez" in json.loads(result.stdout)["text"]


def test_every_hostile_input_gets_one_error_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_number.jsonl").write_text('{"text": ' + "9" * 5000 + "}\n")
    (folder / "b_nested.jsonl").write_text('{"text": ' + "[" * 100_000 + "}\n")
    (folder / "c_surrogate.jsonl").write_text('{"text": "The mayor \\ud800 said so."}\n')
    (folder / "d_no_uri.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"
    )
    (folder / "e_feed.xml").write_bytes(
        b'<?xml version="1.0" encoding="undefined"?><rss version="2.0"><channel><item>'
        b"<title>x</title></item></channel></rss>"
    )
    (folder / "f_empty_feed.xml").write_bytes(b'<rss version="2.0"><channel></channel></rss>')
    (folder / "g_empty.html.gz").write_bytes(gzip.compress(b""))
    (folder / "h_tool.py").write_text('"""The mayor said the bridge would open."""\n')
    os.mkfifo(folder / "i_pipe.txt")
    (folder / "j_story.txt").write_text(ENGLISH, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    result = run("analyze", "--jsonl", "-o", str(target), str(folder))
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    reasons = [record.get("error") for record in records]
    assert reasons == [
        "not readable JSON (a number of over 4,300 digits)",
        "not readable JSON (nested too deeply)",
        "`text` is not valid Unicode (it holds a lone surrogate escape)",
        "broken WARC record at byte 0: its headers cannot be read (AttributeError in warcio)",
        "feed cannot be decoded (decoding with 'undefined' codec failed"
        " (UnicodeError: undefined encoding))",
        "feed has no entries",
        "input is empty",
        "skipped: a .py file is not an article (name it alone to read it)",
        "not a regular file (a FIFO), so not read",
        None,
    ]
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "1 analysed, 9 failed"
    assert len(lines) == 10 and all(line.startswith("error: ") for line in lines[:-1])
    assert result.returncode == 1


def test_a_file_name_can_neither_forge_a_line_nor_lose_the_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt\nerror: forged.txt").write_text("")
    (folder / os.fsdecode(b"b\xff.txt")).write_bytes(b"")
    target = tmp_path / "out.jsonl"
    result = run("analyze", "--jsonl", "-o", str(target), str(folder))
    assert result.stderr.splitlines() == [
        f"error: {folder}/a.txt\\nerror: forged.txt: input is empty",
        f"error: {folder}/b\\xff.txt: input is empty",
        "0 analysed, 2 failed",
    ]
    origins = [json.loads(line)["origin"] for line in target.read_text().splitlines()]
    assert origins == [f"{folder}/a.txt\nerror: forged.txt", f"{folder}/b\\xff.txt"]


@pytest.mark.parametrize(
    ("command", "missing"),
    [
        (["eval", "extraction"], "no extraction benchmark at"),
        (["eval", "polnear", "--split", "dev"], "no PolNeAR split at"),
        (["eval", "news", "--split", "dev"], "no news gold at"),
    ],
)
def test_an_evaluation_without_its_corpus_says_what_is_missing(
    tmp_path: Path, command: list[str], missing: str
) -> None:
    result = subprocess.run(
        [*ONRECORD, *command],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "ONRECORD_DATA": str(tmp_path)},
    )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {missing} {tmp_path}")
    assert line.endswith("(set $ONRECORD_DATA; docs/evaluation.md says how to get it)")
