"""Insert the demo results: all regions' periods, the pilot logframes, values and their trails."""

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from models import (
    Axis,
    ChangeLog,
    Committee,
    Decision,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Measure,
    Meeting,
    Region,
    ReportingPeriod,
    Result,
    Strategy,
    TargetRevision,
    ValueBreakdown,
)
from models.codes import PILOT_REGIONS, CommitteeKind, DecisionStatus
from seed.demo_rows import Inserter
from seed.fields import fail
from seed.history import stamp
from seed.result_records import RegionResults
from seed.result_trails import REASON_LANGUAGE, trail
from seed.result_values import Committee as CommitteeWork
from seed.result_values import amounts
from services.periods import default_calendar

CALENDAR = (2023, 2027)
LOCKED_UNTIL = 2025  # the pilot regions' periods up to this year are closed
LOCKED_AFTER = timedelta(days=21)  # after the session their report went to
LOCKED_BY = "admin"


def insert_results(insert: Inserter, regions: list[RegionResults]) -> None:
    """Insert the periods of all regions, then each pilot region's results and values."""
    periods = _insert_periods(insert)
    audit: list[dict[str, Any]] = []
    for region in regions:
        audit += _insert_region(insert, region, periods[region.code])
    _insert_audit(insert, audit)


def _insert_periods(insert: Inserter) -> dict[str, dict[str, dict[str, Any]]]:
    """Every region's calendar; {region: {period code: row with its id}}."""
    rows = []
    for region in insert.session.scalars(select(Region.code).order_by(Region.code)):
        for period in default_calendar(region, *CALENDAR):
            row = period.model_dump(exclude={"id"})
            if region in PILOT_REGIONS and int(period.code[:4]) <= LOCKED_UNTIL:
                row |= {
                    "locked_at": stamp(period.session_on + LOCKED_AFTER),
                    "locked_by": LOCKED_BY,
                }
            rows.append(row)
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for row, id_ in zip(rows, insert(ReportingPeriod, rows), strict=True):
        found.setdefault(row["region_code"], {})[row["code"]] = {**row, "id": id_}
    return found


def _owner(session: Session, region: str, axis: str | None, measure: str | None) -> dict:
    """The axis or measure a result belongs to, by its code, in the result's region."""
    if axis is not None:
        found = session.scalar(
            select(Axis.id).join(Strategy).where(Strategy.region_code == region, Axis.code == axis)
        )
    else:
        found = session.scalar(
            select(Measure.id).where(Measure.region_code == region, Measure.code == measure)
        )
    if found is None:
        fail(f"results.yaml, region {region}", f"no axis or measure {axis or measure} there")
    return {"axis_id": found if axis else None, "measure_id": None if axis else found}


def _committee(session: Session, region: str) -> CommitteeWork:
    """The meetings and decisions of the region's coordination committee, as the demo has them."""
    committee = select(Committee.id).where(
        Committee.region_code == region, Committee.kind == CommitteeKind.REGIONAL_COORDINATION
    )
    meetings = select(Meeting.id).where(Meeting.committee_id.in_(committee))
    decisions = session.execute(
        select(Decision.due_on, Decision.status, Decision.updated_at).where(
            Decision.meeting_id.in_(meetings), Decision.due_on.is_not(None)
        )
    ).all()
    return CommitteeWork(
        meetings=list(session.scalars(select(Meeting.held_on).where(Meeting.id.in_(meetings)))),
        # The seed closes a decision in one change, stamped on the day it was closed.
        decisions=[
            (due, None if status == DecisionStatus.OPEN else at.date())
            for due, status, at in decisions
        ],
    )


def _insert_region(
    insert: Inserter, region: RegionResults, periods: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """A region's results, indicators, targets, revisions and values; their audit entries."""
    session, audit, reported = insert.session, [], []
    committee = _committee(session, region.code)
    found: dict[str, dict] = {}
    for result in region.results:
        owner = _owner(session, region.code, result.axis, result.measure)
        [result_id] = insert(Result, [{**result.row, **owner}])
        for indicator in result.indicators:
            [indicator_id] = insert(Indicator, [{**indicator.row, "result_id": result_id}])
            targets = [
                {"indicator_id": indicator_id, "period_code": code, "value": value}
                for code, value in indicator.targets.items()
            ]
            insert(IndicatorTarget, targets)
            audit += _insert_revisions(insert, indicator.revisions, indicator_id, region.code)
            other = found.get(indicator.plan["denominator"], {})
            found[indicator.row["code"]] = amounts(indicator, periods, committee, other)
            reported += [
                (indicator, indicator_id, territory, code, amount)
                for (territory, code), amount in found[indicator.row["code"]].items()
            ]
    return audit + _insert_values(insert, region, reported, periods)


def _insert_revisions(insert, revisions, indicator_id: int, region: str) -> list[dict]:
    rows = [
        {
            **r,
            "indicator_id": indicator_id,
            "revised_at": stamp(r["revised_on"]),
            "reason_lang": REASON_LANGUAGE,
        }
        for r in revisions
    ]
    for row in rows:
        del row["revised_on"]
    insert(TargetRevision, rows)
    return [
        {
            "at": row["revised_at"],
            "actor": row["revised_by"],
            "region_code": region,
            "entity": "indicator",
            "entity_id": indicator_id,
            "action": "target",
            "detail": json.dumps(
                {
                    "period": row["period_code"],
                    "target": [row["old_value"], row["new_value"]],
                    "reason": row["reason"],
                    "language": REASON_LANGUAGE,
                },
                ensure_ascii=False,
            ),
        }
        for row in rows
    ]


def _insert_values(insert: Inserter, region: RegionResults, reported, periods) -> list[dict]:
    """Insert the region's values, their parts and approval trails; return the trails."""
    # Values take turns per period (indicators in file order, then territories), so each
    # period's mix of trails spreads over the indicators.
    turns: dict[str, int] = {}
    rows, parts, trails = [], [], []
    for indicator, indicator_id, territory, code, amount in sorted(
        reported, key=lambda r: (r[3], r[1], r[2])
    ):
        turn = turns[code] = turns.get(code, -1) + 1
        row = indicator.row
        fields, entries = trail(
            periods[code], territory, row["code"], turn, (region.editor, region.validator)
        )
        rows.append(
            {
                "indicator_id": indicator_id,
                "period_id": periods[code]["id"],
                "level": row["level"],
                "territory_code": territory,
                "region_code": region.code,
                "province_code": indicator.territories[territory]["province"],
                "total": amount.total,
                "numerator": amount.numerator,
                "denominator": amount.denominator,
                **{f"comment_{lang}": amount.comment.get(lang, "") for lang in ("fr", "ar", "en")},
                "provenance": row["provenance"],
                **fields,
            }
        )
        parts.append(amount.parts)
        trails.append(entries)
    ids = insert(IndicatorValue, rows)
    insert(
        ValueBreakdown,
        [
            {
                "value_id": id_,
                "dimension": d,
                "category": c,
                "total": t,
                "numerator": n,
                "denominator": m,
            }
            for id_, found in zip(ids, parts, strict=True)
            for (d, c), (t, n, m) in found.items()
        ],
    )
    return [
        {**entry, "region_code": region.code, "entity": "indicatorvalue", "entity_id": id_}
        for id_, entries in zip(ids, trails, strict=True)
        for entry in entries
    ]


def _insert_audit(insert: Inserter, entries: list[dict[str, Any]]) -> None:
    """The seed's audit entries, oldest first, numbered from the first run of free ids."""
    # A reload over untouched demo data writes the same entries again under the same ids (the
    # account creations that followed the first load keep theirs); the database's own
    # numbering goes on after the highest id.
    taken = insert.session.scalars(select(ChangeLog.id).order_by(ChangeLog.id))
    start = 1
    for id_ in taken:
        if id_ >= start + len(entries):
            break
        start = id_ + 1
    insert.next_ids["changelog"] = start
    insert(ChangeLog, sorted(entries, key=lambda e: e["at"]))
    highest = insert.session.scalar(select(func.max(ChangeLog.id))) or 0
    insert.next_ids["changelog"] = highest + 1
