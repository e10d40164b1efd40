"""Alignment coverage: measures and programmed budget per region and classification code."""

from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from models import Measure, MeasureTag, TagTally
from models.codes import MeasureStatus
from services import tallies
from services.result_frames import result_frame


def coverage(session: Session, scheme: str, today: date) -> pd.DataFrame:
    """Per region code ("" for national measures) and code of `scheme`: the measures planned
    (neither withdrawn nor cancelled) tagged with it and their programmed budget; a pair with
    none has no row. From the tallies when they hold for today."""
    if tallies.fresh(session, today, None):
        statement = (
            select(
                TagTally.region_code,
                TagTally.code,
                TagTally.measures,
                TagTally.budget_planned,
            )
            .where(TagTally.as_of == today, TagTally.scheme == scheme)
            .order_by(TagTally.region_code, TagTally.code)
        )
        return result_frame(session, statement)
    region = func.coalesce(Measure.region_code, "").label("region_code")
    statement = (
        select(
            region,
            MeasureTag.code,
            func.count().label("measures"),
            func.sum(Measure.budget_planned).label("budget_planned"),
        )
        .join(Measure, Measure.id == MeasureTag.measure_id)
        .where(
            MeasureTag.scheme == scheme,
            Measure.withdrawn_at.is_(None),
            Measure.status != MeasureStatus.CANCELLED,
        )
        .group_by(region, MeasureTag.code)
        .order_by(region, MeasureTag.code)
    )
    return result_frame(session, statement)
