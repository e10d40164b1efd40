"""Texts people wrote, and institutions, shown in the reader's language with their marks."""

import pandas as pd
import streamlit as st

from ui.widgets import localized, title_and_mark


def content(row, field_name: str) -> None:
    """A text a person wrote, in the reader's language or with the mark of the one shown."""
    text, note = title_and_mark(row, field_name)
    st.text(text)
    if note:
        st.caption(note)


def institution(row, prefix: str) -> str:
    """An institution's name (columns `<prefix>_fr`...) and acronym, in the reader's language."""
    name = localized(row, prefix)
    acronym = row.get(f"{prefix}_acronym")
    # A name that already says its acronym, in this language's form or another, shows no other.
    if name == "—" or not isinstance(acronym, str) or not acronym or "(" in name:
        return name
    return f"{name} ({acronym})"


def institution_names(frame: pd.DataFrame) -> list[str]:
    """Each institution of a registry frame (name_fr, name_ar, name_en, acronym), as shown."""
    renamed = frame.rename(columns=lambda c: c.replace("name_", "institution_")).rename(
        columns={"acronym": "institution_acronym"}
    )
    return [institution(row, "institution") for _, row in renamed.iterrows()]


def institutions(frame: pd.DataFrame) -> str:
    """The institutions of a registry frame, one a line."""
    return "\n".join(institution_names(frame))
