"""A measure's plan as first adopted against its plan now, and every revision with its reason."""

import pandas as pd
import streamlit as st

from i18n import formats
from models.revisions import BASELINE_FIELDS
from ui import content, context, data, tags, widgets
from ui.context import t
from ui.measure_tables import author

# The label of each planned column a revision may name (titles and texts by language).
LABELS = {
    "code": "column.code",
    "region_code": "term.region",
    "province_code": "term.province",
    "commune_code": "term.commune",
    "axis_id": "term.axis",
    "programme_id": "column.programme",
    "lead_institution_id": "field.lead_institution",
    "planned_start": "field.planned_start",
    "planned_end": "field.planned_end",
    "budget_planned": "field.budget_planned",
    "title": "column.title",
    "description": "field.description",
    "pdr_reference": "field.pdr_reference",
    "tags": "field.tags",
    "partners": "field.partners",
}


PLACES = {"region_code": "regions", "province_code": "provinces", "commune_code": "communes"}


def _label(column: str) -> str:
    base, _, lang = column.rpartition("_")
    if column not in LABELS and base in LABELS:
        return f"{t(LABELS[base])} ({widgets.language_name(lang)})"
    return t(LABELS[column])


def _value(column: str, value) -> str:
    """A planned value as people read it: dates and amounts formatted, "—" for none."""
    lang = context.current().lang
    if value in (None, ""):
        return "—"
    if column in ("planned_start", "planned_end"):
        return widgets.day_cell(pd.Timestamp(value).date())
    if column == "budget_planned":
        return widgets.cell(formats.mad(lang, int(value)))
    if column in PLACES:
        return _place_names(column).get(value, str(value))
    if column == "tags":
        return tags.tag_labels(_by_scheme(str(value).split()))
    if column in ("lead_institution_id", "partners"):
        names = _institution_names()
        return "\n".join(names.get(int(i), str(i)) for i in str(value).split())
    if column in ("axis_id", "programme_id"):
        return _codes(column).get(int(value), str(value))
    return str(value)


def _by_scheme(tags: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in tags:
        scheme, _, code = tag.partition(":")
        found.setdefault(scheme, []).append(code)
    return found


def _institution_names() -> dict[int, str]:
    registry = data.institution_registry()
    return dict(zip(registry["id"].astype(int), content.institution_names(registry), strict=True))


def _codes(column: str) -> dict[int, str]:
    """Axes and programmes by id, as their codes and names in the reader's language."""
    if column == "programme_id":
        found = data.plan_choices(None)["programmes"]
        return {
            int(r["id"]): f"{r['code']} · {widgets.localized(r, 'name')}"
            for r in found.to_dict("records")
        }
    axes = data.plan_choices(None)["axes"]
    return {
        int(r["id"]): f"{r['code']} · {widgets.localized(r, 'title')}"
        for r in axes.to_dict("records")
    }


def _place_names(column: str) -> dict[str, str]:
    """Region, province or commune names by code, in the reader's language."""
    if column == "region_code":
        return widgets.region_name_map()
    kind = PLACES[column]
    found = data.plan_choices(None)[kind]
    renamed = found.rename(columns={"name_fr": "place_fr", "name_ar": "place_ar"})
    return dict(zip(renamed["code"], widgets.localized_column(renamed, "place"), strict=True))


def baseline_against_current(measure: dict) -> None:
    """The dates, budget and scope first adopted beside today's, and who adopted them."""
    found = data.plan_history(int(measure["id"]))
    if found.baseline is None:
        return
    base = found.baseline
    rows = [(_label(c), _value(c, base[c]), _value(c, measure[c])) for c in BASELINE_FIELDS]
    shown = pd.DataFrame(rows, columns=[t("plan.field"), t("plan.baseline"), t("plan.current")])
    st.caption(
        t(
            "plan.baseline_of",
            day=formats.day(context.current().lang, base["adopted_at"].date()),
            by=author(base["adopted_by"]),
        )
    )
    st.dataframe(shown, hide_index=True, key="plan.baseline")


def revisions(measure_id: int) -> None:
    """Every revision of the plan, newest first: field, before, after, why, decided by."""
    found = data.plan_history(measure_id).revisions
    if found.empty:
        st.caption(t("plan.no_revision"))
        return
    lang = context.current().lang
    rows = found.to_dict("records")
    shown = pd.DataFrame(
        {
            t("column.updated_at"): [formats.datetime_short(lang, r["at"]) for r in rows],
            t("plan.who"): [author(r["actor"]) for r in rows],
            t("plan.field"): [_label(r["field"]) for r in rows],
            t("plan.before"): [_value(r["field"], r["old_value"]) for r in rows],
            t("plan.after"): [_value(r["field"], r["new_value"]) for r in rows],
            t("plan.reason"): [r["reason"] for r in rows],
            t("plan.decided_by"): [_decided_by(r) for r in rows],
        }
    )
    widgets.dataframe(shown, {}, key="plan.revisions")


def _decided_by(revision: dict) -> str:
    """The council session or committee decision that decided a revision ("—": a correction)."""
    if isinstance(revision["session_month"], str):
        return t("plan.by_session", month=revision["session_month"])
    if pd.notna(revision["decision_id"]):
        return t("plan.by_decision")
    return "—"
