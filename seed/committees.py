"""Read the committees of a plan file: members, meetings and decisions, checked."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from models.codes import CommitteeKind, CommitteeRole, DecisionStatus
from seed import fields
from seed.history import DEMO_TODAY, HISTORY_START, SEED_USER, stamp
from seed.institutions import reference


@dataclass(frozen=True)
class DecisionRecord:
    """A decision's row and the code of the measure it follows up, if any."""

    row: dict[str, Any]
    measure_code: str | None


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting's row and its decisions."""

    row: dict[str, Any]
    decisions: list[DecisionRecord]


@dataclass(frozen=True)
class CommitteeRecord:
    """A committee's row, its members and its meetings."""

    row: dict[str, Any]
    members: list[dict[str, Any]]
    meetings: list[MeetingRecord]


def read_committee(raw: dict[str, Any], ctx) -> CommitteeRecord:
    """A committee of a plan file with its members, meetings and decisions, checked."""
    where = f"{ctx.source}, committee {(raw.get('name') or {}).get('fr')!r}"
    if ctx.region is None:
        fields.fail(where, "a committee belongs to a region")
    province = fields.code(raw, "province", where)
    ctx.territory.check_place(ctx.region, province, None, where)
    row = {
        "region_code": ctx.region,
        "province_code": province,
        "kind": fields.choice(raw, "kind", tuple(CommitteeKind), where),
        **fields.titles(raw, "name", where),
        **fields.contents(raw, "mandate", where),
        "established_on": fields.date(raw, "established_on", where, required=False),
        "chair_institution_id": _optional(raw, "chair", ctx.institutions, where),
        "provenance": fields.provenance(raw, where),
    }
    members = [_member(m, ctx.institutions, where) for m in raw.get("members") or []]
    meetings = [_meeting(m, ctx.institutions, where) for m in raw.get("meetings") or []]
    return CommitteeRecord(row, members, meetings)


def _optional(raw: dict[str, Any], key: str, known: frozenset[str], where: str) -> str | None:
    return reference(raw, key, known, where) if raw.get(key) else None


def _member(raw: dict[str, Any], known: frozenset[str], committee_where: str) -> dict[str, Any]:
    where = f"{committee_where}, member {raw.get('institution')!r}"
    return {
        "institution_id": reference(raw, "institution", known, where),
        "role": fields.choice(raw, "role", tuple(CommitteeRole), where),
        "provenance": fields.provenance(raw, where),
    }


def _meeting(raw: dict[str, Any], known: frozenset[str], committee_where: str) -> MeetingRecord:
    held_on = fields.date(raw, "held_on", committee_where)
    where = f"{committee_where}, meeting of {held_on}"
    if not HISTORY_START <= held_on <= DEMO_TODAY:
        fields.fail(where, f"date outside {HISTORY_START}..{DEMO_TODAY}")
    row = {
        "held_on": held_on,
        "attendance": fields.amount(raw, "attendance", where),
        **fields.contents(raw, "summary", where),
        "provenance": fields.provenance(raw, where),
        "recorded_at": stamp(held_on),
        "recorded_by": SEED_USER,
    }
    decisions = [_decision(d, held_on, known, where) for d in raw.get("decisions") or []]
    return MeetingRecord(row, decisions)


def _decision(
    raw: dict[str, Any], held_on: date, known: frozenset[str], meeting_where: str
) -> DecisionRecord:
    where = f"{meeting_where}, decision {str((raw.get('text') or {}).get('fr'))[:40]!r}"
    status = fields.choice(raw, "status", tuple(DecisionStatus), where)
    closed_on = fields.date(raw, "closed_on", where, required=status != DecisionStatus.OPEN)
    if closed_on and (status == DecisionStatus.OPEN or not held_on <= closed_on <= DEMO_TODAY):
        fields.fail(
            where, f"closed_on must fall between the meeting and {DEMO_TODAY}, for closed ones"
        )
    row = {
        **fields.titles(raw, "text", where),
        "owner_institution_id": _optional(raw, "owner", known, where),
        "due_on": fields.date(raw, "due_on", where, required=False),
        "status": status,
        "closed_on": closed_on,
        "provenance": fields.provenance(raw, where),
        # A closed decision was changed once after the meeting that took it.
        "version": 2 if closed_on else 1,
        "updated_at": stamp(closed_on or held_on),
        "updated_by": SEED_USER,
    }
    return DecisionRecord(row, raw.get("measure"))
