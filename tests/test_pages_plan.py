"""The plan forms under AppTest: a new measure from the list, a revision from its page."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from i18n.catalog import translate
from models import Correction, Measure, PlanRevision
from tests.helpers import measure_where
from tests.pages_helpers import button, errors, no_exception, open_page, sign_in_as

pytestmark = pytest.mark.usefixtures("app_env")


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


@pytest.fixture
def editor_09(seeded_url, monkeypatch):
    """The pages run for Souss-Massa's editor, signed in."""
    return sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])


def test_an_editor_records_a_new_measure_from_the_list(engine, editor_09):
    at = open_page("measures", region="09")
    no_exception(at)
    at.text_input(key="plan.new.code").input("SM-91")
    at.text_input(key="plan.new.title_fr").input("Guichet mobile")
    at.date_input(key="plan.new.planned_start").set_value(date(2027, 1, 1))
    at.date_input(key="plan.new.planned_end").set_value(date(2027, 12, 31))
    at.number_input(key="plan.new.budget_planned").set_value(250_000.0)
    button(at, fr("plan.create_submit")).click().run()
    no_exception(at)
    created = measure_where(engine, code="SM-91")
    assert (created.region_code, created.title_fr, created.budget_planned, created.status) == (
        "09",
        "Guichet mobile",
        250_000,
        "planned",
    )
    assert fr("plan.created", code="SM-91") in [s.value for s in at.success]


def test_a_revision_without_what_decided_it_is_refused_and_keeps_the_input(engine, editor_09):
    centre = measure_where(engine, code="SM-02")
    at = open_page("measure", id=str(centre.id), region="09")
    no_exception(at)
    prefix = f"plan.{centre.id}"
    at.number_input(key=f"{prefix}.budget_planned").set_value(9_000_000.0)
    at.text_area(key=f"{prefix}.reason").input("Arbitrage budgétaire")
    button(at, fr("plan.revise_submit")).click().run()
    no_exception(at)
    assert fr("error.decided_by_required") in errors(at)
    assert at.number_input(key=f"{prefix}.budget_planned").value == 9_000_000.0
    assert measure_where(engine, code="SM-02").version == centre.version

    at.text_input(key=f"{prefix}.session_month").input("2026-03")
    button(at, fr("plan.revise_submit")).click().run()
    no_exception(at)
    after = measure_where(engine, code="SM-02")
    assert (after.budget_planned, after.version) == (9_000_000, centre.version + 1)
    with Session(engine) as session:
        [row] = session.scalars(
            select(PlanRevision).where(PlanRevision.measure_id == centre.id)
        ).all()
    assert (row.field, row.old_value, row.new_value, row.session_month) == (
        "budget_planned",
        str(centre.budget_planned),
        "9000000",
        "2026-03",
    )
    # The page shows the first adopted budget beside today's, and the revision.
    tables = [frame.value for frame in at.dataframe]
    baseline = next(t for t in tables if fr("plan.baseline") in t.columns)
    budget = baseline[baseline[fr("plan.field")] == fr("field.budget_planned")].iloc[0]
    assert budget[fr("plan.current")] != budget[fr("plan.baseline")]
    revisions = next(t for t in tables if fr("plan.reason") in t.columns)
    assert list(revisions[fr("plan.reason")]) == ["Arbitrage budgétaire"]


def test_readers_get_no_plan_form(engine):
    centre = measure_where(engine, code="SM-02")
    at = open_page("measure", id=str(centre.id), region="09")
    no_exception(at)
    assert not [b for b in at.button if b.label == fr("plan.revise_submit")]
    with Session(engine) as session:
        assert session.scalar(select(Measure.id).where(Measure.code == "SM-91")) is None


def test_an_editor_withdraws_a_measure_and_its_page_says_why(engine, editor_09):
    centre = measure_where(engine, code="SM-02")
    at = open_page("measure", id=str(centre.id), region="09")
    at.text_area(key=f"withdrawal.{centre.id}.reason").input("Saisie en double")
    button(at, fr("withdrawal.submit")).click().run()
    no_exception(at)
    assert measure_where(engine, code="SM-02").withdrawn_reason == "Saisie en double"
    assert any("Saisie en double" in w.value for w in at.warning)
    # No update form on a withdrawn measure, and the list no longer shows it.
    assert not [b for b in at.button if b.label == fr("measure.form.submit")]
    listed = open_page("measures", region="09").dataframe[0].value
    assert "SM-02" not in set(listed["code"])


def test_an_editor_corrects_a_decisions_due_date_and_the_history_keeps_the_old_one(
    engine, editor_09
):
    at = open_page("committees", region="09")
    no_exception(at)
    committee_id = at.selectbox(key="committees.committee").value
    picked = at.selectbox(key=f"committees.{committee_id}.correct_decision.decision").value
    prefix = f"committees.correct_decision.{picked}"
    at.date_input(key=f"{prefix}.due_on").set_value(date(2027, 3, 31))
    at.text_area(key=f"{prefix}.reason").input("Procès-verbal relu")
    # The meeting correction form has a button of the same name: this form's, by its key.
    at.button(key=f"{prefix}.submit").click().run()
    no_exception(at)
    assert fr("correction.decision_saved") in [s.value for s in at.success], errors(at)
    with Session(engine) as session:
        rows = session.scalars(
            select(Correction).where(
                Correction.entity == "decision", Correction.entity_id == picked
            )
        ).all()
    assert [(r.field, r.new_value, r.reason) for r in rows] == [
        ("due_on", "2027-03-31", "Procès-verbal relu")
    ]
