"""Submitting several drafts or returned values in one step, against the versions seen."""

import pandas as pd
import streamlit as st

from i18n import formats
from models.result_codes import ValueAction
from services.db import engine
from services.value_writes import take_step
from ui import context, queue_data, widgets
from ui.context import t
from ui.forms import Form, Shown

# What a picker names a value by (ui.queue_data.choice), kept from when the form was filled.
NAMED_BY = (
    "indicator",
    "period",
    "territory",
    "territory_fr",
    "territory_ar",
    "territory_en",
    "kind",
    "total",
    "numerator",
    "denominator",
)
RECORD = "indicatorvalue"  # a save through any values form refills the others


def shown_values(values: pd.DataFrame) -> Shown:
    """The values a form acts on, as it was filled: versions and naming fields by id."""
    records = values.to_dict("records")
    return Shown(
        values={
            "versions": {int(r["id"]): int(r["version"]) for r in records},
            "rows": {int(r["id"]): {k: r.get(k) for k in NAMED_BY} for r in records},
        }
    )


def picker(form: Form, label: str) -> None:
    """The values to act on, chosen among those the form was filled with."""
    rows = form.shown.values["rows"]
    names = {value_id: queue_data.choice(row) for value_id, row in rows.items()}
    widgets.keep(form.widget("values"))
    st.multiselect(
        label,
        list(names),
        format_func=widgets.names_of(names),
        placeholder=t("forms.choose_values"),
        key=form.widget("values"),
    )
    form.slot("values")


def chosen(form: Form) -> list[tuple[int, int]]:
    """The chosen values with the versions seen when the form was filled."""
    versions = form.shown.values["versions"]
    return [(value_id, versions[value_id]) for value_id in form.value("values") or []]


def count_params(versions: dict) -> dict:
    """A confirmation's parameter: how many values moved, formatted."""
    return {"count": formats.number(context.current().lang, len(versions))}


def render(values: pd.DataFrame, key: str) -> None:
    """Submit some of `values` (id, version, indicator, period, territory...), all or none."""
    form = Form(key, record=RECORD)
    if not form.visible(not values.empty):
        return
    form.prepare(shown_values(values), {"values": []})
    with form.frame():
        picker(form, t("todo.submit_values"))
        submitted = form.submit(t("todo.submit"), type="primary")
    if submitted:
        steps = chosen(form)
        form.save(
            lambda actor, _shown: take_step(
                engine(), actor=actor, action=ValueAction.SUBMITTED, values=steps
            ),
            lambda versions: ("todo.submitted", count_params(versions)),
        )
    form.conflict(t("forms.reload"))
