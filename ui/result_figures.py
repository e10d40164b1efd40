"""The results' figures with the tables they draw, built once per data revision, page and
language and shared by every session that shows them (like ui/overview_charts.py)."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures import result_charts
from i18n import formats
from models.result_codes import IndicatorKind
from services import settings
from ui import context, result_data, widgets
from ui.context import label, t
from ui.data import MAX_ENTRIES

Chart = tuple[go.Figure, pd.DataFrame]
HIDDEN_MARK = "▮"


def amount(value, percentage: bool) -> str:
    """A value as read: a count, or a percentage ("—" when there is none)."""
    lang = context.current().lang
    if value is None or pd.isna(value):
        return formats.MISSING
    if percentage:
        return formats.percent(lang, float(value) / 100)
    return formats.number(lang, value)


def is_percentage(definition: dict) -> bool:
    """Whether an indicator is a percentage."""
    return definition["kind"] == IndicatorKind.PERCENTAGE


def shown_amounts(values: pd.DataFrame, percentage: bool) -> list[str]:
    """Values' amounts as read, a hidden one marked as such (never its number)."""
    hidden = f"{HIDDEN_MARK} {t('results.hidden_cell')}"
    marks = values["hidden"] if "hidden" in values else [False] * len(values)
    return [
        hidden if gone else amount(v, percentage)
        for v, gone in zip(values["value"], marks, strict=True)
    ]


def series_table(series: pd.DataFrame, percentage: bool) -> pd.DataFrame:
    """The figures of the target-against-actual chart."""
    return pd.DataFrame(
        {
            t("results.period"): series["period"],
            t("chart.target"): [amount(v, percentage) for v in series["target"]],
            t("chart.actual"): [amount(v, percentage) for v in series["actual"]],
            t("chart.cumulative"): [amount(v, percentage) for v in series["cumulative"]],
        }
    )


def breakdown_table(cells: pd.DataFrame, percentage: bool, territory: bool = False) -> pd.DataFrame:
    """Parts by dimension and category; a hidden cell says it is hidden, never its number."""
    hidden = f"{HIDDEN_MARK} {t('results.hidden_cell')}"
    table = {}
    if territory:
        table[t("results.territory")] = cells["territory_name"]
    table |= {
        t("results.dimension"): [label("dimension", d) for d in cells["dimension"]],
        t("results.category"): [label("category", c) for c in cells["category"]],
        t("results.value"): [
            hidden if gone else amount(v, percentage)
            for v, gone in zip(cells["value"], cells["hidden"], strict=True)
        ],
    }
    return pd.DataFrame(table)


def page_charts(
    found: tuple[result_data.IndicatorResult, ...], region: str, suppressed: bool, page: int
) -> tuple[dict[str, Chart], ...]:
    """Each indicator's charts on a page of a region's results."""
    key = {"url": settings.database_url(), "revision": context.current().revision}
    key |= {"region": region, "suppressed": suppressed, "page": page}
    return _page_charts(found, **key, lang=context.current().lang)


# Shared, not copied (cache_resource): nothing changes a figure once built.
@st.cache_resource(max_entries=MAX_ENTRIES, show_spinner=False)
def _page_charts(
    _found: tuple, *, url: str, revision: int, region: str, suppressed: bool, page: int, lang: str
) -> tuple[dict[str, Chart], ...]:
    return tuple(_charts(result, lang) for result in _found)


def _charts(result: result_data.IndicatorResult, lang: str) -> dict[str, Chart]:
    if result.series is None:
        return {}
    d = result.definition
    percentage = is_percentage(d)
    charts = {
        "series": (
            result_charts.target_actual(result.series, d["target_value"], percentage, lang),
            series_table(result.series, percentage),
        )
    }
    if result.breakdown is not None and not result.breakdown.empty:
        charts["breakdown"] = (
            result_charts.breakdown(result.breakdown, percentage, lang),
            breakdown_table(result.breakdown, percentage),
        )
    return charts


def achievement_chart(found: result_data.Achievement, region: str | None) -> Chart:
    """Mean achievement per region as bars, with the table it draws."""
    key = {"url": settings.database_url(), "revision": context.current().revision}
    return _achievement_chart(found, **key, region=region, lang=context.current().lang)


@st.cache_resource(max_entries=MAX_ENTRIES, show_spinner=False)
def _achievement_chart(
    _found: result_data.Achievement, *, url: str, revision: int, region: str | None, lang: str
) -> Chart:
    regions = widgets.region_name_map()
    by_region = _found.by_region.assign(
        region_name=[regions.get(code, code) for code in _found.by_region["region_code"]]
    )
    table = pd.DataFrame(
        {
            t("term.region"): by_region["region_name"],
            t("chart.achievement_axis"): [
                formats.percent(lang, None if pd.isna(v) else v) for v in by_region["mean_share"]
            ],
            t("chart.indicators_measured"): [
                f"{formats.number(lang, int(m))} / {formats.number(lang, int(n))}"
                for m, n in zip(by_region["measured"], by_region["indicators"], strict=True)
            ],
        }
    )
    return result_charts.achievement(by_region, lang), table
