"""The reads behind the approvals and To do pages (services/queue_reads.py), on the demo data of
real databases (SQLite and PostgreSQL): values by status and region with their names, overdue
decisions as the committees page counts them, and each region's next council session."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from models import Decision, ReportingPeriod
from models.limits import PAGE_SIZE_MAX
from services import committees, periods, queue_reads
from services.withdrawals import withdraw_decision
from tests.helpers import ADMIN, EDITOR_09, TODAY

STATUSES = ("draft", "submitted", "returned", "validated")


def test_returned_values_come_with_their_reason_language_and_names(db_engine):
    with Session(db_engine) as session:
        rows, count = queue_reads.region_values(session, {"09"}, ["returned"])
    assert count == len(rows) == 2
    assert set(rows["status"]) == {"returned"} and set(rows["region_code"]) == {"09"}
    assert all(rows["return_reason"].str.len() > 0)
    assert set(rows["return_reason_lang"]) == {"ar"}
    assert set(rows["reviewed_by"]) == {"validator.souss"}
    assert list(rows["deadline"]) == sorted(rows["deadline"])  # oldest deadline first
    assert rows["indicator"].str.startswith("SM-").all()
    assert rows[["title_fr", "title_ar", "territory_fr", "territory_ar"]].notna().all().all()


def test_values_of_every_region_are_paged_and_counted(db_engine):
    with Session(db_engine) as session:
        everywhere, total = queue_reads.region_values(session, None, ["returned", "submitted"])
        first, count = queue_reads.region_values(session, None, ["submitted"], limit=2)
        second, _ = queue_reads.region_values(session, None, ["submitted"], limit=2, offset=2)
        capped, more = queue_reads.region_values(session, None, STATUSES, limit=10**6)
    assert total == len(everywhere) == 25 and set(everywhere["region_code"]) == {"02", "05", "09"}
    assert count == 19 and len(first) == len(second) == 2
    assert not set(first["id"]) & set(second["id"])
    assert len(capped) == PAGE_SIZE_MAX < more


def test_a_locked_periods_values_are_left_out(db_engine):
    with Session(db_engine) as session:
        rows, _ = queue_reads.region_values(session, {"09"}, ["returned"])
        period = session.get(ReportingPeriod, int(rows["period_id"].iloc[0]))
    periods.lock(db_engine, actor=ADMIN, period_id=period.id, expected_version=period.version)
    with Session(db_engine) as session:
        rows, count = queue_reads.region_values(session, {"09"}, ["returned"])
    assert (count, len(rows)) == (0, 0)


def test_names_give_a_pages_values_their_titles_and_places(db_engine):
    with Session(db_engine) as session:
        rows, _ = queue_reads.region_values(session, {"09"}, ["draft"])
        named = queue_reads.names(session, list(rows["id"]))
    assert sorted(named["id"]) == sorted(rows["id"])
    merged = rows.merge(named, on="id", suffixes=("", "_named"))
    assert (merged["territory_fr"] == merged["territory_fr_named"]).all()
    assert (merged["indicator_id"] == merged["indicator_id_named"]).all()


def test_overdue_decisions_are_those_the_committees_page_counts(db_engine):
    with Session(db_engine) as session:
        rows, count = queue_reads.overdue_decisions(session, {"09"}, TODAY)
        listed = committees.committees(session, "09", TODAY)
        everywhere, total = queue_reads.overdue_decisions(session, None, TODAY)
        first, _ = queue_reads.overdue_decisions(session, None, TODAY, limit=1)
    assert count == len(rows) == int(listed["overdue_decisions"].sum()) > 0
    assert set(rows["region_code"]) == {"09"} and (rows["due_on"] < TODAY).all()
    assert list(rows["due_on"]) == sorted(rows["due_on"])  # longest overdue first
    assert total == len(everywhere) > count and len(first) == 1
    assert first["id"].iloc[0] == everywhere["id"].iloc[0]


def test_a_withdrawn_or_closed_decision_is_not_overdue(db_engine):
    with Session(db_engine) as session:
        rows, count = queue_reads.overdue_decisions(session, {"09"}, TODAY)
        decision = session.get(Decision, int(rows["id"].iloc[0]))
    withdraw_decision(
        db_engine,
        actor=EDITOR_09,
        decision_id=decision.id,
        expected_version=decision.version,
        reason="Saisie en double.",
    )
    with Session(db_engine) as session:
        after, fewer = queue_reads.overdue_decisions(session, {"09"}, TODAY)
        # On its due date a decision is not overdue yet.
        on_time, _ = queue_reads.overdue_decisions(session, {"09"}, min(after["due_on"]))
    assert fewer == count - 1 and decision.id not in set(after["id"])
    assert on_time.empty


def test_the_next_session_is_the_first_open_one_on_or_after_today(db_engine):
    with Session(db_engine) as session:
        found = queue_reads.next_session(session, {"09", "05"}, TODAY)
        everywhere = queue_reads.next_session(session, None, TODAY)
        nowhere = queue_reads.next_session(session, set(), TODAY)
    assert list(found["region_code"]) == ["05", "09"]
    assert list(found["code"]) == ["2027-03", "2027-03"]
    assert list(found["deadline"]) == [date(2027, 2, 15)] * 2
    assert (found["session_on"] >= TODAY).all() and found["region_fr"].notna().all()
    assert len(everywhere) == 12 and nowhere.empty


def test_a_locked_or_past_session_is_skipped_and_a_year_never_counts(db_engine):
    with Session(db_engine) as session:
        period = session.scalars(
            select(ReportingPeriod).where(
                ReportingPeriod.region_code == "09", ReportingPeriod.code == "2027-03"
            )
        ).one()
    periods.lock(db_engine, actor=ADMIN, period_id=period.id, expected_version=period.version)
    with Session(db_engine) as session:
        after_lock = queue_reads.next_session(session, {"09"}, TODAY)
        # The day after the 2027-03 session (the 2026 year's report also goes to it).
        later = queue_reads.next_session(session, {"05"}, period.session_on + timedelta(days=1))
    assert list(after_lock["code"]) == ["2027-07"]
    assert list(later["code"]) == ["2027-07"]
