"""Correcting a recorded meeting or decision: each changed field keeps its old value, with who,
when and why (in Correction), and the record's version guards against a stale copy."""

import json
from datetime import date

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import (
    ChangeLog,
    Committee,
    Correction,
    Institution,
    Measure,
    MeasureUpdate,
    Meeting,
    User,
)
from models.base import utcnow
from models.limits import ATTENDANCE_MAX, DECISION_MAX, NOTE_MAX, REASON_MAX, SUMMARY_MAX
from services import validation
from services.actors import Actor
from services.committee_writes import editable_decision
from services.db import write_session
from services.errors import NotFound, Problem, StaleVersion, ValidationFailed
from services.result_frames import result_frame


def _shown(value) -> str:
    """A value as the corrections' history keeps it: ISO dates, "" for none."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def correct_meeting(
    engine: Engine,
    *,
    actor: Actor,
    meeting_id: int,
    expected_version: int,
    held_on: object,
    attendance: object,
    summary: object,
    language: object,
    reason: object,
    today: date,
) -> int:
    """Correct a meeting's date, attendance or summary (in `language`); return its new version."""
    with write_session(engine) as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound()
        region = session.scalar(
            select(Committee.region_code).where(Committee.id == meeting.committee_id)
        )
        actor.ensure_can_edit_region(region)
        if meeting.version != expected_version:
            raise StaleVersion("meeting")
        problems: list[Problem] = []
        held, found = validation.past_date("held_on", held_on, today)
        problems += found or ([Problem("held_on", "error.required")] if held is None else [])
        count, found = validation.whole_number("attendance", attendance, low=0, high=ATTENDANCE_MAX)
        problems += found
        lang, found = validation.language("language", language)
        problems += found
        text, found = validation.text("summary", summary, max_length=SUMMARY_MAX)
        problems += found
        why, found = validation.text("reason", reason, max_length=REASON_MAX, required=True)
        problems += found
        if problems:
            raise ValidationFailed(*problems)
        new = {"held_on": held, "attendance": count, f"summary_{lang}": text}
        changed = {k: v for k, v in new.items() if getattr(meeting, k) != v}
        if not changed:
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        return _apply(session, actor, meeting, region, changed, why, expected_version)


def correct_decision(
    engine: Engine,
    *,
    actor: Actor,
    decision_id: int,
    expected_version: int,
    text: object,
    language: object,
    owner_institution_id: object,
    due_on: object,
    reason: object,
    today: date,
) -> int:
    """Correct a decision's text (in `language`), owner or due date; return its new version."""
    with write_session(engine) as session:
        decision, region = editable_decision(session, actor, decision_id, expected_version)
        meeting = session.get(Meeting, decision.meeting_id)
        problems: list[Problem] = []
        lang, found = validation.language("language", language)
        problems += found
        words, found = validation.text("text", text, max_length=DECISION_MAX, required=True)
        problems += found
        due, found = validation.optional_date("due_on", due_on, today)
        problems += found
        if due is not None and due < meeting.held_on:
            problems.append(Problem("due_on", "error.due_before_meeting"))
        owner = owner_institution_id
        if owner is not None and session.get(Institution, owner) is None:
            problems.append(Problem("owner_institution_id", "error.unknown_institution"))
        why, found = validation.text("reason", reason, max_length=REASON_MAX, required=True)
        problems += found
        if problems:
            raise ValidationFailed(*problems)
        new = {f"text_{lang}": words, "owner_institution_id": owner, "due_on": due}
        changed = {k: v for k, v in new.items() if getattr(decision, k) != v}
        if not changed:
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        changed |= {"updated_at": utcnow(), "updated_by": actor.username}
        return _apply(session, actor, decision, region, changed, why, expected_version)


def _apply(session, actor, record, region, changed: dict, why: str, expected: int) -> int:
    """Write the changed fields of a meeting or decision, each with its correction row and the
    audit entry, against the version the person saw; return the new version."""
    table, entity = type(record), type(record).__tablename__
    now, version = utcnow(), record.version + 1
    session.add_all(
        Correction(
            entity=entity,
            entity_id=record.id,
            region_code=region,
            field=name,
            old_value=_shown(getattr(record, name)),
            new_value=_shown(value),
            reason=why,
            at=now,
            actor=actor.username,
        )
        for name, value in changed.items()
        if name not in ("updated_at", "updated_by")
    )
    result = session.execute(
        update(table)
        .where(table.id == record.id, table.version == expected)
        .values(**changed, version=version)
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
            entity_id=record.id,
            action="corrected",
            detail=json.dumps({"fields": sorted(set(changed) - {"updated_at", "updated_by"})}),
        )
    )
    return version


def meeting_corrections(session: Session, committee_id: int) -> pd.DataFrame:
    """Every correction of a committee's meetings, newest first, by display name."""
    statement = (
        select(
            Correction.entity_id.label("meeting_id"),
            Meeting.held_on,
            Correction.at,
            func.coalesce(User.display_name, Correction.actor).label("actor"),
            Correction.field,
            Correction.old_value,
            Correction.new_value,
            Correction.reason,
        )
        .join(Meeting, Meeting.id == Correction.entity_id)
        .outerjoin(User, User.username == Correction.actor)
        .where(Correction.entity == "meeting", Meeting.committee_id == committee_id)
        .order_by(Correction.at.desc(), Correction.id)
    )
    return result_frame(session, statement)


def correct_update_note(
    engine: Engine,
    *,
    actor: Actor,
    update_id: int,
    seen_note: str,
    note: object,
    language: object,
    reason: object,
) -> None:
    """Correct the note of a measure's update in `language`, if it still reads `seen_note`."""
    with write_session(engine) as session:
        row = session.get(MeasureUpdate, update_id)
        if row is None:
            raise NotFound()
        measure = session.get(Measure, row.measure_id)
        actor.ensure_can_edit_region(measure.region_code)
        if measure.withdrawn_at is not None:
            raise ValidationFailed(Problem(None, "error.withdrawn"))
        lang, problems = validation.language("language", language)
        text, found = validation.text("note", note, max_length=NOTE_MAX)
        problems += found
        why, found = validation.text("reason", reason, max_length=REASON_MAX, required=True)
        problems += found
        if problems:
            raise ValidationFailed(*problems)
        column = f"note_{lang}"
        # An update has no version of its own: the note the person saw is what must not
        # have changed meanwhile.
        if getattr(row, column) != seen_note:
            raise StaleVersion("measureupdate")
        if text == seen_note:
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        now = utcnow()
        session.add(
            Correction(
                entity="measureupdate",
                entity_id=update_id,
                region_code=measure.region_code,
                field=column,
                old_value=seen_note,
                new_value=text,
                reason=why,
                at=now,
                actor=actor.username,
            )
        )
        result = session.execute(
            update(MeasureUpdate)
            .where(MeasureUpdate.id == update_id, getattr(MeasureUpdate, column) == seen_note)
            .values({column: text})
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StaleVersion("measureupdate")
        session.add(
            ChangeLog(
                at=now,
                actor=actor.username,
                region_code=measure.region_code,
                entity="measure",
                entity_id=measure.id,
                action="note_corrected",
                detail=json.dumps({"version": row.version, "reason": why}),
            )
        )


def note_corrections(session: Session, measure_id: int) -> pd.DataFrame:
    """Every correction of a measure's update notes, newest first, by display name."""
    statement = (
        select(
            MeasureUpdate.changed_at,
            Correction.at,
            func.coalesce(User.display_name, Correction.actor).label("actor"),
            Correction.field,
            Correction.old_value,
            Correction.new_value,
            Correction.reason,
        )
        .join(MeasureUpdate, MeasureUpdate.id == Correction.entity_id)
        .outerjoin(User, User.username == Correction.actor)
        .where(Correction.entity == "measureupdate", MeasureUpdate.measure_id == measure_id)
        .order_by(Correction.at.desc(), Correction.id)
    )
    return result_frame(session, statement)
