"""Links to the CSV downloads (web/downloads.py), which check the session on every request."""

import streamlit as st

from exports import download_urls
from exports.table_csv import COMMA, SEMICOLON
from services.audit import AuditFilter
from services.filters import MeasureFilter
from ui import context
from ui.context import t

# Each variant's label and the hint saying which spreadsheets it suits.
VARIANTS = {
    COMMA: ("download.csv_comma", "download.csv_comma_help"),
    SEMICOLON: ("download.csv_semicolon", "download.csv_semicolon_help"),
}
ICON = ":material/download:"


def download_links(kind: str, flt: MeasureFilter | AuditFilter, slots=None) -> None:
    """Links to a table's CSV (a key of download_urls.PATHS), comma and `;`, one per slot."""
    lang = context.current().lang
    for slot, (variant, (label, hint)) in zip(
        slots or st.columns(len(VARIANTS)), VARIANTS.items(), strict=True
    ):
        slot.link_button(
            t(label),
            download_urls.download_url(kind, flt, lang, variant),
            help=t(hint),
            icon=ICON,
            key=f"{kind}.{variant}_csv",
        )
