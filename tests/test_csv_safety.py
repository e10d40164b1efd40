"""CSV exports: formulas defused, numbers and Arabic untouched, readable by the csv module."""

import csv
import io

import pandas as pd
import pytest

from services.csv_safety import neutralise, to_csv_bytes

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def read_back(data: bytes) -> list[list[str]]:
    """Rows of CSV bytes as the csv module reads them, after checking the BOM."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_text_gets_an_apostrophe(formula):
    assert neutralise(formula) == "'" + formula


@pytest.mark.parametrize(
    "value",
    ["", "Agadir", "أكادير", " =1+1", "'=1+1", "10%", "SM-01", "a=b", 0, -5, -2.5, None, True],
)
def test_other_values_are_unchanged(value):
    assert neutralise(value) is value


def test_export_defuses_cells_and_headers_and_keeps_the_rest():
    frame = pd.DataFrame(
        {
            "code": ["SM-01", "SM-02", "SM-03"],
            "=cmd": ["a", "b", "c"],
            "note": ['=HYPERLINK("http://x","y")', "@SUM(A1)", "تم عقد ورشة في أكادير"],
            "balance": [-1500, 0, 250],
            "ratio": [-0.5, 1.25, float("nan")],
            "mixed": ["+33 6 12", -7, None],
        }
    )
    rows = read_back(to_csv_bytes(frame))
    assert rows == [
        ["code", "'=cmd", "note", "balance", "ratio", "mixed"],
        ["SM-01", "a", '\'=HYPERLINK("http://x","y")', "-1500", "-0.5", "'+33 6 12"],
        ["SM-02", "b", "'@SUM(A1)", "0", "1.25", "-7"],
        ["SM-03", "c", "تم عقد ورشة في أكادير", "250", "", ""],
    ]
    assert frame.loc[0, "note"].startswith("=")  # the caller's frame is left as it was


@pytest.mark.parametrize("dtype", [object, "string", "category"])
def test_every_text_dtype_is_defused(dtype):
    frame = pd.DataFrame({"t": pd.Series(["=1+1", "-x", "ok"], dtype=dtype)})
    assert read_back(to_csv_bytes(frame))[1:] == [["'=1+1"], ["'-x"], ["ok"]]


def test_round_trip_keeps_text_with_quotes_commas_newlines_and_bidi():
    texts = ['il a dit "oui", puis\nnon', "سطر\r\nآخر", "\u202eevil\u202c, \u2067SM-01\u2069"]
    frame = pd.DataFrame({"text": texts, "n": [1, -2, 3]})
    rows = read_back(to_csv_bytes(frame))
    assert rows[1:] == [[t, n] for t, n in zip(texts, ["1", "-2", "3"], strict=True)]
