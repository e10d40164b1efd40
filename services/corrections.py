"""Correcting a recorded meeting: each changed field keeps its old value, with who, when and why."""

import json
from datetime import date

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import ChangeLog, Committee, Correction, Meeting, User
from models.base import utcnow
from models.limits import ATTENDANCE_MAX, REASON_MAX, SUMMARY_MAX
from services import validation
from services.actors import Actor
from services.db import write_session
from services.errors import NotFound, Problem, StaleVersion, ValidationFailed
from services.result_frames import result_frame


def _shown(value) -> str:
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
        now, version = utcnow(), meeting.version + 1
        session.add_all(
            Correction(
                entity="meeting",
                entity_id=meeting_id,
                region_code=region,
                field=name,
                old_value=_shown(getattr(meeting, name)),
                new_value=_shown(value),
                reason=why,
                at=now,
                actor=actor.username,
            )
            for name, value in changed.items()
        )
        result = session.execute(
            update(Meeting)
            .where(Meeting.id == meeting_id, Meeting.version == expected_version)
            .values(**changed, version=version)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StaleVersion("meeting")
        session.add(
            ChangeLog(
                at=now,
                actor=actor.username,
                region_code=region,
                entity="meeting",
                entity_id=meeting_id,
                action="corrected",
                detail=json.dumps({"fields": list(changed), "reason": why}),
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
