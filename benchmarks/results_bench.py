"""Results reads at national scale in SQL, against loading the same indicator's rows into
pandas and grouping there."""

import statistics
import time

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from models import Indicator, IndicatorValue, ReportingPeriod, ValueBreakdown
from models.codes import Role
from services import result_reads, value_reads
from services.actors import Actor
from services.result_breakdown import breakdown

INDICATOR = "B09-1"  # Souss-Massa's people received, per commune, by sex and status
PERIOD = "2026-07"
VALIDATOR = Actor("bench.reader", "Bench", Role.VALIDATOR, frozenset({"09"}))


def _rows(session: Session, indicator_id: int) -> pd.DataFrame:
    """Every value row of the indicator with its period, into pandas."""
    statement = (
        select(IndicatorValue, ReportingPeriod.code.label("period"))
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .where(IndicatorValue.indicator_id == indicator_id)
    )
    return pd.DataFrame(
        [
            {**row.IndicatorValue.model_dump(), "period": row.period}
            for row in session.execute(statement)
        ]
    )


def rollup_in_pandas(session: Session, indicator_id: int) -> pd.DataFrame:
    """rollup(by="region"), done by loading the indicator's rows into pandas."""
    rows = _rows(session, indicator_id)
    rows = rows[rows["status"] == "validated"]
    return rows.groupby(["period", "region_code"])[["total", "numerator", "denominator"]].sum()


def breakdown_in_pandas(session: Session, indicator_id: int) -> pd.DataFrame:
    """breakdown(by="commune") without suppression, done in pandas."""
    values = _rows(session, indicator_id)
    values = values[(values["status"] == "validated") & (values["period"] == PERIOD)]
    parts = pd.DataFrame(
        [
            row.model_dump()
            for row in session.execute(
                select(ValueBreakdown)
                .join(IndicatorValue, IndicatorValue.id == ValueBreakdown.value_id)
                .where(IndicatorValue.indicator_id == indicator_id)
            ).scalars()
        ]
    )
    joined = parts.merge(values, left_on="value_id", right_on="id", suffixes=("", "_value"))
    return joined.groupby(["territory_code", "dimension", "category"])["total"].sum()


def queue_in_pandas(session: Session, _indicator_id: int) -> pd.DataFrame:
    """The validator's first page of submitted values, done in pandas."""
    statement = select(*IndicatorValue.__table__.columns)
    rows = pd.DataFrame(session.execute(statement).mappings().all())
    rows = rows[(rows["status"] == "submitted") & (rows["region_code"] == "09")]
    return rows.sort_values("id").head(100)


CASES = {
    "results: an indicator rolled up by region and period": (
        lambda s, i: result_reads.rollup(s, i, by="region"),
        rollup_in_pandas,
    ),
    "results: target, actual and cumulative per period": (
        lambda s, i: result_reads.series(s, i, region_code="09"),
        rollup_in_pandas,
    ),
    "results: a period's disaggregation by commune, suppressed": (
        lambda s, i: breakdown(s, i, PERIOD, by="commune", suppressed=True),
        breakdown_in_pandas,
    ),
    "results: a validator's queue, first page": (
        lambda s, _i: value_reads.waiting(s, VALIDATOR, "submitted"),
        queue_in_pandas,
    ),
}


def _ms(engine, call, indicator_id: int) -> float:
    with Session(engine) as session:
        began = time.perf_counter()
        call(session, indicator_id)
        return (time.perf_counter() - began) * 1000


def compare(engine, rounds: int) -> dict[str, tuple[float, float]]:
    """Median ms of each results read in SQL and in pandas, interleaved."""
    with Session(engine) as session:
        indicator_id = session.scalar(select(Indicator.id).where(Indicator.code == INDICATOR))
    found = {}
    for name, (in_sql, in_pandas) in CASES.items():
        sql = [_ms(engine, in_sql, indicator_id) for _ in range(rounds)]
        pandas = [_ms(engine, in_pandas, indicator_id) for _ in range(rounds)]
        found[name] = (statistics.median(sql), statistics.median(pandas))
    return found
