"""Regional scorecard: the twelve regions side by side against the PDR 2022–2027, sortable."""

import streamlit as st

from ui import frame, overview_charts, pdr_data, scorecard_view
from ui.context import current, t

frame.ensure()

run = current()
st.title(t("scorecard.title"), anchor=False)
st.caption(t("scorecard.intro"))
overview_charts.pdr_place(run.today)
rows = pdr_data.scorecard_rows(run.today)
scorecard_view.scorecard_table(rows)
st.caption(t("scorecard.sort_note"))
