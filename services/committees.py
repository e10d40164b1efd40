"""Committees with their members, meetings and decisions (reads; writes are in committee_writes)."""

from datetime import date

import pandas as pd
from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from models import Committee, CommitteeMember, Decision, Measure, Meeting, Region
from models.codes import DecisionStatus
from services.institutions import aliased_institution, name_columns
from services.result_frames import result_frame

MEETINGS_PER_COMMITTEE = 50


def committees(session: Session, region: str | None, today: date) -> pd.DataFrame:
    """Committees with counts of members, meetings, open and overdue decisions."""
    members = (
        select(CommitteeMember.committee_id, func.count().label("members"))
        .group_by(CommitteeMember.committee_id)
        .subquery()
    )
    is_open = Decision.status == DecisionStatus.OPEN
    meetings = (
        select(
            Meeting.committee_id,
            func.count(func.distinct(Meeting.id)).label("meetings"),
            func.max(Meeting.held_on).label("last_meeting"),
            func.count(Decision.id).filter(is_open).label("open_decisions"),
            func.count(Decision.id)
            .filter(is_open, Decision.due_on < today)
            .label("overdue_decisions"),
        )
        .outerjoin(Decision, (Decision.meeting_id == Meeting.id) & Decision.withdrawn_at.is_(None))
        .group_by(Meeting.committee_id)
        .subquery()
    )
    chair = aliased_institution()
    statement = (
        select(
            Committee.id,
            Committee.region_code,
            Region.name_fr.label("region_fr"),
            Region.name_ar.label("region_ar"),
            Region.name_en.label("region_en"),
            Committee.kind,
            Committee.name_fr,
            Committee.name_ar,
            Committee.name_en,
            Committee.mandate_fr,
            Committee.mandate_ar,
            Committee.mandate_en,
            Committee.established_on,
            *name_columns(chair, "chair"),
            Committee.provenance,
            func.coalesce(members.c.members, 0).label("members"),
            func.coalesce(meetings.c.meetings, 0).label("meetings"),
            meetings.c.last_meeting,
            func.coalesce(meetings.c.open_decisions, 0).label("open_decisions"),
            func.coalesce(meetings.c.overdue_decisions, 0).label("overdue_decisions"),
        )
        .join(Region, Region.code == Committee.region_code)
        .outerjoin(chair, chair.id == Committee.chair_institution_id)
        .outerjoin(members, members.c.committee_id == Committee.id)
        .outerjoin(meetings, meetings.c.committee_id == Committee.id)
        .order_by(Committee.region_code, Committee.id)
    )
    if region:
        statement = statement.where(Committee.region_code == region)
    return result_frame(session, statement)


def members(session: Session, committee_id: int) -> pd.DataFrame:
    """A committee's member institutions with their roles."""
    institution = aliased_institution()
    statement = (
        select(
            CommitteeMember.id,
            *name_columns(institution, "institution"),
            CommitteeMember.role,
            CommitteeMember.provenance,
        )
        .join(institution, institution.id == CommitteeMember.institution_id)
        .where(CommitteeMember.committee_id == committee_id)
        .order_by(CommitteeMember.id)
    )
    return result_frame(session, statement)


def meetings(session: Session, committee_id: int) -> pd.DataFrame:
    """A committee's meetings, newest first, with their decision counts."""
    statement = (
        select(
            Meeting.id,
            Meeting.held_on,
            Meeting.attendance,
            Meeting.summary_fr,
            Meeting.summary_ar,
            Meeting.summary_en,
            Meeting.provenance,
            Meeting.version,
            func.count(Decision.id).label("decisions"),
        )
        .outerjoin(Decision, (Decision.meeting_id == Meeting.id) & Decision.withdrawn_at.is_(None))
        .where(Meeting.committee_id == committee_id)
        .group_by(Meeting.id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(MEETINGS_PER_COMMITTEE)
    )
    return result_frame(session, statement)


def decisions(session: Session, committee_id: int, today: date) -> pd.DataFrame:
    """A committee's decisions, open ones first, with an overdue flag and linked measure."""
    overdue = and_(Decision.status == DecisionStatus.OPEN, Decision.due_on < today)
    owner = aliased_institution()
    statement = (
        select(
            Decision.id,
            Decision.meeting_id,
            Meeting.held_on,
            Decision.text_fr,
            Decision.text_ar,
            Decision.text_en,
            *name_columns(owner, "owner"),
            Decision.owner_institution_id,
            Decision.due_on,
            Decision.status,
            Decision.version,
            case((overdue, True), else_=False).label("overdue"),
            Decision.measure_id,
            Measure.code.label("measure_code"),
            Decision.provenance,
        )
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .outerjoin(owner, owner.id == Decision.owner_institution_id)
        .outerjoin(Measure, Measure.id == Decision.measure_id)
        .where(Meeting.committee_id == committee_id, Decision.withdrawn_at.is_(None))
        .order_by(
            case((Decision.status == DecisionStatus.OPEN, 0), else_=1),
            Decision.due_on,
            Decision.id,
        )
    )
    return result_frame(session, statement)


def withdrawn_decisions(session: Session, committee_id: int) -> pd.DataFrame:
    """A committee's withdrawn decisions, newest withdrawal first, for an admin to restore."""
    statement = (
        select(
            Decision.id,
            Meeting.held_on,
            Decision.text_fr,
            Decision.text_ar,
            Decision.text_en,
            Decision.version,
            Decision.withdrawn_at,
            Decision.withdrawn_by,
            Decision.withdrawn_reason,
        )
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .where(Meeting.committee_id == committee_id, Decision.withdrawn_at.is_not(None))
        .order_by(Decision.withdrawn_at.desc(), Decision.id)
    )
    return result_frame(session, statement)
