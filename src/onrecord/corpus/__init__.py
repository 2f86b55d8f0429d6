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
    from onrecord.corpus.api import Corpus
    from onrecord.corpus.browse import ArticleLinks, Facets, SpeakerProfile
    from onrecord.corpus.clusters import QuoteCluster
    from onrecord.corpus.ingest import IngestReport
    from onrecord.corpus.search import QueryError, Statement
    from onrecord.corpus.speakers import SpeakerSummary
    from onrecord.corpus.store import StoreNotFound

#: Where each public name lives.
_HOMES = {
    "ArticleLinks": "onrecord.corpus.browse",
    "Corpus": "onrecord.corpus.api",
    "Facets": "onrecord.corpus.browse",
    "IngestReport": "onrecord.corpus.ingest",
    "QueryError": "onrecord.corpus.search",
    "QuoteCluster": "onrecord.corpus.clusters",
    "SpeakerProfile": "onrecord.corpus.browse",
    "SpeakerSummary": "onrecord.corpus.speakers",
    "Statement": "onrecord.corpus.search",
    "StoreNotFound": "onrecord.corpus.store",
}
__all__ = [
    "ArticleLinks",
    "Corpus",
    "Facets",
    "IngestReport",
    "QueryError",
    "QuoteCluster",
    "SpeakerProfile",
    "SpeakerSummary",
    "Statement",
    "StoreNotFound",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
