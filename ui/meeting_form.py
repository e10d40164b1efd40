"""Committee forms: record a meeting with up to five decisions, and follow a decision up."""

import pandas as pd
import streamlit as st

from services.committee_writes import (
    DECISION_MAX,
    OWNER_MAX,
    SUMMARY_MAX,
    DecisionInput,
    record_meeting,
    set_decision_status,
)
from services.errors import ServiceError, StaleVersion
from ui import account, context, data, fmt, widgets
from ui.context import t

DECISION_ROWS = 5
ROW_FIELDS = ("text", "owner", "due_on", "measure_id")
FOLLOW_UP_CHOICES = ("done", "dropped")
# A selectbox shows its placeholder for a None value, so "no linked measure" is 0.
NO_MEASURE = 0
# Message ids of the committee tables' headers.
HEADERS = {
    "name": "term.committee",
    "region": "term.region",
    "kind": "committees.column.kind",
    "members": "term.members",
    "meetings": "term.meetings",
    "last_meeting": "committees.column.last_meeting",
    "open_decisions": "committees.column.open_decisions",
    "overdue_decisions": "committees.column.overdue_decisions",
    "institution": "committees.column.institution",
    "role": "committees.column.role",
    "held_on": "committees.field.held_on",
    "attendance": "committees.field.attendance",
    "summary": "committees.field.summary",
    "decisions": "term.decisions",
    "text": "committees.field.decision",
    "owner": "committees.field.owner",
    "due_on": "committees.field.due_on",
    "status": "field.status",
    "overdue": "committees.column.overdue",
    "measure_code": "term.measure",
    "link": "column.link",
}


def _fill_meeting(prefix: str) -> None:
    """An empty meeting form: held today, nobody counted yet, no summary, no decisions."""
    state = st.session_state
    state[f"{prefix}.held_on"] = context.today()
    state[f"{prefix}.attendance"] = 0
    state[f"{prefix}.summary"] = ""
    for row in range(DECISION_ROWS):
        empty = {"text": "", "owner": "", "due_on": None, "measure_id": NO_MEASURE}
        for name in ROW_FIELDS:
            state[f"{prefix}.{row}.{name}"] = empty[name]


def record(committee: dict, measures: pd.DataFrame) -> None:
    """The form recording a meeting of one committee, with its decisions."""
    committee_id = int(committee["id"])
    if not context.actor().can_edit_region(committee["region_code"]):
        account.read_only_note("committees.read_only")
        return
    prefix = f"committees.{committee_id}.meeting"
    today = context.today()
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
                t("committees.field.summary"), max_chars=SUMMARY_MAX, key=f"{prefix}.summary"
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
                max_chars=DECISION_MAX,
                label_visibility=shown,
                key=f"{key}.text",
            )
            owner.text_input(
                t("committees.field.owner"),
                max_chars=OWNER_MAX,
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
            context.engine(),
            actor=context.actor(),
            committee_id=committee_id,
            held_on=state[f"{prefix}.held_on"],
            attendance=state[f"{prefix}.attendance"],
            summary=state[f"{prefix}.summary"],
            decisions=decisions,
            today=context.today(),
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


def follow_up(committee: dict, decisions: pd.DataFrame) -> None:
    """Mark an open decision done or dropped, against the version the user saw."""
    committee_id = int(committee["id"])
    if not context.actor().can_edit_region(committee["region_code"]):
        return
    open_rows = decisions[decisions["status"] == "open"]
    if open_rows.empty:
        st.caption(t("committees.no_open_decisions"))
        return
    prefix = f"committees.{committee_id}.follow_up"
    versions_key = f"{prefix}.versions"
    if f"{prefix}.decision" not in st.session_state or versions_key not in st.session_state:
        st.session_state[versions_key] = {
            int(i): int(v) for i, v in zip(open_rows["id"], open_rows["version"], strict=True)
        }
    seen = st.session_state[versions_key]
    texts = {int(r["id"]): _decision_choice(r) for r in open_rows.to_dict("records")}
    widgets.keep(f"{prefix}.decision", f"{prefix}.status")
    with st.form(f"{prefix}.form", border=True):
        slots = {"": st.empty()}
        st.selectbox(
            t("committees.field.open_decision"),
            list(texts),
            format_func=widgets.names_of(texts),
            key=f"{prefix}.decision",
        )
        st.radio(
            t("committees.field.new_status"),
            FOLLOW_UP_CHOICES,
            format_func=widgets.labels_of("decision_status"),
            horizontal=True,
            key=f"{prefix}.status",
        )
        slots["status"] = st.empty()
        submitted = st.form_submit_button(t("committees.follow_up_submit"))
    if not submitted:
        return
    decision_id = st.session_state[f"{prefix}.decision"]
    try:
        set_decision_status(
            context.engine(),
            actor=context.actor(),
            decision_id=int(decision_id),
            expected_version=seen.get(int(decision_id), -1),
            status=st.session_state[f"{prefix}.status"],
        )
    except StaleVersion as error:
        st.session_state.pop(versions_key, None)
        widgets.show_problems(slots, error.problems)
        return
    except ServiceError as error:
        widgets.show_problems(slots, error.problems)
        return
    st.session_state.pop(f"{prefix}.versions", None)
    data.clear()
    context.flash("committees.decision_saved")
    st.rerun()


def _decision_choice(row: dict) -> str:
    """One line naming an open decision in the selector (plain text, never markup)."""
    text = " ".join(str(row["text"]).split())
    short = text if len(text) <= 90 else text[:89] + "…"
    due = fmt.day(context.lang(), row["due_on"] if pd.notna(row["due_on"]) else None)
    return f"{short} — {row['owner'] or '—'} — {due}"


def committee_rows(committees: pd.DataFrame, names: dict[int, str]) -> tuple[pd.DataFrame, dict]:
    """The committees list: name, region, kind, counts, last meeting."""
    shown = pd.DataFrame(
        {
            "name": [names[int(i)] for i in committees["id"]],
            "region": widgets.region_names(committees),
            "kind": widgets.labels(committees["kind"], "committee_kind"),
            "members": committees["members"],
            "meetings": committees["meetings"],
            "last_meeting": [widgets.day_cell(d) for d in committees["last_meeting"]],
            "open_decisions": committees["open_decisions"],
            "overdue_decisions": committees["overdue_decisions"],
        }
    )
    return shown, _columns(shown)


def member_rows(members: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """A committee's member institutions and their roles."""
    shown = members[["institution", "role"]].reset_index(drop=True)
    return shown, _columns(shown)


def meeting_rows(meetings: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """A committee's meetings, newest first; summaries stay plain text in the table."""
    shown = pd.DataFrame(
        {
            "held_on": [widgets.day_cell(d) for d in meetings["held_on"]],
            "attendance": meetings["attendance"],
            "summary": meetings["summary"],
            "decisions": meetings["decisions"],
        }
    )
    return shown, _columns(shown)


def decision_rows(decisions: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Decisions with follow-up status, overdue flag and a link to the linked measure."""
    shown = pd.DataFrame(
        {
            "text": decisions["text"],
            "status": widgets.labels(decisions["status"], "decision_status"),
            "overdue": [t("committees.overdue") if o else "" for o in decisions["overdue"]],
            "due_on": [widgets.day_cell(d) for d in decisions["due_on"]],
            "owner": decisions["owner"],
            "held_on": [widgets.day_cell(d) for d in decisions["held_on"]],
            "measure_code": decisions["measure_code"],
            "link": [
                context.measure_link(int(i)) if pd.notna(i) else None
                for i in decisions["measure_id"]
            ],
        }
    )
    return shown, _columns(shown)


def _columns(shown: pd.DataFrame) -> dict:
    config = {}
    for name in shown.columns:
        title = t(HEADERS[name])
        if name == "link":
            config[name] = widgets.link_column(title)
        elif name in ("summary", "text"):
            config[name] = st.column_config.TextColumn(title, width="large")
        else:
            config[name] = st.column_config.Column(title)
    return config
