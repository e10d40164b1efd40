"""Measure tables made ready to show: localized titles, labels, links, translated headers."""

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from i18n import catalog, formats
from i18n.columns import MEASURE_HEADERS
from i18n.direction import arrow
from i18n.provenance_marks import illustrative_marks
from models import limits
from models.revisions import MIGRATED_BY
from services.actors import SEED_USERNAME
from services.overview import GRAVE
from ui import content, context, navigation, widgets
from ui.context import label, t

# Widths in pixels of the columns people read first; with code and title pinned, the key
# columns (code, title, status, progress, health) fit a 1400 px window's main area.
WIDTHS = {
    "code": 72,
    "title": 340,
    "status": 110,
    "progress": 120,
    "health": 130,
    "region": 130,
    "place": 140,
    "planned_start": 110,
    "planned_end": 110,
    "illustrative": 220,
}
PINNED = ("code", "title")


def _progress_column(title: str) -> st.column_config.ProgressColumn:
    """A 0–100 progress column."""
    return st.column_config.ProgressColumn(
        title,
        min_value=limits.PROGRESS_MIN,
        max_value=limits.PROGRESS_MAX,
        format="%d%%",
        width=WIDTHS["progress"],
    )


def measure_rows(frame: pd.DataFrame, columns: Iterable[str]) -> tuple[pd.DataFrame, dict]:
    """A measure frame made ready to show: localized titles, labels, links, translated headers.

    `columns` names the columns in display order (keys of i18n.columns.MEASURE_HEADERS);
    "title", "region", "place", "status", "health" and "level" are derived here.
    """
    shown = pd.DataFrame(index=frame.index)
    run = context.current()
    for name in columns:
        if name == "title":
            shown[name] = widgets.localized_column(frame, "title")
        elif name == "region":
            shown[name] = widgets.region_names(frame) if "region_fr" in frame else None
            if "region_fr" in frame:
                shown[name] = shown[name].where(
                    frame["region_code"].notna(), label("level", "national")
                )
        elif name == "place":
            shown[name] = _place(frame)
        elif name in ("status", "health", "level"):
            shown[name] = widgets.labels(frame[name], name)
        elif name in ("planned_start", "planned_end", "actual_start", "actual_end"):
            shown[name] = [widgets.day_cell(d) for d in frame[name]]
        elif name == "lead_institution":
            shown[name] = [content.institution(r, name) for _, r in frame.iterrows()]
        elif name == "illustrative":
            shown[name] = illustrative_marks(run.lang, frame)
        elif name in ("budget_planned", "budget_committed", "budget_paid"):
            shown[name] = [
                widgets.cell(formats.mad(run.lang, int(v))) if pd.notna(v) else "—"
                for v in frame[name]
            ]
        else:
            shown[name] = frame[name]
    config = {}
    for name in columns:
        msgid = MEASURE_HEADERS[name]
        if name == "progress":
            config[name] = _progress_column(t(msgid))
        else:
            config[name] = st.column_config.Column(
                t(msgid), width=WIDTHS.get(name), pinned=name in PINNED or None
            )
    return shown, config


def _place(frame: pd.DataFrame) -> list[str]:
    """The most local place name of each measure (commune, else province)."""
    lang = context.current().lang
    places = []
    for _, row in frame.iterrows():
        if pd.notna(row.get("commune_code")):
            places.append(catalog.localized(row, "commune", lang)[0] or "—")
        elif pd.notna(row.get("province_code")):
            places.append(catalog.localized(row, "province", lang)[0] or "—")
        else:
            places.append("—")
    return places


def _change(old, new, show) -> str:
    if pd.isna(new):
        return "—"
    if pd.isna(old) or old == new:
        return show(new)
    return f"{show(old)}{arrow(context.current().lang)}{show(new)}"


def programme_facts(m: dict) -> str:
    """A measure's programme: its period, how sure its end is, and its budget."""
    lang = context.current().lang
    period = t(
        "programme.period",
        start=formats.day(lang, m["programme_start"]),
        end=formats.day(lang, m["programme_end"]),
        end_status=label("programme_end", m["programme_end_status"]),
    )
    amount = formats.money(lang, m["programme_budget"], m["programme_currency"])
    return f"{period} · {t('programme.budget', amount=amount)}"


def author(name: str) -> str:
    """Who made a change, as people read it: the demo seed's rows say so in words."""
    if name == MIGRATED_BY:
        return t("plan.adopted_by_migration")
    return t("common.demo_seed") if name == SEED_USERNAME else name


def history_rows(history: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """A measure's history made ready to show: when, who, status and progress old → new."""
    lang = context.current().lang
    rows = history.to_dict("records")

    def money(value) -> str:
        return widgets.cell(formats.mad(lang, value))

    shown = pd.DataFrame(
        {
            "when": [widgets.cell(formats.datetime_short(lang, r["changed_at"])) for r in rows],
            "who": [author(r["changed_by_name"]) for r in rows],
            "status": [
                _change(r["old_status"], r["new_status"], lambda s: label("status", s))
                for r in rows
            ],
            "progress": [
                _change(r["old_progress"], r["new_progress"], lambda p: f"{int(p)}%") for r in rows
            ],
            "budget_committed": [
                _change(r["old_budget_committed"], r["new_budget_committed"], money) for r in rows
            ],
            "budget_paid": [
                _change(r["old_budget_paid"], r["new_budget_paid"], money) for r in rows
            ],
            "note": [widgets.localized(r, "note") for r in rows],
            # An empty link cell, not None: the table would write "None".
            "evidence": [widgets.http_link(r["evidence_url"]) or "" for r in rows],
        }
    )
    config = {
        "when": st.column_config.Column(t("history.when")),
        "who": st.column_config.Column(t("history.who")),
        "status": st.column_config.Column(t("field.status")),
        "progress": st.column_config.Column(t("field.progress")),
        "budget_committed": st.column_config.Column(t("field.budget_committed")),
        "budget_paid": st.column_config.Column(t("field.budget_paid")),
        "note": st.column_config.TextColumn(t("history.note"), width="large"),
        "evidence": st.column_config.LinkColumn(
            t("history.evidence"), display_text=t("history.evidence_open")
        ),
    }
    return shown, config


def all_measures_link(msgid: str, shown: int, total: int, params: dict) -> None:
    """Under a bounded list of `shown` of `total` measures, a link to all of them in the
    measures list (with `params` added to the page's language and region)."""
    if total <= shown:
        return
    lang = context.current().lang
    st.page_link(
        navigation.MEASURES_PAGE,
        label=t(msgid, shown=formats.number(lang, shown), measures=formats.number(lang, total)),
        icon=":material/checklist:",
        query_params=context.current().query() | params,
    )


def at_risk_link(health: pd.DataFrame, shown: int) -> None:
    """Under the overview's gravest measures, a link to every overdue, late or at-risk one."""
    grave = [h.value for h in GRAVE]
    total = int(health.loc[health["health"].isin(grave), "count"].sum())
    all_measures_link("overview.at_risk_all", shown, total, {"health": grave})
