"""Recording a committee meeting with up to five decisions, in the language it was written."""

import pandas as pd
import streamlit as st

from models import limits
from models.codes import LANGUAGES
from services.committee_writes import DecisionInput, record_meeting
from services.db import engine
from services.errors import Problem
from ui import account, content, context, widgets
from ui.context import t
from ui.forms import NUMBER_FORMAT, Form, Shown, date_range, max_chars_help

DECISION_ROWS = 5
ROW_FIELDS = ("text", "owner_institution_id", "due_on", "measure_code")
# A selectbox shows its placeholder for a None value, so "no owner" is 0.
NO_OWNER = 0
EMPTY_ROW = {"text": "", "owner_institution_id": NO_OWNER, "due_on": None, "measure_code": ""}


def _empty() -> dict:
    """An empty meeting: no date, nobody counted, no summary, no decisions."""
    values = {
        "held_on": None,
        "attendance": None,
        "summary": "",
        "language": context.current().lang,
    }
    for row in range(DECISION_ROWS):
        values |= {f"{row}.{name}": value for name, value in EMPTY_ROW.items()}
    return values


def record(committee: dict, institutions: pd.DataFrame) -> None:
    """The form recording a meeting of one committee, with its decisions and their owners."""
    committee_id = int(committee["id"])
    form = Form(f"committees.{committee_id}.meeting")
    if not form.visible(context.current().actor.can_edit_region(committee["region_code"])):
        account.read_only_note("committees.read_only")
        return
    form.prepare(Shown(committee_id), _empty())
    owner_ids = [NO_OWNER, *(int(i) for i in institutions["id"])]
    owners = dict(zip(owner_ids[1:], content.institution_names(institutions), strict=True))
    widgets.keep(
        form.widget("language"),
        *(form.widget(f"{row}.owner_institution_id") for row in range(DECISION_ROWS)),
    )
    with form.frame():
        cols = st.columns([1, 1, 2, 1])
        cols[0].date_input(
            t("committees.field.held_on"), key=form.widget("held_on"), **date_range()
        )
        form.slot("held_on", cols[0])
        cols[1].number_input(
            t("committees.field.attendance"),
            step=1.0,
            format=NUMBER_FORMAT,
            key=form.widget("attendance"),
        )
        form.slot("attendance", cols[1])
        cols[2].text_area(
            t("committees.field.summary"),
            help=max_chars_help(limits.SUMMARY_MAX),
            key=form.widget("summary"),
        )
        form.slot("summary", cols[2])
        cols[3].selectbox(
            t("form.written_in"),
            LANGUAGES,
            format_func=widgets.labels_of("language_name"),
            help=t("form.written_in_help"),
            key=form.widget("language"),
        )
        form.slot("language", cols[3])
        st.caption(t("committees.decisions_hint", rows=DECISION_ROWS))
        form.slot("decisions")
        owner_name = widgets.names_of(owners, t("institution.none"))
        for row in range(DECISION_ROWS):
            _decision_row(form, row, owner_ids, owner_name)
        submitted = form.submit(t("committees.record_submit"), type="primary")
    if submitted:
        rows = _filled_rows(form)
        form.save(
            lambda actor, shown: _record(form, actor, shown, rows),
            lambda _meeting_id: (
                "committees.meeting_saved",
                {"decisions": len(rows), "plural": len(rows)},
            ),
            place=lambda problem: _row_field(problem, rows),
        )


def _decision_row(form: Form, row: int, owner_ids: list[int], owner_name) -> None:
    shown = "visible" if row == 0 else "collapsed"
    text, owner, due, linked = st.columns([4, 2, 1.4, 2.6])
    text.text_input(
        t("committees.field.decision"),
        help=max_chars_help(limits.DECISION_MAX),
        label_visibility=shown,
        key=form.widget(f"{row}.text"),
    )
    owner.selectbox(
        t("committees.field.owner"),
        owner_ids,
        format_func=owner_name,
        label_visibility=shown,
        key=form.widget(f"{row}.owner_institution_id"),
    )
    due.date_input(
        t("committees.field.due_on"),
        label_visibility=shown,
        key=form.widget(f"{row}.due_on"),
        **date_range(),
    )
    linked.text_input(
        t("committees.field.measure_code"),
        max_chars=limits.CODE_MAX,
        placeholder=t("committees.measure_code_placeholder"),
        help=t("committees.measure_code_help"),
        label_visibility=shown,
        key=form.widget(f"{row}.measure_code"),
    )
    for column, name in zip((text, owner, due, linked), ROW_FIELDS, strict=True):
        form.slot(f"row.{row}.{name}", column)


def _filled_rows(form: Form) -> list[int]:
    """The decision rows the person wrote something in."""
    return [
        row
        for row in range(DECISION_ROWS)
        if any(form.value(f"{row}.{name}") not in (None, "", 0) for name in ROW_FIELDS)
    ]


def _record(form: Form, actor, shown: Shown, rows: list[int]) -> int:
    decisions = [
        DecisionInput(
            text=form.value(f"{row}.text"),
            owner_institution_id=form.value(f"{row}.owner_institution_id") or None,
            due_on=form.value(f"{row}.due_on"),
            measure_code=form.value(f"{row}.measure_code"),
        )
        for row in rows
    ]
    return record_meeting(
        engine(),
        actor=actor,
        committee_id=shown.id,
        held_on=form.value("held_on"),
        attendance=form.value("attendance"),
        summary=form.value("summary"),
        decisions=decisions,
        today=context.current().today,
        language=form.value("language"),
    )


def _row_field(problem: Problem, rows: list[int]) -> Problem:
    """A problem about the n-th decision sent, moved to the form row it came from."""
    parts = (problem.field or "").split(".")
    if len(parts) == 3 and parts[0] == "decisions" and parts[1].isdigit():
        index = int(parts[1])
        if index < len(rows):
            return Problem(f"row.{rows[index]}.{parts[2]}", problem.code, problem.params)
    return problem
