"""Recording committee meetings and decisions, and following decisions up."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from models import ChangeLog, Committee, Decision, Institution, Measure, Meeting
from models.base import utcnow
from models.codes import DecisionStatus, Provenance
from models.limits import ATTENDANCE_MAX, DECISION_MAX, DECISIONS_MAX, SUMMARY_MAX
from services import settings, validation
from services.actors import Actor
from services.db import write_session
from services.errors import NotFound, Problem, StaleVersion, ValidationFailed


@dataclass(frozen=True)
class DecisionInput:
    """One decision typed in the meeting form."""

    text: object
    owner_institution_id: int | None = None
    due_on: object = None
    # The linked measure's code as typed (a region lists thousands of measures: no dropdown).
    measure_code: object = None


def _linked_measure(session, prefix: str, code: object, region: str) -> tuple[int | None, list]:
    """The id of the measure a decision is linked to by its code, or why it cannot be."""
    if code is None or (isinstance(code, str) and not code.strip()):
        return None, []
    if not isinstance(code, str):
        return None, [Problem(f"{prefix}.measure_code", "error.unknown_measure_code")]
    found = session.execute(
        select(Measure.id, Measure.region_code).where(
            Measure.code == code.strip(), Measure.withdrawn_at.is_(None)
        )
    ).one_or_none()
    if found is None:
        return None, [Problem(f"{prefix}.measure_code", "error.unknown_measure_code")]
    if found.region_code != region:
        return None, [Problem(f"{prefix}.measure_code", "error.measure_other_region")]
    return found.id, []


def _check_decision(
    session, index: int, item: DecisionInput, held_on: date | None, region: str, today: date
) -> tuple[dict, list[Problem]]:
    prefix = f"decisions.{index}"
    text, problems = validation.text(
        f"{prefix}.text", item.text, max_length=DECISION_MAX, required=True
    )
    owner = item.owner_institution_id
    if owner is not None and (
        isinstance(owner, bool)
        or not isinstance(owner, int)
        or session.get(Institution, owner) is None
    ):
        problems.append(Problem(f"{prefix}.owner_institution_id", "error.unknown_institution"))
    due_on, found = validation.optional_date(f"{prefix}.due_on", item.due_on, today)
    problems += found
    if due_on is not None and held_on is not None and due_on < held_on:
        problems.append(Problem(f"{prefix}.due_on", "error.due_before_meeting"))
    measure_id, found = _linked_measure(session, prefix, item.measure_code, region)
    problems += found
    values = {"text": text, "owner_institution_id": owner, "due_on": due_on}
    return values | {"measure_id": measure_id}, problems


def record_meeting(
    engine: Engine,
    *,
    actor: Actor,
    committee_id: int,
    held_on: object,
    attendance: object,
    summary: object,
    decisions: Sequence[DecisionInput],
    today: date,
    language: object = None,
) -> int:
    """Record a meeting and its decisions in one transaction; return the meeting id.

    The summary and the decisions' texts are written in `language` (ar, fr or en).
    """
    with write_session(engine) as session:
        committee = session.get(Committee, committee_id)
        if committee is None:
            raise NotFound()
        actor.ensure_can_edit_region(committee.region_code)
        problems: list[Problem] = []
        held, found = validation.past_date("held_on", held_on, today)
        problems += found or ([Problem("held_on", "error.required")] if held is None else [])
        count, found = validation.whole_number("attendance", attendance, low=0, high=ATTENDANCE_MAX)
        problems += [Problem("attendance", "error.required")] if attendance is None else found
        text, found = validation.text("summary", summary, max_length=SUMMARY_MAX, required=True)
        problems += found
        lang, found = validation.language("language", language)
        problems += found
        if len(decisions) > DECISIONS_MAX:
            problems.append(Problem("decisions", "error.too_many", {"max": DECISIONS_MAX}))
        checked = []
        for index, item in enumerate(decisions[:DECISIONS_MAX]):
            values, found = _check_decision(
                session, index, item, held, committee.region_code, today
            )
            checked.append(values)
            problems += found
        if problems:
            raise ValidationFailed(*problems)
        meeting = Meeting(
            committee_id=committee_id,
            held_on=held,
            attendance=count,
            provenance=Provenance.RECORDED,
            **{f"summary_{lang}": text},
            recorded_by=actor.username,
        )
        session.add(meeting)
        session.flush()
        for values in checked:
            session.add(
                Decision(
                    meeting_id=meeting.id,
                    provenance=meeting.provenance,
                    updated_by=actor.username,
                    **{f"text_{lang}": values.pop("text")},
                    **values,
                )
            )
        session.add(
            ChangeLog(
                actor=actor.username,
                region_code=committee.region_code,
                entity="meeting",
                entity_id=meeting.id,
                action="recorded",
                detail=json.dumps(
                    {"committee_id": committee_id, "decisions": len(checked), "language": lang}
                ),
            )
        )
        return meeting.id


def editable_decision(
    session, actor: Actor, decision_id: int, expected: int, *, open_only: bool = True
) -> tuple[Decision, str]:
    """The decision and its region once it exists, the actor may change its region, it is at
    the version the person saw and (with `open_only`) not withdrawn."""
    row = session.execute(
        select(Decision, Committee.region_code)
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .join(Committee, Committee.id == Meeting.committee_id)
        .where(Decision.id == decision_id)
    ).one_or_none()
    if row is None:
        raise NotFound()
    decision, region = row
    actor.ensure_can_edit_region(region)
    if decision.version != expected:
        raise StaleVersion("decision")
    if open_only and decision.withdrawn_at is not None:
        raise ValidationFailed(Problem(None, "error.withdrawn"))
    return decision, region


def set_decision_status(
    engine: Engine, *, actor: Actor, decision_id: int, expected_version: int, status: object
) -> int:
    """Move a decision to open, done or dropped; return its new version."""
    with write_session(engine) as session:
        decision, region = editable_decision(session, actor, decision_id, expected_version)
        if status not in {s.value for s in DecisionStatus}:
            raise ValidationFailed(Problem("status", "error.unknown_status"))
        if status == decision.status:
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        version = decision.version + 1
        result = session.execute(
            update(Decision)
            .where(Decision.id == decision_id, Decision.version == expected_version)
            .values(
                status=status,
                closed_on=None if status == DecisionStatus.OPEN else settings.today(),
                version=version,
                updated_at=utcnow(),
                updated_by=actor.username,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StaleVersion("decision")
        session.add(
            ChangeLog(
                actor=actor.username,
                region_code=region,
                entity="decision",
                entity_id=decision_id,
                action="status",
                detail=json.dumps({"old": decision.status, "new": status}),
            )
        )
        return version
