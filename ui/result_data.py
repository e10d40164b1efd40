"""Cached reads of the results pages, keyed like ui/data.py (database URL and data revision).

Whether small cells are hidden is part of a key, never decided inside: the public and the
signed-in never share an entry that differs for them.
"""

from dataclasses import dataclass

import pandas as pd

from models.result_codes import EDITABLE_STATUSES, IndicatorKind, ValueStatus
from services import achievement as achievements
from services import (
    indicator_reads,
    report_reads,
    result_breakdown,
    result_reads,
    value_reads,
)
from ui import data
from ui.data import cache_key, reading

VALIDATED = (ValueStatus.VALIDATED,)
EVERY_STATUS = tuple(ValueStatus)
EDITABLE = EDITABLE_STATUSES  # a draft or a returned value still changes


@dataclass(frozen=True)
class Achievement:
    """Each summed indicator's share of the way to target, and the mean per region."""

    indicators: pd.DataFrame
    by_region: pd.DataFrame


@data.shared  # read on every rerun of the overview
def _achievement(*, url: str, revision: int, region: str | None) -> Achievement:
    with reading(url) as session:
        found = achievements.achievement(session, region)
    return Achievement(found, achievements.region_achievement(found))


def achievement(region: str | None) -> Achievement:
    """Achievement of the indicators of a region (None: every region), validated values only."""
    return _achievement(**cache_key(), region=region)


@dataclass(frozen=True)
class IndicatorResult:
    """What the results page draws for one indicator of a region."""

    definition: dict
    series: pd.DataFrame | None  # None: not summed
    period: str | None  # the latest period with a validated value (its breakdown is shown)
    breakdown: pd.DataFrame | None
    latest: pd.DataFrame  # the latest validated values, for what is not summed


def summed(definition: dict) -> bool:
    """Whether an indicator's values add up across periods and territories."""
    return definition["kind"] != IndicatorKind.QUALITATIVE and bool(definition["aggregatable"])


def has_parts(definition: dict) -> bool:
    """Whether an indicator asks for any disaggregation."""
    return any(definition[f"by_{d}"] for d in ("sex", "age", "status", "disability"))


def _one(session, definition: dict, region: str, suppressed: bool) -> IndicatorResult:
    indicator_id = int(definition["id"])
    if not summed(definition):
        latest, _ = indicator_reads.values(
            session, indicator_id, statuses=VALIDATED, limit=10, suppressed=suppressed
        )
        return IndicatorResult(definition, None, None, None, latest)
    series = result_reads.series(session, indicator_id, region_code=region)
    reported = series[series["actual"].notna()]["period"].tolist()
    period = reported[-1] if reported else None
    cells = None
    if period is not None and has_parts(definition):
        cells = result_breakdown.breakdown(
            session, indicator_id, period, by="region", region_code=region, suppressed=suppressed
        )
        cells = cells[cells["territory"] == region]
    return IndicatorResult(definition, series, period, cells, pd.DataFrame())


@data.cached
def _region_results(
    *, url: str, revision: int, region: str, suppressed: bool, page: int, size: int
) -> tuple[tuple[IndicatorResult, ...], int]:
    with reading(url) as session:
        found = indicator_reads.indicators(session, region).to_dict("records")
        shown = found[page * size : (page + 1) * size]
        return tuple(_one(session, row, region, suppressed) for row in shown), len(found)


def region_results(
    region: str, suppressed: bool, page: int, size: int
) -> tuple[tuple[IndicatorResult, ...], int]:
    """One page of a region's indicators, each with its series and latest breakdown (or its
    latest validated values), and how many indicators the region has."""
    found = cache_key() | {"region": region, "suppressed": suppressed}
    return _region_results(**found, page=page, size=size)


@dataclass(frozen=True)
class IndicatorData:
    """One indicator's page: definition, targets, revisions and one page of its values."""

    definition: dict | None
    targets: pd.DataFrame
    revisions: pd.DataFrame
    values: pd.DataFrame
    count: int
    periods: tuple[str, ...] = ()  # with a validated value, latest first


@data.cached
def _indicator(
    *,
    url: str,
    revision: int,
    indicator_id: int,
    statuses: tuple,
    page: int,
    size: int,
    suppressed: bool,
) -> IndicatorData:
    with reading(url) as session:
        found = indicator_reads.definition(session, indicator_id)
        if found is None:
            return IndicatorData(None, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), 0)
        values, count = indicator_reads.values(
            session,
            indicator_id,
            statuses=statuses,
            limit=size,
            offset=page * size,
            suppressed=suppressed,
        )
        return IndicatorData(
            found,
            indicator_reads.period_targets(session, indicator_id),
            value_reads.target_revisions(session, indicator_id),
            values,
            count,
            tuple(indicator_reads.validated_periods(session, indicator_id)),
        )


def indicator(
    indicator_id: int, statuses: tuple, page: int, size: int, suppressed: bool
) -> IndicatorData:
    """An indicator's page of values of some statuses, with its definition and targets (small
    counts hidden when `suppressed`)."""
    found = cache_key() | {"indicator_id": indicator_id, "statuses": statuses}
    return _indicator(**found, page=page, size=size, suppressed=suppressed)


@data.cached
def _breakdown(
    *, url: str, revision: int, indicator_id: int, period: str, by: str, suppressed: bool
) -> pd.DataFrame:
    with reading(url) as session:
        return result_breakdown.breakdown(
            session, indicator_id, period, by=by, suppressed=suppressed
        )


def breakdown(indicator_id: int, period: str, by: str, suppressed: bool) -> pd.DataFrame:
    """An indicator's validated parts in one period, per territory `by` (small cells hidden
    when `suppressed`)."""
    return _breakdown(
        **cache_key(), indicator_id=indicator_id, period=period, by=by, suppressed=suppressed
    )


@data.cached
def _trail(*, url: str, revision: int, value_id: int) -> pd.DataFrame:
    with reading(url) as session:
        return value_reads.trail(session, value_id)


def trail(value_id: int) -> pd.DataFrame:
    """A value's approval trail, oldest first."""
    return _trail(**cache_key(), value_id=value_id)


@data.cached
def _reporting(*, url: str, revision: int, region: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    with reading(url) as session:
        return indicator_reads.indicators(session, region), report_reads.periods(session, region)


def reporting_choices(region: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators and reporting periods a region reports."""
    return _reporting(**cache_key(), region=region)


@data.cached
def _territories(*, url: str, revision: int, region: str, level: str) -> pd.DataFrame:
    with reading(url) as session:
        return report_reads.territories(session, region, level)


def territories(region: str, level: str) -> pd.DataFrame:
    """Where values of a level are reported in a region."""
    return _territories(**cache_key(), region=region, level=level)


@data.cached
def _stored(*, url: str, revision: int, indicator_id: int, period_id: int, territory: str):
    with reading(url) as session:
        return report_reads.stored_value(session, indicator_id, period_id, territory)


def stored_value(indicator_id: int, period_id: int, territory: str) -> dict | None:
    """The value already reported for an indicator, period and territory (None: none yet)."""
    found = cache_key() | {"indicator_id": indicator_id, "period_id": period_id}
    return _stored(**found, territory=territory)


@data.cached
def _period_values(*, url: str, revision: int, region: str, period_id: int) -> pd.DataFrame:
    with reading(url) as session:
        return report_reads.period_values(session, region, period_id)


def period_values(region: str, period_id: int) -> pd.DataFrame:
    """Every value of a region's period (up to a page), with its status and version."""
    return _period_values(**cache_key(), region=region, period_id=period_id)
