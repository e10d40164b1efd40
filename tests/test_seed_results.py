"""Demo results: every region's calendar, the pilot logframes, values that keep the reporting
rules, their approval trails, and a seed that still knows what it wrote."""

import json
import re
import shutil
from collections import Counter, defaultdict
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import (
    Axis,
    ChangeLog,
    Committee,
    Commune,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Measure,
    Meeting,
    Province,
    ReportingPeriod,
    Result,
    Strategy,
    TargetRevision,
    ValueBreakdown,
)
from models.codes import PILOT_REGIONS, CommitteeKind, Role
from models.result_codes import (
    CATEGORIES,
    SESSION_MONTHS,
    IndicatorKind,
    ValueAction,
    ValueStatus,
)
from seed.accounts import DEMO_ACCOUNTS, create_demo_accounts
from seed.fields import SeedDataError
from seed.history import DEMO_TODAY, STAMP_TIME
from seed.loader import UserDataFound, is_empty, load_demo, user_data_counts
from seed.records import DATA_DIR
from services import periods
from services.actors import Actor
from services.db import make_engine
from services.result_writes import revise_target
from services.value_checks import ValueEntry
from services.value_writes import save_value, take_step
from tests.helpers import ADMIN, dump

ARABIC = re.compile("[\u0621-\u064a]")
EDITORS = {regions[0]: name for name, _, role, regions in DEMO_ACCOUNTS if role == Role.EDITOR}
VALIDATORS = {r[0]: name for name, _, role, r in DEMO_ACCOUNTS if role == Role.VALIDATOR}
RESULT_TABLES = (
    ReportingPeriod,
    Result,
    Indicator,
    IndicatorTarget,
    TargetRevision,
    IndicatorValue,
    ValueBreakdown,
)
SESSIONS = [f"{y}-{m:02d}" for y in range(2023, 2028) for m in SESSION_MONTHS]
LATEST = ("2026-07", "2026-10")


def rows(engine, model) -> list:
    with Session(engine) as session:
        return list(session.scalars(select(model)))


def people_wrote(engine) -> dict[str, int]:
    return {kind: n for kind, n in user_data_counts(engine).items() if n}


@pytest.fixture(scope="module")
def demo(seeded_template):
    """The seeded database's results, read once: indicators, periods, values, parts, trails."""
    engine = make_engine(f"sqlite:///{seeded_template}")
    try:
        found = {model: rows(engine, model) for model in (*RESULT_TABLES, Result, ChangeLog)}
    finally:
        engine.dispose()
    parts = defaultdict(list)
    for part in found[ValueBreakdown]:
        parts[part.value_id].append(part)
    trails = defaultdict(list)
    for entry in sorted(found[ChangeLog], key=lambda e: (e.at, e.id)):
        if entry.entity == "indicatorvalue":
            trails[entry.entity_id].append(entry)
    return {
        "indicators": {i.id: i for i in found[Indicator]},
        "periods": {p.id: p for p in found[ReportingPeriod]},
        "values": found[IndicatorValue],
        "parts": parts,
        "trails": trails,
        "results": found[Result],
        "targets": found[IndicatorTarget],
        "revisions": found[TargetRevision],
        "changelog": found[ChangeLog],
    }


# The logframes


def test_every_pilot_region_has_results_of_each_kind(demo, engine):
    indicators = list(demo["indicators"].values())
    for region in PILOT_REGIONS:
        own = [i for i in indicators if i.region_code == region]
        assert 6 <= len(own) <= 8, region
        assert {i.kind for i in own} == set(IndicatorKind), region
        assert 2 <= sum(r.region_code == region for r in demo["results"]) <= 3
    assert any(i.kind == "unit" and not i.aggregatable for i in indicators)
    assert {i.cumulation for i in indicators} == {"sum", "latest"}
    assert {i.level for i in indicators} == {"region", "province", "commune"}
    with Session(engine) as session:
        axes = dict(session.execute(select(Axis.id, Strategy.region_code).join(Strategy)).all())
        measures = dict(session.execute(select(Measure.id, Measure.region_code)).all())
    for result in demo["results"]:
        owner = axes.get(result.axis_id) or measures.get(result.measure_id)
        assert owner == result.region_code and result.provenance == "illustrative"


def test_titles_and_units_in_three_languages(demo):
    for row in [*demo["results"], *demo["indicators"].values()]:
        assert row.title_fr and ARABIC.search(row.title_ar) and row.title_en, row
        assert row.provenance == "illustrative"
    for indicator in demo["indicators"].values():
        if indicator.kind != "qualitative":
            assert indicator.unit_fr and indicator.unit_ar and indicator.unit_en
            assert ARABIC.search(indicator.unit_ar) or indicator.unit_ar == "%"


def test_baselines_targets_and_revisions_agree(demo):
    revisions = Counter(r.indicator_id for r in demo["revisions"])
    targets = {(t.indicator_id, t.period_code): t.value for t in demo["targets"]}
    assert len(demo["revisions"]) >= 1
    for indicator in demo["indicators"].values():
        assert indicator.version == 1 + revisions[indicator.id]
        assert indicator.target_year == 2027
        if indicator.kind == "qualitative":
            assert indicator.baseline_value is None and indicator.target_value is None
        else:
            assert indicator.target_value is not None
    for revision in demo["revisions"]:
        indicator = demo["indicators"][revision.indicator_id]
        now = (
            indicator.target_value
            if revision.period_code is None
            else targets[(indicator.id, revision.period_code)]
        )
        assert revision.new_value == now != revision.old_value and revision.reason
        assert revision.revised_by == EDITORS[indicator.region_code]
        assert revision.revised_at.timetz() == STAMP_TIME


def test_every_region_has_its_calendar_and_the_pilots_closed_their_past(demo):
    by_region = defaultdict(dict)
    for period in demo["periods"].values():
        by_region[period.region_code][period.code] = period
    assert len(by_region) == 12
    years = [str(y) for y in range(2023, 2028)]
    for region, found in by_region.items():
        assert sorted(found) == sorted(SESSIONS + years), region
        for code, period in found.items():
            closed = region in PILOT_REGIONS and code[:4] <= "2025"
            assert (period.locked_by == "admin") == closed and period.version == 1
            if closed:
                assert period.session_on < period.locked_at.date() <= DEMO_TODAY


# Reported values


def test_each_value_has_the_amounts_of_its_kind(demo):
    for value in demo["values"]:
        indicator = demo["indicators"][value.indicator_id]
        amounts = (value.total, value.numerator, value.denominator)
        if indicator.kind == "unit":
            assert value.total >= 0 and amounts[1:] == (None, None)
        elif indicator.kind == "percentage":
            assert value.total is None and 0 <= value.numerator <= value.denominator
            assert value.denominator > 0
        else:
            assert amounts == (None, None, None)
            assert value.comment_fr and ARABIC.search(value.comment_ar) and value.comment_en
        assert value.provenance == "illustrative"


def test_parts_cover_every_category_and_add_up(demo):
    small = 0
    for value in demo["values"]:
        indicator = demo["indicators"][value.indicator_id]
        by_dimension = defaultdict(dict)
        for part in demo["parts"][value.id]:
            by_dimension[part.dimension][part.category] = part
        assert set(by_dimension) == set(indicator.dimensions()), value.id
        for dimension, found in by_dimension.items():
            assert set(found) == set(CATEGORIES[dimension]), (value.id, dimension)
            if indicator.kind == "unit":
                assert sum(p.total for p in found.values()) == value.total
                assert all(p.numerator is None and p.denominator is None for p in found.values())
                small += sum(1 <= p.total <= 4 for p in found.values())
            else:
                assert sum(p.numerator for p in found.values()) == value.numerator
                assert sum(p.denominator for p in found.values()) == value.denominator
                assert all(0 <= p.numerator <= p.denominator for p in found.values())
    assert small >= 20


def test_values_sit_at_their_indicator_level_in_their_region(demo, engine):
    with Session(engine) as session:
        provinces = dict(session.execute(select(Province.code, Province.region_code)).all())
        communes = {c.code: c for c in session.scalars(select(Commune))}
    seen = set()
    for value in demo["values"]:
        indicator = demo["indicators"][value.indicator_id]
        period = demo["periods"][value.period_id]
        assert value.level == indicator.level
        assert value.region_code == indicator.region_code == period.region_code
        if value.level == "region":
            assert value.territory_code == value.region_code and value.province_code is None
        elif value.level == "province":
            assert provinces[value.territory_code] == value.region_code
            assert value.province_code == value.territory_code
        else:
            commune = communes[value.territory_code]
            assert (commune.region_code, commune.province_code) == (
                value.region_code,
                value.province_code,
            )
        key = (value.indicator_id, value.period_id, value.territory_code)
        assert key not in seen
        seen.add(key)
    sessions = {demo["periods"][v.period_id].code for v in demo["values"]}
    assert min(sessions) == "2023" and max(sessions) == "2026-10"
    assert {"2023", "2024", "2025", "2023-03", "2026-10"} <= sessions


def test_the_souss_massa_values_cover_the_named_provinces_and_communes(demo):
    places = {v.territory_code for v in demo["values"] if v.region_code == "09"}
    assert {"09.163", "09.581", "09.273"} <= places
    assert {"09.163.01.01", "09.163.05.11", "09.163.01.27"} <= places


def test_statuses_follow_the_approval_rules(demo):
    latest = defaultdict(set)
    for value in demo["values"]:
        region, period = value.region_code, demo["periods"][value.period_id]
        editor, validator = EDITORS[region], VALIDATORS[region]
        assert value.updated_by == editor
        if value.status == ValueStatus.DRAFT:
            assert value.submitted_at is None and value.reviewed_at is None
        else:
            assert (value.submitted_by, value.submitted_at is not None) == (editor, True)
        if value.status in (ValueStatus.RETURNED, ValueStatus.VALIDATED):
            assert value.reviewed_by == validator != value.submitted_by
            assert value.reviewed_at is not None
        assert (value.reviewed_by is None) == (value.reviewed_at is None)
        # A reason stays once a value was returned, as the service keeps it.
        assert not value.return_reason or value.reviewed_by == validator
        if value.status == ValueStatus.RETURNED:
            assert value.return_reason
        if period.code in LATEST:
            latest[region].add(value.status)
        else:
            assert value.status == ValueStatus.VALIDATED, (period.code, value.id)
    for region in PILOT_REGIONS:
        assert latest[region] == set(ValueStatus), region


def test_each_trail_tells_how_its_value_came_to_its_status(demo):
    for value in demo["values"]:
        steps = demo["trails"][value.id]
        period = demo["periods"][value.period_id]
        assert len(steps) == value.version
        assert steps[0].action == "saved" and [s.at for s in steps] == sorted(s.at for s in steps)
        after = {"saved": "draft", "submitted": "submitted"}
        last = steps[-1].action
        assert value.status == after.get(last, last)
        for step in steps:
            detail = json.loads(step.detail)
            assert detail["period"] == period.code and step.region_code == value.region_code
            assert step.at.timetz() == STAMP_TIME and step.at.date() <= DEMO_TODAY
            if step.action == "saved":
                assert detail["territory"] == value.territory_code
                assert step.actor == value.updated_by
            else:
                assert detail["status"] == after.get(step.action, step.action)
            if step.action == "returned":
                assert detail["reason"] == value.return_reason
        if period.locked_at is not None:
            assert steps[-1].at < period.locked_at
        reviews = [s for s in steps if s.action in ("returned", "validated")]
        if reviews:
            assert (reviews[-1].actor, reviews[-1].at) == (value.reviewed_by, value.reviewed_at)


def test_meetings_held_are_counted_from_the_regional_committee(demo, engine):
    with Session(engine) as session:
        held = session.execute(
            select(Committee.region_code, Meeting.held_on)
            .join(Committee)
            .where(Committee.kind == CommitteeKind.REGIONAL_COORDINATION)
        ).all()
    counted = 0
    for value in demo["values"]:
        indicator = demo["indicators"][value.indicator_id]
        if indicator.unit_en == "meetings":
            period = demo["periods"][value.period_id]
            counted += value.total
            assert value.total == sum(
                region == value.region_code and period.starts_on <= day <= period.ends_on
                for region, day in held
            )
    assert counted >= 6


# What the seed wrote, and people's changes


def test_the_untouched_demo_holds_no_user_data(db_engine):
    create_demo_accounts(db_engine)
    assert people_wrote(db_engine) == {}


def seeded_value(engine, status: str, region: str = "09") -> IndicatorValue:
    with Session(engine) as session:
        return session.scalars(
            select(IndicatorValue)
            .where(IndicatorValue.status == status, IndicatorValue.region_code == region)
            .order_by(IndicatorValue.id)
        ).first()


def editor(region: str = "09") -> Actor:
    return Actor(EDITORS[region], "Editor", Role.EDITOR, frozenset({region}))


def submit_a_draft(engine) -> None:
    draft = seeded_value(engine, "draft")
    take_step(
        engine, actor=editor(), action=ValueAction.SUBMITTED, values=[(draft.id, draft.version)]
    )


def report_a_new_value(engine) -> None:
    draft = seeded_value(engine, "draft")
    with Session(engine) as session:
        period = session.scalar(
            select(ReportingPeriod.id).where(
                ReportingPeriod.region_code == "09", ReportingPeriod.code == "2027-03"
            )
        )
        indicator = session.get(Indicator, draft.indicator_id)
    save_value(
        engine,
        actor=editor(),
        indicator_id=indicator.id,
        period_id=period,
        territory_code=draft.territory_code,
        expected_version=None,
        entry=ValueEntry(comment="Nouvelle appréciation", **_amounts(indicator)),
    )


def _amounts(indicator: Indicator) -> dict:
    if indicator.kind == "unit":
        parts = {(d, c): 0 for d in indicator.dimensions() for c in CATEGORIES[d]}
        return {"total": 0, "parts": parts}
    if indicator.kind == "percentage":
        parts = {(d, c): (0, 0) for d in indicator.dimensions() for c in CATEGORIES[d]}
        parts |= {(d, "unknown"): (1, 2) for d in indicator.dimensions()}
        return {"numerator": 1, "denominator": 2, "parts": parts}
    return {}


def revise_a_target(engine) -> None:
    with Session(engine) as session:
        indicator = session.scalars(select(Indicator).where(Indicator.code == "SM-I4")).one()
    revise_target(
        engine,
        actor=editor(),
        indicator_id=indicator.id,
        expected_version=indicator.version,
        period_code="2027-03",
        new_value=130,
        reason="Nouvelle antenne",
        language="fr",
    )


def lock_a_period(engine) -> None:
    with Session(engine) as session:
        period = session.scalars(
            select(ReportingPeriod).where(
                ReportingPeriod.region_code == "09", ReportingPeriod.code == "2026-03"
            )
        ).one()
    periods.lock(engine, actor=ADMIN, period_id=period.id, expected_version=period.version)


CHANGES = {
    "step": (submit_a_draft, {"reported values": 1, "audit entries": 1}),
    "new value": (report_a_new_value, {"reported values": 1, "audit entries": 1}),
    "target": (
        revise_a_target,
        {"target revisions": 1, "results and indicators": 1, "audit entries": 1},
    ),
    "lock": (lock_a_period, {"changed periods": 1, "audit entries": 1}),
}


@pytest.mark.parametrize("kind", CHANGES)
def test_peoples_changes_to_results_are_their_data(db_engine, kind):
    change, expected = CHANGES[kind]
    change(db_engine)
    assert people_wrote(db_engine) == expected
    before = dump(db_engine)
    with pytest.raises(UserDataFound, match="the database holds data people entered"):
        load_demo(db_engine, force=True)
    assert dump(db_engine) == before


def test_destroying_peoples_results_writes_the_seeds_trail_anew(db_engine):
    submit_a_draft(db_engine)
    highest = max(v.id for v in rows(db_engine, IndicatorValue))
    load_demo(db_engine, force=True, destroy_user_data=user_data_counts(db_engine))
    # The person's step stays in the audit trail; the seed's steps name the new values.
    assert people_wrote(db_engine) == {"audit entries": 1}
    values = rows(db_engine, IndicatorValue)
    assert min(v.id for v in values) > highest
    named = {e.entity_id for e in rows(db_engine, ChangeLog) if e.entity == "indicatorvalue"}
    assert {v.id for v in values} < named


# Loading


def test_seeding_is_deterministic(empty_engine, engine):
    load_demo(empty_engine)
    for model in (*RESULT_TABLES, ChangeLog):
        assert sorted_rows(empty_engine, model) == sorted_rows(engine, model), model


def sorted_rows(engine, model) -> list[dict]:
    return sorted((r.model_dump() for r in rows(engine, model)), key=repr)


@pytest.mark.parametrize(
    ("text", "replacement", "message"),
    [
        ('"09.163.05.11": {share: 40}', '"02.411": {share: 40}', "territory '02.411' is not"),
        (
            "                old: 2500\n                new: 3000",
            "                old: 2500\n                new: 2900",
            "current target",
        ),
        ("      - axis: A3\n", "      - axis: A9\n", "no axis or measure A9"),
        ("code: SM-I5", "code: SM-I4", "SM-I4: code used twice"),
        ("denominator: SM-I4", "denominator: SM-I3", "denominator must name"),
    ],
)
def test_a_broken_results_file_is_refused_and_nothing_is_written(
    empty_engine, tmp_path, text, replacement, message
):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    broken = tmp_path / "data" / "results.yaml"
    content = broken.read_text(encoding="utf-8")
    assert text in content
    broken.write_text(content.replace(text, replacement, 1), encoding="utf-8")
    with pytest.raises(SeedDataError, match=re.escape(message)):
        load_demo(empty_engine, data_dir=tmp_path / "data")
    assert is_empty(empty_engine)


def test_seeded_moments_are_the_seeds(demo):
    moments = [e.at for e in demo["changelog"] if e.entity in ("indicatorvalue", "indicator")]
    assert moments and all(m.tzinfo is not None for m in moments)
    assert min(moments) >= datetime(2023, 1, 1, tzinfo=UTC)
