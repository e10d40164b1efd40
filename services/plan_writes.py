"""The one way to create a measure or revise its plan: checked, within rights, versioned, kept.

A new measure's plan becomes its baseline. A revision keeps every previous value in
PlanRevision, with who, when, why and (for dates, budget and scope) what decided it.
"""

import json
from datetime import date

from sqlalchemy import update
from sqlalchemy.engine import Engine

from models import ChangeLog, Measure, MeasureBaseline, PlanRevision
from models.base import utcnow
from models.codes import MeasureStatus, Provenance
from models.revisions import BASELINE_FIELDS
from services import provenance
from services.actors import Actor
from services.db import write_session
from services.errors import Problem, StaleVersion, ValidationFailed
from services.measure_writes import editable_measure
from services.plan_checks import (
    PLAN_COLUMNS,
    MeasurePlan,
    PlanDecision,
    checked_decision,
    checked_plan,
)

# The provenance field (models.sources.MEASURE_FIELDS) each planned column belongs to.
PROVENANCE_FIELD = {
    "title": "title",
    "description": "description",
    "pdr_reference": "pdr_reference",
    "planned_start": "planned",
    "planned_end": "planned",
    "budget_planned": "budget",
    "programme_id": "programme",
    "lead_institution_id": "lead_institution",
}


def _field_of(column: str) -> str | None:
    """The provenance field of a planned column (None: scope, code and axis have none)."""
    return PROVENANCE_FIELD.get(column) or PROVENANCE_FIELD.get(column.rpartition("_")[0])


def _shown(value) -> str:
    """A planned value as the revision history keeps it: ISO dates, digits, "" for none."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def create_measure(engine: Engine, *, actor: Actor, plan: MeasurePlan, today: date) -> int:
    """Record a new measure (planned, 0 %) and its plan as its baseline; return its id."""
    with write_session(engine) as session:
        actor.ensure_can_edit_region(plan.region_code)
        clean, problems = checked_plan(session, plan, today, None)
        if problems:
            raise ValidationFailed(*problems)
        now = utcnow()
        measure = Measure(
            **clean,
            baseline_start=clean["planned_start"],
            baseline_end=clean["planned_end"],
            status=MeasureStatus.PLANNED,
            progress=0,
            provenance=Provenance.RECORDED,
            updated_at=now,
            updated_by=actor.username,
        )
        session.add(measure)
        session.flush()
        session.add(
            MeasureBaseline(
                measure_id=measure.id,
                **{name: clean[name] for name in BASELINE_FIELDS},
                adopted_at=now,
                adopted_by=actor.username,
            )
        )
        session.add(
            ChangeLog(
                at=now,
                actor=actor.username,
                region_code=measure.region_code,
                entity="measure",
                entity_id=measure.id,
                action="created",
                detail=json.dumps({"code": measure.code}),
            )
        )
        return measure.id


def revise_measure(
    engine: Engine,
    *,
    actor: Actor,
    measure_id: int,
    expected_version: int,
    plan: MeasurePlan,
    decision: PlanDecision,
    today: date,
) -> int:
    """Change a measure's plan, keeping each previous value and why; return the new version."""
    with write_session(engine) as session:
        measure = editable_measure(session, actor, measure_id, expected_version)
        actor.ensure_can_edit_region(plan.region_code)
        clean, problems = checked_plan(session, plan, today, measure_id)
        changed = [c for c in PLAN_COLUMNS if not problems and getattr(measure, c) != clean[c]]
        if not problems and not changed:
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        needed = any(c in BASELINE_FIELDS for c in changed)
        why, found = checked_decision(
            session, decision, clean.get("region_code"), today, needed=needed
        )
        if problems or found:
            raise ValidationFailed(*problems, *found)
        now, version = utcnow(), measure.version + 1
        session.add_all(
            PlanRevision(
                measure_id=measure_id,
                version=version,
                at=now,
                actor=actor.username,
                field=column,
                old_value=_shown(getattr(measure, column)),
                new_value=_shown(clean[column]),
                **why,
            )
            for column in changed
        )
        result = session.execute(
            update(Measure)
            .where(Measure.id == measure_id, Measure.version == expected_version)
            .values(
                **{c: clean[c] for c in changed},
                version=version,
                updated_at=now,
                updated_by=actor.username,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StaleVersion("measure")
        fields = {_field_of(c) for c in changed} - {None}
        provenance.mark_recorded(session, "measure", measure_id, fields, actor.username, now)
        session.add(
            ChangeLog(
                at=now,
                actor=actor.username,
                region_code=clean["region_code"],
                entity="measure",
                entity_id=measure_id,
                action="plan_revised",
                detail=json.dumps({"fields": changed, "reason": why["reason"]}),
            )
        )
    return version
