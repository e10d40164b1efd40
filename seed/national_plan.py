"""Generate the benchmark strategies and axes, and committees with members, meetings, decisions."""

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import count
from typing import Any

from models.codes import (
    CommitteeKind,
    CommitteeRole,
    DecisionStatus,
    Provenance,
    StrategyStatus,
)
from seed.history import DEMO_TODAY, HISTORY_START, stamp
from seed.national_texts import (
    AXES,
    DECISIONS,
    MANDATE,
    MEETING_SUMMARIES,
    STRATEGY_SUMMARY,
    THEMES,
    coordination_names,
    provincial_names,
    strategy_titles,
    thematic_names,
)

BENCH_USER = "bench"
ILLUSTRATIVE = Provenance.ILLUSTRATIVE.value
STRATEGY_STATUSES = (tuple(StrategyStatus), (2, 3, 5))
ESTABLISHED_DAYS = 900  # committees are set up within this many days of HISTORY_START
OTHER_MEMBERS = (3, 7)  # besides the chair
MEETINGS = (3, 5)
DECISIONS_PER_MEETING = (1, 3)
LINKED_SHARE = 0.4  # of decisions that follow up a measure of their region
D = DecisionStatus
DUE_PAST = ((D.OPEN, D.DONE, D.DROPPED), (3, 6, 1))
DUE_AHEAD = ((D.OPEN, D.DONE), (4, 1))


@dataclass(frozen=True)
class CommitteeSetting:
    """What generated committees draw on; rows are region and province rows, in code order."""

    regions: list[Any]
    provinces: list[Any]
    with_coordination: frozenset[str]
    with_provincial: frozenset[str]
    slots: int
    institutions: list[int]
    chairs: list[int]
    measures: dict[str, list[int]]


@dataclass
class CommitteeRows:
    """The generated rows of each coordination table."""

    committees: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)


def take(next_ids: dict[str, int], table: str) -> int:
    """The next free id of `table`, now taken."""
    next_ids[table] += 1
    return next_ids[table] - 1


def strategy_rows(rng: random.Random, regions: list[Any], next_ids: dict[str, int]) -> list[dict]:
    """A strategy for each of `regions` (rows with code and names)."""
    rows = []
    for region in regions:
        status = rng.choices(*STRATEGY_STATUSES)[0]
        adopted = status == StrategyStatus.ADOPTED
        title_fr, title_ar, title_en = strategy_titles(
            region.name_fr, region.name_ar, region.name_en
        )
        rows.append(
            {
                "id": take(next_ids, "strategy"),
                "region_code": region.code,
                "title_fr": title_fr,
                "title_ar": title_ar,
                "title_en": title_en,
                **texts("summary", STRATEGY_SUMMARY),
                "adopted_on": _day_after(rng, HISTORY_START, 900) if adopted else None,
                "horizon_start": 2022,
                "horizon_end": 2027,
                "status": status.value,
                "provenance": ILLUSTRATIVE,
            }
        )
    return rows


def axis_rows(codes_by_strategy: dict[int, set[str]], next_ids: dict[str, int]) -> list[dict]:
    """Axes that bring each strategy (id: its axis codes) to five, coded A1… after its own."""
    rows = []
    for strategy_id, used in codes_by_strategy.items():
        free = (code for n in count(1) if (code := f"A{n}") not in used)
        for position in range(len(used) + 1, len(AXES) + 1):
            rows.append(
                {
                    "id": take(next_ids, "axis"),
                    "strategy_id": strategy_id,
                    "code": next(free),
                    "position": position,
                    **texts("title", AXES[position - 1]),
                    "provenance": ILLUSTRATIVE,
                }
            )
    return rows


def committee_rows(
    rng: random.Random, setting: CommitteeSetting, next_ids: dict[str, int]
) -> CommitteeRows:
    """The committees `setting.slots` allows, each with its members, meetings and decisions."""
    rows = CommitteeRows()
    for kind, region, province, names in _committee_kinds(setting):
        committee_id = take(next_ids, "committee")
        established = _day_after(rng, HISTORY_START, ESTABLISHED_DAYS)
        chair = rng.choice(setting.chairs)
        others = [i for i in setting.institutions if i != chair]
        members = [chair, *rng.sample(others, rng.randint(*OTHER_MEMBERS))]
        rows.committees.append(
            {
                "id": committee_id,
                "region_code": region,
                "province_code": province,
                "kind": kind.value,
                **texts("name", names),
                **texts("mandate", MANDATE),
                "established_on": established,
                "chair_institution_id": chair,
                "provenance": ILLUSTRATIVE,
            }
        )
        rows.members += [
            {
                "id": take(next_ids, "committeemember"),
                "committee_id": committee_id,
                "institution_id": institution,
                "role": _role(rng, position, len(members)),
                "provenance": ILLUSTRATIVE,
            }
            for position, institution in enumerate(members)
        ]
        span = (DEMO_TODAY - established).days
        for offset in sorted(rng.sample(range(span), rng.randint(*MEETINGS))):
            held = established + timedelta(days=offset)
            meeting_id = take(next_ids, "meeting")
            rows.meetings.append(
                {
                    "id": meeting_id,
                    "committee_id": committee_id,
                    "held_on": held,
                    "attendance": rng.randint(len(members) + 2, 3 * len(members) + 5),
                    **texts("summary", rng.choice(MEETING_SUMMARIES)),
                    "provenance": ILLUSTRATIVE,
                    "recorded_at": stamp(held),
                    "recorded_by": BENCH_USER,
                }
            )
            for _ in range(rng.randint(*DECISIONS_PER_MEETING)):
                decision = _decision(rng, held, members, setting.measures.get(region, []))
                rows.decisions.append(
                    {"id": take(next_ids, "decision"), "meeting_id": meeting_id, **decision}
                )
    return rows


def _committee_kinds(setting: CommitteeSetting) -> list[tuple]:
    """(kind, region, province, names) of the committees to add: a coordination committee for
    each region without one, a committee for each province without one, then thematic groups
    region after region, up to `setting.slots`."""
    kinds = [
        (
            CommitteeKind.REGIONAL_COORDINATION,
            r.code,
            None,
            coordination_names(r.name_fr, r.name_ar, r.name_en),
        )
        for r in setting.regions
        if r.code not in setting.with_coordination
    ]
    kinds += [
        (
            CommitteeKind.PROVINCIAL_COMMITTEE,
            p.region_code,
            p.code,
            provincial_names(p.name_fr, p.name_ar),
        )
        for p in setting.provinces
        if p.code not in setting.with_provincial
    ]
    regions = len(setting.regions)
    for n in range(max(0, setting.slots - len(kinds))):
        r, theme = setting.regions[n % regions], THEMES[n // regions % len(THEMES)]
        names = thematic_names(theme, r.name_fr, r.name_ar, r.name_en)
        kinds.append((CommitteeKind.THEMATIC_GROUP, r.code, None, names))
    return kinds[: setting.slots]


def _role(rng: random.Random, position: int, members: int) -> str:
    if position == 0:
        return CommitteeRole.CHAIR.value
    if position == 1:
        return CommitteeRole.VICE_CHAIR.value
    if position == members - 1:
        return CommitteeRole.SECRETARIAT.value
    return rng.choice((CommitteeRole.MEMBER, CommitteeRole.MEMBER, CommitteeRole.OBSERVER)).value


def _decision(
    rng: random.Random, held: date, members: list[int], region_measures: list[int]
) -> dict[str, Any]:
    due = held + timedelta(days=rng.randint(30, 270))
    status = rng.choices(*(DUE_PAST if due < DEMO_TODAY else DUE_AHEAD))[0]
    closed = None
    if status != D.OPEN:
        closed = held + timedelta(days=rng.randint(1, (min(due, DEMO_TODAY) - held).days))
    linked = region_measures and rng.random() < LINKED_SHARE
    return {
        **texts("text", rng.choice(DECISIONS)),
        "owner_institution_id": rng.choice(members),
        "due_on": due,
        "status": status.value,
        "closed_on": closed,
        "measure_id": rng.choice(region_measures) if linked else None,
        "provenance": ILLUSTRATIVE,
        # Closed in one change after the meeting, as the demo's decisions are.
        "version": 1 if closed is None else 2,
        "updated_at": stamp(closed or held),
        "updated_by": BENCH_USER,
    }


def _day_after(rng: random.Random, first: date, days: int) -> date:
    return first + timedelta(days=rng.randrange(days))


def texts(column: str, values: Iterable[str]) -> dict[str, str]:
    """The `column_fr`, `column_ar`, `column_en` of a row, from its (fr, ar, en) values."""
    return {f"{column}_{lang}": v for lang, v in zip(("fr", "ar", "en"), values, strict=True)}
