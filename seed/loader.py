"""Load the territory and the demo data into a migrated database, in one transaction."""

from pathlib import Path

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import (
    Axis,
    ChangeLog,
    Committee,
    CommitteeMember,
    Commune,
    Correction,
    Decision,
    FieldProvenance,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Institution,
    Measure,
    MeasureBaseline,
    MeasurePartner,
    MeasureTag,
    MeasureUpdate,
    Meeting,
    PlanRevision,
    Programme,
    Province,
    Region,
    ReportingPeriod,
    Result,
    Source,
    Strategy,
    TargetRevision,
    ValueBreakdown,
)
from seed.demo_rows import Inserter, insert_demo
from seed.fields import SeedDataError
from seed.records import DATA_DIR, read_demo
from seed.result_records import read_results
from seed.result_user_data import seeded_audit_ids
from seed.results import insert_results
from seed.territory import territory_index, territory_rows
from seed.user_data import count_user_data, describe
from services.db import bump_revision

__all__ = [
    "NotEmpty",
    "SeedDataError",
    "UserDataFound",
    "continue_sequences",
    "is_empty",
    "load_demo",
    "load_territory",
    "user_data_counts",
]

TERRITORY_TABLES = (Region, Province, Commune)
# The demo tables, parents first; `force` empties them in the reverse order.
DEMO_TABLES = (
    Source,
    Institution,
    Programme,
    Strategy,
    Axis,
    Measure,
    MeasurePartner,
    MeasureTag,
    MeasureUpdate,
    FieldProvenance,
    Committee,
    CommitteeMember,
    Meeting,
    Decision,
    MeasureBaseline,
    PlanRevision,
    Correction,
    ReportingPeriod,
    Result,
    Indicator,
    IndicatorTarget,
    TargetRevision,
    IndicatorValue,
    ValueBreakdown,
)
SEEDED_TABLES = TERRITORY_TABLES + DEMO_TABLES
ID_TABLES = tuple(t for t in DEMO_TABLES if "id" in t.__table__.columns)


class NotEmpty(Exception):
    """The database already holds regions or measures."""


class UserDataFound(Exception):
    """`force` met data people entered, and nobody confirmed destroying exactly that."""

    def __init__(self, found: dict[str, int]) -> None:
        super().__init__(f"the database holds data people entered ({describe(found)})")
        self.found = found


def load_territory(session: Session) -> None:
    """Insert the 12 regions, 83 provinces and prefectures and 1,503 communes (HCP codes)."""
    for table, rows in zip(TERRITORY_TABLES, territory_rows(), strict=True):
        session.execute(insert(table), rows)


def load_territory_only(engine: Engine) -> dict[str, int]:
    """Load the territory alone (a production set-up: no demo plans, no demo accounts) unless
    it is there already; return the row count per territory table."""
    with Session(engine) as session, session.begin():
        bump_revision(session)
        if _count(session, Region) == 0:
            load_territory(session)
        return {t.__tablename__: _count(session, t) for t in TERRITORY_TABLES}


def load_demo(
    engine: Engine,
    *,
    force: bool = False,
    destroy_user_data: dict[str, int] | None = None,
    data_dir: Path = DATA_DIR,
) -> dict[str, int]:
    """Load territory and demo data in one transaction; return the row count per table."""
    # Without `force` a database with regions or measures is refused (NotEmpty). `force`
    # empties DEMO_TABLES and keeps the territory (accounts point at regions) and every other
    # table; it refuses data people entered (UserDataFound) unless `destroy_user_data` holds
    # exactly its counts, as the operator confirmed them.
    demo = read_demo(territory_index(), data_dir)
    results = read_results(territory_index(), data_dir)
    with Session(engine) as session, session.begin():
        # First, so the write lock is held before anything is counted.
        bump_revision(session)
        if force:
            used = _delete_demo(session, destroy_user_data)
        else:
            _refuse_existing(session)
            used = {}
        if _count(session, Region) == 0:
            load_territory(session)
        insert = Inserter(session, _first_free_ids(session, used))
        insert_demo(insert, demo)
        insert_results(insert, results)
        continue_sequences(session, insert.next_ids)
        counts = {t.__tablename__: _count(session, t) for t in SEEDED_TABLES}
    return counts


def user_data_counts(engine: Engine) -> dict[str, int]:
    """Rows of each kind the seed did not write (seed/user_data.py); all zero on a pure demo."""
    with Session(engine) as session:
        return count_user_data(session)


def is_empty(engine: Engine) -> bool:
    """Whether the database has neither regions nor measures."""
    with Session(engine) as session:
        return _count(session, Region) == 0 and _count(session, Measure) == 0


def _delete_demo(session: Session, confirmed: dict[str, int] | None) -> dict[str, int]:
    """Empty DEMO_TABLES; return per table the highest id that something may still name."""
    found = count_user_data(session)
    if any(found.values()) and found != confirmed:
        raise UserDataFound(found)
    # Untouched demo rows are named by nothing: their ids may start again from 1.
    used = _used_ids(session) if any(found.values()) else {}
    for table in reversed(DEMO_TABLES):
        session.execute(delete(table))
    # The seed's own audit entries (its values' approval steps) go with the rows they describe;
    # the load writes them again for the new rows.
    session.execute(delete(ChangeLog).where(ChangeLog.id.in_(seeded_audit_ids(session))))
    return used


def _used_ids(session: Session) -> dict[str, int]:
    """Per table, the highest id its rows, the audit trail or PostgreSQL's sequence used."""
    postgres = session.get_bind().dialect.name == "postgresql"
    used = {}
    for table in ID_TABLES:
        name = table.__tablename__
        named = select(func.max(ChangeLog.entity_id)).where(ChangeLog.entity == name)
        found = [session.scalar(select(func.max(table.id))), session.scalar(named)]
        if postgres:
            last = "SELECT pg_sequence_last_value(pg_get_serial_sequence(:t, 'id')::regclass)"
            found.append(session.scalar(text(last), {"t": name}))
        used[name] = max(n or 0 for n in found)
    return used


def _first_free_ids(session: Session, used: dict[str, int]) -> dict[str, int]:
    """Per table, the first id above its rows and above `used`."""
    first = {}
    for table in ID_TABLES:
        highest = session.scalar(select(func.max(table.id))) or 0
        first[table.__tablename__] = 1 + max(highest, used.get(table.__tablename__, 0))
    return first


def continue_sequences(session: Session, next_ids: dict[str, int]) -> None:
    """Point PostgreSQL's id sequences after the ids the load gave (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name, next_id in next_ids.items():
        session.execute(
            text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n, false)"),
            {"t": name, "n": next_id},
        )


def _refuse_existing(session: Session) -> None:
    regions, measures = _count(session, Region), _count(session, Measure)
    if regions or measures:
        raise NotEmpty(f"the database already holds data ({regions} regions, {measures} measures)")


def _count(session: Session, table) -> int:
    return session.scalar(select(func.count()).select_from(table))
