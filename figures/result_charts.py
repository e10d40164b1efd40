"""Figures of results: target against actual per period, the disaggregation, achievement."""

import pandas as pd
import plotly.graph_objects as go

from figures import layout
from i18n import formats
from i18n.catalog import label, translate
from i18n.direction import is_rtl
from models.result_codes import CATEGORIES

TARGET_COLOUR = "#999999"
ACTUAL_COLOUR = layout.PROGRESS_COLOUR
CUMULATIVE_COLOUR = "#D55E00"
# A category's colour by its place in its dimension (Okabe-Ito); "unknown" is always grey.
CATEGORY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442")
UNKNOWN_COLOUR = "#999999"
SERIES_HEIGHT = 320


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _period_axis(lang: str, periods: list[str]) -> dict:
    axis = {"type": "category", "categoryorder": "array", "categoryarray": periods}
    return axis | ({"autorange": "reversed"} if is_rtl(lang) else {})


def target_actual(series: pd.DataFrame, plan_target, percentage: bool, lang: str) -> go.Figure:
    """Per session period: the target and the validated actual as bars, the cumulative value
    as a line, and the life-of-plan target as a dashed line (series from result_reads)."""
    title_id = "chart.target_actual"
    if series is None or series.empty:
        return layout.empty(lang, title_id, SERIES_HEIGHT)
    periods = series["period"].tolist()
    names = {key: translate(lang, f"chart.{key}") for key in ("target", "actual", "cumulative")}

    def shown(values) -> list[str]:
        if percentage:
            return [formats.percent(lang, None if v is None else v / 100) for v in values]
        return [formats.number(lang, v) if v is not None else "—" for v in values]

    traces = []
    for key, colour, kind in (
        ("target", TARGET_COLOUR, "bar"),
        ("actual", ACTUAL_COLOUR, "bar"),
        ("cumulative", CUMULATIVE_COLOUR, "scatter"),
    ):
        values = [_number(v) for v in series[key].tolist()]
        trace = {
            "type": kind,
            "x": periods,
            "y": values,
            "name": names[key],
            "customdata": shown(values),
            "hovertemplate": f"%{{x}}<br>{names[key]}: %{{customdata}}<extra></extra>",
        }
        if kind == "bar":
            trace["marker"] = {"color": colour}
        else:
            trace |= {"mode": "lines+markers", "line": {"color": colour}, "connectgaps": True}
        traces.append(trace)
    shapes, notes = [], []
    if (goal := _number(plan_target)) is not None:
        line = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": goal, "y1": goal}
        shapes.append(line | {"line": {"color": layout.INK, "dash": "dash", "width": 1}})
        text = translate(lang, "chart.plan_target", value=shown([goal])[0])
        place = {"x": 0 if is_rtl(lang) else 1, "xanchor": "left" if is_rtl(lang) else "right"}
        notes.append(layout.note(text, y=goal, yref="y", yanchor="bottom", **place))
    yaxis = {"side": layout.start_side(lang), "rangemode": "tozero"}
    if percentage:
        yaxis["range"] = list(layout.PERCENT_RANGE)
    return layout.figure(
        lang,
        title_id,
        SERIES_HEIGHT,
        traces,
        barmode="group",
        xaxis=_period_axis(lang, periods),
        yaxis=yaxis,
        shapes=shapes,
        annotations=notes,
    )


def breakdown(cells: pd.DataFrame, percentage: bool, lang: str) -> go.Figure:
    """The parts of one period's value per dimension, stacked by category (counts) or side by
    side (a percentage per category); hidden cells are left out (the page says how many)."""
    title_id = "chart.breakdown"
    if cells is None or cells.empty:
        return layout.empty(lang, title_id, layout.bars_height(2))
    amounts: dict[tuple, float] = {}
    for row in cells.to_dict("records"):
        if not row["hidden"] and row["value"] is not None and not pd.isna(row["value"]):
            amounts[row["dimension"], row["category"]] = float(row["value"])
    dimensions = [d for d in CATEGORIES if d in set(cells["dimension"])]
    rows = [label(lang, "dimension", d) for d in dimensions]
    traces = []
    for dimension, row_name in zip(dimensions, rows, strict=True):
        group = label(lang, "dimension", dimension)
        for position, category in enumerate(CATEGORIES[dimension]):
            if (dimension, category) not in amounts:
                continue
            name = label(lang, "category", category)
            colour = UNKNOWN_COLOUR if category == "unknown" else CATEGORY_COLOURS[position]
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "y": [row_name],
                    "x": [amounts[dimension, category]],
                    "name": name,
                    "showlegend": True,  # even alone: a bar must say what it counts
                    "legendgroup": dimension,
                    "legendgrouptitle": {"text": group},
                    "marker": {"color": colour},
                    "hovertemplate": f"{group}<br>{name}: %{{x:,.4~g}}<extra></extra>",
                }
            )
    # The legend goes under the bars: room for a line per category and dimension title.
    height = 120 + 60 * len(rows) + 18 * (len(traces) + 2 * len(dimensions))
    return layout.figure(
        lang,
        title_id,
        height,
        traces,
        barmode="group" if percentage else "stack",
        xaxis=layout.value_axis(lang, None, layout.PERCENT_RANGE if percentage else None),
        yaxis=layout.category_axis(lang, rows),
        legend=_grouped_legend(lang),
    )


def _grouped_legend(lang: str) -> dict:
    """A legend under the bars (a long one beside them squeezes them to nothing), its
    categories under their dimension's name, from the side reading starts."""
    side = layout.start_side(lang)
    place = {"x": 1 if is_rtl(lang) else 0, "xanchor": side, "y": -0.2, "yanchor": "top"}
    return {"orientation": "h", "traceorder": "grouped", "groupclick": "toggleitem", **place}


def achievement(by_region: pd.DataFrame, lang: str) -> go.Figure:
    """Mean share of the way to target per region (region_name, mean_share 0-1, measured)."""
    title_id = "chart.achievement"
    if by_region is None or by_region.empty:
        return layout.empty(lang, title_id, layout.bars_height(3))
    regions = by_region["region_name"].tolist()
    shares = [None if pd.isna(v) else 100 * float(v) for v in by_region["mean_share"]]
    axis_title = translate(lang, "chart.achievement_axis")
    measured = translate(lang, "chart.indicators_measured")
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": regions,
        "x": shares,
        "marker": {"color": "#009E73"},
        "text": [formats.percent(lang, None if v is None else v / 100) for v in shares],
        "textposition": "auto",
        "textangle": 0,
        "constraintext": "none",
        "customdata": by_region["measured"].tolist(),
        "hovertemplate": f"%{{y}}<br>{axis_title}: %{{x:.0f}}<br>{measured}: %{{customdata}}"
        "<extra></extra>",
        "showlegend": False,
    }
    return layout.figure(
        lang,
        title_id,
        layout.bars_height(len(regions)),
        [bar],
        xaxis=layout.value_axis(lang, axis_title, layout.PERCENT_RANGE),
        yaxis=layout.category_axis(lang, regions),
    )
