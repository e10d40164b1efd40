"""PostgreSQL as a first-class backend: same seed, same answers, same writes as SQLite."""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import text
from sqlmodel import Session

from services import committees, measures, overview, strategies, territory
from services.committee_writes import DecisionInput, record_meeting, set_decision_status
from services.db import data_revision, make_engine
from services.filters import MeasureFilter
from services.measure_writes import MeasureChange, update_measure
from tests import pg
from tests.helpers import EDITOR_09, TODAY, dump, measure_where

FILTERS = {
    "all": MeasureFilter(),
    "region": MeasureFilter(region="09", statuses=("in_progress", "planned")),
    "province-axis": MeasureFilter(province="09.163", axis_id=12),
    "health-text": MeasureFilter(text="Migr", health=("at_risk", "overdue", "late_start")),
    "gcm": MeasureFilter(tag="gcm:16"),
    "snia": MeasureFilter(tag="snia:health"),
    "literal-wildcards": MeasureFilter(text="100%_"),
}
PER_FILTER = {
    "headline": overview.headline,
    "progress_by_region": overview.progress_by_region,
    "status_by_region": overview.status_by_region,
    "health_counts": overview.health_counts,
    "timeline": overview.timeline,
    "at_risk": overview.at_risk,
    "export_measures": measures.export_measures,
    "list_measures": lambda s, f, t: measures.list_measures(s, f, t, page=2, page_size=7),
}
READS = {
    f"{name}[{key}]": (lambda s, call=call, flt=flt: call(s, flt, TODAY))
    for name, call in PER_FILTER.items()
    for key, flt in FILTERS.items()
} | {
    "strategies": lambda s: strategies.strategies(s, None),
    "axis_progress": lambda s: strategies.axis_progress(s, [1, 2, 3], TODAY),
    "axis_measures": lambda s: strategies.axis_measures(s, [1, 2, 3], TODAY, limit=2),
    "committees": lambda s: committees.committees(s, None, TODAY),
    "members": lambda s: committees.members(s, 1),
    "meetings": lambda s: committees.meetings(s, 1),
    "decisions": lambda s: committees.decisions(s, 1, TODAY),
    "regions": territory.regions,
    "provinces": lambda s: territory.provinces(s, None),
    "axes": lambda s: territory.axes(s, "02"),
    "measure_detail": lambda s: measures.measure_detail(s, 7, TODAY),
    "measure_history": lambda s: measures.measure_history(s, 7),
}


@pytest.fixture(scope="module")
def pg_engine(pg_admin_url, pg_seeded_template):
    """A read-only PostgreSQL copy of the seeded database, shared by this module's tests."""
    name = pg.unique_name("marsad_reads")
    engine = make_engine(pg.create_database(pg_admin_url, name, template=pg_seeded_template))
    yield engine
    engine.dispose()
    pg.drop_database(pg_admin_url, name)


def plain(value):
    """A value as SQLite would give it: averages as floats, rounded off the last bits."""
    if isinstance(value, Decimal | float):
        return None if value != value else round(float(value), 9)
    return value


def comparable(result, *, ordered: bool = True):
    """A service result as plain, comparable Python values."""
    if isinstance(result, measures.MeasurePage):
        return comparable(result.rows), result.total, result.page
    if isinstance(result, measures.MeasureDetail):
        return {k: plain(v) for k, v in result.fields.items()}, result.tags
    if isinstance(result, pd.DataFrame):
        rows = [[plain(v) for v in row] for row in result.astype(object).values.tolist()]
        if "tags" in result.columns:
            at = list(result.columns).index("tags")
            for row in rows:
                row[at] = " ".join(sorted(row[at].split())) if isinstance(row[at], str) else row[at]
        return list(result.columns), rows if ordered else sorted(rows, key=repr)
    return result


def test_seed_loads_identically(engine, pg_engine):
    assert dump(pg_engine) == dump(engine)


@pytest.mark.parametrize("name", list(READS))
def test_every_read_service_answers_the_same(name, engine, pg_engine):
    with Session(engine) as lite, Session(pg_engine) as post:
        expected, got = READS[name](lite), READS[name](post)
    assert comparable(got, ordered=True) == comparable(expected, ordered=True)
    if isinstance(expected, pd.DataFrame):
        assert len(expected) > 0 or "wildcards" in name


def test_averages_are_floats_on_postgres(pg_engine):
    with Session(pg_engine) as session:
        by_region = overview.progress_by_region(session, MeasureFilter(), TODAY)
        by_axis = strategies.axis_progress(session, [1, 2, 3], TODAY)
    assert by_region["avg_progress"].dtype == by_axis["avg_progress"].dtype == "float64"


def test_health_counts_come_in_the_same_order(engine, pg_engine):
    with Session(engine) as lite, Session(pg_engine) as post:
        expected = overview.health_counts(lite, MeasureFilter(), TODAY)
        got = overview.health_counts(post, MeasureFilter(), TODAY)
    assert got["health"].tolist() == expected["health"].tolist()


def test_exported_tags_come_in_the_same_order(engine, pg_engine):
    with Session(engine) as lite, Session(pg_engine) as post:
        expected = measures.export_measures(lite, MeasureFilter(), TODAY)
        got = measures.export_measures(post, MeasureFilter(), TODAY)
    assert got["tags"].tolist() == expected["tags"].tolist()


def test_engine_settings_per_backend(backend, db_engine):
    with db_engine.connect() as connection:
        if backend == "sqlite":
            pragmas = [
                connection.exec_driver_sql(f"PRAGMA {p}").scalar()
                for p in ("journal_mode", "foreign_keys", "busy_timeout")
            ]
            assert pragmas == ["wal", 1, 10_000]
        else:
            assert connection.execute(text("SHOW server_encoding")).scalar() == "UTF8"
            assert db_engine.pool._pre_ping and db_engine.pool.size() == 5
            assert db_engine.pool._max_overflow == 10


def test_every_write_service_works(backend, db_engine):
    revision = data_revision(db_engine)
    measure = measure_where(db_engine, region_code="09", status="in_progress")
    change = MeasureChange(
        status="in_progress", progress=measure.progress + 1, note="تقدم", note_lang="ar"
    )
    version = update_measure(
        db_engine,
        actor=EDITOR_09,
        measure_id=measure.id,
        expected_version=measure.version,
        change=change,
        today=TODAY,
    )
    with Session(db_engine) as session:
        committee_id = int(committees.committees(session, "09", TODAY)["id"].iloc[0])
    decision = DecisionInput("Publier le rapport", None, date(2027, 1, 31), measure.code)
    meeting_id = record_meeting(
        db_engine,
        actor=EDITOR_09,
        committee_id=committee_id,
        held_on=date(2026, 11, 10),
        attendance=12,
        summary="Revue",
        decisions=[decision],
        today=TODAY,
        language="fr",
    )
    with Session(db_engine) as session:
        found = committees.decisions(session, committee_id, TODAY)
    new = found[found["meeting_id"] == meeting_id].iloc[0]
    set_decision_status(
        db_engine,
        actor=EDITOR_09,
        decision_id=int(new["id"]),
        expected_version=int(new["version"]),
        status="done",
    )
    with Session(db_engine) as session:
        history = measures.measure_history(session, measure.id)
        decided = committees.decisions(session, committee_id, TODAY)
    assert (history["version"].iloc[0], history["note_ar"].iloc[0]) == (version, "تقدم")
    assert decided.set_index("id").loc[int(new["id"]), "status"] == "done"
    assert data_revision(db_engine) == revision + 3
