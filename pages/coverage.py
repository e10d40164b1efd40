"""Alignment coverage: each region against the GCM objectives, SNIA and SNMRE programmes and
SDG targets, counting measures and budget, so that what nothing covers shows."""

import streamlit as st

from i18n import formats
from ui import coverage_view, frame, pdr_data, widgets
from ui.context import current, label, t

frame.ensure()

run = current()
st.title(t("coverage.title"), anchor=False)
st.caption(t("coverage.intro"))
choices = st.columns([3, 2])
scheme = choices[0].radio(
    t("coverage.scheme"),
    coverage_view.SCHEMES,
    format_func=widgets.names_of({s: t(n) for s, n in coverage_view.SCHEME_NAMES.items()}),
    horizontal=True,
    key="coverage.scheme",
)
measure = choices[1].radio(
    t("coverage.measure"),
    coverage_view.MEASURES,
    format_func=widgets.names_of({m: t(n) for m, n in coverage_view.MEASURE_NAMES.items()}),
    horizontal=True,
    key="coverage.measure",
)
cells = pdr_data.coverage_cells(scheme, run.today)
coverage_view.coverage_table(cells, scheme, measure)
uncovered = coverage_view.gaps(cells, scheme)
if uncovered:
    st.warning(
        t("coverage.gaps", count=formats.number(run.lang, len(uncovered)))
        + "\n\n"
        + "\n".join(
            f"- {coverage_view.column_head(scheme, c)} · {label(scheme, c)}" for c in uncovered
        )
    )
national = coverage_view.national_count(cells)
if national:
    st.caption(t("coverage.national_note", count=formats.number(run.lang, national)))
