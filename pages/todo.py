"""To do: values returned or to submit or validate, overdue decisions, next council sessions."""

import streamlit as st

from i18n import formats
from ui import account, context, frame, navigation, queue_data, submit_form, widgets
from ui.context import REGION_PARAM, t

RETURNED_PAGE = "todo.returned.page"
DRAFTS_PAGE = "todo.drafts.page"
DRAFT_COLUMNS = ("indicator", "title", "period", "territory", "amount", "deadline")
RETURNED_SHOWN = 5  # each returned value is a card with its reason: a few at a time
DRAFTS_SHOWN = 10  # the drafts' table and the submit form's choices

frame.ensure()

run = context.current()
actor, lang = run.actor, run.lang
st.title(t("todo.title"), anchor=False)
if not actor.is_signed_in:
    account.refuse()
if not (actor.can_report or actor.can_validate):
    st.info(t("todo.nothing_for_you"), icon=":material/check_circle:")
    st.stop()


def counted(msgid: str, count: int) -> None:
    """A section's heading with how many things it holds."""
    st.subheader(t(msgid, count=formats.number(lang, count)), anchor=False)


if actor.can_report:
    returned = queue_data.waiting(
        queue_data.RETURNED, queue_data.page_number(RETURNED_PAGE), RETURNED_SHOWN
    )
    counted("todo.returned_title", returned.count)
    if returned.count == 0:
        st.info(t("todo.returned_empty"))
    for row in returned.rows.to_dict("records"):
        with st.container(border=True):
            widgets.heading(queue_data.choice(row), level=4)
            st.text(widgets.localized(row, "title"))
            by = queue_data.reviewer(row)
            st.warning(t("todo.returned_by", by=by), icon=":material/undo:")
            st.text(queue_data.reason(row))
            st.page_link(
                navigation.INDICATOR_PAGE,
                label=t("todo.open_indicator"),
                icon=widgets.ICON_LINK,
                query_params={"id": str(int(row["indicator_id"]))} | run.query(),
            )
            prefill = {
                "indicator": str(int(row["indicator_id"])),
                "period": str(int(row["period_id"])),
                "territory": row["territory"],
            }
            st.page_link(
                navigation.REPORTING_PAGE,
                label=t("todo.correct"),
                icon=widgets.ICON_EDIT,
                query_params=prefill | run.query(),
            )
    queue_data.pager(RETURNED_PAGE, returned)

    drafts = queue_data.waiting(
        queue_data.TO_SUBMIT, queue_data.page_number(DRAFTS_PAGE), DRAFTS_SHOWN
    )
    counted("todo.drafts_title", drafts.count)
    if drafts.count == 0:
        st.info(t("todo.drafts_empty"))
    else:
        queue_data.table(drafts.rows, DRAFT_COLUMNS, key="todo.drafts")
        queue_data.pager(DRAFTS_PAGE, drafts)
    submit_form.render(drafts.rows, key=f"todo.submit.{drafts.page}")

if actor.can_validate:
    to_validate = queue_data.waiting(queue_data.TO_VALIDATE, 1)
    counted("todo.validate_title", to_validate.count)
    if to_validate.count == 0:
        st.info(t("todo.validate_empty"))
    else:
        st.page_link(
            navigation.APPROVALS_PAGE,
            label=t("todo.open_approvals"),
            icon=":material/fact_check:",
            query_params=run.query(),
        )

decisions, overdue, sessions = queue_data.calendar()
counted("todo.decisions_title", overdue)
if overdue == 0:
    st.info(t("todo.decisions_empty"))
else:
    if overdue > len(decisions):
        shown = formats.number(lang, len(decisions))
        st.caption(t("todo.decisions_first", shown=shown, count=formats.number(lang, overdue)))
    shown_rows, config = queue_data.decision_rows(decisions)
    widgets.dataframe(shown_rows, config, key="todo.decisions")
    names = widgets.region_name_map()
    for code in sorted(set(decisions["region_code"])):
        st.page_link(
            navigation.COMMITTEES_PAGE,
            label=t("todo.open_committees", region=names.get(code, code)),
            icon=":material/groups:",
            query_params=run.query() | {REGION_PARAM: code},
        )

st.subheader(t("todo.sessions_title"), anchor=False)
if sessions.empty:
    st.info(t("todo.sessions_empty"))
else:
    shown_rows, config = queue_data.session_rows(sessions)
    widgets.dataframe(shown_rows, config, key="todo.sessions")
    if (sessions["deadline"] < run.today).any():
        st.warning(t("todo.deadline_passed"))
