"""Reads for plan editing: a measure's baseline and revisions, and the choices its form offers."""

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from models import (
    Committee,
    Commune,
    Decision,
    MeasureBaseline,
    Meeting,
    PlanRevision,
    Programme,
    User,
)
from services.result_frames import result_frame


@dataclass(frozen=True)
class PlanHistory:
    """A measure's first adopted plan (None if it has none) and its revisions, newest first."""

    baseline: dict | None
    revisions: pd.DataFrame


def plan_history(session: Session, measure_id: int) -> PlanHistory:
    """The baseline and every revision of one measure's plan."""
    found = session.get(MeasureBaseline, measure_id)
    baseline = found.model_dump() if found is not None else None
    if baseline is not None:
        # Readers see display names, never login names (see measures.measure_history).
        name = session.scalar(select(User.display_name).where(User.username == found.adopted_by))
        baseline["adopted_by"] = name or found.adopted_by
    statement = (
        select(
            PlanRevision.version,
            PlanRevision.at,
            func.coalesce(User.display_name, PlanRevision.actor).label("actor"),
            PlanRevision.field,
            PlanRevision.old_value,
            PlanRevision.new_value,
            PlanRevision.reason,
            PlanRevision.session_month,
            PlanRevision.decision_id,
        )
        .outerjoin(User, User.username == PlanRevision.actor)
        .where(PlanRevision.measure_id == measure_id)
        .order_by(PlanRevision.version.desc(), PlanRevision.id)
    )
    return PlanHistory(baseline, result_frame(session, statement))


def communes(session: Session, region: str | None) -> pd.DataFrame:
    """Communes with their province, of one region when given."""
    statement = select(
        Commune.code, Commune.province_code, Commune.region_code, Commune.name_fr, Commune.name_ar
    ).order_by(Commune.code)
    if region:
        statement = statement.where(Commune.region_code == region)
    return result_frame(session, statement)


def programmes(session: Session) -> pd.DataFrame:
    """Every programme a measure may belong to."""
    statement = select(
        Programme.id, Programme.code, Programme.name_fr, Programme.name_ar, Programme.name_en
    ).order_by(Programme.code)
    return result_frame(session, statement)


def region_decisions(session: Session, region: str | None) -> pd.DataFrame:
    """The decisions of a region's committees (all when None), newest meeting first."""
    statement = (
        select(
            Decision.id,
            Decision.text_fr,
            Decision.text_ar,
            Decision.text_en,
            Meeting.held_on,
            Committee.region_code,
        )
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .join(Committee, Committee.id == Meeting.committee_id)
        .order_by(Meeting.held_on.desc(), Decision.id)
    )
    if region:
        statement = statement.where(Committee.region_code == region)
    return result_frame(session, statement)
