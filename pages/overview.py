"""Overview: headline figures, progress and status by region, schedule health, timeline, risks."""

import streamlit as st

from i18n import formats
from ui import (
    chart_tables,
    context,
    frame,
    measure_tables,
    overview_charts,
    pdr_data,
    result_views,
    widgets,
)
from ui.context import label, t

frame.ensure()

run = context.current()
lang, today, region = run.lang, run.today, run.region

st.title(t("overview.title"), anchor=False)
widgets.region_scope()
overview_charts.pdr_place(today)

found = pdr_data.overview_data(region, today)
head = found.headline
if head.total == 0:
    st.info(t("overview.empty"))
    st.stop()

# Headline figures.
first = st.columns([0.8, 1.5, 3.7])
first[0].metric(t("term.measures"), formats.number(lang, head.total))
first[1].metric(
    t("overview.on_track_share"),
    formats.percent(lang, head.on_track_share),
    help=t("overview.on_track_share_help", open=formats.number(lang, head.open_count)),
)
# One line, not five tiles: on a phone tiles stack a screen high before the first chart.
first[2].text(
    " · ".join(
        t("overview.status_count", status=label("status", s), count=formats.number(lang, n))
        for s, n in head.by_status.items()
    )
)

# The budget in its three stages, each against what is programmed.
stages = (
    ("field.budget_planned", None, head.budget_planned),
    ("field.budget_committed", "overview.budget_committed_help", head.budget_committed),
    ("field.budget_paid", "overview.budget_paid_help", head.budget_paid),
)
for column, (title, meaning, amount) in zip(st.columns(3), stages, strict=True):
    share = amount / head.budget_planned if head.budget_planned else None
    said = meaning and t(meaning, share=formats.percent(lang, share))
    column.metric(t(title), formats.mad(lang, amount), help=said)

# Charts, each with the table it draws: two in a row, then health beside the timeline.
drawn = overview_charts.overview_charts(found, region, today)
axes = drawn.get("axes")  # shared by every session: read, never changed
grid = [(name, chart) for name, chart in drawn.items() if name != "axes"]
columns = [*st.columns(2), *st.columns([1, 2])]
for (name, (figure, table)), column in zip(grid, columns, strict=True):
    with column:
        chart_tables.chart_with_table(figure, f"overview.{name}", table)
with columns[0]:
    st.caption(t("overview.pace_note"))
with columns[3]:
    shown = len(found.timeline)
    measure_tables.all_measures_link("overview.timeline_all", shown, head.total, {})
if axes:
    chart_tables.chart_with_table(*axes[:1], "overview.axes", axes[1])

if head.illustrative:
    st.caption(
        t(
            "chart.illustrative_note",
            plural=head.total,
            count=formats.number(lang, head.illustrative),
            total=formats.number(lang, head.total),
        )
    )

# Indicators against their plan targets (validated values only).
result_views.achievement_section(region)

# Measures that need attention.
st.subheader(t("overview.at_risk_title"), anchor=False)
if found.at_risk.empty:
    st.info(t("overview.at_risk_empty"))
else:
    shown, config = measure_tables.measure_rows(
        found.at_risk,
        (
            "code",
            "title",
            "health",
            "status",
            "progress",
            "planned_end",
        ),
    )
    widgets.dataframe(shown, config, key="overview.at_risk", opens=list(found.at_risk["id"]))
    measure_tables.at_risk_link(found.health, len(found.at_risk))
widgets.illustrative_note(found.timeline, found.at_risk)
