"""Database URL, engine with per-backend settings, and session scope."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, update
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine, select

from models import DataRevision

DEFAULT_URL = "sqlite:///data/marsad.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def database_url() -> str:
    """The configured database URL (`DATABASE_URL`, default a SQLite file in data/)."""
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def make_engine(url: str | None = None) -> Engine:
    """An engine with the settings each backend needs (WAL and foreign keys on SQLite)."""
    url = url or database_url()
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


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A transaction that commits on success and rolls back on any error.

    Its first statement bumps the data revision: that takes the write lock at once (SQLite
    waits on the busy timeout instead of failing on a stale snapshot; PostgreSQL queues
    writers on the row), and tells every cache that the data changed.
    """
    with Session(engine) as session, session.begin():
        session.exec(
            update(DataRevision).where(DataRevision.id == 1).values(value=DataRevision.value + 1)
        )
        yield session


def data_revision(engine: Engine) -> int:
    """The current data revision; caches key on it."""
    with Session(engine) as session:
        return (
            session.exec(select(DataRevision.value).where(DataRevision.id == 1)).one_or_none() or 0
        )
