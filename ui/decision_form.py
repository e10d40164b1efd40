"""Following a committee decision up: mark an open decision done or dropped.

The decision is picked outside the form; the form then holds that decision and the version
seen when it was picked. If someone else closes it meanwhile, it stays picked (shown with its
new status) and the save is refused, instead of the picker falling back to another decision.
"""

import pandas as pd
import streamlit as st

from i18n import formats
from services.committee_writes import set_decision_status
from services.db import engine
from ui import content, context, widgets
from ui.context import label, t
from ui.forms import Form, Shown

FOLLOW_UP_CHOICES = ("done", "dropped")


def follow_up(committee: dict, decisions: pd.DataFrame) -> None:
    """Pick a decision, then mark it done or dropped against the version seen when picked."""
    committee_id = int(committee["id"])
    pick_key = f"committees.{committee_id}.follow_up.decision"
    picked = st.session_state.get(pick_key)
    rows = decisions[(decisions["status"] == "open") | (decisions["id"] == picked)]
    if rows.empty:
        st.caption(t("committees.no_open_decisions"))
        return
    texts = {int(r["id"]): _decision_choice(r) for r in rows.to_dict("records")}
    st.selectbox(
        t("committees.field.open_decision"),
        list(texts),
        format_func=widgets.names_of(texts),
        key=pick_key,
    )
    decision = rows[rows["id"] == st.session_state[pick_key]].iloc[0].to_dict()
    form = Form(f"committees.{committee_id}.follow_up.{int(decision['id'])}")
    if not form.visible(context.current().actor.can_edit_region(committee["region_code"])):
        return
    if decision["status"] != "open" and not (form.in_conflict() or form.just_submitted()):
        st.info(t("committees.decision_now", status=label("decision_status", decision["status"])))
        return
    form.prepare(
        Shown(
            int(decision["id"]),
            int(decision["version"]),
            {"text": widgets.localized(decision, "text")},
        ),
        {"status": FOLLOW_UP_CHOICES[0]},
    )
    widgets.keep(form.widget("status"))
    with form.frame():
        st.text(form.shown.values["text"])
        st.radio(
            t("committees.field.new_status"),
            FOLLOW_UP_CHOICES,
            format_func=widgets.labels_of("decision_status"),
            horizontal=True,
            key=form.widget("status"),
        )
        form.slot("status")
        submitted = form.submit(t("committees.follow_up_submit"))
    if submitted:
        form.save(
            lambda actor, shown: set_decision_status(
                engine(),
                actor=actor,
                decision_id=shown.id,
                expected_version=shown.version,
                status=form.value("status"),
            ),
            lambda _version: (
                "committees.decision_saved",
                {"status": label("decision_status", form.value("status"))},
            ),
        )
    form.conflict(t("committees.reload_decision"))


def _decision_choice(row: dict) -> str:
    """One line naming a decision in the picker (plain text), with its status when closed."""
    text = " ".join(widgets.localized(row, "text").split())
    short = text if len(text) <= 90 else text[:89] + "…"
    due = formats.day(context.current().lang, row["due_on"] if pd.notna(row["due_on"]) else None)
    closed = "" if row["status"] == "open" else f" ({label('decision_status', row['status'])})"
    return f"{short} — {content.institution(row, 'owner')} — {due}{closed}"
