"""Migrations match the models, keep data across upgrades and name constraints by convention."""

import re
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import delete, func, inspect, select, text
from sqlalchemy.exc import DataError
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel

from models import (
    Committee,
    CommitteeMember,
    Decision,
    Institution,
    Measure,
    MeasurePartner,
    MeasureUpdate,
    Meeting,
    Province,
)
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
        french = french_view(engine)
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
        at_first = _without_version(dump(engine))
        assert {_table_of(line) for line in at_first} >= {"measure", "committeemember", "decision"}
    finally:
        engine.dispose()

    command.upgrade(config, "head")
    engine = make_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) == heads_tables
        # The French texts, named institutions and roles come back as they were.
        assert french_view(engine) == french
    finally:
        engine.dispose()
    command.check(config)
    command.downgrade(config, FIRST)
    engine = make_engine(db_url)
    try:
        assert _without_version(dump(engine)) == at_first
    finally:
        engine.dispose()


def french_view(engine) -> dict[str, list]:
    """The demo's French texts, its institutions by name and members' roles, without ids."""
    lead, chair, member, owner = (aliased(Institution) for _ in range(4))
    queries = {
        "measures": select(
            Measure.code,
            Measure.title_fr,
            Measure.description_fr,
            Measure.pdr_reference_fr,
            lead.name_fr,
        )
        .outerjoin(lead, lead.id == Measure.lead_institution_id)
        .order_by(Measure.code),
        "partners": select(Measure.code, Institution.name_fr, MeasurePartner.position)
        .join(MeasurePartner, MeasurePartner.measure_id == Measure.id)
        .join(Institution, Institution.id == MeasurePartner.institution_id)
        .order_by(Measure.code, MeasurePartner.position),
        "committees": select(Committee.id, Committee.mandate_fr, chair.name_fr)
        .outerjoin(chair, chair.id == Committee.chair_institution_id)
        .order_by(Committee.id),
        "members": select(CommitteeMember.id, member.name_fr, CommitteeMember.role)
        .join(member, member.id == CommitteeMember.institution_id)
        .order_by(CommitteeMember.id),
        "meetings": select(Meeting.id, Meeting.summary_fr).order_by(Meeting.id),
        "decisions": select(Decision.id, Decision.text_fr, owner.name_fr)
        .outerjoin(owner, owner.id == Decision.owner_institution_id)
        .order_by(Decision.id),
        "notes": select(MeasureUpdate.id, MeasureUpdate.note_fr).order_by(MeasureUpdate.id),
    }
    with Session(engine) as session:
        return {name: [tuple(r) for r in session.execute(q)] for name, q in queries.items()}


def test_free_text_moves_into_the_registry_and_the_language_columns(db_url):
    config = alembic_config(db_url)
    command.downgrade(config, "0006")
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            lead = connection.execute(
                text("SELECT lead_institution, partners FROM measure WHERE code = 'SM-04'")
            ).one()
            roles = set(connection.execute(text("SELECT role FROM committeemember")).scalars())
            meeting = connection.execute(text("SELECT min(id) FROM meeting")).scalar_one()
            connection.execute(
                text("UPDATE meeting SET summary = :s WHERE id = :id"),
                {"s": "ملخص الاجتماع بالعربية", "id": meeting},
            )
            first_decision = "(SELECT min(id) FROM decision)"
            connection.execute(
                text(f"UPDATE decision SET owner = 'جمعية محلية' WHERE id = {first_decision}")
            )
    finally:
        engine.dispose()
    assert lead == ("Commune de Belfaâ", "Migrations & Développement")
    assert roles >= {"Présidence", "Membre"}

    command.upgrade(config, "head")
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            moved = session.get(Meeting, meeting)
            arabic = session.scalars(
                select(Institution).where(Institution.name_ar == "جمعية محلية")
            ).one()
            roles = set(session.scalars(select(CommitteeMember.role)))
            kinds = set(session.scalars(select(Institution.kind)))
    finally:
        engine.dispose()
    assert (moved.summary_ar, moved.summary_fr) == ("ملخص الاجتماع بالعربية", "")
    assert (arabic.name_fr, arabic.created_by) == ("", "migration 0007")
    assert (
        roles <= {"chair", "vice_chair", "member", "observer", "secretariat"} and "chair" in roles
    )
    assert kinds == {"other"}


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


def test_a_closed_decision_gets_its_closing_day_from_its_logged_status_change(backend, db_url):
    config = alembic_config(db_url)
    command.downgrade(config, "0015")
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            closed = connection.execute(
                text("SELECT id, updated_at FROM decision WHERE status <> 'open' ORDER BY id")
            ).all()
            logged, unlogged = closed[0], closed[1]
            connection.execute(
                text(
                    "INSERT INTO changelog (at, actor, region_code, entity, entity_id, action,"
                    " detail) VALUES (:at, 'editor.souss', '09', 'decision', :id, 'status', '')"
                ),
                {"at": "2025-04-03 10:00:00+00:00", "id": logged.id},
            )
    finally:
        engine.dispose()
    command.upgrade(config, "head")
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            days = {d.id: (d.status, d.closed_on) for d in session.scalars(select(Decision))}
    finally:
        engine.dispose()
    assert days[logged.id][1].isoformat() == "2025-04-03"
    assert days[unlogged.id][1].isoformat() == str(unlogged.updated_at)[:10]
    assert all((status == "open") == (day is None) for status, day in days.values())
