"""CSV exports that spreadsheets open safely: formulas defused, Arabic intact (UTF-8 with BOM)."""

import csv
import io

import pandas as pd

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets
# (OWASP "CSV injection"); tab and carriage return hide such a prefix from the eye.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """`value` with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _is_text(column: pd.Series) -> bool:
    # Numbers, booleans and dates are written by pandas as such; only text can carry a formula.
    dtype = column.dtype
    return not (
        pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
    )


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """`df` as CSV bytes (UTF-8 with BOM, no index) with every text cell and header neutralised."""
    safe = df.copy()
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if _is_text(column):
            safe.isetitem(position, column.astype(object).map(neutralise))
    safe.columns = [neutralise(str(name)) for name in safe.columns]
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")
