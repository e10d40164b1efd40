"""Per-region measure tallies: counted once a day and again after a region's measures change.

The overview's figures and each axis's progress read these few hundred rows instead of every
measure. A trigger (migration 0013) deletes a region's `MeasureTallyState` row whenever one
of its measures changes; `refresh` counts the missing regions again. A read uses the tallies
only when every region it needs is fresh for the day, and scans the measures otherwise, so a
figure is never older than the data.
"""

from datetime import date

from sqlalchemy import Float, cast, delete, func, insert, literal, or_, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.sql.expression import ColumnElement
from sqlmodel import Session

from models import Measure, MeasureTag, MeasureTally, MeasureTallyState, Region, TagTally
from models.codes import OPEN_STATUSES, MeasureStatus, ScheduleHealth
from services import pace
from services.db import derived_write, read_session
from services.filters import MeasureFilter, health_expr
from services.provenance import illustrative_field

NATIONAL = ""  # the region key of national measures
_REGION = (Region.code.label("region_code"), Region.name_fr, Region.name_ar, Region.name_en)
TALLY_LOCK = 7130013  # the PostgreSQL lock the trigger of migration 0013 takes too


def committed() -> ColumnElement:
    """A measure's committed amount, or what it has paid when that is not known: a payment
    was committed first, so the sums never fall below what is paid."""
    return func.coalesce(Measure.budget_committed, Measure.budget_paid)


def _region_key():
    return func.coalesce(Measure.region_code, NATIONAL)


def _keys(session: Session) -> set[str]:
    """Every region key a tally covers: each region, and national measures."""
    return set(session.scalars(select(Region.code))) | {NATIONAL}


def _fresh_keys(session: Session, today: date) -> set[str]:
    rows = select(MeasureTallyState.region_key).where(MeasureTallyState.as_of == today)
    return set(session.scalars(rows))


def fresh(session: Session, today: date, region: str | None) -> bool:
    """Whether the tallies of `region` (every region when None) hold for today; asked once
    per read session (the overview's four figures ask it each)."""
    known = session.info.setdefault("tallies_fresh", {})
    if (today, region) not in known:
        if region is not None:
            found = session.get(MeasureTallyState, region)
            known[today, region] = found is not None and found.as_of == today
        else:
            known[today, region] = _fresh_keys(session, today) >= _keys(session)
    return known[today, region]


def tallied(flt: MeasureFilter) -> bool:
    """Whether a filter asks only what the tallies hold (region, status, health, axis)."""
    return flt.province is None and flt.tag is None and not flt.text.strip()


def refresh(engine: Engine, today: date) -> None:
    """Count again every region whose tallies do not hold for today (nothing when all do)."""
    with read_session(engine) as session:
        if fresh(session, today, None):
            return
    with derived_write(engine) as session:
        _begin_refresh(session, today)
        missing = _keys(session) - _fresh_keys(session, today)
        if missing:
            _count(session, today, missing)


def _begin_refresh(session: Session, today: date) -> None:
    """Take the write lock first, so the counts and the freshness marks agree, and drop the
    tallies of other days."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": TALLY_LOCK})
    # On SQLite a write as the first statement takes the write lock before anything is read.
    session.execute(delete(MeasureTally).where(MeasureTally.as_of != today))
    session.execute(delete(TagTally).where(TagTally.as_of != today))
    session.execute(delete(MeasureTallyState).where(MeasureTallyState.as_of != today))


def _count(session: Session, today: date, keys: set[str]) -> None:
    """Replace the tallies of the given region keys by a count of their measures and tags."""
    session.execute(delete(MeasureTally).where(MeasureTally.region_code.in_(keys)))
    session.execute(delete(MeasureTallyState).where(MeasureTallyState.region_key.in_(keys)))
    kept = Measure.status != MeasureStatus.CANCELLED
    health = health_expr(today)
    made_up = or_(illustrative_field("status"), illustrative_field("progress"))
    groups = (_region_key(), Measure.axis_id, Measure.status, health)
    counted = (
        select(
            literal(today),
            *groups,
            func.count(),
            func.coalesce(func.sum(Measure.progress).filter(kept), 0),
            func.count().filter(kept),
            func.sum(Measure.budget_planned),
            func.sum(Measure.budget_paid),
            func.sum(committed()),
            func.count().filter(made_up),
            *pace.pace_sums(today),
            *pace.slip_sums(),
        )
        .where(Measure.withdrawn_at.is_(None), _region_key().in_(keys))
        .group_by(*groups)
    )
    columns = ["as_of", "region_code", "axis_id", "status", "health", "measures"]
    columns += ["progress_sum", "progress_count", "budget_planned", "budget_paid"]
    columns += ["budget_committed", "illustrative"]
    columns += ["expected_sum", "weight_sum", "progress_weighted", "expected_weighted"]
    columns += ["slipped", "slip_days", "last_update"]
    session.execute(insert(MeasureTally).from_select(columns, counted))
    session.execute(delete(TagTally).where(TagTally.region_code.in_(keys)))
    tag_groups = (_region_key(), MeasureTag.scheme, MeasureTag.code)
    tagged = (
        select(literal(today), *tag_groups, func.count(), func.sum(Measure.budget_planned))
        .join(Measure, Measure.id == MeasureTag.measure_id)
        .where(Measure.withdrawn_at.is_(None), kept, _region_key().in_(keys))
        .group_by(*tag_groups)
    )
    tag_columns = ["as_of", "region_code", "scheme", "code", "measures", "budget_planned"]
    session.execute(insert(TagTally).from_select(tag_columns, tagged))
    session.execute(
        insert(MeasureTallyState), [{"region_key": key, "as_of": today} for key in sorted(keys)]
    )


def _where(flt: MeasureFilter, today: date) -> list:
    where = [MeasureTally.as_of == today]
    if flt.region:
        where.append(MeasureTally.region_code == flt.region)
    if flt.statuses:
        where.append(MeasureTally.status.in_(flt.statuses))
    if flt.health:
        where.append(MeasureTally.health.in_(flt.health))
    if flt.axis_id is not None:
        where.append(MeasureTally.axis_id == flt.axis_id)
    return where


def usable(session: Session, flt: MeasureFilter, today: date) -> bool:
    """Whether a read with this filter can take its figures from the tallies today."""
    return tallied(flt) and fresh(session, today, flt.region or None)


def status_counts(session: Session, flt: MeasureFilter, today: date) -> dict[str, int]:
    """Measures per status."""
    counts = select(MeasureTally.status, func.sum(MeasureTally.measures))
    counts = counts.where(*_where(flt, today)).group_by(MeasureTally.status)
    return {status: int(n) for status, n in session.execute(counts).all()}


def headline_sums(session: Session, flt: MeasureFilter, today: date) -> tuple[int, ...]:
    """Open measures, those on track, budget planned, paid and committed, and illustrative
    measures."""
    is_open = MeasureTally.status.in_(OPEN_STATUSES)
    on_track = MeasureTally.health == ScheduleHealth.ON_TRACK
    sums = (
        func.sum(MeasureTally.measures).filter(is_open),
        func.sum(MeasureTally.measures).filter(is_open, on_track),
        func.sum(MeasureTally.budget_planned),
        func.sum(MeasureTally.budget_paid),
        func.sum(MeasureTally.budget_committed),
        func.sum(MeasureTally.illustrative),
    )
    found = session.execute(select(*sums).where(*_where(flt, today))).one()
    return tuple(int(value or 0) for value in found)


def mean_progress():
    """Mean progress of the measures not cancelled, from the tallies' sums (None when none)."""
    return cast(func.sum(MeasureTally.progress_sum), Float) / func.nullif(
        func.sum(MeasureTally.progress_count), 0
    )


def tally_pace():
    """`pace.pace_figures` from the tallies' sums."""
    sums = (
        MeasureTally.progress_sum,
        MeasureTally.progress_count,
        MeasureTally.expected_sum,
        MeasureTally.weight_sum,
        MeasureTally.progress_weighted,
        MeasureTally.expected_weighted,
    )
    return pace.pace_figures(*(func.sum(column) for column in sums))


def progress_by_region(flt: MeasureFilter, today: date):
    """A select per region: names, measures (cancelled ones apart), progress against expected
    progress by count and by budget, budgets."""
    cancelled = MeasureTally.status == MeasureStatus.CANCELLED
    return (
        select(
            *_REGION,
            func.sum(MeasureTally.measures).label("measures"),
            func.coalesce(func.sum(MeasureTally.measures).filter(cancelled), 0).label("cancelled"),
            *tally_pace(),
            func.sum(MeasureTally.budget_planned).label("budget_planned"),
            func.sum(MeasureTally.budget_paid).label("budget_paid"),
            func.sum(MeasureTally.budget_committed).label("budget_committed"),
        )
        .join(Region, Region.code == MeasureTally.region_code)
        .where(*_where(flt, today))
        .group_by(*_REGION)
        .order_by(Region.code)
    )


def status_by_region(flt: MeasureFilter, today: date):
    """A select of measures per region and status."""
    return (
        select(*_REGION, MeasureTally.status, func.sum(MeasureTally.measures).label("count"))
        .join(Region, Region.code == MeasureTally.region_code)
        .where(*_where(flt, today))
        .group_by(*_REGION, MeasureTally.status)
        .order_by(Region.code, MeasureTally.status)
    )


def health_counts(flt: MeasureFilter, today: date):
    """A select of measures per schedule health."""
    return (
        select(MeasureTally.health, func.sum(MeasureTally.measures).label("count"))
        .where(*_where(flt, today))
        .group_by(MeasureTally.health)
        .order_by(MeasureTally.health)
    )
