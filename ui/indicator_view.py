"""An indicator's page in parts: its definition, targets and revisions, values and trail."""

import pandas as pd
import streamlit as st

from i18n import formats
from models.result_codes import CATEGORIES, Cumulation
from services.result_reads import GROUPINGS
from ui import context, result_data, result_figures, result_views, widgets
from ui.context import label, t

DIMENSIONS = ("sex", "age", "status", "disability")


def definition(d: dict) -> None:
    """What the indicator measures, how it adds up, where it is reported, its direction."""
    st.caption(
        t(
            "indicator.result",
            type=label("result_type", d["result_type"]),
            title=widgets.localized(d, "result"),
        )
    )
    left, middle, right = st.columns(3)
    with left:
        widgets.field(t("indicator.kind"), label("indicator_kind", d["kind"]))
        widgets.field(t("indicator.unit"), widgets.localized(d, "unit"))
        widgets.field(t("indicator.level"), label("level", d["level"]))
    with middle:
        added = "indicator.cumulation_latest"
        if d["cumulation"] == Cumulation.SUM:
            added = "indicator.cumulation_sum"
        widgets.field(t("indicator.cumulation"), t(added) if d["aggregatable"] else "—")
        direction = "indicator.higher_better" if d["higher_is_better"] else "indicator.lower_better"
        widgets.field(t("indicator.direction"), t(direction))
        asked = [label("dimension", name) for name in DIMENSIONS if d[f"by_{name}"]]
        widgets.field(t("indicator.dimensions"), ", ".join(asked) or "—")
    with right:
        percentage = result_views.is_percentage(d)
        baseline = result_views.amount(d["baseline_value"], percentage)
        if d["baseline_year"] is not None and not pd.isna(d["baseline_year"]):
            baseline = f"{baseline} ({int(d['baseline_year'])})"
        widgets.field(t("indicator.baseline"), baseline)
        target = result_views.amount(d["target_value"], percentage)
        widgets.field(t("indicator.plan_target"), f"{target} ({int(d['target_year'])})")


def targets(d: dict, found: result_data.IndicatorData) -> None:
    """Targets per period, then every revision of a target with its reason."""
    lang, percentage = context.current().lang, result_views.is_percentage(d)
    st.subheader(t("indicator.targets_title"), anchor=False)
    if found.targets.empty:
        st.info(t("indicator.no_targets"))
    else:
        shown = pd.DataFrame(
            {
                t("results.period"): found.targets["period"],
                t("chart.target"): [
                    result_views.amount(v, percentage) for v in found.targets["value"]
                ],
            }
        )
        widgets.dataframe(shown, {}, key="indicator.targets")
    revisions = found.revisions
    if revisions.empty:
        st.caption(t("indicator.no_revisions"))
        return
    st.markdown(f"**{t('indicator.revisions_title')}**")
    reasons = [
        widgets.localized({f"reason_{code}": text}, "reason")
        for text, code in zip(revisions["reason"], revisions["reason_lang"], strict=True)
    ]
    shown = pd.DataFrame(
        {
            t("results.period"): [p or t("indicator.plan") for p in revisions["period_code"]],
            t("indicator.change"): [
                f"{result_views.amount(old, percentage)} → {result_views.amount(new, percentage)}"
                for old, new in zip(revisions["old_value"], revisions["new_value"], strict=True)
            ],
            t("indicator.reason"): reasons,
            t("indicator.when"): [formats.datetime_short(lang, v) for v in revisions["revised_at"]],
            t("indicator.who"): revisions["revised_by"],
        }
    )
    widgets.dataframe(shown, {}, key="indicator.revisions")


def values_table(d: dict, values: pd.DataFrame) -> None:
    """One page of values: period, territory, status, value, comment and evidence link."""
    percentage = result_views.is_percentage(d)
    shown = pd.DataFrame(
        {
            t("results.period"): values["period"],
            t("results.territory"): widgets.localized_column(values, "territory"),
            t("field.status"): [label("value_status", s) for s in values["status"]],
            t("results.value"): result_figures.shown_amounts(values, percentage),
            t("results.comment"): widgets.localized_column(values, "comment"),
            t("indicator.evidence"): [widgets.http_link(u) or "" for u in values["evidence_url"]],
        }
    )
    config = {t("indicator.evidence"): st.column_config.LinkColumn(display_text="↗")}
    widgets.dataframe(shown, config, key="indicator.values")
    widgets.illustrative_note(values)


def trail(values: pd.DataFrame) -> None:
    """The approval trail of one value chosen among those shown."""
    choices = dict(
        zip(
            values["id"].tolist(),
            [
                f"{p} · {n}"
                for p, n in zip(
                    values["period"], widgets.localized_column(values, "territory"), strict=True
                )
            ],
            strict=True,
        )
    )
    chosen = st.selectbox(
        t("indicator.trail_of"),
        list(choices),
        format_func=widgets.names_of(choices),
        key="indicator.trail",
    )
    steps = result_data.trail(int(chosen))
    if steps.empty:
        st.info(t("indicator.no_trail"))
        return
    lang = context.current().lang
    shown = pd.DataFrame(
        {
            t("indicator.when"): [formats.datetime_short(lang, v) for v in steps["at"]],
            t("indicator.who"): steps["actor"],
            t("indicator.step"): [t(f"audit.action.value_{a}") for a in steps["action"]],
            t("indicator.reason"): [
                widgets.localized(
                    {f"reason_{x.get('language', '')}": x.get("reason", "")}, "reason"
                )
                if x.get("reason")
                else ""
                for x in steps["detail"]
            ],
        }
    )
    widgets.dataframe(shown, {}, key="indicator.trail_table")


def breakdown(d: dict, periods: tuple[str, ...], suppressed: bool) -> None:
    """A period's validated parts per territory, one row each; hidden cells say so."""
    st.subheader(t("indicator.breakdown_title"), anchor=False)
    if not periods:
        st.info(t("results.no_values"))
        return
    groupings = (
        GROUPINGS[1 : GROUPINGS.index(d["level"]) + 1] if d["aggregatable"] else (d["level"],)
    )
    left, right = st.columns(2)
    period = left.selectbox(t("results.period"), periods, key="indicator.breakdown_period")
    by = right.selectbox(
        t("indicator.by"), groupings, format_func=widgets.labels_of("level"), key="indicator.by"
    )
    cells = result_data.breakdown(int(d["id"]), period, by, suppressed)
    if cells.empty:
        st.info(t("results.no_breakdown"))
        return
    names = territory_names(d["region_code"], by)
    cells = cells.assign(
        territory_name=[
            names.get(code, code) if code else t("indicator.all_territories")
            for code in cells["territory"]
        ]
    )
    table = result_figures.breakdown_table(cells, result_views.is_percentage(d), territory=True)
    columns = list(table.columns)
    parts = table[columns[1]] + " · " + table[columns[2]]
    wide = table.assign(part=parts).pivot(index=columns[0], columns="part", values=columns[3])
    order = [
        f"{label('dimension', d)} · {label('category', c)}"
        for d in CATEGORIES
        for c in CATEGORIES[d]
    ]
    wide = wide[[part for part in order if part in wide.columns]]  # the catalogue's order
    widgets.dataframe(wide.reset_index(), {}, key="indicator.breakdown")
    result_views.hidden_note(cells, suppressed)


def territory_names(region: str, level: str) -> dict[str, str]:
    """The names of a region's territories of a level, in the reader's language, by code."""
    if level == "region":
        return widgets.region_name_map()
    found = result_data.territories(region, level)
    return dict(
        zip(found["code"], widgets.localized_column(found, "name", mark=False), strict=True)
    )
