"""Throwaway PostgreSQL databases for the tests, on the server named by TEST_POSTGRES_URL."""

import os
import secrets

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

URL_VARIABLE = "TEST_POSTGRES_URL"
REQUIRE_VARIABLES = ("CI", "MARSAD_REQUIRE_POSTGRES")


def admin_url() -> str:
    """The server's admin URL; skips the test, or fails it where PostgreSQL is required."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    if url:
        return url
    message = (
        f"{URL_VARIABLE} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:55432/postgres)"
    )
    if required():
        pytest.fail(f"{message}, and {' or '.join(REQUIRE_VARIABLES)} requires PostgreSQL")
    pytest.skip(message)


def required() -> bool:
    """Whether CI or MARSAD_REQUIRE_POSTGRES asks for the PostgreSQL half to run."""
    return any(
        os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")
        for name in REQUIRE_VARIABLES
    )


def unique_name(prefix: str) -> str:
    """A database name no other test or concurrent session uses."""
    return f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"


def database_url(admin: str, name: str) -> str:
    """The admin URL pointed at another database on the same server."""
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def create_database(admin: str, name: str, template: str | None = None) -> str:
    """Create database `name` (a copy of `template` if given) and return its URL."""
    statement = f'CREATE DATABASE "{name}"'
    if template:
        statement += f' TEMPLATE "{template}"'
    _execute(admin, statement)
    return database_url(admin, name)


def drop_database(admin: str, name: str) -> None:
    """Drop database `name`, closing any connection a test left open."""
    _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _execute(admin: str, statement: str) -> None:
    # CREATE/DROP DATABASE cannot run inside a transaction block.
    engine = create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()
