"""A restore that is refused or fails leaves the target database exactly as it was."""

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from services import restore as restores
from services.backup import BackupError, backup, tool_failure
from services.db import make_engine
from services.restore import known_revisions, restore
from tests import pg
from tests.helpers import dump
from tests.tree import ROOT

PG_ONLY = pytest.mark.parametrize("backend", ["postgres"])


def state(url: str) -> tuple[dict[str, list[str]], str]:
    """The tables with their columns, and every row, of an existing database."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            live = inspect(connection)
            tables = {
                name: [column["name"] for column in live.get_columns(name)]
                for name in sorted(live.get_table_names())
            }
        return tables, dump(engine)
    finally:
        engine.dispose()


def execute(url: str, *statements: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def sqlite_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# Damaged backups


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def break_a_check(path: Path) -> None:
    # quick_check passes; the row breaks `progress BETWEEN 0 AND 100` once loaded.
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA ignore_check_constraints = ON")
        db.execute("UPDATE measure SET progress = 150 WHERE id = (SELECT max(id) FROM measure)")
        db.commit()


def break_a_foreign_key(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("UPDATE measureupdate SET measure_id = 999999 WHERE id = 1")
        db.commit()


DAMAGE = {
    "truncated": (truncate, "damaged"),
    "check violation": (break_a_check, "CHECK constraint failed"),
    "broken foreign key": (break_a_foreign_key, "break its foreign keys"),
}


def test_a_damaged_backup_leaves_the_target_as_it_was(backend, db_url, empty_db_url, tmp_path):
    backup(db_url, tmp_path / "damaged.backup")
    truncate(tmp_path / "damaged.backup")
    before = state(empty_db_url)
    with pytest.raises(BackupError, match=r"damaged|could not read from input file") as refused:
        restore(empty_db_url, tmp_path / "damaged.backup")
    assert "exit -" not in str(refused.value)
    assert state(empty_db_url) == before


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_failed_sqlite_restore_leaves_the_file_byte_identical(
    damage, seeded_url, empty_template, tmp_path
):
    spoil, message = DAMAGE[damage]
    backup(seeded_url, tmp_path / "spoilt.backup")
    spoil(tmp_path / "spoilt.backup")
    target = tmp_path / "target" / "marsad.db"
    target.parent.mkdir()
    shutil.copy(empty_template, target)
    rows = state(f"sqlite:///{target}")
    before, listing = target.read_bytes(), files_beside(target)
    with pytest.raises(BackupError, match=message):
        restore(f"sqlite:///{target}", tmp_path / "spoilt.backup")
    assert (target.read_bytes(), files_beside(target)) == (before, listing)
    assert state(f"sqlite:///{target}") == rows


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_failed_sqlite_restore_into_a_new_file_leaves_no_file(damage, seeded_url, tmp_path):
    spoil, message = DAMAGE[damage]
    backup(seeded_url, tmp_path / "spoilt.backup")
    spoil(tmp_path / "spoilt.backup")
    target = tmp_path / "target" / "marsad.db"
    target.parent.mkdir()
    with pytest.raises(BackupError, match=message):
        restore(f"sqlite:///{target}", tmp_path / "spoilt.backup")
    assert files_beside(target) == []


def test_a_sqlite_restore_creates_a_missing_file_whole(seeded_url, tmp_path):
    backup(seeded_url, tmp_path / "good.backup")
    target = tmp_path / "new" / "marsad.db"
    restore(f"sqlite:///{target}", tmp_path / "good.backup")
    assert files_beside(target) == ["marsad.db"]
    assert state(f"sqlite:///{target}") == state(seeded_url)


@PG_ONLY
def test_a_postgres_failure_after_the_drop_undoes_the_drop(
    backend, db_url, empty_db_url, tmp_path, monkeypatch
):
    make_script = restores._pg_script

    def failing_at_the_end(path: Path, work: Path) -> Path:
        script = make_script(path, work)
        with script.open("a", encoding="utf-8") as sql:
            sql.write("SELECT 1 / 0;\n")
        return script

    monkeypatch.setattr(restores, "_pg_script", failing_at_the_end)
    backup(db_url, tmp_path / "good.backup")
    before = state(empty_db_url)
    with pytest.raises(BackupError, match="psql failed: division by zero"):
        restore(empty_db_url, tmp_path / "good.backup")
    assert state(empty_db_url) == before


@PG_ONLY
def test_postgres_rows_written_after_the_check_are_refused_in_the_transaction(
    backend, db_url, empty_db_url, tmp_path, monkeypatch
):
    backup(empty_db_url, tmp_path / "empty.backup")
    monkeypatch.setattr(restores, "tables_with_rows", lambda connection: [])
    before = state(db_url)
    with pytest.raises(BackupError, match="the target database is not empty"):
        restore(db_url, tmp_path / "empty.backup")
    assert state(db_url) == before


# Files that are not Marsad backups of a known revision


def not_marsad_backup(request, backend: str, path: Path) -> None:
    """A backup of a database that is not Marsad's: one table of notes."""
    if backend == "sqlite":
        with closing(sqlite3.connect(path)) as db:
            db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            db.execute("INSERT INTO notes (body) VALUES ('shopping list')")
            db.commit()
        return
    admin = request.getfixturevalue("pg_admin_url")
    name = pg.unique_name("not_marsad")
    url = pg.create_database(admin, name)
    request.addfinalizer(lambda: pg.drop_database(admin, name))
    execute(url, "CREATE TABLE notes (id serial PRIMARY KEY, body text)")
    backup(url, path)


def test_restore_refuses_a_file_that_is_not_a_marsad_backup(
    request, backend, empty_db_url, tmp_path
):
    not_marsad_backup(request, backend, tmp_path / "notes.backup")
    before = state(empty_db_url)
    with pytest.raises(BackupError, match=r"is not a Marsad backup \(no alembic_version, axis"):
        restore(empty_db_url, tmp_path / "notes.backup")
    assert state(empty_db_url) == before


def test_restore_refuses_a_schema_revision_it_does_not_know(
    backend, db_url, empty_db_url, tmp_path
):
    execute(db_url, "UPDATE alembic_version SET version_num = '0099'")
    backup(db_url, tmp_path / "newer.backup")
    before = state(empty_db_url)
    with pytest.raises(BackupError, match="schema revision 0099, which this version of Marsad"):
        restore(empty_db_url, tmp_path / "newer.backup")
    assert state(empty_db_url) == before


def test_known_revisions_are_those_of_migrations_versions():
    files = (ROOT / "migrations" / "versions").glob("[0-9]*.py")
    assert known_revisions() == {path.name.split("_")[0] for path in files}


# How tool failures are told


def test_tool_failures_are_told_in_words():
    damaged = "x.backup is probably damaged or not a Marsad backup"
    assert tool_failure("pg_restore", -11, "", damaged) == (
        "pg_restore crashed (SIGSEGV); x.backup is probably damaged or not a Marsad backup"
    )
    stderr = (
        "pg_restore: warning: archive is from an older version\n"
        "pg_restore: error: could not read from input file: end of file\n"
        "pg_restore: error: second error\n"
    )
    assert tool_failure("pg_restore", 1, stderr, damaged) == (
        "pg_restore failed: could not read from input file: end of file"
    )
    psql = 'psql:/tmp/r/backup.sql:40: ERROR:  relation "measure" already exists\n'
    assert tool_failure("psql", 3, psql, "") == 'psql failed: relation "measure" already exists'
    assert tool_failure("pg_dump", 1, "\n", "") == "pg_dump failed: exit code 1"


@PG_ONLY
def test_manage_restore_says_pg_restore_crashed_and_changes_nothing(
    backend, db_url, empty_db_url, tmp_path
):
    backup(db_url, tmp_path / "good.backup")
    crashing = tmp_path / "bin" / "pg_restore"
    crashing.parent.mkdir()
    crashing.write_text("#!/bin/sh\nkill -SEGV $$\n")
    crashing.chmod(0o755)
    before = state(empty_db_url)
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "restore", "good.backup"],
        cwd=tmp_path,
        env={
            **os.environ,
            "DATABASE_URL": empty_db_url,
            "PATH": f"{crashing.parent}:{os.environ['PATH']}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "manage.py restore: error: pg_restore crashed (SIGSEGV); good.backup is probably "
        "damaged or not a Marsad backup\n"
    )
    assert state(empty_db_url) == before


def test_manage_restore_from_another_directory_writes_the_default_database(
    seeded_template, tmp_path
):
    # A copy of the project, so its default database (data/marsad.db) is the test's own.
    project = tmp_path / "project"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(
            ".*", "__pycache__", "data", "docs", "tests", "benchmarks", "test-results"
        ),
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(seeded_template, elsewhere / "marsad.backup")
    shutil.copy(seeded_template, tmp_path / "expected.db")
    result = subprocess.run(
        [sys.executable, str(project / "manage.py"), "restore", "marsad.backup"],
        cwd=elsewhere,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"into sqlite:///{project / 'data' / 'marsad.db'}" in result.stdout
    assert sorted(p.name for p in elsewhere.iterdir()) == ["marsad.backup"]
    restored = state(f"sqlite:///{project / 'data' / 'marsad.db'}")
    assert restored == state(f"sqlite:///{tmp_path / 'expected.db'}")
