"""The regional scorecard: every region side by side on the same few figures, as of one day."""

from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from models import Committee, Decision, Measure, MeasureTally, Meeting, Region
from models.codes import OPEN_STATUSES, DecisionStatus, ScheduleHealth
from services import pace, tallies
from services.filters import health_expr
from services.result_frames import result_frame

REGION = (Region.code.label("region_code"), Region.name_fr, Region.name_ar, Region.name_en)


def _measure_figures(session: Session, today: date):
    """Per region key: measures, open ones and those on track, progress against expected,
    budgets, slippage and last update; from the tallies when they hold for today."""
    if tallies.fresh(session, today, None):
        is_open = MeasureTally.status.in_(OPEN_STATUSES)
        on_track = MeasureTally.health == ScheduleHealth.ON_TRACK
        measures = func.sum(MeasureTally.measures)
        return (
            select(
                MeasureTally.region_code,
                measures.label("measures"),
                measures.filter(is_open).label("open_measures"),
                measures.filter(is_open, on_track).label("on_track"),
                *tallies.tally_pace(),
                func.sum(MeasureTally.budget_planned).label("budget_planned"),
                func.sum(MeasureTally.budget_paid).label("budget_paid"),
                func.sum(MeasureTally.budget_committed).label("budget_committed"),
                func.sum(MeasureTally.slipped).label("slipped"),
                func.sum(MeasureTally.slip_days).label("slip_days"),
                func.max(MeasureTally.last_update).label("last_update"),
            )
            .where(MeasureTally.as_of == today)
            .group_by(MeasureTally.region_code)
        )
    is_open = Measure.status.in_(OPEN_STATUSES)
    on_track = health_expr(today) == ScheduleHealth.ON_TRACK
    slipped, slip_days, last_update = pace.slip_sums()
    return (
        select(
            Measure.region_code,
            func.count().label("measures"),
            func.count().filter(is_open).label("open_measures"),
            func.count().filter(is_open, on_track).label("on_track"),
            *pace.measure_pace(today),
            func.sum(Measure.budget_planned).label("budget_planned"),
            func.sum(Measure.budget_paid).label("budget_paid"),
            func.sum(tallies.committed()).label("budget_committed"),
            slipped.label("slipped"),
            slip_days.label("slip_days"),
            last_update.label("last_update"),
        )
        .where(Measure.withdrawn_at.is_(None), Measure.region_code.is_not(None))
        .group_by(Measure.region_code)
    )


def _decision_figures(today: date):
    """Per region: decisions due (a due date passed, or closed), and those done by it.

    A dropped decision, or one without a due date, is in neither; one still open after its
    due date, or done after it, is late.
    """
    due = (
        Decision.due_on.is_not(None)
        & (Decision.status != DecisionStatus.DROPPED)
        & ((Decision.due_on < today) | (Decision.status == DecisionStatus.DONE))
    )
    on_time = (Decision.status == DecisionStatus.DONE) & (Decision.closed_on <= Decision.due_on)
    return (
        select(
            Committee.region_code,
            func.count().filter(due).label("decisions_due"),
            func.count().filter(due & on_time).label("decisions_on_time"),
        )
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .join(Committee, Committee.id == Meeting.committee_id)
        .where(Decision.withdrawn_at.is_(None), Committee.region_code.is_not(None))
        .group_by(Committee.region_code)
    )


def scorecard(session: Session, today: date) -> pd.DataFrame:
    """One row per region in HCP order, regions without any measure included (their figures
    None): measures on track, progress against expected, budget, decisions closed by their
    due date, slippage against the baseline and the last update."""
    regions = result_frame(session, select(*REGION, Region.is_pilot).order_by(Region.code))
    measures = result_frame(session, _measure_figures(session, today))
    decisions = result_frame(session, _decision_figures(today))
    found = regions.merge(measures, how="left", on="region_code")
    found = found.merge(decisions, how="left", on="region_code")
    found["decisions_late"] = found["decisions_due"] - found["decisions_on_time"]
    return found
