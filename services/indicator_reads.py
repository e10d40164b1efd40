"""Indicators as the results pages list them: definitions, per-period targets, values by
territory and period, and achievement against the life-of-plan target (validated values only)."""

import pandas as pd
from sqlalchemy import and_, func, literal, select
from sqlmodel import Session

from models import (
    Commune,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Province,
    Region,
    ReportingPeriod,
    Result,
)
from models.limits import PAGE_SIZE_MAX
from models.result_codes import Cumulation, IndicatorKind, PeriodKind, ValueStatus
from services.result_frames import result_frame
from services.result_reads import percent, whole_sum

_DEFINITION = (
    Indicator.id,
    Indicator.code,
    Indicator.region_code,
    Indicator.title_fr,
    Indicator.title_ar,
    Indicator.title_en,
    Indicator.unit_fr,
    Indicator.unit_ar,
    Indicator.unit_en,
    Indicator.kind,
    Indicator.cumulation,
    Indicator.level,
    Indicator.aggregatable,
    Indicator.higher_is_better,
    Indicator.by_sex,
    Indicator.by_age,
    Indicator.by_status,
    Indicator.by_disability,
    Indicator.baseline_value,
    Indicator.baseline_year,
    Indicator.target_value,
    Indicator.target_year,
    Indicator.provenance,
    Indicator.version,
    Result.result_type,
    Result.title_fr.label("result_fr"),
    Result.title_ar.label("result_ar"),
    Result.title_en.label("result_en"),
)


def indicators(session: Session, region_code: str | None) -> pd.DataFrame:
    """Every indicator of a region (None: of every region), with its result, by code."""
    statement = select(*_DEFINITION).join(Result, Result.id == Indicator.result_id)
    if region_code is not None:
        statement = statement.where(Indicator.region_code == region_code)
    return result_frame(session, statement.order_by(Indicator.region_code, Indicator.code))


def definition(session: Session, indicator_id: int) -> dict | None:
    """One indicator's definition and result (None when it does not exist)."""
    statement = (
        select(*_DEFINITION)
        .join(Result, Result.id == Indicator.result_id)
        .where(Indicator.id == indicator_id)
    )
    row = session.execute(statement).mappings().first()
    return dict(row) if row else None


def period_targets(session: Session, indicator_id: int) -> pd.DataFrame:
    """An indicator's target per period, by period."""
    statement = (
        select(IndicatorTarget.period_code.label("period"), IndicatorTarget.value)
        .where(IndicatorTarget.indicator_id == indicator_id)
        .order_by(IndicatorTarget.period_code)
    )
    return result_frame(session, statement)


def validated_periods(session: Session, indicator_id: int) -> list[str]:
    """The periods with a validated value of an indicator, latest first."""
    statement = (
        select(ReportingPeriod.code)
        .join(IndicatorValue, IndicatorValue.period_id == ReportingPeriod.id)
        .where(
            IndicatorValue.indicator_id == indicator_id,
            IndicatorValue.status == ValueStatus.VALIDATED,
        )
        .group_by(ReportingPeriod.code, ReportingPeriod.ends_on)
        .order_by(ReportingPeriod.ends_on.desc())
    )
    return list(session.execute(statement).scalars())


def territory_names():
    """The name columns of a value's territory, whatever its level (a commune has no English
    name: readers in English see the French one, marked)."""
    name_fr = func.coalesce(Commune.name_fr, Province.name_fr, Region.name_fr)
    name_ar = func.coalesce(Commune.name_ar, Province.name_ar, Region.name_ar)
    name_en = func.coalesce(Region.name_en, literal(""))
    labels = ("territory_fr", "territory_ar", "territory_en")
    return tuple(
        name.label(text) for name, text in zip((name_fr, name_ar, name_en), labels, strict=True)
    )


def with_territory_names(statement):
    """A select of values with the names of each one's territory (territory_fr, _ar, _en)."""
    return (
        statement.add_columns(*territory_names())
        .outerjoin(Commune, Commune.code == IndicatorValue.territory_code)
        .outerjoin(Province, Province.code == IndicatorValue.territory_code)
        .outerjoin(Region, Region.code == IndicatorValue.territory_code)
    )


def values(
    session: Session,
    indicator_id: int,
    *,
    statuses: tuple[str, ...],
    limit: int = PAGE_SIZE_MAX,
    offset: int = 0,
) -> tuple[pd.DataFrame, int]:
    """One page of an indicator's values of some statuses (latest period first), and how many."""
    statement = (
        select(
            IndicatorValue.id,
            IndicatorValue.version,
            ReportingPeriod.code.label("period"),
            ReportingPeriod.kind.label("period_kind"),
            ReportingPeriod.locked_at,
            IndicatorValue.territory_code.label("territory"),
            IndicatorValue.status,
            IndicatorValue.total,
            IndicatorValue.numerator,
            IndicatorValue.denominator,
            IndicatorValue.comment_fr,
            IndicatorValue.comment_ar,
            IndicatorValue.comment_en,
            IndicatorValue.evidence_url,
            IndicatorValue.provenance,
            IndicatorValue.updated_at,
        )
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .where(IndicatorValue.indicator_id == indicator_id, IndicatorValue.status.in_(statuses))
    )
    statement = with_territory_names(statement)
    count = session.scalar(select(func.count()).select_from(statement.subquery()))
    page = statement.order_by(ReportingPeriod.ends_on.desc(), IndicatorValue.territory_code)
    frame = result_frame(session, page.limit(min(limit, PAGE_SIZE_MAX)).offset(offset))
    frame["value"] = [
        percent(n, d) if t is None else t
        for t, n, d in zip(frame["total"], frame["numerator"], frame["denominator"], strict=True)
    ]
    return frame, count


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
            whole_sum(IndicatorValue.total).label("total"),
            whole_sum(IndicatorValue.numerator).label("numerator"),
            whole_sum(IndicatorValue.denominator).label("denominator"),
        )
        .where(
            IndicatorValue.status == ValueStatus.VALIDATED,
            IndicatorValue.period_id.in_(sessions),
            IndicatorValue.indicator_id.in_(flows),
        )
        .group_by(IndicatorValue.indicator_id)
    )
    return result_frame(session, statement)


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
            whole_sum(IndicatorValue.total).label("total"),
            whole_sum(IndicatorValue.numerator).label("numerator"),
            whole_sum(IndicatorValue.denominator).label("denominator"),
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
