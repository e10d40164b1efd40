"""Achievement against the life-of-plan target, in SQL: each summed indicator's validated
value so far (a flow adds its session periods; a level adds each territory's latest value) and
its share of the way from the baseline to the target; a region's mean of those shares."""

import pandas as pd
from sqlalchemy import and_, func, select
from sqlmodel import Session

from models import Indicator, IndicatorValue, ReportingPeriod
from models.result_codes import Cumulation, IndicatorKind, PeriodKind, ValueStatus
from services.indicator_reads import indicators
from services.result_frames import result_frame
from services.result_reads import percent, whole_sum


def _validated_sessions():
    return and_(
        IndicatorValue.status == ValueStatus.VALIDATED, ReportingPeriod.kind == PeriodKind.SESSION
    )


def _flow_sums(session: Session, region_code: str | None) -> pd.DataFrame:
    """Σ validated session values per flow indicator, in SQL (the periods and indicators as
    lists, so the sums are read from ix_indicatorvalue_status_sums alone)."""
    sessions = select(ReportingPeriod.id).where(ReportingPeriod.kind == PeriodKind.SESSION)
    flows = select(Indicator.id).where(Indicator.cumulation == Cumulation.SUM)
    if region_code is not None:
        # A region's indicators have their values in that region only (value_writes).
        flows = flows.where(Indicator.region_code == region_code)
    statement = (
        select(
            IndicatorValue.indicator_id,
            *_amount_sums(),
        )
        .where(
            IndicatorValue.status == ValueStatus.VALIDATED,
            IndicatorValue.period_id.in_(sessions),
            IndicatorValue.indicator_id.in_(flows),
        )
        .group_by(IndicatorValue.indicator_id)
    )
    return result_frame(session, statement)


def _amount_sums() -> tuple:
    """Whole sums of a value's total, numerator and denominator, labelled by their names."""
    amounts = (IndicatorValue.total, IndicatorValue.numerator, IndicatorValue.denominator)
    return tuple(whole_sum(column).label(column.key) for column in amounts)


def _level_sums(session: Session, region_code: str | None) -> pd.DataFrame:
    """Σ over territories of each one's latest validated session value, per level indicator."""
    latest = (
        select(
            IndicatorValue.indicator_id,
            IndicatorValue.territory_code,
            func.max(ReportingPeriod.ends_on).label("ends_on"),
        )
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(_validated_sessions(), Indicator.cumulation == Cumulation.LATEST)
        .group_by(IndicatorValue.indicator_id, IndicatorValue.territory_code)
    )
    if region_code is not None:
        latest = latest.where(IndicatorValue.region_code == region_code)
    latest = latest.subquery()
    statement = (
        select(
            IndicatorValue.indicator_id,
            *_amount_sums(),
        )
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .join(
            latest,
            and_(
                latest.c.indicator_id == IndicatorValue.indicator_id,
                latest.c.territory_code == IndicatorValue.territory_code,
                latest.c.ends_on == ReportingPeriod.ends_on,
            ),
        )
        .where(_validated_sessions())
        .group_by(IndicatorValue.indicator_id)
    )
    return result_frame(session, statement)


def share(actual, baseline, target) -> float | None:
    """How far from the baseline towards the target (0 at the baseline, 1 at the target)."""
    if actual is None or pd.isna(actual) or target is None or pd.isna(target):
        return None
    start = 0.0 if baseline is None or pd.isna(baseline) else float(baseline)
    if float(target) == start:
        return None
    return (float(actual) - start) / (float(target) - start)


def achievement(session: Session, region_code: str | None) -> pd.DataFrame:
    """Each summed indicator's validated value so far and its share of the way to the
    life-of-plan target (None without a target or a validated value)."""
    found = indicators(session, region_code)
    found = found[(found["kind"] != IndicatorKind.QUALITATIVE) & found["aggregatable"].astype(bool)]
    sums = pd.concat([_flow_sums(session, region_code), _level_sums(session, region_code)])
    by_id = {int(row["indicator_id"]): row for row in sums.to_dict("records")}
    actual, shares = [], []
    for row in found.to_dict("records"):
        summed = by_id.get(int(row["id"]))
        value = None
        if summed is not None:
            if row["kind"] == IndicatorKind.PERCENTAGE:
                value = percent(summed["numerator"], summed["denominator"])
            else:
                value = summed["total"]
        actual.append(value)
        shares.append(share(value, row["baseline_value"], row["target_value"]))
    return found.assign(actual=actual, share=shares).reset_index(drop=True)


def region_achievement(frame: pd.DataFrame) -> pd.DataFrame:
    """Per region: indicators, how many have a validated value, and their mean share of the
    way to target, each share capped at 1 (one indicator far past its target does not hide
    the others)."""
    if frame.empty:
        return pd.DataFrame(columns=["region_code", "indicators", "measured", "mean_share"])
    capped = frame.assign(capped=frame["share"].astype(float).clip(upper=1.0))
    grouped = capped.groupby("region_code", as_index=False).agg(
        indicators=("id", "count"), measured=("capped", "count"), mean_share=("capped", "mean")
    )
    return grouped
