"""Numbers, money and dates follow each language's locale (Babel's CLDR data)."""

from datetime import UTC, date, datetime

import pytest

from i18n import formats

NBSP, NNBSP, RLM = "\u00a0", "\u202f", "\u200f"
LANGS = ("ar", "fr", "en")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ar", "1.234.567"), ("fr", f"1{NNBSP}234{NNBSP}567"), ("en", "1,234,567")],
)
def test_number_groups_digits_per_locale(lang, expected):
    assert formats.number(lang, 1234567) == expected


def test_number_keeps_decimals_with_the_locale_sign():
    assert formats.number("fr", 2.5) == "2,5"
    assert formats.number("en", 2.5) == "2.5"
    assert formats.number("ar", 2.5) == "2,5"


@pytest.mark.parametrize(("lang", "expected"), [("ar", "42%"), ("fr", f"42{NBSP}%"), ("en", "42%")])
def test_percent(lang, expected):
    assert formats.percent(lang, 0.42) == expected


def test_percent_rounds_to_whole_points():
    assert formats.percent("en", 0.4249) == "42%"
    assert formats.percent("en", 1) == "100%"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", f"{RLM}86.288.000{NBSP}د.م.{RLM}"),
        ("fr", f"86{NNBSP}288{NNBSP}000{NBSP}MAD"),
        ("en", f"MAD{NBSP}86,288,000"),
    ],
)
def test_mad_is_whole_dirhams_with_grouping_and_currency(lang, expected):
    assert formats.mad(lang, 86_288_000) == expected


def test_mad_has_no_decimals_and_rounds():
    assert formats.mad("en", 0) == f"MAD{NBSP}0"
    assert formats.mad("fr", 1499.6) == f"1{NNBSP}500{NBSP}MAD"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ar", f"05{RLM}/03{RLM}/2026"), ("fr", "5 mars 2026"), ("en", "Mar 5, 2026")],
)
def test_day_is_the_medium_date(lang, expected):
    assert formats.day(lang, date(2026, 3, 5)) == expected


def test_french_dates_tell_june_from_july():
    # fr_MA abbreviates both as "jui."; dates use CLDR "fr".
    assert formats.day("fr", date(2027, 6, 30)) == "30 juin 2027"
    assert formats.day("fr", date(2027, 7, 30)) == "30 juil. 2027"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", f"5{RLM}/7{RLM}/2026، 13:30"),
        ("fr", "05/07/2026 13:30"),
        ("en", f"7/5/26, 1:30{NNBSP}PM"),
    ],
)
def test_datetime_short_is_casablanca_time(lang, expected):
    # Morocco is UTC+1 outside Ramadan.
    assert formats.datetime_short(lang, datetime(2026, 7, 5, 12, 30, tzinfo=UTC)) == expected


def test_datetime_short_follows_the_ramadan_clock():
    # Morocco goes back to UTC+0 during Ramadan (about 18 Feb - 20 Mar 2026).
    assert (
        formats.datetime_short("fr", datetime(2026, 3, 5, 12, 30, tzinfo=UTC)) == "05/03/2026 12:30"
    )


def test_datetime_short_reads_naive_values_as_utc():
    assert formats.datetime_short("fr", datetime(2026, 7, 5, 12, 30)) == "05/07/2026 13:30"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("formatter", [formats.number, formats.percent, formats.mad, formats.day])
def test_missing_values_show_a_dash(lang, formatter):
    assert formatter(lang, None) == "—"


@pytest.mark.parametrize("lang", LANGS)
def test_missing_datetime_shows_a_dash(lang):
    assert formats.datetime_short(lang, None) == "—"


def test_unknown_language_formats_as_french():
    assert formats.number("de", 1234) == formats.number("fr", 1234)
