"""Withdrawing a measure or a decision entered by mistake (never deleting it), and an admin's
restoring it."""

import json

from sqlalchemy import update
from sqlalchemy.engine import Engine

from models import ChangeLog, Decision, Measure
from models.base import utcnow
from models.limits import REASON_MAX
from services import validation
from services.actors import Actor
from services.committee_writes import editable_decision
from services.db import write_session
from services.errors import NotAllowed, Problem, StaleVersion, ValidationFailed
from services.measure_writes import editable_measure


def _set(engine: Engine, actor: Actor, entity: str, record_id: int, expected: int, reason, *, out):
    table = Measure if entity == "measure" else Decision
    with write_session(engine) as session:
        if entity == "measure":
            record = editable_measure(session, actor, record_id, expected, open_only=False)
            region, detail = record.region_code, {"code": record.code}
        else:
            record, region = editable_decision(session, actor, record_id, expected, open_only=False)
            detail = {"meeting_id": record.meeting_id}
        if not out and not actor.can_manage_users:
            raise NotAllowed()
        why, problems = validation.text("reason", reason, max_length=REASON_MAX, required=True)
        if (record.withdrawn_at is not None) == out:
            problems.append(Problem(None, "error.withdrawn" if out else "error.not_withdrawn"))
        if problems:
            raise ValidationFailed(*problems)
        now, version = utcnow(), record.version + 1
        result = session.execute(
            update(table)
            .where(table.id == record_id, table.version == expected)
            .values(
                withdrawn_at=now if out else None,
                withdrawn_by=actor.username if out else None,
                withdrawn_reason=why if out else "",
                version=version,
                updated_at=now,
                updated_by=actor.username,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StaleVersion(entity)
        session.add(
            ChangeLog(
                at=now,
                actor=actor.username,
                region_code=region,
                entity=entity,
                entity_id=record_id,
                action="withdrawn" if out else "restored",
                detail=json.dumps(detail | {"reason": why}),
            )
        )
    return version


def withdraw_measure(
    engine: Engine, *, actor: Actor, measure_id: int, expected_version: int, reason: object
) -> int:
    """Take a measure out of every list and figure, with the reason; return its new version."""
    return _set(engine, actor, "measure", measure_id, expected_version, reason, out=True)


def restore_measure(
    engine: Engine, *, actor: Actor, measure_id: int, expected_version: int, reason: object
) -> int:
    """Bring a withdrawn measure back (administrators only); return its new version."""
    return _set(engine, actor, "measure", measure_id, expected_version, reason, out=False)


def withdraw_decision(
    engine: Engine, *, actor: Actor, decision_id: int, expected_version: int, reason: object
) -> int:
    """Take a decision out of its committee's lists and counts; return its new version."""
    return _set(engine, actor, "decision", decision_id, expected_version, reason, out=True)


def restore_decision(
    engine: Engine, *, actor: Actor, decision_id: int, expected_version: int, reason: object
) -> int:
    """Bring a withdrawn decision back (administrators only); return its new version."""
    return _set(engine, actor, "decision", decision_id, expected_version, reason, out=False)
