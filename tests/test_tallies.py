"""Per-region tallies: the same figures as counting the measures, and never stale."""

from dataclasses import asdict
from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import delete
from sqlmodel import Session

from models import MeasureTallyState
from services import overview, strategies, tallies
from services.db import read_session
from services.filters import MeasureFilter
from services.measure_writes import MeasureChange, update_measure
from services.withdrawals import withdraw_measure
from tests.helpers import EDITOR_09, TODAY, measure_where

FILTERS = [
    MeasureFilter(),
    MeasureFilter(region="09"),
    MeasureFilter(region="05", statuses=("in_progress", "planned")),
    MeasureFilter(health=("overdue", "at_risk")),
    MeasureFilter(axis_id=1),
]


def figures(engine, flt: MeasureFilter) -> dict:
    """Every tallied read for a filter, as plain values."""
    with read_session(engine) as session:
        ids = [int(i) for i in strategies.strategies(session, None)["id"]]
        found = {
            "headline": asdict(overview.headline(session, flt, TODAY)),
            "progress": overview.progress_by_region(session, flt, TODAY),
            "status": overview.status_by_region(session, flt, TODAY),
            "health": overview.health_counts(session, flt, TODAY),
            "axes": strategies.axis_progress(session, ids, TODAY),
        }
    return {
        name: value.astype(object).where(value.notna(), None).to_dict("records")
        if isinstance(value, pd.DataFrame)
        else value
        for name, value in found.items()
    }


def counted(engine, flt: MeasureFilter) -> dict:
    """The same reads with every tally marked stale: counted from the measures."""
    with Session(engine) as session, session.begin():
        session.execute(delete(MeasureTallyState))
    return figures(engine, flt)


def is_fresh(engine, region=None, day=TODAY) -> bool:
    with read_session(engine) as session:
        return tallies.fresh(session, day, region)


def close(a, b) -> bool:
    """Equal, floats to 9 places (a mean from sums against SQL's avg)."""
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and b is not None:
        return abs(a - float(b)) < 1e-9
    return a == b


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: repr(f)[13:50])
def test_tallied_figures_equal_the_counted_ones(db_engine, flt):
    from_measures = counted(db_engine, flt)
    assert not is_fresh(db_engine)
    tallies.refresh(db_engine, TODAY)
    assert is_fresh(db_engine) and is_fresh(db_engine, "09")
    assert close(figures(db_engine, flt), from_measures)
    assert from_measures["headline"]["total"] > 0


def test_a_change_to_a_measure_makes_its_region_count_again(db_engine):
    tallies.refresh(db_engine, TODAY)
    target = measure_where(db_engine, code="SM-03")
    change = MeasureChange(status="completed", progress=100, actual_end=TODAY)
    update_measure(
        db_engine,
        actor=EDITOR_09,
        measure_id=target.id,
        expected_version=target.version,
        change=change,
        today=TODAY,
    )
    assert not is_fresh(db_engine, "09") and is_fresh(db_engine, "05")
    assert not is_fresh(db_engine)
    tallies.refresh(db_engine, TODAY)
    after = figures(db_engine, MeasureFilter(region="09"))
    assert close(after, counted(db_engine, MeasureFilter(region="09")))
    withdraw_measure(
        db_engine,
        actor=EDITOR_09,
        measure_id=target.id,
        expected_version=target.version + 1,
        reason="Saisie en double",
    )
    tallies.refresh(db_engine, TODAY)
    gone = figures(db_engine, MeasureFilter(region="09"))["headline"]
    assert gone["total"] == after["headline"]["total"] - 1


def test_tallies_hold_for_their_day_only(db_engine):
    tallies.refresh(db_engine, TODAY)
    tomorrow = TODAY + timedelta(days=1)
    assert is_fresh(db_engine) and not is_fresh(db_engine, day=tomorrow)
    tallies.refresh(db_engine, tomorrow)
    assert is_fresh(db_engine, day=tomorrow) and not is_fresh(db_engine)
