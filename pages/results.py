"""Results: each indicator's target against actual, its cumulative line and disaggregation, for
one region; with no region chosen, the regions compared (validated values only)."""

import streamlit as st

from services import suppression
from ui import context, frame, result_data, result_views, widgets
from ui.context import t

frame.ensure()

run = context.current()
region = run.region

st.title(t("results.page_title"), anchor=False)
widgets.region_scope()
st.caption(t("results.validated_only"))
suppressed = suppression.required(run.actor)
if suppressed:
    st.caption(t("results.public_note"))

if region is None:
    result_views.compare_regions()
    st.stop()

found = result_data.region_results(region, suppressed)
if not found:
    st.info(t("results.none"))
    st.stop()
for number, result in enumerate(found):
    if number:
        st.divider()
    result_views.indicator_section(result, suppressed)
