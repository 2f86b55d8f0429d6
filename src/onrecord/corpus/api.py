"""`Corpus`, the Python API of the store (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Unpack

from sqlalchemy import Engine

from onrecord.corpus import browse
from onrecord.corpus.browse import ArticleLinks, Facets, SpeakerProfile
from onrecord.corpus.clusters import QuoteCluster, count_quotes, quote_cluster, top_quotes
from onrecord.corpus.export import export as export_table
from onrecord.corpus.rows import read_article
from onrecord.corpus.search import Filters, Statement
from onrecord.corpus.search import count as count_statements
from onrecord.corpus.search import search as search_statements
from onrecord.corpus.speakers import SpeakerSummary, newest_statements, speaker_statements
from onrecord.corpus.speakers import speakers as list_speakers
from onrecord.corpus.store import count_articles, open_engine
from onrecord.records import Article

if TYPE_CHECKING:  # what only ingesting needs loads with it: readers, fetcher, analysis
    from onrecord.corpus.ingest import IngestReport, Source
    from onrecord.fetch import Fetcher


class Corpus:
    """A store of analysed articles at a database URL (or SQLite file path); opening it
    creates or migrates its schema. With `create=False` a SQLite store that does not exist
    is not made: `StoreNotFound` is raised."""

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        self.engine = open_engine(url, create=create)
        self._reads = _reading(self.engine)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def ingest(
        self,
        sources: Iterable[Source],
        *,
        progress: bool = False,
        report: IngestReport | None = None,
        fetcher: Fetcher | None = None,
        workers: int = 1,
    ) -> IngestReport:
        """Analyse and store articles: paths, globs, URLs, documents or analysed articles;
        URLs and feed entries are fetched with `fetcher` (default: the safe, cached one);
        `workers` processes analyse (see `corpus.ingest.ingest`)."""
        from onrecord.corpus.ingest import ingest

        return ingest(
            self.engine,
            sources,
            progress=progress,
            report=report,
            fetcher=fetcher,
            workers=workers,
        )

    def search(
        self,
        query: str = "",
        *,
        limit: int | None = 20,
        offset: int = 0,
        **filters: Unpack[Filters],
    ) -> list[Statement]:
        """Statements whose content matches `query`, filtered by `speaker`, `affiliation`,
        `kind`, `since`, `until`, `site` (an outlet's name or domain); `min_confidence`
        leaves out those the extractor was less sure of; `offset` skips that many (see
        `corpus.search.search`, and `corpus.fulltext` for the query language)."""
        with self._reads.connect() as connection:
            return search_statements(connection, query, limit=limit, offset=offset, **filters)

    def count(self, query: str = "", **filters: Unpack[Filters]) -> int:
        """How many statements `search` finds for the query and filters, whatever its limit."""
        with self._reads.connect() as connection:
            return count_statements(connection, query, **filters)

    def facets(
        self, query: str = "", *, top: int = browse.TOP, **filters: Unpack[Filters]
    ) -> Facets:
        """How the statements `search` finds divide among speakers, outlets and kinds."""
        with self._reads.connect() as connection:
            return browse.facets(connection, query, top=top, **filters)

    def speakers(
        self,
        name: str | int | None = None,
        *,
        limit: int | None = None,
        mentioned: bool = False,
        min_confidence: float | None = None,
        site: str | None = None,
        offset: int = 0,
    ) -> list[SpeakerSummary]:
        """Corpus speakers, the most quoted first, optionally only those matching `name`;
        only speakers of a statement unless `mentioned`; with `site`, as one outlet's
        articles have them; `offset` skips that many (see `corpus.speakers.speakers`)."""
        with self._reads.connect() as connection:
            return list_speakers(
                connection,
                name,
                limit=limit,
                mentioned=mentioned,
                min_confidence=min_confidence,
                site=site,
                offset=offset,
            )

    def count_speakers(
        self,
        name: str | int | None = None,
        *,
        mentioned: bool = False,
        min_confidence: float | None = None,
    ) -> int:
        """How many speakers `speakers` lists for these arguments, whatever its limit."""
        with self._reads.connect() as connection:
            return browse.count_speakers(
                connection, name, mentioned=mentioned, min_confidence=min_confidence
            )

    def speaker_profile(
        self, speaker_id: int, *, min_confidence: float | None = None
    ) -> SpeakerProfile | None:
        """A speaker's names, weekly timeline, outlets and the speakers quoted beside them;
        None when no speaker has this id."""
        with self._reads.connect() as connection:
            return browse.speaker_profile(connection, speaker_id, min_confidence=min_confidence)

    def speaker(
        self,
        name: str | int,
        *,
        min_confidence: float | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[SpeakerSummary, list[Statement]] | list[SpeakerSummary]:
        """One speaker and their statements over time (`limit` of them from `offset`; the
        summary counts them all), or the speakers `name` could mean."""
        with self._reads.connect() as connection:
            return speaker_statements(
                connection, name, min_confidence=min_confidence, limit=limit, offset=offset
            )

    def newest_statements(
        self,
        speaker_id: int,
        *,
        min_confidence: float | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[Statement]:
        """A page of a speaker's statements, newest first and undated last, as a speaker page
        lists them (see `corpus.speakers.newest_statements`)."""
        with self._reads.connect() as connection:
            return newest_statements(
                connection, speaker_id, min_confidence=min_confidence, limit=limit, offset=offset
            )

    def quotes(
        self,
        top: int = 10,
        *,
        min_articles: int = 2,
        offset: int = 0,
        containing: str | None = None,
    ) -> list[QuoteCluster]:
        """The quotes reported by the most articles, each with its origin and outlets;
        `containing` keeps those with these words, `offset` skips that many."""
        with self._reads.connect() as connection:
            return top_quotes(
                connection, top, min_articles=min_articles, offset=offset, containing=containing
            )

    def count_quotes(self, *, min_articles: int = 2, containing: str | None = None) -> int:
        """How many quotes `quotes` lists for these arguments, whatever its `top`."""
        with self._reads.connect() as connection:
            return count_quotes(connection, min_articles=min_articles, containing=containing)

    def quote(self, cluster_id: int) -> QuoteCluster | None:
        """One quote with every article carrying it; None when there is no such quote."""
        with self._reads.connect() as connection:
            return quote_cluster(connection, cluster_id)

    def export(
        self,
        table: str,
        format: str,
        output: Path | IO[Any],
        *,
        min_confidence: float | None = None,
        site: str | None = None,
    ) -> int:
        """Write `table` (articles, attributions, speakers) as jsonl, csv or parquet, leaving
        out attributions less confident than `min_confidence`, and with `site` the articles
        of other outlets."""
        with self.engine.begin() as connection:  # a server-side cursor needs a transaction
            return export_table(
                connection, table, format, output, min_confidence=min_confidence, site=site
            )

    def article(self, article_id: str) -> Article | None:
        """A stored article, as the record it was stored from."""
        with self._reads.connect() as connection:
            return read_article(connection, article_id)

    def article_links(self, article_id: str) -> ArticleLinks | None:
        """The corpus ids of a stored article's statements, quotes and speakers, and its
        publication date as the store reads it; None when there is no such article."""
        with self._reads.connect() as connection:
            return browse.article_links(connection, article_id)

    def __len__(self) -> int:
        """The number of stored articles."""
        with self._reads.connect() as connection:
            return count_articles(connection)


def _reading(engine: Engine) -> Engine:
    """The engine reads go through: on PostgreSQL, statement by statement without a
    transaction around them. At the isolation PostgreSQL reads at (read committed) each
    statement sees the store as it stands when it runs, in a transaction or not, so a BEGIN
    and a ROLLBACK around every read cost two round trips and the server's CPU for nothing:
    a third of that CPU under the web bench's load. SQLite's driver opens no transaction for
    reads anyway."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine
