"""Every CSV the app writes: each cell quoted, formulas defused in every `;`/`,` fragment,
numbers kept as numbers, Arabic intact (UTF-8 with BOM), and a `;` variant that opens in columns."""

import csv
import io
import re

import pandas as pd
import pytest

from exports.audit_csv import CHANGES, SIGN_INS, audit_csv, change_rows, sign_in_rows
from exports.measures_csv import measures_csv
from exports.table_csv import COMMA, SEMICOLON, SEPARATORS, neutralise, table_csv
from i18n.catalog import translate
from models.people import SignInOutcome
from services.audit import AuditFilter, audit_trail
from services.auth import record_event
from services.db import read_session
from services.filters import MeasureFilter
from services.measure_writes import MeasureChange, update_measure
from services.measures import export_measures
from tests.helpers import ADMIN, TODAY, measure_where

VARIANTS = tuple(SEPARATORS)
FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
# Text whose formula hides behind a separator a spreadsheet may split on, or a line break.
HIDDEN = [
    "x;=1+1;",
    "x,=1+1,",
    "x; =1+1",
    "x,  @SUM(A1)",
    'x;"=1+1',
    "x;\t=1+1",
    "a;b,-2+3",
    "note\n=1+1",
    "note\r\n+1",
    " =1+1",
    "\u00a0=1+1",
    "=1;=2,=3",
]
HOSTILE = FORMULAS + HIDDEN
PLAIN_NUMBER = re.compile(r"-?\d+([.,]\d+)?")


def read_back(data: bytes, variant: str = COMMA) -> list[list[str]]:
    """Rows of CSV bytes as the csv module reads them with the variant's separator."""
    assert data.startswith(b"\xef\xbb\xbf")
    separator = SEPARATORS[variant][0]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=separator))


def runnable(field: str) -> bool:
    """Whether a spreadsheet that trims spaces and quotes would run this field as a formula."""
    bare = field.strip().strip('"').lstrip()
    return bare.startswith(("=", "+", "-", "@")) and not PLAIN_NUMBER.fullmatch(bare)


def runnable_fragments(data: bytes) -> list[str]:
    """Fields a careless reader finds: the file cut at every line break, `;` and `,` alike,
    quotes ignored (a French-locale spreadsheet opening a comma file, or the reverse)."""
    text = data.decode("utf-8-sig")
    return [f for f in re.split(r"[;,\r\n]", text) if runnable(f) or f.startswith(("\t", "\r"))]


def assert_safe(data: bytes) -> None:
    """No cell, read by the csv module with either separator or cut carelessly, is a formula."""
    for variant in VARIANTS:
        cells = [cell for row in read_back(data, variant) for cell in row]
        assert not [c for c in cells if runnable(c)], variant
    assert runnable_fragments(data) == []


# --- The neutraliser ----------------------------------------------------------------------


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_text_gets_an_apostrophe(formula):
    safe = neutralise(formula)
    assert safe.startswith("'") and safe.replace("'", "") == formula.replace("'", "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x;=1+1;", "x;'=1+1;"),
        ("x,=1+1,", "x,'=1+1,"),
        ("x; =1+1", "x;' =1+1"),
        ('x;"=1+1', "x;'\"=1+1"),
        ("note\n=1+1", "note\n'=1+1"),
        (" =1+1", "' =1+1"),
        ("=1;=2,=3", "'=1;'=2,'=3"),
    ],
)
def test_each_fragment_that_would_run_gets_an_apostrophe(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "Agadir", "أكادير", "'=1+1", "10%", "SM-01", "a=b", "a;b,c", "1 + 1", 0, -5, -2.5, None],
)
def test_other_values_are_unchanged(value):
    assert neutralise(value) == value


# --- The writer ---------------------------------------------------------------------------


def test_every_cell_is_quoted_and_arabic_survives_with_a_bom():
    frame = pd.DataFrame({"code": ["SM-01"], "lieu": ["أكادير"], "n": [-3]})
    data = table_csv(frame)
    assert data == '\ufeff"code","lieu","n"\r\n"SM-01","أكادير","-3"\r\n'.encode()
    assert (
        table_csv(frame, SEMICOLON)
        == '\ufeff"code";"lieu";"n"\r\n"SM-01";"أكادير";"-3"\r\n'.encode()
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_hostile_text_is_defused_in_every_fragment(variant):
    frame = pd.DataFrame({"=head;=x": HOSTILE, "n": range(len(HOSTILE))})
    data = table_csv(frame, variant)
    assert_safe(data)
    rows = read_back(data, variant)
    assert rows[0] == ["'=head;'=x", "n"]
    # Only apostrophes were added: the text is all there.
    assert [row[0].replace("'", "") for row in rows[1:]] == [h.replace("'", "") for h in HOSTILE]


def test_numbers_stay_numbers_and_the_semicolon_variant_opens_in_columns():
    frame = pd.DataFrame(
        {
            "code": ["SM-01", "SM-02", "SM-03"],
            "note": ["a, b; c", "@SUM(A1)", "تم عقد ورشة في أكادير"],
            "balance": [-1500, 0, 250],
            "ratio": [-0.5, 1.25, float("nan")],
            "mixed": ["+33 6 12", -7, None],
        }
    )
    comma = read_back(table_csv(frame, COMMA), COMMA)
    semicolon = read_back(table_csv(frame, SEMICOLON), SEMICOLON)
    assert comma == [
        ["code", "note", "balance", "ratio", "mixed"],
        ["SM-01", "a, b; c", "-1500", "-0.5", "'+33 6 12"],
        ["SM-02", "'@SUM(A1)", "0", "1.25", "-7"],
        ["SM-03", "تم عقد ورشة في أكادير", "250", "", ""],
    ]
    # The same columns, with the decimal comma French-locale spreadsheets expect.
    assert [len(row) for row in semicolon] == [5] * 4
    assert [row[3] for row in semicolon[1:]] == ["-0,5", "1,25", ""]
    assert [row[:3] + row[4:] for row in semicolon] == [row[:3] + row[4:] for row in comma]
    assert frame.loc[1, "note"].startswith("@")  # the caller's frame is left as it was


@pytest.mark.parametrize("dtype", [object, "string", "category"])
def test_every_text_dtype_is_defused(dtype):
    frame = pd.DataFrame({"t": pd.Series(["=1+1", "-x", "ok;=2"], dtype=dtype)})
    assert read_back(table_csv(frame))[1:] == [["'=1+1"], ["'-x"], ["ok;'=2"]]


def test_round_trip_keeps_text_with_quotes_commas_newlines_and_bidi():
    texts = ['il a dit "oui", puis\nnon', "سطر\r\nآخر", "\u202eevil\u202c, \u2067SM-01\u2069"]
    frame = pd.DataFrame({"text": texts, "n": [1, -2, 3]})
    for variant in VARIANTS:
        rows = read_back(table_csv(frame, variant), variant)
        assert rows[1:] == [[t, n] for t, n in zip(texts, ["1", "-2", "3"], strict=True)]


# --- Every file the app writes ------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_measure_list_csv_is_safe_in_both_variants(engine, variant):
    with read_session(engine) as session:
        frame = export_measures(session, MeasureFilter(region="09"), TODAY)
    hostile = HOSTILE[: len(frame)]
    frame.loc[: len(hostile) - 1, "title_fr"] = hostile
    frame.loc[0, "lead_institution"] = "Conseil;=1+1;"
    data = measures_csv(frame, "ar", variant)
    assert_safe(data)
    header, *body = read_back(data, variant)
    assert len(body) == len(frame) and all(len(row) == len(header) for row in body)
    assert translate("ar", "field.status") in header
    assert body[0][header.index(translate("ar", "field.lead_institution"))] == "Conseil;'=1+1;"
    budgets = body[0][header.index(translate("ar", "field.budget_planned"))]
    assert int(budgets) == int(frame.loc[0, "budget_planned"])


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_audit_csvs_are_safe_in_both_variants(engine, variant):
    record_event(engine, outcome=SignInOutcome.BAD_CREDENTIALS, username="x;=1+1;", ip="1.2.3.4")
    measure = measure_where(engine, code="SM-02")
    change = MeasureChange(
        status=measure.status, progress=measure.progress, note="ok;=1+1;@X", note_lang="fr"
    )
    update_measure(
        engine,
        actor=ADMIN,
        measure_id=measure.id,
        expected_version=measure.version,
        change=change,
        today=TODAY,
    )
    with read_session(engine) as session:
        found = audit_trail(session, actor=ADMIN, flt=AuditFilter())
    changes = audit_csv(
        CHANGES, change_rows(found.changes, "fr", {"09": "سوس ماسة"}), "fr", variant
    )
    sign_ins = audit_csv(SIGN_INS, sign_in_rows(found.sign_ins, "fr"), "fr", variant)
    for data in (changes, sign_ins):
        assert_safe(data)
    rows = read_back(sign_ins, variant)
    assert rows[0][1] == translate("fr", "admin.field.username")
    assert ["x;'=1+1;", translate("fr", "outcome.bad_credentials")] in [
        [row[1], row[3]] for row in rows
    ]
    details = [row[5] for row in read_back(changes, variant)]
    assert any(d.endswith("ok;'=1+1;'@X") for d in details)
