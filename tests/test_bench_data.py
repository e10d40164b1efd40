"""The national benchmark data (seed/national.py) and `manage.py bench-data`."""

import hashlib
import shutil
from collections import Counter
from itertools import pairwise

import pytest
from sqlalchemy import func, insert, select
from sqlmodel import Session

from models import (
    Axis,
    Committee,
    CommitteeMember,
    Commune,
    Decision,
    Measure,
    MeasureBaseline,
    MeasureTag,
    MeasureUpdate,
    Meeting,
    Region,
    Strategy,
)
from models.codes import MeasureStatus
from seed.history import DEMO_TODAY
from seed.national import add_national
from services import committees, overview, strategies
from services.db import make_engine
from services.filters import MeasureFilter, level_expr
from tests import test_manage
from tests.helpers import TODAY

MEASURES, HISTORY = 1_200, 6_000
DEMO = {"measure": 44, "measureupdate": 191, "decision": 23, "meeting": 14}


def _bench_engine(template, path):
    shutil.copy(template, path)
    engine = make_engine(f"sqlite:///{path}")
    return engine, add_national(engine, measures=MEASURES, history=HISTORY)


@pytest.fixture(scope="module")
def bench(seeded_template, tmp_path_factory):
    """A copy of the demo database with the benchmark data, and what add_national returned."""
    engine, added = _bench_engine(seeded_template, tmp_path_factory.mktemp("bench") / "bench.db")
    yield engine, added
    engine.dispose()


def _count(session: Session, table, *where) -> int:
    return session.scalar(select(func.count()).select_from(table).where(*where))


def _fingerprint(engine) -> str:
    """A hash of every bench measure's code, place, status, progress and history, by id."""
    digest = hashlib.sha256()
    with Session(engine) as session:
        measures = select(
            Measure.id, Measure.code, Measure.commune_code, Measure.status, Measure.progress
        )
        history = select(MeasureUpdate.id, MeasureUpdate.changed_at, MeasureUpdate.new_progress)
        for statement in (measures.order_by(Measure.id), history.order_by(MeasureUpdate.id)):
            for row in session.execute(statement):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_totals_are_exact(bench):
    engine, added = bench
    with Session(engine) as session:
        assert _count(session, Measure) == DEMO["measure"] + MEASURES
        assert _count(session, MeasureUpdate) == DEMO["measureupdate"] + HISTORY
        assert _count(session, MeasureBaseline) == DEMO["measure"] + MEASURES
        assert (_count(session, Strategy), _count(session, Axis)) == (12, 60)
        assert _count(session, Committee) == 112
        assert _count(session, Meeting) == DEMO["meeting"] + added["meeting"]
        assert _count(session, Decision) == DEMO["decision"] + added["decision"]
    assert added["measure"] == MEASURES and added["measureupdate"] == HISTORY
    assert (added["strategy"], added["axis"], added["committee"]) == (9, 45, 107)


def test_every_region_has_a_strategy_of_five_axes_and_measures_at_each_level(bench):
    engine, _ = bench
    with Session(engine) as session:
        axes = session.execute(
            select(Strategy.region_code, func.count()).join(Axis).group_by(Strategy.region_code)
        ).all()
        levels = session.execute(
            select(Measure.region_code, level_expr())
            .where(Measure.updated_by == "bench")
            .distinct()
        ).all()
        regions = set(session.scalars(select(Region.code)))
    assert sorted(axes) == [(code, 5) for code in sorted(regions)]
    every_level = ("region", "province", "commune")
    assert set(levels) == {(region, level) for region in regions for level in every_level}


def test_every_place_and_axis_is_consistent(bench):
    engine, _ = bench
    with Session(engine) as session:
        mismatched_communes = _count(
            session,
            Measure,
            Measure.commune_code == Commune.code,
            (Commune.province_code != Measure.province_code)
            | (Commune.region_code != Measure.region_code),
        )
        foreign_axes = _count(
            session,
            Measure,
            Measure.axis_id == Axis.id,
            Axis.strategy_id == Strategy.id,
            Strategy.region_code != Measure.region_code,
        )
    assert (mismatched_communes, foreign_axes) == (0, 0)


def test_histories_end_in_the_measures_state(bench):
    engine, _ = bench
    with Session(engine) as session:
        measures = {m.id: m for m in session.scalars(select(Measure))}
        updates = session.scalars(select(MeasureUpdate).order_by(MeasureUpdate.id)).all()
        tags = Counter(session.scalars(select(MeasureTag.measure_id)))
    history = {}
    for update in updates:
        history.setdefault(update.measure_id, []).append(update)
    bench_measures = [m for m in measures.values() if m.updated_by == "bench"]
    for measure in bench_measures:
        rows = history[measure.id]
        assert [r.version for r in rows] == list(range(1, measure.version + 1))
        times = [r.changed_at for r in rows]
        assert times == sorted(set(times)) and times[-1].date() <= DEMO_TODAY
        last = rows[-1]
        assert (last.new_status, last.new_progress, last.new_budget_paid) == (
            measure.status,
            measure.progress,
            measure.budget_paid,
        )
        assert (last.new_actual_start, last.new_actual_end) == (
            measure.actual_start,
            measure.actual_end,
        )
        for before, after in pairwise(rows):
            assert (after.old_status, after.old_progress) == (
                before.new_status,
                before.new_progress,
            )
            assert before.new_progress <= after.new_progress
        assert 2022 <= measure.planned_start.year <= measure.planned_end.year <= 2027
        assert 1 <= tags[measure.id] <= 2
        if measure.status == MeasureStatus.COMPLETED:
            assert measure.progress == 100 and measure.actual_end is not None
        if measure.status == MeasureStatus.PLANNED:
            assert measure.progress == 0 and measure.budget_paid == 0
    assert {m.status for m in bench_measures} == set(MeasureStatus)


def test_committees_have_members_meetings_and_decisions_of_their_region(bench):
    engine, _ = bench
    with Session(engine) as session:
        members = Counter(session.scalars(select(CommitteeMember.committee_id)))
        bench_committees = session.scalars(
            select(Meeting.committee_id).where(Meeting.recorded_by == "bench").distinct()
        ).all()
        linked = session.execute(
            select(Committee.region_code, Measure.region_code)
            .join(Meeting, Meeting.committee_id == Committee.id)
            .join(Decision, Decision.meeting_id == Meeting.id)
            .join(Measure, Measure.id == Decision.measure_id)
            .where(Decision.updated_by == "bench")
        ).all()
    assert len(bench_committees) == 107
    assert all(4 <= members[c] <= 8 for c in bench_committees)
    assert linked and all(committee == measure for committee, measure in linked)


def test_the_same_seed_gives_the_same_rows(bench, seeded_template, tmp_path):
    engine, added = bench
    again, added_again = _bench_engine(seeded_template, tmp_path / "again.db")
    try:
        assert added_again == added
        assert _fingerprint(again) == _fingerprint(engine)
    finally:
        again.dispose()


def test_a_second_call_is_refused_and_changes_nothing(bench):
    engine, _ = bench
    fingerprint = _fingerprint(engine)
    with pytest.raises(ValueError, match="already holds benchmark data"):
        add_national(engine, measures=10, history=20)
    assert _fingerprint(engine) == fingerprint


def test_too_few_history_rows_are_refused(engine):
    with pytest.raises(ValueError, match="a history row or more per measure"):
        add_national(engine, measures=10, history=9)


def test_the_services_read_the_bench_data(bench):
    engine, _ = bench
    with Session(engine) as session:
        headline = overview.headline(session, MeasureFilter(), TODAY)
        souss = overview.headline(session, MeasureFilter(region="09"), TODAY)
        bench_in_souss = _count(
            session, Measure, Measure.region_code == "09", Measure.updated_by == "bench"
        )
        regions = overview.progress_by_region(session, MeasureFilter(), TODAY)
        strategy_ids = strategies.strategies(session, None)["id"].tolist()
        axes = strategies.axis_progress(session, strategy_ids, TODAY)
        listed = committees.committees(session, None, TODAY)
    assert headline.total == DEMO["measure"] + MEASURES
    assert souss.total == 15 + bench_in_souss
    assert headline.illustrative >= MEASURES
    assert len(regions) == 12 and regions["measures"].sum() == headline.total - 2  # 2 national
    assert len(axes) == 60 and axes["measures"].sum() == headline.total - 2
    assert len(listed) == 112


def test_bench_data_on_both_backends(db_engine):
    added = add_national(db_engine, measures=200, history=700, seed=3)
    assert (added["measure"], added["measureupdate"]) == (200, 700)
    with Session(db_engine) as session, session.begin():
        # Ids continue after the bench rows (PostgreSQL's sequences were moved on).
        result = session.execute(
            insert(Strategy.__table__).returning(Strategy.id),
            {
                "region_code": "09",
                "title_fr": "t",
                "title_ar": "ت",
                "title_en": "t",
                "horizon_start": 2022,
                "horizon_end": 2027,
                "status": "draft",
                "provenance": "illustrative",
            },
        )
        assert result.scalar_one() == 13


def test_manage_bench_data_seeds_then_adds_then_refuses(tmp_path):
    made = test_manage.manage(tmp_path, "bench-data", "--measures", "300", "--history", "900")
    assert made.returncode == 0, made.stderr
    assert "Seeded rows: region 12," in made.stdout
    assert "Added rows in " in made.stdout and "measure 300, " in made.stdout
    assert "measureupdate 900, " in made.stdout
    again = test_manage.manage(tmp_path, "bench-data", "--measures", "300", "--history", "900")
    test_manage.assert_one_line_error(again, "already holds benchmark data")
