"""The record forms under AppTest: an editor adds an axis to their strategy, an admin creates a
programme with every problem shown at once, and a reader sees no form."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from i18n.catalog import translate
from models import Axis, Programme, Strategy
from services.measure_lists import current_tags
from tests.helpers import measure_where
from tests.pages_helpers import errors, no_exception, open_page, sign_in_as

pytestmark = pytest.mark.usefixtures("app_env")


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


def strategy_09(engine) -> Strategy:
    with Session(engine) as session:
        return session.scalars(select(Strategy).where(Strategy.region_code == "09")).first()


def test_an_editor_adds_an_axis_to_their_strategy(engine, seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    strategy = strategy_09(engine)
    at = open_page("strategies", region="09")
    no_exception(at)
    titles = {e.label for e in at.expander}
    assert {fr("record.edit_strategy"), fr("record.new_axis"), fr("record.edit_axis")} <= titles
    key = f"axis.new.{strategy.id}"
    at.text_input(key=f"{key}.code").input("A9")
    at.number_input(key=f"{key}.position").set_value(9.0)
    at.text_input(key=f"{key}.title_ar").input("الولوج إلى السكن")
    at.button(key=f"{key}.submit").click().run()
    no_exception(at)
    with Session(engine) as session:
        axis = session.scalars(
            select(Axis).where(Axis.strategy_id == strategy.id, Axis.code == "A9")
        ).one()
    assert (axis.title_ar, axis.title_fr, axis.position, axis.provenance) == (
        "الولوج إلى السكن",
        "",
        9,
        "recorded",
    )
    assert fr("record.created") in [s.value for s in at.success]


def test_a_programme_with_problems_is_refused_at_once_and_keeps_the_input(
    engine, seeded_url, monkeypatch
):
    sign_in_as(monkeypatch, seeded_url, "chief", "admin", [])
    at = open_page("admin")
    no_exception(at)
    key = "programme.new"
    at.text_input(key=f"{key}.code").input("MIGRA-SUD")
    at.text_input(key=f"{key}.donor").input("Union européenne")
    at.text_input(key=f"{key}.implementer").input("Enabel")
    at.number_input(key=f"{key}.budget").set_value(4_500_000.0)
    at.text_input(key=f"{key}.currency").input("eur")
    at.date_input(key=f"{key}.start_on").set_value(date(2026, 1, 1))
    at.date_input(key=f"{key}.end_on").set_value(date(2025, 12, 31))
    at.button(key=f"{key}.submit").click().run()
    no_exception(at)
    shown = errors(at)
    for problem in ("error.currency", "error.end_before_start", "error.name_required"):
        assert fr(problem) in shown
    assert at.text_input(key=f"{key}.currency").value == "eur"
    with Session(engine) as session:
        assert session.scalars(select(Programme).where(Programme.code == "MIGRA-SUD")).all() == []

    at.text_input(key=f"{key}.currency").input("EUR")
    at.date_input(key=f"{key}.end_on").set_value(date(2028, 12, 31))
    at.text_input(key=f"{key}.name_fr").input("Migration et développement au Sud")
    at.button(key=f"{key}.submit").click().run()
    no_exception(at)
    with Session(engine) as session:
        created = session.scalars(select(Programme).where(Programme.code == "MIGRA-SUD")).one()
    assert (created.budget, created.currency, created.end_on) == (
        4_500_000,
        "EUR",
        date(2028, 12, 31),
    )


def test_a_reader_sees_no_record_form(seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "donor.viewer", "viewer", [])
    for page in ("strategies", "committees"):
        at = open_page(page, region="09")
        no_exception(at)
        forms = [e.label for e in at.expander]
        for title in ("record.new_axis", "record.edit_strategy", "record.new_member"):
            assert fr(title) not in forms


def test_an_editor_replaces_a_measures_tags_with_a_reason(engine, seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    centre = measure_where(engine, code="SM-02")
    at = open_page("measure", id=str(centre.id), region="09")
    no_exception(at)
    key = f"tags.{centre.id}"
    at.multiselect(key=f"{key}.tags").set_value(["gcm:15", "sdg:3.8"])
    at.button(key=f"{key}.submit").click().run()
    no_exception(at)
    assert fr("error.required") in errors(at)
    assert at.multiselect(key=f"{key}.tags").value == ["gcm:15", "sdg:3.8"]
    at.text_input(key=f"{key}.reason").input("Revue annuelle")
    at.button(key=f"{key}.submit").click().run()
    no_exception(at)
    with Session(engine) as session:
        assert current_tags(session, centre.id) == ["gcm:15", "sdg:3.8"]
    assert fr("lists.saved", code="SM-02") in [s.value for s in at.success]
