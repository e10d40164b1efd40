"""Backups while the app writes, restores into empty databases only, on SQLite and PostgreSQL."""

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import delete, func, select
from sqlmodel import Session

from models import DataRevision, Measure, MeasureUpdate, Province
from services import backup as backups
from services.backup import BackupError, backup
from services.db import data_revision, make_engine
from services.measure_writes import MeasureChange, update_measure
from services.migrate import alembic_config, migrate
from services.restore import restore
from tests import pg
from tests.helpers import ADMIN, TODAY, dump, measure_where

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"
CURRENT = ("status", "progress", "actual_start", "actual_end", "budget_paid", "version")


def backup_file_dump(request, backend: str, path: Path, tmp_path: Path) -> str:
    """The rows inside a backup file, read without services.backup."""
    if backend == "sqlite":
        # A copy, so opening it (WAL, pragmas) cannot touch the backup itself.
        copy = tmp_path / "backup-copy.db"
        shutil.copy(path, copy)
        url = f"sqlite:///{copy}"
    else:
        admin = request.getfixturevalue("pg_admin_url")
        name = pg.unique_name("marsad_backup_read")
        url = pg.create_database(admin, name)
        request.addfinalizer(lambda: pg.drop_database(admin, name))
        conninfo = pg.database_url(admin, name).replace("postgresql+psycopg", "postgresql")
        command = [backups.find_tool("pg_restore"), "--no-owner", f"--dbname={conninfo}", path]
        subprocess.run(command, check=True, capture_output=True)
    engine = make_engine(url)
    try:
        return dump(engine)
    finally:
        engine.dispose()


def newest_history_matches_every_measure(engine) -> None:
    with Session(engine) as session:
        newest = select(MeasureUpdate.measure_id, func.max(MeasureUpdate.version).label("v"))
        newest = newest.group_by(MeasureUpdate.measure_id).subquery()
        rows = session.execute(
            select(Measure, MeasureUpdate)
            .join(newest, newest.c.measure_id == Measure.id)
            .join(
                MeasureUpdate,
                (MeasureUpdate.measure_id == Measure.id) & (MeasureUpdate.version == newest.c.v),
            )
        ).all()
        assert len(rows) == session.scalar(select(func.count()).select_from(Measure))
        for measure, last in rows:
            history = (
                last.new_status,
                last.new_progress,
                last.new_actual_start,
                last.new_actual_end,
                last.new_budget_paid,
                last.version,
            )
            assert tuple(getattr(measure, k) for k in CURRENT) == history, measure.code


class Writer(threading.Thread):
    """Updates one measure in a loop, each time with the version it last wrote."""

    def __init__(self, url: str, measure: Measure) -> None:
        super().__init__(daemon=True)
        self.engine = make_engine(url)
        self.measure_id, self.version = measure.id, measure.version
        self.written: dict[int, int] = {measure.version: measure.progress}
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            tick = 0
            while not self.stop.is_set():
                tick += 1
                progress = 10 + tick % 80
                change = MeasureChange(
                    status="in_progress", progress=progress, note=f"tick {tick}", note_lang="fr"
                )
                self.version = update_measure(
                    self.engine,
                    actor=ADMIN,
                    measure_id=self.measure_id,
                    expected_version=self.version,
                    change=change,
                    today=TODAY,
                )
                self.written[self.version] = progress
        except BaseException as exc:
            self.error = exc
        finally:
            self.engine.dispose()

    def wait_for(self, writes: int) -> None:
        target = len(self.written) + writes
        while len(self.written) < target and self.is_alive():
            self.stop.wait(0.01)


def test_backup_while_writing_restores_one_consistent_moment(
    request, backend, db_url, db_engine, empty_db_url, tmp_path
):
    measure = measure_where(db_engine, region_code="09", status="in_progress")
    base_revision = data_revision(db_engine)
    writer = Writer(db_url, measure)
    writer.start()
    try:
        writer.wait_for(5)
        backup(db_url, tmp_path / "live.backup")
        writer.wait_for(5)
    finally:
        writer.stop.set()
        writer.join(60)
    assert writer.error is None, writer.error
    restore(empty_db_url, tmp_path / "live.backup")

    engine = make_engine(empty_db_url)
    try:
        newest_history_matches_every_measure(engine)
        with Session(engine) as session:
            saved = session.get(Measure, measure.id)
            revision = session.get(DataRevision, 1).value
        # The snapshot holds a version the writer committed, with what it wrote, and the
        # revision counter from the same moment (each update bumps it once).
        assert saved.version in writer.written
        assert measure.version + 5 <= saved.version < writer.version
        assert saved.progress == writer.written[saved.version]
        assert revision == base_revision + saved.version - measure.version
        assert dump(engine) == backup_file_dump(
            request, backend, tmp_path / "live.backup", tmp_path
        )
    finally:
        engine.dispose()


def test_quiet_round_trip_restores_every_row(backend, db_url, db_engine, empty_db_url, tmp_path):
    before = dump(db_engine)
    size = backup(db_url, tmp_path / "quiet.backup")
    assert size == (tmp_path / "quiet.backup").stat().st_size > 0
    restore(empty_db_url, tmp_path / "quiet.backup")
    engine = make_engine(empty_db_url)
    try:
        assert dump(engine) == before
    finally:
        engine.dispose()
    assert dump(db_engine) == before


def test_an_older_backup_restores_over_a_newer_empty_schema_then_migrates(
    backend, db_url, empty_db_url, tmp_path
):
    source = make_engine(db_url)
    try:
        with Session(source) as session, session.begin():
            # Codes longer than 0002's VARCHAR(6) (see test_migrations) cannot go back there.
            session.execute(delete(Province).where(func.length(Province.code) > 6))
        command.downgrade(alembic_config(db_url), "0002")
        backup(db_url, tmp_path / "old.backup")
        migrate(db_url)
        expected = dump(source)
    finally:
        source.dispose()
    restore(empty_db_url, tmp_path / "old.backup")
    migrate(empty_db_url)
    engine = make_engine(empty_db_url)
    try:
        assert dump(engine) == expected
    finally:
        engine.dispose()


def test_restore_refuses_a_database_with_data(backend, db_url, db_engine, empty_db_url, tmp_path):
    backup(empty_db_url, tmp_path / "empty.backup")
    before = dump(db_engine)
    with pytest.raises(BackupError, match="not empty"):
        restore(db_url, tmp_path / "empty.backup")
    assert dump(db_engine) == before


def test_backup_never_overwrites_and_restore_checks_the_format(
    backend, db_url, empty_db_url, tmp_path
):
    existing = tmp_path / "existing.backup"
    existing.write_bytes(b"keep me")
    with pytest.raises(BackupError, match="already exists"):
        backup(db_url, existing)
    assert existing.read_bytes() == b"keep me"
    assert not list(tmp_path.glob("*.partial"))
    with pytest.raises(BackupError, match="restore into the backend it came from"):
        restore(empty_db_url, existing)
    with pytest.raises(BackupError, match="no backup file"):
        restore(empty_db_url, tmp_path / "missing.backup")


def test_pg_tools_get_a_libpq_url_and_the_password_outside_argv(monkeypatch, tmp_path):
    calls = []

    def fake_run(command, **kwargs):
        calls.append((command, kwargs["env"]))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(backups.subprocess, "run", fake_run)
    monkeypatch.setattr(backups, "find_tool", lambda tool: tool)
    url = "postgresql+psycopg://marsad:s3cret@db.example:5433/marsad?sslmode=require"
    with pytest.raises(FileNotFoundError):  # the fake pg_dump wrote nothing to rename
        backup(url, tmp_path / "x.backup")
    [(command, env)] = calls
    assert command[0] == "pg_dump" and "--format=custom" in command
    assert command[1] == "--dbname=postgresql://marsad@db.example:5433/marsad?sslmode=require"
    assert "s3cret" not in " ".join(command) and env["PGPASSWORD"] == "s3cret"


def manage(url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        cwd=cwd,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_backup_and_restore(backend, db_url, db_engine, empty_db_url, tmp_path):
    saved = manage(db_url, tmp_path, "backup", "marsad.backup")
    assert saved.returncode == 0 and "Backup written to marsad.backup" in saved.stdout, saved.stderr
    again = manage(db_url, tmp_path, "backup", "marsad.backup")
    assert again.returncode == 1 and again.stderr.count("\n") == 1
    assert "already exists" in again.stderr

    restored = manage(empty_db_url, tmp_path, "restore", "marsad.backup")
    assert restored.returncode == 0, restored.stderr
    engine = make_engine(empty_db_url)
    try:
        assert dump(engine) == dump(db_engine)
    finally:
        engine.dispose()
    refused = manage(empty_db_url, tmp_path, "restore", "marsad.backup")
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    assert "not empty" in refused.stderr and "Traceback" not in refused.stderr
