"""Migrations match the models, keep data across upgrades and name constraints by convention."""

import re
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import delete, func, inspect, select
from sqlalchemy.exc import DataError
from sqlmodel import Session, SQLModel

from models import Province
from services.db import make_engine
from services.migrate import alembic_config, migrate
from tests import pg
from tests.helpers import dump

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
FIRST = "0001"
# Provinces whose HCP code is longer than the first schema's VARCHAR(6) (Casablanca's
# prefectures of arrondissements): data that does not fit revision 0001 on PostgreSQL.
LONG_PROVINCE_CODE = func.length(Province.code) > 6


def test_models_and_migrations_agree(backend, empty_db_url):
    # `alembic check` fails when autogenerate would write a migration.
    command.check(alembic_config(empty_db_url))


def test_revisions_form_one_line_from_the_first():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    chain = [r.revision for r in script.walk_revisions()]
    assert chain[-1] == FIRST and len(chain) == len(list(VERSIONS.glob("0*.py")))


def test_demo_data_survives_downgrade_to_the_first_revision_and_upgrade(backend, db_url):
    engine = make_engine(db_url)
    try:
        with Session(engine) as session, session.begin():
            session.execute(delete(Province).where(LONG_PROVINCE_CODE))
        before = dump(engine)
        heads_tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()

    config = alembic_config(db_url)
    command.downgrade(config, FIRST)
    engine = make_engine(db_url)
    try:
        first_tables = set(inspect(engine).get_table_names())
        # Accounts come in 0002; every demo table is already there and keeps its rows.
        assert "account" not in first_tables and "measure" in first_tables
        kept = [line for line in before.splitlines() if _table_of(line) in first_tables]
        assert _without_version(dump(engine)) == _without_version("\n".join(kept))
    finally:
        engine.dispose()

    command.upgrade(config, "head")
    engine = make_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) == heads_tables
        # Demo tables added after the first revision (the source registry) come back empty.
        assert dump(engine) == "\n".join(kept)
    finally:
        engine.dispose()
    command.check(config)


def test_narrowing_downgrade_on_postgres_refuses_long_codes(pg_admin_url, pg_seeded_template):
    # SQLite ignores VARCHAR lengths; PostgreSQL must refuse and, DDL being transactional there,
    # leave the database exactly as it was.
    name = pg.unique_name("marsad_narrow")
    url = pg.create_database(pg_admin_url, name, template=pg_seeded_template)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            assert session.scalar(select(func.count()).where(LONG_PROVINCE_CODE)) == 8
        before = dump(engine)
        with pytest.raises(DataError, match="value too long"):
            command.downgrade(alembic_config(url), FIRST)
        assert dump(engine) == before
        command.check(alembic_config(url))
    finally:
        engine.dispose()
        pg.drop_database(pg_admin_url, name)


def test_constraint_names_follow_the_naming_convention(backend, empty_db_url):
    engine = make_engine(empty_db_url)
    try:
        live = _live_names(engine)
    finally:
        engine.dispose()
    for kind, table, name, columns in live:
        assert re.fullmatch(_pattern(kind, table, columns), name), (kind, table, name)
    assert {(k, t, n) for k, t, n, _ in live} == _model_names()


def test_migrations_alter_tables_in_batch_mode():
    # SQLite can only change a table by rebuilding it, which only batch operations do.
    direct = re.compile(
        r"\bop\.(alter_column|add_column|drop_column|create_foreign_key|drop_constraint|"
        r"create_unique_constraint|create_check_constraint|create_primary_key)\("
    )
    offenders = [p.name for p in VERSIONS.glob("*.py") if direct.search(p.read_text())]
    assert not offenders, f"use op.batch_alter_table in {offenders}"


def test_migrating_twice_is_a_no_op(tmp_path):
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    migrate(url)
    engine = make_engine(url)
    try:
        before = dump(engine)
        migrate(url)
        assert dump(engine) == before
    finally:
        engine.dispose()


def _table_of(line: str) -> str:
    return line.split('"')[1]


def _without_version(text: str) -> list[str]:
    return [line for line in text.splitlines() if _table_of(line) != "alembic_version"]


def _pattern(kind: str, table: str, columns: list[str]) -> str:
    first = re.escape(columns[0]) if columns else ".+"
    t = re.escape(table)
    return {
        "pk": rf"pk_{t}",
        "fk": rf"fk_{t}_{first}_[a-z_]+",
        "uq": rf"uq_{t}_{first}",
        "ck": rf"ck_{t}_[a-z_]+",
        "ix": rf"ix_{t}_[a-z_]+",
    }[kind]


def _live_names(engine) -> list[tuple[str, str, str, list[str]]]:
    found = []
    inspector = inspect(engine)
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        pk = inspector.get_pk_constraint(table)
        found.append(("pk", table, pk["name"], pk["constrained_columns"]))
        for fk in inspector.get_foreign_keys(table):
            found.append(("fk", table, fk["name"], fk["constrained_columns"]))
        for uq in inspector.get_unique_constraints(table):
            found.append(("uq", table, uq["name"], uq["column_names"]))
        for ck in inspector.get_check_constraints(table):
            found.append(("ck", table, ck["name"], []))
        for ix in inspector.get_indexes(table):
            if not ix.get("duplicates_constraint"):
                found.append(("ix", table, ix["name"], ix["column_names"]))
    return found


def _model_names() -> set[tuple[str, str, str]]:
    """The constraint and index names the models declare, after the naming convention."""
    engine = make_engine("sqlite://")
    try:
        SQLModel.metadata.create_all(engine)
        return {(k, t, n) for k, t, n, _ in _live_names(engine)}
    finally:
        engine.dispose()
