"""Withdrawing a measure entered by mistake, and an administrator's restoring it."""

import streamlit as st

from i18n import formats
from models import limits
from services.db import engine
from services.withdrawals import restore_measure, withdraw_measure
from ui import context, widgets
from ui.context import t
from ui.forms import Form, Shown, max_chars_help
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
    if not actor.can_edit_region(measure["region_code"]) or (
        withdrawn and not actor.can_manage_users
    ):
        return
    key = f"withdrawal.{int(measure['id'])}"
    title, submit, done = (
        ("withdrawal.restore_title", "withdrawal.restore_submit", "withdrawal.restored")
        if withdrawn
        else ("withdrawal.title", "withdrawal.submit", "withdrawal.done")
    )
    with widgets.form_section(t(title), icon=":material/block:", form_key=key):
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
