"""Insert the checked demo records, numbering each table's ids, institutions named by key."""

from typing import Any

from sqlalchemy import insert as sql_insert
from sqlmodel import Session

from models import (
    Axis,
    Committee,
    CommitteeMember,
    Decision,
    FieldProvenance,
    Institution,
    Measure,
    MeasureBaseline,
    MeasurePartner,
    MeasureTag,
    MeasureUpdate,
    Meeting,
    Programme,
    Source,
    Strategy,
)
from models.revisions import BASELINE_FIELDS
from seed.committees import CommitteeRecord
from seed.history import SEED_USER, stamp
from seed.institutions import resolve
from seed.records import Demo, MeasureRecord, PlanRecord


class Inserter:
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
            self.session.execute(sql_insert(table), rows)
            return []
        ids = list(range(self.next_ids[name], self.next_ids[name] + len(rows)))
        self.next_ids[name] += len(rows)
        self.session.execute(
            sql_insert(table), [{**r, "id": i} for r, i in zip(rows, ids, strict=True)]
        )
        return ids


def insert_demo(insert: Inserter, demo: Demo) -> None:
    keys = [s["key"] for s in demo.sources]
    source_ids = dict(zip(keys, insert(Source, demo.sources), strict=True))
    rows = list(demo.institutions.values())
    institution_ids = dict(zip(demo.institutions, insert(Institution, rows), strict=True))
    programmes = [
        {**p, "mad_rate_source_id": source_ids.get(p["mad_rate_source_id"])}
        for p in demo.programmes
    ]
    codes = [p["code"] for p in demo.programmes]
    programme_ids = dict(zip(codes, insert(Programme, programmes), strict=True))
    measure_ids: dict[str, int] = {}
    record_ids: dict[tuple[str, str], int] = {}
    for plan in demo.plans:
        strategy_id, axis_ids = _insert_strategy(insert, plan)
        if strategy_id is not None:
            record_ids[("strategy", f"strategy-{plan.strategy['region_code']}")] = strategy_id
        measure_ids |= _insert_measures(
            insert, plan.measures, axis_ids, programme_ids, institution_ids
        )
    record_ids |= {("measure", code): i for code, i in measure_ids.items()}
    # Decisions may follow up a measure of another file, so committees come last.
    for plan in demo.plans:
        for position, committee in enumerate(plan.committees, 1):
            key = f"committee-{committee.row['region_code']}-{position}"
            record_ids[("committee", key)] = _insert_committee(
                insert, committee, measure_ids, institution_ids
            )
    rows = [
        {**r, "entity": entity, "entity_id": record_ids[(entity, key)]}
        for (entity, key), found in demo.field_rows.items()
        for r in found
    ]
    for row in rows:
        row["source_id"] = source_ids.get(row.pop("source_key"))
    insert(FieldProvenance, rows)


def _insert_strategy(insert: Inserter, plan: PlanRecord) -> tuple[int | None, dict[str, int]]:
    if plan.strategy is None:
        return None, {}
    [strategy_id] = insert(Strategy, [plan.strategy])
    rows = [{**axis, "strategy_id": strategy_id} for axis in plan.axes]
    codes = [axis["code"] for axis in plan.axes]
    return strategy_id, dict(zip(codes, insert(Axis, rows), strict=True))


def _insert_measures(
    insert: Inserter,
    measures: list[MeasureRecord],
    axis_ids: dict[str, int],
    programme_ids: dict[str, int],
    institution_ids: dict[str, int],
) -> dict[str, int]:
    rows = [
        {
            **resolve(m.row, institution_ids),
            "axis_id": axis_ids.get(m.axis_code),
            "programme_id": programme_ids.get(m.programme_code),
        }
        for m in measures
    ]
    pairs = list(zip(measures, insert(Measure, rows), strict=True))
    partners = [
        {"measure_id": i, "institution_id": institution_ids[key], "position": position}
        for m, i in pairs
        for position, key in enumerate(m.partners)
    ]
    insert(MeasurePartner, partners)
    insert(MeasureTag, [{**t, "measure_id": i} for m, i in pairs for t in m.tags])
    insert(MeasureUpdate, [{**h, "measure_id": i} for m, i in pairs for h in m.history])
    insert(MeasureBaseline, [_baseline(m, i) for m, i in pairs])
    return {m.row["code"]: i for m, i in pairs}


def _baseline(measure: MeasureRecord, measure_id: int) -> dict[str, Any]:
    """The demo plan as first adopted, on the day of its first update (else its start)."""
    row = measure.row
    first = min((h["changed_at"] for h in measure.history), default=stamp(row["planned_start"]))
    return {
        "measure_id": measure_id,
        **{name: row.get(name) for name in BASELINE_FIELDS},
        "adopted_at": first,
        "adopted_by": SEED_USER,
    }


def _insert_committee(
    insert: Inserter,
    committee: CommitteeRecord,
    measure_ids: dict[str, int],
    institution_ids: dict[str, int],
) -> int:
    [committee_id] = insert(Committee, [resolve(committee.row, institution_ids)])
    members = [
        {**resolve(m, institution_ids), "committee_id": committee_id} for m in committee.members
    ]
    insert(CommitteeMember, members)
    meetings = [{**m.row, "committee_id": committee_id} for m in committee.meetings]
    meeting_ids = insert(Meeting, meetings)
    decisions = [
        {
            **resolve(d.row, institution_ids),
            "meeting_id": meeting_id,
            "measure_id": measure_ids.get(d.measure_code),
        }
        for meeting, meeting_id in zip(committee.meetings, meeting_ids, strict=True)
        for d in meeting.decisions
    ]
    insert(Decision, decisions)
    return committee_id
