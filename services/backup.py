"""Consistent online backups of the database to a file, and the PostgreSQL client tools."""

import glob
import os
import re
import shutil
import signal
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL, make_url

# A client tool's message after its own prefix: "pg_restore: error: …", "psql:file:3: ERROR:  …".
_ERROR_PREFIX = re.compile(r"^.*?\b(?:error|ERROR|FATAL|PANIC):\s*")


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why in one line."""


def backup(url: str, path: Path) -> int:
    """Write a consistent snapshot of the database at `url` to a new file; return its size."""
    # The app may keep writing meanwhile: SQLite copies one read snapshot through the online
    # backup API, PostgreSQL's pg_dump reads one transaction snapshot. The file appears at
    # `path` only once complete.
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    parsed = make_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            _sqlite_backup(sqlite_path(parsed), partial)
        else:
            options = ["--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"]
            run_tool("pg_dump", options, parsed, crashed="no backup was written")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


def sqlite_path(parsed: URL) -> Path:
    """The file of a SQLite URL; BackupError for an in-memory database."""
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


def run_tool(tool: str, options: list[str], parsed: URL | None = None, *, crashed: str) -> None:
    """Run a PostgreSQL client tool (on `parsed`'s database if given); BackupError on failure."""
    command = [find_tool(tool)]
    env = dict(os.environ)
    if parsed is not None:
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
        if parsed.password:
            env["PGPASSWORD"] = str(parsed.password)
        command.append(f"--dbname={conninfo.render_as_string(hide_password=False)}")
    result = subprocess.run(  # noqa: S603  (fixed tool, arguments passed as a list)
        [*command, *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",  # a damaged file can make a tool print any bytes
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(tool_failure(tool, result.returncode, result.stderr, crashed))


def tool_failure(tool: str, returncode: int, stderr: str, crashed: str) -> str:
    """One line on a failed client tool: the signal that killed it, else its first error."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"{tool} crashed ({name}); {crashed}"
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if _ERROR_PREFIX.match(line)]
    first = (errors or lines or [f"exit code {returncode}"])[0]
    return f"{tool} failed: {_ERROR_PREFIX.sub('', first, count=1)}"


def find_tool(tool: str) -> str:
    """The path of a PostgreSQL client tool: on PATH, else Debian's newest versioned one."""
    # Debian keeps the versioned client tools off PATH without postgresql-client-common; the
    # newest one can dump and restore every older server.
    versioned = glob.glob(f"/usr/lib/postgresql/*/bin/{tool}")
    newest = max(versioned, key=lambda p: int(re.findall(r"\d+", p)[0]), default=None)
    found = shutil.which(tool) or newest
    if found is None:
        raise BackupError(f"{tool} not found; install the PostgreSQL client (postgresql-client)")
    return found
