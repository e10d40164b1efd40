"""Approvals: values waiting for this validator, decided in one step; values returned, why."""

import streamlit as st

from i18n import formats
from ui import account, approval_form, context, frame, queue_data
from ui.context import t

WAITING_PAGE = "approvals.waiting.page"
RETURNED_PAGE = "approvals.returned.page"
WAITING_COLUMNS = ("indicator", "title", "period", "territory", "amount", "deadline")
RETURNED_COLUMNS = ("indicator", "period", "territory", "amount", "reason", "reviewed_by")

frame.ensure()

run = context.current()
lang = run.lang
st.title(t("approvals.title"), anchor=False)
if not run.actor.can_validate:
    account.refuse()
st.caption(t("approvals.intro"))

waiting = queue_data.waiting(queue_data.TO_VALIDATE, queue_data.page_number(WAITING_PAGE))
st.subheader(t("approvals.waiting_title", count=formats.number(lang, waiting.count)), anchor=False)
if waiting.count == 0:
    st.info(t("approvals.waiting_empty"))
else:
    queue_data.table(waiting.rows, WAITING_COLUMNS, key="approvals.waiting")
    queue_data.pager(WAITING_PAGE, waiting)
# Drawn even when the queue has just emptied, so a decision sent meanwhile is refused in words.
approval_form.render(waiting.rows, key=f"approvals.decide.{waiting.page}")

returned = queue_data.in_regions((queue_data.RETURNED,), queue_data.page_number(RETURNED_PAGE))
st.subheader(
    t("approvals.returned_title", count=formats.number(lang, returned.count)), anchor=False
)
if returned.count == 0:
    st.info(t("approvals.returned_empty"))
else:
    st.caption(t("approvals.returned_intro"))
    queue_data.table(returned.rows, RETURNED_COLUMNS, key="approvals.returned")
    queue_data.pager(RETURNED_PAGE, returned)
