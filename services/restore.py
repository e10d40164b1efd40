"""Restoring a backup into a database with no data; a refused or failed restore changes nothing."""

import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from tempfile import TemporaryDirectory

from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import URL, make_url

from services.backup import BackupError, run_tool, sqlite_path
from services.db import make_engine
from services.migrate import ROOT

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Tables a freshly migrated database already fills, and the tallies (counted again from the
# measures): rows in these alone do not make a database "not empty".
BOOKKEEPING_TABLES = frozenset(
    {"alembic_version", "datarevision", "measuretally", "measuretallystate", "tagtally"}
)
# Alembic's table and those of migration 0001, which every schema revision has.
MARSAD_TABLES = frozenset(
    {
        "alembic_version",
        "axis",
        "changelog",
        "committee",
        "committeemember",
        "commune",
        "datarevision",
        "decision",
        "measure",
        "measuretag",
        "measureupdate",
        "meeting",
        "programme",
        "province",
        "region",
        "strategy",
    }
)
NOT_EMPTY = "the target database is not empty{}; restore only into an empty database"
_CREATE_TABLE = re.compile(r"CREATE TABLE public\.(\w+) \(")
_COPY_REVISION = "COPY public.alembic_version (version_num) FROM stdin;"


def restore(url: str, path: Path) -> None:
    """Load a backup made by `backup` into the database at `url`, which must hold no data."""
    # The file is checked before the database is touched: a Marsad backup, of a schema revision
    # this code knows, for the same backend. The emptiness check, the drop of the empty tables
    # and the load then run in one transaction. `manage.py migrate` upgrades an older backup.
    path = Path(path)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _check_format(path, SQLITE_MAGIC, "a SQLite backup")
        _check_marsad(path, *_sqlite_contents(path))
        _sqlite_restore(path, sqlite_path(parsed))
        return
    _check_format(path, PG_DUMP_MAGIC, "a PostgreSQL (pg_dump custom format) backup")
    with TemporaryDirectory(prefix="marsad-restore-") as work:
        script = _pg_script(path, Path(work))
        _check_marsad(path, *_pg_contents(script))
        _pg_load(url, parsed, script)


def known_revisions() -> frozenset[str]:
    """The Alembic revisions of migrations/versions/."""
    return frozenset(r.revision for r in ScriptDirectory(str(ROOT / "migrations")).walk_revisions())


def tables_with_rows(connection) -> list[str]:
    """Names of the tables, bookkeeping aside, that hold at least one row."""
    names = sorted(set(inspect(connection).get_table_names()) - BOOKKEEPING_TABLES)
    return [
        name
        for name in names
        if connection.execute(select(func.count()).select_from(table(name))).scalar()
    ]


def _check_format(path: Path, magic: bytes, wanted: str) -> None:
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if not head.startswith(magic):
        raise BackupError(f"{path} is not {wanted}; restore into the backend it came from")


def _check_marsad(path: Path, tables: set[str], revisions: list[str]) -> None:
    missing = sorted(MARSAD_TABLES - tables)
    if missing:
        raise BackupError(f"{path} is not a Marsad backup (no {', '.join(missing[:3])} table)")
    if len(revisions) != 1 or revisions[0] not in known_revisions():
        raise BackupError(
            f"{path} has schema revision {', '.join(revisions) or 'none'}, which this version "
            "of Marsad does not know; restore it with the version that wrote it"
        )


def _not_empty(filled: list[str]) -> BackupError:
    return BackupError(NOT_EMPTY.format(f" ({', '.join(filled[:3])} have rows)"))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# SQLite


def _sqlite_contents(path: Path) -> tuple[set[str], list[str]]:
    """The tables of a SQLite backup and the schema revisions it records."""
    try:
        with closing(sqlite3.connect(_read_only(path), uri=True)) as src:
            if src.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is damaged (PRAGMA quick_check failed)")
            tables = set(_sqlite_tables(src))
            if "alembic_version" not in tables:
                return tables, []
            return tables, [v for (v,) in src.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is damaged or not a database ({error})") from None


def _read_only(path: Path) -> str:
    # immutable: the backup is only read, so SQLite makes no -wal or -shm file beside it.
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def _sqlite_restore(backup_file: Path, target: Path) -> None:
    if target.exists():
        _sqlite_load(backup_file, target)
        return
    # A new file is filled beside the target and linked into place whole: a failure leaves
    # no file behind, and a file someone created meanwhile is never overwritten.
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _sqlite_load(backup_file, partial)
        try:
            os.link(partial, target)
        except FileExistsError:
            raise BackupError(f"{target} appeared during the restore; it was left alone") from None
    finally:
        partial.unlink(missing_ok=True)


def _sqlite_load(backup_file: Path, target: Path) -> None:
    """Replace the target's empty tables with the backup's tables and rows in one transaction."""
    with closing(sqlite3.connect(target, timeout=10, isolation_level=None, uri=True)) as dst:
        # Tables are dropped and filled in any order; the foreign keys are checked at the end.
        dst.execute("PRAGMA foreign_keys = OFF")
        dst.execute("ATTACH DATABASE ? AS backup", (_read_only(backup_file),))
        try:
            # IMMEDIATE takes the write lock first, so no row can arrive after the check.
            dst.execute("BEGIN IMMEDIATE")
            _sqlite_replace(dst)
            dst.execute("COMMIT")
        except sqlite3.Error as error:
            raise BackupError(f"the restore failed ({error}); nothing was changed") from error
        finally:
            if dst.in_transaction:
                dst.execute("ROLLBACK")
            dst.execute("DETACH DATABASE backup")


def _sqlite_replace(dst: sqlite3.Connection) -> None:
    present = _sqlite_tables(dst)
    filled = [n for n in present if n not in BOOKKEEPING_TABLES and _sqlite_has_rows(dst, n)]
    if filled:
        raise _not_empty(filled)
    for name in present:
        dst.execute(f"DROP TABLE main.{_quote(name)}")
    schema = dst.execute(
        "SELECT type, name, sql FROM backup.sqlite_master WHERE sql IS NOT NULL"
        " AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY rowid"
    ).fetchall()
    tables = [(name, sql) for kind, name, sql in schema if kind == "table"]
    # An unqualified CREATE makes the object in main.
    for _, sql in tables:
        dst.execute(sql)
    for name, _ in tables:
        quoted = _quote(name)
        dst.execute(f"INSERT INTO main.{quoted} SELECT * FROM backup.{quoted}")  # noqa: S608
    # Indexes once the rows are in; a trigger made earlier would fire on the copy.
    for kind, _, sql in schema:
        if kind != "table":
            dst.execute(sql)
    if dst.execute("PRAGMA main.foreign_key_check").fetchone():
        raise BackupError("the backup's rows break its foreign keys; it is probably damaged")


def _sqlite_has_rows(connection: sqlite3.Connection, name: str) -> bool:
    query = f"SELECT EXISTS (SELECT 1 FROM main.{_quote(name)})"  # noqa: S608
    return bool(connection.execute(query).fetchone()[0])


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table'"
        " AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name"
    )
    return [name for (name,) in rows]


# PostgreSQL


def _pg_script(path: Path, work: Path) -> Path:
    """The SQL script pg_restore makes of a dump, written under `work`; no database is touched."""
    script = work / "backup.sql"
    run_tool(
        "pg_restore",
        ["--no-owner", "--no-privileges", f"--file={script}", str(path)],
        crashed=f"{path} is probably damaged or not a Marsad backup",
    )
    return script


def _pg_contents(script: Path) -> tuple[set[str], list[str]]:
    """The tables a pg_restore script creates and the schema revisions its data records."""
    tables, revisions, in_revisions = set(), [], False
    with script.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if in_revisions and line.startswith("\\."):
                in_revisions = False
            elif in_revisions:
                revisions.append(line.rstrip("\n"))
            elif match := _CREATE_TABLE.match(line):
                tables.add(match[1])
            else:
                in_revisions = line.rstrip("\n") == _COPY_REVISION
    return tables, revisions


def _pg_load(url: str, parsed: URL, script: Path) -> None:
    """Run the script after a prelude that refuses rows and drops the tables, in one transaction."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            present = sorted(inspect(connection).get_table_names())
            filled = tables_with_rows(connection)
    finally:
        engine.dispose()
    if filled:
        raise _not_empty(filled)
    prelude = script.with_name("prelude.sql")
    prelude.write_text(_pg_prelude(present), encoding="utf-8")
    options = ["--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"]
    run_tool(
        "psql",
        [*options, f"--file={prelude}", f"--file={script}"],
        parsed,
        crashed="the database was left as it was",
    )


# The backup makes its own functions (the tallies' trigger function) again.
DROP_FUNCTIONS = (
    "DO $$ DECLARE f regprocedure; BEGIN FOR f IN SELECT oid FROM pg_proc WHERE "
    "pronamespace = 'public'::regnamespace LOOP EXECUTE 'DROP FUNCTION ' || f; END LOOP; "
    "END $$;\n"
)


def _pg_prelude(present: list[str]) -> str:
    """SQL that locks the tables, refuses any row written since the check, and drops them."""
    if not present:
        return ""
    names = ", ".join(f"public.{_quote(name)}" for name in present)
    rows = [
        f"EXISTS (SELECT FROM public.{_quote(name)})"
        for name in present
        if name not in BOOKKEEPING_TABLES
    ]
    refuse = f"RAISE EXCEPTION '{NOT_EMPTY.format('')}'"
    return (
        f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE;\n"
        f"DO $$ BEGIN IF {' OR '.join(rows) or 'false'} THEN {refuse}; END IF; END $$;\n"
        f"DROP TABLE {names} CASCADE;\n{DROP_FUNCTIONS}"
    )
