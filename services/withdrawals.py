"""Withdrawing a measure entered by mistake (never deleting it), and an admin's restoring it."""

import json

from sqlalchemy import update
from sqlalchemy.engine import Engine

from models import ChangeLog, Measure
from models.base import utcnow
from models.limits import REASON_MAX
from services import validation
from services.actors import Actor
from services.db import write_session
from services.errors import NotAllowed, Problem, StaleVersion, ValidationFailed
from services.measure_writes import editable_measure


def _set(
    engine: Engine,
    actor: Actor,
    measure_id: int,
    expected: int,
    reason: object,
    *,
    out: bool,
) -> int:
    with write_session(engine) as session:
        measure = editable_measure(session, actor, measure_id, expected, open_only=False)
        if not out and not actor.can_manage_users:
            raise NotAllowed()
        why, problems = validation.text("reason", reason, max_length=REASON_MAX, required=True)
        if (measure.withdrawn_at is not None) == out:
            problems.append(Problem(None, "error.withdrawn" if out else "error.not_withdrawn"))
        if problems:
            raise ValidationFailed(*problems)
        now, version = utcnow(), measure.version + 1
        result = session.execute(
            update(Measure)
            .where(Measure.id == measure_id, Measure.version == expected)
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
            raise StaleVersion("measure")
        session.add(
            ChangeLog(
                at=now,
                actor=actor.username,
                region_code=measure.region_code,
                entity="measure",
                entity_id=measure_id,
                action="withdrawn" if out else "restored",
                detail=json.dumps({"code": measure.code, "reason": why}),
            )
        )
    return version


def withdraw_measure(
    engine: Engine, *, actor: Actor, measure_id: int, expected_version: int, reason: object
) -> int:
    """Take a measure out of every list and figure, with the reason; return its new version."""
    return _set(engine, actor, measure_id, expected_version, reason, out=True)


def restore_measure(
    engine: Engine, *, actor: Actor, measure_id: int, expected_version: int, reason: object
) -> int:
    """Bring a withdrawn measure back (administrators only); return its new version."""
    return _set(engine, actor, measure_id, expected_version, reason, out=False)
