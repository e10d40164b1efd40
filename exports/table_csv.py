"""The one CSV writer: every cell quoted, formulas defused in every fragment, UTF-8 with BOM.

Text is neutralised, numbers are not: a column of numbers (or a number in a mixed column) is
written as the number it is, negative ones included, so spreadsheets can still add them up.
Only text can carry a formula.
"""

import csv
import io
import re

import pandas as pd

COMMA = "comma"
SEMICOLON = "semicolon"
# The two variants offered: a comma file for most spreadsheets, a `;` one (decimal comma) for
# French-locale ones, which open a comma file as a single column.
SEPARATORS = {COMMA: (",", "."), SEMICOLON: (";", ",")}
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets
# (OWASP "CSV injection"); tab and carriage return hide such a prefix from the eye.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
APOSTROPHE = "'"
# A fragment starts where the cell starts, or after a `;`, a `,` or a line break: a spreadsheet
# that splits on the other separator than the file's, or reads line by line, sees a cell there.
# Spaces and quotes before the prefix are skipped, as an import that trims them would.
_FORMULA_FRAGMENT = re.compile(r"(^|[;,\n\r])(?=[\s\"]*[=+\-@\t\r])")


def neutralise(value):
    """Text with an apostrophe before each fragment a spreadsheet would run; other values as is."""
    if not isinstance(value, str):
        return value
    return _FORMULA_FRAGMENT.sub(r"\1" + APOSTROPHE, value)


def _is_text(column: pd.Series) -> bool:
    # Numbers, booleans and dates are written by pandas as such; only text can carry a formula.
    dtype = column.dtype
    return not (
        pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
    )


def table_csv(df: pd.DataFrame, variant: str = COMMA) -> bytes:
    """`df` as CSV bytes (no index) in a variant of SEPARATORS, every text cell neutralised."""
    separator, decimal = SEPARATORS[variant]
    safe = df.copy()
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if _is_text(column):
            safe.isetitem(position, column.astype(object).map(neutralise))
    safe.columns = [neutralise(str(name)) for name in safe.columns]
    buffer = io.StringIO()
    safe.to_csv(
        buffer,
        index=False,
        sep=separator,
        decimal=decimal,
        quoting=csv.QUOTE_ALL,
        lineterminator="\r\n",
    )
    return buffer.getvalue().encode("utf-8-sig")
