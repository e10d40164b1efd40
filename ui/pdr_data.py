"""Cached reads of the pages against the PDR (overview, scorecard, alignment coverage), keyed
like ui/data.py."""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from services import coverage, overview, scorecard, tallies
from services.db import engine_for
from services.filters import MeasureFilter
from ui import data, result_data
from ui.data import cache_key, reading


@dataclass(frozen=True)
class OverviewData:
    """Everything the overview page draws, read in one session."""

    headline: overview.Headline
    by_region: pd.DataFrame
    # The chosen region's axes (empty when every region is shown).
    by_axis: pd.DataFrame
    status_mix: pd.DataFrame
    health: pd.DataFrame
    timeline: pd.DataFrame
    at_risk: pd.DataFrame


@data.shared  # drawn on every rerun of the overview: shared, not unpickled each time
def _overview(*, url: str, revision: int, flt: MeasureFilter, today: date) -> OverviewData:
    tallies.refresh(engine_for(url), today)
    with reading(url) as session:
        return OverviewData(
            headline=overview.headline(session, flt, today),
            # Every region, so a chosen one is seen against the others.
            by_region=overview.progress_by_region(session, MeasureFilter(), today),
            by_axis=overview.progress_by_axis(session, flt.region, today)
            if flt.region
            else pd.DataFrame(),
            status_mix=overview.status_by_region(session, MeasureFilter(), today),
            health=overview.health_counts(session, flt, today),
            timeline=overview.timeline(session, flt, today),
            at_risk=overview.at_risk(session, flt, today),
        )


def overview_data(region: str | None, today: date) -> OverviewData:
    """Headline figures and the overview's aggregates for one region (or all)."""
    return _overview(**cache_key(), flt=MeasureFilter(region=region), today=today)


@data.cached
def _scorecard(*, url: str, revision: int, today: date) -> pd.DataFrame:
    tallies.refresh(engine_for(url), today)
    with reading(url) as session:
        return scorecard.scorecard(session, today)


def scorecard_rows(today: date) -> pd.DataFrame:
    """Every region's scorecard figures, with its indicators' mean achievement (validated)."""
    found = _scorecard(**cache_key(), today=today)
    achieved = result_data.achievement(None).by_region[["region_code", "mean_share"]]
    return found.merge(achieved, how="left", on="region_code")


@data.cached
def _coverage(*, url: str, revision: int, scheme: str, today: date) -> pd.DataFrame:
    tallies.refresh(engine_for(url), today)
    with reading(url) as session:
        return coverage.coverage(session, scheme, today)


def coverage_cells(scheme: str, today: date) -> pd.DataFrame:
    """Measures and programmed budget per region code and code of `scheme` (none: no row)."""
    return _coverage(**cache_key(), scheme=scheme, today=today)
