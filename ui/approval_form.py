"""Validating or returning several values in one step, against the versions seen when filled."""

import pandas as pd
import streamlit as st

from models.codes import LANGUAGES
from models.limits import REASON_MAX
from models.result_codes import ValueAction
from services.db import engine
from services.value_writes import take_step
from ui import context, widgets
from ui.context import t
from ui.forms import Form, max_chars_help
from ui.submit_form import RECORD, chosen, count_params, picker, shown_values

# Each decision's label, and the confirmation of a step that took it.
DECISIONS = {
    ValueAction.VALIDATED.value: "approvals.decision_validated",
    ValueAction.RETURNED.value: "approvals.decision_returned",
}
DONE = {
    ValueAction.VALIDATED.value: "approvals.done_validated",
    ValueAction.RETURNED.value: "approvals.done_returned",
}


def render(values: pd.DataFrame, key: str) -> None:
    """Validate or return some of `values` (a page of the queue), all or none, with a reason."""
    form = Form(key, record=RECORD)
    if not form.visible(not values.empty):
        return
    form.prepare(
        shown_values(values),
        {
            "values": [],
            "decision": ValueAction.VALIDATED.value,
            "reason": "",
            "language": context.current().lang,
        },
        kept_on_reload=("reason", "language"),
    )
    decisions = {code: t(msgid) for code, msgid in DECISIONS.items()}
    languages = {code: widgets.language_name(code) for code in LANGUAGES}
    widgets.keep(form.widget("decision"), form.widget("language"))
    with form.frame():
        picker(form, t("approvals.values"))
        st.radio(
            t("approvals.decision"),
            list(DECISIONS),
            format_func=widgets.names_of(decisions),
            horizontal=True,
            key=form.widget("decision"),
        )
        form.slot("decision")
        text, language = st.columns([4, 1])
        text.text_area(
            t("approvals.reason"),
            help=f"{t('approvals.reason_help')} {max_chars_help(REASON_MAX)}",
            key=form.widget("reason"),
        )
        form.slot("reason", text)
        language.selectbox(
            t("approvals.reason_language"),
            LANGUAGES,
            format_func=widgets.names_of(languages),
            help=t("form.written_in_help"),
            key=form.widget("language"),
        )
        form.slot("language", language)
        submitted = form.submit(t("approvals.submit"), type="primary")
    if submitted:
        steps, action = chosen(form), ValueAction(form.value("decision"))
        typed = {"reason": form.value("reason"), "language": form.value("language")}
        form.save(
            lambda actor, _shown: take_step(
                engine(), actor=actor, action=action, values=steps, **typed
            ),
            lambda versions: (DONE[action.value], count_params(versions)),
        )
    form.conflict(t("forms.reload"))
