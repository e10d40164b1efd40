"""Numbers, money and dates in the reader's locale, with Babel; no Streamlit here."""

import re
from datetime import UTC, date, datetime
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime, get_timezone
from babel.numbers import format_decimal, format_percent, parse_pattern
from babel.units import format_unit

LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en"}
# Dates in French take CLDR "fr": fr_MA abbreviates both June and July as "jui.".
DATE_LOCALES = {"ar": "ar_MA", "fr": "fr", "en": "en"}
MISSING = "—"
TIMEZONE = get_timezone("Africa/Casablanca")

# CLDR currency spacing, which Babel does not apply: "MAD86,288,000" -> "MAD 86,288,000".
_LETTER_THEN_DIGIT = re.compile(r"([^\W\d_])(\d)")


def _locale(lang: str) -> str:
    """Babel locale for a UI language (French for anything unknown)."""
    return LOCALES.get(lang, LOCALES["fr"])


def number(lang: str, n) -> str:
    """A number with the locale's grouping and decimal signs."""
    return MISSING if n is None else format_decimal(n, locale=_locale(lang))


def file_size(lang: str, size_bytes: int) -> str:
    """A file's size in kilobytes or megabytes (1024-based) in the locale's words."""
    if size_bytes < 1024 * 1024:
        kilobytes = max(1, round(size_bytes / 1024))
        return format_unit(kilobytes, "digital-kilobyte", length="short", locale=_locale(lang))
    megabytes = size_bytes / (1024 * 1024)
    return format_unit(
        megabytes, "digital-megabyte", length="short", locale=_locale(lang), format="#,##0.#"
    )


def percent(lang: str, share) -> str:
    """A share (0.42) as a whole percentage in the locale's style ("42 %", "42%")."""
    return MISSING if share is None else format_percent(share, locale=_locale(lang))


def mad(lang: str, amount) -> str:
    """A whole amount of dirhams with the locale's grouping and currency sign, no decimals."""
    return money(lang, amount, "MAD")


def money(lang: str, amount, currency: str) -> str:
    """A whole amount in a currency with the locale's grouping and currency sign, no decimals."""
    if amount is None:
        return MISSING
    locale = Locale.parse(_locale(lang))
    pattern = parse_pattern(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    text = pattern.apply(round(amount), locale, currency=currency, currency_digits=False)
    return _LETTER_THEN_DIGIT.sub("\\1\u00a0\\2", text)


def day(lang: str, d: date | None) -> str:
    """A date in the locale's medium form ("5 mar. 2026", "Mar 5, 2026")."""
    return MISSING if d is None else _medium_date(DATE_LOCALES.get(lang, DATE_LOCALES["fr"]), d)


# Tables and charts format the same few thousand plan dates on every run; Babel takes 35 µs each.
@lru_cache(maxsize=16384)
def _medium_date(locale: str, d: date) -> str:
    return format_date(d, "medium", locale=locale)


def datetime_short(lang: str, dt: datetime | None) -> str:
    """A UTC moment as Moroccan local time, in the locale's short form; naive counts as UTC."""
    if dt is None:
        return MISSING
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return format_datetime(dt, "short", tzinfo=TIMEZONE, locale=_locale(lang))
