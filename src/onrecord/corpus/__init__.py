"""The corpus: many analysed articles in one database, with speakers known across articles,
quotes followed across outlets, full-text search and export.

`Corpus(url)` is the Python API; every `onrecord` corpus command is a thin shell over one of
its methods. The store is a SQLite file by default (`onrecord.db`, or `$ONRECORD_DB`) and
PostgreSQL given a `postgresql://` URL.

The names below are loaded on first use, so that a command importing a light module of the
package (the query language, say) does not wait for SQLAlchemy and the readers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onrecord.corpus.api import (
        Corpus,
        IngestReport,
        QueryError,
        QuoteCluster,
        SpeakerSummary,
        Statement,
        StoreNotFound,
    )

__all__ = [
    "Corpus",
    "IngestReport",
    "QueryError",
    "QuoteCluster",
    "SpeakerSummary",
    "Statement",
    "StoreNotFound",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("onrecord.corpus.api"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
