"""An indicator's disaggregation for one period, by territory, with small cells suppressed for
the public view and for exports that leave the app (services/suppression.py)."""

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from models import IndicatorValue, ReportingPeriod, ValueBreakdown
from models.result_codes import CATEGORIES, IndicatorKind, ValueStatus
from services import suppression
from services.result_frames import result_frame
from services.result_reads import GROUP_COLUMNS, GROUPINGS, indicator, percent, whole_sum

ALL = ""  # the territory key of the row that adds up every territory shown


def breakdown(
    session: Session,
    indicator_id: int,
    period_code: str,
    *,
    by: str,
    region_code: str | None = None,
    suppressed: bool,
) -> pd.DataFrame:
    """One row per territory (and ALL), dimension and category of the validated values:
    total, numerator, denominator, value and `hidden`; hidden cells carry no number.

    With `suppressed` (the public view, IATI, exports not marked internal) a cell of 1 to 4
    people is hidden, and so is any cell it could be recomputed from: the territory's total is
    shown beside its parts, and the ALL row beside the territories'.
    """
    found = indicator(session, indicator_id)
    if GROUPINGS.index(by) > GROUPINGS.index(found.level) or by == "national":
        raise ValueError(f"{found.code}: no breakdown per {by}")
    column = GROUP_COLUMNS[by]
    statement = (
        select(
            column.label("territory"),
            ValueBreakdown.dimension,
            ValueBreakdown.category,
            whole_sum(ValueBreakdown.total).label("total"),
            whole_sum(ValueBreakdown.numerator).label("numerator"),
            whole_sum(ValueBreakdown.denominator).label("denominator"),
        )
        .join(IndicatorValue, IndicatorValue.id == ValueBreakdown.value_id)
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .where(
            IndicatorValue.indicator_id == indicator_id,
            IndicatorValue.status == ValueStatus.VALIDATED,
            ReportingPeriod.code == period_code,
        )
        .group_by(column, ValueBreakdown.dimension, ValueBreakdown.category)
    )
    if region_code is not None:
        statement = statement.where(IndicatorValue.region_code == region_code)
    cells = result_frame(session, statement)
    if cells.empty:
        return cells.assign(value=[], hidden=[])
    every = cells.groupby(["dimension", "category"], as_index=False)[
        ["total", "numerator", "denominator"]
    ].sum(min_count=1)
    frame = pd.concat([cells, every.assign(territory=ALL)], ignore_index=True)
    percentage = found.kind == IndicatorKind.PERCENTAGE
    frame["value"] = (
        [percent(n, d) for n, d in zip(frame["numerator"], frame["denominator"], strict=True)]
        if percentage
        else frame["total"]
    )
    keys = list(
        zip(
            frame["territory"].tolist(),
            frame["dimension"].tolist(),
            frame["category"].tolist(),
            strict=True,
        )
    )
    hidden = _hidden(frame, keys, percentage) if suppressed else set()
    frame["hidden"] = [key in hidden for key in keys]
    for name in ("total", "numerator", "denominator", "value"):
        frame[name] = frame[name].astype(object).where(~frame["hidden"], None)
    order = {d: i for i, d in enumerate(CATEGORIES)}
    frame["_d"] = frame["dimension"].map(order)
    frame["_c"] = [CATEGORIES[d].index(c) for _, d, c in keys]
    frame["_t"] = frame["territory"] == ALL
    return (
        frame.sort_values(["_t", "territory", "_d", "_c"])
        .drop(columns=["_d", "_c", "_t"])
        .reset_index(drop=True)
    )


def _counts(frame: pd.DataFrame, keys: list, percentage: bool) -> dict:
    """The count each cell is judged by: a percentage's numerator, or its denominator at zero."""
    totals = frame["total"].tolist()
    if percentage:
        numerators, denominators = frame["numerator"].tolist(), frame["denominator"].tolist()
        totals = [n if n else d for n, d in zip(numerators, denominators, strict=True)]
    return dict(zip(keys, totals, strict=True))


def _hidden(frame: pd.DataFrame, keys: list, percentage: bool) -> set:
    counts = _counts(frame, keys, percentage)
    territories = sorted(set(frame["territory"]) - {ALL})
    sums = []
    for territory in [*territories, ALL]:
        for dimension, categories in CATEGORIES.items():
            parts = [(territory, dimension, c) for c in categories]
            if parts[0] in counts:
                # The territory's own total is shown beside its parts.
                sums.append(((territory, dimension, "*"), parts))
    for _, dimension, category in [key for key in counts if key[0] == ALL]:
        sums.append(((ALL, dimension, category), [(t, dimension, category) for t in territories]))
    return suppression.suppress(counts, sums)
