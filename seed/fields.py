"""Typed readers of demo record fields, and the error they raise on a broken rule."""

import datetime
import re
from typing import Any, NoReturn

from models.codes import Provenance

ARABIC_LETTER = re.compile("[\u0621-\u064a]")
LANGS = ("fr", "ar", "en")


class SeedDataError(ValueError):
    """A demo data record that breaks a rule; the message names the file and the record."""


def fail(where: str, problem: str) -> NoReturn:
    raise SeedDataError(f"{where}: {problem}")


def text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        fail(where, f"missing {key!r}")
    return value.strip()


def code(raw: dict[str, Any], key: str, where: str) -> str | None:
    # Unquoted codes turn into numbers in YAML ("02" -> 2, "09.163" -> 9.163).
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        fail(where, f"{key} code must be a quoted string, got {value!r}")
    return value


def amount(raw: dict[str, Any], key: str, where: str) -> int:
    value = raw.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        fail(where, f"{key!r} must be a whole number >= 0, got {value!r}")
    return value


def date(
    raw: dict[str, Any], key: str, where: str, *, required: bool = True
) -> datetime.date | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if type(value) is not datetime.date:
        fail(where, f"{key!r} must be a date (YYYY-MM-DD), got {value!r}")
    return value


def provenance(raw: dict[str, Any], where: str) -> str:
    return choice(raw, "provenance", tuple(Provenance), where)


def choice(
    raw: dict[str, Any], key: str, allowed: tuple[str, ...], where: str, default=None
) -> str:
    value = raw.get(key, default)
    if value not in allowed:
        fail(where, f"{key} {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def titles(raw: dict[str, Any], key: str, where: str) -> dict[str, str]:
    """`key_fr`, `key_ar`, `key_en` columns; French and Arabic are required."""
    titles = texts(raw, key, where)
    if not titles[f"{key}_fr"]:
        fail(where, f"missing French {key} ({key}.fr)")
    if not ARABIC_LETTER.search(titles[f"{key}_ar"]):
        fail(where, f"missing Arabic {key} ({key}.ar)")
    return titles


def texts(raw: dict[str, Any], key: str, where: str) -> dict[str, str]:
    texts = raw.get(key) or {}
    if not isinstance(texts, dict):
        fail(where, f"{key} must map languages (fr, ar, en) to texts")
    return {f"{key}_{lang}": str(texts.get(lang) or "").strip() for lang in LANGS}


def contents(raw: dict[str, Any], key: str, where: str) -> dict[str, str]:
    """Optional text in three columns; when given, the demo gives it in French and Arabic."""
    given = texts(raw, key, where)
    return titles(raw, key, where) if any(given.values()) else given
