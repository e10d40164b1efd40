"""What the reporting page reports on: the region, indicator, period and territory, chosen
outside the form (each choice changes the form) and kept in the address (?indicator=, ?period=,
?territory=) so To do links straight to a value."""

import pandas as pd
import streamlit as st

from i18n import formats
from ui import context, result_data, result_views, url_state, widgets
from ui.context import label, t


def region() -> str | None:
    """The region reported for: the sidebar's when the person reports for it, else their
    first region; None for an administrator who has not chosen one."""
    run = context.current()
    if run.region is not None and run.actor.can_edit_region(run.region):
        return run.region
    return min(run.actor.regions) if run.actor.regions else None


WORDS = {
    "indicator": "term.indicator",
    "period": "results.period",
    "territory": "results.territory",
}


def _pick(param: str, names: dict, default: str) -> str:
    """A selectbox of string codes seeded from and written to ?param=."""
    key, words = f"reporting.{param}", t(WORDS[param])
    options = list(names)
    url_state.seed_from_url(key, param, options)
    url_state.hold(key, options, default)
    picked = st.selectbox(words, options, format_func=widgets.names_of(names), key=key)
    url_state.write_to_url(key, param, picked)
    return picked


def _period_name(row: dict) -> str:
    lang = context.current().lang
    name = t(
        "reporting.period_choice",
        code=row["code"],
        kind=label("period_kind", row["kind"]),
        deadline=formats.day(lang, row["deadline"]),
    )
    locked = row["locked_at"] is not None and not pd.isna(row["locked_at"])
    return f"{name} · {t('reporting.locked_short')}" if locked else name


def _current_period(periods: pd.DataFrame) -> str:
    """The open period due next (else the latest): where reporting usually happens."""
    today = context.current().today
    rows = periods.to_dict("records")
    open_rows = [r for r in rows if r["locked_at"] is None or pd.isna(r["locked_at"])]
    due = sorted((r for r in open_rows if r["deadline"] >= today), key=lambda r: r["deadline"])
    return str(int((due or open_rows or rows)[0]["id"]))


def draw(region_code: str, indicators: pd.DataFrame, periods: pd.DataFrame):
    """The choices; returns the indicator's definition, the period and the territory code."""
    titles = widgets.localized_column(indicators, "title")
    names = {
        str(int(i)): f"{widgets.safe_code(code)} · {title}"
        for i, code, title in zip(indicators["id"], indicators["code"], titles, strict=True)
    }
    rows = {str(int(r["id"])): r for r in periods.to_dict("records")}
    left, middle, right = st.columns([3, 3, 2])
    with left:
        picked = _pick("indicator", names, next(iter(names)))
    definition = indicators[indicators["id"] == int(picked)].iloc[0].to_dict()
    with middle:
        period_names = {key: _period_name(row) for key, row in rows.items()}
        chosen = _pick("period", period_names, _current_period(periods))
    places = result_data.territories(region_code, definition["level"])
    place_names = dict(
        zip(places["code"], widgets.localized_column(places, "name", mark=False), strict=True)
    )
    with right:
        territory = _pick("territory", place_names, next(iter(place_names)))
    st.caption(result_views.facts(definition))
    return definition, rows[chosen], territory


def period_table(values: pd.DataFrame) -> None:
    """The period's values: indicator, territory, status and amount."""
    shown = pd.DataFrame(
        {
            t("term.indicator"): values["indicator"],
            t("results.territory"): widgets.localized_column(values, "territory"),
            t("field.status"): [label("value_status", s) for s in values["status"]],
            t("results.value"): [
                result_views.amount(
                    n * 100 / d if k == "percentage" and d else v, k == "percentage"
                )
                for v, n, d, k in zip(
                    values["total"],
                    values["numerator"],
                    values["denominator"],
                    values["kind"],
                    strict=True,
                )
            ],
        }
    )
    widgets.dataframe(shown, {}, key="reporting.period_table")
