"""Expected progress: where a measure should stand today on a straight line over its baseline."""

from datetime import date

from sqlalchemy import Float, case, cast, func, literal
from sqlalchemy.sql.expression import ColumnElement

from models import Measure
from models.codes import MeasureStatus
from services.filters import EPOCH, day_number

# Progress is weighted by the measure's programmed budget, when it has one.
WEIGHT = Measure.budget_planned


def expected_expr(today: date) -> ColumnElement[float]:
    """Expected progress today (0–100) from the baseline's planned start to its planned end (the
    current plan for a measure without baseline)."""
    start = func.coalesce(Measure.baseline_start, Measure.planned_start)
    end = func.coalesce(Measure.baseline_end, Measure.planned_end)
    # Dates compare as they are; days are counted only for measures under way (SQLite's
    # julianday on every row tripled the cost of the per-region sums at national scale).
    now, first = literal((today - EPOCH).days), day_number(start)
    share = cast(100 * (now - first), Float) / (day_number(end) - first)
    return case((start >= today, 0.0), (end <= today, 100.0), else_=share)


def pace_sums(today: date) -> tuple[ColumnElement, ...]:
    """Sums over measures not cancelled: expected progress, budget weight, and progress and
    expected progress weighted by budget (for the tallies and the scans alike)."""
    kept = Measure.status != MeasureStatus.CANCELLED
    weighted = kept & (WEIGHT > 0)
    expected = expected_expr(today)
    return (
        func.coalesce(func.sum(expected).filter(kept), 0.0),
        func.coalesce(func.sum(WEIGHT).filter(weighted), 0),
        func.coalesce(func.sum(cast(Measure.progress, Float) * WEIGHT).filter(weighted), 0.0),
        func.coalesce(func.sum(expected * WEIGHT).filter(weighted), 0.0),
    )


def slip_sums() -> tuple[ColumnElement, ...]:
    """Measures whose planned end moved off their baseline's, the days moved in all (later
    positive, earlier negative), and the last update of any measure."""
    moved = Measure.baseline_end.is_not(None) & (Measure.planned_end != Measure.baseline_end)
    days = day_number(Measure.planned_end) - day_number(Measure.baseline_end)
    return (
        func.count().filter(moved),
        func.coalesce(func.sum(days).filter(moved), 0),
        func.max(Measure.updated_at),
    )


def _share(part, whole) -> ColumnElement[float]:
    return cast(part, Float) / func.nullif(whole, 0)


def pace_figures(progress_sum, kept, expected_sum, weight, progress_weighted, expected_weighted):
    """Mean progress and expected progress by count and by budget, from their sums (None where
    nothing is counted), labelled as the overview and the scorecard read them."""
    return (
        _share(progress_sum, kept).label("avg_progress"),
        _share(expected_sum, kept).label("expected"),
        _share(progress_weighted, weight).label("weighted_progress"),
        _share(expected_weighted, weight).label("weighted_expected"),
    )


def measure_pace(today: date) -> tuple[ColumnElement, ...]:
    """`pace_figures` straight from the measures."""
    kept = Measure.status != MeasureStatus.CANCELLED
    progress_sum = func.coalesce(func.sum(Measure.progress).filter(kept), 0)
    return pace_figures(progress_sum, func.count().filter(kept), *pace_sums(today))
