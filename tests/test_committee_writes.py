"""Recording meetings and decisions, and following decisions up."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import ChangeLog, Committee, Decision, Institution, Measure, Meeting
from services.committee_writes import DecisionInput, record_meeting, set_decision_status
from services.errors import NotAllowed, StaleVersion, ValidationFailed
from tests.helpers import EDITOR_05, EDITOR_09, TODAY, VIEWER, dump, for_field


def committee_09(engine) -> Committee:
    with Session(engine) as session:
        return (
            session.execute(
                select(Committee).where(Committee.region_code == "09").order_by(Committee.id)
            )
            .scalars()
            .first()
        )


def measure_code(engine, region: str) -> str:
    with Session(engine) as session:
        return (
            session.execute(
                select(Measure.code).where(Measure.region_code == region).order_by(Measure.id)
            )
            .scalars()
            .first()
        )


def institution_id(engine, name_fr: str) -> int:
    with Session(engine) as session:
        return session.scalar(select(Institution.id).where(Institution.name_fr == name_fr))


def record(engine, actor=EDITOR_09, **overrides):
    values = {
        "committee_id": committee_09(engine).id,
        "held_on": date(2026, 11, 10),
        "attendance": 14,
        "summary": "Revue semestrielle du plan d'action",
        "language": "fr",
        "decisions": [
            DecisionInput(
                "Publier le rapport", institution_id(engine, "Enabel"), date(2027, 1, 31)
            ),
            DecisionInput("Suivre le centre", None, None, measure_code(engine, "09")),
        ],
    }
    return record_meeting(engine, actor=actor, today=TODAY, **(values | overrides))


def test_recording_a_meeting_writes_meeting_decisions_and_log(engine):
    meeting_id = record(engine)
    with Session(engine) as session:
        meeting = session.get(Meeting, meeting_id)
        decisions = (
            session.execute(
                select(Decision).where(Decision.meeting_id == meeting_id).order_by(Decision.id)
            )
            .scalars()
            .all()
        )
        log = session.execute(
            select(ChangeLog).where(
                ChangeLog.entity == "meeting", ChangeLog.entity_id == meeting_id
            )
        ).scalar_one()
    assert (meeting.attendance, meeting.recorded_by) == (14, EDITOR_09.username)
    assert [d.text_fr for d in decisions] == ["Publier le rapport", "Suivre le centre"]
    assert [d.owner_institution_id for d in decisions] == [institution_id(engine, "Enabel"), None]
    assert (meeting.summary_fr, meeting.summary_ar) == ("Revue semestrielle du plan d'action", "")
    assert all(d.status == "open" and d.version == 1 for d in decisions)
    assert (log.actor, log.region_code) == (EDITOR_09.username, "09")


BAD_MEETINGS = [
    ({"summary": "   "}, "summary", "error.required"),
    ({"summary": "<img src=x onerror=alert(1)>"}, "summary", "error.markup"),
    ({"held_on": TODAY + timedelta(days=3)}, "held_on", "error.future_date"),
    ({"held_on": None}, "held_on", "error.required"),
    ({"attendance": -2}, "attendance", "error.out_of_range"),
    ({"decisions": [DecisionInput("")]}, "decisions.0.text", "error.required"),
    (
        {"decisions": [DecisionInput("ok", due_on=date(2020, 1, 1))]},
        "decisions.0.due_on",
        "error.due_before_meeting",
    ),
    ({"decisions": [DecisionInput("x" * 1001)]}, "decisions.0.text", "error.too_long"),
]


@pytest.mark.parametrize(("overrides", "field", "code"), BAD_MEETINGS)
def test_bad_meetings_are_refused_and_nothing_changes(engine, overrides, field, code):
    before = dump(engine)
    with pytest.raises(ValidationFailed) as refused:
        record(engine, **overrides)
    assert [p.code for p in for_field(refused.value, field)] == [code]
    assert dump(engine) == before


def test_a_decision_cannot_link_another_regions_measure(engine):
    before = dump(engine)
    with pytest.raises(ValidationFailed) as refused:
        record(engine, decisions=[DecisionInput("x", measure_code=measure_code(engine, "05"))])
    assert refused.value.problems[0].code == "error.measure_other_region"
    assert dump(engine) == before


@pytest.mark.parametrize("typed", ["ZZ-404", 5, "sm-01 OR 1=1"])
def test_a_decision_naming_no_current_measure_is_refused(engine, typed):
    before = dump(engine)
    with pytest.raises(ValidationFailed) as refused:
        record(engine, decisions=[DecisionInput("x", measure_code=typed)])
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("decisions.0.measure_code", "error.unknown_measure_code")
    ]
    assert dump(engine) == before


def test_a_decision_links_the_measure_its_code_names(engine):
    code = measure_code(engine, "09")
    meeting_id = record(engine, decisions=[DecisionInput("Suivre", measure_code=f"  {code} ")])
    with Session(engine) as session:
        linked = session.execute(
            select(Measure.code)
            .join(Decision, Decision.measure_id == Measure.id)
            .where(Decision.meeting_id == meeting_id)
        ).scalar_one()
    assert linked == code


@pytest.mark.parametrize("who", [EDITOR_05, VIEWER])
def test_only_the_regions_editors_record_meetings(engine, who):
    before = dump(engine)
    with pytest.raises(NotAllowed):
        record(engine, actor=who)
    assert dump(engine) == before


def open_decision(engine, meeting_id: int) -> Decision:
    with Session(engine) as session:
        return (
            session.execute(
                select(Decision).where(Decision.meeting_id == meeting_id).order_by(Decision.id)
            )
            .scalars()
            .first()
        )


def test_decision_follow_up_with_version_check(engine):
    decision = open_decision(engine, record(engine))
    version = set_decision_status(
        engine, actor=EDITOR_09, decision_id=decision.id, expected_version=1, status="done"
    )
    assert version == 2
    before = dump(engine)
    with pytest.raises(StaleVersion):
        set_decision_status(
            engine, actor=EDITOR_09, decision_id=decision.id, expected_version=1, status="dropped"
        )
    with pytest.raises(NotAllowed):
        set_decision_status(
            engine, actor=EDITOR_05, decision_id=decision.id, expected_version=2, status="open"
        )
    with pytest.raises(ValidationFailed):
        set_decision_status(
            engine, actor=EDITOR_09, decision_id=decision.id, expected_version=2, status="closed"
        )
    assert dump(engine) == before
    assert open_decision(engine, decision.meeting_id).status == "done"


def test_closing_a_decision_records_its_day_and_reopening_clears_it(engine, monkeypatch):
    monkeypatch.setenv("MARSAD_TODAY", "2026-11-20")
    decision = open_decision(engine, record(engine))
    assert decision.closed_on is None
    set_decision_status(
        engine, actor=EDITOR_09, decision_id=decision.id, expected_version=1, status="done"
    )
    assert open_decision(engine, decision.meeting_id).closed_on == date(2026, 11, 20)
    set_decision_status(
        engine, actor=EDITOR_09, decision_id=decision.id, expected_version=2, status="open"
    )
    assert open_decision(engine, decision.meeting_id).closed_on is None
