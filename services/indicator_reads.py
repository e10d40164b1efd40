"""Indicators as the results pages list them: definitions, per-period targets, and values by
territory and period, small counts hidden from the public (achievement: services/achievement)."""

import pandas as pd
from sqlalchemy import func, literal, select
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
from models.result_codes import IndicatorKind, ValueStatus
from services import suppression
from services.result_frames import result_frame
from services.result_reads import percent

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
    suppressed: bool = False,
) -> tuple[pd.DataFrame, int]:
    """One page of an indicator's values of some statuses (latest period first), and how many.

    With `suppressed` (the public: validated values only), a territory's count of 1 to 4
    people is hidden (`hidden`, no number), and so is what it could be recomputed from beside
    the period's total that the results pages show.
    """
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
    hidden = _hidden_totals(session, indicator_id) if suppressed else set()
    frame["hidden"] = [
        (p, t) in hidden for p, t in zip(frame["period"], frame["territory"], strict=True)
    ]
    for column in ("total", "numerator", "denominator", "value"):
        frame[column] = frame[column].astype(object).where(~frame["hidden"], None)
    return frame, count


def _hidden_totals(session: Session, indicator_id: int) -> set[tuple[str, str]]:
    """(period, territory) of the validated values to hide from the public: counts of people
    (an indicator disaggregated by people's traits) of 1 to 4, with their complements."""
    found = session.get(Indicator, indicator_id)
    if found is None or not any(found.dimensions()) or found.kind == IndicatorKind.QUALITATIVE:
        return set()
    rows = session.execute(
        select(
            ReportingPeriod.code,
            IndicatorValue.territory_code,
            IndicatorValue.total,
            IndicatorValue.numerator,
            IndicatorValue.denominator,
        )
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .where(
            IndicatorValue.indicator_id == indicator_id,
            IndicatorValue.status == ValueStatus.VALIDATED,
        )
    ).all()
    percentage = found.kind == IndicatorKind.PERCENTAGE
    cells = {(p, t): (n, d) if percentage else total for p, t, total, n, d in rows}
    by_period: dict[str, list] = {}
    for key in cells:
        by_period.setdefault(key[0], []).append(key)
    # Each period's total over its territories is shown wherever the indicator is summed.
    sums = [((p, ""), keys) for p, keys in by_period.items()] if found.aggregatable else []
    return suppression.suppress(cells, sums)
