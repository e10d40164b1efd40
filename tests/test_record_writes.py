"""Creating and editing strategies, axes, committees, members, programmes and institutions:
rights by role and region, a version conflict each, every problem at once, history kept."""

import json
from datetime import date

import pytest
from sqlalchemy import inspect, select
from sqlmodel import Session

from models import (
    Axis,
    ChangeLog,
    Committee,
    CommitteeMember,
    FieldProvenance,
    Institution,
    Programme,
    Province,
    Strategy,
)
from services.errors import NotAllowed, StaleVersion, ValidationFailed
from services.record_writes import save_record
from tests.helpers import ADMIN, EDITOR_05, EDITOR_09, TODAY, VIEWER, dump


def first(engine, table, *criteria):
    with Session(engine) as session:
        key = inspect(table).primary_key[0]
        return session.scalars(select(table).where(*criteria).order_by(key)).first()


def save(engine, kind, values, actor=EDITOR_09, record=None, version=None):
    return save_record(
        engine,
        actor=actor,
        kind=kind,
        record_id=None if record is None else record.id,
        expected_version=(None if record is None else record.version)
        if version is None
        else version,
        values=values,
        today=TODAY,
    )


def history(engine, kind, record_id) -> list[tuple[str, dict]]:
    with Session(engine) as session:
        rows = session.scalars(
            select(ChangeLog)
            .where(ChangeLog.entity == kind, ChangeLog.entity_id == record_id)
            .order_by(ChangeLog.id)
        ).all()
    return [(r.action, json.loads(r.detail)) for r in rows]


def problems(refused) -> set[tuple]:
    return {(p.field, p.code) for p in refused.value.problems}


def records(engine) -> dict:
    """One seeded record of each kind, in Souss-Massa where they have a region."""
    strategy = first(engine, Strategy, Strategy.region_code == "09")
    committee = first(engine, Committee, Committee.region_code == "09")
    return {
        "strategy": strategy,
        "axis": first(engine, Axis, Axis.strategy_id == strategy.id),
        "committee": committee,
        "committeemember": first(
            engine, CommitteeMember, CommitteeMember.committee_id == committee.id
        ),
        "programme": first(engine, Programme),
        "institution": first(engine, Institution),
    }


# One field each kind can change, and its new value.
EDITS = {
    "strategy": ("title_fr", "Stratégie régionale migration, révisée"),
    "axis": ("title_fr", "Accès aux services de base"),
    "committee": ("established_on", date(2023, 5, 4)),
    "committeemember": ("role", "observer"),
    "programme": ("end_status", "unverified"),
    "institution": ("acronym", "CRI-SM"),
}
EDITORS = {"programme": ADMIN, "institution": ADMIN}


@pytest.mark.parametrize("kind", list(EDITS))
def test_each_kind_is_edited_with_its_old_value_kept(db_engine, kind):
    record = records(db_engine)[kind]
    name, value = EDITS[kind]
    old = getattr(record, name)
    record_id, version = save(
        db_engine, kind, {name: value}, actor=EDITORS.get(kind, EDITOR_09), record=record
    )
    assert (record_id, version) == (record.id, record.version + 1)
    assert getattr(first(db_engine, type(record), type(record).id == record.id), name) == value
    logged = old.isoformat() if isinstance(old, date) else old
    shown = value.isoformat() if isinstance(value, date) else value
    assert history(db_engine, kind, record.id)[-1] == ("edited", {name: [logged, shown]})


@pytest.mark.parametrize("kind", list(EDITS))
def test_each_kind_refuses_a_stale_edit_and_changes_nothing(db_engine, kind):
    record = records(db_engine)[kind]
    name, value = EDITS[kind]
    before = dump(db_engine)
    with pytest.raises(StaleVersion) as refused:
        save(
            db_engine,
            kind,
            {name: value},
            actor=EDITORS.get(kind, EDITOR_09),
            record=record,
            version=record.version + 1,
        )
    assert problems(refused) == {(None, "error.stale_record")}
    assert dump(db_engine) == before


@pytest.mark.parametrize("kind", list(EDITS))
def test_rights_by_role_and_region(engine, kind):
    record = records(engine)[kind]
    name, value = EDITS[kind]
    before = dump(engine)
    for actor in (EDITOR_05, VIEWER) if kind not in EDITORS else (EDITOR_09, VIEWER):
        with pytest.raises(NotAllowed):
            save(engine, kind, {name: value}, actor=actor, record=record)
    assert dump(engine) == before
    save(engine, kind, {name: value}, actor=ADMIN, record=record)


def test_an_editor_adds_an_axis_and_a_member_in_their_region(db_engine):
    found = records(db_engine)
    axis_id, version = save(
        db_engine,
        "axis",
        {"strategy_id": found["strategy"].id, "code": "A9", "position": 9, "title_fr": "Santé"},
    )
    axis = first(db_engine, Axis, Axis.id == axis_id)
    assert (axis.code, axis.title_fr, axis.provenance, version) == ("A9", "Santé", "recorded", 1)
    with Session(db_engine) as session:
        sitting = set(
            session.scalars(
                select(CommitteeMember.institution_id).where(
                    CommitteeMember.committee_id == found["committee"].id
                )
            )
        )
        newcomer = session.scalars(
            select(Institution.id).where(Institution.id.not_in(sitting)).order_by(Institution.id)
        ).first()
    member = {"committee_id": found["committee"].id, "institution_id": newcomer, "role": "member"}
    member_id, _ = save(db_engine, "committeemember", member)
    assert history(db_engine, "committeemember", member_id)[0][0] == "created"
    with Session(db_engine) as session:
        marked = session.scalars(
            select(FieldProvenance.provenance).where(
                FieldProvenance.entity == "committee",
                FieldProvenance.entity_id == found["committee"].id,
                FieldProvenance.field == "members",
            )
        ).one()
    assert marked == "recorded"
    with pytest.raises(ValidationFailed) as refused:
        save(db_engine, "committeemember", member)
    assert problems(refused) == {("institution_id", "error.already_member")}


def test_an_editor_cannot_add_to_another_regions_strategy_or_committee(engine):
    other = first(engine, Strategy, Strategy.region_code == "05")
    before = dump(engine)
    with pytest.raises(NotAllowed):
        save(
            engine, "axis", {"strategy_id": other.id, "code": "A9", "position": 9, "title_fr": "x"}
        )
    with pytest.raises(NotAllowed):
        save(engine, "committee", {"region_code": "05", "kind": "thematic_group", "name_fr": "x"})
    assert dump(engine) == before


def test_every_problem_of_a_record_is_reported_at_once(engine):
    before = dump(engine)
    with pytest.raises(ValidationFailed) as refused:
        save(
            engine,
            "programme",
            {
                "code": "",
                "donor": "UE",
                "implementer": "<b>Enabel</b>",
                "budget": -5,
                "currency": "eur",
                "start_on": date(2025, 1, 1),
                "end_on": date(2024, 1, 1),
                "end_status": "someday",
                "dac_code": "15190",
            },
            actor=ADMIN,
        )
    assert problems(refused) == {
        ("code", "error.required"),
        ("implementer", "error.markup"),
        ("budget", "error.out_of_range"),
        ("currency", "error.currency"),
        ("end_on", "error.end_before_start"),
        ("end_status", "error.unknown_choice"),
        (None, "error.name_required"),
    }
    with pytest.raises(ValidationFailed) as refused:
        save(
            engine,
            "committee",
            {
                "region_code": "09",
                "province_code": first(engine, Province, Province.region_code == "05").code,
                "kind": "thematic_group",
                "name_ar": "مجموعة الصحة",
                "chair_institution_id": 999_999,
            },
        )
    assert problems(refused) == {
        ("province_code", "error.place_outside"),
        ("chair_institution_id", "error.unknown_choice"),
    }
    assert dump(engine) == before


def test_an_edit_that_changes_nothing_is_refused(engine):
    strategy = records(engine)["strategy"]
    with pytest.raises(ValidationFailed) as refused:
        save(engine, "strategy", {"title_fr": strategy.title_fr}, record=strategy)
    assert problems(refused) == {(None, "error.nothing_changed")}


def test_a_strategy_edit_marks_its_fields_recorded(engine):
    strategy = records(engine)["strategy"]
    save(engine, "strategy", {"horizon_end": 2030}, record=strategy)
    with Session(engine) as session:
        marked = session.execute(
            select(FieldProvenance.field, FieldProvenance.provenance).where(
                FieldProvenance.entity == "strategy", FieldProvenance.entity_id == strategy.id
            )
        ).all()
    assert ("horizon", "recorded") in marked
