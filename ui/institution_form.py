"""Adding an unknown institution to the registry from the form that needs it."""

import streamlit as st

from models import limits
from models.codes import LANGUAGES, InstitutionKind
from services.db import engine
from services.institutions import InstitutionDraft, add_institution
from ui import context, widgets
from ui.context import t
from ui.forms import Form, Shown, max_chars_help

FIELDS = ("name", "language", "acronym", "kind")


def form_key(owner_key: str) -> str:
    """The key of the institution form drawn under `owner_key`."""
    return f"{owner_key}.institution"


def add_in_place(owner_key: str) -> None:
    """A small form adding an institution; once added, every institution list offers it."""
    form = Form(form_key(owner_key))
    form.prepare(
        Shown(None),
        {
            "name": "",
            "language": context.current().lang,
            "acronym": "",
            "kind": InstitutionKind.OTHER.value,
        },
    )
    widgets.keep(form.widget("language"), form.widget("kind"))
    st.caption(t("institution.add_help"))
    with form.frame():
        name, language, acronym, kind = st.columns([4, 1.5, 1.5, 3])
        name.text_input(
            t("institution.field.name"),
            help=max_chars_help(limits.INSTITUTION_NAME_MAX),
            key=form.widget("name"),
        )
        language.selectbox(
            t("form.written_in"),
            LANGUAGES,
            format_func=widgets.labels_of("language_name"),
            key=form.widget("language"),
        )
        acronym.text_input(t("institution.field.acronym"), key=form.widget("acronym"))
        kind.selectbox(
            t("institution.field.kind"),
            [k.value for k in InstitutionKind],
            format_func=widgets.labels_of("institution_kind"),
            key=form.widget("kind"),
        )
        for column, field in zip((name, language, acronym, kind), FIELDS, strict=True):
            form.slot(f"institution.{field}", column)
        submitted = form.submit(t("institution.add_submit"))
    if submitted:
        typed = form.value("name")
        draft = InstitutionDraft(**{f: form.value(f) for f in FIELDS})
        form.save(
            lambda actor, _shown: add_institution(engine(), actor=actor, draft=draft),
            lambda _id: ("institution.added", {"name": typed}),
        )
