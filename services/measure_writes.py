"""The one way to change a measure: validate, check rights and version, write with history."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import update
from sqlalchemy.engine import Engine

from models import Measure, MeasureUpdate
from models.base import utcnow
from models.codes import ALLOWED_TRANSITIONS, REOPEN_TO, MeasureStatus, Role
from models.limits import BUDGET_MAX, NOTE_MAX, PROGRESS_MAX, PROGRESS_MIN, URL_MAX
from models.sources import MEASURE_COLUMN_FIELDS
from services import provenance, validation
from services.actors import Actor
from services.db import write_session
from services.errors import NotFound, Problem, StaleVersion, ValidationFailed

KEEP = object()  # a field the change leaves as it is


@dataclass(frozen=True)
class MeasureChange:
    """What the update form submits; every field is the value the user wants."""

    status: object
    progress: object
    actual_start: object = None
    actual_end: object = None
    budget_paid: object = None
    # None: not known (the form's empty box); KEEP: as it is.
    budget_committed: object = KEEP
    note: object = ""
    # The language the note is written in (ar, fr or en); asked for whenever there is a note.
    note_lang: object = None
    evidence_url: object = ""


def allowed_statuses(actor: Actor, current: str) -> list[str]:
    """Statuses the actor may choose for a measure now in `current`, itself first."""
    current_status = MeasureStatus(current)
    targets = set(ALLOWED_TRANSITIONS[current_status])
    if actor.role == Role.ADMIN and current_status in REOPEN_TO:
        targets.add(REOPEN_TO[current_status])
    return [current] + [s.value for s in MeasureStatus if s in targets]


def _check(actor: Actor, measure: Measure, change: MeasureChange, today: date) -> dict:
    """Validated new values, or ValidationFailed with every problem found at once."""
    problems: list[Problem] = []
    status = change.status
    if status not in {s.value for s in MeasureStatus}:
        problems.append(Problem("status", "error.unknown_status"))
        status = None
    elif status not in allowed_statuses(actor, measure.status):
        problems.append(
            Problem("status", "error.transition", {"old": measure.status, "new": status})
        )
    progress, found = validation.whole_number(
        "progress", change.progress, low=PROGRESS_MIN, high=PROGRESS_MAX
    )
    problems += found
    progress_ok = not found
    spent = measure.budget_paid if change.budget_paid is None else change.budget_paid
    spent, found = validation.whole_number("budget_paid", spent, low=0, high=BUDGET_MAX)
    problems += found
    paid_ok = not found
    committed = change.budget_committed
    committed = measure.budget_committed if committed is KEEP else committed
    if committed is not None:
        committed, found = validation.whole_number(
            "budget_committed", committed, low=0, high=BUDGET_MAX
        )
        problems += found
        if not found and paid_ok and committed < spent:
            params = {"committed": committed, "paid": spent}
            problems.append(Problem("budget_committed", "error.committed_below_paid", params))
    actual_start, found = validation.past_date("actual_start", change.actual_start, today)
    problems += found
    start_ok = not found
    actual_end, found = validation.past_date("actual_end", change.actual_end, today)
    problems += found
    end_ok = not found
    note, found = validation.text("note", change.note, max_length=NOTE_MAX)
    problems += found
    note_lang = None
    if note:
        note_lang, found = validation.language("note_lang", change.note_lang)
        problems += found
    evidence, found = validation.url("evidence_url", change.evidence_url, max_length=URL_MAX)
    problems += found
    # Starting or finishing without a date means "today": the form need not ask for it.
    if status in (MeasureStatus.IN_PROGRESS, MeasureStatus.COMPLETED) and actual_start is None:
        actual_start = today
    if status == MeasureStatus.COMPLETED and actual_end is None:
        actual_end = today
    if start_ok and end_ok and actual_start and actual_end and actual_end < actual_start:
        problems.append(Problem("actual_end", "error.end_before_start"))
    if progress_ok and status == MeasureStatus.COMPLETED and progress != PROGRESS_MAX:
        problems.append(Problem("progress", "error.completed_needs_full_progress"))
    if status == MeasureStatus.PLANNED and ((progress_ok and progress) or actual_start):
        problems.append(Problem("progress", "error.planned_has_progress"))
    if problems:
        raise ValidationFailed(*problems)
    new = {
        "status": status,
        "progress": progress,
        "actual_start": actual_start,
        "actual_end": actual_end,
        "budget_paid": spent,
        "budget_committed": committed,
    }
    if not note and all(getattr(measure, k) == v for k, v in new.items()):
        raise ValidationFailed(Problem(None, "error.nothing_changed"))
    return new | {"note": {f"note_{note_lang}": note} if note else {}, "evidence_url": evidence}


def editable_measure(
    session, actor: Actor, measure_id: int, expected_version: int, *, open_only: bool = True
) -> Measure:
    """The measure a write changes, once the actor's right on its region and the version the
    person saw are checked (and, with `open_only`, that it is not withdrawn)."""
    measure = session.get(Measure, measure_id)
    if measure is None:
        raise NotFound()
    actor.ensure_can_edit_region(measure.region_code)
    if measure.version != expected_version:
        raise StaleVersion("measure")
    if open_only and measure.withdrawn_at is not None:
        raise ValidationFailed(Problem(None, "error.withdrawn"))
    return measure


def update_measure(
    engine: Engine,
    *,
    actor: Actor,
    measure_id: int,
    expected_version: int,
    change: MeasureChange,
    today: date,
) -> int:
    """Apply a user's change to a measure with its history row; return the new version."""
    with write_session(engine) as session:
        measure = editable_measure(session, actor, measure_id, expected_version)
        new = _check(actor, measure, change, today)
        now = utcnow()
        version = measure.version + 1
        changed = {f for c, f in MEASURE_COLUMN_FIELDS.items() if getattr(measure, c) != new[c]}
        history = MeasureUpdate(
            measure_id=measure_id,
            version=version,
            changed_at=now,
            changed_by=actor.username,
            old_status=measure.status,
            new_status=new["status"],
            old_progress=measure.progress,
            new_progress=new["progress"],
            old_actual_start=measure.actual_start,
            new_actual_start=new["actual_start"],
            old_actual_end=measure.actual_end,
            new_actual_end=new["actual_end"],
            old_budget_paid=measure.budget_paid,
            new_budget_paid=new["budget_paid"],
            old_budget_committed=measure.budget_committed,
            new_budget_committed=new["budget_committed"],
            evidence_url=new["evidence_url"],
            **new["note"],
        )
        result = session.execute(
            update(Measure)
            .where(Measure.id == measure_id, Measure.version == expected_version)
            .values(
                status=new["status"],
                progress=new["progress"],
                actual_start=new["actual_start"],
                actual_end=new["actual_end"],
                budget_paid=new["budget_paid"],
                budget_committed=new["budget_committed"],
                version=version,
                updated_at=now,
                updated_by=actor.username,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StaleVersion("measure")
        session.add(history)
        provenance.mark_recorded(session, "measure", measure_id, changed, actor.username, now)
    return version
