"""Headline figures and per-region aggregates for the overview page."""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import case, func, or_, select
from sqlmodel import Session

from models import Axis, Measure, MeasureTally, Region, Strategy
from models.codes import OPEN_STATUSES, MeasureStatus, ScheduleHealth
from models.plan import PDR_END, PDR_START
from services import pace, tallies
from services.filters import MeasureFilter, conditions, health_expr
from services.provenance import illustrative_field
from services.result_frames import result_frame

# A bar per measure stays readable (and cheap to draw) up to about forty.
TIMELINE_LIMIT = 40
# The gravest measures, one screen of them; the measures list shows them all.
AT_RISK_LIMIT = 20
GRAVE = (ScheduleHealth.OVERDUE, ScheduleHealth.LATE_START, ScheduleHealth.AT_RISK)


@dataclass(frozen=True)
class Headline:
    """The overview's headline figures."""

    total: int
    by_status: dict[str, int]
    open_count: int
    on_track_share: float | None
    budget_planned: int
    budget_paid: int
    budget_committed: int
    # Measures whose charted status or progress is illustrative (made up for the demo).
    illustrative: int


def pdr_elapsed(today: date) -> float:
    """The share of the PDR period gone by on `today`, between 0 and 1."""
    gone = (today - PDR_START).days / (PDR_END - PDR_START).days
    return min(max(gone, 0.0), 1.0)


def headline(session: Session, flt: MeasureFilter, today: date) -> Headline:
    """Measures by status, share of open measures on track, and budget planned, committed and
    paid."""
    if tallies.usable(session, flt, today):
        by_status = tallies.status_counts(session, flt, today)
        sums = tallies.headline_sums(session, flt, today)
    else:
        by_status, sums = _headline_scan(session, flt, today)
    open_count, on_track, planned, paid, committed, illustrative = sums
    return Headline(
        total=sum(by_status.values()),
        by_status={s.value: by_status.get(s.value, 0) for s in MeasureStatus},
        open_count=open_count,
        on_track_share=(on_track / open_count) if open_count else None,
        budget_planned=int(planned),
        budget_paid=int(paid),
        budget_committed=int(committed),
        illustrative=illustrative,
    )


def _headline_scan(session: Session, flt: MeasureFilter, today: date) -> tuple[dict, tuple]:
    """The headline's counts and sums read from the measures themselves."""
    where = conditions(flt, today)
    health = health_expr(today)
    by_status = dict(
        session.execute(
            select(Measure.status, func.count()).where(*where).group_by(Measure.status)
        ).all()
    )
    is_open = Measure.status.in_(OPEN_STATUSES)
    made_up = or_(illustrative_field("status"), illustrative_field("progress"))
    sums = session.execute(
        select(
            func.count().filter(is_open),
            func.count().filter(is_open, health == ScheduleHealth.ON_TRACK),
            func.coalesce(func.sum(Measure.budget_planned), 0),
            func.coalesce(func.sum(Measure.budget_paid), 0),
            func.coalesce(func.sum(tallies.committed()), 0),
            func.count().filter(made_up),
        ).where(*where)
    ).one()
    return by_status, tuple(sums)


def progress_by_region(session: Session, flt: MeasureFilter, today: date) -> pd.DataFrame:
    """Per region: measures (cancelled ones apart), progress against expected progress by count
    and by budget (cancelled measures left out of both), budgets."""
    if tallies.usable(session, flt, today):
        return result_frame(session, tallies.progress_by_region(flt, today))
    cancelled = Measure.status == MeasureStatus.CANCELLED
    statement = (
        select(
            Region.code.label("region_code"),
            Region.name_fr,
            Region.name_ar,
            Region.name_en,
            func.count().label("measures"),
            func.count().filter(cancelled).label("cancelled"),
            *pace.measure_pace(today),
            func.sum(Measure.budget_planned).label("budget_planned"),
            func.sum(Measure.budget_paid).label("budget_paid"),
            func.sum(tallies.committed()).label("budget_committed"),
        )
        .join(Region, Region.code == Measure.region_code)
        .where(*conditions(flt, today))
        .group_by(Region.code, Region.name_fr, Region.name_ar, Region.name_en)
        .order_by(Region.code)
    )
    return result_frame(session, statement)


def progress_by_axis(session: Session, region: str, today: date) -> pd.DataFrame:
    """Per axis of a region's strategies: measures (cancelled ones apart), progress against
    expected progress by count and by budget."""
    axis = (Axis.id, Axis.code, Axis.title_fr, Axis.title_ar, Axis.title_en, Axis.position)
    if tallies.fresh(session, today, region):
        cancelled = MeasureTally.status == MeasureStatus.CANCELLED
        figures = (
            func.sum(MeasureTally.measures).label("measures"),
            func.coalesce(func.sum(MeasureTally.measures).filter(cancelled), 0).label("cancelled"),
            *tallies.tally_pace(),
        )
        source = select(*axis, *figures).join(
            MeasureTally, (MeasureTally.axis_id == Axis.id) & (MeasureTally.as_of == today)
        )
    else:
        cancelled = Measure.status == MeasureStatus.CANCELLED
        figures = (
            func.count().label("measures"),
            func.count().filter(cancelled).label("cancelled"),
            *pace.measure_pace(today),
        )
        source = select(*axis, *figures).join(
            Measure, (Measure.axis_id == Axis.id) & Measure.withdrawn_at.is_(None)
        )
    statement = (
        source.join(Strategy, Strategy.id == Axis.strategy_id)
        .where(Strategy.region_code == region)
        .group_by(*axis, Axis.strategy_id)
        .order_by(Axis.strategy_id, Axis.position, Axis.code)
    )
    return result_frame(session, statement)


def status_by_region(session: Session, flt: MeasureFilter, today: date) -> pd.DataFrame:
    """Count of measures per region and status."""
    if tallies.usable(session, flt, today):
        return result_frame(session, tallies.status_by_region(flt, today))
    statement = (
        select(
            Region.code.label("region_code"),
            Region.name_fr,
            Region.name_ar,
            Region.name_en,
            Measure.status,
            func.count().label("count"),
        )
        .join(Region, Region.code == Measure.region_code)
        .where(*conditions(flt, today))
        .group_by(Region.code, Region.name_fr, Region.name_ar, Region.name_en, Measure.status)
        .order_by(Region.code, Measure.status)
    )
    return result_frame(session, statement)


def health_counts(session: Session, flt: MeasureFilter, today: date) -> pd.DataFrame:
    """Count of measures per schedule health."""
    if tallies.usable(session, flt, today):
        return result_frame(session, tallies.health_counts(flt, today))
    health = health_expr(today).label("health")
    statement = (
        select(health, func.count().label("count"))
        .where(*conditions(flt, today))
        .group_by(health)
        .order_by(health)
    )
    return result_frame(session, statement)


def _measure_columns(today: date):
    return (
        Measure.id,
        Measure.code,
        Measure.title_fr,
        Measure.title_ar,
        Measure.title_en,
        Measure.region_code,
        Measure.planned_start,
        Measure.planned_end,
        Measure.status,
        Measure.progress,
        Measure.provenance,
        health_expr(today).label("health"),
    )


def timeline(session: Session, flt: MeasureFilter, today: date) -> pd.DataFrame:
    """The first measures to start, with their planned dates and axis for the 2022–2027
    timeline, grouped by region and axis (bounded in size)."""
    first = (
        select(Measure.id)
        .where(*conditions(flt, today))
        .order_by(Measure.planned_start, Measure.code)
        .limit(TIMELINE_LIMIT)
    )
    statement = (
        select(*_measure_columns(today), Axis.code.label("axis_code"))
        .outerjoin(Axis, Axis.id == Measure.axis_id)
        .where(Measure.id.in_(first.scalar_subquery()))
        # NULLS LAST written out: SQLite and PostgreSQL sort nulls at opposite ends.
        .order_by(
            Measure.region_code.nulls_last(),
            Axis.position.nulls_last(),
            Axis.code.nulls_last(),
            Measure.planned_start,
            Measure.code,
        )
    )
    return result_frame(session, statement)


def at_risk(session: Session, flt: MeasureFilter, today: date) -> pd.DataFrame:
    """Open measures that are overdue, late to start or at risk, the gravest first."""
    health = health_expr(today)
    gravity = GRAVE
    # One gravity at a time, each walked in planned-end order (an index), until the list is
    # full: at national scale, ranking every open measure by gravity took 170 ms.
    ids: list[int] = []
    for grave in gravity:
        found = (
            select(Measure.id)
            .where(*conditions(flt, today), health == grave.value)
            .order_by(Measure.planned_end, Measure.code)
            .limit(AT_RISK_LIMIT - len(ids))
        )
        ids += session.scalars(found)
        if len(ids) == AT_RISK_LIMIT:
            break
    rank = case({h.value: n for n, h in enumerate(gravity)}, value=health)
    statement = (
        select(*_measure_columns(today))
        .where(Measure.id.in_(ids))
        .order_by(rank, Measure.planned_end, Measure.code)
    )
    return result_frame(session, statement)
