"""Recording a committee meeting with up to five decisions."""

import pandas as pd
import streamlit as st

from models import limits
from services.committee_writes import (
    DecisionInput,
    record_meeting,
)
from services.db import engine
from services.errors import ServiceError
from ui import account, context, data, widgets
from ui.context import t

DECISION_ROWS = 5
ROW_FIELDS = ("text", "owner", "due_on", "measure_id")
# A selectbox shows its placeholder for a None value, so "no linked measure" is 0.
NO_MEASURE = 0


def _fill_meeting(prefix: str) -> None:
    """An empty meeting form: held today, nobody counted yet, no summary, no decisions."""
    state = st.session_state
    state[f"{prefix}.held_on"] = context.current().today
    state[f"{prefix}.attendance"] = 0
    state[f"{prefix}.summary"] = ""
    for row in range(DECISION_ROWS):
        empty = {"text": "", "owner": "", "due_on": None, "measure_id": NO_MEASURE}
        for name in ROW_FIELDS:
            state[f"{prefix}.{row}.{name}"] = empty[name]


def record(committee: dict, measures: pd.DataFrame) -> None:
    """The form recording a meeting of one committee, with its decisions."""
    committee_id = int(committee["id"])
    if not context.current().actor.can_edit_region(committee["region_code"]):
        account.read_only_note("committees.read_only")
        return
    prefix = f"committees.{committee_id}.meeting"
    today = context.current().today
    measure_ids = [NO_MEASURE, *(int(i) for i in measures["id"])]
    titles = dict(
        zip(
            measure_ids[1:],
            measures["code"] + " · " + widgets.localized_column(measures, "title"),
            strict=True,
        )
    )
    if (
        st.session_state.pop(f"{prefix}.refill", False)
        or f"{prefix}.summary" not in st.session_state
    ):
        _fill_meeting(prefix)
    widgets.keep(*(f"{prefix}.{row}.measure_id" for row in range(DECISION_ROWS)))
    with st.form(f"{prefix}.form", border=True):
        slots = {"": st.empty()}
        cols = st.columns([1, 1, 2])
        cols[0].date_input(
            t("committees.field.held_on"),
            max_value=today,
            format="YYYY-MM-DD",
            key=f"{prefix}.held_on",
        )
        slots["held_on"] = cols[0].empty()
        cols[1].number_input(t("committees.field.attendance"), step=1, key=f"{prefix}.attendance")
        slots["attendance"] = cols[1].empty()
        with cols[2]:
            st.text_area(
                t("committees.field.summary"), max_chars=limits.SUMMARY_MAX, key=f"{prefix}.summary"
            )
            slots["summary"] = st.empty()
        st.caption(t("committees.decisions_hint", rows=DECISION_ROWS))
        slots["decisions"] = st.empty()
        no_measure = widgets.names_of(titles, t("committees.no_measure"))
        for row in range(DECISION_ROWS):
            key, shown = f"{prefix}.{row}", "visible" if row == 0 else "collapsed"
            text, owner, due, linked = st.columns([4, 2, 1.4, 2.6])
            text.text_input(
                t("committees.field.decision"),
                max_chars=limits.DECISION_MAX,
                label_visibility=shown,
                key=f"{key}.text",
            )
            owner.text_input(
                t("committees.field.owner"),
                max_chars=limits.OWNER_MAX,
                label_visibility=shown,
                key=f"{key}.owner",
            )
            due.date_input(
                t("committees.field.due_on"),
                value=None,
                format="YYYY-MM-DD",
                label_visibility=shown,
                key=f"{key}.due_on",
            )
            linked.selectbox(
                t("committees.field.measure"),
                measure_ids,
                format_func=no_measure,
                label_visibility=shown,
                key=f"{key}.measure_id",
            )
            for column, name in zip((text, owner, due, linked), ROW_FIELDS, strict=True):
                slots[f"row.{row}.{name}"] = column.empty()
        submitted = st.form_submit_button(t("committees.record_submit"), type="primary")
    if submitted:
        _submit_meeting(committee_id, prefix, slots)


def _submit_meeting(committee_id: int, prefix: str, slots: dict) -> None:
    state = st.session_state
    decisions, rows = [], []
    for row in range(DECISION_ROWS):
        values = {name: state.get(f"{prefix}.{row}.{name}") for name in ROW_FIELDS}
        values["measure_id"] = values["measure_id"] or None
        if any(v not in (None, "") for v in values.values()):
            rows.append(row)
            decisions.append(DecisionInput(**values))
    try:
        record_meeting(
            engine(),
            actor=context.current().actor,
            committee_id=committee_id,
            held_on=state[f"{prefix}.held_on"],
            attendance=state[f"{prefix}.attendance"],
            summary=state[f"{prefix}.summary"],
            decisions=decisions,
            today=context.current().today,
        )
    except ServiceError as error:
        widgets.show_problems(slots, [_row_field(p, rows) for p in error.problems])
        return
    state[f"{prefix}.refill"] = True
    data.clear()
    context.flash("committees.meeting_saved", decisions=len(decisions))
    st.rerun()


def _row_field(problem, rows: list[int]):
    """A problem about the n-th decision sent, moved to the form row it came from."""
    parts = (problem.field or "").split(".")
    if len(parts) == 3 and parts[0] == "decisions" and parts[1].isdigit():
        index = int(parts[1])
        if index < len(rows):
            return type(problem)(f"row.{rows[index]}.{parts[2]}", problem.code, problem.params)
    return problem
