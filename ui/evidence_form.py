"""Evidence files of a record: pick the record, see its files, attach one (editors of it)."""

import html

import pandas as pd
import streamlit as st

from exports.download_urls import evidence_url
from i18n import formats
from i18n.direction import direction
from models.limits import EVIDENCE_MAX_BYTES
from services.db import engine
from services.evidence import attach_evidence, content_type, stored_file_name
from ui import context, data, widgets
from ui.context import label, t
from ui.forms import Form, Shown, kept_choice, shown_to
from ui.measure_tables import author

TEXT_SHOWN = 60  # characters of a decision's text in the record picker


def committee_records(meetings: pd.DataFrame, decisions: pd.DataFrame) -> dict:
    """A committee's meetings and decisions as picker choices: (entity, id) → (words, version)."""
    lang = context.current().lang
    found = {
        ("meeting", int(r["id"])): (
            t("evidence.meeting_of", day=formats.day(lang, r["held_on"])),
            int(r["version"]),
        )
        for r in meetings.to_dict("records")
    }
    for r in decisions.to_dict("records"):
        text = widgets.localized(r, "text", mark=False)
        short = text if len(text) <= TEXT_SHOWN else text[:TEXT_SHOWN] + "…"
        words = t("evidence.decision_of", day=formats.day(lang, r["held_on"]), text=short)
        found[("decision", int(r["id"]))] = (words, int(r["version"]))
    return found


def update_records(history: pd.DataFrame) -> dict:
    """A measure's updates as picker choices: (entity, id) → (when and new status, None)."""
    lang = context.current().lang
    return {
        ("measureupdate", int(r["id"])): (
            t(
                "evidence.update_of",
                when=formats.datetime_short(lang, r["changed_at"]),
                status=label("status", r["new_status"]),
            ),
            None,
        )
        for r in history.to_dict("records")
    }


def section(records: dict, may_attach: bool, key: str) -> None:
    """The files of the picked record, and the form attaching one when the reader may."""
    picker = f"{key}.record"
    widgets.keep(picker)
    names = {pick: words for pick, (words, _version) in records.items()}
    names = kept_choice(picker, names, lambda pick: f"evidence.{pick[0]}.{pick[1]}")
    if st.session_state.get(picker) not in names:
        st.session_state.pop(picker, None)
    picked = st.selectbox(t("evidence.record"), list(names), format_func=names.get, key=picker)
    entity, record_id = picked
    # A record gone from the list meanwhile keeps the version its form was filled with.
    version = records.get(picked, (None, None))[1]
    _files(data.evidence_files(entity, [record_id]))
    if shown_to(may_attach, f"evidence.{entity}.{record_id}"):
        _attach(entity, record_id, version)


def _files(files: pd.DataFrame) -> None:
    run = context.current()
    if files.empty:
        st.caption(t("evidence.none"))
        return
    if not run.actor.is_signed_in:
        # Minutes carry personal data: the public view says they exist, without names or links.
        count = len(files)
        st.caption(
            t("evidence.sign_in_to_open", plural=count, count=formats.number(run.lang, count))
        )
        return
    items = "".join(
        "<li>"
        + t(
            "evidence.file_line",
            name=f'<a href="{html.escape(evidence_url(r["id"], run.lang))}">'
            f"{html.escape(r['file_name'])}</a>",
            size=html.escape(formats.file_size(run.lang, r["size_bytes"])),
            by=html.escape(author(r["uploaded_by"])),
            day=html.escape(formats.day(run.lang, r["uploaded_at"].date())),
        )
        + "</li>"
        for r in files.to_dict("records")
    )
    st.html(f'<ul class="marsad-evidence" dir="{direction(run.lang)}">{items}</ul>')


def _stored_name(name: str, content: bytes) -> str:
    kind = content_type(content)
    return name if kind is None else stored_file_name(name, kind)


def _attach(entity: str, record_id: int, version: int | None) -> None:
    form = Form(f"evidence.{entity}.{record_id}", record=f"{entity}.{record_id}")
    form.prepare(Shown(record_id, version), {})
    limit = formats.file_size(context.current().lang, EVIDENCE_MAX_BYTES)
    with form.frame():
        chosen = st.file_uploader(
            t("evidence.file"),
            help=t("evidence.file_help", max=limit),
            key=f"{form.widget('file')}.{form.saves()}",
        )
        form.slot("file")
        submitted = form.submit(t("evidence.attach_submit"))
    if submitted:
        name, content = (chosen.name, chosen.getvalue()) if chosen else ("", b"")
        form.save(
            lambda actor, shown: attach_evidence(
                engine(),
                actor=actor,
                entity=entity,
                entity_id=shown.id,
                expected_version=shown.version,
                file_name=name,
                content=content,
            ),
            lambda _id: ("evidence.attached", {"name": _stored_name(name, content)}),
        )
    form.conflict(t("forms.reload"))
