"""One indicator: definition, baseline, targets and revisions, values by territory and period,
a period's disaggregation and a value's approval trail (/indicator?id=N)."""

import streamlit as st

from i18n import formats
from i18n.direction import direction
from services import suppression
from ui import (
    context,
    frame,
    indicator_view,
    navigation,
    result_data,
    result_views,
    url_state,
    widgets,
)
from ui.context import t

PAGE_SIZE = 25
PAGE_KEY = "indicator.page"

frame.ensure()

run = context.current()
lang = run.lang

st.page_link(
    navigation.RESULTS_PAGE,
    label=t("indicator.back"),
    icon=widgets.ICON_BACK[direction(lang)],
    query_params=run.query(),
)
raw_id = (url_state.url_values("id") or [""])[-1]
if not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 10):
    st.error(t("error.not_found"))
    st.stop()
indicator_id = int(raw_id)
suppressed = suppression.required(run.actor)
head = result_data.indicator(indicator_id, result_data.VALIDATED, 0, 1, suppressed).definition
if head is None:
    st.error(t("error.not_found"))
    st.stop()

# Those who report or validate the region's values see every status; others validated ones.
region = head["region_code"]
insider = run.actor.can_edit_region(region) or run.actor.can_validate_region(region)
statuses = result_data.EVERY_STATUS if insider else result_data.VALIDATED
if st.session_state.get("indicator.shown") != (indicator_id, statuses):
    st.session_state["indicator.shown"] = (indicator_id, statuses)
    st.session_state[PAGE_KEY] = 1
page = max(int(st.session_state.get(PAGE_KEY, 1)), 1)
found = result_data.indicator(indicator_id, statuses, page - 1, PAGE_SIZE, suppressed)

result_views.heading(head, level=1)
widgets.provenance_badge(head["provenance"])
indicator_view.definition(head)
indicator_view.targets(head, found)

st.subheader(t("indicator.values_title"), anchor=False)
st.caption(t("indicator.values_all" if insider else "indicator.values_validated"))
if found.count == 0:
    st.info(t("results.no_values"))
    st.stop()
pages = -(-found.count // PAGE_SIZE)
if page > pages:  # fewer values than when the page was chosen
    st.session_state[PAGE_KEY] = pages
    st.rerun()
bar = st.columns([3, 1], vertical_alignment=widgets.BOTTOM)
bar[0].caption(
    t(
        "indicator.values_count",
        total=formats.number(lang, found.count),
        page=formats.number(lang, page),
        pages=formats.number(lang, pages),
    )
)
bar[1].number_input(t("measures.page"), min_value=1, max_value=pages, step=1, key=PAGE_KEY)
indicator_view.values_table(head, found.values)

if result_data.summed(head) and result_data.has_parts(head):
    indicator_view.breakdown(head, found.periods, suppressed)

st.subheader(t("indicator.trail_title"), anchor=False)
indicator_view.trail(found.values)
