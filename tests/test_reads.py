"""Read services against the demo data, checked with an independent computation in Python."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import Measure, MeasureTag
from models.codes import OPEN_STATUSES, MeasureStatus
from services import committees, measures, overview, strategies, territory
from services.filters import MeasureFilter
from tests.helpers import TODAY


def python_health(m: Measure, today: date) -> str:
    """docs/architecture.md's schedule-health rules, written independently of the SQL."""
    if m.status in ("completed", "cancelled"):
        return "closed"
    if m.planned_end < today:
        return "overdue"
    if m.status == "planned" and m.planned_start < today:
        return "late_start"
    span = max((m.planned_end - m.planned_start).days, 1)
    expected = 100 * (today - m.planned_start).days / span
    if m.status in ("in_progress", "suspended") and m.progress < expected - 15:
        return "at_risk"
    return "on_track"


@pytest.fixture
def all_measures(engine) -> list[Measure]:
    with Session(engine) as session:
        return list(session.execute(select(Measure)).scalars())


def test_headline_matches_the_rows(engine, all_measures):
    with Session(engine) as session:
        head = overview.headline(session, MeasureFilter(), TODAY)
    assert head.total == len(all_measures)
    assert head.by_status == {
        s.value: sum(m.status == s for m in all_measures) for s in MeasureStatus
    }
    open_rows = [m for m in all_measures if m.status in OPEN_STATUSES]
    on_track = sum(python_health(m, TODAY) == "on_track" for m in open_rows)
    assert head.on_track_share == pytest.approx(on_track / len(open_rows))
    assert head.budget_planned == sum(m.budget_planned or 0 for m in all_measures)
    assert head.budget_paid == sum(m.budget_paid for m in all_measures)


def test_health_counts_match_python_rules(engine, all_measures):
    with Session(engine) as session:
        counts = overview.health_counts(session, MeasureFilter(), TODAY)
    expected = Counter(python_health(m, TODAY) for m in all_measures)
    assert dict(zip(counts["health"], counts["count"], strict=True)) == expected
    assert {"overdue", "late_start", "at_risk", "on_track"} <= set(expected)


def test_region_filter_restricts_every_aggregate(engine, all_measures):
    flt = MeasureFilter(region="09")
    with Session(engine) as session:
        head = overview.headline(session, flt, TODAY)
        by_region = overview.progress_by_region(session, flt, TODAY)
        mix = overview.status_by_region(session, flt, TODAY)
        risky = overview.at_risk(session, flt, TODAY)
        lines = overview.timeline(session, flt, TODAY)
    rows_09 = [m for m in all_measures if m.region_code == "09"]
    assert head.total == len(rows_09) < len(all_measures)
    assert list(by_region["region_code"]) == ["09"]
    assert by_region["measures"].iloc[0] == len(rows_09)
    assert set(mix["region_code"]) == {"09"}
    assert mix["count"].sum() == len(rows_09)
    assert set(risky["region_code"]) <= {"09"}
    assert len(lines) == len(rows_09)


def test_progress_by_region_excludes_cancelled_from_the_mean(engine, all_measures):
    with Session(engine) as session:
        by_region = overview.progress_by_region(session, MeasureFilter(), TODAY)
    for row in by_region.itertuples():
        kept = [
            m.progress
            for m in all_measures
            if m.region_code == row.region_code and m.status != "cancelled"
        ]
        assert row.avg_progress == pytest.approx(sum(kept) / len(kept))


def test_at_risk_lists_only_troubled_measures_gravest_first(engine, all_measures):
    with Session(engine) as session:
        risky = overview.at_risk(session, MeasureFilter(), TODAY)
    expected = {
        m.code
        for m in all_measures
        if python_health(m, TODAY) in ("overdue", "late_start", "at_risk")
    }
    assert set(risky["code"]) == expected
    order = {"overdue": 0, "late_start": 1, "at_risk": 2}
    ranks = [order[h] for h in risky["health"]]
    assert ranks == sorted(ranks)


def test_list_measures_pages_and_counts(engine, all_measures):
    with Session(engine) as session:
        first = measures.list_measures(session, MeasureFilter(), TODAY, page=1, page_size=10)
        second = measures.list_measures(session, MeasureFilter(), TODAY, page=2, page_size=10)
        beyond = measures.list_measures(session, MeasureFilter(), TODAY, page=999, page_size=10)
    assert first.total == len(all_measures)
    assert len(first.rows) == 10
    assert set(first.rows["id"]).isdisjoint(second.rows["id"])
    assert beyond.page == first.pages
    assert len(beyond.rows) == len(all_measures) - 10 * (first.pages - 1)


def test_text_search_is_literal_and_case_insensitive(engine, all_measures):
    target = next(m for m in all_measures if m.region_code == "09" and m.title_fr)
    word = target.title_fr.split()[0]
    with Session(engine) as session:
        found = measures.list_measures(session, MeasureFilter(text=word.upper()), TODAY)
        wildcard = measures.list_measures(session, MeasureFilter(text="%"), TODAY)
        underscore = measures.list_measures(session, MeasureFilter(text="_"), TODAY)
    assert target.id in set(found.rows["id"])
    texts = [
        m.title_fr
        + m.title_ar
        + m.title_en
        + m.description_fr
        + m.description_ar
        + m.description_en
        for m in all_measures
    ]
    assert wildcard.total == sum("%" in text for text in texts)
    assert underscore.total < len(all_measures)


def test_text_search_reads_every_language_and_the_lead_institution(engine, all_measures):
    baom = next(m for m in all_measures if m.code == "SM-04")
    with Session(engine) as session:
        arabic = measures.list_measures(session, MeasureFilter(text="بلفاع"), TODAY)
        by_lead = measures.list_measures(session, MeasureFilter(text="commune de belfaâ"), TODAY)
    assert baom.id in set(arabic.rows["id"]) and baom.id in set(by_lead.rows["id"])


def test_gcm_status_and_health_filters(engine, all_measures):
    with Session(engine) as session:
        tagged = set(
            session.execute(
                select(MeasureTag.measure_id).where(
                    MeasureTag.scheme == "gcm", MeasureTag.code == "15"
                )
            ).scalars()
        )
        by_gcm = measures.list_measures(session, MeasureFilter(tag="gcm:15"), TODAY, page_size=100)
        by_status = measures.list_measures(
            session, MeasureFilter(statuses=("planned", "suspended")), TODAY, page_size=100
        )
        by_health = measures.list_measures(
            session, MeasureFilter(health=("overdue",)), TODAY, page_size=100
        )
    assert set(by_gcm.rows["id"]) == tagged and tagged
    assert set(by_status.rows["status"]) <= {"planned", "suspended"}
    assert by_status.total == sum(m.status in ("planned", "suspended") for m in all_measures)
    assert by_health.total == sum(python_health(m, TODAY) == "overdue" for m in all_measures)


def test_export_carries_tags_and_all_matching_rows(engine, all_measures):
    with Session(engine) as session:
        rows = measures.export_measures(session, MeasureFilter(region="05"), TODAY)
    assert len(rows) == sum(m.region_code == "05" for m in all_measures)
    assert rows["tags"].str.contains("gcm:").any()


def test_measure_detail_and_history(engine, all_measures):
    target = next(m for m in all_measures if m.commune_code)
    with Session(engine) as session:
        detail = measures.measure_detail(session, target.id, TODAY)
        history = measures.measure_history(session, target.id)
        missing = measures.measure_detail(session, 999_999, TODAY)
    assert missing is None
    assert detail.fields["code"] == target.code
    assert detail.fields["level"] == "commune"
    assert detail.fields["commune_fr"]
    assert detail.fields["health"] == python_health(target, TODAY)
    assert len(history) == target.version
    assert history["version"].tolist() == sorted(history["version"], reverse=True)
    assert history["new_progress"].iloc[0] == target.progress


def test_levels_cover_national_region_province_commune(engine):
    with Session(engine) as session:
        rows = measures.export_measures(session, MeasureFilter(), TODAY)
    assert set(rows["level"]) == {"national", "region", "province", "commune"}


def test_strategies_axes_and_their_measures(engine, all_measures):
    with Session(engine) as session:
        found = strategies.strategies(session, "09")
        axes = strategies.axis_progress(session, list(found["id"]), TODAY)
        axis_ids = [int(i) for i in axes["id"]]
        listed = strategies.axis_measures(session, axis_ids, TODAY, limit=1000)
        first_two = strategies.axis_measures(session, axis_ids, TODAY, limit=2)
    assert set(found["region_code"]) == {"09"}
    assert axes["measures"].sum() == len(listed)
    assert set(listed["id"]) == {m.id for m in all_measures if m.axis_id in set(axis_ids)}
    # An axis lists its first measures by code, at most `limit` of them.
    for axis_id, rows in listed.groupby("axis_id"):
        assert (
            first_two[first_two["axis_id"] == axis_id]["code"].tolist() == sorted(rows["code"])[:2]
        )
    assert (axes["progress_measures"] <= axes["measures"]).all()


def test_committees_with_open_and_overdue_decisions(engine):
    with Session(engine) as session:
        found = committees.committees(session, "09", TODAY)
        first = int(found["id"].iloc[0])
        decisions = committees.decisions(session, first, TODAY)
        members = committees.members(session, first)
        meetings = committees.meetings(session, first)
    assert set(found["region_code"]) == {"09"}
    row = found.iloc[0]
    assert row["members"] == len(members) > 0
    assert row["meetings"] == len(meetings) > 0
    assert row["open_decisions"] == (decisions["status"] == "open").sum()
    assert row["overdue_decisions"] == decisions["overdue"].sum()


def test_territory_lists(engine):
    with Session(engine) as session:
        regions = territory.regions(session)
        provinces = territory.provinces(session, "09")
    assert len(regions) == 12
    assert set(regions[regions["is_pilot"]]["code"]) == {"02", "05", "09"}
    assert set(provinces["region_code"]) == {"09"}
