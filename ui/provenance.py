"""Badges saying where a group of a record's fields comes from, where it differs from the record."""

import streamlit as st

from i18n import formats
from models.codes import Provenance
from services.provenance import FieldSource
from ui.context import current, label, t

# The measure page's field groups, each drawn together and badged once.
MEASURE_GROUPS = {
    "identity": ("title", "description"),
    "status": ("status", "progress"),
    "where": ("programme",),
    "what": ("lead_institution", "partners", "pdr_reference", "tags"),
    "when": ("planned", "actual", "budget"),
}


def group_badges(provenance: dict[str, FieldSource], group: str, record_provenance: str) -> None:
    """One badge per distinct source of a measure page group's fields (MEASURE_GROUPS)."""
    field_badges(provenance, MEASURE_GROUPS[group], record_provenance)


def field_badges(
    provenance: dict[str, FieldSource], fields: tuple[str, ...], record_provenance: str
) -> None:
    """One badge per distinct source of these fields, unless all are the record's own."""
    found = list(dict.fromkeys(provenance[field] for field in fields))
    if found == [FieldSource(record_provenance)]:
        return
    for source in found:
        text, color = _badge(source)
        st.badge(text, color=color)


def _badge(source: FieldSource) -> tuple[str, str]:
    lang = current().lang
    if source.provenance == Provenance.RECORDED:
        when = formats.datetime_short(lang, source.recorded_at)
        return t("provenance.group_recorded", who=source.recorded_by, when=when), "blue"
    if source.provenance == Provenance.ILLUSTRATIVE:
        return t("provenance.group_illustrative"), "orange"
    title = getattr(source, f"source_{lang}") or source.source_fr
    return t("common.provenance", source=title or label("provenance", source.provenance)), "gray"
