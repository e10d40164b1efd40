"""Engines with per-backend settings, one per database per process, and transaction scopes.

Whatever the database driver raises inside a scope leaves it as DatabaseUnavailable, whose
message id (`classify`) says what happened: locked, busy, full, read-only, an older or unknown
schema, or unreachable. Refusals the services raise pass through unchanged.
"""

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Table, event, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, create_engine, select

from models import DataRevision
from services import settings
from services.errors import DatabaseUnavailable, StaleVersion
from services.migrate import BEHIND, CURRENT, state_of

LOCKED = "error.database_locked"
BUSY = "error.database_busy"
FULL = "error.database_full"
READ_ONLY = "error.database_read_only"
SCHEMA_OLD = "error.database_schema_old"
SCHEMA_UNKNOWN = "error.database_schema_unknown"
UNAVAILABLE = "error.database_unavailable"
# SQLite primary result codes; an extended code keeps its primary code in the low byte.
_SQLITE_CODES = {
    sqlite3.SQLITE_BUSY: LOCKED,
    sqlite3.SQLITE_LOCKED: LOCKED,
    sqlite3.SQLITE_FULL: FULL,
    sqlite3.SQLITE_READONLY: READ_ONLY,
}
_SQLITE_MISSING = ("no such table", "no such column", "has no column named")
# PostgreSQL SQLSTATE codes: lock and statement timeouts, deadlock, too many connections; disk
# full; a read-only transaction (a standby); a missing table or column.
_POSTGRES_STATES = {
    "55P03": BUSY,
    "57014": BUSY,
    "40P01": BUSY,
    "53300": BUSY,
    "53100": FULL,
    "25006": READ_ONLY,
    "42P01": SCHEMA_UNKNOWN,
    "42703": SCHEMA_UNKNOWN,
}
_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()
logger = logging.getLogger("marsad.database")


def make_engine(url: str | None = None) -> Engine:
    """A new engine with the settings each backend needs (WAL and foreign keys on SQLite)."""
    url = url or settings.database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # The driver's timeout is SQLite's busy timeout: how long a writer waits for the lock.
        timeout = settings.sqlite_busy_timeout_ms() / 1000
        engine = create_engine(url, connect_args={"timeout": timeout, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=10,
        connect_args={"options": _postgres_options(parsed)},
    )


def _postgres_options(parsed: URL) -> str:
    """Bounded waits on every connection, then any `options` the URL itself gives."""
    bounds = (
        f"-c lock_timeout={settings.pg_lock_timeout_ms()} "
        f"-c statement_timeout={settings.pg_statement_timeout_ms()}"
    )
    given = parsed.query.get("options", ())
    return " ".join([bounds, *([given] if isinstance(given, str) else given)])


def engine_for(url: str) -> Engine:
    """The process-wide engine for a URL: the pages, their cached reads and the routes share it."""
    with _ENGINES_LOCK:
        found = _ENGINES.get(url)
        if found is None:
            found = _ENGINES[url] = make_engine(url)
        return found


def engine() -> Engine:
    """The process-wide engine for the configured database."""
    return engine_for(settings.database_url())


def dispose_engines() -> None:
    """Close and forget every process-wide engine (tests that switch databases)."""
    with _ENGINES_LOCK:
        for each in _ENGINES.values():
            each.dispose()
        _ENGINES.clear()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Driver-level autocommit, so the "begin" listener alone opens transactions (SQLAlchemy's
    # documented recipe for correct SQLite transactions).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL syncs the log at every commit: a save the app confirmed survives a power failure.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def classify(error: BaseException) -> str:
    """The message id (error.database_*) saying what a database failure means to the reader."""
    if isinstance(error, DatabaseUnavailable):
        return error.code
    if isinstance(error, PoolTimeout):
        return BUSY
    original = getattr(error, "orig", None) or error
    if isinstance(original, sqlite3.Error):
        code = (getattr(original, "sqlite_errorcode", None) or 0) & 0xFF
        if code == sqlite3.SQLITE_ERROR and any(m in str(original) for m in _SQLITE_MISSING):
            return SCHEMA_UNKNOWN
        return _SQLITE_CODES.get(code, UNAVAILABLE)
    return _POSTGRES_STATES.get(getattr(original, "sqlstate", None), UNAVAILABLE)


@contextmanager
def _failures() -> Iterator[None]:
    """Raise what the driver raises as DatabaseUnavailable; everything else passes unchanged."""
    try:
        yield
    except (DBAPIError, PoolTimeout) as error:
        code = classify(error)
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        # Unclassified failures may be bugs: their traceback goes to the log.
        logger.warning("%s: %s", code, first_line, exc_info=code == UNAVAILABLE)
        raise DatabaseUnavailable(code) from error


def _check_schema(session: Session) -> None:
    """Refuse to go on with a database whose schema is not the one this code was written for."""
    state = state_of(session.connection())
    if state != CURRENT:
        raise DatabaseUnavailable(SCHEMA_OLD if state == BEHIND else SCHEMA_UNKNOWN)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reads; nothing it does is committed."""
    with _failures(), Session(engine) as session:
        yield session


@contextmanager
def derived_write(engine: Engine) -> Iterator[Session]:
    """A transaction that rewrites data derived from the record (tallies): it commits on
    success but counts no change to the dashboard data, so no cache is emptied."""
    with _failures(), Session(engine) as session, session.begin():
        yield session


def refresh_statistics(url: str) -> None:
    """Count the tables' rows and values for the query planner (ANALYZE) of the database at
    `url`, as they stand after a migration or a bulk load."""
    engine = make_engine(url)
    try:
        with _failures(), engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


def bump_revision(session: Session) -> None:
    """Count one more change to the dashboard data; every cached read keys on the count."""
    session.exec(
        update(DataRevision).where(DataRevision.id == 1).values(value=DataRevision.value + 1)
    )


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A transaction that commits on success and rolls back on any error.

    Its first statement bumps the data revision: that takes the write lock at once (SQLite
    waits on the busy timeout instead of failing on a stale snapshot; PostgreSQL queues
    writers on the row), and tells every cache that the data changed. Before committing it
    checks the schema revision, so nothing is written into a schema this code does not know.
    """
    with _failures(), Session(engine) as session, session.begin():
        bump_revision(session)
        yield session
        _check_schema(session)


@contextmanager
def bookkeeping_session(engine: Engine) -> Iterator[Session]:
    """A transaction for sessions and logs, which are not dashboard data.

    Unlike write_session it leaves the data revision alone, so a sign-in or a page run does not
    empty every cache. Callers write first, so SQLite takes the write lock at once; the schema
    revision is checked before committing, as in write_session.
    """
    with _failures(), Session(engine) as session, session.begin():
        yield session
        _check_schema(session)


def versioned_update(session: Session, model, row_id: int, expected_version: int, **values) -> int:
    """Update one row only if it still has the version the person saw (else StaleVersion);
    return its new version."""
    result = session.execute(
        update(model)
        .where(model.id == row_id, model.version == expected_version)
        .values(version=expected_version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleVersion(model.__tablename__)
    return expected_version + 1


def insert_for(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT in the session's dialect, so it can say ON CONFLICT (SQLite or PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def data_revision(engine: Engine) -> int:
    """The current data revision, read once per page run; caches key on it."""
    with _failures(), Session(engine) as session:
        _check_schema(session)
        return (
            session.exec(select(DataRevision.value).where(DataRevision.id == 1)).one_or_none() or 0
        )


def schema_state(url: str) -> str:
    """The schema state of the database at `url`: CURRENT, BEHIND or UNKNOWN (migrate.state_of)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return state_of(connection)
    finally:
        engine.dispose()
