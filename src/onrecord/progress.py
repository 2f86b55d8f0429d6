"""The progress bar of a run over many inputs (`analyze`, `ingest`, `run`): articles done of
the total when it is known, articles per second, and failures.

The total is counted by reading the local sources a second time in a background thread
(reading costs little beside analysis), so the bar starts at once and gains its total when the
count is done; with a URL or standard input among the sources there is no total.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tqdm import tqdm

from onrecord.fetch import Offline
from onrecord.read import read


class Progress:
    """A bar on standard error, or nothing when not `enabled`."""

    def __init__(self, sources: Iterable[Any], *, enabled: bool, desc: str) -> None:
        self.failed = 0
        self._bar = tqdm(unit=" articles", desc=desc, disable=not enabled, leave=False)
        self._stop = threading.Event()
        paths = list(sources)
        if enabled and paths and all(_local(path) for path in paths):
            threading.Thread(target=self._count, args=(paths,), daemon=True).start()

    def done(self, *, failed: bool = False, note: str | None = None) -> None:
        """One more article done (or failed); `note` replaces the failure count shown."""
        self.failed += failed
        self._bar.set_postfix_str(note or f"{self.failed} failed", refresh=False)
        self._bar.update()

    def write(self, line: str) -> None:
        """A line on standard error, above the bar rather than through it."""
        self._bar.write(line, file=sys.stderr)

    def close(self) -> None:
        self._stop.set()
        self._bar.refresh()  # the last figures, which the bar's rate limit may have held back
        self._bar.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _count(self, sources: list[str | Path]) -> None:
        total = 0
        offline = Offline("not fetched while counting")  # a feed's entries need no page
        for source in sources:
            for _ in read(source, fetcher=offline):
                total += 1
                if self._stop.is_set():
                    return
        self._bar.total = total
        self._bar.refresh()


def _local(source: object) -> bool:
    """Whether `source` is a file, directory or glob here (not a URL, '-' or a record)."""
    if not isinstance(source, (str, Path)):
        return False
    name = str(source)
    return name != "-" and not name.startswith(("http://", "https://"))
