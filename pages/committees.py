"""Committees: members, meetings and decisions of each region's coordination bodies."""

import streamlit as st

from i18n import formats
from ui import (
    committee_tables,
    content,
    context,
    correction_form,
    data,
    decision_form,
    evidence_form,
    frame,
    institution_form,
    meeting_form,
    plan_records,
    widgets,
    withdrawal_form,
)
from ui.context import label, t
from ui.forms import section, shown_to
from ui.provenance import field_badges

frame.ensure()

run = context.current()
lang, today = run.lang, run.today
committees = data.committee_list(run.region, today)

st.title(t("committees.title"), anchor=False)
widgets.region_scope()
plan_records.new_committee()
if committees.empty:
    st.info(t("committees.empty"))
    st.stop()

names = dict(
    zip(committees["id"].astype(int), widgets.localized_column(committees, "name"), strict=True)
)
shown, config = committee_tables.committee_rows(committees, names)
widgets.dataframe(shown, config, key="committees.list")
widgets.keep("committees.committee")
committee_id = st.selectbox(
    t("committees.select"),
    list(names),
    format_func=widgets.names_of(names),
    key="committees.committee",
)
committee = committees[committees["id"] == committee_id].iloc[0].to_dict()
editable = run.actor.can_edit_region(committee["region_code"])
found = data.committee(committee, today)
badges = {"provenance": found.provenance, "record_provenance": committee["provenance"]}

with st.container(border=True):
    title, fallback = widgets.title_and_mark(committee, "name")
    widgets.heading(title, level=2, note=fallback)
    st.caption(
        t(
            "committees.kind_in_region",
            kind=label("committee_kind", committee["kind"]),
            region=widgets.localized(committee, "region", mark=False),
        )
    )
    widgets.provenance_badge(committee["provenance"])
    left, right = st.columns([1, 2])
    with left:
        widgets.field(t("committees.chair"), content.institution(committee, "chair"))
        widgets.field(
            t("committees.established_on"), formats.day(lang, committee["established_on"])
        )
        field_badges(fields=("chair", "established_on"), **badges)
    with right:
        widgets.field(t("committees.mandate"), widgets.localized(committee, "mandate"))
        field_badges(fields=("mandate",), **badges)

# One section after the other (not tabs): a save reruns the page and keeps the reader's place.
st.subheader(
    t("committees.members_title", count=formats.number(lang, len(found.members))), anchor=False
)
if found.members.empty:
    st.info(t("committees.no_members"))
else:
    shown, config = committee_tables.member_rows(found.members)
    widgets.dataframe(shown, config, key="committees.members")
    field_badges(fields=("members",), **badges)

plan_records.committee(committee, found.members)

st.subheader(
    t("committees.meetings_title", count=formats.number(lang, len(found.meetings))), anchor=False
)
if found.meetings.empty:
    st.info(t("committees.no_meetings"))
else:
    shown, config = committee_tables.meeting_rows(found.meetings)
    widgets.dataframe(shown, config, key="committees.meetings")
    correction_form.history(found.corrections)
    picked = st.session_state.get(correction_form.pick_key(committee_id))
    if shown_to(editable, correction_form.form_key(picked)):
        with section(
            t("correction.title"),
            icon=widgets.ICON_EDIT,
            form_key=correction_form.form_key(picked),
            key=f"committees.{committee_id}.correct.section",
        ):
            correction_form.correct(committee, found.meetings)
recording = f"committees.{committee_id}.meeting"
with section(t("committees.record_title"), icon=widgets.ICON_ADD, form_key=recording):
    meeting_form.record(committee, data.institution_registry())
if editable:
    adding = institution_form.form_key(f"committees.{committee_id}")
    with section(t("institution.add_title"), icon=widgets.ICON_ADD, form_key=adding):
        institution_form.add_in_place(f"committees.{committee_id}")

st.subheader(
    t("committees.decisions_title", count=formats.number(lang, len(found.decisions))), anchor=False
)
if found.decisions.empty:
    st.info(t("committees.no_decisions"))
else:
    overdue = int(found.decisions["overdue"].astype(bool).sum())
    if overdue:
        shown_count = formats.number(lang, overdue)
        st.warning(t("committees.overdue_count", plural=overdue, count=shown_count))
    shown, config = committee_tables.decision_rows(found.decisions)
    widgets.dataframe(
        shown, config, key="committees.decisions", opens=list(found.decisions["measure_id"])
    )
if editable:
    with st.expander(t("committees.follow_up_title"), icon=widgets.ICON_EDIT):
        decision_form.follow_up(committee, found.decisions)
picked = st.session_state.get(f"committees.{committee_id}.correct_decision.decision")
if not found.decisions.empty and shown_to(editable, f"committees.correct_decision.{picked}"):
    with section(
        t("correction.decision_title"),
        icon=widgets.ICON_EDIT,
        form_key=f"committees.correct_decision.{picked}",
        key=f"committees.{committee_id}.correct_decision.section",
    ):
        decision_form.correct(committee, found.decisions)
withdrawal_form.decision(committee, found.decisions, found.withdrawn_decisions)

records = evidence_form.committee_records(found.meetings, found.decisions)
if records:
    st.subheader(t("evidence.title"), anchor=False)
    evidence_form.section(records, editable, f"committees.{committee_id}.evidence")
widgets.illustrative_note(committees, found.members, found.meetings, found.decisions)
