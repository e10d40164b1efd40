"""The audit trail's two tables (changes, sign-ins), as the page shows and the CSV holds them."""

import json
from datetime import date

import pandas as pd

from exports.table_csv import COMMA, table_csv
from i18n import catalog, formats
from i18n.direction import arrow
from services.actors import COMMAND_LINE, SEED_USERNAME

CHANGES = "changes"
SIGN_INS = "sign_ins"
# Bidi marks CLDR puts in Arabic dates: right in running text, but a table or spreadsheet
# cell draws left to right and scrambles them.
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))
# (entity, action) as the services log them, and how the audit table names them.
ACTIONS = {
    ("measure", "updated"): "audit.action.measure_updated",
    ("measure", "created"): "audit.action.measure_created",
    ("measure", "plan_revised"): "audit.action.plan_revised",
    ("measure", "withdrawn"): "audit.action.measure_withdrawn",
    ("measure", "restored"): "audit.action.measure_restored",
    ("measure", "note_corrected"): "audit.action.note_corrected",
    ("meeting", "recorded"): "audit.action.meeting_recorded",
    ("meeting", "corrected"): "audit.action.meeting_corrected",
    ("decision", "corrected"): "audit.action.decision_corrected",
    ("decision", "status"): "audit.action.decision_status",
    ("decision", "withdrawn"): "audit.action.decision_withdrawn",
    ("decision", "restored"): "audit.action.decision_restored",
    ("evidence", "attached"): "audit.action.evidence_attached",
    ("institution", "created"): "audit.action.institution_created",
    ("institution", "edited"): "audit.action.institution_edited",
    ("strategy", "created"): "audit.action.strategy_created",
    ("strategy", "edited"): "audit.action.strategy_edited",
    ("axis", "created"): "audit.action.axis_created",
    ("axis", "edited"): "audit.action.axis_edited",
    ("committee", "created"): "audit.action.committee_created",
    ("committee", "edited"): "audit.action.committee_edited",
    ("committeemember", "created"): "audit.action.member_created",
    ("committeemember", "edited"): "audit.action.member_edited",
    ("programme", "created"): "audit.action.programme_created",
    ("programme", "edited"): "audit.action.programme_edited",
    ("user", "created"): "audit.action.user_created",
    ("user", "updated"): "audit.action.user_updated",
    ("user", "password_set"): "audit.action.user_password_set",
    ("user", "activated"): "audit.action.user_activated",
    ("user", "deactivated"): "audit.action.user_deactivated",
    ("user", "email_set"): "audit.action.user_email_set",
    ("user", "throttle_lifted"): "audit.action.user_throttle_lifted",
    ("user", "password_changed"): "audit.action.user_password_changed",
    ("user", "signed_out_everywhere"): "audit.action.user_signed_out_everywhere",
    ("indicatorvalue", "saved"): "audit.action.value_saved",
    ("indicatorvalue", "submitted"): "audit.action.value_submitted",
    ("indicatorvalue", "returned"): "audit.action.value_returned",
    ("indicatorvalue", "validated"): "audit.action.value_validated",
    ("indicatorvalue", "reopened"): "audit.action.value_reopened",
    ("reportingperiod", "created"): "audit.action.period_created",
    ("reportingperiod", "dates"): "audit.action.period_dates",
    ("reportingperiod", "locked"): "audit.action.period_locked",
    ("reportingperiod", "reopened"): "audit.action.period_reopened",
    ("result", "created"): "audit.action.result_created",
    ("indicator", "created"): "audit.action.indicator_created",
    ("indicator", "target"): "audit.action.target_revised",
}
# Keys of the logged details, named as the forms name them; values of a code list get labels.
DETAIL_KEYS = {
    "display_name": "admin.field.display_name",
    "role": "admin.field.role",
    "regions": "admin.field.regions",
    "active": "admin.field.active",
    "email": "admin.field.email",
    "committee_id": "term.committee",
    "decisions": "term.decisions",
    "sessions": "audit.detail.sessions_ended",
    "other_sessions_ended": "audit.detail.sessions_ended",
    "paused_pairs": "audit.detail.paused_pairs",
    "name": "institution.field.name",
    "acronym": "institution.field.acronym",
    "language": "form.written_in",
    "reason": "plan.reason",
    "meeting_id": "correction.meeting",
    "record": "evidence.record",
    "file": "evidence.file",
    "bytes": "evidence.size",
    "period": "results.period",
    "territory": "results.territory",
    "status": "results.status",
    "target": "results.target",
    "code": "results.code",
    "title": "results.title",
    "total": "results.total",
    "numerator": "results.numerator",
    "denominator": "results.denominator",
    "comment": "results.comment",
    "evidence_url": "results.evidence_url",
    "session_on": "results.session_on",
    "deadline": "results.deadline",
}
DETAIL_CODE_LISTS = {
    "role": "role",
    "old": "decision_status",
    "new": "decision_status",
    "language": "language_name",
    "status": "value_status",
}
HEADERS = {
    CHANGES: {
        "when": "history.when",
        "who": "history.who",
        "region": "term.region",
        "what": "audit.column.what",
        "reference": "audit.column.reference",
        "detail": "audit.column.detail",
    },
    SIGN_INS: {
        "when": "history.when",
        "username": "admin.field.username",
        "display_name": "admin.field.display_name",
        "outcome": "audit.column.outcome",
        "attempts": "audit.column.attempts",
        "ip": "audit.column.ip",
        "user_agent": "audit.column.user_agent",
    },
}


def region_names(regions: pd.DataFrame, lang: str) -> dict[str, str]:
    """Every region's name in `lang`, by code, from services.territory.regions."""
    return {
        row["code"]: catalog.localized(row, "name", lang)[0] for row in regions.to_dict("records")
    }


def _when(lang: str, values) -> list[str]:
    return [
        formats.datetime_short(lang, v if pd.notna(v) else None).translate(_BIDI_MARKS)
        for v in values
    ]


def _label(lang: str, codelist: str, value) -> str:
    return "—" if value is None else catalog.label(lang, codelist, value)


def _measure_detail(lang: str, row: dict) -> str:
    parts = []
    if pd.notna(row["new_status"]) and row["old_status"] != row["new_status"]:
        old = _label(lang, "status", row["old_status"]) if pd.notna(row["old_status"]) else "—"
        parts.append(f"{old}{arrow(lang)}{_label(lang, 'status', row['new_status'])}")
    if pd.notna(row["new_progress"]) and row["old_progress"] != row["new_progress"]:
        old = f"{int(row['old_progress'])}%" if pd.notna(row["old_progress"]) else "—"
        parts.append(f"{old}{arrow(lang)}{int(row['new_progress'])}%")
    note, _ = catalog.localized(row, "note", lang)
    if note:
        parts.append(note)
    return " · ".join(parts)


def _detail(lang: str, row: dict) -> str:
    if row["entity"] == "measure":
        return _measure_detail(lang, row)
    try:
        values = json.loads(row["detail"]) if isinstance(row["detail"], str) else {}
    except ValueError:
        return str(row["detail"])
    if not isinstance(values, dict):
        return str(values)
    if set(values) == {"old", "new"}:  # a decision's status
        return _value(lang, "new", [values["old"], values["new"]])
    return "; ".join(
        f"{_key(lang, key)}: {_value(lang, key, value)}" for key, value in values.items()
    )


def _key(lang: str, key: str) -> str:
    """A logged detail's name in words; a disaggregated part as "dimension · category"."""
    if key in DETAIL_KEYS:
        return catalog.translate(lang, DETAIL_KEYS[key])
    dimension, _, category = key.partition(".")
    if dimension in catalog.CODE_LISTS["dimension"] and category:
        return f"{_label(lang, 'dimension', dimension)} · {_label(lang, 'category', category)}"
    return key


def _value(lang: str, key: str, value) -> str:
    """A logged value as text; [old, new] pairs of a change with an arrow."""
    # Region lists are lists themselves: a change of them is a pair of lists.
    pair = isinstance(value, list) and len(value) == 2
    if pair and (key != "regions" or all(isinstance(v, list) for v in value)):
        return f"{_value(lang, key, value[0])}{arrow(lang)}{_value(lang, key, value[1])}"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    if value is None or value == "":
        return "—"
    if key in DETAIL_CODE_LISTS:
        return _label(lang, DETAIL_CODE_LISTS[key], value)
    return str(value)


def _actor(lang: str, name: str) -> str:
    """Who made a change; the command line and the demo seed named in words."""
    if name == COMMAND_LINE.username:
        return catalog.translate(lang, "audit.command_line")
    if name == SEED_USERNAME:
        return catalog.translate(lang, "common.demo_seed")
    return name


def change_rows(changes: pd.DataFrame, lang: str, regions: dict[str, str]) -> pd.DataFrame:
    """Changes made ready to show: local time, region name, what was done, old → new."""
    rows = changes.to_dict("records")
    return pd.DataFrame(
        {
            "when": _when(lang, changes["at"]),
            "who": [_actor(lang, a) for a in changes["actor"]],
            "region": [regions.get(r["region_code"], "—") for r in rows],
            "what": [
                catalog.translate(lang, ACTIONS[(r["entity"], r["action"])])
                if (r["entity"], r["action"]) in ACTIONS
                else f"{r['entity']} · {r['action']}"
                for r in rows
            ],
            "reference": changes["reference"],
            "detail": [_detail(lang, r) for r in rows],
        }
    )


def sign_in_rows(sign_ins: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sign-in log entries made ready to show."""
    return pd.DataFrame(
        {
            "when": _when(lang, sign_ins["at"]),
            "username": sign_ins["username"],
            "display_name": sign_ins["display_name"].fillna(""),
            "outcome": [_label(lang, "outcome", v) for v in sign_ins["outcome"]],
            "attempts": sign_ins["attempts"],
            "ip": sign_ins["ip"].fillna(""),
            "user_agent": sign_ins["user_agent"].fillna(""),
        }
    )


def audit_csv(kind: str, shown: pd.DataFrame, lang: str, variant: str = COMMA) -> bytes:
    """A shown audit table (CHANGES or SIGN_INS) as CSV, headers in `lang`."""
    names = {name: catalog.translate(lang, msgid) for name, msgid in HEADERS[kind].items()}
    return table_csv(shown[list(names)].rename(columns=names), variant)


def file_name(kind: str, region: str | None, today: date) -> str:
    """The download's name: marsad-audit-<changes|sign-ins>-<region or all>-<date>.csv."""
    return f"marsad-audit-{kind.replace('_', '-')}-{region or 'all'}-{today.isoformat()}.csv"
