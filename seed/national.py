"""National-scale benchmark data on top of the demo: a strategy with five axes in every region,
committees across the country, and as many measures and history rows as asked, the same rows
for the same seed."""

import random
from collections import defaultdict
from functools import partial
from itertools import accumulate

from sqlalchemy import exists, func, insert, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import (
    Axis,
    Committee,
    CommitteeMember,
    Commune,
    Decision,
    Indicator,
    IndicatorValue,
    Institution,
    Measure,
    MeasureBaseline,
    MeasurePartner,
    MeasureTag,
    MeasureUpdate,
    Meeting,
    Province,
    Region,
    Result,
    Strategy,
    ValueBreakdown,
)
from models.codes import CommitteeKind, InstitutionKind, Level
from seed import national_results
from seed.loader import continue_sequences
from seed.national_measures import (
    MeasureSetting,
    Place,
    generate_measures,
    history_counts,
)
from seed.national_plan import (
    BENCH_USER,
    CommitteeSetting,
    axis_rows,
    committee_rows,
    strategy_rows,
)
from services.db import bump_revision

BATCH = 5_000  # rows per INSERT
COMMITTEES_IN_ALL = 112
MEMBERS_MAX = 8
ADDED_TABLES = (
    Strategy,
    Axis,
    Measure,
    MeasureTag,
    MeasurePartner,
    MeasureBaseline,
    MeasureUpdate,
    Committee,
    CommitteeMember,
    Meeting,
    Decision,
    Result,
    Indicator,
    IndicatorValue,
    ValueBreakdown,
)
ID_TABLES = tuple(t for t in ADDED_TABLES if "id" in t.__table__.columns)
CHAIR_KINDS = (InstitutionKind.TERRITORIAL_ADMINISTRATION, InstitutionKind.LOCAL_GOVERNMENT)


def add_national(engine: Engine, *, measures: int, history: int, seed: int = 7) -> dict[str, int]:
    """Add the benchmark data to a database holding the demo, in one transaction; return the
    rows added per table. Refused on a database that already holds benchmark data."""
    if measures < 1 or history < measures:
        raise ValueError(
            f"benchmark data needs a measure or more and a history row or more per measure "
            f"(asked for {measures} measures and {history} history rows)"
        )
    rng = random.Random(seed)
    added = {t.__tablename__: 0 for t in ADDED_TABLES}
    with Session(engine) as session, session.begin():
        # First, so the write lock is held before anything is counted.
        bump_revision(session)
        _refuse(session)
        next_ids = {
            t.__tablename__: (session.scalar(select(func.max(t.id))) or 0) + 1 for t in ID_TABLES
        }
        write = partial(_insert, session, added)
        regions = session.execute(select(Region).order_by(Region.code)).scalars().all()
        with_strategy = set(session.scalars(select(Strategy.region_code)))
        without = [r for r in regions if r.code not in with_strategy]
        write(Strategy, strategy_rows(rng, without, next_ids))
        write(Axis, axis_rows(_axis_codes(session), next_ids))
        setting = _measure_setting(session, regions)
        by_region = defaultdict(list)
        counts = history_counts(rng, measures, history)
        for chunk in generate_measures(rng, setting, counts, next_ids):
            write(Measure, chunk.measures)
            write(MeasureTag, chunk.tags)
            write(MeasurePartner, chunk.partners)
            write(MeasureBaseline, chunk.baselines)
            write(MeasureUpdate, chunk.history)
            for row in chunk.measures:
                by_region[row["region_code"]].append(row["id"])
        committees = committee_rows(
            rng, _committee_setting(session, regions, setting, by_region), next_ids
        )
        write(Committee, committees.committees)
        write(CommitteeMember, committees.members)
        write(Meeting, committees.meetings)
        write(Decision, committees.decisions)
        for table, chunk in national_results.rows(session, rng, next_ids):
            write(table, chunk)
        continue_sequences(session, next_ids)
    return added


def _refuse(session: Session) -> None:
    """Refuse a database without the demo's territory and institutions, or with bench data."""
    regions = session.scalar(select(func.count()).select_from(Region))
    institutions = session.scalar(select(func.count()).select_from(Institution))
    if not regions or institutions < MEMBERS_MAX:
        raise ValueError(
            "benchmark data goes on top of the demo data: run 'manage.py seed' on an empty "
            "database first"
        )
    if session.scalar(select(exists().where(Measure.updated_by == BENCH_USER))):
        raise ValueError(
            "the database already holds benchmark data (measures updated by 'bench'); "
            "start again from a fresh demo database"
        )


def _insert(session: Session, added: dict[str, int], table, rows: list[dict]) -> None:
    # Into the Table, not the class: the ORM's bulk insert took 60% longer (54 s against 33 s
    # for 100,000 measures on SQLite).
    for start in range(0, len(rows), BATCH):
        session.execute(insert(table.__table__), rows[start : start + BATCH])
    added[table.__tablename__] += len(rows)


def _axis_codes(session: Session) -> dict[int, set[str]]:
    """Each strategy's axis codes, by strategy id."""
    codes: dict[int, set[str]] = {}
    found = session.execute(
        select(Strategy.id, Axis.code).outerjoin(Axis).order_by(Strategy.id, Axis.id)
    )
    for strategy_id, code in found:
        used = codes.setdefault(strategy_id, set())
        if code is not None:
            used.add(code)
    return codes


def _measure_setting(session: Session, regions: list[Region]) -> MeasureSetting:
    places = defaultdict(list)
    for r in regions:
        names = (r.name_fr, r.name_ar, r.name_en)
        places[r.code, Level.REGION].append(Place(Level.REGION, r.code, None, None, names))
    # Provinces and communes have no English name: the French one stands in.
    for p in session.execute(select(Province).order_by(Province.code)).scalars():
        names = (p.name_fr, p.name_ar, p.name_fr)
        places[p.region_code, Level.PROVINCE].append(
            Place(Level.PROVINCE, p.region_code, p.code, None, names)
        )
    for c in session.execute(select(Commune).order_by(Commune.code)).scalars():
        names = (c.name_fr, c.name_ar, c.name_fr)
        places[c.region_code, Level.COMMUNE].append(
            Place(Level.COMMUNE, c.region_code, c.province_code, c.code, names)
        )
    axes = defaultdict(list)
    found = select(Strategy.region_code, Axis.id).join_from(Axis, Strategy).order_by(Axis.id)
    for region, axis_id in session.execute(found):
        axes[region].append(axis_id)
    return MeasureSetting(
        regions=[r.code for r in regions],
        cum_population=list(accumulate(r.population_2024 or 1 for r in regions)),
        places=dict(places),
        axes=dict(axes),
        institutions=list(session.scalars(select(Institution.id).order_by(Institution.id))),
    )


def _committee_setting(
    session: Session,
    regions: list[Region],
    measures: MeasureSetting,
    by_region: dict[str, list[int]],
) -> CommitteeSetting:
    existing = session.execute(
        select(Committee.kind, Committee.region_code, Committee.province_code)
    ).all()
    chairs = select(Institution.id).where(Institution.kind.in_(CHAIR_KINDS))
    return CommitteeSetting(
        regions=regions,
        provinces=session.execute(select(Province).order_by(Province.code)).scalars().all(),
        with_coordination=frozenset(
            region for kind, region, _ in existing if kind == CommitteeKind.REGIONAL_COORDINATION
        ),
        with_provincial=frozenset(province for _, _, province in existing if province),
        slots=max(0, COMMITTEES_IN_ALL - len(existing)),
        institutions=measures.institutions,
        chairs=list(session.scalars(chairs.order_by(Institution.id))),
        measures=by_region,
    )
