"""Pages through Streamlit's AppTest: what a user sees, the region filter and the write forms."""

import csv
import io
import sqlite3
from datetime import date

import pytest

from exports.measures_csv import measures_csv
from i18n import formats
from i18n.catalog import label, translate
from models.codes import ScheduleHealth
from services.committees import committees, decisions, meetings
from services.db import read_session
from services.filters import MeasureFilter
from services.measure_writes import MeasureChange, update_measure
from services.measures import export_measures, list_measures, measure_history
from tests.helpers import EDITOR_09, TODAY, measure_where
from tests.pages_helpers import (
    button,
    chart_titles,
    errors,
    message_after,
    metric,
    no_exception,
    open_page,
    sign_in_as,
)

pytestmark = pytest.mark.usefixtures("app_env")


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


@pytest.fixture
def editor_09(seeded_url, monkeypatch):
    """The pages run for Souss-Massa's editor, signed in."""
    return sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])


def snapshot(engine, code: str) -> tuple:
    """What a failed write must leave untouched: a measure's values and its history length."""
    measure = measure_where(engine, code=code)
    with read_session(engine) as session:
        history = len(measure_history(session, measure.id))
    return measure.status, measure.progress, measure.version, measure.budget_paid, history


def open_measure(code: str, engine, **query):
    measure = measure_where(engine, code=code)
    at = open_page("measure", id=str(measure.id), **query)
    no_exception(at)
    return at, measure


@pytest.mark.parametrize("page", ["overview", "measures", "strategies", "committees"])
def test_every_page_runs_in_french(page):
    at = open_page(page)
    no_exception(at)
    assert [t.value for t in at.title] == [fr(f"{page}.title")]
    assert at.sidebar.selectbox(key="frame.lang").value == "fr"


def test_overview_runs_in_arabic_with_its_charts():
    at = open_page("overview", lang="ar")
    no_exception(at)
    assert at.title[0].value == translate("ar", "overview.title")
    titles = chart_titles(at)
    assert len(titles) == 5  # four of measures, then the indicators' achievement
    assert translate("ar", "chart.progress_by_region") in titles
    assert titles[-1] == translate("ar", "chart.achievement")
    assert at.sidebar.selectbox(key="frame.lang").value == "ar"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_overview_states_the_pdr_period_and_todays_place_in_it(lang):
    at = open_page("overview", lang=lang)
    no_exception(at)
    elapsed = (TODAY - date(2022, 1, 1)).days / (date(2027, 12, 31) - date(2022, 1, 1)).days
    bar = at.get("progress")[0].proto
    assert bar.value == round(elapsed * 100)  # 15 Nov 2026: 81 % of 2022–2027 gone by
    days = (date(2022, 1, 1), date(2027, 12, 31), TODAY)
    assert bar.text == translate(
        lang,
        "overview.pdr_period",
        **dict(zip(("start", "end", "day"), (formats.day(lang, d) for d in days), strict=True)),
        share=formats.percent(lang, elapsed),
    )
    assert "2022–2027" in bar.text


def test_region_filter_changes_the_overview_and_the_measures_table():
    everywhere = open_page("overview")
    souss = open_page("overview", region="09")
    no_exception(souss)
    assert souss.sidebar.selectbox(key="frame.region").value == "09"
    total_all = int(metric(everywhere, fr("term.measures")))
    total_09 = int(metric(souss, fr("term.measures")))
    assert 0 < total_09 < total_all

    page = open_page("measures", region="09")
    table = page.dataframe[0].value
    assert len(table) == total_09
    # One region's view names it once, above the table, instead of on every row.
    assert "region" not in table and "place" in table
    assert fr("common.region_scope", region="Souss-Massa") in [c.value for c in page.caption]
    assert all(code.startswith("SM-") for code in table["code"])


def test_region_is_kept_when_moving_between_pages():
    at = open_page("overview", region="05")
    at.switch_page("pages/measures.py").run()
    no_exception(at)
    assert at.sidebar.selectbox(key="frame.region").value == "05"
    assert set(at.dataframe[0].value["code"].str[:4]) == {"BMK-"}


def _codes(engine, flt: MeasureFilter) -> set[str]:
    with read_session(engine) as session:
        return set(list_measures(session, flt, TODAY, page_size=100).rows["code"])


def test_measure_filters_narrow_the_table_and_status_lives_in_the_url(engine):
    at = open_page("measures", region="09", status="completed")
    no_exception(at)
    table = at.dataframe[0].value
    expected = _codes(engine, MeasureFilter(region="09", statuses=("completed",)))
    assert set(table["code"]) == expected and expected
    assert set(table["status"]) == {label("fr", "status", "completed")}

    at.text_input(key="measures.text").input("Belfa").run()
    narrowed = _codes(engine, MeasureFilter(region="09", statuses=("completed",), text="Belfa"))
    assert set(at.dataframe[0].value["code"]) == narrowed and len(narrowed) < len(expected)

    at.multiselect(key="measures.status").set_value(["planned"]).run()
    assert at.query_params["status"] in ("planned", ["planned"])
    assert fr("measures.empty") in [i.value for i in at.info]


def test_unknown_region_in_the_url_warns_and_shows_all_regions():
    at = open_page("overview", region="99")
    no_exception(at)
    assert fr("error.unknown_region", code="99") in [w.value for w in at.warning]
    assert at.sidebar.selectbox(key="frame.region").value == ""
    assert int(metric(at, fr("term.measures"))) == int(metric(open_page(), fr("term.measures")))


def test_measures_address_with_id_opens_the_measure_page(engine, editor_09):
    measure = measure_where(engine, code="SM-02")
    at = open_page("measures", id=str(measure.id), region="09")
    no_exception(at)
    assert at.selectbox(key=f"measure.{measure.id}.status").value == "in_progress"


def test_measure_page_shows_fields_history_and_form(engine, editor_09):
    at, measure = open_measure("SM-02", engine)
    texts = [t.value for t in at.text]
    assert "Conseil régional de Souss-Massa" in texts and measure.description_fr in texts
    assert chart_titles(at) == [fr("chart.history")]
    status = at.selectbox(key=f"measure.{measure.id}.status")
    assert status.value == "in_progress"
    assert status.options == [
        label("fr", "status", s) for s in ("in_progress", "completed", "suspended", "cancelled")
    ]


def test_valid_update_is_saved_and_shown_everywhere(engine, editor_09):
    at, measure = open_measure("SM-02", engine, region="09")
    before = snapshot(engine, "SM-02")
    at.number_input(key=f"measure.{measure.id}.progress").set_value(measure.progress + 10)
    at.text_area(key=f"measure.{measure.id}.note").input("Atelier de lancement tenu à Agadir")
    button(at, fr("measure.form.submit")).click().run()
    no_exception(at)

    assert [s.value for s in at.success] == [
        fr(
            "measure.form.saved",
            code="SM-02",
            status=label("fr", "status", "in_progress"),
            progress=measure.progress + 10,
        )
    ]
    after = snapshot(engine, "SM-02")
    assert after[1] == measure.progress + 10 and after[2] == before[2] + 1
    assert after[4] == before[4] + 1
    history = at.dataframe[-1].value
    assert history.iloc[0]["progress"] == f"{measure.progress}% → {measure.progress + 10}%"
    assert history.iloc[0]["note"] == "Atelier de lancement tenu à Agadir"
    assert at.number_input(key=f"measure.{measure.id}.progress").value == measure.progress + 10

    at.switch_page("pages/strategies.py").run()
    rows = [df.value for df in at.dataframe if "code" in df.value]
    shown = next(r for r in rows if "SM-02" in set(r["code"]))
    assert int(shown.set_index("code").loc["SM-02", "progress"]) == measure.progress + 10


def test_progress_out_of_range_is_refused_beside_the_field(engine, editor_09):
    at, measure = open_measure("SM-02", engine)
    before = snapshot(engine, "SM-02")
    key = f"measure.{measure.id}.progress"
    at.number_input(key=key).set_value(150)
    button(at, fr("measure.form.submit")).click().run()
    no_exception(at)
    assert message_after(at, key) == [fr("error.out_of_range", low="0", high="100")]
    assert snapshot(engine, "SM-02") == before
    assert at.number_input(key=key).value == 150  # what the user typed is kept


def test_completing_without_full_progress_is_refused(engine, editor_09):
    at, measure = open_measure("SM-02", engine)
    before = snapshot(engine, "SM-02")
    at.selectbox(key=f"measure.{measure.id}.status").set_value("completed")
    button(at, fr("measure.form.submit")).click().run()
    no_exception(at)
    progress_key = f"measure.{measure.id}.progress"
    assert message_after(at, progress_key) == [fr("error.completed_needs_full_progress")]
    assert snapshot(engine, "SM-02") == before


def test_a_change_made_meanwhile_makes_the_form_stale(engine, editor_09):
    at, measure = open_measure("SM-02", engine)
    update_measure(
        engine,
        actor=EDITOR_09,
        measure_id=measure.id,
        expected_version=measure.version,
        change=MeasureChange(status="in_progress", progress=measure.progress + 5),
        today=TODAY,
    )
    meanwhile = snapshot(engine, "SM-02")
    at.number_input(key=f"measure.{measure.id}.progress").set_value(measure.progress + 20)
    button(at, fr("measure.form.submit")).click().run()
    no_exception(at)
    assert fr("error.stale_measure") in errors(at)
    assert snapshot(engine, "SM-02") == meanwhile

    button(at, fr("measure.form.reload")).click().run()
    no_exception(at)
    assert at.number_input(key=f"measure.{measure.id}.progress").value == measure.progress + 5
    assert fr("error.stale_measure") not in errors(at)


def test_active_markup_in_a_note_is_refused(engine, editor_09):
    at, measure = open_measure("SM-02", engine)
    before = snapshot(engine, "SM-02")
    key = f"measure.{measure.id}.note"
    at.number_input(key=f"measure.{measure.id}.progress").set_value(measure.progress + 1)
    at.text_area(key=key).input("<script>alert(1)</script>")
    button(at, fr("measure.form.submit")).click().run()
    no_exception(at)
    assert message_after(at, key) == [fr("error.markup")]
    assert snapshot(engine, "SM-02") == before
    assert all("<script>" not in h.proto.body for h in at.get("html"))


def test_a_national_measure_has_no_form_for_a_regional_editor(engine, editor_09):
    at, _ = open_measure("NAT-01", engine)
    assert not at.get("form")
    assert fr("measure.form.read_only") in [i.value for i in at.info]


def _committee_of(engine, region: str) -> int:
    with read_session(engine) as session:
        return int(committees(session, region, TODAY)["id"].iloc[0])


def _meeting_count(engine, committee_id: int) -> int:
    with read_session(engine) as session:
        return len(meetings(session, committee_id))


def test_recording_a_meeting_with_a_decision(engine, editor_09):
    committee_id = _committee_of(engine, "09")
    before = _meeting_count(engine, committee_id)
    at = open_page("committees", region="09")
    no_exception(at)
    assert at.selectbox(key="committees.committee").value == committee_id
    prefix = f"committees.{committee_id}.meeting"
    at.date_input(key=f"{prefix}.held_on").set_value(date(2026, 11, 10))
    at.number_input(key=f"{prefix}.attendance").set_value(14)
    at.text_area(key=f"{prefix}.summary").input("Point d'étape sur le centre d'orientation.")
    at.text_input(key=f"{prefix}.0.text").input("Préparer la convention avec la commune")
    owner = at.selectbox(key=f"{prefix}.0.owner_institution_id")
    enabel = next(o for o in owner.options if o == "Enabel")
    owner.select(enabel)
    assert at.selectbox(key=f"{prefix}.language").value == "fr"
    at.date_input(key=f"{prefix}.0.due_on").set_value(date(2027, 1, 31))
    button(at, fr("committees.record_submit")).click().run()
    no_exception(at)
    assert [s.value for s in at.success] == [fr("committees.meeting_saved", plural=1, decisions=1)]
    assert _meeting_count(engine, committee_id) == before + 1
    meetings_table = next(d.value for d in at.dataframe if "summary" in d.value)
    assert meetings_table.iloc[0]["summary"] == "Point d'étape sur le centre d'orientation."
    decisions_table = next(d.value for d in at.dataframe if "owner" in d.value)
    assert enabel in set(decisions_table["owner"])


def test_a_meeting_without_summary_is_refused(engine, editor_09):
    committee_id = _committee_of(engine, "09")
    before = _meeting_count(engine, committee_id)
    at = open_page("committees", region="09")
    prefix = f"committees.{committee_id}.meeting"
    at.text_input(key=f"{prefix}.0.text").input("Une décision")
    button(at, fr("committees.record_submit")).click().run()
    no_exception(at)
    assert message_after(at, f"{prefix}.summary") == [fr("error.required")]
    assert _meeting_count(engine, committee_id) == before
    assert at.text_input(key=f"{prefix}.0.text").value == "Une décision"


def test_a_decision_is_linked_by_the_measures_code(engine, editor_09):
    committee_id = _committee_of(engine, "09")
    before = _meeting_count(engine, committee_id)
    at = open_page("committees", region="09")
    prefix = f"committees.{committee_id}.meeting"
    at.date_input(key=f"{prefix}.held_on").set_value(date(2026, 11, 10))
    at.number_input(key=f"{prefix}.attendance").set_value(9)
    at.text_area(key=f"{prefix}.summary").input("Point d'étape.")
    at.text_input(key=f"{prefix}.0.text").input("Suivre la convention")
    at.text_input(key=f"{prefix}.0.measure_code").input("ZZ-404")
    button(at, fr("committees.record_submit")).click().run()
    no_exception(at)
    assert message_after(at, f"{prefix}.0.measure_code") == [fr("error.unknown_measure_code")]
    assert at.text_input(key=f"{prefix}.0.measure_code").value == "ZZ-404"
    assert _meeting_count(engine, committee_id) == before
    at.text_input(key=f"{prefix}.0.measure_code").input("SM-03")
    button(at, fr("committees.record_submit")).click().run()
    no_exception(at)
    assert _meeting_count(engine, committee_id) == before + 1
    decisions_table = next(d.value for d in at.dataframe if "owner" in d.value)
    assert "SM-03" in " ".join(str(v) for v in decisions_table.to_numpy().ravel())


def test_csv_download_has_translated_headers_and_defused_formulas(engine):
    with sqlite3.connect(engine.url.database) as connection:
        connection.execute(
            "UPDATE measure SET title_fr = '=HYPERLINK(\"http://x\")' WHERE code = 'SM-02'"
        )
    with read_session(engine) as session:
        frame = export_measures(session, MeasureFilter(region="09"), TODAY)
    rows = list(csv.reader(io.StringIO(measures_csv(frame, "fr").decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == [
        fr("column.code"),
        f"{fr('column.title')} (fr)",
        f"{fr('column.title')} (ar)",
    ]
    assert fr("field.status") in header and "status" not in header
    assert len(body) == len(frame) == 15
    by_code = {row[0]: row for row in body}
    assert by_code["SM-02"][1] == '\'=HYPERLINK("http://x")'
    assert {row[header.index(fr("field.status"))] for row in body} <= {
        label("fr", "status", s)
        for s in ("planned", "in_progress", "completed", "suspended", "cancelled")
    }
    assert not any(cell.startswith(("=", "+", "@")) for row in body for cell in row)


def test_the_csv_names_places_in_english_with_the_french_name_marked(engine):
    with read_session(engine) as session:
        frame = export_measures(session, MeasureFilter(region="09"), TODAY)
    rows = list(csv.DictReader(io.StringIO(measures_csv(frame, "en").decode("utf-8-sig"))))
    province = translate("en", "term.province")
    tiznit = [row for row in rows if row[f"{province} (fr)"] == "Tiznit"]
    assert tiznit and all(row[f"{province} (en)"] == "Tiznit [French]" for row in tiznit)
    assert all(row[f"{province} (en)"] == "" for row in rows if not row[f"{province} (fr)"])


def test_an_open_decision_can_be_marked_done(engine, editor_09):
    committee_id = _committee_of(engine, "09")
    with read_session(engine) as session:
        found = decisions(session, committee_id, TODAY)
    open_one = found[found["status"] == "open"].iloc[0]
    at = open_page("committees", region="09")
    prefix = f"committees.{committee_id}.follow_up"
    at.selectbox(key=f"{prefix}.decision").set_value(int(open_one["id"])).run()
    at.radio(key=f"{prefix}.{int(open_one['id'])}.status").set_value("done")
    button(at, fr("committees.follow_up_submit")).click().run()
    no_exception(at)
    done = label("fr", "decision_status", "done")
    assert [s.value for s in at.success] == [fr("committees.decision_saved", status=done)]
    with read_session(engine) as session:
        after = decisions(session, committee_id, TODAY).set_index("id").loc[open_one["id"]]
    assert after["status"] == "done" and after["version"] == open_one["version"] + 1


def test_every_overview_chart_has_the_table_it_draws():
    at = open_page("overview", region="09")
    no_exception(at)
    assert [e.label for e in at.expander].count(fr("chart.table")) == 5
    # In the order of the charts: progress, statuses, health, timeline, the region's axes.
    names = ("progress", "status_mix", "health", "timeline", "axes")
    tables = {name: frame.value for name, frame in zip(names, at.dataframe, strict=False)}
    total = int(metric(at, fr("term.measures")))
    health = tables["health"]
    assert sum(int(n) for n in health[fr("term.measures")]) == total
    assert set(health[fr("field.health")]) <= {label("fr", "health", h) for h in ScheduleHealth}
    # The chosen region is drawn among the others, which stay for comparison.
    status = tables["status_mix"]
    souss = status[status[fr("term.region")] == "Souss-Massa"]
    assert sum(int(n) for n in souss[fr("term.measures")]) == total
    assert {"Souss-Massa", "Oriental", "Béni Mellal-Khénifra"} <= set(status[fr("term.region")])
    timeline = tables["timeline"]
    assert all(code.startswith("SM-") for code in timeline[fr("column.code")])
    progress = set(tables["progress"][fr("term.region")])
    assert {"Souss-Massa", "Oriental", "Béni Mellal-Khénifra"} <= progress
    axes = tables["axes"][fr("term.axis")]
    assert len(axes) == 5 and all(name.startswith("A") for name in axes)
    # The charts are shared between runs and sessions: a rerun draws every one of them again.
    at.run()
    assert [e.label for e in at.expander].count(fr("chart.table")) == 5
    assert [e.label for e in open_page("overview", region="09").expander].count(
        fr("chart.table")
    ) == 5
