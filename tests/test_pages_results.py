"""The results pages under AppTest: results of a region and of all regions, an indicator's page,
the reporting form and the overview's achievement, in Arabic, French and English."""

import pytest
from sqlalchemy import select
from sqlmodel import Session

from i18n.catalog import translate
from models import Indicator, IndicatorValue, ReportingPeriod
from services.value_checks import ValueEntry
from services.value_writes import save_value
from tests.helpers import EDITOR_09
from tests.pages_helpers import (
    button,
    chart_titles,
    errors,
    message_after,
    no_exception,
    open_page,
    sign_in_as,
)

pytestmark = pytest.mark.usefixtures("app_env")
HIDDEN = "▮"


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


def _ids(engine, code: str, period: str) -> tuple[int, int]:
    with Session(engine) as session:
        indicator = session.scalar(select(Indicator.id).where(Indicator.code == code))
        found = session.scalar(
            select(ReportingPeriod.id).where(
                ReportingPeriod.region_code == "09", ReportingPeriod.code == period
            )
        )
    return indicator, found


def _stored(engine, indicator: int, period: int) -> IndicatorValue | None:
    with Session(engine) as session:
        return session.execute(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id == indicator, IndicatorValue.period_id == period
            )
        ).scalar_one_or_none()


def _column(at, name: str) -> set:
    """The values of a column in the one table that has it."""
    [found] = [f.value[name] for f in at.dataframe if name in f.value.columns]
    return set(found)


def _cells(at) -> list[str]:
    """Every text cell of every table on the page."""
    return [
        str(cell)
        for frame in at.dataframe
        for column in frame.value.columns
        for cell in frame.value[column].tolist()
    ]


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_results_pages_speak_the_readers_language(engine, seeded_url, monkeypatch, lang):
    def words(msgid):
        return translate(lang, msgid)

    at = open_page("results", lang=lang)
    no_exception(at)
    assert words("chart.achievement") in chart_titles(at)
    assert words("results.indicators_title") in [s.value for s in at.subheader]
    at = open_page("results", lang=lang, region="09")
    no_exception(at)
    assert words("chart.target_actual") in chart_titles(at)
    assert words("chart.breakdown") in chart_titles(at)
    indicator, _ = _ids(engine, "SM-I1", "2026-10")
    at = open_page("indicator", lang=lang, id=str(indicator))
    no_exception(at)
    assert words("indicator.targets_title") in [s.value for s in at.subheader]
    at = open_page("overview", lang=lang)
    no_exception(at)
    assert words("overview.achievement_title") in [s.value for s in at.subheader]
    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    at = open_page("reporting", lang=lang)
    no_exception(at)
    assert [b.label for b in at.button if b.label == words("reporting.save")]
    assert words("reporting.parts_help") in [c.value for c in at.caption]


def test_the_public_sees_small_cells_marked_and_never_their_numbers(seeded_url, monkeypatch):
    public = open_page("results", lang="fr", region="09")
    no_exception(public)
    marked = [cell for cell in _cells(public) if cell.startswith(HIDDEN)]
    assert marked
    assert any(c.value.startswith(HIDDEN) for c in public.caption)
    sign_in_as(monkeypatch, seeded_url, "donor.viewer", "viewer")
    signed_in = open_page("results", lang="fr", region="09")
    no_exception(signed_in)
    assert not [cell for cell in _cells(signed_in) if cell.startswith(HIDDEN)]


def test_the_region_sees_every_status_and_the_public_validated_values_only(
    engine, seeded_url, monkeypatch
):
    # Oriental's first indicator has values submitted and returned in its latest period.
    with Session(engine) as session:
        indicator = session.scalar(select(Indicator.id).where(Indicator.code == "OR-I1"))
    public = open_page("indicator", lang="fr", id=str(indicator))
    no_exception(public)
    assert _column(public, fr("field.status")) == {fr("value_status.validated")}
    sign_in_as(monkeypatch, seeded_url, "editor.oriental", "editor", ["02"])
    insider = open_page("indicator", lang="fr", id=str(indicator))
    no_exception(insider)
    seen = _column(insider, fr("field.status"))
    assert {fr("value_status.submitted"), fr("value_status.returned")} <= seen


@pytest.fixture
def editor_09(seeded_url, monkeypatch):
    return sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])


def _form(engine, period_code: str):
    indicator, period = _ids(engine, "SM-I1", period_code)
    at = open_page(
        "reporting", lang="fr", indicator=str(indicator), period=str(period), territory="09"
    )
    no_exception(at)
    return at, indicator, period, f"value.{indicator}.{period}.09"


def test_parts_that_do_not_add_up_are_refused_next_to_them_and_then_saved_exactly(
    engine, editor_09
):
    at, indicator, period, key = _form(engine, "2027-03")
    at.number_input(key=f"{key}.total").set_value(20.0)
    for category, count in (("female", 12.0), ("male", 6.0), ("unknown", 1.0)):
        at.number_input(key=f"{key}.parts.sex.{category}").set_value(count)
    at.number_input(key=f"{key}.parts.status.refugee_asylum").set_value(20.0)
    at.text_area(key=f"{key}.comment").input("Permanence d'Inezgane")
    button(at, fr("reporting.save")).click().run()
    no_exception(at)
    found = errors(at)
    assert fr("error.parts_sum", sum=19, total=20) in " ".join(found)
    assert fr("error.required") in message_after(at, f"{key}.parts.status.regular_migrant")
    assert at.number_input(key=f"{key}.parts.sex.female").value == 12.0
    assert _stored(engine, indicator, period) is None

    at.number_input(key=f"{key}.parts.sex.unknown").set_value(2.0)
    for category in ("regular_migrant", "moroccan_abroad", "returnee", "host_community"):
        at.number_input(key=f"{key}.parts.status.{category}").set_value(0.0)
    at.number_input(key=f"{key}.parts.status.unknown").set_value(0.0)
    button(at, fr("reporting.save")).click().run()
    no_exception(at)
    assert not errors(at)
    stored = _stored(engine, indicator, period)
    assert (stored.total, stored.status, stored.comment_fr, stored.updated_by) == (
        20,
        "draft",
        "Permanence d'Inezgane",
        "editor.souss",
    )
    assert at.number_input(key=f"{key}.total").value == 20.0


def test_a_locked_period_refuses_the_save_in_words(engine, editor_09):
    at, indicator, period, key = _form(engine, "2025")
    assert fr("reporting.locked", period="2025") in [w.value for w in at.warning]
    at.number_input(key=f"{key}.total").set_value(40.0)
    at.text_area(key=f"{key}.comment").input("Après coup")
    button(at, fr("reporting.save")).click().run()
    no_exception(at)
    assert fr("error.period_locked", period="2025") in errors(at)
    assert _stored(engine, indicator, period) is None
    assert at.number_input(key=f"{key}.total").value == 40.0


def test_a_value_changed_meanwhile_is_refused_with_a_reload(engine, editor_09):
    at, indicator, period, key = _form(engine, "2027-03")
    at.number_input(key=f"{key}.total").set_value(5.0)
    save_value(
        engine,
        actor=EDITOR_09,
        indicator_id=indicator,
        period_id=period,
        territory_code="09",
        expected_version=None,
        entry=ValueEntry(total=7, comment="L'autre éditeur"),
    )
    button(at, fr("reporting.save")).click().run()
    no_exception(at)
    assert any(b.label == fr("reporting.reload") for b in at.button)
    assert _stored(engine, indicator, period).total == 7
    assert at.number_input(key=f"{key}.total").value == 5.0


def test_a_reader_is_refused_the_reporting_page(seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "donor.viewer", "viewer")
    at = open_page("reporting", lang="fr")
    no_exception(at)
    assert not at.number_input
    assert errors(at) or at.warning
