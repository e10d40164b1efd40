"""Strategies: each region's migration strategy, its axes with progress and their measures."""

import streamlit as st

from i18n import formats
from ui import content, context, data, frame, measure_tables, record_form, widgets
from ui.context import t
from ui.provenance import field_badges

AXIS_COLUMNS = (
    "code",
    "title",
    "status",
    "progress",
    "health",
    "illustrative",
)

frame.ensure()

run = context.current()
lang, today = run.lang, run.today
found = data.strategy_data(run.region, today)

st.title(t("strategies.title"), anchor=False)
widgets.region_scope()
if found.strategies.empty:
    st.info(t("strategies.empty"))

for strategy in found.strategies.to_dict("records"):
    with st.container(border=True):
        badges = {
            "provenance": found.provenance[int(strategy["id"])],
            "record_provenance": strategy["provenance"],
        }
        title, fallback = widgets.title_and_mark(strategy, "title")
        widgets.heading(title, level=2, note=fallback)
        st.caption(widgets.localized(strategy, "region", mark=False))
        widgets.provenance_badge(strategy["provenance"])
        facts = st.columns(3)
        facts[0].metric(t("strategies.adopted_on"), formats.day(lang, strategy["adopted_on"]))
        facts[1].metric(
            t("strategies.horizon"),
            t(
                "strategies.horizon_value",
                start=str(strategy["horizon_start"]),
                end=str(strategy["horizon_end"]),
            ),
        )
        facts[2].metric(t("field.status"), widgets.strategy_status(strategy["status"]))
        field_badges(fields=("adopted_on", "horizon", "status"), **badges)
        content.content(strategy, "summary")
        field_badges(fields=("title", "summary"), **badges)
        widgets.field(t("field.pdr_reference"), widgets.localized(strategy, "pdr_reference"))
        field_badges(fields=("pdr_reference",), **badges)
        pdr_link = widgets.http_link(strategy["pdr_url"])
        if pdr_link:
            st.link_button(t("strategies.pdr_link"), pdr_link, icon=widgets.ICON_LINK)
        strategy_id = int(strategy["id"])
        editable = run.actor.can_edit_region(strategy["region_code"])

        axes = found.axes[found.axes["strategy_id"] == strategy["id"]]
        st.subheader(t("strategies.axes_title"), anchor=False)
        if axes.empty:
            st.info(t("strategies.no_axes"))
        for axis in axes.to_dict("records"):
            axis_title, axis_fallback = widgets.title_and_mark(axis, "title")
            widgets.heading(f"{axis['code']} · {axis_title}", level=4, note=axis_fallback)
            widgets.illustrative_marker(axis["provenance"])
            average = axis["avg_progress"]
            has_average = average is not None and average == average  # NaN when no measure
            st.progress(
                min(max(float(average), 0.0), 100.0) / 100 if has_average else 0.0,
                text=t(
                    "strategies.axis_progress",
                    plural=int(axis["measures"]),
                    progress=formats.percent(lang, average / 100 if has_average else None),
                    measures=formats.number(lang, int(axis["measures"])),
                ),
            )
            measures = found.measures[found.measures["axis_id"] == axis["id"]]
            if measures.empty:
                st.caption(t("strategies.axis_empty"))
                continue
            shown, config = measure_tables.measure_rows(measures, AXIS_COLUMNS)
            key = f"strategies.axis.{int(axis['id'])}"
            widgets.dataframe(shown, config, key=key, opens=list(measures["id"]))
        record_form.section(
            "axis",
            t("record.new_axis"),
            key=f"axis.new.{strategy_id}",
            allowed=editable,
            fixed={"strategy_id": strategy_id},
        )
        axis_names = {
            int(a["id"]): f"{a['code']} · {widgets.localized(a, 'title')}"
            for a in axes.to_dict("records")
        }
        record_form.picked_section(
            "axis", t("record.edit_axis"), axis_names, key=f"axis.{strategy_id}", allowed=editable
        )
        record_form.section(
            "strategy",
            t("record.edit_strategy"),
            key=f"strategy.{strategy_id}",
            allowed=editable,
            record_id=strategy_id,
        )
        shown_measures = found.measures[found.measures["axis_id"].isin(axes["id"])]
        widgets.illustrative_note(strategy["provenance"], axes, shown_measures)

record_form.section(
    "strategy", t("record.new_strategy"), key="strategy.new", allowed=run.actor.can_edit_any
)
