"""The tables behind the overview's charts: each chart's text alternative, in the reader's words."""

import pandas as pd
import streamlit as st

from i18n import formats
from models.codes import ScheduleHealth
from ui import context, widgets
from ui.context import label, t


def chart_with_table(figure, key: str, table: pd.DataFrame) -> None:
    """A chart, then the figures it draws as a table a screen reader (or anyone) can read."""
    widgets.chart(figure, key=key)
    with st.expander(t("chart.table"), icon=widgets.ICON_TABLE):
        st.dataframe(table, hide_index=True, key=f"{key}.table")


def _percent(values) -> list[str]:
    lang = context.current().lang
    return [formats.percent(lang, v / 100 if pd.notna(v) else None) for v in values]


def progress_table(rows: pd.DataFrame, row_term: str, names: pd.Series) -> pd.DataFrame:
    """Per region (or axis): measures, cancelled ones (left out of the means), and progress
    against expected progress by count and by programmed budget."""
    lang = context.current().lang
    return pd.DataFrame(
        {
            t(row_term): names,
            t("term.measures"): [formats.number(lang, int(n)) for n in rows["measures"]],
            t("column.cancelled"): [formats.number(lang, int(n)) for n in rows["cancelled"]],
            t("chart.avg_progress"): _percent(rows["avg_progress"]),
            t("chart.expected"): _percent(rows["expected"]),
            t("column.weighted_progress"): _percent(rows["weighted_progress"]),
            t("column.weighted_expected"): _percent(rows["weighted_expected"]),
        }
    )


def status_table(status_mix: pd.DataFrame) -> pd.DataFrame:
    """Measures per region and status."""
    lang = context.current().lang
    return pd.DataFrame(
        {
            t("term.region"): status_mix["region_name"],
            t("field.status"): [label("status", s) for s in status_mix["status"]],
            t("term.measures"): [formats.number(lang, int(n)) for n in status_mix["count"]],
        }
    )


def health_table(health: pd.DataFrame) -> pd.DataFrame:
    """Measures per schedule health, all regions of the view together."""
    lang = context.current().lang
    totals = health.groupby("health")["count"].sum()
    counts = totals.reindex([h for h in ScheduleHealth if h in totals.index])  # the donut's order
    return pd.DataFrame(
        {
            t("field.health"): [label("health", h) for h in counts.index],
            t("term.measures"): [formats.number(lang, int(n)) for n in counts],
        }
    )


def timeline_table(timeline: pd.DataFrame) -> pd.DataFrame:
    """Each measure of the timeline with its planned dates and schedule health."""
    return pd.DataFrame(
        {
            t("term.axis"): timeline["axis_code"].fillna("—"),
            t("column.code"): timeline["code"],
            t("column.title"): timeline["title"],
            t("field.planned_start"): [widgets.day_cell(d) for d in timeline["planned_start"]],
            t("field.planned_end"): [widgets.day_cell(d) for d in timeline["planned_end"]],
            t("field.health"): [label("health", h) for h in timeline["health"]],
        }
    )
