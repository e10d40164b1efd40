"""Engines with per-backend settings, one per database per process, and transaction scopes."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, update
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine, select

from models import DataRevision
from services import settings

SQLITE_BUSY_TIMEOUT_MS = 10_000
_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def make_engine(url: str | None = None) -> Engine:
    """A new engine with the settings each backend needs (WAL and foreign keys on SQLite)."""
    url = url or settings.database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


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
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reads; nothing it does is committed."""
    with Session(engine) as session:
        yield session


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
    writers on the row), and tells every cache that the data changed.
    """
    with Session(engine) as session, session.begin():
        bump_revision(session)
        yield session


@contextmanager
def bookkeeping_session(engine: Engine) -> Iterator[Session]:
    """A transaction for sessions and logs, which are not dashboard data.

    Unlike write_session it leaves the data revision alone, so a sign-in or a page run does not
    empty every cache. Callers write first, so SQLite takes the write lock at once.
    """
    with Session(engine) as session, session.begin():
        yield session


def data_revision(engine: Engine) -> int:
    """The current data revision; caches key on it."""
    with Session(engine) as session:
        return (
            session.exec(select(DataRevision.value).where(DataRevision.id == 1)).one_or_none() or 0
        )
