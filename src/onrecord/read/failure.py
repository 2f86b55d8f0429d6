"""A document that could not be read, carried on so the batch reports it and goes on."""

from __future__ import annotations

from datetime import UTC, datetime

from onrecord.records import Document

#: Media type of a document standing for a read failure; `metadata["error"]` says why.
FAILED = "application/x-onrecord-failure"


def failed(origin: str, reason: str) -> Document:
    """A stand-in for what could not be read: analysing it raises `reason` as an InputError."""
    return Document(
        content=b"",
        origin=origin,
        media_type=FAILED,
        fetched_at=datetime.now(UTC),
        metadata={"error": reason},
    )
