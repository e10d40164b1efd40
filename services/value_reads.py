"""Values waiting for someone (to submit, returned, to validate), a value's approval trail and
an indicator's target revisions."""

import json

import pandas as pd
from sqlalchemy import exists, func, select
from sqlmodel import Session

from models import ChangeLog, Indicator, IndicatorValue, ReportingPeriod, TargetRevision
from models.codes import Role
from models.limits import PAGE_SIZE_MAX
from models.result_codes import ValueAction, ValueStatus
from services.actors import Actor
from services.result_frames import result_frame

_LISTED = (
    IndicatorValue.id,
    IndicatorValue.version,
    Indicator.code.label("indicator"),
    ReportingPeriod.code.label("period"),
    ReportingPeriod.deadline,
    IndicatorValue.territory_code.label("territory"),
    IndicatorValue.status,
    IndicatorValue.total,
    IndicatorValue.numerator,
    IndicatorValue.denominator,
    IndicatorValue.return_reason,
    IndicatorValue.updated_by,
    IndicatorValue.submitted_by,
    IndicatorValue.reviewed_by,
)


def _queue(actor: Actor, status: str):
    """Values of `status` this person acts on next, oldest deadline first."""
    statement = (
        select(*_LISTED)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .where(IndicatorValue.status == status, ReportingPeriod.locked_at.is_(None))
    )
    if actor.role != Role.ADMIN:
        statement = statement.where(IndicatorValue.region_code.in_(sorted(actor.regions)))
    if status == ValueStatus.SUBMITTED:
        # Nobody reviews a value they saved or submitted (value_writes.authors).
        wrote = exists().where(
            ChangeLog.entity == "indicatorvalue",
            ChangeLog.entity_id == IndicatorValue.id,
            ChangeLog.actor == actor.username,
            ChangeLog.action.in_((ValueAction.SAVED, ValueAction.SUBMITTED)),
        )
        statement = statement.where(
            IndicatorValue.submitted_by != actor.username,
            IndicatorValue.updated_by != actor.username,
            ~wrote,
        )
    return statement


def waiting(
    session: Session, actor: Actor, status: str, *, limit: int = PAGE_SIZE_MAX, offset: int = 0
) -> tuple[pd.DataFrame, int]:
    """One page of the values of `status` waiting for the actor, and how many there are.

    Drafts and returned values wait for editors of their region; submitted ones for its
    validators; administrators see every region.
    """
    may_act = actor.role == Role.ADMIN or (
        actor.role == (Role.VALIDATOR if status == ValueStatus.SUBMITTED else Role.EDITOR)
    )
    if not may_act:
        return result_frame(session, select(*_LISTED).where(False)), 0
    statement = _queue(actor, status)
    count = session.scalar(select(func.count()).select_from(statement.subquery()))
    page = statement.order_by(ReportingPeriod.deadline, IndicatorValue.id)
    return result_frame(session, page.limit(min(limit, PAGE_SIZE_MAX)).offset(offset)), count


def trail(session: Session, value_id: int) -> pd.DataFrame:
    """A value's approval trail, oldest first: when, who, which step, and its details."""
    frame = result_frame(
        session,
        select(ChangeLog.at, ChangeLog.actor, ChangeLog.action, ChangeLog.detail)
        .where(ChangeLog.entity == "indicatorvalue", ChangeLog.entity_id == value_id)
        .order_by(ChangeLog.at, ChangeLog.id),
    )
    frame["detail"] = [json.loads(text) if text else {} for text in frame["detail"]]
    return frame


def target_revisions(session: Session, indicator_id: int) -> pd.DataFrame:
    """Every target change of an indicator, oldest first, with its reason."""
    return result_frame(
        session,
        select(
            TargetRevision.period_code,
            TargetRevision.old_value,
            TargetRevision.new_value,
            TargetRevision.reason,
            TargetRevision.reason_lang,
            TargetRevision.revised_at,
            TargetRevision.revised_by,
        )
        .where(TargetRevision.indicator_id == indicator_id)
        .order_by(TargetRevision.revised_at, TargetRevision.id),
    )
