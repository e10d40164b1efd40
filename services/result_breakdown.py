"""An indicator's disaggregation for one period, by territory, with small cells suppressed for
the public view and for exports that leave the app (services/suppression.py).

Suppression is decided once over the whole hierarchy (the reporting territories, their
provinces and regions, and the row adding them all), whatever grouping is asked: a cell hidden
per commune is never given back by a province's total in another grouping.
"""

import itertools

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from models import Indicator, IndicatorValue, ReportingPeriod, ValueBreakdown
from models.result_codes import CATEGORIES, IndicatorKind, ValueStatus
from services import suppression
from services.result_frames import result_frame
from services.result_reads import AMOUNTS, GROUPINGS, indicator, percent, whole_sum

ALL = ""  # the territory key of the row that adds up every territory shown
COLUMNS = ["territory", "dimension", "category", *AMOUNTS, "value", "hidden"]
# The column naming each grouping's territory in the reporting-level rows.
KEYS = {"commune": "territory", "province": "province", "region": "region"}


def breakdown(
    session: Session,
    indicator_id: int,
    period_code: str,
    *,
    by: str,
    region_code: str | None = None,
    suppressed: bool,
) -> pd.DataFrame:
    """One row per territory `by` (and ALL), dimension and category of the validated values:
    total, numerator, denominator, value and `hidden`; hidden cells carry no number.

    A non-aggregatable indicator is shown only per reporting territory, without the ALL row.
    With `suppressed` a cell of 1 to 4 people is hidden, and so is any cell it could be
    recomputed from, in any grouping.
    """
    found = indicator(session, indicator_id)
    grain = found.level
    if found.kind == IndicatorKind.QUALITATIVE or by == "national":
        raise ValueError(f"{found.code}: no breakdown per {by}")
    if GROUPINGS.index(by) > GROUPINGS.index(grain) or (not found.aggregatable and by != grain):
        raise ValueError(f"{found.code}: not summed per {by}")
    cells = _cells(session, found, period_code, region_code)
    if cells.empty:
        return pd.DataFrame(columns=COLUMNS)
    levels = [g for g in ("region", "province", "commune") if _within(g, grain)]
    if not found.aggregatable:
        levels = [grain]
    rows = {g: _grouped(cells, g) for g in levels}
    if found.aggregatable:
        rows["all"] = _grouped(cells.assign(all=ALL), "all")
    percentage = found.kind == IndicatorKind.PERCENTAGE
    hidden = _hidden(cells, rows, percentage) if suppressed else set()
    frame = rows[by].copy()
    if "all" in rows:
        frame = pd.concat([frame, rows["all"]], ignore_index=True)
    grains = [by] * len(rows[by]) + ["all"] * (len(frame) - len(rows[by]))
    frame["hidden"] = [
        (g, t, d, c) in hidden
        for g, t, d, c in zip(
            grains,
            frame["territory"].tolist(),
            frame["dimension"].tolist(),
            frame["category"].tolist(),
            strict=True,
        )
    ]
    frame["value"] = (
        [
            percent(n, d)
            for n, d in zip(frame["numerator"].tolist(), frame["denominator"].tolist(), strict=True)
        ]
        if percentage
        else frame["total"]
    )
    for name in [*AMOUNTS, "value"]:
        frame[name] = frame[name].astype(object).where(~frame["hidden"], None)
    order = list(CATEGORIES)
    frame["_t"] = frame["territory"] == ALL
    frame["_d"] = [order.index(d) for d in frame["dimension"]]
    frame["_c"] = [
        CATEGORIES[d].index(c)
        for d, c in zip(frame["dimension"].tolist(), frame["category"].tolist(), strict=True)
    ]
    ordered = frame.sort_values(["_t", "territory", "_d", "_c"]).reset_index(drop=True)
    return ordered[COLUMNS]


def _within(level: str, grain: str) -> bool:
    """Whether `level` is the reporting grain or coarser."""
    return GROUPINGS.index(level) <= GROUPINGS.index(grain)


def _cells(session: Session, found: Indicator, period_code: str, region_code: str | None):
    """The validated parts per reporting territory, with its province and region (SQL)."""
    statement = (
        select(
            IndicatorValue.territory_code.label("territory"),
            IndicatorValue.province_code.label("province"),
            IndicatorValue.region_code.label("region"),
            ValueBreakdown.dimension,
            ValueBreakdown.category,
            *(whole_sum(getattr(ValueBreakdown, name)).label(name) for name in AMOUNTS),
        )
        .join(IndicatorValue, IndicatorValue.id == ValueBreakdown.value_id)
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .where(
            IndicatorValue.indicator_id == found.id,
            IndicatorValue.status == ValueStatus.VALIDATED,
            ReportingPeriod.code == period_code,
        )
        .group_by(
            IndicatorValue.territory_code,
            IndicatorValue.province_code,
            IndicatorValue.region_code,
            ValueBreakdown.dimension,
            ValueBreakdown.category,
        )
    )
    if region_code is not None:
        statement = statement.where(IndicatorValue.region_code == region_code)
    return result_frame(session, statement)


def _grouped(cells: pd.DataFrame, level: str) -> pd.DataFrame:
    """The cells added up per territory of `level` ("all": one row adding every one), sorted;
    an amount no cell has stays None. Plain Python: a few thousand cells cost pandas' groupby
    several times more."""
    key = KEYS.get(level, level)
    columns = [cells[name].tolist() for name in (key, "dimension", "category", *AMOUNTS)]
    sums: dict[tuple, list] = {}
    for territory, dimension, category, *amounts in zip(*columns, strict=True):
        if territory is None:
            continue
        row = sums.setdefault((territory, dimension, category), [None] * len(AMOUNTS))
        for index, amount in enumerate(amounts):
            if amount is not None and amount == amount:  # NaN is no amount
                row[index] = (row[index] or 0) + int(amount)
    rows = [(*key_, *amounts) for key_, amounts in sorted(sums.items())]
    return pd.DataFrame(rows, columns=["territory", "dimension", "category", *AMOUNTS])


def _hidden(cells: pd.DataFrame, rows: dict, percentage: bool) -> set:
    """Cells to hide, keyed (grouping, territory, dimension, category), decided at once."""
    columns = ["numerator", "denominator"] if percentage else ["total"]
    counts = {}
    for level, frame in rows.items():
        keys = zip(
            frame["territory"].tolist(),
            frame["dimension"].tolist(),
            frame["category"].tolist(),
            strict=True,
        )
        numbers = zip(*(frame[c].tolist() for c in columns), strict=True)
        counts |= {(level, *key): number for key, number in zip(keys, numbers, strict=True)}
    sums = []
    for level, frame in rows.items():  # each row's own total is shown beside its parts
        for territory in set(frame["territory"].tolist()):
            for dimension, categories in CATEGORIES.items():
                parts = [(level, territory, dimension, c) for c in categories]
                if parts[0] in counts:
                    sums.append(((level, territory, dimension, "*"), parts))
    sums += [(total, parts) for total, parts in _nested(cells, rows) if total in counts]
    return suppression.suppress(counts, sums)


def _nested(cells: pd.DataFrame, rows: dict) -> list:
    """Each coarser cell as the sum of the finer cells it holds."""
    chain = [g for g in ("commune", "province", "region", "all") if g in rows]
    places = {
        "territory": cells["territory"].tolist(),
        "province": cells["province"].tolist(),
        "region": cells["region"].tolist(),
        "all": [ALL] * len(cells),
    }
    sums = []
    for finer, coarser in itertools.pairwise(chain):
        links = zip(places[KEYS[finer]], places[KEYS.get(coarser, coarser)], strict=True)
        children: dict = {}
        for fine, coarse in dict.fromkeys(links):
            children.setdefault(coarse, []).append(fine)
        for coarse, fines in children.items():
            for dimension, categories in CATEGORIES.items():
                for category in categories:
                    total = (coarser, coarse, dimension, category)
                    sums.append((total, [(finer, f, dimension, category) for f in fines]))
    return sums
