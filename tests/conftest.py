"""Shared fixtures: real databases built by the migrations, with or without demo data."""

# SQLite only: `engine`, `empty_engine`, `seeded_url`, `seeded_template`, `today`.
# Both backends (test ids end in [sqlite] and [postgres]): `backend`, `db_url`, `db_engine`,
# `empty_db_url`. PostgreSQL copies come from template databases built once per session on the
# server named by TEST_POSTGRES_URL; without it they skip, or fail where CI or
# MARSAD_REQUIRE_POSTGRES is set (tests/pg.py).

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from seed.loader import load_demo
from services.db import dispose_engines, make_engine
from services.migrate import migrate
from tests import pg
from tests.helpers import TODAY

BACKENDS = ("sqlite", "postgres")


def _build(url: str, *, seeded: bool) -> None:
    migrate(url)
    if seeded:
        engine = make_engine(url)
        load_demo(engine)
        engine.dispose()


# SQLite only


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """One migrated and seeded SQLite file per test session, copied by each test."""
    path = tmp_path_factory.mktemp("template") / "marsad.db"
    _build(f"sqlite:///{path}", seeded=True)
    return path


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    """One migrated, empty SQLite file per test session, copied by each test."""
    path = tmp_path_factory.mktemp("empty-template") / "empty.db"
    _build(f"sqlite:///{path}", seeded=False)
    return path


@pytest.fixture
def empty_engine(tmp_path):
    """A migrated, empty SQLite database file."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def seeded_url(tmp_path, seeded_template) -> str:
    """URL of a private copy of the seeded database."""
    path = tmp_path / "marsad.db"
    shutil.copy(seeded_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def engine(seeded_url):
    """An engine on a private copy of the seeded database."""
    engine = make_engine(seeded_url)
    yield engine
    engine.dispose()


@pytest.fixture
def today() -> date:
    """The pinned 'today' the demo data is checked against."""
    return TODAY


# Both backends


@pytest.fixture(params=BACKENDS, ids=BACKENDS)
def backend(request) -> str:
    """The backend a test runs on, "sqlite" or "postgres"; every test using it runs on both."""
    return request.param


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """TEST_POSTGRES_URL (skips or fails the test when unset, see tests/pg.py)."""
    return pg.admin_url()


@pytest.fixture(scope="session")
def pg_seeded_template(pg_admin_url):
    """Name of a migrated and seeded PostgreSQL database that tests copy."""
    yield from _pg_template(pg_admin_url, seeded=True)


@pytest.fixture(scope="session")
def pg_empty_template(pg_admin_url):
    """Name of a migrated, empty PostgreSQL database that tests copy."""
    yield from _pg_template(pg_admin_url, seeded=False)


def _pg_template(admin: str, *, seeded: bool):
    # Named per session, so concurrent sessions on one server never share (or lock) a template.
    name = pg.unique_name("marsad_template" if seeded else "marsad_template_empty")
    try:
        _build(pg.create_database(admin, name), seeded=seeded)
        yield name
    finally:
        pg.drop_database(admin, name)


def _private_url(request, tmp_path: Path, *, seeded: bool) -> str:
    if request.getfixturevalue("backend") == "sqlite":
        template = request.getfixturevalue("seeded_template" if seeded else "empty_template")
        path = tmp_path / ("db_url.db" if seeded else "empty_db_url.db")
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    admin = request.getfixturevalue("pg_admin_url")
    template = request.getfixturevalue("pg_seeded_template" if seeded else "pg_empty_template")
    name = pg.unique_name("marsad_test")
    url = pg.create_database(admin, name, template=template)
    request.addfinalizer(lambda: pg.drop_database(admin, name))
    return url


@pytest.fixture
def db_url(request, backend, tmp_path) -> str:
    """URL of a fresh, migrated and seeded database private to the test, on `backend`."""
    return _private_url(request, tmp_path, seeded=True)


@pytest.fixture
def empty_db_url(request, backend, tmp_path) -> str:
    """URL of a fresh, migrated, empty database private to the test, on `backend`."""
    return _private_url(request, tmp_path, seeded=False)


@pytest.fixture
def db_engine(db_url):
    """An engine (make_engine) on `db_url`, disposed after the test."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


# Summary: one line saying how many tests ran on each backend.


def pytest_collection_modifyitems(items) -> None:
    """Tag each test that runs on a chosen backend with it, for the summary."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "backend" in params:
            item.user_properties.append(("backend", params["backend"]))
        elif "pg_admin_url" in getattr(item, "fixturenames", ()):
            item.user_properties.append(("backend", "postgres"))


def pytest_terminal_summary(terminalreporter) -> None:
    """Print "backends: sqlite N passed …; postgres N passed …" after the test summary."""
    outcomes: dict[str, dict[str, str]] = {}
    # Later phases override earlier ones, and a failure anywhere wins over a pass.
    for outcome in ("passed", "xpassed", "skipped", "xfailed", "error", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            backend = dict(getattr(report, "user_properties", ())).get("backend")
            if backend:
                outcomes.setdefault(backend, {})[report.nodeid] = outcome
    if outcomes:
        parts = []
        for backend in BACKENDS:
            counts = Counter(outcomes.get(backend, {}).values())
            text = ", ".join(f"{n} {o}" for o, n in sorted(counts.items())) or "none"
            parts.append(f"{backend} {text}")
        terminalreporter.write_line("backends: " + "; ".join(parts))


@pytest.fixture
def app_env(seeded_url, monkeypatch):
    """Pages read a private copy of the demo database with a pinned today; caches start empty."""
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", seeded_url)
    monkeypatch.setenv("MARSAD_TODAY", TODAY.isoformat())
    st.cache_data.clear()
    yield
    st.cache_data.clear()
    dispose_engines()
