"""manage.py as an admin runs it: a subprocess against a temporary SQLite file."""

import os
import subprocess
import sys
from pathlib import Path

from services.db import make_engine
from tests.helpers import dump

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"


def manage(tmp_path: Path, *args: str, typed: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'marsad.db'}"}
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        input=typed,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def dump_file(path: Path) -> str:
    engine = make_engine(f"sqlite:///{path}")
    try:
        return dump(engine)
    finally:
        engine.dispose()


def assert_one_line_error(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr


def test_migrate_then_seed_then_refuse_then_skip(tmp_path):
    migrated = manage(tmp_path, "migrate")
    assert migrated.returncode == 0, migrated.stderr

    seeded = manage(tmp_path, "seed")
    assert seeded.returncode == 0, seeded.stderr
    assert "region 12," in seeded.stdout and "commune 1503," in seeded.stdout

    before = dump_file(tmp_path / "marsad.db")
    again = manage(tmp_path, "seed")
    assert_one_line_error(again, "the database already holds data (12 regions, ")
    assert "'seed --if-empty' does nothing on a filled database" in again.stderr
    assert "--force" not in again.stderr and "--destroy-user-data" not in again.stderr
    assert dump_file(tmp_path / "marsad.db") == before

    skipped = manage(tmp_path, "seed", "--if-empty")
    assert (skipped.returncode, skipped.stdout, skipped.stderr) == (0, "", "")


def test_a_real_installation_gets_the_territory_and_no_demo_account(tmp_path):
    assert manage(tmp_path, "migrate").returncode == 0
    loaded = manage(tmp_path, "seed", "--territory-only")
    assert loaded.returncode == 0, loaded.stderr
    assert "region 12," in loaded.stdout and "Demo accounts" not in loaded.stdout
    again = manage(tmp_path, "seed", "--territory-only")
    assert again.returncode == 0 and "region 12," in again.stdout
    # What `make run` does next finds a database in use, so it adds no demo data or account.
    assert manage(tmp_path, "seed", "--if-empty").returncode == 0
    typed = "Quartz-Violet-Harbour-1984\n"
    first = manage(tmp_path, "create-user", "rachida", "--role", "admin", typed=typed)
    assert first.returncode == 0, first.stderr
    tables = dump_file(tmp_path / "marsad.db")
    assert "rachida" in tables and "editor.souss" not in tables and "SM-01" not in tables


def test_seed_before_migrate_fails_in_one_line(tmp_path):
    assert_one_line_error(manage(tmp_path, "seed"), "no such table")
