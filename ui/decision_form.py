"""Following a committee decision up (mark it done or dropped) and correcting what was recorded.

The decision is picked outside the form; the form then holds that decision and the version
seen when it was picked. If someone else closes it meanwhile, it stays picked (shown with its
new status) and the save is refused, instead of the picker falling back to another decision.
"""

import pandas as pd
import streamlit as st

from i18n import catalog, formats
from services.committee_writes import set_decision_status
from services.corrections import correct_decision
from services.db import engine
from ui import content, context, data, widgets
from ui.context import label, t
from ui.forms import Form, Shown, date_range
from ui.meeting_form import NO_OWNER

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


def correct(committee: dict, decisions: pd.DataFrame) -> None:
    """Pick a decision, then correct its text, owner or due date, saying why."""
    committee_id = int(committee["id"])
    picker = f"committees.{committee_id}.correct_decision.decision"
    texts = {int(r["id"]): _decision_choice(r) for r in decisions.to_dict("records")}
    st.selectbox(
        t("committees.field.decision"), list(texts), format_func=widgets.names_of(texts), key=picker
    )
    decision = decisions[decisions["id"] == st.session_state[picker]].iloc[0].to_dict()
    form = Form(f"committees.correct_decision.{int(decision['id'])}")
    if not form.visible(context.current().actor.can_edit_region(committee["region_code"])):
        return
    lang = context.current().lang
    text_lang = lang if _has_text(decision, lang) else _written_in(decision, lang)
    registry = data.institution_registry()
    owners = {NO_OWNER: t("institution.none")} | dict(
        zip(registry["id"].astype(int), content.institution_names(registry), strict=True)
    )
    owner = decision["owner_institution_id"]
    form.prepare(
        Shown(int(decision["id"]), int(decision["version"])),
        {
            "text": decision[f"text_{text_lang}"] if _has_text(decision, text_lang) else "",
            "owner_institution_id": int(owner) if pd.notna(owner) else NO_OWNER,
            "due_on": decision["due_on"] if pd.notna(decision["due_on"]) else None,
            "reason": "",
        },
        kept_on_reload=("reason",),
    )
    widgets.keep(form.widget("owner_institution_id"))
    with form.frame():
        st.text_area(
            t("correction.decision_text", language=widgets.language_name(text_lang)),
            key=form.widget("text"),
        )
        form.slot("text")
        who, due = st.columns([3, 1])
        who.selectbox(
            t("correction.owner"),
            list(owners),
            format_func=widgets.names_of(owners),
            key=form.widget("owner_institution_id"),
        )
        form.slot("owner_institution_id", who)
        due.date_input(t("correction.due_on"), key=form.widget("due_on"), **date_range())
        form.slot("due_on", due)
        st.text_area(t("plan.reason"), key=form.widget("reason"))
        form.slot("reason")
        submitted = form.submit(t("correction.submit"))
    if submitted:
        owner_id = form.value("owner_institution_id")
        typed = {name: form.value(name) for name in ("text", "due_on", "reason")}
        form.save(
            lambda actor, shown: correct_decision(
                engine(),
                actor=actor,
                decision_id=shown.id,
                expected_version=shown.version,
                language=text_lang,
                owner_institution_id=None if owner_id == NO_OWNER else owner_id,
                today=context.current().today,
                **typed,
            ),
            lambda _version: ("correction.decision_saved", {}),
        )
    form.conflict(t("committees.reload_decision"))


def _written_in(decision: dict, default: str) -> str:
    """The language a decision's text is written in (the first that has it)."""
    return next((code for code in catalog.LANGUAGES if _has_text(decision, code)), default)


def _has_text(decision: dict, lang: str) -> bool:
    """Whether a decision has its text in a language (a missing text reads as NaN or None)."""
    text = decision.get(f"text_{lang}")
    return isinstance(text, str) and bool(text.strip())
