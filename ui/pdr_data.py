"""Cached reads of the PDR pages (scorecard and alignment coverage), keyed like ui/data.py."""

from datetime import date

import pandas as pd

from services import coverage, scorecard, tallies
from services.db import engine_for
from ui import data, result_data
from ui.data import cache_key, reading


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
