"""Strategies: the regions' migration strategies side by side, then one with its axes."""

import streamlit as st

from i18n import formats
from ui import content, context, data, frame, record_form, strategy_view, widgets
from ui.context import t
from ui.provenance import field_badges

frame.ensure()

run = context.current()
lang, today = run.lang, run.today
found, all_axes = data.strategy_list(run.region, run.today)

st.title(t("strategies.title"), anchor=False)
widgets.region_scope()
if found.empty:
    st.info(t("strategies.empty"))
elif len(found) > 1:
    strategy_view.comparison(found, all_axes)

if not found.empty:
    strategy = strategy_view.pick(found)
    strategy_id = int(strategy["id"])
    axes = all_axes[all_axes["strategy_id"] == strategy_id]
    measures, provenance = data.strategy_detail(
        strategy, [int(i) for i in axes["id"]], today, strategy_view.AXIS_PREVIEW
    )
    with st.container(border=True):
        badges = {"provenance": provenance, "record_provenance": strategy["provenance"]}
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
        editable = run.actor.can_edit_region(strategy["region_code"])

        st.subheader(t("strategies.axes_title"), anchor=False)
        if axes.empty:
            st.info(t("strategies.no_axes"))
        for axis in axes.to_dict("records"):
            strategy_view.axis(
                axis, measures[measures["axis_id"] == axis["id"]], strategy["region_code"]
            )
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
        widgets.illustrative_note(strategy["provenance"], axes, measures)

record_form.section(
    "strategy", t("record.new_strategy"), key="strategy.new", allowed=run.actor.can_edit_any
)
