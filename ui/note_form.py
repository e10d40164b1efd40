"""Correcting the note of a measure's update, and the history of such corrections."""

import pandas as pd
import streamlit as st

from i18n import catalog, formats
from models import limits
from services.corrections import correct_update_note
from services.db import engine
from ui import context, data, widgets
from ui.context import label, t
from ui.forms import Form, Shown, max_chars_help, section, shown_to
from ui.measure_tables import author


def _language(update: dict) -> str:
    """The note to correct: the reader's language, else the one it is written in."""
    lang = context.current().lang
    if update.get(f"note_{lang}"):
        return lang
    return next((code for code in catalog.LANGUAGES if update.get(f"note_{code}")), lang)


def correct(measure: dict, history: pd.DataFrame) -> None:
    """Pick an update of the measure, then correct its note, saying why."""
    measure_id = int(measure["id"])
    picker = f"note.{measure_id}.update"
    picked = st.session_state.get(picker)
    allowed = context.current().actor.can_edit_region(measure["region_code"])
    if history.empty or measure["withdrawn_at"] is not None:
        return
    if not shown_to(allowed, f"note.{picked}"):
        return
    lang = context.current().lang
    choices = {
        int(r["id"]): t(
            "evidence.update_of",
            when=formats.datetime_short(lang, r["changed_at"]),
            status=label("status", r["new_status"]),
        )
        for r in history.to_dict("records")
    }
    with section(
        t("note.title"), icon=widgets.ICON_EDIT, form_key=f"note.{picked}", key=f"{picker}.open"
    ):
        widgets.keep(picker)
        update_id = st.selectbox(
            t("note.update"), list(choices), format_func=widgets.names_of(choices), key=picker
        )
        update = history[history["id"] == update_id].iloc[0].to_dict()
        note_lang = _language(update)
        seen = update[f"note_{note_lang}"] or ""
        form = Form(f"note.{update_id}")
        form.prepare(Shown(update_id, None, {"note": seen}), {"note": seen, "reason": ""})
        with form.frame():
            st.text_area(
                t("note.field", language=widgets.language_name(note_lang)),
                help=max_chars_help(limits.NOTE_MAX),
                key=form.widget("note"),
            )
            form.slot("note")
            st.text_area(
                t("plan.reason"), help=max_chars_help(limits.REASON_MAX), key=form.widget("reason")
            )
            form.slot("reason")
            submitted = form.submit(t("note.submit"))
        if submitted:
            note, reason = form.value("note"), form.value("reason")
            form.save(
                lambda actor, shown: correct_update_note(
                    engine(),
                    actor=actor,
                    update_id=shown.id,
                    seen_note=shown.values["note"],
                    note=note,
                    language=note_lang,
                    reason=reason,
                ),
                lambda _none: ("note.saved", {}),
            )
        form.conflict(t("forms.reload"))


def history(measure_id: int) -> None:
    """Every correction of the measure's update notes: before, after, who, when and why."""
    found = data.note_corrections(measure_id)
    if found.empty:
        return
    lang = context.current().lang
    rows = found.to_dict("records")
    st.caption(t("note.history_title"))
    shown = pd.DataFrame(
        {
            t("note.update"): [formats.datetime_short(lang, r["changed_at"]) for r in rows],
            t("column.updated_at"): [formats.datetime_short(lang, r["at"]) for r in rows],
            t("plan.who"): [author(r["actor"]) for r in rows],
            t("plan.before"): [r["old_value"] or "—" for r in rows],
            t("plan.after"): [r["new_value"] or "—" for r in rows],
            t("plan.reason"): [r["reason"] for r in rows],
        }
    )
    widgets.dataframe(shown, {}, key="note.corrections")
