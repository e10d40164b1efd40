"""The overview's PDR period bar, and its four charts with the tables they draw (built once per
data revision, region, day and language, and shared by every session that shows them)."""

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures import charts
from i18n import formats
from models.plan import PDR_END, PDR_START
from services import settings
from services.overview import pdr_elapsed
from ui import chart_tables as tables
from ui import context, widgets
from ui.data import MAX_ENTRIES
from ui.pdr_data import OverviewData

Chart = tuple[go.Figure, pd.DataFrame]


def pdr_place(today: date) -> None:
    """The PDR 2022–2027 period as a bar filled to today's place in it."""
    lang, elapsed = context.current().lang, pdr_elapsed(today)
    caption = context.t(
        "overview.pdr_period",
        start=formats.day(lang, PDR_START),
        end=formats.day(lang, PDR_END),
        share=formats.percent(lang, elapsed),
        day=formats.day(lang, today),
    )
    st.progress(elapsed, text=caption)


def overview_charts(found: OverviewData, region: str | None, today: date) -> dict[str, Chart]:
    """Progress, status mix, health and timeline (and the chosen region's axes): each figure
    with its table."""
    run = context.current()
    key = {"url": settings.database_url(), "revision": run.revision, "region": region}
    return _charts(found, **key, today=today, lang=run.lang)


# Shared, not copied (cache_resource): Plotly validates a figure whenever one is made or
# copied, a quarter of an overview rerun at national scale. Nothing changes them once built:
# st.plotly_chart and st.dataframe read what they are given.
@st.cache_resource(max_entries=MAX_ENTRIES, show_spinner=False)
def _charts(
    _found: OverviewData, *, url: str, revision: int, region: str | None, today: date, lang: str
) -> dict[str, Chart]:
    by_region = widgets.with_region_name(_found.by_region)
    status_mix = widgets.with_region_name(_found.status_mix)
    timeline = _found.timeline.assign(title=widgets.localized_column(_found.timeline, "title"))
    health = _found.health
    drawn = {
        "progress": (
            charts.progress_by_region(by_region, lang, region),
            tables.progress_table(by_region, "term.region", by_region["region_name"]),
        ),
        "status_mix": (
            charts.status_mix(status_mix, lang, region),
            tables.status_table(status_mix),
        ),
        "health": (charts.health_donut(health, lang), tables.health_table(health)),
        "timeline": (charts.timeline(timeline, lang, today), tables.timeline_table(timeline)),
    }
    if not _found.by_axis.empty:
        axes = _found.by_axis.assign(axis_title=widgets.localized_column(_found.by_axis, "title"))
        names = axes["code"] + " · " + axes["axis_title"]
        drawn["axes"] = (
            charts.progress_by_axis(axes, lang),
            tables.progress_table(axes, "term.axis", names),
        )
    return drawn
