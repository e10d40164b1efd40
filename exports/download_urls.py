"""The download addresses: built from a page's filter, read back by web/downloads.py.

Only the parameters named here are accepted, each checked against its code list or shape;
free text (a search, a username) travels percent-encoded and within its declared limit.
"""

import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import urlencode

from exports.audit_csv import CHANGES, SIGN_INS
from exports.table_csv import COMMA, SEPARATORS
from models.codes import LANGUAGES, TAG_CHOICES, MeasureStatus, ScheduleHealth
from models.limits import SEARCH_MAX, USERNAME_MAX
from services.audit import AuditFilter
from services.filters import MeasureFilter

MEASURES = "measures"
# The address of each download: the measure list, and the audit page's two tables.
PATHS = {
    MEASURES: "/export/measures.csv",
    CHANGES: "/export/audit-changes.csv",
    SIGN_INS: "/export/audit-sign-ins.csv",
}
# One evidence file (web/evidence.py), by its id.
EVIDENCE_ROUTE = "/evidence/{evidence_id:int}"
LANG, VARIANT = "lang", "sep"
# Parameters a measure list download accepts; status and health may repeat.
MEASURE_PARAMS = ("region", "province", "status", "health", "axis", "tag", "gcm", "text")
REPEATED = ("status", "health")
AUDIT_PARAMS = ("region", "user", "since", "until")
_REGION = re.compile(r"\d{2}")
_PROVINCE = re.compile(r"\d{2}\.\d{3}")
_ID = re.compile(r"[1-9]\d{0,9}")
_TAG = re.compile(r"[a-z]{3,5}:[a-z0-9_.]{1,30}")
_STATUSES = {s.value for s in MeasureStatus}
_HEALTHS = {h.value for h in ScheduleHealth}


class BadQuery(ValueError):
    """A download address with a parameter this module did not write."""


def _url(path: str, pairs: list[tuple[str, str]], lang: str, variant: str) -> str:
    kept = [(name, value) for name, value in pairs if value]
    return f"{path}?{urlencode([*kept, (LANG, lang), (VARIANT, variant)])}"


def evidence_url(evidence_id: int, lang: str) -> str:
    """The address of one evidence file; the reader's language words a refusal."""
    return f"/evidence/{int(evidence_id)}?{urlencode({LANG: lang})}"


def download_url(kind: str, flt: MeasureFilter | AuditFilter, lang: str, variant: str) -> str:
    """The address of one download (a key of PATHS) under a page's filter."""
    if kind == MEASURES:
        return _url(PATHS[kind], _measure_pairs(flt), lang, variant)
    return _url(PATHS[kind], _audit_pairs(flt), lang, variant)


def _measure_pairs(flt: MeasureFilter) -> list[tuple[str, str]]:
    return [
        ("region", flt.region or ""),
        ("province", flt.province or ""),
        *(("status", s) for s in flt.statuses),
        *(("health", h) for h in flt.health),
        ("axis", str(flt.axis_id or "")),
        ("tag", flt.tag or ""),
        ("text", flt.text.strip()),
    ]


def _audit_pairs(flt: AuditFilter) -> list[tuple[str, str]]:
    return [
        ("region", flt.region or ""),
        ("user", flt.username.strip()),
        ("since", flt.since.isoformat() if flt.since else ""),
        ("until", flt.until.isoformat() if flt.until else ""),
    ]


def _values(pairs: Sequence[tuple[str, str]], allowed: tuple[str, ...]) -> dict[str, list[str]]:
    """Each parameter's values; BadQuery for an unknown name or a repeated single one."""
    found: dict[str, list[str]] = {}
    for name, value in pairs:
        if name not in (*allowed, LANG, VARIANT):
            raise BadQuery(name)
        found.setdefault(name, []).append(value)
    for name, values in found.items():
        if len(values) > 1 and name not in REPEATED:
            raise BadQuery(name)
    return found


def _one(found: dict[str, list[str]], name: str, pattern: re.Pattern | None = None) -> str:
    value = found.get(name, [""])[0]
    if value and pattern is not None and not pattern.fullmatch(value):
        raise BadQuery(name)
    return value


def _day(found: dict[str, list[str]], name: str) -> date | None:
    value = _one(found, name)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as error:
        raise BadQuery(name) from error


def _text(found: dict[str, list[str]], name: str, limit: int) -> str:
    value = _one(found, name)
    if len(value) > limit:
        raise BadQuery(name)
    return value


def variant(pairs: Sequence[tuple[str, str]]) -> str:
    """The CSV variant asked for (COMMA by default); BadQuery for anything else."""
    asked = [value for name, value in pairs if name == VARIANT]
    if len(asked) > 1 or (asked and asked[0] not in SEPARATORS):
        raise BadQuery(VARIANT)
    return asked[0] if asked else COMMA


def language(pairs: Sequence[tuple[str, str]]) -> str | None:
    """The language asked for, when it is one of ours."""
    asked = [value for name, value in pairs if name == LANG]
    return asked[0] if len(asked) == 1 and asked[0] in LANGUAGES else None


def measure_filter(pairs: Sequence[tuple[str, str]]) -> MeasureFilter:
    """The measure filter a download address carries; BadQuery if it is not one we built."""
    found = _values(pairs, MEASURE_PARAMS)
    statuses, health = found.get("status", []), found.get("health", [])
    if not set(statuses) <= _STATUSES or not set(health) <= _HEALTHS:
        raise BadQuery("status")
    axis, tag = _one(found, "axis", _ID), _one(found, "tag", _TAG)
    # ?gcm=N, the address before any alignment could be chosen, still means its objective.
    legacy = _one(found, "gcm", _ID)
    if legacy and tag:
        raise BadQuery("gcm")
    tag = tag or (f"gcm:{legacy}" if legacy else "")
    if tag and tag not in TAG_CHOICES:
        raise BadQuery("tag")
    return MeasureFilter(
        region=_one(found, "region", _REGION) or None,
        province=_one(found, "province", _PROVINCE) or None,
        statuses=tuple(dict.fromkeys(statuses)),
        health=tuple(dict.fromkeys(health)),
        axis_id=int(axis) if axis else None,
        tag=tag or None,
        text=_text(found, "text", SEARCH_MAX),
    )


def audit_filter(pairs: Sequence[tuple[str, str]]) -> AuditFilter:
    """The audit filter a download address carries; BadQuery if it is not one we built."""
    found = _values(pairs, AUDIT_PARAMS)
    return AuditFilter(
        region=_one(found, "region", _REGION) or None,
        username=_text(found, "user", USERNAME_MAX),
        since=_day(found, "since"),
        until=_day(found, "until"),
    )
