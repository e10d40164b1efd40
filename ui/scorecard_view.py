"""The regional scorecard table: one row a region, figures as numbers so every column sorts."""

import pandas as pd
import streamlit as st

from ui import context, widgets
from ui.context import t

DAYS_A_MONTH = 30.44


def _percent_format() -> str:
    """A whole percentage written as the reader's locale writes it ("42 %" in French)."""
    return "%.0f %%" if context.current().lang == "fr" else "%.0f%%"


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (100 * part / whole.where(whole > 0)).astype(float)


def scorecard_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The shown columns: region, pilot, data state and the figures (None where unknown)."""
    has_data = rows["measures"].fillna(0) > 0
    return pd.DataFrame(
        {
            "region": widgets.localized_column(rows, "name", mark=False),
            "pilot": rows["is_pilot"].astype(bool),
            "data": [t("scorecard.has_data") if d else t("scorecard.no_data") for d in has_data],
            "measures": rows["measures"].astype("Int64"),
            "on_track": _share(rows["on_track"], rows["open_measures"]),
            "progress": rows["avg_progress"].astype(float),
            "expected": rows["expected"].astype(float),
            "gap": (rows["avg_progress"] - rows["expected"]).astype(float),
            "budget": _share(rows["budget_spent"], rows["budget_planned"]),
            "decisions": _share(rows["decisions_on_time"], rows["decisions_due"]),
            "decisions_late": rows["decisions_late"].astype("Int64"),
            "achievement": (100 * rows["mean_share"]).astype(float),
            "slipped": rows["slipped"].astype("Int64"),
            "slip": (rows["slip_days"] / rows["slipped"].where(rows["slipped"] > 0)).round(),
            "last_update": pd.to_datetime(rows["last_update"], utc=True)
            .dt.tz_convert("Africa/Casablanca")
            .dt.date,
        }
    )


def scorecard_table(rows: pd.DataFrame) -> None:
    """The twelve regions side by side; a click on a column's head sorts by it."""
    shown = scorecard_frame(rows)
    percent = _percent_format()
    number = st.column_config.NumberColumn
    config = {
        "region": st.column_config.TextColumn(t("term.region"), pinned=True),
        "pilot": st.column_config.CheckboxColumn(t("scorecard.pilot")),
        "data": st.column_config.TextColumn(t("scorecard.data")),
        "measures": number(t("term.measures"), format="%d"),
        "on_track": number(t("scorecard.on_track"), format=percent),
        "progress": number(t("chart.avg_progress"), format=percent),
        "expected": number(t("chart.expected"), format=percent),
        "gap": number(t("scorecard.gap"), format="%+.0f", help=t("scorecard.gap_help")),
        "budget": number(t("scorecard.budget"), format=percent, help=t("scorecard.budget_help")),
        "decisions": number(
            t("scorecard.decisions"), format=percent, help=t("scorecard.decisions_help")
        ),
        "decisions_late": number(t("scorecard.decisions_late"), format="%d"),
        "achievement": number(
            t("scorecard.achievement"), format=percent, help=t("results.achievement_help")
        ),
        "slipped": number(t("scorecard.slipped"), format="%d", help=t("scorecard.slipped_help")),
        "slip": number(t("scorecard.slip_days"), format="%+.0f"),
        "last_update": st.column_config.DateColumn(t("scorecard.last_update"), format="DD/MM/YYYY"),
    }
    widgets.dataframe(shown, config, key="scorecard.table")
