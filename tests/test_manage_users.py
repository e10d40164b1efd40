"""manage.py account commands as an admin runs them: subprocess, password piped on stdin."""

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from services.accounts import create_user
from services.actors import COMMAND_LINE
from services.auth import SignInRefused, sign_in
from services.db import make_engine
from tests.helpers import dump
from tests.test_manage import MANAGE, assert_one_line_error

PASSWORD = "a-long-enough-password"


def manage(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {"DATABASE_URL": f"sqlite:///{db}", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        cwd=db.parent,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def db(tmp_path, seeded_template) -> Path:
    """A private copy of the seeded database file."""
    path = tmp_path / "marsad.db"
    path.write_bytes(seeded_template.read_bytes())
    return path


def signs_in(db: Path, username: str, password: str) -> bool:
    engine = make_engine(f"sqlite:///{db}")
    try:
        sign_in(engine, username=username, password=password)
    except SignInRefused:
        return False
    finally:
        engine.dispose()
    return True


def test_create_user_reads_the_password_from_stdin(db):
    done = manage(
        db,
        "create-user",
        "Amina",
        "--role",
        "editor",
        "--region",
        "09",
        "--region",
        "02",
        "--display-name",
        "Amina El Fassi",
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Account amina created (editor, regions 02 09).\n"
    assert PASSWORD not in done.stdout + done.stderr
    assert signs_in(db, "amina", PASSWORD)
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT password_hash FROM account").fetchone()[0]
        regions = connection.execute("SELECT region_code FROM userregion ORDER BY 1").fetchall()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert regions == [("02",), ("09",)]


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (["amina", "--role", "editor", "--region", "09"], PASSWORD, "already taken"),
        (["karim", "--role", "editor", "--region", "99"], PASSWORD, "Unknown region code: 99."),
        (["karim", "--role", "admin"], "short", "at least 10 characters"),
        (["karim", "--role", "editor"], PASSWORD, "needs at least one region"),
        (["karim", "--role", "boss"], PASSWORD, "Unknown role."),
        (["k", "--role", "viewer"], PASSWORD, "Invalid username"),
    ],
)
def test_create_user_refusals_are_one_line_and_write_nothing(db, args, stdin, words):
    engine = make_engine(f"sqlite:///{db}")
    try:
        create_user(
            engine,
            actor=COMMAND_LINE,
            username="amina",
            display_name="A",
            password=PASSWORD,
            role="viewer",
        )
        before = dump(engine)
        refused = manage(db, "create-user", *args, stdin=stdin + "\n")
        assert_one_line_error(refused, words)
        assert refused.stderr.startswith("manage.py create-user: error: ")
        assert dump(engine) == before
    finally:
        engine.dispose()


def test_set_password_and_deactivate(db):
    manage(db, "create-user", "amina", "--role", "viewer", stdin=PASSWORD)
    changed = manage(db, "set-password", "amina", stdin="another-long-password\n")
    assert changed.returncode == 0, changed.stderr
    assert signs_in(db, "amina", "another-long-password")
    assert not signs_in(db, "amina", PASSWORD)
    assert_one_line_error(manage(db, "set-password", "amina", stdin="short\n"), "at least 10")
    assert_one_line_error(manage(db, "set-password", "nobody", stdin=PASSWORD), "no account")

    gone = manage(db, "deactivate", "amina")
    assert (gone.returncode, gone.stdout) == (
        0,
        "Account amina deactivated; its open sessions were ended.\n",
    )
    assert not signs_in(db, "amina", "another-long-password")
    again = manage(db, "deactivate", "amina")
    assert (again.returncode, again.stdout) == (0, "Account amina was already inactive.\n")
    assert_one_line_error(manage(db, "deactivate", "nobody"), "no account named 'nobody'")


def test_seed_prints_the_demo_passwords_once(tmp_path):
    db = tmp_path / "fresh.db"
    assert manage(db, "migrate").returncode == 0
    seeded = manage(db, "seed")
    assert seeded.returncode == 0, seeded.stderr
    accounts = dict(re.findall(r"^  (\S+) +(\S+)$", seeded.stdout, re.M))
    assert set(accounts) == {
        "admin",
        "editor.oriental",
        "editor.bmk",
        "editor.souss",
        "validator.oriental",
        "validator.bmk",
        "validator.souss",
    }
    assert all(len(password) >= 16 for password in accounts.values())
    assert signs_in(db, "editor.souss", accounts["editor.souss"])
    with sqlite3.connect(db) as connection:
        everything = "\n".join(connection.iterdump())
    assert not any(password in everything for password in accounts.values())
    again = manage(db, "seed", "--force")
    assert again.returncode == 0 and "Demo accounts" not in again.stdout
    assert signs_in(db, "admin", accounts["admin"])
