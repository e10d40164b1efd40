"""Consistent online backups of the database to a file, and restoring one into an empty database."""

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import MetaData, func, inspect, select, table, text
from sqlalchemy.engine import URL, make_url

from services.db import make_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Tables a freshly migrated database already fills: they do not make it "not empty".
BOOKKEEPING_TABLES = frozenset({"alembic_version", "datarevision"})


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why in one line."""


def backup(url: str, path: Path) -> int:
    """Write a consistent snapshot of the database at `url` to a new file; return its size.

    The app may keep writing meanwhile: SQLite copies one read snapshot through the online
    backup API, PostgreSQL's pg_dump reads one transaction snapshot. The file appears at `path`
    only once complete.
    """
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    parsed = make_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_path(parsed), partial)
        else:
            _run_tool(
                "pg_dump",
                parsed,
                ["--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
            )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


def restore(url: str, path: Path) -> None:
    """Load a backup made by `backup` into the database at `url`, which must hold no data.

    A new database or a freshly migrated one is accepted (its empty tables are replaced by the
    backup's), one with any row outside the bookkeeping tables is refused. The backup must come
    from the same backend; `manage.py migrate` brings an older one up to date.
    """
    path = Path(path)
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    _check_format(path, SQLITE_MAGIC if sqlite else PG_DUMP_MAGIC, sqlite)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            _clear_empty(connection, drop=not sqlite)
    finally:
        engine.dispose()
    if sqlite:
        # The backup API replaces the whole file, empty tables included.
        _sqlite_restore(path, _sqlite_path(parsed))
    else:
        options = ["--no-owner", "--no-privileges", "--single-transaction"]
        _run_tool("pg_restore", parsed, [*options, str(path)])


def tables_with_rows(connection) -> list[str]:
    """Names of the tables, bookkeeping aside, that hold at least one row."""
    names = sorted(set(inspect(connection).get_table_names()) - BOOKKEEPING_TABLES)
    return [
        name
        for name in names
        if connection.execute(select(func.count()).select_from(table(name))).scalar()
    ]


def _clear_empty(connection, *, drop: bool) -> None:
    # Locked, checked and dropped in one transaction, so no row written meanwhile is lost.
    metadata = MetaData()
    metadata.reflect(connection)
    if drop and metadata.tables:
        quote = connection.dialect.identifier_preparer.quote
        names = ", ".join(quote(name) for name in metadata.tables)
        connection.execute(text(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE"))
    filled = tables_with_rows(connection)
    if filled:
        raise BackupError(
            f"the target database is not empty ({', '.join(filled[:3])} have rows); "
            "restore only into an empty database"
        )
    if drop:
        metadata.drop_all(connection)


def _sqlite_path(parsed: URL) -> Path:
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(parsed.database)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"no database file at {source}")
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        # pages=-1 copies everything in one step under one read snapshot, so writers (WAL)
        # never force a restart and the copy is a single consistent state.
        src.backup(dst, pages=-1)


def _sqlite_restore(backup_file: Path, target: Path) -> None:
    with closing(sqlite3.connect(f"{backup_file.resolve().as_uri()}?mode=ro", uri=True)) as src:
        if src.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{backup_file} is damaged (PRAGMA quick_check failed)")
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(target, timeout=10)) as dst:
            src.backup(dst, pages=-1)


def _check_format(path: Path, magic: bytes, sqlite: bool) -> None:
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if not head.startswith(magic):
        wanted = "a SQLite backup" if sqlite else "a PostgreSQL (pg_dump custom format) backup"
        raise BackupError(f"{path} is not {wanted}; restore into the backend it came from")


def _run_tool(tool: str, parsed: URL, options: list[str]) -> None:
    # libpq takes the URL without SQLAlchemy's "+psycopg"; the password goes through the
    # environment so it never shows in the process list.
    conninfo = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    dbname = f"--dbname={conninfo.render_as_string(hide_password=False)}"
    result = subprocess.run(  # noqa: S603  (fixed tool, arguments passed as a list)
        [_find_tool(tool), dbname, *options], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise BackupError(f"{tool} failed: {lines[0] if lines else f'exit {result.returncode}'}")


def _find_tool(tool: str) -> str:
    # Debian keeps the versioned client tools off PATH without postgresql-client-common; the
    # newest one can dump and restore every older server.
    versioned = glob.glob(f"/usr/lib/postgresql/*/bin/{tool}")
    newest = max(versioned, key=lambda p: int(re.findall(r"\d+", p)[0]), default=None)
    found = shutil.which(tool) or newest
    if found is None:
        raise BackupError(f"{tool} not found; install the PostgreSQL client (postgresql-client)")
    return found
