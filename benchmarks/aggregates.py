"""The main aggregates computed in SQL against loading the rows into pandas and grouping."""

import statistics
import time
from datetime import date

import pandas as pd
from sqlalchemy import delete, select
from sqlmodel import Session

from models import Measure, MeasureTallyState, Region
from services import overview, tallies
from services.filters import MeasureFilter, conditions


def _in_pandas(session: Session, today: date, columns: list[str]) -> pd.DataFrame:
    """The filtered measure rows with their region's names, as a data frame."""
    statement = (
        select(*(getattr(Measure, c) for c in columns), Region.name_fr, Region.name_ar)
        .join(Region, Region.code == Measure.region_code)
        .where(*conditions(MeasureFilter(), today))
    )
    return pd.DataFrame(session.execute(statement).all())


PROGRESS_COLUMNS = ["region_code", "status", "progress", "budget_planned", "budget_paid"]
PROGRESS_COLUMNS += ["budget_committed", "baseline_start", "baseline_end"]


def progress_in_pandas(session: Session, today: date) -> pd.DataFrame:
    """progress_by_region, done by loading rows into pandas: the same figures (cancelled
    measures apart, progress and expected progress by count and by budget)."""
    rows = _in_pandas(session, today, PROGRESS_COLUMNS)
    kept = rows["status"] != "cancelled"
    start, end = pd.to_datetime(rows["baseline_start"]), pd.to_datetime(rows["baseline_end"])
    span = (end - start).dt.days.where(lambda days: days > 0)
    gone = (pd.Timestamp(today) - start).dt.days
    rows["expected"] = (100 * gone / span).clip(0, 100).fillna((gone > 0) * 100.0).where(kept)
    rows["kept_progress"] = rows["progress"].where(kept)
    weight = rows["budget_planned"].where(kept & (rows["budget_planned"] > 0))
    rows["weight"] = weight
    rows["progress_weighted"] = rows["progress"] * weight
    rows["expected_weighted"] = rows["expected"] * weight
    found = rows.groupby(["region_code", "name_fr", "name_ar"]).agg(
        measures=("status", "size"),
        cancelled=("status", lambda s: (s == "cancelled").sum()),
        avg_progress=("kept_progress", "mean"),
        expected=("expected", "mean"),
        weight=("weight", "sum"),
        progress_weighted=("progress_weighted", "sum"),
        expected_weighted=("expected_weighted", "sum"),
        budget_planned=("budget_planned", "sum"),
        budget_paid=("budget_paid", "sum"),
        budget_committed=("budget_committed", "sum"),
    )
    found["weighted_progress"] = found["progress_weighted"] / found["weight"]
    found["weighted_expected"] = found["expected_weighted"] / found["weight"]
    return found


def status_in_pandas(session: Session, today: date) -> pd.DataFrame:
    """status_by_region, done by loading rows into pandas."""
    rows = _in_pandas(session, today, ["region_code", "status"])
    return rows.groupby(["region_code", "name_fr", "name_ar", "status"]).size()


def _timed(engine, call, stale: bool) -> float:
    """Milliseconds of one call in a new session; with `stale`, the tallies are marked stale
    inside the session (rolled back after), so the read counts the measures themselves."""
    with Session(engine) as session:
        if stale:
            session.execute(delete(MeasureTallyState))
        began = time.perf_counter()
        call(session)
        spent = (time.perf_counter() - began) * 1000
        session.rollback()
    return spent


def compare(engine, today: date, rounds: int) -> dict[str, tuple[float, float]]:
    """Median ms of each aggregate in SQL (from the tallies, and counted from the measures as
    on a new day or after a change) and in pandas, interleaved."""
    tallies.refresh(engine, today)
    pairs = {
        "progress by region": (overview.progress_by_region, progress_in_pandas),
        "status by region": (overview.status_by_region, status_in_pandas),
    }
    results = {}
    for name, (in_sql, in_pandas) in pairs.items():
        times: dict[str, list[float]] = {"tallies": [], "counted": [], "pandas": []}
        for _ in range(rounds):
            for way in times:
                if way == "pandas":
                    call = lambda session, f=in_pandas: f(session, today)  # noqa: E731
                else:
                    call = lambda session, f=in_sql: f(session, MeasureFilter(), today)  # noqa: E731
                times[way].append(_timed(engine, call, stale=way == "counted"))
        pandas_ms = statistics.median(times["pandas"])
        results[f"{name}, from the tallies"] = (statistics.median(times["tallies"]), pandas_ms)
        results[f"{name}, counted from the measures"] = (
            statistics.median(times["counted"]),
            pandas_ms,
        )
    return results
