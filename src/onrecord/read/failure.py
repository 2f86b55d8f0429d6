"""A document that could not be read, carried on so the batch reports it and goes on."""

from __future__ import annotations

from datetime import UTC, datetime

from onrecord.errors import printable
from onrecord.records import Document

#: Media type of a document standing for a read failure; `metadata["error"]` says why.
FAILED = "application/x-onrecord-failure"


def failed(origin: str, reason: str, *, traceback: str | None = None) -> Document:
    """A stand-in for what could not be read: analysing it raises `reason` (made one line) as
    an InputError.
    `traceback` is kept (as `metadata["traceback"]`) when the reason is a bug in onrecord, not
    bad input, so a batch can tell the two apart."""
    metadata: dict[str, str] = {"error": printable(reason)}
    if traceback:
        metadata["traceback"] = traceback
    return Document(
        content=b"",
        origin=origin,
        media_type=FAILED,
        fetched_at=datetime.now(UTC),
        metadata=metadata,
    )
