"""The corpus schema (SQLAlchemy 2) and opening a store at a URL, migrated to the latest schema.

One schema serves SQLite and PostgreSQL. Full-text search is the one part that differs: an FTS5
table on SQLite (its entries written beside new statements, `rows.write_statements`, and kept in
step by triggers when one is changed or deleted), a generated `tsvector` column on PostgreSQL,
both over `attributions.search_text` and created by the Alembic migrations, not by these tables.

Articles own everything read from them (blocks, attributions, spans, article speakers, mentions,
roles), so deleting an article row deletes all of it. Corpus speakers and quote clusters are
shared between articles and are pruned when their last article goes.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    event,
    func,
    inspect,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.engine import ExceptionContext, make_url

from onrecord.errors import StoreLocked

if TYPE_CHECKING:
    from alembic.config import Config

#: The store used when none is named: a SQLite file in the working directory.
DEFAULT_DB = "onrecord.db"

#: The PostgreSQL advisory lock writers take (any number unlikely to be used by another
#: application on the same database: "onrecord" in ASCII).
_WRITE_LOCK = 0x6F6E7265636F7264

_MIGRATIONS = Path(__file__).with_name("migrations")
#: The revision of the schema the tables below describe: the head of `migrations/versions`
#: (a test holds them together). A store already there opens without loading Alembic.
SCHEMA_REVISION = "0012"

#: How long a SQLite writer waits for another to finish before giving up (milliseconds).
BUSY_TIMEOUT_MS = int(os.environ.get("ONRECORD_BUSY_TIMEOUT_MS", "60000"))


#: Every table of the store. Plain SQLAlchemy Core tables, not ORM classes: a corpus command
#: that loaded the ORM took 0.2 s longer to start (loading and configuring the mappers).
METADATA = MetaData()


def _owned_by(parent: str, column: str) -> Column[Any]:
    """A row's owner, the `parent` row whose id `column` holds: the row goes when its owner
    does (deleted with it) and is read by it (an index)."""
    return Column(
        column, ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False, index=True
    )


#: One analysed article; `id` is the content hash of its text.
ARTICLES = Table(
    "articles",
    METADATA,
    Column("id", String(16), primary_key=True),
    #: Where the article lives (its URL, else where it was read from): one article per location,
    #: so a changed version of a page replaces the old one.
    Column("location", Text, unique=True),
    #: Hash of the raw document as read, so an unchanged source is skipped before analysis.
    Column("document_hash", String(64), index=True),
    Column("origin", Text),
    Column("url", Text),
    Column("canonical_url", Text),
    Column("headline", Text),
    Column("section", Text),
    #: The outlet's name ("CNN"), else its domain; `domain` is the registrable domain of the
    #: article's URL ("cnn.com"). Either finds the outlet's articles.
    Column("site", String(200), index=True),
    Column("domain", String(253), index=True),
    Column("authors", JSON, nullable=False, default=list),
    Column("published", String(40)),
    #: The publication date, None when the article does not give one.
    Column("published_date", Date, index=True),
    #: Kept for the first schema, where it is NOT NULL: the publication date, else the day the
    #: article was ingested. Read `published_date` and `ingested_at` instead.
    Column("dated", Date, nullable=False, index=True),
    Column("wire_credit", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("captions", JSON, nullable=False, default=list),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    #: What a search filters and orders statements by, read without the row: on SQLite the
    #: date column sits after the text, and reaching it reads the whole article.
    Index("ix_articles_id_published_date_site", "id", "published_date", "site"),
)

BLOCKS = Table(
    "blocks",
    METADATA,
    Column("id", Integer, primary_key=True),
    _owned_by("articles", "article_id"),
    Column("position", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

#: One real person or body across the whole corpus.
SPEAKERS = Table(
    "speakers",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(20), nullable=False),
    #: Normalised given name and surname ("john", "healey"): the keys candidates are found by.
    Column("given", String(100)),
    Column("surname", String(200), index=True),
    #: Kept up to date as articles come and go (`corpus.tallies`), so that listing speakers and
    #: telling candidates apart never counts a famous speaker's whole history: statements
    #: made, articles mentioning them, and the first and last of those articles' dates.
    Column("statements", Integer, nullable=False, default=0),
    Column("articles", Integer, nullable=False, default=0),
    Column("first_seen", Date),
    Column("last_seen", Date),
    Index("ix_speakers_quoted", text("statements DESC"), text("articles DESC"), "id"),
)

#: A normalised name a corpus speaker has been seen under ("john healey", "healey").
SPEAKER_ALIASES = Table(
    "speaker_aliases",
    METADATA,
    Column("id", Integer, primary_key=True),
    _owned_by("speakers", "speaker_id"),
    Column("alias", String(300), nullable=False, index=True),
)

#: A word of a corpus speaker's name or of a name they were seen under (`normalise`d), so
#: that a speaker filter finds them through an index rather than reading every name.
SPEAKER_WORDS = Table(
    "speaker_words",
    METADATA,
    Column("word", String(300), primary_key=True),
    Column(
        "speaker_id",
        ForeignKey("speakers.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

#: Two corpus speakers mentioned in the same articles, and in how many (kept both ways
#: round): the company a speaker keeps, read when a bare surname could be several people;
#: and in how many both are quoted (`quoted`), the speakers a speaker page lists as quoted
#: alongside (counted from the statements, a famous speaker's page would read hundreds of
#: thousands).
SPEAKER_PAIRS = Table(
    "speaker_pairs",
    METADATA,
    Column("speaker_id", ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "other_id",
        ForeignKey("speakers.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("articles", Integer, nullable=False),
    Column("quoted", Integer, nullable=False, server_default="0"),
    #: A speaker page's most quoted alongside, from the index alone: a famous speaker has tens
    #: of thousands of pairs.
    Index("ix_speaker_pairs_quoted", "speaker_id", text("quoted DESC"), "other_id"),
)

#: The statements of each corpus speaker per outlet (named as `clusters.outlet` names it, with
#: what an outlet filter takes: `clusters.outlet_key`), kept up to date as articles come and
#: go: a speaker page lists the outlets quoting them from these rows, where counting read every
#: statement of theirs and its article (88,798 of Donald Trump's at 1 M statements).
SPEAKER_OUTLETS = Table(
    "speaker_outlets",
    METADATA,
    Column("speaker_id", ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
    Column("outlet", Text, primary_key=True),
    Column("key", Text),
    Column("statements", Integer, nullable=False),
)

#: A speaker as one article has it (`records.Speaker`), tied to its corpus speaker.
ARTICLE_SPEAKERS = Table(
    "article_speakers",
    METADATA,
    Column("id", Integer, primary_key=True),
    _owned_by("articles", "article_id"),
    Column("position", Integer, nullable=False),
    Column("local_id", String(100), nullable=False),
    Column("speaker_id", ForeignKey("speakers.id", ondelete="SET NULL")),
    Column("name", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("titles", JSON, nullable=False, default=list),
    Column("affiliations", JSON, nullable=False, default=list),
    #: The types articles give a speaker, counted from the index alone (`identity.stored_types`).
    Index("ix_article_speakers_speaker_id_type", "speaker_id", "type"),
)

MENTIONS = Table(
    "mentions",
    METADATA,
    Column("id", Integer, primary_key=True),
    _owned_by("article_speakers", "article_speaker_id"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

#: A title or affiliation a corpus speaker was given in one article; its dates are the
#: article's (`seen` is kept for the first schema, as `articles.dated` is).
SPEAKER_ROLES = Table(
    "speaker_roles",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("speaker_id", ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False),
    _owned_by("articles", "article_id"),
    Column("kind", String(20), nullable=False),  # "title" | "affiliation"
    Column("value", Text, nullable=False),
    Column("seen", Date, nullable=False),
    Index("ix_speaker_roles_speaker_id_kind", "speaker_id", "kind"),
)

#: A title or affiliation of a corpus speaker over all articles: in how many it was given,
#: first and last seen (publication dates); what `speaker_roles` holds, summed as it grows.
#: `key` is the role in comparable form (`identity.normalise_role`): linking a name asks
#: which of a famous speaker's hundreds of roles are the article's, by it.
SPEAKER_ROLE_TOTALS = Table(
    "speaker_role_totals",
    METADATA,
    Column("speaker_id", ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("value", Text, primary_key=True),
    Column("key", Text, nullable=False),
    Column("uses", Integer, nullable=False),
    Column("first_seen", Date),
    Column("last_seen", Date),
    Index("ix_speaker_role_totals_key", "speaker_id", "key", "kind"),
)

#: The same quote across articles; its origin is the earliest article holding it.
QUOTE_CLUSTERS = Table(
    "quote_clusters",
    METADATA,
    Column("id", Integer, primary_key=True),
    #: The quote as first stored, and how many shingles it has.
    Column("text", Text, nullable=False),
    Column("shingle_count", Integer, nullable=False),
    #: How many articles carry the quote, kept up to date as articles come and go.
    Column("articles", Integer, nullable=False, default=0),
    Index("ix_quote_clusters_articles", text("articles DESC"), "id"),
)

#: One statement: who (speaker) said what (content) through which cue.
ATTRIBUTIONS = Table(
    "attributions",
    METADATA,
    Column("id", Integer, primary_key=True),
    _owned_by("articles", "article_id"),
    Column("position", Integer, nullable=False),
    Column("local_id", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    #: The content spans' text joined by " … ": what full-text search reads.
    Column("content", Text, nullable=False),
    #: The content's words as full-text search reads them (`fulltext.search_text`).
    Column("search_text", Text),
    Column("cue", Text),
    Column("source", Text),
    Column("confidence", Float, nullable=False, default=1.0),
    Column(
        "article_speaker_id",
        ForeignKey("article_speakers.id", ondelete="SET NULL"),
        index=True,
    ),
    Column("speaker_id", ForeignKey("speakers.id", ondelete="SET NULL")),
    Column(
        "cluster_id",
        ForeignKey("quote_clusters.id", ondelete="SET NULL"),
        index=True,
    ),
    #: Its article's `published_date`, kept here so that a speaker's statements are read in
    #: date order from an index (`ix_attributions_speaker_day`).
    Column("published_date", Date),
    Index("ix_attributions_speaker_id_kind", "speaker_id", "kind"),
    #: A speaker's statements oldest first, undated last (where a NULL sorts first on SQLite),
    #: then by article and id: a page of them is read without sorting them all.
    Index(
        "ix_attributions_speaker_day",
        "speaker_id",
        literal_column("published_date").is_(None),
        "published_date",
        "article_id",
        "id",
    ),
)

#: One content, cue, source or context span of an attribution, as offsets into the text.
SPANS = Table(
    "spans",
    METADATA,
    Column("id", Integer, primary_key=True),
    _owned_by("attributions", "attribution_id"),
    Column("role", String(10), nullable=False),  # content | cue | source | context
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

#: A hashed run of words of a cluster's first quote, the quote later versions are compared
#: with. Kept once per cluster, however many articles repeat the quote, so a quote reported
#: everywhere costs no more to match.
QUOTE_SHINGLES = Table(
    "quote_shingles",
    METADATA,
    Column(
        "cluster_id",
        ForeignKey("quote_clusters.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("shingle", BigInteger, primary_key=True),
    # the clusters of a shingle are read from the index alone (a common one has thousands)
    Index("ix_quote_shingles_shingle_cluster", "shingle", "cluster_id"),
)


def database_url(url: str | None = None) -> str:
    """The SQLAlchemy URL of a store: a URL, a file path, `$ONRECORD_DB`, else `onrecord.db`.

    `postgresql://` URLs are driven by psycopg 3."""
    target = url or os.environ.get("ONRECORD_DB") or DEFAULT_DB
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser()}"
    for prefix in ("postgresql://", "postgres://"):
        if target.startswith(prefix):
            return "postgresql+psycopg://" + target[len(prefix) :]
    return target


class StoreNotFound(FileNotFoundError):
    """A store to read from that does not exist (nothing has been ingested into it)."""


def open_engine(url: str | None = None, *, create: bool = True) -> Engine:
    """An engine on the store at `url`, its schema migrated to the latest revision; a SQLite
    store that does not exist is created, unless `create` is false (`StoreNotFound`)."""
    target = database_url(url)
    if not create and _missing_sqlite_file(target):
        raise StoreNotFound(f"there is no store at {describe(url)}: `onrecord ingest` makes one")
    engine = create_engine(target)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "handle_error", _locked)
    migrate(engine)
    return engine


def _locked(context: ExceptionContext) -> None:
    """SQLite's "database is locked", once the busy timeout has run out, as a reason a user
    can act on rather than a driver error."""
    if "database is locked" in str(context.original_exception):
        url = context.engine.url.render_as_string() if context.engine else None
        raise StoreLocked(
            f"the store {describe(url)} stayed locked by another writer for"
            f" {BUSY_TIMEOUT_MS / 1000:g} s ($ONRECORD_BUSY_TIMEOUT_MS); try again when it is done"
        ) from context.original_exception


def describe(url: str | None = None) -> str:
    """The store `url` names, for people: a SQLite file's absolute path, a PostgreSQL URL
    without its password."""
    target = make_url(database_url(url))
    if target.get_backend_name() == "sqlite":
        database = target.database or ":memory:"
        return database if database == ":memory:" else str(Path(database).resolve())
    return target.set(drivername=target.get_backend_name()).render_as_string(hide_password=True)


def _missing_sqlite_file(target: str) -> bool:
    parsed = make_url(target)
    database = parsed.database or ":memory:"
    return (
        parsed.get_backend_name() == "sqlite"
        and database != ":memory:"
        and not Path(database).exists()
    )


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to the latest Alembic revision, or to `revision` (a no-op when it
    is there already).

    Migrations run under the store's write lock, so two processes opening a new store
    together do not both create it: the second waits, then finds it current. The process
    that migrated a store holding a schema before gathers the planner's statistics again: a
    migration may add an index or rewrite a table (0011 gave every statement a date), and on
    PostgreSQL leaves the old row versions behind."""
    with engine.connect() as connection:
        if revision == "head" and _revision(connection) == SCHEMA_REVISION:
            return
    from alembic import command  # here: only a store to migrate needs it

    config = _alembic_config()
    with engine.begin() as connection:
        lock_for_writing(connection)
        # read under the lock: another process may have migrated the store meanwhile
        before = _revision(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        migrated = before is not None and _revision(connection) != before
    if migrated:
        gather_statistics(engine, again=True)


def update_articles(connection: Connection, changes: list[dict[str, Any]]) -> None:
    """Set columns of stored articles in one statement: each change names its article by
    `id` and the new values by column (migrations filling a new column use it)."""
    if not changes:
        return
    columns = [name for name in changes[0] if name != "id"]
    connection.execute(
        update(ARTICLES)
        .where(ARTICLES.c.id == bindparam("article"))
        .values({name: bindparam(f"new_{name}") for name in columns}),
        [
            {"article": change["id"], **{f"new_{name}": change[name] for name in columns}}
            for change in changes
        ],
    )


def gather_statistics(engine: Engine, *, again: bool = False) -> None:
    """Let the database's planner know the store's size, so that it picks the indexes made
    for the corpus commands (on SQLite, without statistics, the article id's own index wins
    over the one that also holds the dates, and a speaker's page reads every article row).

    PostgreSQL gathers them itself as tables grow; SQLite the first time here, then when
    `PRAGMA optimize` finds they have gone stale. `again` gathers them anew on either (after a
    bulk load or a large ingest); on PostgreSQL with a VACUUM, which also clears the row
    versions that updating the counts article by article leaves behind and lets index-only
    scans skip the tables: a search page right after ingesting 1,200 articles took 38 ms,
    7 ms once vacuumed."""
    if engine.dialect.name == "postgresql":
        if again:
            # VACUUM cannot run inside a transaction
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        return
    with engine.begin() as connection:
        known = connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).scalar()
        connection.exec_driver_sql("ANALYZE" if again or not known else "PRAGMA optimize")


def count_articles(connection: Connection) -> int:
    """How many articles the store holds."""
    return connection.scalar(select(func.count()).select_from(ARTICLES)) or 0


def lock_for_writing(connection: Connection) -> None:
    """Make the transaction just begun on `connection` the only one writing to the store
    until it ends; another waits for it (SQLite up to its busy timeout).

    On SQLite this takes the database's write lock now, rather than at the first write, when a
    transaction that has read an older state could only fail. On PostgreSQL it is an advisory
    lock: rows of different articles would not clash, but finding or creating a corpus
    speaker or quote cluster must see what the writer before committed."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})


def _revision(connection: Connection) -> str | None:
    """The revision the store's schema is at (None for a new store), read as Alembic keeps it."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def latest_revision() -> str | None:
    """The head of the migrations, as Alembic finds it."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def _configure_sqlite(connection: Any, _record: Any) -> None:
    """Write-ahead logging makes every committed article survive a killed process while an
    uncommitted one vanishes; SQLite enforces foreign keys only when asked, per connection; a
    writer waits for another's lock rather than failing at once."""
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: WAL needs the lock
    _write_ahead(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _write_ahead(cursor: Any) -> None:
    """Switch a store to WAL. SQLite answers "database is locked" at once, without waiting
    out the busy timeout, when two new connections switch a new file together, so the switch
    is retried until the timeout; a store already in WAL is left as it is."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked")
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.05)


@contextmanager
def scratch_database(server: str, tag: str) -> Iterator[str]:
    """A new, empty database on a PostgreSQL server, dropped afterwards: each test or benchmark
    run gets a store of its own on the one server `make test`/`make bench` start."""
    import psycopg  # only tests and benchmarks make databases

    name = f"onrecord_{tag}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
