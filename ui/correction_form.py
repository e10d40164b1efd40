"""Correcting a recorded meeting, and the history of corrections with the values before."""

import pandas as pd
import streamlit as st

from i18n import catalog, formats
from models import limits
from services.corrections import correct_meeting
from services.db import engine
from ui import context, widgets
from ui.context import t
from ui.forms import NUMBER_FORMAT, Form, Shown, date_range, max_chars_help, number
from ui.measure_tables import author

FIELDS = ("held_on", "attendance", "summary", "reason")
# Labels of their own: the meeting form on the same page asks for the same facts.
LABELS = {"held_on": "correction.held_on", "attendance": "correction.attendance"}


def _language(meeting: dict) -> str:
    """The language of the summary to correct: the reader's, else the one it is written in."""
    lang = context.current().lang
    if meeting.get(f"summary_{lang}"):
        return lang
    return next((code for code in catalog.LANGUAGES if meeting.get(f"summary_{code}")), lang)


def pick_key(committee_id: int) -> str:
    """The key of the meeting picker of a committee's correction form."""
    return f"committees.{committee_id}.correct.meeting"


def form_key(meeting_id) -> str:
    """The key of the correction form of one meeting."""
    return f"committees.correct.{meeting_id}"


def correct(committee: dict, meetings: pd.DataFrame) -> None:
    """Pick a meeting, then correct its date, attendance or summary, saying why."""
    committee_id = int(committee["id"])
    picker = pick_key(committee_id)
    lang = context.current().lang
    days = {int(r["id"]): formats.day(lang, r["held_on"]) for r in meetings.to_dict("records")}
    st.selectbox(
        t("correction.meeting"), list(days), format_func=widgets.names_of(days), key=picker
    )
    meeting = meetings[meetings["id"] == st.session_state[picker]].iloc[0].to_dict()
    form = Form(form_key(int(meeting["id"])))
    if not form.visible(context.current().actor.can_edit_region(committee["region_code"])):
        return
    summary_lang = _language(meeting)
    form.prepare(
        Shown(int(meeting["id"]), int(meeting["version"])),
        {
            "held_on": meeting["held_on"],
            "attendance": number(meeting["attendance"]),
            "summary": meeting[f"summary_{summary_lang}"] or "",
            "reason": "",
        },
        kept_on_reload=("reason",),
    )
    st.caption(t("correction.help"))
    with form.frame():
        day, count = st.columns(2)
        day.date_input(t(LABELS["held_on"]), key=form.widget("held_on"), **date_range())
        form.slot("held_on", day)
        count.number_input(
            t(LABELS["attendance"]), step=1.0, format=NUMBER_FORMAT, key=form.widget("attendance")
        )
        form.slot("attendance", count)
        st.text_area(
            t("correction.summary", language=widgets.language_name(summary_lang)),
            help=max_chars_help(limits.SUMMARY_MAX),
            key=form.widget("summary"),
        )
        form.slot("summary")
        st.text_area(
            t("plan.reason"), help=max_chars_help(limits.REASON_MAX), key=form.widget("reason")
        )
        form.slot("reason")
        submitted = form.submit(t("correction.submit"))
    if submitted:
        typed = {name: form.value(name) for name in FIELDS}
        form.save(
            lambda actor, shown: correct_meeting(
                engine(),
                actor=actor,
                meeting_id=shown.id,
                expected_version=shown.version,
                language=summary_lang,
                today=context.current().today,
                **typed,
            ),
            lambda _version: ("correction.saved", {"day": formats.day(lang, typed["held_on"])}),
        )
    form.conflict(t("measure.form.reload"))


def history(corrections: pd.DataFrame) -> None:
    """Every correction of the committee's meetings: when, who, field, before, after, why."""
    if corrections.empty:
        return
    st.caption(t("correction.history_title"))
    lang = context.current().lang
    rows = corrections.to_dict("records")
    shown = pd.DataFrame(
        {
            t("correction.meeting"): [widgets.day_cell(r["held_on"]) for r in rows],
            t("column.updated_at"): [formats.datetime_short(lang, r["at"]) for r in rows],
            t("plan.who"): [author(r["actor"]) for r in rows],
            t("plan.field"): [_label(r["field"]) for r in rows],
            t("plan.before"): [_value(r["field"], r["old_value"]) for r in rows],
            t("plan.after"): [_value(r["field"], r["new_value"]) for r in rows],
            t("plan.reason"): [r["reason"] for r in rows],
        }
    )
    widgets.dataframe(shown, {}, key="committees.corrections")


def _label(field: str) -> str:
    if field in LABELS:
        return t(LABELS[field])
    code = field.rpartition("_")[2]
    return t("correction.summary", language=widgets.language_name(code))


def _value(field: str, value: str) -> str:
    if not value:
        return "—"
    if field == "held_on":
        return widgets.day_cell(pd.Timestamp(value).date())
    return value
