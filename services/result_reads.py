"""Results as people read them: roll-ups by territory, target against actual per period, the
cumulative line, and disaggregations (small cells suppressed for the public and exports).

Only validated values count. Unit indicators sum; percentages sum their numerators and
denominators (never the mean of percentages); qualitative and non-aggregatable indicators are
never summed, and the roll-up says so. Session periods and years are separate series: a year's
value is the annual evaluation, never added to its sessions'.
"""

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import BigInteger, cast, func, select
from sqlmodel import Session

from models import Indicator, IndicatorTarget, IndicatorValue, ReportingPeriod
from models.result_codes import Cumulation, IndicatorKind, PeriodKind, ValueStatus
from services.errors import NotFound
from services.result_frames import result_frame

# How finely a roll-up groups values, from the coarsest; a value rolls up, never down.
AMOUNTS = ["total", "numerator", "denominator"]
GROUPINGS = ("national", "region", "province", "commune")
GROUP_COLUMNS = {
    "national": None,
    "region": IndicatorValue.region_code,
    "province": IndicatorValue.province_code,
    "commune": IndicatorValue.territory_code,
}


@dataclass(frozen=True)
class RollUp:
    """A roll-up's rows, or why the indicator is not summed ("qualitative", "not_aggregatable")."""

    frame: pd.DataFrame
    not_summed: str | None = None


def whole_sum(column):
    """A whole-number sum on both backends (PostgreSQL sums BIGINT as NUMERIC)."""
    return cast(func.sum(column), BigInteger)


def indicator(session: Session, indicator_id: int) -> Indicator:
    """One indicator, or NotFound."""
    found = session.get(Indicator, indicator_id)
    if found is None:
        raise NotFound()
    return found


def percent(numerator, denominator):
    """Σnumerators / Σdenominators as a percentage (None without a denominator)."""
    if numerator is None or not denominator:
        return None
    return 100 * numerator / denominator


def _scope(statement, region_code: str | None, kind: str | None):
    if region_code is not None:
        statement = statement.where(IndicatorValue.region_code == region_code)
    if kind is not None:
        statement = statement.where(ReportingPeriod.kind == kind)
    return statement


def rollup(
    session: Session,
    indicator_id: int,
    *,
    by: str,
    region_code: str | None = None,
    kind: str | None = PeriodKind.SESSION,
) -> RollUp:
    """Validated values summed per period and territory `by`, in SQL (a percentage from its
    summed numerators and denominators)."""
    found = indicator(session, indicator_id)
    if GROUPINGS.index(by) > GROUPINGS.index(found.level):
        raise ValueError(f"{found.code} is reported per {found.level}, not per {by}")
    base = (
        select(ReportingPeriod.code.label("period"))
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .where(
            IndicatorValue.indicator_id == indicator_id,
            IndicatorValue.status == ValueStatus.VALIDATED,
        )
    )
    base = _scope(base, region_code, kind)
    if found.kind == IndicatorKind.QUALITATIVE or not found.aggregatable:
        rows = base.add_columns(
            IndicatorValue.territory_code.label("territory"),
            IndicatorValue.total,
            IndicatorValue.numerator,
            IndicatorValue.denominator,
        ).order_by(ReportingPeriod.ends_on, IndicatorValue.territory_code)
        reason = "qualitative" if found.kind == IndicatorKind.QUALITATIVE else "not_aggregatable"
        return RollUp(result_frame(session, rows), reason)
    column = GROUP_COLUMNS[by]
    territory = (column if column is not None else func.max("")).label("territory")
    statement = base.add_columns(
        territory,
        whole_sum(IndicatorValue.total).label("total"),
        whole_sum(IndicatorValue.numerator).label("numerator"),
        whole_sum(IndicatorValue.denominator).label("denominator"),
        func.count().label("values"),
    ).group_by(ReportingPeriod.code, *([column] if column is not None else []))
    frame = result_frame(session, statement.order_by(ReportingPeriod.code, territory))
    return RollUp(_with_value(found, frame))


def _with_value(found: Indicator, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    if found.kind == IndicatorKind.PERCENTAGE:
        frame["value"] = [
            percent(n, d) for n, d in zip(frame["numerator"], frame["denominator"], strict=True)
        ]
    else:
        frame["value"] = frame["total"]
    return frame


def series(session: Session, indicator_id: int, *, region_code: str | None = None) -> pd.DataFrame:
    """Per session period: target, actual and the cumulative value; the life-of-plan target and
    the baseline are on the indicator. A flow's cumulative value adds the periods once each; a
    level's adds each territory's latest value so far (one that did not report this period
    keeps its last one)."""
    found = indicator(session, indicator_id)
    if found.kind == IndicatorKind.QUALITATIVE or not found.aggregatable:
        raise ValueError(f"{found.code} is not summed")
    if found.cumulation == Cumulation.LATEST:
        # Per territory, once: a level's cumulative value needs each territory's latest.
        per_territory = rollup(session, indicator_id, by=found.level, region_code=region_code).frame
        summed = per_territory.groupby("period", as_index=False)[AMOUNTS].sum(min_count=1)
        actual = _with_value(found, summed)
    else:
        scope = "national" if region_code is None else "region"
        actual = rollup(session, indicator_id, by=scope, region_code=region_code).frame
    targets = dict(
        session.execute(
            select(IndicatorTarget.period_code, IndicatorTarget.value).where(
                IndicatorTarget.indicator_id == indicator_id
            )
        ).all()
    )
    periods = sorted(set(actual["period"]) | {p for p in targets if "-" in p})
    by_period = {row["period"]: row for row in actual.to_dict("records")}
    if found.cumulation == Cumulation.LATEST:
        cumulative = _levels(found, per_territory, periods)
    else:
        cumulative = _flows(found, by_period, periods)
    rows = []
    for period in periods:
        row = by_period.get(period) or {}
        rows.append(
            {
                "period": period,
                "target": targets.get(period),
                "actual": row.get("value"),
                "numerator": row.get("numerator"),
                "denominator": row.get("denominator"),
                "cumulative": cumulative[period],
            }
        )
    return pd.DataFrame(
        rows, columns=["period", "target", "actual", "numerator", "denominator", "cumulative"]
    )


def _flows(found: Indicator, by_period: dict, periods: list[str]) -> dict:
    """A flow's running total by period (a percentage's running Σn/Σd); None before any."""
    running, seen, cumulative = [0, 0, 0], False, {}
    for period in periods:
        row = by_period.get(period)
        if row is not None:
            seen = True
            sums = (row["total"], row["numerator"], row["denominator"])
            running = [a + (b or 0) for a, b in zip(running, sums, strict=True)]
        if not seen:
            cumulative[period] = None
        elif found.kind == IndicatorKind.PERCENTAGE:
            cumulative[period] = percent(running[1], running[2])
        else:
            cumulative[period] = running[0]
    return cumulative


def _levels(found: Indicator, per_territory: pd.DataFrame, periods: list[str]) -> dict:
    """A level's value by period: each territory's latest value so far, added up."""
    reported: dict[str, list] = {}
    for row in per_territory.to_dict("records"):
        reported.setdefault(row["period"], []).append(row)
    latest: dict[str, tuple] = {}
    cumulative = {}
    for period in periods:
        for row in reported.get(period, []):
            latest[row["territory"]] = (row["total"], row["numerator"], row["denominator"])
        if not latest:
            cumulative[period] = None
            continue
        sums = [sum(v[i] or 0 for v in latest.values()) for i in range(3)]
        percentage = found.kind == IndicatorKind.PERCENTAGE
        cumulative[period] = percent(sums[1], sums[2]) if percentage else sums[0]
    return cumulative
