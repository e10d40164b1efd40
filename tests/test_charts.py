"""Chart builders: translated texts, the input's values, right-to-left layout for Arabic."""

from datetime import UTC, date, datetime

import pandas as pd
import plotly.graph_objects as go
import pytest

from figures import charts, layout
from i18n.catalog import label, translate
from models.codes import MeasureStatus, ScheduleHealth
from tests.helpers import TODAY

LANGS = ("ar", "fr", "en")


def progress_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": ["09", "02", "05"],
            "region_name": ["Souss-Massa", "Oriental", "Béni Mellal-Khénifra"],
            "measures": [12, 7, 3],
            "avg_progress": [55.0, 20.5, 100.0],
            "expected": [60.0, 30.25, 90.0],
        }
    )


def status_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": ["09", "09", "02", "02", "02"],
            "region_name": ["Souss-Massa", "Souss-Massa", "Oriental", "Oriental", "Oriental"],
            "status": ["completed", "planned", "in_progress", "planned", "cancelled"],
            "count": [2, 3, 4, 1, 1],
        }
    )


def timeline_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["SM-01", "SM-02", "OR-01"],
            "title": ["Centre <b>d'orientation</b>", "Observatoire", "مرصد جهوي"],
            "planned_start": [date(2022, 3, 1), date(2023, 1, 1), date(2024, 6, 1)],
            "planned_end": [date(2025, 1, 1), date(2027, 6, 30), date(2026, 12, 31)],
            "status": ["in_progress", "planned", "completed"],
            "health": ["at_risk", "late_start", "at_risk"],
            "progress": [40, 0, 100],
            "axis_code": ["A1", "A2", None],
        }
    )


def history_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "changed_at": [
                datetime(2025, 9, 1, 8, tzinfo=UTC),
                datetime(2023, 1, 1, 8, tzinfo=UTC),
                datetime(2024, 5, 1, 8, tzinfo=UTC),
            ],
            "new_progress": [70, 0, 30],
            "new_status": ["suspended", "planned", "in_progress"],
        }
    )


def health_frame() -> pd.DataFrame:
    return pd.DataFrame({"health": ["overdue", "on_track", "at_risk"], "count": [2, 5, 3]})


BUILDERS = {
    "progress_by_region": (lambda df, lang: charts.progress_by_region(df, lang), progress_frame),
    "status_mix": (lambda df, lang: charts.status_mix(df, lang), status_frame),
    "timeline": (lambda df, lang: charts.timeline(df, lang, TODAY), timeline_frame),
    "history": (lambda df, lang: charts.history(df, lang), history_frame),
    "health_donut": (lambda df, lang: charts.health_donut(df, lang), health_frame),
}


def _reversed(axis) -> bool:
    """Whether an axis runs backwards (right to left for an x axis)."""
    return axis.autorange == "reversed" or bool(axis.range and axis.range[0] > axis.range[1])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builder_returns_a_translated_figure(name, lang):
    build, frame = BUILDERS[name]
    fig = build(frame(), lang)
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text == translate(lang, f"chart.{name}")
    assert "Noto Sans Arabic" in fig.layout.font.family
    assert fig.layout.height


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_empty_input_gives_a_no_data_note(name, lang):
    build, frame = BUILDERS[name]
    fig = build(frame().iloc[0:0], lang)
    assert fig.layout.title.text == translate(lang, f"chart.{name}")
    assert len(fig.data) == 0
    assert [a.text for a in fig.layout.annotations] == [translate(lang, "chart.no_data")]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_none_gives_a_no_data_note(name):
    build, _ = BUILDERS[name]
    assert build(None, "fr").layout.annotations[0].text == translate("fr", "chart.no_data")


@pytest.mark.parametrize("name", ["progress_by_region", "status_mix", "timeline", "history"])
def test_arabic_axes_run_right_to_left(name):
    build, frame = BUILDERS[name]
    arabic, french = build(frame(), "ar"), build(frame(), "fr")
    assert _reversed(arabic.layout.xaxis) and not _reversed(french.layout.xaxis)
    assert arabic.layout.yaxis.side == "right"
    assert french.layout.yaxis.side == "left"


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_arabic_title_on_the_right_and_legend_on_the_left(name):
    build, frame = BUILDERS[name]
    arabic, french = build(frame(), "ar"), build(frame(), "fr")
    assert arabic.layout.title.xanchor == "right"
    assert arabic.layout.hoverlabel.align == "right"
    assert arabic.layout.legend.x < 0 and arabic.layout.legend.xanchor == "right"
    assert french.layout.title.xanchor == "left"
    assert french.layout.legend.x > 1 and french.layout.legend.xanchor == "left"


@pytest.mark.parametrize("lang", LANGS)
def test_progress_by_region_values(lang):
    fig = charts.progress_by_region(progress_frame(), lang)
    bar, expected = fig.data
    assert bar.orientation == "h"
    assert list(bar.y) == ["Souss-Massa", "Oriental", "Béni Mellal-Khénifra"]
    assert list(bar.x) == [55.0, 20.5, 100.0]
    assert list(bar.customdata) == [12, 7, 3]
    assert bar.name == translate(lang, "chart.avg_progress")
    assert list(expected.y) == list(bar.y) and list(expected.x) == [60.0, 30.25, 90.0]
    assert expected.name == translate(lang, "chart.expected")
    assert sorted(fig.layout.xaxis.range) == [0, 100]
    assert fig.layout.xaxis.title.text == translate(lang, "chart.progress_axis")
    assert translate(lang, "term.measures") in bar.hovertemplate


def test_progress_by_axis_names_each_axis_by_code_and_title_cut_to_fit():
    axes = progress_frame().assign(
        code=["A1", "A2", "A3"], axis_title=["Gouvernance", "x" * 60, "<i>Santé</i>"]
    )
    fig = charts.progress_by_axis(axes, "fr")
    bar, expected = fig.data
    assert list(bar.y) == [
        "A1 · Gouvernance",
        "A2 · " + "x" * 39 + "…",
        "A3 · &lt;i&gt;Santé&lt;/i&gt;",
    ]
    assert list(expected.x) == [60.0, 30.25, 90.0]
    assert fig.layout.title.text == translate("fr", "chart.progress_by_axis")


def test_progress_by_region_region_without_average_shows_a_dash():
    frame = progress_frame().assign(avg_progress=[55.0, None, 100.0])
    assert list(charts.progress_by_region(frame, "en").data[0].text) == ["55%", "—", "100%"]


def test_progress_by_region_keeps_the_input_order_top_down():
    fig = charts.progress_by_region(progress_frame(), "fr")
    assert list(fig.layout.yaxis.categoryarray) == list(progress_frame()["region_name"])
    assert fig.layout.yaxis.autorange == "reversed"


@pytest.mark.parametrize("builder", [charts.progress_by_region, charts.status_mix])
def test_a_chosen_region_stays_among_the_others_in_bold_and_full_colour(builder):
    frame = progress_frame() if builder is charts.progress_by_region else status_frame()
    chosen = builder(frame, "ar", "02")
    regions = list(chosen.layout.yaxis.categoryarray)
    assert "Souss-Massa" in regions and "Oriental" in regions
    bold = dict(zip(chosen.layout.yaxis.tickvals, chosen.layout.yaxis.ticktext, strict=True))
    assert bold["Oriental"] == "<b>Oriental</b>" and bold["Souss-Massa"] == "Souss-Massa"
    for trace in chosen.data:
        shown = dict(zip(regions, trace.marker.opacity, strict=True))
        assert shown["Oriental"] == 1 and shown["Souss-Massa"] < 1
    plain = builder(frame, "ar")
    assert plain.layout.yaxis.ticktext is None and all(t.marker.opacity == 1 for t in plain.data)


@pytest.mark.parametrize("lang", LANGS)
def test_status_mix_has_one_trace_per_status_in_code_list_order(lang):
    fig = charts.status_mix(status_frame(), lang)
    statuses = ["planned", "in_progress", "completed", "cancelled"]
    assert [t.name for t in fig.data] == [label(lang, "status", s) for s in statuses]
    assert fig.layout.barmode == "stack"
    by_name = {t.name: list(t.x) for t in fig.data}
    assert by_name[label(lang, "status", "planned")] == [3, 1]
    assert by_name[label(lang, "status", "in_progress")] == [0, 4]
    assert all(list(t.y) == ["Souss-Massa", "Oriental"] for t in fig.data)
    assert [t.marker.color for t in fig.data] == [layout.STATUS_COLOURS[s] for s in statuses]


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_bars_coloured_by_health(lang):
    fig = charts.timeline(timeline_frame(), lang, TODAY)
    assert [t.name for t in fig.data] == [
        label(lang, "health", h) for h in ("at_risk", "late_start")
    ]
    at_risk, late = fig.data
    assert list(at_risk.y) == ["SM-01", "OR-01"] and list(late.y) == ["SM-02"]
    assert list(at_risk.base) == ["2022-03-01", "2024-06-01"]
    # Planned end inclusive: 1 Mar 2022 to 1 Jan 2025 is 1038 days.
    assert at_risk.x[0] == 1038 * 24 * 3600 * 1000
    assert at_risk.marker.color == layout.HEALTH_COLOURS["at_risk"]
    assert fig.layout.barmode == "overlay"
    assert fig.layout.xaxis.type == "date"
    assert sorted(fig.layout.xaxis.range) == ["2022-01-01", "2027-12-31"]
    assert list(fig.layout.yaxis.categoryarray) == ["SM-01", "SM-02", "OR-01"]
    assert list(fig.layout.yaxis.ticktext) == [
        "A1 · Centre &lt;b&gt;d&#x27;orientation&lt;/b&gt;",
        "A2 · Observatoire",
        "مرصد جهوي",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_marks_today(lang):
    fig = charts.timeline(timeline_frame(), lang, TODAY)
    (line,) = fig.layout.shapes
    assert line.x0 == line.x1 == TODAY.isoformat()
    assert [a.text for a in fig.layout.annotations] == [translate(lang, "chart.today")]


def test_timeline_hover_is_translated_and_escapes_titles():
    fig = charts.timeline(timeline_frame(), "ar", TODAY)
    at_risk = fig.data[0]
    assert translate("ar", "field.planned_end") in at_risk.hovertemplate
    title, status, *_ = at_risk.customdata[0]
    assert title == "Centre &lt;b&gt;d&#x27;orientation&lt;/b&gt;"
    assert status == label("ar", "status", "in_progress")


@pytest.mark.parametrize("lang", LANGS)
def test_history_is_a_step_line_in_time_order(lang):
    fig = charts.history(history_frame(), lang)
    (line,) = fig.data
    assert line.line.shape == "hv"
    assert list(line.y) == [0, 30, 70]
    assert [c[1] for c in line.customdata] == [
        label(lang, "status", s) for s in ("planned", "in_progress", "suspended")
    ]
    assert list(line.marker.color) == [
        layout.STATUS_COLOURS[s] for s in ("planned", "in_progress", "suspended")
    ]
    assert fig.layout.yaxis.title.text == translate(lang, "field.progress")


def test_history_shows_casablanca_wall_time():
    fig = charts.history(history_frame(), "fr")
    # 8:00 UTC on 1 May 2024 is 9:00 in Casablanca (UTC+1 outside Ramadan).
    assert pd.Timestamp(fig.data[0].x[1]) == pd.Timestamp("2024-05-01 09:00")


@pytest.mark.parametrize("lang", LANGS)
def test_health_donut_slices_in_code_list_order(lang):
    fig = charts.health_donut(health_frame(), lang)
    (pie,) = fig.data
    assert list(pie.labels) == [
        label(lang, "health", h) for h in ("on_track", "at_risk", "overdue")
    ]
    assert list(pie.values) == [5, 3, 2]
    assert list(pie.marker.colors) == [
        layout.HEALTH_COLOURS[h] for h in ("on_track", "at_risk", "overdue")
    ]
    # 10 measures: the noun in the plural form for ten (Arabic: «تدابير», 3 to 10).
    noun = translate(lang, "chart.measures_noun", plural=10)
    assert fig.layout.annotations[0].text.endswith(f"<br>{noun}")
    assert {"ar": "تدابير", "fr": "mesures", "en": "measures"}[lang] == noun


def test_health_donut_with_only_zero_counts_is_empty():
    fig = charts.health_donut(pd.DataFrame({"health": ["on_track"], "count": [0]}), "en")
    assert fig.layout.annotations[0].text == translate("en", "chart.no_data")


def test_palettes_cover_their_code_lists():
    assert set(layout.STATUS_COLOURS) == set(MeasureStatus)
    assert set(layout.HEALTH_COLOURS) == set(ScheduleHealth)
    assert len(set(layout.STATUS_COLOURS.values())) == len(MeasureStatus)
    assert len(set(layout.HEALTH_COLOURS.values())) == len(ScheduleHealth)


@pytest.mark.parametrize(
    ("lang", "june", "july", "decimal"),
    [("fr", "juin", "juil.", ","), ("ar", "يونيو", "يوليوز", ","), ("en", "Jun", "Jul", ".")],
)
def test_charts_name_months_and_tools_in_the_page_s_language(lang, june, july, decimal):
    config = layout.config(lang)
    found = config["locales"][lang]["format"]
    assert config["locale"] == lang and len(found["months"]) == len(found["shortMonths"]) == 12
    assert (found["shortMonths"][5], found["shortMonths"][6]) == (june, july)
    assert len(set(found["shortMonths"])) == 12 and len(found["shortDays"]) == 7
    assert found["decimal"] == decimal
    download = config["locales"][lang]["dictionary"]["Download plot as a PNG"]
    assert download == translate(lang, "chart.download_png")
    assert config["modeBarButtons"] == [["toImage"]] and not config["displaylogo"]
