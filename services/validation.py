"""Input checks shared by the write services; each returns message ids, never raises."""

import re
from datetime import date, datetime

from services.errors import Problem

# Control characters other than tab and newlines; NUL among them. Bidi marks stay allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Active markup: HTML tags, markdown images and links, script URLs.
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|!\[[^\]]*\]\(|\[[^\]]*\]\(\s*[a-zA-Z]+:|javascript:", re.I)
_URL = re.compile(r"^https?://[^\s<>\"'`]+$")


def text(
    name: str, value: object, *, max_length: int, required: bool = False
) -> tuple[str, list[Problem]]:
    """A cleaned free-text value and the problems with it."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        return "", [Problem(name, "error.not_text")]
    cleaned = value.strip()
    if required and not cleaned:
        return cleaned, [Problem(name, "error.required")]
    if len(cleaned) > max_length:
        return cleaned, [Problem(name, "error.too_long", {"max": max_length})]
    if _CONTROL.search(cleaned):
        return cleaned, [Problem(name, "error.text_control_chars")]
    if _MARKUP.search(cleaned):
        return cleaned, [Problem(name, "error.markup")]
    return cleaned, []


def url(name: str, value: object, *, max_length: int) -> tuple[str, list[Problem]]:
    """An optional http(s) link and the problems with it."""
    if value is None or value == "":
        return "", []
    if not isinstance(value, str):
        return "", [Problem(name, "error.invalid_url")]
    cleaned = value.strip()
    if len(cleaned) > max_length:
        return cleaned, [Problem(name, "error.too_long", {"max": max_length})]
    if cleaned and not _URL.match(cleaned):
        return cleaned, [Problem(name, "error.invalid_url")]
    return cleaned, []


def whole_number(name: str, value: object, *, low: int, high: int) -> tuple[int, list[Problem]]:
    """An integer within bounds and the problems with it."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            return 0, [Problem(name, "error.not_number")]
    if not low <= value <= high:
        return value, [Problem(name, "error.out_of_range", {"low": low, "high": high})]
    return value, []


def optional_date(name: str, value: object) -> tuple[date | None, list[Problem]]:
    """An optional calendar date (a datetime is not one), and the problems with it."""
    if value is None:
        return None, []
    if isinstance(value, datetime) or not isinstance(value, date):
        return None, [Problem(name, "error.not_date")]
    return value, []


def past_date(name: str, value: object, today: date) -> tuple[date | None, list[Problem]]:
    """An optional date that is not in the future, and the problems with it."""
    value, problems = optional_date(name, value)
    if problems or value is None:
        return value, problems
    if value > today:
        return value, [Problem(name, "error.future_date")]
    return value, []
