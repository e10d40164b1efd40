"""Withdrawing a measure or a decision entered by mistake, and an administrator's restoring it."""

import pandas as pd
import streamlit as st

from i18n import formats
from models import limits
from services.db import engine
from services.withdrawals import (
    restore_decision,
    restore_measure,
    withdraw_decision,
    withdraw_measure,
)
from ui import context, widgets
from ui.context import t
from ui.forms import Form, Shown, kept_choice, max_chars_help, section, shown_to
from ui.measure_tables import author


def notice(measure: dict) -> None:
    """On a withdrawn measure's page: when, by whom and why it was withdrawn."""
    if measure["withdrawn_at"] is None:
        return
    st.warning(
        t(
            "withdrawal.notice",
            day=formats.day(context.current().lang, measure["withdrawn_at"].date()),
            by=author(measure["withdrawn_by"]),
            reason=measure["withdrawn_reason"],
        ),
        icon=":material/block:",
    )


def render(measure: dict) -> None:
    """Withdraw (an editor of its region) or restore (an administrator) the measure."""
    actor = context.current().actor
    withdrawn = measure["withdrawn_at"] is not None
    key = f"withdrawal.{int(measure['id'])}"
    allowed = actor.can_edit_region(measure["region_code"])
    if not shown_to(allowed and (actor.can_manage_users or not withdrawn), key):
        return
    title, submit, done = (
        ("withdrawal.restore_title", "withdrawal.restore_submit", "withdrawal.restored")
        if withdrawn
        else ("withdrawal.title", "withdrawal.submit", "withdrawal.done")
    )
    with section(t(title), icon=":material/block:", form_key=key):
        form = Form(key, record=f"measure.{int(measure['id'])}")
        form.prepare(Shown(int(measure["id"]), int(measure["version"])), {"reason": ""})
        st.caption(t("withdrawal.help"))
        with form.frame():
            st.text_area(
                t("plan.reason"), help=max_chars_help(limits.REASON_MAX), key=form.widget("reason")
            )
            form.slot("reason")
            submitted = form.submit(t(submit))
        if submitted:
            write = restore_measure if withdrawn else withdraw_measure
            reason = form.value("reason")
            form.save(
                lambda actor, shown: write(
                    engine(),
                    actor=actor,
                    measure_id=shown.id,
                    expected_version=shown.version,
                    reason=reason,
                ),
                lambda _version: (done, {"code": measure["code"]}),
            )
        form.conflict(t("measure.form.reload"))


def decision(committee: dict, decisions: pd.DataFrame, withdrawn: pd.DataFrame) -> None:
    """Withdraw a decision of the committee (its editors) or restore one (administrators)."""
    actor = context.current().actor
    committee_id = int(committee["id"])
    picks = (
        f"withdrawal.decision.{kind}.{st.session_state.get(_picker(committee_id, kind))}"
        for kind in ("withdraw", "restore")
    )
    if not shown_to(actor.can_edit_region(committee["region_code"]), *picks):
        return
    _decision_form(committee_id, decisions, restore=False)
    if actor.can_manage_users:
        _decision_form(committee_id, withdrawn, restore=True)


def _picker(committee_id: int, kind: str) -> str:
    return f"committees.{committee_id}.{kind}_decision.decision"


def _decision_form(committee_id: int, rows: pd.DataFrame, *, restore: bool) -> None:
    lang = context.current().lang
    kind = "restore" if restore else "withdraw"
    picker = _picker(committee_id, kind)
    choices = {
        int(r["id"]): f"{formats.day(lang, r['held_on'])} · {widgets.localized(r, 'text')}"
        for r in rows.to_dict("records")
    }
    choices = kept_choice(picker, choices, lambda pick: f"withdrawal.decision.{kind}.{pick}")
    if not choices:
        return
    picked = st.session_state.get(picker)
    key = f"withdrawal.decision.{kind}.{picked}"
    title = "withdrawal.decision_restore_title" if restore else "withdrawal.decision_title"
    with section(t(title), icon=":material/block:", form_key=key, key=f"{picker}.section"):
        widgets.keep(picker)
        decision_id = st.selectbox(
            t("withdrawal.decision"), list(choices), format_func=choices.get, key=picker
        )
        found = rows[rows["id"] == decision_id]
        row = found.iloc[0] if not found.empty else None
        form = Form(f"withdrawal.decision.{kind}.{decision_id}", record=f"decision.{decision_id}")
        # A decision gone from the list keeps the version its form was filled with.
        version = None if row is None else int(row["version"])
        form.prepare(Shown(decision_id, version), {"reason": ""})
        if restore and row is not None:
            st.caption(
                t(
                    "withdrawal.decision_notice",
                    day=formats.day(lang, row["withdrawn_at"].date()),
                    by=author(row["withdrawn_by"]),
                    reason=row["withdrawn_reason"],
                )
            )
        with form.frame():
            st.text_area(
                t("plan.reason"), help=max_chars_help(limits.REASON_MAX), key=form.widget("reason")
            )
            form.slot("reason")
            submit = "withdrawal.decision_submit"
            if restore:
                submit = "withdrawal.decision_restore_submit"
            submitted = form.submit(t(submit))
        if submitted:
            write = restore_decision if restore else withdraw_decision
            reason = form.value("reason")
            form.save(
                lambda actor, shown: write(
                    engine(),
                    actor=actor,
                    decision_id=shown.id,
                    expected_version=shown.version,
                    reason=reason,
                ),
                lambda _version: (
                    "withdrawal.decision_restored" if restore else "withdrawal.decision_done",
                    {},
                ),
            )
        form.conflict(t("forms.reload"))
