"""Correcting a recorded meeting: the old value kept with who, when and why; rights; versions."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import Correction, Measure, MeasureUpdate
from services.corrections import (
    correct_decision,
    correct_meeting,
    correct_update_note,
    meeting_corrections,
    note_corrections,
)
from services.db import read_session
from services.errors import NotAllowed, StaleVersion, ValidationFailed
from tests.helpers import EDITOR_05, EDITOR_09, TODAY, decision_09, dump, meeting_09


def correct(engine, meeting, actor=EDITOR_09, version=None, **changes):
    values = {
        "held_on": meeting.held_on,
        "attendance": meeting.attendance,
        "summary": meeting.summary_fr,
        "language": "fr",
        "reason": "Date mal saisie",
    } | changes
    return correct_meeting(
        engine,
        actor=actor,
        meeting_id=meeting.id,
        expected_version=meeting.version if version is None else version,
        today=TODAY,
        **values,
    )


def test_a_corrected_date_keeps_the_old_one_with_who_and_why(db_engine):
    meeting = meeting_09(db_engine)
    old_day = meeting.held_on
    assert correct(db_engine, meeting, held_on=date(2025, 6, 19)) == meeting.version + 1
    assert meeting_09(db_engine).held_on == date(2025, 6, 19)
    with Session(db_engine) as session:
        rows = session.scalars(select(Correction).where(Correction.entity_id == meeting.id)).all()
    assert [(r.field, r.old_value, r.new_value, r.reason, r.actor) for r in rows] == [
        ("held_on", old_day.isoformat(), "2025-06-19", "Date mal saisie", EDITOR_09.username)
    ]
    with read_session(db_engine) as session:
        shown = meeting_corrections(session, meeting.committee_id)
    assert list(shown["old_value"]) == [old_day.isoformat()]


def test_a_stale_correction_is_refused_and_changes_nothing(db_engine):
    meeting = meeting_09(db_engine)
    correct(db_engine, meeting, attendance=meeting.attendance + 1)
    before = dump(db_engine)
    with pytest.raises(StaleVersion):
        correct(db_engine, meeting, attendance=meeting.attendance + 2)
    assert dump(db_engine) == before


def test_a_correction_needs_rights_a_reason_and_a_change(engine):
    meeting = meeting_09(engine)
    before = dump(engine)
    with pytest.raises(NotAllowed):
        correct(engine, meeting, actor=EDITOR_05, attendance=3)
    with pytest.raises(ValidationFailed) as refused:
        correct(engine, meeting, reason="", held_on=date(2031, 1, 1))
    assert {p.field for p in refused.value.problems} == {"reason", "held_on"}
    with pytest.raises(ValidationFailed) as refused:
        correct(engine, meeting)
    assert [p.code for p in refused.value.problems] == ["error.nothing_changed"]
    assert dump(engine) == before


def correct_decision_of(engine, decision, version=None, **changes):
    values = {
        "text": decision.text_fr,
        "language": "fr",
        "owner_institution_id": decision.owner_institution_id,
        "due_on": decision.due_on,
        "reason": "Procès-verbal relu",
    } | changes
    return correct_decision(
        engine,
        actor=EDITOR_09,
        decision_id=decision.id,
        expected_version=decision.version if version is None else version,
        today=TODAY,
        **values,
    )


def test_a_decisions_text_and_due_date_are_corrected_with_the_old_values_kept(db_engine):
    decision = decision_09(db_engine)
    new_due = date(2027, 3, 31)
    correct_decision_of(db_engine, decision, text="Texte relu", due_on=new_due)
    after = decision_09(db_engine)
    assert (after.text_fr, after.due_on, after.version) == (
        "Texte relu",
        new_due,
        decision.version + 1,
    )
    with Session(db_engine) as session:
        rows = session.scalars(
            select(Correction).where(
                Correction.entity == "decision", Correction.entity_id == decision.id
            )
        ).all()
    assert {(r.field, r.old_value, r.new_value) for r in rows} == {
        ("text_fr", decision.text_fr, "Texte relu"),
        ("due_on", decision.due_on.isoformat() if decision.due_on else "", "2027-03-31"),
    }


def test_a_stale_decision_correction_is_refused(engine):
    decision = decision_09(engine)
    correct_decision_of(engine, decision, text="Première relecture")
    before = dump(engine)
    with pytest.raises(StaleVersion):
        correct_decision_of(engine, decision, text="Seconde relecture")
    assert dump(engine) == before


def update_with_note(engine):
    with Session(engine) as session:
        return session.scalars(
            select(MeasureUpdate)
            .join(Measure, Measure.id == MeasureUpdate.measure_id)
            .where(Measure.region_code == "09", MeasureUpdate.note_fr != "")
            .order_by(MeasureUpdate.id)
        ).first()


def test_an_update_note_is_corrected_and_the_old_one_kept(db_engine):
    row = update_with_note(db_engine)
    correct_update_note(
        db_engine,
        actor=EDITOR_09,
        update_id=row.id,
        seen_note=row.note_fr,
        note="Marché attribué le 12 mars.",
        language="fr",
        reason="Date erronée",
    )
    with read_session(db_engine) as session:
        shown = note_corrections(session, row.measure_id)
    assert list(zip(shown["old_value"], shown["new_value"], shown["reason"], strict=True)) == [
        (row.note_fr, "Marché attribué le 12 mars.", "Date erronée")
    ]
    with Session(db_engine) as session:
        assert session.get(MeasureUpdate, row.id).note_fr == "Marché attribué le 12 mars."


def test_a_note_changed_meanwhile_or_by_another_region_is_refused(engine):
    row = update_with_note(engine)
    before = dump(engine)
    common = {"update_id": row.id, "note": "Autre", "language": "fr", "reason": "Relu"}
    with pytest.raises(StaleVersion):
        correct_update_note(engine, actor=EDITOR_09, seen_note="ce n'était pas ça", **common)
    with pytest.raises(NotAllowed):
        correct_update_note(engine, actor=EDITOR_05, seen_note=row.note_fr, **common)
    assert dump(engine) == before
