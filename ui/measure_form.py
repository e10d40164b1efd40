"""The measure update form: allowed statuses, progress, dates, budget committed and paid, note
and evidence."""

import streamlit as st

from models import limits
from models.codes import LANGUAGES
from services.db import engine
from services.measure_writes import MeasureChange, allowed_statuses, update_measure
from ui import account, context, widgets
from ui.context import label, t
from ui.forms import NUMBER_FORMAT, Form, Shown, date_range, max_chars_help, number

# Fields that hold the measure's values; the note and the evidence link describe the update,
# so a reload after a conflict keeps them as typed.
RECORD_FIELDS = (
    "status",
    "progress",
    "budget_committed",
    "budget_paid",
    "actual_start",
    "actual_end",
)
UPDATE_FIELDS = ("note", "note_lang", "evidence_url")


def _values(measure: dict) -> dict:
    return {
        "status": measure["status"],
        "progress": number(measure["progress"]),
        "budget_committed": number(measure["budget_committed"]),
        "budget_paid": number(measure["budget_paid"] or 0),
        "actual_start": measure["actual_start"],
        "actual_end": measure["actual_end"],
        "note": "",
        "note_lang": context.current().lang,
        "evidence_url": "",
    }


def render(measure: dict) -> None:
    """The update form for one measure, or a note when the user may not change it."""
    form = Form(f"measure.{int(measure['id'])}")
    if not form.visible(context.current().actor.can_edit_region(measure["region_code"])):
        account.read_only_note("measure.form.read_only")
        return
    record = {name: measure[name] for name in RECORD_FIELDS} | {"code": measure["code"]}
    shown = form.prepare(
        Shown(int(measure["id"]), int(measure["version"]), record),
        _values(measure),
        kept_on_reload=UPDATE_FIELDS,
    )
    statuses = allowed_statuses(context.current().actor, shown.values["status"])
    widgets.keep(form.widget("status"), form.widget("note_lang"))

    st.subheader(t("measure.form.title"), anchor=False)
    with form.frame():
        left, right = st.columns(2)
        with left:
            st.selectbox(
                t("field.status"),
                statuses,
                format_func=widgets.labels_of("status"),
                help=t("measure.form.status_help"),
                key=form.widget("status"),
            )
            form.slot("status")
            st.number_input(
                t("field.progress"),
                step=5.0,
                format=NUMBER_FORMAT,
                help=t("measure.form.progress_help"),
                key=form.widget("progress"),
            )
            form.slot("progress")
            st.number_input(
                t("field.budget_committed"),
                step=10_000.0,
                format=NUMBER_FORMAT,
                help=t("field.budget_committed_help"),
                key=form.widget("budget_committed"),
            )
            form.slot("budget_committed")
            st.number_input(
                t("field.budget_paid"),
                step=10_000.0,
                format=NUMBER_FORMAT,
                key=form.widget("budget_paid"),
            )
            form.slot("budget_paid")
        with right:
            st.date_input(t("field.actual_start"), key=form.widget("actual_start"), **date_range())
            form.slot("actual_start")
            st.date_input(t("field.actual_end"), key=form.widget("actual_end"), **date_range())
            form.slot("actual_end")
            st.text_input(
                t("measure.form.evidence_url"),
                placeholder="https://",
                help=max_chars_help(limits.URL_MAX),
                key=form.widget("evidence_url"),
            )
            form.slot("evidence_url")
        note, note_lang = st.columns([4, 1])
        note.text_area(
            t("measure.form.note"),
            help=f"{t('measure.form.note_help')} {max_chars_help(limits.NOTE_MAX)}",
            key=form.widget("note"),
        )
        form.slot("note", note)
        note_lang.selectbox(
            t("measure.form.note_lang"),
            LANGUAGES,
            format_func=widgets.labels_of("language_name"),
            help=t("form.written_in_help"),
            key=form.widget("note_lang"),
        )
        form.slot("note_lang", note_lang)
        submitted = form.submit(t("measure.form.submit"), type="primary")
    if submitted:
        form.save(lambda actor, shown: _update(form, actor, shown), _confirmation(form))
    form.conflict(t("measure.form.reload"))


def _update(form: Form, actor, shown: Shown) -> int:
    change = MeasureChange(**{name: form.value(name) for name in RECORD_FIELDS + UPDATE_FIELDS})
    return update_measure(
        engine(),
        actor=actor,
        measure_id=shown.id,
        expected_version=shown.version,
        change=change,
        today=context.current().today,
    )


def _confirmation(form: Form):
    def confirm(version: int) -> tuple[str, dict]:
        return "measure.form.saved", {
            "code": widgets.safe_code(form.shown.values["code"]),
            "status": label("status", form.value("status")),
            "progress": int(form.value("progress")),
            "version": version,
        }

    return confirm
