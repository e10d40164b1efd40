"""Following a committee decision up: mark an open decision done or dropped."""

import pandas as pd
import streamlit as st

from i18n import formats
from services.committee_writes import set_decision_status
from services.db import engine
from services.errors import ServiceError, StaleVersion
from ui import context, data, widgets
from ui.context import t

FOLLOW_UP_CHOICES = ("done", "dropped")


def follow_up(committee: dict, decisions: pd.DataFrame) -> None:
    """Mark an open decision done or dropped, against the version the user saw."""
    committee_id = int(committee["id"])
    if not context.current().actor.can_edit_region(committee["region_code"]):
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
            engine(),
            actor=context.current().actor,
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
    due = formats.day(context.current().lang, row["due_on"] if pd.notna(row["due_on"]) else None)
    return f"{short} — {row['owner'] or '—'} — {due}"
