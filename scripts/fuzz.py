"""Fuzzing the readers and the analysis with mutated inputs: no traceback, no hang, bounded memory.

    python scripts/fuzz.py [--seed 1] [--seconds 120] [--count N] [--memory-mb 2048]
                           [--timeout 60] [--keep DIR]

Seeded, so a run can be repeated: each input is a small valid text, HTML page, RSS or Atom
feed, WARC or JSONL file, mutated (bytes flipped, inserted, deleted, repeated, cut; hostile
tokens such as NUL, byte-order marks, lone surrogate escapes, 5,000-digit numbers, deep nesting,
huge lengths, endless lines; gzipped, or spliced with another kind) and written to a file.
A worker process reads and analyses each file as `onrecord analyze` does, offline (feed links
are refused, not fetched). An input fails the run when analysing it raises anything but a
one-line refusal (a traceback, kept by the batch), takes longer than `--timeout`, or the worker
grows past `--memory-mb`. The worker's time limit per input (`--time-limit`) is half the
timeout, so a slow input is refused by onrecord itself well before it counts as a hang. The summary counts inputs, clean refusals, accepted inputs and
crashes; failing inputs are copied to `--keep` to reproduce them. Exit status 1 on any crash.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import resource
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PARAGRAPH = (
    "The mayor said on Monday that the bridge would reopen in the spring. "
    "“We are almost there,” she told reporters at City Hall. Council member José Núñez, "
    "who voted against the plan, warned that the costs had doubled, according to a "
    "statement from his office."
)
HTML = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Bridge to reopen</title>"
    "<link rel='canonical' href='https://gazette.example/bridge'></head><body><article>"
    "<h1>Bridge to reopen</h1><p class='byline'>By Jane Doe</p>"
    f"<p>{PARAGRAPH}</p><figure><img src='a.jpg'><figcaption>The bridge. (AP Photo/John Roe)"
    f"</figcaption></figure><p>{PARAGRAPH}</p></article></body></html>"
)
RSS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Gazette</title>'
    "<item><title>Bridge</title><pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate>"
    f"<content:encoded><![CDATA[{HTML}]]></content:encoded></item>"
    "<item><title>Tunnel</title><link>https://gazette.example/tunnel</link></item>"
    "</channel></rss>"
)
ATOM = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    "<title>Gazette</title><entry><title>Bridge</title><updated>2025-03-03T10:00:00Z</updated>"
    f'<content type="html">{HTML.replace("&", "&amp;").replace("<", "&lt;")}</content>'
    "</entry></feed>"
)
#: Hostile pieces that have broken readers before: inserted at random places.
TOKENS = [
    b"\x00",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\r",
    b"\n" * 7,
    b"\r\n\r\n",
    b"\xe9",
    b"\xc3",
    "“”’ — ❤ 𝔘".encode(),
    b"\\ud800",
    b"\\udfff\\ud800",
    b"9" * 5000,
    b"[" * 5000,
    b"{" * 3000,
    b'{"text": ',
    b'{"html": "<p>x</p>"}',
    b"<" * 200,
    b"<p>" * 2000,
    b"<!DOCTYPE rss>",
    b'<?xml version="1.0" encoding="undefined"?>',
    b'<?xml version="1.0" encoding="utf-16"?>',
    b"<!ENTITY a 'aaaaaaaaaa'>",
    b"&#0;&#xD800;&#x110000;",
    b"]]>",
    b"WARC/1.0\r\n",
    b"WARC-Type: response\r\n",
    b"WARC-Type: resource\r\n",
    b"Content-Length: 99999999999999999999999\r\n",
    b"Content-Length: -5\r\n",
    b"Content-Length: 10\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"Content-Encoding: gzip\r\n",
    b"HTTP/1.1 200 OK\r\n",
    b"no colon here\r\n",
    b"A" * 200_000,
    b"\x1f\x8b\x08\x00",
]


def warc_seed() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    writer.write_record(writer.create_warcinfo_record("fuzz.warc", {"software": "fuzz"}))
    for number in range(2):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://gazette.example/{number}",
            "response",
            payload=io.BytesIO(HTML.encode()),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2025-03-03T10:00:00Z"},
        )
        writer.write_record(record)
    return out.getvalue()


def seeds() -> dict[str, bytes]:
    """One small valid input of each kind, named by the file suffix it is written with."""
    lines = [
        {"text": PARAGRAPH, "title": "Bridge", "published": "2025-03-03"},
        {"html": HTML, "url": "https://gazette.example/bridge"},
    ]
    return {
        "txt": (PARAGRAPH + "\n\n" + PARAGRAPH + "\n").encode(),
        "html": HTML.encode(),
        "rss": RSS.encode(),
        "atom": ATOM.encode(),
        "warc": warc_seed(),
        "jsonl": "".join(json.dumps(line) + "\n" for line in lines).encode(),
    }


Mutation = Callable[[random.Random, bytes], bytes]


def flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def insert_token(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(TOKENS) + data[at:]


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def delete(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, max(1, len(data) // 4)) :]


def repeat(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randint(1, 200)]
    return data[:start] + piece * rng.randint(2, 400) + data[start:]


def cut(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


MUTATIONS: list[Mutation] = [flip, insert_token, insert_token, insert_bytes, delete, repeat, cut]


@dataclass
class Case:
    number: int
    kind: str
    mutations: list[str]
    path: Path


def make_case(rng: random.Random, number: int, seeded: dict[str, bytes], folder: Path) -> Case:
    kind = rng.choice(sorted(seeded))
    data = seeded[kind]
    names = []
    if rng.random() < 0.1:
        other = seeded[rng.choice(sorted(seeded))]
        data = data[: rng.randint(0, len(data))] + other[rng.randint(0, len(other)) :]
        names.append("splice")
    for _ in range(rng.randint(1, 4)):
        mutation = rng.choice(MUTATIONS)
        data = mutation(rng, data)
        names.append(mutation.__name__)
    suffix = kind
    if rng.random() < 0.15:
        data = gzip.compress(data, mtime=0)
        suffix += ".gz"
        if rng.random() < 0.3:
            data = cut(rng, data)
            names.append("gzip-cut")
        else:
            names.append("gzip")
    path = folder / f"{number:05d}.{suffix}"
    path.write_bytes(data)
    return Case(number, kind, names, path)


# ---------------------------------------------------------------------------------------------
# The worker: analyses one file per line of standard input, answers one JSON line per file.


def worker() -> None:
    from onrecord.batch import analyze_sources
    from onrecord.errors import InputError
    from onrecord.fetch import Fetcher, FetchSettings
    from onrecord.records import Document

    class Offline(Fetcher):
        def fetch(self, url: str, *, refresh: bool = False) -> Document:
            raise InputError(f"offline: {url} not fetched")

    fetcher = Offline(FetchSettings(cache_dir=None))
    for line in sys.stdin:
        path = line.rstrip("\n")
        answer: dict[str, object] = {"accepted": 0, "refused": 0, "crash": None}
        try:
            for outcome in analyze_sources([path], fetcher=fetcher):
                if outcome.traceback:
                    answer["crash"] = outcome.traceback
                    break
                if outcome.article is not None:
                    answer["accepted"] = int(str(answer["accepted"])) + 1
                else:
                    answer["refused"] = int(str(answer["refused"])) + 1
                    if not outcome.error or "\n" in outcome.error:
                        answer["crash"] = f"refusal not on one line: {outcome.error!r}"
        except BaseException as error:  # noqa: BLE001 - whatever escapes is the finding
            import traceback

            answer["crash"] = "".join(traceback.format_exception(error))
        print(json.dumps(answer), flush=True)


# ---------------------------------------------------------------------------------------------
# The driver: one worker at a time, watched for time and memory, restarted after a failure.


class Worker:
    def __init__(self, memory_mb: int, log: Path, time_limit: float) -> None:
        self.memory_mb = memory_mb
        self.log = log
        self.time_limit = time_limit
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> subprocess.Popen[str]:
        if self.process is None or self.process.poll() is not None:
            limit = self.memory_mb * 4 * 1024 * 1024  # a backstop; RSS is watched below

            def cap() -> None:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

            self.process = subprocess.Popen(
                [sys.executable, __file__, "--worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.log.open("a"),
                text=True,
                preexec_fn=cap,
                env={**os.environ, "ONRECORD_TIME_LIMIT": f"{self.time_limit:g}"},
            )
        return self.process

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None

    def rss_mb(self) -> float:
        if self.process is None:
            return 0.0
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0.0
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def run(self, path: Path, timeout: float) -> tuple[str, dict[str, object] | str]:
        """('ok', answer) or ('hang' | 'memory' | 'died', detail)."""
        process = self.start()
        assert process.stdin and process.stdout
        process.stdin.write(f"{path}\n")
        process.stdin.flush()
        selector = selectors.DefaultSelector()
        selector.register(process.stdout, selectors.EVENT_READ)
        started = time.monotonic()
        try:
            while True:
                if selector.select(timeout=0.05):
                    line = process.stdout.readline()
                    if not line:
                        self.stop()
                        return "died", self._log_tail()
                    return "ok", json.loads(line)
                rss = self.rss_mb()
                if rss > self.memory_mb:
                    self.stop()
                    return "memory", f"{rss:.0f} MB resident, over the {self.memory_mb} MB cap"
                if time.monotonic() - started > timeout:
                    self.stop()
                    return "hang", f"no answer within {timeout:g} s"
        finally:
            selector.close()

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""


def drive(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    seeded = seeds()
    counts: Counter[str] = Counter()
    findings: list[tuple[Case, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="onrecord-fuzz-") as temporary:
        folder = Path(temporary)
        worker = Worker(args.memory_mb, folder / "worker.log", args.timeout / 2)
        worker.start()
        started = time.monotonic()
        number = 0
        try:
            while time.monotonic() - started < args.seconds and (
                args.count is None or number < args.count
            ):
                number += 1
                case = make_case(rng, number, seeded, folder)
                status, answer = worker.run(case.path, args.timeout)
                counts["inputs"] += 1
                if status == "ok" and isinstance(answer, dict) and not answer["crash"]:
                    counts["accepted" if answer["accepted"] else "clean refusals"] += 1
                else:
                    detail = str(answer["crash"]) if isinstance(answer, dict) else str(answer)
                    counts["crashes"] += 1
                    findings.append((case, status if status != "ok" else "traceback", detail))
                    if args.keep:
                        Path(args.keep).mkdir(parents=True, exist_ok=True)
                        shutil.copy(case.path, Path(args.keep) / case.path.name)
                case.path.unlink(missing_ok=True)
        finally:
            worker.stop()
        elapsed = time.monotonic() - started
    for case, status, detail in findings:
        print(f"\n{status}: input {case.number} ({case.kind}; {', '.join(case.mutations)})")
        print(detail.rstrip()[-3000:])
    print(
        f"fuzz (seed {args.seed}, {elapsed:.0f} s): {counts['inputs']} inputs,"
        f" {counts['clean refusals']} clean refusals, {counts['accepted']} accepted,"
        f" {counts['crashes']} crashes"
    )
    return 1 if counts["crashes"] else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=120.0, help="stop making inputs after")
    parser.add_argument("--count", type=int, default=None, help="stop after this many inputs")
    parser.add_argument("--memory-mb", type=int, default=2048, help="worker memory cap (RSS)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one input may take")
    parser.add_argument("--keep", help="copy failing inputs into this directory")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker()
        return 0
    return drive(args)


if __name__ == "__main__":
    os.environ.setdefault("ONRECORD_CACHE", tempfile.gettempdir())
    sys.exit(main())
