"""Load the territory and the demo data into a migrated database, in one transaction."""

from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import (
    Axis,
    ChangeLog,
    Committee,
    CommitteeMember,
    Commune,
    Decision,
    FieldProvenance,
    Measure,
    MeasureTag,
    MeasureUpdate,
    Meeting,
    Programme,
    Province,
    Region,
    Source,
    Strategy,
)
from seed.committees import CommitteeRecord
from seed.fields import SeedDataError
from seed.records import DATA_DIR, Demo, MeasureRecord, PlanRecord, read_demo
from seed.territory import territory_index, territory_rows
from seed.user_data import count_user_data, describe
from services.db import bump_revision

__all__ = [
    "NotEmpty",
    "SeedDataError",
    "UserDataFound",
    "is_empty",
    "load_demo",
    "load_territory",
    "user_data_counts",
]

TERRITORY_TABLES = (Region, Province, Commune)
# The demo tables, parents first; `force` empties them in the reverse order.
DEMO_TABLES = (
    Source,
    Programme,
    Strategy,
    Axis,
    Measure,
    MeasureTag,
    MeasureUpdate,
    FieldProvenance,
    Committee,
    CommitteeMember,
    Meeting,
    Decision,
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
        insert = _Inserter(session, _first_free_ids(session, used))
        _insert_demo(insert, demo)
        _continue_sequences(session, insert.next_ids)
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


def _continue_sequences(session: Session, next_ids: dict[str, int]) -> None:
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


class _Inserter:
    """Inserts rows of the demo tables, numbering each table's ids on from its first free one."""

    # Ids are given here, not by the database: SQLite would hand out the ids of deleted rows
    # again, and audit entries may still name those.

    def __init__(self, session: Session, next_ids: dict[str, int]) -> None:
        self.session = session
        self.next_ids = next_ids

    def __call__(self, table, rows: list[dict[str, Any]]) -> list[int]:
        """Insert `rows` into `table`; return their ids (none for a table without ids)."""
        if not rows:
            return []
        name = table.__tablename__
        if name not in self.next_ids:
            self.session.execute(insert(table), rows)
            return []
        ids = list(range(self.next_ids[name], self.next_ids[name] + len(rows)))
        self.next_ids[name] += len(rows)
        self.session.execute(
            insert(table), [{**r, "id": i} for r, i in zip(rows, ids, strict=True)]
        )
        return ids


def _insert_demo(insert: _Inserter, demo: Demo) -> None:
    keys = [s["key"] for s in demo.sources]
    source_ids = dict(zip(keys, insert(Source, demo.sources), strict=True))
    codes = [p["code"] for p in demo.programmes]
    programme_ids = dict(zip(codes, insert(Programme, demo.programmes), strict=True))
    measure_ids: dict[str, int] = {}
    record_ids: dict[tuple[str, str], int] = {}
    for plan in demo.plans:
        strategy_id, axis_ids = _insert_strategy(insert, plan)
        if strategy_id is not None:
            record_ids[("strategy", f"strategy-{plan.strategy['region_code']}")] = strategy_id
        measure_ids |= _insert_measures(insert, plan.measures, axis_ids, programme_ids)
    record_ids |= {("measure", code): i for code, i in measure_ids.items()}
    # Decisions may follow up a measure of another file, so committees come last.
    for plan in demo.plans:
        for position, committee in enumerate(plan.committees, 1):
            key = f"committee-{committee.row['region_code']}-{position}"
            record_ids[("committee", key)] = _insert_committee(insert, committee, measure_ids)
    rows = [
        {**r, "entity": entity, "entity_id": record_ids[(entity, key)]}
        for (entity, key), found in demo.field_rows.items()
        for r in found
    ]
    for row in rows:
        row["source_id"] = source_ids.get(row.pop("source_key"))
    insert(FieldProvenance, rows)


def _insert_strategy(insert: _Inserter, plan: PlanRecord) -> tuple[int | None, dict[str, int]]:
    if plan.strategy is None:
        return None, {}
    [strategy_id] = insert(Strategy, [plan.strategy])
    rows = [{**axis, "strategy_id": strategy_id} for axis in plan.axes]
    codes = [axis["code"] for axis in plan.axes]
    return strategy_id, dict(zip(codes, insert(Axis, rows), strict=True))


def _insert_measures(
    insert: _Inserter,
    measures: list[MeasureRecord],
    axis_ids: dict[str, int],
    programme_ids: dict[str, int],
) -> dict[str, int]:
    rows = [
        {
            **m.row,
            "axis_id": axis_ids.get(m.axis_code),
            "programme_id": programme_ids.get(m.programme_code),
        }
        for m in measures
    ]
    pairs = list(zip(measures, insert(Measure, rows), strict=True))
    insert(MeasureTag, [{**t, "measure_id": i} for m, i in pairs for t in m.tags])
    insert(MeasureUpdate, [{**h, "measure_id": i} for m, i in pairs for h in m.history])
    return {m.row["code"]: i for m, i in pairs}


def _insert_committee(
    insert: _Inserter, committee: CommitteeRecord, measure_ids: dict[str, int]
) -> int:
    [committee_id] = insert(Committee, [committee.row])
    insert(CommitteeMember, [{**m, "committee_id": committee_id} for m in committee.members])
    meetings = [{**m.row, "committee_id": committee_id} for m in committee.meetings]
    meeting_ids = insert(Meeting, meetings)
    decisions = [
        {**d.row, "meeting_id": meeting_id, "measure_id": measure_ids.get(d.measure_code)}
        for meeting, meeting_id in zip(committee.meetings, meeting_ids, strict=True)
        for d in meeting.decisions
    ]
    insert(Decision, decisions)
    return committee_id
