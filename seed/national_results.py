"""Benchmark results at national scale: a result with six indicators in each of the 12
regions, reported by every commune, province or region for each session from 2023-03 to 2026-10.
Illustrative, seeded, made for `manage.py bench-data` only."""

import random
from collections.abc import Iterator

from sqlalchemy import select
from sqlmodel import Session

from models import (
    Axis,
    Commune,
    Indicator,
    IndicatorValue,
    Province,
    ReportingPeriod,
    Result,
    Strategy,
    ValueBreakdown,
)
from models.base import utcnow
from models.result_codes import CATEGORIES, ValueStatus
from seed.national_plan import BENCH_USER
from services.periods import default_calendar

REVIEWER = "bench.validator"
FIRST, LAST = "2023-03", "2026-10"
# (kind, level, cumulation, dimensions, aggregatable)
INDICATORS = (
    ("unit", "commune", "sum", ("sex", "status"), True),
    ("unit", "commune", "sum", ("sex",), True),
    ("percentage", "commune", "sum", ("sex",), True),
    ("percentage", "province", "latest", (), True),
    ("unit", "region", "latest", (), True),
    ("qualitative", "region", "sum", (), False),
)
# Status shares of the latest two sessions; earlier ones are validated.
RECENT = {
    "2026-07": (
        (ValueStatus.VALIDATED, 0.8),
        (ValueStatus.SUBMITTED, 0.1),
        (ValueStatus.RETURNED, 0.05),
        (ValueStatus.DRAFT, 0.05),
    ),
    "2026-10": (
        (ValueStatus.VALIDATED, 0.2),
        (ValueStatus.SUBMITTED, 0.4),
        (ValueStatus.RETURNED, 0.1),
        (ValueStatus.DRAFT, 0.3),
    ),
}


def _periods(session: Session, regions: list[str]) -> dict[str, list[tuple[int, str]]]:
    """Each region's session periods in the benchmark's range, added where missing."""
    found = session.execute(select(ReportingPeriod.region_code, ReportingPeriod.code)).all()
    have = {(row.region_code, row.code) for row in found}
    missing = [
        period
        for region in regions
        for period in default_calendar(region, 2023, 2027)
        if (region, period.code) not in have
    ]
    session.add_all(missing)
    session.flush()
    rows = session.execute(
        select(ReportingPeriod.region_code, ReportingPeriod.id, ReportingPeriod.code)
        .where(ReportingPeriod.kind == "session", ReportingPeriod.code.between(FIRST, LAST))
        .order_by(ReportingPeriod.code)
    ).all()
    periods: dict[str, list[tuple[int, str]]] = {region: [] for region in regions}
    for row in rows:
        periods[row.region_code].append((row.id, row.code))
    return periods


def _split(rng: random.Random, total: int, count: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(count - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _status(rng: random.Random, code: str) -> str:
    shares = RECENT.get(code)
    if shares is None:
        return ValueStatus.VALIDATED
    pick, edge = rng.random(), 0.0
    for status, share in shares:
        edge += share
        if pick < edge:
            return status
    return shares[-1][0]


def rows(session: Session, rng: random.Random, next_ids: dict[str, int]) -> Iterator[tuple]:
    """(table, rows) to insert, parents first, ids taken from and advanced in next_ids."""
    regions = list(session.scalars(select(Strategy.region_code).distinct()))
    axis_of = dict(
        session.execute(
            select(Strategy.region_code, Axis.id).join(Axis).order_by(Axis.id.desc())
        ).all()
    )
    periods = _periods(session, regions)
    places = {
        "commune": session.execute(
            select(Commune.code, Commune.region_code, Commune.province_code)
        ).all(),
        "province": session.execute(
            select(Province.code, Province.region_code, Province.code)
        ).all(),
        "region": [(code, code, None) for code in regions],
    }
    results, indicators = [], []
    for region in regions:
        result_id = _take(next_ids, "result")
        results.append(
            {
                "id": result_id,
                "axis_id": axis_of[region],
                "region_code": region,
                "result_type": "outcome",
                "title_fr": f"Résultat {region}",
                "provenance": "illustrative",
                "version": 1,
            }
        )
        for number, (kind, level, cumulation, dimensions, summed) in enumerate(INDICATORS, 1):
            indicators.append(
                {
                    "id": _take(next_ids, "indicator"),
                    "result_id": result_id,
                    "region_code": region,
                    "code": f"B{region}-{number}",
                    "title_fr": f"Indicateur {region}-{number}",
                    "kind": kind,
                    "level": level,
                    "cumulation": cumulation,
                    "aggregatable": summed,
                    "higher_is_better": True,
                    "target_year": 2027,
                    "provenance": "illustrative",
                    "version": 1,
                    **{f"by_{d}": d in dimensions for d in CATEGORIES},
                }
            )
    yield Result, results
    yield Indicator, indicators
    now = utcnow()
    for indicator in indicators:
        values, parts = [], []
        region = indicator["region_code"]
        dimensions = [d for d in CATEGORIES if indicator[f"by_{d}"]]
        for period_id, code in periods[region]:
            for territory, in_region, province in places[indicator["level"]]:
                if in_region != region:
                    continue
                value_id = _take(next_ids, "indicatorvalue")
                status = _status(rng, code)
                amounts = _amounts(rng, indicator["kind"])
                values.append(
                    {
                        "id": value_id,
                        "indicator_id": indicator["id"],
                        "period_id": period_id,
                        "level": indicator["level"],
                        "territory_code": territory,
                        "region_code": region,
                        "province_code": province,
                        **amounts,
                        "comment_fr": "Suivi trimestriel"
                        if indicator["kind"] == "qualitative"
                        else "",
                        "status": status,
                        "updated_at": now,
                        "updated_by": BENCH_USER,
                        "submitted_by": None if status == ValueStatus.DRAFT else BENCH_USER,
                        "submitted_at": None if status == ValueStatus.DRAFT else now,
                        "reviewed_by": REVIEWER if status in ("validated", "returned") else None,
                        "reviewed_at": now if status in ("validated", "returned") else None,
                        "return_reason": "À vérifier" if status == ValueStatus.RETURNED else "",
                        "provenance": "illustrative",
                        "version": 1,
                    }
                )
                parts += _parts(rng, value_id, dimensions, amounts)
        yield IndicatorValue, values
        yield ValueBreakdown, parts


def _take(next_ids: dict[str, int], table: str) -> int:
    next_ids[table] = next_ids.get(table, 1) + 1
    return next_ids[table] - 1


def _amounts(rng: random.Random, kind: str) -> dict:
    if kind == "unit":
        return {"total": rng.randint(0, 250), "numerator": None, "denominator": None}
    if kind == "percentage":
        denominator = rng.randint(1, 200)
        numerator = rng.randint(0, denominator)
        return {"total": None, "numerator": numerator, "denominator": denominator}
    return {"total": None, "numerator": None, "denominator": None}


def _parts(rng: random.Random, value_id: int, dimensions: list[str], amounts: dict) -> list[dict]:
    rows = []
    for dimension in dimensions:
        count = len(CATEGORIES[dimension])
        if amounts["total"] is not None:
            split = {"total": _split(rng, amounts["total"], count)}
        else:
            numerators = _split(rng, amounts["numerator"], count)
            rest = _split(rng, amounts["denominator"] - amounts["numerator"], count)
            split = {
                "numerator": numerators,
                "denominator": [n + r for n, r in zip(numerators, rest, strict=True)],
            }
        for index, category in enumerate(CATEGORIES[dimension]):
            rows.append(
                {
                    "value_id": value_id,
                    "dimension": dimension,
                    "category": category,
                    "total": None,
                    "numerator": None,
                    "denominator": None,
                    **{name: numbers[index] for name, numbers in split.items()},
                }
            )
    return rows
