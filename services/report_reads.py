"""What the reporting form offers and shows: a region's periods and territories, and the value
already stored for one indicator, period and territory (with its parts)."""

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from models import (
    Indicator,
    IndicatorValue,
    ReportingPeriod,
    ValueBreakdown,
)
from models.limits import PAGE_SIZE_MAX
from services import plan_reads, territory
from services.indicator_reads import with_territory_names
from services.result_frames import result_frame


def periods(session: Session, region_code: str) -> pd.DataFrame:
    """A region's reporting periods, latest first, with their deadline and lock."""
    statement = (
        select(
            ReportingPeriod.id,
            ReportingPeriod.kind,
            ReportingPeriod.code,
            ReportingPeriod.session_on,
            ReportingPeriod.deadline,
            ReportingPeriod.locked_at,
        )
        .where(ReportingPeriod.region_code == region_code)
        .order_by(ReportingPeriod.ends_on.desc(), ReportingPeriod.kind)
    )
    return result_frame(session, statement)


def territories(session: Session, region_code: str, level: str) -> pd.DataFrame:
    """The territories of a region where a value of `level` is reported (code, names)."""
    if level == "province":
        found = territory.provinces(session, region_code)
    elif level == "commune":
        found = plan_reads.communes(session, region_code)
    else:
        found = territory.regions(session)
        found = found[found["code"] == region_code]
    return found[["code", "name_fr", "name_ar"]].reset_index(drop=True)


def stored_value(
    session: Session, indicator_id: int, period_id: int, territory_code: str
) -> dict | None:
    """The value stored for an indicator, period and territory, with `parts` keyed by
    (dimension, category); None when nothing is reported yet."""
    value = session.execute(
        select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator_id,
            IndicatorValue.period_id == period_id,
            IndicatorValue.territory_code == territory_code,
        )
    ).scalar_one_or_none()
    if value is None:
        return None
    rows = session.execute(
        select(ValueBreakdown).where(ValueBreakdown.value_id == value.id)
    ).scalars()
    parts = {(r.dimension, r.category): (r.total, r.numerator, r.denominator) for r in rows}
    return value.model_dump() | {"parts": parts}


def period_values(session: Session, region_code: str, period_id: int) -> pd.DataFrame:
    """Every value of a region's period: indicator, territory, status, amounts and version."""
    statement = (
        select(
            IndicatorValue.id,
            IndicatorValue.version,
            IndicatorValue.indicator_id,
            Indicator.code.label("indicator"),
            Indicator.kind,
            ReportingPeriod.code.label("period"),
            IndicatorValue.territory_code.label("territory"),
            IndicatorValue.status,
            IndicatorValue.total,
            IndicatorValue.numerator,
            IndicatorValue.denominator,
            IndicatorValue.return_reason,
            IndicatorValue.return_reason_lang,
        )
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .where(IndicatorValue.region_code == region_code, IndicatorValue.period_id == period_id)
        .order_by(Indicator.code, IndicatorValue.territory_code)
        .limit(PAGE_SIZE_MAX)
    )
    statement = with_territory_names(statement)
    return result_frame(session, statement)
