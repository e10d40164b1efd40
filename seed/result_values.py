"""The demo's reported amounts: each territory's value per period and its disaggregated parts."""

# Numbers follow the few given in results.yaml (a monthly series, a rate) with a small wobble
# drawn from random.Random seeded by the value's own key, so every load gives the same values.

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from models.result_codes import SESSION_MONTHS, Cumulation, IndicatorKind
from seed.result_records import IndicatorRecord

SESSIONS = tuple(f"{y}-{m:02d}" for y in range(2023, 2027) for m in SESSION_MONTHS)
YEARS = ("2023", "2024", "2025")
WOBBLE = 0.08  # a flow's amount moves up to 8 % off its trend
PART_WOBBLE = 0.25  # a category's weight moves up to 25 % off its share
# The usual split of each dimension; "unknown" stays small but present, so parts always add up.
SHARES = {
    "sex": {"female": 44, "male": 54, "unknown": 2},
    "age": {"0_17": 11, "18_34": 56, "35_59": 28, "60_plus": 3, "unknown": 2},
    "status": {
        "regular_migrant": 52,
        "refugee_asylum": 9,
        "moroccan_abroad": 9,
        "returnee": 10,
        "host_community": 18,
        "unknown": 2,
    },
    "disability": {"with": 4, "without": 93, "unknown": 3},
}


@dataclass(frozen=True)
class Committee:
    """What the demo says its regional coordination committee did: meetings and decisions."""

    meetings: list[date]
    decisions: list[tuple[date, date | None]]  # due on, closed on (None: still open)


@dataclass(frozen=True)
class Amount:
    """A value's amounts, its parts by (dimension, category) and, if qualitative, its comment."""

    total: int | None = None
    numerator: int | None = None
    denominator: int | None = None
    parts: dict[tuple[str, str], tuple[int | None, int | None, int | None]] = field(
        default_factory=dict
    )
    comment: dict[str, str] = field(default_factory=dict)


def amounts(
    indicator: IndicatorRecord,
    periods: dict[str, dict[str, Any]],
    committee: Committee,
    denominators: dict[tuple[str, str], Amount],
) -> dict[tuple[str, str], Amount]:
    """The indicator's amounts by (territory, period code); percentages divide by `denominators`."""
    codes = YEARS if indicator.plan["reported"] == "years" else SESSIONS
    found = {}
    for territory, spec in indicator.territories.items():
        for position, code in enumerate(codes):
            if spec["from"] and code < spec["from"]:
                continue
            trend = Trend(
                position / (len(codes) - 1), f"{indicator.row['code']}/{territory}/{code}"
            )
            amount = _amount(
                indicator,
                spec,
                periods[code],
                trend,
                committee,
                denominators.get((territory, code)),
            )
            if amount is not None:
                found[(territory, code)] = amount
    return found


@dataclass(frozen=True)
class Trend:
    """Where a value stands on its indicator's line (0 first period, 1 last) and its own key."""

    at: float
    key: str


def _amount(indicator, spec, period, trend: Trend, committee, other) -> Amount | None:
    row, plan = indicator.row, indicator.plan
    if row["kind"] == IndicatorKind.QUALITATIVE:
        stages = plan["assessments"]
        text = stages[min(int(trend.at * len(stages)), len(stages) - 1)]
        return Amount(comment={lang: text[f"text_{lang}"] for lang in ("fr", "ar", "en")})
    if plan["source"] is not None:
        return _counted(plan["source"], period, committee)
    if plan["denominator"] is not None:
        base = None if other is None else other.total
    else:
        flow = _flow(row, period, trend.key)
        base = round(_along(plan["series"], trend.at) * spec["share"] / 100 * flow)
    weights = {d: plan["shares"].get(d, SHARES[d]) for d in SHARES if row[f"by_{d}"]}
    if row["kind"] == IndicatorKind.UNIT:
        parts = {d: split(base, w, f"{trend.key}/{d}") for d, w in weights.items()}
        return Amount(total=base, parts=_rows(parts, lambda n: (n, None, None)))
    if not base:
        return None
    rate = _along(plan["rate"], trend.at) / 100 * _flow(row, None, trend.key + "/rate")
    numerator = min(base, round(base * rate))
    parts = {}
    for d, w in weights.items():
        # The parts of the indicator divided by, when it asks the same dimension.
        given = other is not None and (d, "unknown") in other.parts
        below = (
            {c: other.parts[(d, c)][0] for c in w} if given else split(base, w, f"{trend.key}/{d}")
        )
        above = _largest_remainder({c: n * numerator / base for c, n in below.items()}, below)
        parts[d] = {c: (above[c], below[c]) for c in below}
    return Amount(numerator=numerator, denominator=base, parts=_rows(parts, lambda p: (None, *p)))


def _counted(source: str, period: dict[str, Any], committee: Committee) -> Amount | None:
    """What the committee did within the period: meetings held, decisions closed when due."""

    def within(day: date) -> bool:
        return period["starts_on"] <= day <= period["ends_on"]

    if source == "meetings":
        return Amount(total=sum(map(within, committee.meetings)))
    due = [(day, closed) for day, closed in committee.decisions if within(day)]
    kept = sum(closed is not None and closed <= day for day, closed in due)
    return Amount(numerator=kept, denominator=len(due)) if due else None


def _rows(parts: dict[str, dict[str, Any]], shape) -> dict[tuple[str, str], tuple]:
    return {(d, c): shape(n) for d, by in parts.items() for c, n in by.items()}


def _flow(row: dict[str, Any], period: dict[str, Any] | None, key: str) -> float:
    """A flow's factor: its period's months, a little off; a level (latest) keeps to its trend."""
    if row["cumulation"] != Cumulation.SUM:
        return 1
    if period is None:
        return _wobble(key)
    start, end = period["starts_on"], period["ends_on"]
    return ((end.year - start.year) * 12 + end.month - start.month + 1) * _wobble(key)


def _along(pair: list[float], at: float) -> float:
    first, last = pair
    return first + (last - first) * at


def _wobble(key: str) -> float:
    return 1 + random.Random(key).uniform(-WOBBLE, WOBBLE)


def split(total: int, weights: dict[str, float], key: str) -> dict[str, int]:
    """`total` in whole parts by the categories' weights, each a little off, adding up exactly."""
    draw = random.Random(key)
    moved = {c: w * (1 + draw.uniform(-PART_WOBBLE, PART_WOBBLE)) for c, w in weights.items()}
    whole = sum(moved.values())
    return _largest_remainder({c: total * w / whole for c, w in moved.items()})


def _largest_remainder(exact: dict[str, float], caps: dict[str, int] | None = None):
    """Whole parts adding up to the sum of `exact`, the largest fractions up, none above `caps`."""
    parts = {c: int(x) for c, x in exact.items()}
    target = round(sum(exact.values()))
    room = [c for c in exact if caps is None or parts[c] < caps[c]]
    room.sort(key=lambda c: parts[c] - exact[c])
    for c in room[: target - sum(parts.values())]:
        parts[c] += 1
    return parts
