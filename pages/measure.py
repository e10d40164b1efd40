"""One measure: every field, its history, and the update form (/measure?id=N, /measures?id=N)."""

from functools import partial

import streamlit as st

from figures import charts
from i18n import formats
from i18n.direction import direction
from ui import (
    content,
    context,
    data,
    evidence_form,
    frame,
    measure_form,
    measure_lists_form,
    measure_tables,
    navigation,
    note_form,
    plan_form,
    plan_view,
    tags,
    url_state,
    widgets,
    withdrawal_form,
)
from ui.context import label, t
from ui.forms import section, shown_to
from ui.provenance import group_badges

frame.ensure()

run = context.current()
lang, today = run.lang, run.today

st.page_link(
    navigation.MEASURES_PAGE,
    label=t("measure.back"),
    icon=widgets.ICON_BACK[direction(lang)],
    query_params=run.query(),
)
raw_id = (url_state.url_values("id") or [""])[-1]
detail, history = (
    data.measure(int(raw_id), today)
    if raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 10
    else (None, None)
)
if detail is None:
    st.error(t("error.not_found"))
    st.stop()

m = detail.fields
badges_of = partial(group_badges, detail.provenance, record_provenance=m["provenance"])
title, fallback = widgets.title_and_mark(m, "title")
widgets.heading(f"{m['code']} · {title}", level=1, note=fallback)
widgets.provenance_badge(m["provenance"])
withdrawal_form.notice(m)

badges = st.columns(3)
badges[0].metric(t("field.status"), label("status", m["status"]))
badges[1].metric(t("field.health"), label("health", m["health"]))
badges[2].metric(t("column.level"), label("level", m["level"]))
st.progress(
    min(max(int(m["progress"]), 0), 100) / 100,
    text=t("measure.progress", progress=formats.percent(lang, m["progress"] / 100)),
)
badges_of("status")
content.content(m, "description")
badges_of("identity")

where, what, when = st.columns(3)
with where:
    widgets.field(t("term.region"), widgets.localized(m, "region", mark=False))
    widgets.field(t("term.province"), m["province_fr"] and widgets.localized(m, "province", False))
    widgets.field(t("term.commune"), m["commune_fr"] and widgets.localized(m, "commune", False))
    widgets.field(
        t("term.axis"), m["axis_code"] and f"{m['axis_code']} · {widgets.localized(m, 'axis')}"
    )
    widgets.field(t("column.programme"), m["programme_code"] and widgets.localized(m, "programme"))
    if m["programme_code"]:
        st.caption(measure_tables.programme_facts(m))
    badges_of("where")
with what:
    widgets.field(t("field.lead_institution"), content.institution(m, "lead_institution"))
    widgets.field(t("field.partners"), content.institutions(detail.partners))
    widgets.field(t("field.pdr_reference"), widgets.localized(m, "pdr_reference"))
    widgets.field(t("field.tags"), tags.tag_labels(detail.tags))
    badges_of("what")
with when:
    widgets.field(t("field.planned_start"), formats.day(lang, m["planned_start"]))
    widgets.field(t("field.planned_end"), formats.day(lang, m["planned_end"]))
    widgets.field(t("field.actual_start"), formats.day(lang, m["actual_start"]))
    widgets.field(t("field.actual_end"), formats.day(lang, m["actual_end"]))
    widgets.field(
        t("column.budget"),
        t(
            "measure.budget",
            paid=formats.mad(lang, m["budget_paid"]),
            committed=t("field.budget_unknown")
            if m["budget_committed"] is None
            else formats.mad(lang, m["budget_committed"]),
            planned=t("field.budget_unknown")
            if m["budget_planned"] is None
            else formats.mad(lang, m["budget_planned"]),
        ),
    )
    widgets.field(t("column.updated_at"), formats.datetime_short(lang, m["updated_at"]))
    badges_of("when")

open_to_change = m["withdrawn_at"] is None
st.divider()
if open_to_change:
    measure_form.render(m)

st.divider()
st.subheader(t("plan.title"), anchor=False)
plan_view.baseline_against_current(m)
plan_view.revisions(int(m["id"]))
revising = f"plan.{int(m['id'])}"
if open_to_change and shown_to(run.actor.can_edit_region(m["region_code"]), revising):
    with section(t("plan.revise_title"), icon=widgets.ICON_EDIT, form_key=revising):
        plan_form.revise(m)
measure_lists_form.render(m, detail.tags, [int(i) for i in detail.partners["id"]])
withdrawal_form.render(m)

st.divider()
st.subheader(t("measure.history_title"), anchor=False)
if history.empty:
    st.info(t("measure.history_empty"))
else:
    widgets.chart(charts.history(history, lang), key="measure.history_chart")
    shown, config = measure_tables.history_rows(history)
    widgets.dataframe(shown, config, key="measure.history")
    note_form.history(int(m["id"]))
    note_form.correct(m, history)
    st.subheader(t("evidence.title"), anchor=False)
    may_attach = open_to_change and run.actor.can_edit_region(m["region_code"])
    records = evidence_form.update_records(history)
    evidence_form.section(records, may_attach, f"measure.{int(m['id'])}.evidence")
