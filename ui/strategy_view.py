"""The strategies page's parts: the strategies side by side, the one shown, and an axis."""

import pandas as pd
import streamlit as st

from i18n import formats
from ui import context, measure_tables, widgets
from ui.context import t

SHOWN_KEY = "strategies.shown"
# Measures listed under each axis; the rest are one link away, in the measures list.
AXIS_PREVIEW = 10
AXIS_COLUMNS = ("code", "title", "status", "progress", "health", "illustrative")


def _mean_progress(axes: pd.DataFrame) -> pd.Series:
    """Per strategy, the mean progress of its measures not cancelled (weighted by axis)."""
    weighted = axes["avg_progress"].fillna(0) * axes["progress_measures"]
    sums = weighted.groupby(axes["strategy_id"]).sum()
    counts = axes["progress_measures"].groupby(axes["strategy_id"]).sum()
    return (sums / counts.where(counts > 0)).rename("progress")


def comparison(found: pd.DataFrame, axes: pd.DataFrame) -> None:
    """Every strategy shown in one row: region, title, status, horizon, axes, measures."""
    by_strategy = axes.groupby("strategy_id")
    ids = found["id"]
    horizons = found[["horizon_start", "horizon_end"]].astype(str).to_numpy()
    shown = pd.DataFrame(
        {
            "region": widgets.region_names(found),
            "title": widgets.localized_column(found, "title"),
            "status": [widgets.strategy_status(s) for s in found["status"]],
            "horizon": [t("strategies.horizon_value", start=a, end=b) for a, b in horizons],
            "axes": by_strategy.size().reindex(ids).fillna(0).astype(int).to_numpy(),
            "measures": by_strategy["measures"].sum().reindex(ids).fillna(0).astype(int).to_numpy(),
            "progress": _mean_progress(axes).reindex(ids).fillna(0).to_numpy(),
        }
    )
    headers = {
        "region": t("term.region"),
        "title": t("column.title"),
        "status": t("field.status"),
        "horizon": t("strategies.horizon"),
        "axes": t("strategies.axes_title"),
        "measures": t("term.measures"),
    }
    config = {name: st.column_config.Column(title) for name, title in headers.items()}
    config["progress"] = st.column_config.ProgressColumn(
        t("field.progress"), min_value=0, max_value=100, format="%.0f%%"
    )
    st.subheader(t("strategies.compare_title"), anchor=False)
    widgets.dataframe(shown, config, key="strategies.compare")


def pick(found: pd.DataFrame) -> dict:
    """The strategy to show in full: the only one, or the one chosen among several."""
    records = {int(r["id"]): r for r in found.to_dict("records")}
    if len(records) == 1:
        return next(iter(records.values()))
    names = {
        i: f"{widgets.localized(r, 'region', mark=False)} · {widgets.localized(r, 'title')}"
        for i, r in records.items()
    }
    widgets.keep(SHOWN_KEY)
    if st.session_state.get(SHOWN_KEY) not in records:
        st.session_state.pop(SHOWN_KEY, None)
    chosen = st.selectbox(
        t("strategies.shown"), list(records), format_func=widgets.names_of(names), key=SHOWN_KEY
    )
    return records[chosen]


def axis(axis: dict, measures: pd.DataFrame, region: str) -> None:
    """One axis: its title, its mean progress, its first measures and a link to all of them."""
    lang = context.current().lang
    title, fallback = widgets.title_and_mark(axis, "title")
    widgets.heading(f"{axis['code']} · {title}", level=4, note=fallback)
    widgets.illustrative_marker(axis["provenance"])
    average, count = axis["avg_progress"], int(axis["measures"])
    has_average = average is not None and average == average  # NaN when no measure
    st.progress(
        min(max(float(average), 0.0), 100.0) / 100 if has_average else 0.0,
        text=t(
            "strategies.axis_progress",
            plural=count,
            progress=formats.percent(lang, average / 100 if has_average else None),
            measures=formats.number(lang, count),
        ),
    )
    if measures.empty:
        st.caption(t("strategies.axis_empty"))
        return
    shown, config = measure_tables.measure_rows(measures, AXIS_COLUMNS)
    key = f"strategies.axis.{int(axis['id'])}"
    widgets.dataframe(shown, config, key=key, opens=list(measures["id"]))
    axis_params = {"region": region, "axis": str(int(axis["id"]))}
    measure_tables.all_measures_link("strategies.axis_all", len(measures), count, axis_params)
