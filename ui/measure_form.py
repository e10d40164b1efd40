"""The measure update form: allowed statuses, progress, dates, spending, note and evidence.

The version the user saw is kept in session state from the moment the form is first drawn
(its widgets do not exist yet), so a change made meanwhile by someone else is reported as
stale instead of being overwritten.
"""

import streamlit as st

from models import limits
from services.db import engine
from services.errors import ServiceError, StaleVersion
from services.measure_writes import MeasureChange, allowed_statuses, update_measure
from ui import account, context, data, widgets
from ui.context import label, t

ARROW = " → "


def _prefix(measure_id: int) -> str:
    return f"measure.{int(measure_id)}"


def _fill(measure: dict) -> None:
    """Put the measure's current values in the form and remember the version they belong to."""
    prefix = _prefix(measure["id"])
    state = st.session_state
    state[f"{prefix}.status"] = measure["status"]
    state[f"{prefix}.progress"] = int(measure["progress"])
    state[f"{prefix}.budget_spent"] = int(measure["budget_spent"] or 0)
    state[f"{prefix}.actual_start"] = measure["actual_start"]
    state[f"{prefix}.actual_end"] = measure["actual_end"]
    state[f"{prefix}.note"] = ""
    state[f"{prefix}.evidence_url"] = ""
    state[f"{prefix}.version"] = int(measure["version"])
    state.pop(f"{prefix}.stale", None)


def _refill_next_run(measure_id: int) -> None:
    """After a save or a reload: the next run fills the form again from the fresh data."""
    st.session_state[f"{_prefix(measure_id)}.refill"] = True


def _reload(measure_id: int) -> None:
    _refill_next_run(measure_id)
    data.clear()


def render(measure: dict) -> None:
    """The update form for one measure, or a note when the user may not change it."""
    actor = context.current().actor
    measure_id = int(measure["id"])
    if not actor.can_edit_region(measure["region_code"]):
        account.read_only_note("measure.form.read_only")
        return
    prefix = _prefix(measure_id)
    # First drawn (its widgets do not exist yet), saved or reloaded: values from the data.
    first = (
        f"{prefix}.status" not in st.session_state or f"{prefix}.version" not in st.session_state
    )
    if st.session_state.pop(f"{prefix}.refill", False) or first:
        _fill(measure)
    expected = st.session_state[f"{prefix}.version"]
    statuses = allowed_statuses(actor, measure["status"])
    widgets.keep(f"{prefix}.status")

    st.subheader(t("measure.form.title"))
    with st.form(f"{prefix}.form", border=True):
        slots = {"": st.empty()}
        left, right = st.columns(2)
        with left:
            st.selectbox(
                t("field.status"),
                statuses,
                format_func=widgets.labels_of("status"),
                help=t("measure.form.status_help"),
                key=f"{prefix}.status",
            )
            slots["status"] = st.empty()
            st.number_input(
                t("field.progress"),
                step=5,
                help=t("measure.form.progress_help"),
                key=f"{prefix}.progress",
            )
            slots["progress"] = st.empty()
            st.number_input(
                t("field.budget_spent"),
                step=10_000,
                key=f"{prefix}.budget_spent",
            )
            slots["budget_spent"] = st.empty()
        with right:
            st.date_input(
                t("field.actual_start"),
                value=None,
                format="YYYY-MM-DD",
                key=f"{prefix}.actual_start",
            )
            slots["actual_start"] = st.empty()
            st.date_input(
                t("field.actual_end"),
                value=None,
                format="YYYY-MM-DD",
                key=f"{prefix}.actual_end",
            )
            slots["actual_end"] = st.empty()
            st.text_input(
                t("measure.form.evidence_url"),
                max_chars=limits.URL_MAX,
                placeholder="https://",
                key=f"{prefix}.evidence_url",
            )
            slots["evidence_url"] = st.empty()
        st.text_area(
            t("measure.form.note"),
            max_chars=limits.NOTE_MAX,
            help=t("measure.form.note_help"),
            key=f"{prefix}.note",
        )
        slots["note"] = st.empty()
        submitted = st.form_submit_button(t("measure.form.submit"), type="primary")

    if submitted:
        _submit(measure, expected, slots)
    if st.session_state.get(f"{prefix}.stale"):
        widgets.show_problems(slots, StaleVersion("measure").problems)
        st.button(
            t("measure.form.reload"),
            on_click=_reload,
            args=(measure_id,),
            icon=":material/refresh:",
            key=f"{prefix}.reload",
        )


def _submit(measure: dict, expected: int, slots: dict) -> None:
    prefix = _prefix(measure["id"])
    state = st.session_state
    change = MeasureChange(
        status=state[f"{prefix}.status"],
        progress=state[f"{prefix}.progress"],
        actual_start=state[f"{prefix}.actual_start"],
        actual_end=state[f"{prefix}.actual_end"],
        budget_spent=state[f"{prefix}.budget_spent"],
        note=state[f"{prefix}.note"],
        evidence_url=state[f"{prefix}.evidence_url"],
    )
    try:
        version = update_measure(
            engine(),
            actor=context.current().actor,
            measure_id=int(measure["id"]),
            expected_version=expected,
            change=change,
            today=context.current().today,
        )
    except StaleVersion:
        state[f"{prefix}.stale"] = True
        return
    except ServiceError as error:
        widgets.show_problems(slots, error.problems)
        return
    _refill_next_run(int(measure["id"]))
    data.clear()
    context.flash(
        "measure.form.saved",
        code=widgets.safe_code(measure["code"]),
        status=label("status", change.status),
        progress=int(change.progress),
        version=version,
    )
    st.rerun()
