"""Results: each indicator's target against actual, its cumulative line and disaggregation, for
one region, a few indicators a page; with no region chosen, the regions compared (validated
values only)."""

import streamlit as st

from i18n import formats
from services import suppression
from ui import context, frame, result_data, result_figures, result_views, widgets
from ui.context import t

PAGE_SIZE = 4  # indicators drawn at once: each has two charts
PAGE_KEY = "results.page"

frame.ensure()

run = context.current()
lang, region = run.lang, run.region

st.title(t("results.page_title"), anchor=False)
widgets.region_scope()
st.caption(t("results.validated_only"))
suppressed = suppression.required(run.actor)
if suppressed:
    st.caption(t("results.public_note"))

if region is None:
    result_views.compare_regions()
    st.stop()

# Another region starts again on its first page.
if st.session_state.get("results.region") != region:
    st.session_state["results.region"] = region
    st.session_state[PAGE_KEY] = 1
page = max(int(st.session_state.get(PAGE_KEY, 1)), 1)
found, total = result_data.region_results(region, suppressed, page - 1, PAGE_SIZE)
if total == 0:
    st.info(t("results.none"))
    st.stop()
pages = -(-total // PAGE_SIZE)
if page > pages:
    st.session_state[PAGE_KEY] = pages
    st.rerun()
if pages > 1:
    bar = st.columns([3, 1], vertical_alignment=widgets.BOTTOM)
    bar[0].caption(
        t(
            "results.page_of",
            total=formats.number(lang, total),
            page=formats.number(lang, page),
            pages=formats.number(lang, pages),
        )
    )
    bar[1].number_input(t("measures.page"), min_value=1, max_value=pages, step=1, key=PAGE_KEY)
drawn = result_figures.page_charts(found, region, suppressed, page)
for number, (result, charts) in enumerate(zip(found, drawn, strict=True)):
    if number:
        st.divider()
    result_views.indicator_section(result, charts, suppressed)
