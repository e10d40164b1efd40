"""Overview: headline figures, progress and status by region, schedule health, timeline, risks."""

import streamlit as st

from figures import charts
from i18n import formats
from ui import chart_tables, context, data, frame, measure_tables, widgets
from ui.context import label, t

frame.ensure()

run = context.current()
lang, today, region = run.lang, run.today, run.region

st.title(t("overview.title"), anchor=False)
widgets.region_scope()
st.caption(t("overview.as_of", day=formats.day(lang, today)))

found = data.overview_data(region, today)
head = found.headline
if head.total == 0:
    st.info(t("overview.empty"))
    st.stop()

# Headline figures.
first = st.columns([0.8, 1.5, 1.85, 1.85])
first[0].metric(t("term.measures"), formats.number(lang, head.total))
first[1].metric(
    t("overview.on_track_share"),
    formats.percent(lang, head.on_track_share),
    help=t("overview.on_track_share_help", open=formats.number(lang, head.open_count)),
)
first[2].metric(t("field.budget_planned"), formats.mad(lang, head.budget_planned))
first[3].metric(
    t("field.budget_spent"),
    formats.mad(lang, head.budget_spent),
    help=t(
        "overview.budget_spent_help",
        share=formats.percent(lang, head.budget_spent / head.budget_planned)
        if head.budget_planned
        else formats.percent(lang, None),
    ),
)
# One line, not five tiles: on a phone tiles stack a screen high before the first chart.
st.text(
    " · ".join(
        t("overview.status_count", status=label("status", s), count=formats.number(lang, n))
        for s, n in head.by_status.items()
    )
)

# Charts, each with the table it draws.
by_region = widgets.with_region_name(found.by_region)
status_mix = widgets.with_region_name(found.status_mix)
timeline = found.timeline.assign(title=widgets.localized_column(found.timeline, "title"))
left, right = st.columns(2)
with left:
    chart_tables.chart_with_table(
        charts.progress_by_region(by_region, lang),
        "overview.progress",
        chart_tables.progress_table(by_region),
    )
with right:
    chart_tables.chart_with_table(
        charts.status_mix(status_mix, lang),
        "overview.status_mix",
        chart_tables.status_table(status_mix),
    )
left, right = st.columns([1, 2])
with left:
    chart_tables.chart_with_table(
        charts.health_donut(found.health, lang),
        "overview.health",
        chart_tables.health_table(found.health),
    )
with right:
    chart_tables.chart_with_table(
        charts.timeline(timeline, lang, today),
        "overview.timeline",
        chart_tables.timeline_table(timeline),
    )
    measure_tables.all_measures_link("overview.timeline_all", len(timeline), head.total, {})

if head.illustrative:
    st.caption(
        t(
            "chart.illustrative_note",
            plural=head.total,
            count=formats.number(lang, head.illustrative),
            total=formats.number(lang, head.total),
        )
    )

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
