"""Generate the benchmark measures with their tags, partners, baseline and a history that ends
in each measure's status, progress and spending."""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from models.codes import (
    GCM_OBJECTIVES,
    SDG_TARGETS,
    SNIA_PROGRAMMES,
    SNMRE_OBJECTIVES,
    Level,
    MeasureStatus,
    TagScheme,
)
from models.revisions import BASELINE_FIELDS
from seed.history import (
    CREATED_NOTE,
    DEMO_TODAY,
    HISTORY_START,
    STEP_NOTE,
    TRANSITION_NOTES,
    progress_note,
    stamp,
)
from seed.national_plan import BENCH_USER, ILLUSTRATIVE, take, texts
from seed.national_texts import LEVEL_DESCRIPTIONS, MEASURE_ACTIONS

S = MeasureStatus
CHUNK = 5_000  # measures generated, then inserted, together
LEVELS = (Level.REGION, Level.PROVINCE, Level.COMMUNE)
LEVEL_WEIGHTS = (3, 4, 3)
# A measure's status fits its number of history rows: its creation alone leaves it planned,
# completing or suspending it takes a start first.
TWO_ROW_STATUSES = ((S.PLANNED, S.IN_PROGRESS, S.CANCELLED), (3, 6, 1))
LONGER_STATUSES = (
    (S.PLANNED, S.IN_PROGRESS, S.COMPLETED, S.SUSPENDED, S.CANCELLED),
    (1, 9, 5, 2, 1),
)
# The progress a started measure reached before its last status (or now, in progress).
REACHED = {
    S.IN_PROGRESS: (5, 95),
    S.COMPLETED: (60, 95),
    S.SUSPENDED: (5, 80),
    S.CANCELLED: (5, 70),
}
# Planned starts: measures not started yet mostly start late in the period.
STARTS = {True: (date(2025, 1, 1), date(2026, 12, 31)), False: (HISTORY_START, date(2026, 6, 30))}
PLANNED_LAST = date(2027, 12, 31)
UNKNOWN_BUDGET_SHARE = 0.15
OTHER_TAGS = (
    (TagScheme.SNIA, SNIA_PROGRAMMES),
    (TagScheme.SDG, SDG_TARGETS),
    (TagScheme.SNMRE, SNMRE_OBJECTIVES),
)
PROGRESS_NOTES = [progress_note(p) for p in range(101)]


@dataclass(frozen=True)
class Place:
    """Where a measure can be: a region, a province or a commune, with its names."""

    level: Level
    region: str
    province: str | None
    commune: str | None
    names: tuple[str, str, str]


@dataclass(frozen=True)
class MeasureSetting:
    """What generated measures draw on, each list in code order."""

    regions: list[str]
    cum_population: list[int]
    places: dict[tuple[str, Level], list[Place]]
    axes: dict[str, list[int]]
    institutions: list[int]


@dataclass
class MeasureRows:
    """The rows of a chunk of generated measures, by table."""

    measures: list[dict] = field(default_factory=list)
    tags: list[dict] = field(default_factory=list)
    partners: list[dict] = field(default_factory=list)
    baselines: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)


def history_counts(rng: random.Random, measures: int, history: int) -> list[int]:
    """How many history rows each measure gets: at least one, `history` in all."""
    weights = [rng.randint(20, 180) for _ in range(measures)]
    extra, total = history - measures, sum(weights)
    counts = [1 + extra * w // total for w in weights]
    for index in rng.sample(range(measures), history - sum(counts)):
        counts[index] += 1
    return counts


def generate_measures(
    rng: random.Random, setting: MeasureSetting, counts: list[int], next_ids: dict[str, int]
) -> Iterator[MeasureRows]:
    """Measures with `counts` history rows each, CHUNK measures at a time."""
    for start in range(0, len(counts), CHUNK):
        rows = MeasureRows()
        for number in range(start, min(start + CHUNK, len(counts))):
            _add_measure(rng, setting, rows, number, counts[number], next_ids)
        yield rows


def _add_measure(
    rng: random.Random,
    setting: MeasureSetting,
    rows: MeasureRows,
    number: int,
    versions: int,
    next_ids: dict[str, int],
) -> None:
    measure_id = take(next_ids, "measure")
    place = _place(rng, setting, number)
    status = _status(rng, versions)
    low, high = STARTS[status == S.PLANNED]
    planned_start = low + timedelta(days=rng.randrange((high - low).days))
    planned_end = min(planned_start + timedelta(days=rng.randint(180, 1460)), PLANNED_LAST)
    budget_planned = None if rng.random() < UNKNOWN_BUDGET_SHARE else _amount(rng)
    path = _path(rng, status, versions)
    progress = path[-1][1]
    spent = (budget_planned or _amount(rng)) * progress * rng.randint(70, 110) // 10**7 * 1000
    days = _days(rng, planned_start, versions)
    history = _history(measure_id, path, days, spent, next_ids)
    action = rng.choice(MEASURE_ACTIONS)
    lead, *partners = rng.sample(setting.institutions, rng.randint(1, 3))
    measure = {
        "id": measure_id,
        "code": f"B{place.region}-{number + 1:06d}",
        "region_code": place.region,
        "province_code": place.province,
        "commune_code": place.commune,
        "axis_id": rng.choice(setting.axes[place.region]),
        **texts("title", map("{} – {}".format, action, place.names)),
        **texts("description", map(str.format, LEVEL_DESCRIPTIONS[place.level], place.names)),
        "lead_institution_id": lead,
        "planned_start": planned_start,
        "planned_end": planned_end,
        "baseline_start": planned_start,
        "baseline_end": planned_end,
        "actual_start": history[-1]["new_actual_start"],
        "actual_end": history[-1]["new_actual_end"],
        "budget_planned": budget_planned,
        # Illustrative: paid, and half of what is left committed already (unknown without a plan).
        "budget_committed": None
        if budget_planned is None
        else spent + max(budget_planned - spent, 0) // 2 // 1000 * 1000,
        "budget_paid": spent,
        "status": status.value,
        "progress": progress,
        "provenance": ILLUSTRATIVE,
        "version": versions,
        "updated_at": history[-1]["changed_at"],
        "updated_by": BENCH_USER,
    }
    rows.measures.append(measure)
    rows.tags += _tags(rng, measure_id)
    rows.partners += [
        {"measure_id": measure_id, "institution_id": institution, "position": position}
        for position, institution in enumerate(partners)
    ]
    rows.baselines.append(
        {
            "measure_id": measure_id,
            **{name: measure[name] for name in BASELINE_FIELDS},
            "adopted_at": history[0]["changed_at"],
            "adopted_by": BENCH_USER,
        }
    )
    rows.history += history


def _place(rng: random.Random, setting: MeasureSetting, number: int) -> Place:
    regions = setting.regions
    # The first measures cover every region at every level; the rest follow the population.
    if number < len(regions) * len(LEVELS):
        region, level = regions[number % len(regions)], LEVELS[number // len(regions)]
    else:
        region = rng.choices(regions, cum_weights=setting.cum_population)[0]
        level = rng.choices(LEVELS, LEVEL_WEIGHTS)[0]
    return rng.choice(setting.places[region, level])


def _status(rng: random.Random, versions: int) -> MeasureStatus:
    if versions == 1:
        return S.PLANNED
    return rng.choices(*(TWO_ROW_STATUSES if versions == 2 else LONGER_STATUSES))[0]


def _path(rng: random.Random, status: MeasureStatus, versions: int) -> list[tuple]:
    """(status, progress) of each history row: created, started, progressing, then `status`."""
    if status == S.PLANNED:
        return [(S.PLANNED, 0)] * versions
    if versions == 2 and status == S.CANCELLED:
        return [(S.PLANNED, 0), (S.CANCELLED, 0)]
    closing = status != S.IN_PROGRESS
    steps = versions - 1 - closing
    reached = rng.randint(*REACHED[status])
    path = [(S.PLANNED, 0)] + [(S.IN_PROGRESS, reached * n // steps) for n in range(1, steps + 1)]
    if closing:
        path.append((status, 100 if status == S.COMPLETED else reached))
    return path


def _days(rng: random.Random, planned_start: date, versions: int) -> list[date]:
    """The days of a measure's history rows: distinct, rising, from its creation to today."""
    latest = DEMO_TODAY - timedelta(days=2 * (versions - 1))
    created = planned_start - timedelta(days=rng.randint(30, 365))
    first = min(max(HISTORY_START, created), latest)
    offsets = sorted(rng.sample(range(1, (DEMO_TODAY - first).days + 1), versions - 1))
    return [first, *(first + timedelta(days=offset) for offset in offsets)]


def _history(
    measure_id: int, path: list[tuple], days: list[date], spent: int, next_ids: dict[str, int]
) -> list[dict[str, Any]]:
    final = path[-1][1]
    rows: list[dict[str, Any]] = []
    started = ended = None
    for version, ((status, progress), day) in enumerate(zip(path, days, strict=True), 1):
        old = rows[-1] if rows else {}
        if status == S.IN_PROGRESS and started is None:
            started = day
        if status == S.COMPLETED:
            ended = day
        # Earlier rows report spending in step with progress, in whole thousands of dirhams.
        last = version == len(path) or not final
        spent_then = spent if last else spent * progress // final // 1000 * 1000
        note = _note(old, status, progress)
        rows.append(
            {
                "id": take(next_ids, "measureupdate"),
                "measure_id": measure_id,
                "version": version,
                "changed_at": stamp(day),
                "changed_by": BENCH_USER,
                "old_status": old.get("new_status"),
                "new_status": status.value,
                "old_progress": old.get("new_progress"),
                "new_progress": progress,
                "old_actual_start": old.get("new_actual_start"),
                "new_actual_start": started,
                "old_actual_end": old.get("new_actual_end"),
                "new_actual_end": ended,
                "old_budget_paid": old.get("new_budget_paid"),
                "new_budget_paid": spent_then,
                **texts("note", (note["fr"], note["ar"], note["en"])),
                "evidence_url": "",
            }
        )
    return rows


def _note(old: dict[str, Any], status: MeasureStatus, progress: int) -> dict[str, str]:
    if not old:
        return CREATED_NOTE
    if old["new_status"] != status:
        return TRANSITION_NOTES[S(old["new_status"]), status]
    if old["new_progress"] != progress:
        return PROGRESS_NOTES[progress]
    return STEP_NOTE


def _tags(rng: random.Random, measure_id: int) -> list[dict[str, str]]:
    """A GCM objective, and for half the measures a tag of another scheme."""
    tags = [(TagScheme.GCM, str(rng.choice(GCM_OBJECTIVES)))]
    if rng.random() < 0.5:
        scheme, codes = rng.choice(OTHER_TAGS)
        tags.append((scheme, rng.choice(codes)))
    return [{"measure_id": measure_id, "scheme": s.value, "code": c} for s, c in tags]


def _amount(rng: random.Random) -> int:
    """A budget in MAD: 50,000 to 20 million, in tens of thousands."""
    return rng.randrange(5, 2000) * 10_000
