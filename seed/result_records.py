"""Read seed/data/results.yaml into result and indicator rows, refusing any broken record."""

# results.yaml:
#   regions: {"09": {editor, validator (demo usernames), results: [result, ...]}}
#   result:    {axis: A2 | measure: SM-01, type (ResultType), title: {fr, ar, en}, provenance,
#               indicators: [indicator, ...]}
#   indicator: {code, title: {fr, ar, en}, unit: {fr, ar, en}, kind, level, cumulation (sum),
#               aggregatable (true), higher_is_better (true), by: [dimension, ...],
#               baseline: {value, year}, target (2027), targets: {period code: value},
#               revisions: [{period (null: the 2027 target), old, new, date, by, reason}],
#               provenance, and what its demo values are made from:
#               reported: sessions (2023-03..2026-10) | years (2023..2025)
#               territories: {code at the indicator's level: {share, from}} (default: the region)
#               series: [first, last]  a flow's monthly count (a level's value), first to last
#               rate: [first, last]    a percentage's numerator, in percent of its denominator
#               denominator: CODE      an earlier indicator whose totals and parts divide
#               source: meetings | decisions (counted from the region's coordination committee)
#               shares: {dimension: {category: weight}}  instead of the default split
#               assessments: [{fr, ar, en}, ...]  a qualitative indicator's comments, in stages}

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from models.result_codes import (
    CATEGORIES,
    REPORTING_LEVELS,
    Cumulation,
    Dimension,
    IndicatorKind,
    ResultType,
)
from seed import fields
from seed.accounts import DEMO_ACCOUNTS
from seed.history import DEMO_TODAY
from seed.records import DATA_DIR, Territory, load_yaml

PERIOD_CODE = re.compile(r"^\d{4}(-(03|07|10))?$")
SOURCES = ("meetings", "decisions")
REPORTED = ("sessions", "years")
TARGET_YEAR = 2027
PLAN_START = date(2022, 1, 1)
DEMO_USERS = frozenset(account[0] for account in DEMO_ACCOUNTS)


@dataclass(frozen=True)
class IndicatorRecord:
    """An indicator's row (no result id yet), targets, revisions and how its values are made."""

    row: dict[str, Any]
    targets: dict[str, float]
    revisions: list[dict[str, Any]]
    territories: dict[str, dict[str, Any]]
    plan: dict[str, Any]


@dataclass(frozen=True)
class ResultRecord:
    """A result's row (without its owner's id), the axis or measure code it belongs to."""

    row: dict[str, Any]
    axis: str | None
    measure: str | None
    indicators: list[IndicatorRecord]


@dataclass(frozen=True)
class RegionResults:
    """One pilot region's results and the demo accounts that report and review its values."""

    code: str
    editor: str
    validator: str
    results: list[ResultRecord]


def read_results(territory: Territory, data_dir: Path = DATA_DIR) -> list[RegionResults]:
    """Every region's results from results.yaml, checked."""
    doc = load_yaml(data_dir / "results.yaml")
    regions, seen = [], {}
    for code, raw in (doc.get("regions") or {}).items():
        where = f"results.yaml, region {code!r}"
        if not isinstance(code, str) or code not in territory.regions:
            fields.fail(where, "unknown region code (quote it)")
        people = [fields.text(raw, key, where) for key in ("editor", "validator")]
        if not set(people) <= DEMO_USERS or people[0] == people[1]:
            fields.fail(where, "editor and validator must be two different demo accounts")
        results = [
            _result(r, code, people[0], territory, seen, f"{where}, result {n}")
            for n, r in enumerate(raw.get("results") or [], 1)
        ]
        regions.append(RegionResults(code, people[0], people[1], results))
    return regions


def _result(raw, region: str, editor: str, territory: Territory, seen: dict, where: str):
    axis, measure = raw.get("axis"), raw.get("measure")
    if (axis is None) == (measure is None):
        fields.fail(where, "a result belongs to an axis or to a measure")
    row = {
        "region_code": region,
        "result_type": fields.choice(raw, "type", tuple(ResultType), where),
        **_titles(raw, "title", where),
        "provenance": fields.provenance(raw, where),
    }
    indicators = [
        _indicator(i, region, editor, territory, seen) for i in raw.get("indicators") or []
    ]
    if not indicators:
        fields.fail(where, "a result is measured by at least one indicator")
    return ResultRecord(row, axis, measure, indicators)


def _titles(raw: dict[str, Any], key: str, where: str) -> dict[str, str]:
    titles = fields.titles(raw, key, where)
    if not titles[f"{key}_en"]:
        fields.fail(where, f"missing English {key} ({key}.en)")
    return titles


def _indicator(raw, region: str, editor: str, territory: Territory, seen: dict):
    code = fields.text(raw, "code", "results.yaml, indicator")
    where = f"results.yaml, indicator {code}"
    if code in seen or len(code) > 20:
        fields.fail(where, "code used twice or longer than 20 characters")
    kind = fields.choice(raw, "kind", tuple(IndicatorKind), where)
    qualitative = kind == IndicatorKind.QUALITATIVE
    dimensions = raw.get("by") or []
    if not set(dimensions) <= set(Dimension) or (qualitative and dimensions):
        fields.fail(where, f"dimensions {dimensions} (none for a qualitative indicator)")
    baseline = raw.get("baseline") or {}
    row = {
        "region_code": region,
        "code": code,
        **_titles(raw, "title", where),
        **fields.texts(raw, "unit", where),
        "kind": kind,
        "level": fields.choice(raw, "level", REPORTING_LEVELS, where),
        "cumulation": fields.choice(raw, "cumulation", tuple(Cumulation), where, Cumulation.SUM),
        "aggregatable": bool(raw.get("aggregatable", not qualitative)),
        "higher_is_better": bool(raw.get("higher_is_better", True)),
        **{f"by_{d}": d in dimensions for d in Dimension},
        "baseline_value": baseline.get("value"),
        "baseline_year": baseline.get("year"),
        "target_value": raw.get("target"),
        "target_year": TARGET_YEAR,
        "provenance": fields.provenance(raw, where),
        "version": 1 + len(raw.get("revisions") or []),
    }
    _check_numbers(row, where)
    targets = {str(p): float(v) for p, v in (raw.get("targets") or {}).items()}
    if (qualitative and targets) or not all(PERIOD_CODE.match(p) for p in targets):
        fields.fail(where, f"period targets {sorted(targets)}")
    revisions = [_revision(r, row, targets, editor, where) for r in raw.get("revisions") or []]
    plan = _plan(raw, row, seen, where)
    seen[code] = row
    territories = _territories(raw, row, territory, where)
    return IndicatorRecord(row, targets, revisions, territories, plan)


def _check_numbers(row: dict[str, Any], where: str) -> None:
    numbers = [row["baseline_value"], row["target_value"]]
    if (row["baseline_value"] is None) != (row["baseline_year"] is None):
        fields.fail(where, "a baseline needs its value and its year")
    if row["kind"] == IndicatorKind.QUALITATIVE:
        if any(n is not None for n in numbers) or row["aggregatable"]:
            fields.fail(where, "a qualitative indicator has no baseline, target or sum")
    elif row["target_value"] is None:
        fields.fail(where, "missing target (2027)")
    high = 100 if row["kind"] == IndicatorKind.PERCENTAGE else 10**9
    if not all(n is None or 0 <= n <= high for n in numbers):
        fields.fail(where, f"baseline and target must lie within 0..{high}")


def _revision(raw, row: dict, targets: dict, editor: str, where: str) -> dict[str, Any]:
    period = raw.get("period")
    current = row["target_value"] if period is None else targets.get(period)
    if raw.get("new") != current or raw.get("by") != editor:
        fields.fail(where, "a revision ends on the current target, made by the region's editor")
    return {
        "period_code": period,
        "old_value": None if raw.get("old") is None else float(raw["old"]),
        "new_value": float(raw["new"]),
        "reason": " ".join(fields.text(raw, "reason", where).split()),
        "revised_on": _day(raw, where),
        "revised_by": editor,
    }


def _day(raw: dict[str, Any], where: str) -> date:
    day = fields.date(raw, "date", where)
    if not PLAN_START <= day <= DEMO_TODAY:
        fields.fail(where, f"revision date outside {PLAN_START}..{DEMO_TODAY}")
    return day


def _plan(raw: dict[str, Any], row: dict[str, Any], seen: dict, where: str) -> dict[str, Any]:
    kind = row["kind"]
    plan = {
        "reported": fields.choice(raw, "reported", REPORTED, where, "sessions"),
        "source": raw.get("source"),
        "series": raw.get("series"),
        "rate": raw.get("rate"),
        "denominator": raw.get("denominator"),
        "shares": raw.get("shares") or {},
        "assessments": [_titles({"text": a}, "text", where) for a in raw.get("assessments") or []],
    }
    if plan["source"] is not None and plan["source"] not in SOURCES:
        fields.fail(where, f"source {plan['source']!r} is not one of {', '.join(SOURCES)}")
    other = seen.get(plan["denominator"]) if plan["denominator"] else None
    flows = other is not None and other["kind"] == IndicatorKind.UNIT
    if plan["denominator"] and not (
        flows and (other["level"], other["cumulation"]) == (row["level"], Cumulation.SUM)
    ):
        fields.fail(where, "denominator must name an earlier unit flow of the same level")
    numbers, source = plan["series"] is not None or other is not None, plan["source"]
    if kind == IndicatorKind.QUALITATIVE:
        ok = plan["assessments"] and not numbers and source is None
    elif kind == IndicatorKind.UNIT:
        ok = source in (None, "meetings") and (plan["series"] is None) == (source == "meetings")
        ok = ok and other is None
    else:
        ok = source in (None, "decisions") and (
            (numbers and plan["rate"] is not None) != (source == "decisions")
        )
    if not ok:
        fields.fail(where, f"a {kind} indicator's values need other fields")
    for dimension, weights in plan["shares"].items():
        if not row.get(f"by_{dimension}") or set(weights) != set(CATEGORIES[dimension]):
            fields.fail(where, f"shares of {dimension}: a dimension it asks, every category")
    return plan


def _territories(raw, row: dict, territory: Territory, where: str) -> dict[str, dict[str, Any]]:
    region, level = row["region_code"], row["level"]
    given = raw.get("territories") or ({region: {}} if level == "region" else {})
    if not given:
        fields.fail(where, f"a {level} indicator lists its territories")
    places = {}
    for code, spec in given.items():
        province = territory.commune_province.get(code) if level == "commune" else code
        in_region = {
            "region": code == region,
            "province": territory.province_region.get(code) == region,
            "commune": territory.province_region.get(province) == region,
        }[level]
        first = (spec or {}).get("from")
        if not in_region or (first is not None and not PERIOD_CODE.match(first)):
            fields.fail(where, f"territory {code!r} is not a {level} of region {region}")
        places[code] = {
            "share": (spec or {}).get("share", 100),
            "from": first,
            "province": None if level == "region" else province,
        }
    return places
