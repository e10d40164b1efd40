"""Reporting results: an editor's values of one period, each with every disaggregation its
indicator asks for, saved as drafts and then submitted for validation together."""

import pandas as pd
import streamlit as st

from ui import (
    account,
    context,
    evidence_form,
    frame,
    report_choices,
    result_data,
    submit_form,
    value_form,
    widgets,
)
from ui.context import label, t

frame.ensure()

run = context.current()
actor = run.actor

st.title(t("reporting.title"), anchor=False)
if not actor.can_report:
    account.refuse()
region = report_choices.region()
if region is None:
    st.info(t("reporting.choose_region"))
    st.stop()
st.caption(t("reporting.region", region=widgets.region_name_map().get(region, region)))

indicators, periods = result_data.reporting_choices(region)
if indicators.empty or periods.empty:
    st.info(t("reporting.nothing"))
    st.stop()
definition, period, territory = report_choices.draw(region, indicators, periods)
stored = result_data.stored_value(int(definition["id"]), int(period["id"]), territory)

if period["locked_at"] is not None and not pd.isna(period["locked_at"]):
    st.warning(t("reporting.locked", period=period["code"]))
if stored is not None:
    st.caption(t("reporting.status", status=label("value_status", stored["status"])))
    if stored["status"] == "returned" and stored["return_reason"]:
        reason = {f"reason_{stored['return_reason_lang']}": stored["return_reason"]}
        st.warning(t("reporting.returned_because", reason=widgets.localized(reason, "reason")))
value_form.render(definition, period, territory, stored)

if stored is not None:
    st.subheader(t("evidence.title"), anchor=False)
    editable = stored["status"] in result_data.EDITABLE and actor.can_edit_region(region)
    words = f"{definition['code']} · {period['code']} · {territory}"
    records = {("indicatorvalue", int(stored["id"])): (words, int(stored["version"]))}
    evidence_form.section(records, editable, f"reporting.{int(stored['id'])}.evidence")

st.divider()
st.subheader(t("reporting.period_values", period=period["code"]), anchor=False)
values = result_data.period_values(region, int(period["id"]))
if values.empty:
    st.info(t("reporting.period_empty"))
    st.stop()
report_choices.period_table(values)
drafts = values[values["status"].isin(result_data.EDITABLE)]
if actor.can_edit_region(region):
    submit_form.render(drafts, f"reporting.submit.{int(period['id'])}")
