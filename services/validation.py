"""Input checks shared by the write services; each returns the value and its problems, never raises.

A value is taken exactly as typed or refused: nothing here rounds a number, cuts a text or
replaces a date. The limits come from models/limits.py.
"""

import re
import unicodedata
from datetime import date, datetime

from models.codes import LANGUAGES
from models.limits import EARLIEST_DATE_YEAR, LATEST_DATE_AHEAD
from services.errors import Problem

# C0 and C1 control characters; tab and line breaks are text, everything else is refused.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
# Active markup: HTML tags, markdown images and links, script URLs.
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|!\[[^\]]*\]\(|\[[^\]]*\]\(\s*[a-zA-Z]+:|javascript:", re.I)
_URL = re.compile(r"^https?://[^\s<>\"'`]+$")
EARLIEST_DATE = date(EARLIEST_DATE_YEAR, 1, 1)


def visible(value: str) -> str:
    """A text without its format characters (zero-width spaces, bidi marks, joiners...)."""
    return "".join(c for c in value if unicodedata.category(c) != "Cf")


def too_long(name: str, count: int, max_length: int) -> Problem:
    """A text longer than allowed; the count picks the plural form of "characters"."""
    return Problem(name, "error.too_long", {"max": max_length, "count": count, "plural": count})


def text(
    name: str, value: object, *, max_length: int, required: bool = False
) -> tuple[str, list[Problem]]:
    """A free-text value (surrounding spaces trimmed) and the problems with it.

    Bidi marks, isolates and the zero-width joiners Arabic needs are kept; a text made only of
    such invisible characters counts as empty.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        return "", [Problem(name, "error.not_text")]
    # Checked before trimming: strip() would silently drop a control character at either end.
    if _CONTROL.search(value):
        return value.strip(), [Problem(name, "error.text_control_chars")]
    cleaned = value.strip()
    if cleaned and not visible(cleaned).strip():
        return cleaned, [Problem(name, "error.invisible_text")]
    if required and not cleaned:
        return cleaned, [Problem(name, "error.required")]
    if len(cleaned) > max_length:
        return cleaned, [too_long(name, len(cleaned), max_length)]
    if _MARKUP.search(cleaned):
        return cleaned, [Problem(name, "error.markup")]
    return cleaned, []


def url(name: str, value: object, *, max_length: int) -> tuple[str, list[Problem]]:
    """An optional http(s) link of printable characters, and the problems with it."""
    if value is None or value == "":
        return "", []
    if not isinstance(value, str):
        return "", [Problem(name, "error.invalid_url")]
    cleaned = value.strip()
    if len(cleaned) > max_length:
        return cleaned, [too_long(name, len(cleaned), max_length)]
    if _CONTROL.search(value) or not _URL.match(cleaned) or not cleaned.isprintable():
        return cleaned, [Problem(name, "error.invalid_url")]
    return cleaned, []


def whole_number(name: str, value: object, *, low: int, high: int) -> tuple[int, list[Problem]]:
    """A whole number within bounds (a float with no fraction counts), and the problems."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return 0, [Problem(name, "error.not_whole_number")]
    if isinstance(value, bool) or not isinstance(value, int):
        return 0, [Problem(name, "error.not_number")]
    if not low <= value <= high:
        return value, [Problem(name, "error.out_of_range", {"low": low, "high": high})]
    return value, []


def optional_date(name: str, value: object, today: date) -> tuple[date | None, list[Problem]]:
    """An optional calendar date from 2000 to ten years ahead, and the problems with it."""
    if value is None:
        return None, []
    if isinstance(value, datetime) or not isinstance(value, date):
        return None, [Problem(name, "error.not_date")]
    if value < EARLIEST_DATE:
        return value, [Problem(name, "error.date_too_early", {"earliest": EARLIEST_DATE})]
    latest = today + LATEST_DATE_AHEAD
    if value > latest:
        return value, [Problem(name, "error.date_too_late", {"latest": latest})]
    return value, []


def past_date(name: str, value: object, today: date) -> tuple[date | None, list[Problem]]:
    """An optional date that has happened (not after today), and the problems with it."""
    value, problems = optional_date(name, value, today)
    if problems or value is None:
        return value, problems
    if value > today:
        return value, [Problem(name, "error.future_date")]
    return value, []


def language(name: str, value: object) -> tuple[str, list[Problem]]:
    """The language a text is written in (ar, fr or en), and the problems with it."""
    if value not in LANGUAGES:
        return "", [Problem(name, "error.unknown_language")]
    return str(value), []


def number(name: str, value: object, *, low: float, high: float) -> tuple[float, list[Problem]]:
    """A finite number (decimals kept as typed) within bounds, and the problems with it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0, [Problem(name, "error.not_number")]
    if value != value or abs(value) == float("inf"):
        return 0.0, [Problem(name, "error.not_number")]
    if not low <= value <= high:
        return float(value), [Problem(name, "error.out_of_range", {"low": low, "high": high})]
    return float(value), []
