"""The server's settings, apart from the machinery that enforces them (`web.limits`), so that
the command line can show their defaults without loading the web framework."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """The server's settings: where the corpus is, who may write, and what analysis may cost."""

    db: str | None = None
    #: The bearer token writes need; None: writes are off.
    token: str | None = None
    #: Let analysed URLs reach private, loopback and link-local addresses.
    allow_private: bool = False
    #: The largest text (UTF-8 bytes) or page (bytes fetched) analysis accepts.
    max_analyze_bytes: int = 256 * 1024
    #: Seconds an analysis, fetching included, may take before the client is answered.
    analyze_seconds: float = 30.0
    #: Analyses running at once (each keeps a CPU busy); more are refused as busy.
    analyses_at_once: int = 1
    #: Analyses and writes one client may ask for per minute.
    writes_per_minute: int = 10
