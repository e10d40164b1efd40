"""The regional scorecard table: one row a region, figures as numbers so every column sorts."""

import pandas as pd
import streamlit as st

from i18n import formats
from ui import context, widgets
from ui.context import t


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
            "behind": (rows["expected"] - rows["avg_progress"]).astype(float),
            "committed": _share(rows["budget_committed"], rows["budget_planned"]),
            "budget": _share(rows["budget_paid"], rows["budget_planned"]),
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


PERCENTS = ("on_track", "progress", "expected", "committed", "budget", "decisions", "achievement")
COUNTS = ("measures", "decisions_late", "slipped")
ROUNDED = ("behind", "slip")


def _formats(lang: str) -> dict:
    """How each figure is written in the reader's locale ("—" where unknown)."""

    def percent(value) -> str:
        return formats.percent(lang, None if pd.isna(value) else value / 100)

    def count(value) -> str:
        return formats.number(lang, None if pd.isna(value) else int(value))

    def rounded(value) -> str:
        return formats.number(lang, None if pd.isna(value) else round(value))

    def day(value) -> str:
        return formats.day(lang, None if pd.isna(value) else value)

    return (
        dict.fromkeys(PERCENTS, percent)
        | dict.fromkeys(COUNTS, count)
        | dict.fromkeys(ROUNDED, rounded)
        | {"last_update": day}
    )


def scorecard_table(rows: pd.DataFrame) -> None:
    """The twelve regions side by side; a click on a column's head sorts by it (the numbers
    underneath, not the text the locale writes)."""
    shown = scorecard_frame(rows)
    styled = shown.style.format(_formats(context.current().lang))
    heads = {
        "measures": (t("term.measures"), None),
        "on_track": (t("scorecard.on_track"), t("scorecard.on_track_help")),
        "progress": (t("scorecard.progress"), t("scorecard.progress_help")),
        "expected": (t("scorecard.expected"), t("scorecard.expected_help")),
        "behind": (t("scorecard.behind"), t("scorecard.behind_help")),
        "committed": (t("scorecard.committed"), t("scorecard.committed_help")),
        "budget": (t("scorecard.budget"), t("scorecard.budget_help")),
        "decisions": (t("scorecard.decisions"), t("scorecard.decisions_help")),
        "decisions_late": (t("scorecard.decisions_late"), None),
        "achievement": (t("scorecard.achievement"), t("results.achievement_help")),
        "slipped": (t("scorecard.slipped"), t("scorecard.slipped_help")),
        "slip": (t("scorecard.slip_days"), None),
        "last_update": (t("scorecard.last_update"), None),
    }
    config = {
        "region": st.column_config.TextColumn(t("term.region"), pinned=True),
        "pilot": st.column_config.CheckboxColumn(t("scorecard.pilot")),
        "data": st.column_config.TextColumn(t("scorecard.data")),
    }
    config |= {
        name: st.column_config.Column(head, help=help) for name, (head, help) in heads.items()
    }
    st.dataframe(
        styled,
        column_config=config,
        hide_index=True,
        key="scorecard.table",
        placeholder=formats.MISSING,
        height=widgets.ROW_HEIGHT * (len(shown) + 1) + 3,
    )
