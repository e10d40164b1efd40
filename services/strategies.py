"""Regional strategies with their axes and each axis's measures."""

from datetime import date

import pandas as pd
from sqlalchemy import Float, cast, func, select
from sqlmodel import Session

from models import Axis, Measure, MeasureTally, Region, Strategy
from models.codes import MeasureStatus
from services import tallies
from services.filters import health_expr
from services.provenance import marked_fields, sort_marked
from services.result_frames import result_frame


def strategies(session: Session, region: str | None) -> pd.DataFrame:
    """Strategies with their region names, of one region when given."""
    statement = (
        select(
            Strategy.id,
            Strategy.region_code,
            Region.name_fr.label("region_fr"),
            Region.name_ar.label("region_ar"),
            Region.name_en.label("region_en"),
            Strategy.title_fr,
            Strategy.title_ar,
            Strategy.title_en,
            Strategy.summary_fr,
            Strategy.summary_ar,
            Strategy.summary_en,
            Strategy.adopted_on,
            Strategy.horizon_start,
            Strategy.horizon_end,
            Strategy.status,
            Strategy.pdr_reference_fr,
            Strategy.pdr_reference_ar,
            Strategy.pdr_reference_en,
            Strategy.pdr_url,
            Strategy.provenance,
        )
        .join(Region, Region.code == Strategy.region_code)
        .order_by(Strategy.region_code, Strategy.id)
    )
    if region:
        statement = statement.where(Strategy.region_code == region)
    return result_frame(session, statement)


def axis_progress(session: Session, strategy_ids: list[int], today: date) -> pd.DataFrame:
    """Per axis of the given strategies: measure count and mean progress (cancelled excluded)."""
    axis = (
        Axis.id,
        Axis.strategy_id,
        Axis.code,
        Axis.title_fr,
        Axis.title_ar,
        Axis.title_en,
        Axis.provenance,
    )
    if tallies.fresh(session, today, None):
        figures = (
            func.coalesce(func.sum(MeasureTally.measures), 0).label("measures"),
            func.coalesce(func.sum(MeasureTally.progress_count), 0).label("progress_measures"),
            tallies.mean_progress().label("avg_progress"),
        )
        source = (MeasureTally, (MeasureTally.axis_id == Axis.id) & (MeasureTally.as_of == today))
    else:
        not_cancelled = Measure.status != MeasureStatus.CANCELLED
        figures = (
            func.count(Measure.id).label("measures"),
            func.count(Measure.id).filter(not_cancelled).label("progress_measures"),
            cast(func.avg(Measure.progress).filter(not_cancelled), Float).label("avg_progress"),
        )
        source = (Measure, (Measure.axis_id == Axis.id) & Measure.withdrawn_at.is_(None))
    statement = (
        select(*axis, *figures)
        .outerjoin(*source)
        .where(Axis.strategy_id.in_(strategy_ids))
        .group_by(*axis, Axis.position)
        .order_by(Axis.strategy_id, Axis.position, Axis.code)
    )
    return result_frame(session, statement)


def axis_measures(session: Session, axis_ids: list[int], today: date, limit: int) -> pd.DataFrame:
    """The first `limit` measures (by code) under each of the given axes."""
    rank = func.row_number().over(partition_by=Measure.axis_id, order_by=Measure.code)
    ranked = (
        select(Measure.id, rank.label("rank"))
        .where(Measure.axis_id.in_(axis_ids), Measure.withdrawn_at.is_(None))
        .subquery()
    )
    statement = (
        select(
            Measure.id,
            Measure.axis_id,
            Measure.code,
            Measure.title_fr,
            Measure.title_ar,
            Measure.title_en,
            Measure.status,
            Measure.progress,
            health_expr(today).label("health"),
            Measure.provenance,
            *marked_fields(),
        )
        .join(ranked, ranked.c.id == Measure.id)
        .where(ranked.c.rank <= limit)
        .order_by(Measure.axis_id, Measure.code)
    )
    return sort_marked(result_frame(session, statement))
