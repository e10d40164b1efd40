"""Demo data: territory, measures and their history, committees, and the loader's rules."""

import copy
import re
import shutil
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from itertools import pairwise

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import (
    Axis,
    Committee,
    CommitteeMember,
    Commune,
    DataRevision,
    Decision,
    Institution,
    Measure,
    MeasurePartner,
    MeasureTag,
    MeasureUpdate,
    Meeting,
    Programme,
    Province,
    Region,
    Strategy,
    User,
    UserRegion,
)
from models.codes import (
    ALLOWED_TRANSITIONS,
    AT_RISK_GAP_POINTS,
    GCM_OBJECTIVES,
    PILOT_REGIONS,
    SDG_TARGETS,
    SNIA_PROGRAMMES,
    SNMRE_OBJECTIVES,
    CommitteeKind,
    DecisionStatus,
    MeasureStatus,
    Provenance,
    ScheduleHealth,
    TagScheme,
)
from seed.accounts import create_demo_accounts
from seed.fields import SeedDataError
from seed.history import build_history
from seed.institutions import read_institutions
from seed.loader import SEEDED_TABLES, NotEmpty, is_empty, load_demo
from seed.records import DATA_DIR, load_yaml, read_plan
from seed.territory import territory_index

ARABIC = re.compile("[\u0621-\u064a]")
PROGRAMMES = frozenset({"DEPOMI", "PRIM"})
INSTITUTIONS = frozenset(read_institutions(load_yaml(DATA_DIR / "institutions.yaml"), "test"))
CLOSED = (MeasureStatus.COMPLETED, MeasureStatus.CANCELLED)


def all_rows(engine, model):
    with Session(engine) as session:
        return session.scalars(select(model)).all()


def measures(engine) -> list[Measure]:
    return all_rows(engine, Measure)


def history(engine) -> dict[int, list[MeasureUpdate]]:
    by_measure = defaultdict(list)
    for row in sorted(all_rows(engine, MeasureUpdate), key=lambda u: (u.measure_id, u.version)):
        by_measure[row.measure_id].append(row)
    return by_measure


def health(m: Measure, today: date) -> ScheduleHealth:
    """docs/architecture.md's schedule health, computed here independently of the services."""
    if m.status in CLOSED:
        return ScheduleHealth.CLOSED
    if m.planned_end < today:
        return ScheduleHealth.OVERDUE
    if m.status == MeasureStatus.PLANNED and m.planned_start < today:
        return ScheduleHealth.LATE_START
    span = max((m.planned_end - m.planned_start).days, 1)
    expected = 100 * (today - m.planned_start).days / span
    if m.status != MeasureStatus.PLANNED and m.progress + AT_RISK_GAP_POINTS < expected:
        return ScheduleHealth.AT_RISK
    return ScheduleHealth.ON_TRACK


def level(m: Measure) -> str:
    if m.region_code is None:
        return "national"
    return "commune" if m.commune_code else "province" if m.province_code else "region"


# Territory


def test_territory_has_every_region_province_and_commune(engine):
    regions = all_rows(engine, Region)
    provinces = all_rows(engine, Province)
    communes = all_rows(engine, Commune)
    assert (len(regions), len(provinces), len(communes)) == (12, 83, 1503)
    assert {r.code for r in regions if r.is_pilot} == set(PILOT_REGIONS)
    assert {p.kind for p in provinces} == {"province", "prefecture"}
    assert {c.kind for c in communes} == {"urban", "rural"}
    by_code = {r.code: r for r in regions}
    assert by_code["02"].name_ar == "الشرق"
    assert by_code["05"].name_en == "Beni Mellal-Khenifra"
    assert all(r.name_fr and ARABIC.search(r.name_ar) and r.population_2024 for r in regions)


# Measures


def test_pilot_regions_have_measures_at_every_level(engine):
    rows = measures(engine)
    assert sum(m.region_code in PILOT_REGIONS for m in rows) >= 36
    assert {level(m) for m in rows} == {"national", "region", "province", "commune"}
    for region in PILOT_REGIONS:
        levels = {level(m) for m in rows if m.region_code == region}
        assert levels == {"region", "province", "commune"}, region


def test_every_record_has_provenance_and_arabic_and_french_titles(engine):
    titled = [
        (Strategy, "title"),
        (Axis, "title"),
        (Measure, "title"),
        (Committee, "name"),
        (Programme, "name"),
    ]
    for model, prefix in titled:
        for row in all_rows(engine, model):
            assert row.provenance in tuple(Provenance), row
            assert getattr(row, f"{prefix}_fr").strip(), row
            assert ARABIC.search(getattr(row, f"{prefix}_ar")), row
            assert getattr(row, f"{prefix}_en").strip(), row
    for model in (CommitteeMember, Meeting, Decision):
        assert all(row.provenance in tuple(Provenance) for row in all_rows(engine, model))


def test_each_pilot_region_has_one_strategy_with_axes(engine):
    strategies = all_rows(engine, Strategy)
    assert sorted(s.region_code for s in strategies) == list(PILOT_REGIONS)
    assert {(s.horizon_start, s.horizon_end) for s in strategies} == {(2022, 2027)}
    axes = Counter(a.strategy_id for a in all_rows(engine, Axis))
    assert all(4 <= axes[s.id] <= 6 for s in strategies)


def test_measures_named_by_the_workshop_report_exist(engine):
    by_code = {m.code: m for m in measures(engine)}
    centre = by_code["SM-02"]
    assert "Centre régional d'orientation et d'accompagnement des migrants" in centre.title_fr
    assert centre.title_ar.startswith("مركز جهوي للتوجيه والمواكبة")
    assert "2022–2027" in centre.pdr_reference_fr and "2022–2027" in centre.pdr_reference_ar
    assert "comité régional de coordination" in by_code["SM-01"].title_fr
    bmk = [m.title_fr for m in by_code.values() if m.region_code == "05"]
    for words in ("Observatoire régional", "Sud–Sud", "inclusion financière", "services de santé"):
        assert any(words in title for title in bmk), words
    talents = by_code["NAT-01"]
    assert talents.region_code is None and "talents marocains" in talents.title_fr
    with Session(engine) as session:
        lead = session.get(Institution, talents.lead_institution_id)
    assert "MRE" in lead.name_fr and "المغاربة المقيمين بالخارج" in lead.name_ar
    for code in ("SM-01", "SM-02", "BMK-01", "BMK-02", "BMK-03", "BMK-04", "NAT-01"):
        assert by_code[code].provenance == Provenance.ARTICLE, code


def test_measure_fields_are_complete_and_within_range(engine):
    programmes = {p.id for p in all_rows(engine, Programme)}
    for m in measures(engine):
        assert (m.region_code is None) == (m.axis_id is None), m.code
        assert m.programme_id is None or m.programme_id in programmes
        assert m.description_fr and m.description_ar and m.lead_institution_id, m.code
        assert date(2021, 1, 1) <= m.planned_start <= m.planned_end <= date(2028, 12, 31)
        assert m.budget_planned is None or m.budget_planned >= 0
        assert m.budget_paid >= 0 and (m.budget_planned or m.budget_paid == 0), m.code
        assert m.updated_by == "seed"
    with Session(engine) as session:
        partnered = set(session.scalars(select(MeasurePartner.measure_id)))
    assert partnered == {m.id for m in measures(engine)}


def test_tags_use_the_code_lists(engine):
    allowed = {
        TagScheme.GCM: {str(n) for n in GCM_OBJECTIVES},
        TagScheme.SNIA: set(SNIA_PROGRAMMES),
        TagScheme.SDG: set(SDG_TARGETS),
        TagScheme.SNMRE: set(SNMRE_OBJECTIVES),
    }
    tags = all_rows(engine, MeasureTag)
    assert all(t.code in allowed[t.scheme] for t in tags)
    gcm = {t.measure_id for t in tags if t.scheme == TagScheme.GCM}
    assert gcm == {m.id for m in measures(engine)}
    by_code = {m.code: m.id for m in measures(engine)}
    codes = {(t.measure_id, t.scheme, t.code) for t in tags}
    assert (by_code["BMK-01"], "gcm", "1") in codes
    assert (by_code["NAT-01"], "gcm", "19") in codes


def test_actual_dates_fit_the_status(engine):
    for m in measures(engine):
        if m.status == MeasureStatus.PLANNED:
            assert m.actual_start is None and m.progress == 0, m.code
        if m.status in (MeasureStatus.IN_PROGRESS, MeasureStatus.SUSPENDED):
            assert m.actual_start and m.actual_end is None, m.code
        if m.status == MeasureStatus.COMPLETED:
            assert m.actual_start <= m.actual_end and m.progress == 100, m.code


def test_status_mix_is_realistic(engine):
    statuses = Counter(m.status for m in measures(engine))
    assert statuses.most_common(1)[0][0] == MeasureStatus.IN_PROGRESS
    assert statuses[MeasureStatus.SUSPENDED] >= 2 and statuses[MeasureStatus.CANCELLED] >= 1
    assert statuses[MeasureStatus.PLANNED] >= 3 and statuses[MeasureStatus.COMPLETED] >= 3


def test_schedule_health_mix_as_of_today(engine, today):
    counts = Counter(health(m, today) for m in measures(engine))
    assert counts[ScheduleHealth.OVERDUE] >= 3
    assert counts[ScheduleHealth.LATE_START] >= 2
    assert counts[ScheduleHealth.AT_RISK] >= 2
    open_counts = counts - Counter({ScheduleHealth.CLOSED: counts[ScheduleHealth.CLOSED]})
    assert open_counts.most_common(1)[0][0] == ScheduleHealth.ON_TRACK


# History


def test_current_values_equal_the_newest_history_row(engine):
    rows = history(engine)
    for m in measures(engine):
        newest = rows[m.id][-1]
        assert m.version == len(rows[m.id]), m.code
        assert (m.status, m.progress, m.budget_paid) == (
            newest.new_status,
            newest.new_progress,
            newest.new_budget_paid,
        ), m.code
        assert (m.actual_start, m.actual_end) == (newest.new_actual_start, newest.new_actual_end)
        assert (m.updated_at, m.updated_by) == (newest.changed_at, newest.changed_by)


def test_history_starts_with_creation_in_2022_and_stays_in_range(engine):
    first, last = datetime(2022, 1, 1, tzinfo=UTC), datetime(2026, 11, 15, 23, 59, tzinfo=UTC)
    for rows in history(engine).values():
        assert [r.version for r in rows] == list(range(1, len(rows) + 1))
        assert 2 <= len(rows) <= 7
        creation = rows[0]
        assert creation.changed_at.year == 2022
        assert (creation.old_status, creation.old_progress, creation.old_budget_paid) == (
            None,
            None,
            None,
        )
        assert (creation.new_status, creation.new_progress) == (MeasureStatus.PLANNED, 0)
        for row in rows:
            assert first <= row.changed_at <= last
            assert row.changed_at.tzinfo is not None and row.changed_by == "seed"
            assert row.note_fr and row.note_ar and row.note_en


def test_history_moves_follow_the_allowed_transitions(engine):
    for rows in history(engine).values():
        for before, after in pairwise(rows):
            assert before.changed_at < after.changed_at
            assert after.old_status == before.new_status
            assert after.old_progress == before.new_progress
            assert after.old_budget_paid == before.new_budget_paid
            assert before.new_progress <= after.new_progress
            assert before.new_budget_paid <= after.new_budget_paid
            old, new = MeasureStatus(before.new_status), MeasureStatus(after.new_status)
            assert old == new or new in ALLOWED_TRANSITIONS[old]


def test_some_history_rows_carry_evidence(engine):
    rows = [r for rows in history(engine).values() for r in rows]
    assert sum(bool(r.evidence_url) for r in rows) >= 5


# Committees


def test_each_pilot_region_has_a_regional_coordination_committee(engine, today):
    committees = all_rows(engine, Committee)
    regional = [c for c in committees if c.kind == CommitteeKind.REGIONAL_COORDINATION]
    assert sorted(c.region_code for c in regional) == list(PILOT_REGIONS)
    assert {c.kind for c in committees} > {CommitteeKind.REGIONAL_COORDINATION}
    members = Counter(m.committee_id for m in all_rows(engine, CommitteeMember))
    meetings = Counter(m.committee_id for m in all_rows(engine, Meeting))
    for c in committees:
        assert 4 <= members[c.id] <= 8 and 2 <= meetings[c.id] <= 5, c.name_fr
    souss_massa = next(c for c in regional if c.region_code == "09")
    assert souss_massa.provenance == Provenance.ARTICLE


def test_decisions_include_overdue_open_ones_and_measure_links(engine, today):
    decisions = all_rows(engine, Decision)
    open_overdue = [
        d for d in decisions if d.status == DecisionStatus.OPEN and d.due_on and d.due_on < today
    ]
    assert len(open_overdue) >= 2
    assert {d.status for d in decisions} == set(DecisionStatus)
    assert sum(d.measure_id is not None for d in decisions) >= 5
    meetings = {m.id: m for m in all_rows(engine, Meeting)}
    for d in decisions:
        assert (d.version == 1) == (d.status == DecisionStatus.OPEN)
        assert meetings[d.meeting_id].held_on <= d.updated_at.date() <= today


# Loader rules


def test_load_bumps_the_data_revision_once(engine):
    assert all_rows(engine, DataRevision)[0].value == 1


def test_load_refuses_a_database_with_data(engine):
    assert not is_empty(engine)
    with pytest.raises(NotEmpty, match="already holds data"):
        load_demo(engine)


def test_force_replaces_the_demo_data_and_keeps_the_territory_and_accounts(engine):
    create_demo_accounts(engine)
    accounts = dump(engine, User), dump(engine, UserRegion)
    before = dump(engine, Measure)
    counts = load_demo(engine, force=True)
    assert dump(engine, Measure) == before
    assert (counts["region"], counts["commune"], counts["measure"]) == (12, 1503, len(before))
    assert (dump(engine, User), dump(engine, UserRegion)) == accounts
    assert len(accounts[1]) == 6
    assert all_rows(engine, DataRevision)[0].value == 9  # the load, then seven accounts, then force


def test_two_loads_give_identical_rows(empty_engine, engine):
    assert is_empty(empty_engine)
    load_demo(empty_engine)
    for model in SEEDED_TABLES:
        assert dump(empty_engine, model) == dump(engine, model), model.__tablename__


def dump(engine, model) -> list[dict]:
    rows = all_rows(engine, model)
    return sorted((r.model_dump() for r in rows), key=repr)


@pytest.mark.parametrize(
    ("text", "replacement", "message"),
    [
        ('"09.163.05.11"', '"09.163.05.99"', "SM-04: unknown commune code '09.163.05.99'"),
        ("code: SM-02", "code: SM-01", "measure SM-01: code used twice"),
        ("measure: SM-02\n", "measure: SM-99\n", "decision links unknown measure 'SM-99'"),
        ("lead: commune-belfaa", "lead: commune-atlantis", "'commune-atlantis' is not a key"),
    ],
)
def test_a_broken_file_is_refused_and_nothing_is_written(
    empty_engine, tmp_path, text, replacement, message
):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    broken = tmp_path / "data" / "plan_09_souss_massa.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace(text, replacement, 1))
    with pytest.raises(SeedDataError, match=re.escape(message)):
        load_demo(empty_engine, data_dir=tmp_path / "data")
    assert is_empty(empty_engine)


@pytest.fixture(scope="module")
def souss_massa() -> dict:
    return load_yaml(DATA_DIR / "plan_09_souss_massa.yaml")


def read_with(doc: dict, change) -> None:
    doc = copy.deepcopy(doc)
    change(doc)
    read_plan(doc, "test.yaml", territory_index(), PROGRAMMES, INSTITUTIONS)


def first_measure(change):
    return lambda doc: change(doc["measures"][0])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (first_measure(lambda m: m.update(province="09.999")), "SM-01: unknown province code"),
        (first_measure(lambda m: m.update(province="02.411")), "SM-01: province 02.411 is not"),
        (
            first_measure(lambda m: m.update(province="09.163", commune="02.411.01.23")),
            "SM-01: commune 02.411.01.23 is not in province 09.163",
        ),
        (first_measure(lambda m: m.update(province=9.163)), "SM-01: province code must be"),
        (first_measure(lambda m: m.update(axis="A9")), "SM-01: axis 'A9'"),
        (first_measure(lambda m: m.update(programme="XYZ")), "SM-01: unknown programme"),
        (first_measure(lambda m: m["title"].pop("ar")), "SM-01: missing Arabic title"),
        (first_measure(lambda m: m["title"].pop("fr")), "SM-01: missing French title"),
        (
            first_measure(lambda m: m["history"][1].update(status="completed", progress=100)),
            "SM-01, history entry of 2022-03-02: status change planned -> completed",
        ),
        (first_measure(lambda m: m["history"][2].update(progress=5)), "progress must rise"),
        (first_measure(lambda m: m["history"][1].update(date=date(2027, 1, 1))), "date outside"),
        (first_measure(lambda m: m["tags"].update(gcm=[24])), "SM-01: unknown gcm tag '24'"),
        (first_measure(lambda m: m.update(provenance="rumour")), "SM-01: provenance 'rumour'"),
        (lambda doc: doc["strategy"]["axes"][0]["title"].pop("ar"), "axis A1: missing Arabic"),
        (lambda doc: doc["committees"][0].update(kind="club"), "kind 'club' is not one of"),
    ],
)
def test_bad_records_are_refused_by_name(souss_massa, change, message):
    with pytest.raises(SeedDataError, match=re.escape(message)):
        read_with(souss_massa, change)


def test_history_spending_follows_progress():
    entries = [
        {"date": date(2022, 3, 1)},
        {"date": date(2022, 6, 1), "status": "in_progress", "progress": 25},
        {"date": date(2023, 6, 1), "progress": 50},
        {"date": date(2024, 6, 1), "status": "completed", "progress": 100},
    ]
    rows = build_history(entries, 1_234_567, "test")
    assert [r["new_budget_paid"] for r in rows] == [0, 308_000, 617_000, 1_234_567]
    assert rows[-1]["new_actual_start"] == date(2022, 6, 1)
    assert rows[-1]["new_actual_end"] == date(2024, 6, 1)
    assert rows[1]["note_fr"] == "Démarrage de la mise en œuvre."
    assert rows[1]["note_ar"] == "انطلاق التنفيذ."
