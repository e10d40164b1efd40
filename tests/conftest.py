"""Shared fixtures: real database files built by the migrations, with or without demo data."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from seed.loader import load_demo
from services.db import make_engine
from services.migrate import migrate

# The demo data's history runs to late 2026; tests pin "today" so derived health is stable.
TODAY = date(2026, 11, 15)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """One migrated and seeded SQLite file per test session, copied by each test."""
    path = tmp_path_factory.mktemp("template") / "marsad.db"
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    load_demo(engine)
    engine.dispose()
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
