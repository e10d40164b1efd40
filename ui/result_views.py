"""How results are drawn: an indicator's facts, its series and breakdown, regions compared."""

import pandas as pd
import streamlit as st

from i18n import formats
from models.result_codes import IndicatorKind
from ui import chart_tables, context, navigation, result_data, result_figures, widgets
from ui.context import label, t
from ui.result_figures import amount, is_percentage

NOT_SUMMED = {
    IndicatorKind.QUALITATIVE: "results.not_summed_qualitative",
    "not_aggregatable": "results.not_summed_not_aggregatable",
}


def facts(definition: dict) -> str:
    """One line: unit, baseline and the life-of-plan target."""
    percentage = is_percentage(definition)
    unit = widgets.localized(definition, "unit")
    baseline = (
        t(
            "results.baseline",
            value=amount(definition["baseline_value"], percentage),
            year=str(int(definition["baseline_year"])),
        )
        if definition["baseline_value"] is not None and not pd.isna(definition["baseline_value"])
        else t("results.no_baseline")
    )
    target = t(
        "results.plan_target",
        value=amount(definition["target_value"], percentage),
        year=str(definition["target_year"]),
    )
    kind = label("indicator_kind", definition["kind"])
    parts = (kind, "" if unit == "—" else unit, baseline, target)
    return " · ".join(part for part in parts if part)


def heading(definition: dict, level: int = 3) -> None:
    """An indicator's code and title, marked when the title is in another language."""
    title, mark = widgets.title_and_mark(definition, "title")
    widgets.heading(f"{widgets.safe_code(definition['code'])} · {title}", level=level, note=mark)


def hidden_note(cells: pd.DataFrame, suppressed: bool) -> None:
    """How many cells are hidden, and why (the public view only)."""
    hidden = int(cells["hidden"].sum())
    if suppressed and hidden:
        count = formats.number(context.current().lang, hidden)
        st.caption(t("results.hidden_note", count=count))


def indicator_link(definition: dict) -> None:
    """A link to an indicator's own page, keeping the language and region."""
    st.page_link(
        navigation.INDICATOR_PAGE,
        label=t("results.open_indicator"),
        icon=widgets.ICON_LINK,
        query_params={"id": str(int(definition["id"]))} | context.current().query(),
    )


def indicator_section(found: result_data.IndicatorResult, charts: dict, suppressed: bool) -> None:
    """One indicator of a region: facts, target against actual, and its latest breakdown."""
    d = found.definition
    percentage = is_percentage(d)
    heading(d)
    st.caption(facts(d))
    indicator_link(d)
    key = f"results.{int(d['id'])}"
    if found.series is None:
        st.caption(t(NOT_SUMMED.get(d["kind"], NOT_SUMMED["not_aggregatable"])))
        latest_values(found.latest, percentage, f"{key}.latest")
        return
    left, right = st.columns(2)
    with left:
        figure, table = charts["series"]
        chart_tables.chart_with_table(figure, f"{key}.series", table)
    with right:
        if "breakdown" not in charts:
            st.info(t("results.no_breakdown"))
            return
        st.caption(t("results.breakdown_of", period=found.period))
        figure, table = charts["breakdown"]
        chart_tables.chart_with_table(figure, f"{key}.breakdown", table)
        hidden_note(found.breakdown, suppressed)


def latest_values(values: pd.DataFrame, percentage: bool, key: str) -> None:
    """Validated values of an indicator that is not summed: each with its comment."""
    if values.empty:
        st.info(t("results.no_values"))
        return
    shown = pd.DataFrame(
        {
            t("results.period"): values["period"],
            t("results.territory"): widgets.localized_column(values, "territory"),
            t("results.value"): result_figures.shown_amounts(values, percentage),
            t("results.comment"): widgets.localized_column(values, "comment"),
        }
    )
    widgets.dataframe(shown, {}, key=key)


def compare_regions() -> None:
    """Regions side by side: mean achievement, then each indicator's share of its target."""
    found = result_data.achievement(None)
    region_chart(found, "results.achievement")
    widgets.illustrative_note(found.indicators)
    st.subheader(t("results.indicators_title"), anchor=False)
    indicator_table(found.indicators, "results.indicators")


def achievement_section(region: str | None) -> None:
    """The overview's indicator achievement: per region, or the chosen region's indicators."""
    st.subheader(t("overview.achievement_title"), anchor=False)
    found = result_data.achievement(region)
    if region is None:
        region_chart(found, "overview.achievement")
    else:
        indicator_table(found.indicators, "overview.achievement_table")
    widgets.illustrative_note(found.indicators)
    st.page_link(
        navigation.RESULTS_PAGE,
        label=t("overview.results_link"),
        icon=widgets.ICON_LINK,
        query_params=context.current().query(),
    )


def region_chart(found: result_data.Achievement, key: str, region: str | None = None) -> None:
    """Mean achievement per region as bars, with its table and how it is computed."""
    figure, table = result_figures.achievement_chart(found, region)
    chart_tables.chart_with_table(figure, key, table)
    st.caption(t("results.achievement_help"))


def indicator_table(rows: pd.DataFrame, key: str) -> None:
    """Each indicator's validated value, target and share of the way; a row opens its page."""
    if rows.empty:
        st.info(t("results.none"))
        return
    lang = context.current().lang
    regions = widgets.region_name_map()
    percentages = [k == IndicatorKind.PERCENTAGE for k in rows["kind"]]
    shown = pd.DataFrame(
        {
            t("term.region"): [regions.get(code, code) for code in rows["region_code"]],
            t("term.indicator"): rows["code"],
            t("results.title"): widgets.localized_column(rows, "title"),
            t("chart.actual"): [
                amount(v, p) for v, p in zip(rows["actual"], percentages, strict=True)
            ],
            t("chart.target"): [
                amount(v, p) for v, p in zip(rows["target_value"], percentages, strict=True)
            ],
            t("chart.achievement_axis"): [
                formats.percent(lang, None if v is None or pd.isna(v) else v) for v in rows["share"]
            ],
        }
    )
    widgets.dataframe(
        shown,
        {},
        key=key,
        opens=[int(i) for i in rows["id"]],
        opener=navigation.open_indicator,
        choose="results.choose_row",
    )
