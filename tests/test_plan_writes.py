"""Creating a measure and revising its plan: rights, rules, versions, baseline and history."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import (
    ChangeLog,
    Committee,
    Decision,
    FieldProvenance,
    Measure,
    MeasureBaseline,
    Meeting,
    PlanRevision,
)
from services.errors import NotAllowed, StaleVersion, ValidationFailed
from services.plan_checks import MeasurePlan, PlanDecision, plan_of
from services.plan_writes import create_measure, revise_measure
from tests.helpers import ADMIN, EDITOR_05, EDITOR_09, TODAY, VIEWER, dump, for_field, measure_where

NEW = MeasurePlan(
    code="SM-90",
    region_code="09",
    province_code="09.001",
    planned_start=date(2027, 1, 1),
    planned_end=date(2027, 12, 31),
    title_fr="Guichet mobile d'orientation",
    title_ar="شباك متنقل للتوجيه",
    budget_planned=1_250_000,
)
SESSION = PlanDecision(reason="Évaluation annuelle", session_month="2026-03")


def one(engine, table, *criteria):
    with Session(engine) as session:
        return session.scalars(select(table).where(*criteria)).all()


def measure(engine, measure_id: int) -> Measure:
    with Session(engine) as session:
        return session.get(Measure, measure_id)


def decision_of(engine, region: str) -> int:
    with Session(engine) as session:
        return session.scalar(
            select(Decision.id)
            .join(Meeting, Meeting.id == Decision.meeting_id)
            .join(Committee, Committee.id == Meeting.committee_id)
            .where(Committee.region_code == region)
            .order_by(Decision.id)
        )


def test_an_editor_creates_a_measure_in_their_region_with_its_baseline(db_engine):
    new_id = create_measure(db_engine, actor=EDITOR_09, plan=NEW, today=TODAY)
    created = measure(db_engine, new_id)
    assert (created.code, created.status, created.progress, created.version) == (
        "SM-90",
        "planned",
        0,
        1,
    )
    assert (created.provenance, created.updated_by) == ("recorded", EDITOR_09.username)
    [baseline] = one(db_engine, MeasureBaseline, MeasureBaseline.measure_id == new_id)
    assert (baseline.planned_end, baseline.budget_planned, baseline.province_code) == (
        date(2027, 12, 31),
        1_250_000,
        "09.001",
    )
    # The baseline's dates ride on the measure too (for the sums of expected progress).
    assert (created.baseline_start, created.baseline_end) == (
        baseline.planned_start,
        baseline.planned_end,
    )
    [logged] = one(
        db_engine, ChangeLog, ChangeLog.entity_id == new_id, ChangeLog.entity == "measure"
    )
    assert (logged.action, logged.actor, logged.region_code) == (
        "created",
        EDITOR_09.username,
        "09",
    )


@pytest.mark.parametrize(
    ("actor", "region"),
    [(EDITOR_05, "09"), (VIEWER, "09"), (EDITOR_09, None)],
    ids=["other-region", "viewer", "national-by-editor"],
)
def test_creating_outside_ones_rights_is_refused_and_changes_nothing(engine, actor, region):
    before = dump(engine)
    plan = replace(NEW, region_code=region, province_code=None)
    with pytest.raises(NotAllowed):
        create_measure(engine, actor=actor, plan=plan, today=TODAY)
    assert dump(engine) == before


def test_an_admin_creates_a_national_measure(engine):
    plan = replace(NEW, code="NAT-90", region_code=None, province_code=None)
    assert (
        measure(engine, create_measure(engine, actor=ADMIN, plan=plan, today=TODAY)).region_code
        is None
    )


def test_every_problem_of_a_plan_is_reported_at_once(engine):
    before = dump(engine)
    bad = replace(
        NEW,
        code="SM-01",
        title_fr="",
        title_ar="",
        province_code="05.001",
        planned_end=date(2026, 1, 1),
        budget_planned=-5,
        lead_institution_id=999_999,
    )
    with pytest.raises(ValidationFailed) as refused:
        create_measure(engine, actor=EDITOR_09, plan=bad, today=TODAY)
    codes = {(p.field, p.code) for p in refused.value.problems}
    assert codes == {
        ("code", "error.code_taken"),
        ("title_fr", "error.title_required"),
        ("province_code", "error.place_outside"),
        ("planned_end", "error.end_before_start"),
        ("budget_planned", "error.out_of_range"),
        ("lead_institution_id", "error.unknown_record"),
    }
    assert dump(engine) == before


def test_a_code_must_look_like_one(engine):
    with pytest.raises(ValidationFailed) as refused:
        create_measure(engine, actor=EDITOR_09, plan=replace(NEW, code="sm 90"), today=TODAY)
    assert [p.code for p in for_field(refused.value, "code")] == ["error.code_format"]


def test_a_budget_revision_keeps_the_baseline_and_the_previous_value(db_engine):
    new_id = create_measure(db_engine, actor=EDITOR_09, plan=NEW, today=TODAY)
    current = plan_of(measure(db_engine, new_id))
    revised = replace(current, budget_planned=1_500_000, planned_end=date(2028, 6, 30))
    version = revise_measure(
        db_engine,
        actor=EDITOR_09,
        measure_id=new_id,
        expected_version=1,
        plan=revised,
        decision=SESSION,
        today=TODAY,
    )
    assert version == 2
    after = measure(db_engine, new_id)
    assert (after.budget_planned, after.planned_end, after.version) == (
        1_500_000,
        date(2028, 6, 30),
        2,
    )
    [baseline] = one(db_engine, MeasureBaseline, MeasureBaseline.measure_id == new_id)
    assert (baseline.budget_planned, baseline.planned_end) == (1_250_000, date(2027, 12, 31))
    rows = one(db_engine, PlanRevision, PlanRevision.measure_id == new_id)
    assert {(r.field, r.old_value, r.new_value) for r in rows} == {
        ("budget_planned", "1250000", "1500000"),
        ("planned_end", "2027-12-31", "2028-06-30"),
    }
    assert {(r.version, r.session_month, r.reason, r.actor) for r in rows} == {
        (2, "2026-03", "Évaluation annuelle", EDITOR_09.username)
    }
    marked = one(db_engine, FieldProvenance, FieldProvenance.entity_id == new_id)
    assert {(f.field, f.provenance) for f in marked} == {
        ("budget", "recorded"),
        ("planned", "recorded"),
    }


def test_a_stale_revision_is_refused_and_changes_nothing(db_engine):
    new_id = create_measure(db_engine, actor=EDITOR_09, plan=NEW, today=TODAY)
    first = replace(plan_of(measure(db_engine, new_id)), title_fr="Guichet mobile")
    why = PlanDecision(reason="Intitulé du conseil")
    revise_measure(
        db_engine,
        actor=EDITOR_09,
        measure_id=new_id,
        expected_version=1,
        plan=first,
        decision=why,
        today=TODAY,
    )
    before = dump(db_engine)
    late = replace(first, title_fr="Autre intitulé")
    with pytest.raises(StaleVersion):
        revise_measure(
            db_engine,
            actor=EDITOR_09,
            measure_id=new_id,
            expected_version=1,
            plan=late,
            decision=why,
            today=TODAY,
        )
    assert dump(db_engine) == before


def test_dates_budget_or_scope_need_what_decided_them_and_a_reason(engine):
    new_id = create_measure(engine, actor=EDITOR_09, plan=NEW, today=TODAY)
    revised = replace(plan_of(measure(engine, new_id)), budget_planned=2_000_000)
    before = dump(engine)
    for decision, expected in [
        (PlanDecision(reason="Arbitrage"), ("decided_by", "error.decided_by_required")),
        (PlanDecision(session_month="2026-03"), ("reason", "error.required")),
        (replace(SESSION, session_month="2031-01"), ("session_month", "error.session_month")),
        (
            replace(SESSION, decision_id=decision_of(engine, "09")),
            ("decided_by", "error.two_deciders"),
        ),
        (
            PlanDecision(reason="Comité", decision_id=decision_of(engine, "05")),
            ("decision_id", "error.decision_outside"),
        ),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            revise_measure(
                engine,
                actor=EDITOR_09,
                measure_id=new_id,
                expected_version=1,
                plan=revised,
                decision=decision,
                today=TODAY,
            )
        assert expected in {(p.field, p.code) for p in refused.value.problems}, decision
    assert dump(engine) == before
    by_committee = PlanDecision(reason="Comité régional", decision_id=decision_of(engine, "09"))
    revise_measure(
        engine,
        actor=EDITOR_09,
        measure_id=new_id,
        expected_version=1,
        plan=revised,
        decision=by_committee,
        today=TODAY,
    )
    [row] = one(engine, PlanRevision, PlanRevision.measure_id == new_id)
    assert (row.decision_id, row.session_month) == (decision_of(engine, "09"), None)


def test_a_revision_of_another_regions_measure_is_refused(engine):
    new_id = create_measure(engine, actor=EDITOR_09, plan=NEW, today=TODAY)
    revised = replace(plan_of(measure(engine, new_id)), title_fr="Autre")
    before = dump(engine)
    with pytest.raises(NotAllowed):
        revise_measure(
            engine,
            actor=EDITOR_05,
            measure_id=new_id,
            expected_version=1,
            plan=revised,
            decision=SESSION,
            today=TODAY,
        )
    assert dump(engine) == before


def test_a_revision_that_changes_nothing_is_refused(engine):
    new_id = create_measure(engine, actor=EDITOR_09, plan=NEW, today=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        revise_measure(
            engine,
            actor=EDITOR_09,
            measure_id=new_id,
            expected_version=1,
            plan=plan_of(measure(engine, new_id)),
            decision=SESSION,
            today=TODAY,
        )
    assert [p.code for p in refused.value.problems] == ["error.nothing_changed"]


def test_every_seeded_measure_has_its_baseline(engine):
    with Session(engine) as session:
        measures = session.scalars(select(Measure)).all()
        baselines = {b.measure_id: b for b in session.scalars(select(MeasureBaseline)).all()}
    assert measures and set(baselines) == {m.id for m in measures}
    for m in measures:
        assert (baselines[m.id].planned_start, baselines[m.id].budget_planned) == (
            m.planned_start,
            m.budget_planned,
        )


def test_every_measure_carries_its_baselines_dates(engine):
    """Seeded measures and those revised since keep their baseline's dates, not the plan's."""
    before = measure_where(engine, code="SM-05")
    revise_measure(
        engine,
        actor=EDITOR_09,
        measure_id=before.id,
        expected_version=before.version,
        plan=replace(plan_of(before), planned_end=date(2027, 10, 31)),
        decision=SESSION,
        today=TODAY,
    )
    measure_id = before.id
    with Session(engine) as session:
        pairs = session.execute(
            select(Measure, MeasureBaseline).join(
                MeasureBaseline, MeasureBaseline.measure_id == Measure.id
            )
        ).all()
    assert len(pairs) == 44
    for m, baseline in pairs:
        assert (m.baseline_start, m.baseline_end) == (baseline.planned_start, baseline.planned_end)
    assert measure(engine, measure_id).planned_end == date(2027, 10, 31)
