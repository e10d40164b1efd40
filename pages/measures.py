"""Measures: filters, a paged table linking to each measure, and the CSV of the filtered view."""

from dataclasses import astuple

import streamlit as st

from i18n import formats
from ui import (
    context,
    data,
    downloads,
    frame,
    measure_filters,
    measure_tables,
    plan_form,
    widgets,
)
from ui.context import t
from ui.forms import section

PAGE_SIZE = 25
PAGE_KEY = "measures.page"
# The list shows what people compare; institutions, level and the other dates are on each
# measure's page and in the CSV.
COLUMNS = (
    "code",
    "title",
    "status",
    "progress",
    "health",
    "region",
    "place",
    "planned_end",
    "illustrative",
)

frame.ensure()

run = context.current()
lang, today = run.lang, run.today

st.title(t("measures.title"), anchor=False)
widgets.region_scope()
if run.actor.can_edit_region(run.region) or (run.region is None and run.actor.regions):
    with section(t("plan.create_title"), icon=widgets.ICON_ADD, form_key="plan.new"):
        plan_form.create(run.region)

flt = measure_filters.draw(run.region)
# A new filter starts again on its first page.
if st.session_state.get("measures.filter") != astuple(flt):
    st.session_state["measures.filter"] = astuple(flt)
    st.session_state[PAGE_KEY] = 1
result = data.measure_page(flt, today, st.session_state.get(PAGE_KEY, 1), PAGE_SIZE)

if result.total == 0:
    st.info(t("measures.empty"))
    st.stop()

st.session_state[PAGE_KEY] = result.page
bar = st.columns([2.2, 0.8, 1.5, 1.5], vertical_alignment=widgets.BOTTOM)
bar[0].caption(
    t(
        "measures.total",
        plural=result.total,
        total=formats.number(lang, result.total),
        page=formats.number(lang, result.page),
        pages=formats.number(lang, result.pages),
    )
)
bar[1].number_input(t("measures.page"), min_value=1, max_value=result.pages, step=1, key=PAGE_KEY)
downloads.download_links("measures", flt, bar[2:])

# A view of one region does not repeat its name on every row.
columns = [c for c in COLUMNS if not (c == "region" and run.region)]
shown, config = measure_tables.measure_rows(result.rows, columns)
widgets.dataframe(shown, config, key="measures.table", opens=list(result.rows["id"]))
widgets.illustrative_note(result.rows)
