"""The measure list as CSV: code lists as labels, headers in the reader's language."""

from datetime import date

import pandas as pd

from exports.table_csv import COMMA, table_csv
from i18n import catalog
from i18n.columns import MEASURE_HEADERS
from i18n.provenance_marks import illustrative_marks

LABELLED_COLUMNS = ("level", "status", "health", "provenance")
PLACES = ("province", "commune")


def _header(lang: str, column: str) -> str:
    base, _, suffix = column.rpartition("_")
    if suffix in catalog.LANGUAGES and base in MEASURE_HEADERS:
        return f"{catalog.translate(lang, MEASURE_HEADERS[base])} ({suffix})"
    return catalog.translate(lang, MEASURE_HEADERS[column])


def _in_english(french: pd.Series, lang: str) -> list[str]:
    """HCP names provinces and communes in French and Arabic only: English shows the French
    name, marked as such (in the reader's language)."""
    mark = catalog.label(lang, "language_name", "fr")
    return [f"{name} [{mark}]" if isinstance(name, str) and name else "" for name in french]


def measures_csv(frame: pd.DataFrame, lang: str, variant: str = COMMA) -> bytes:
    """The export frame as CSV: code lists as labels, headers in `lang`, formulas defused."""
    shown = frame.copy()
    shown["illustrative"] = illustrative_marks(lang, shown)
    for place in PLACES:
        if f"{place}_fr" in shown and f"{place}_en" not in shown:
            shown[f"{place}_en"] = _in_english(shown[f"{place}_fr"], lang)
    for column in LABELLED_COLUMNS:
        if column in shown:
            shown[column] = [catalog.label(lang, column, v) for v in shown[column]]
    order = [c for h in MEASURE_HEADERS for c in (h, f"{h}_fr", f"{h}_ar", f"{h}_en") if c in shown]
    headers = {c: _header(lang, c) for c in order}
    return table_csv(shown[list(headers)].rename(columns=headers), variant)


def file_name(region: str | None, today: date) -> str:
    """The download's file name: marsad-measures-<region or all>-<date>.csv."""
    return f"marsad-measures-{region or 'all'}-{today.isoformat()}.csv"
