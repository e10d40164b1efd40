"""Where a database's schema stands; a server that refuses to start on one it does not expect."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from services.db import schema_state
from services.migrate import BEHIND, CURRENT, UNKNOWN, migrate
from tests import pg
from tests.helpers import set_revision

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT = str(Path(sys.executable).with_name("streamlit"))
START_SECONDS = 60


@pytest.fixture
def blank_url(request, backend, tmp_path) -> str:
    """A database with no table at all, on `backend`."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'blank.db'}"
    admin = request.getfixturevalue("pg_admin_url")
    name = pg.unique_name("marsad_blank")
    url = pg.create_database(admin, name)
    request.addfinalizer(lambda: pg.drop_database(admin, name))
    return url


def test_a_migrated_database_is_current(empty_db_url):
    assert schema_state(empty_db_url) == CURRENT


def test_an_older_revision_is_behind_and_an_unknown_one_is_unknown(db_url):
    set_revision(db_url, "0003")
    assert schema_state(db_url) == BEHIND
    set_revision(db_url, "9999_from_the_future")
    assert schema_state(db_url) == UNKNOWN


def test_an_empty_database_is_behind_until_migrated(blank_url):
    assert schema_state(blank_url) == BEHIND
    migrate(blank_url, "0002")
    assert schema_state(blank_url) == BEHIND
    migrate(blank_url)
    assert schema_state(blank_url) == CURRENT


# --- The server itself -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run server.py` on a free port against the database at `url`."""
    port = free_port()
    command = [STREAMLIT, "run", "server.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    env = {**os.environ, "DATABASE_URL": url}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return process, f"http://127.0.0.1:{port}"


def refusal_of(url: str) -> str:
    """The one line a server refusing to start against `url` writes to stderr."""
    process, _ = start_server(url)
    try:
        _, stderr = process.communicate(timeout=START_SECONDS)
    finally:
        process.kill()
    assert process.returncode not in (0, None)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_the_server_refuses_a_database_with_migrations_to_apply(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate(url, "0003")
    line = refusal_of(url)
    assert line.startswith("marsad: ") and "migrations to apply" in line
    assert "manage.py migrate" in line


def test_the_server_refuses_an_empty_database(tmp_path):
    line = refusal_of(f"sqlite:///{tmp_path / 'nothing-yet.db'}")
    assert "migrations to apply" in line


def test_the_server_refuses_a_schema_revision_it_does_not_know(tmp_path):
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    migrate(url)
    set_revision(url, "0042_from_a_newer_marsad")
    line = refusal_of(url)
    assert line.startswith("marsad: ") and "does not know" in line


def test_the_server_starts_on_a_current_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'current.db'}"
    migrate(url)
    process, base = start_server(url)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert process.poll() is None, process.communicate()[1]
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                    assert reply.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not become healthy"
                time.sleep(0.3)
    finally:
        process.terminate()
        process.communicate(timeout=START_SECONDS)
