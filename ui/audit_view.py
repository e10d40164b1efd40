"""The audit page's filters, reads and tables: changes and sign-ins ready to show and export."""

import json
from datetime import date

import pandas as pd
import streamlit as st

from i18n import formats
from models import limits
from services.audit import AUDIT_LIMIT, AuditFilter, AuditTrail, audit_trail
from services.csv_safety import to_csv_bytes
from services.db import engine, read_session
from ui import context, widgets
from ui.context import label, t

ALL = ""
ARROW = " → "
# (entity, action) as the services log them, and how the audit table names them.
ACTIONS = {
    ("measure", "updated"): "audit.action.measure_updated",
    ("meeting", "recorded"): "audit.action.meeting_recorded",
    ("decision", "status"): "audit.action.decision_status",
    ("user", "created"): "audit.action.user_created",
    ("user", "updated"): "audit.action.user_updated",
    ("user", "password_set"): "audit.action.user_password_set",
    ("user", "activated"): "audit.action.user_activated",
    ("user", "deactivated"): "audit.action.user_deactivated",
    ("user", "email_set"): "audit.action.user_email_set",
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
}
DETAIL_CODE_LISTS = {"role": "role", "old": "decision_status", "new": "decision_status"}
CHANGE_HEADERS = {
    "when": "history.when",
    "who": "history.who",
    "region": "term.region",
    "what": "audit.column.what",
    "reference": "audit.column.reference",
    "detail": "audit.column.detail",
}
SIGN_IN_HEADERS = {
    "when": "history.when",
    "username": "admin.field.username",
    "display_name": "admin.field.display_name",
    "outcome": "audit.column.outcome",
    "ip": "audit.column.ip",
    "user_agent": "audit.column.user_agent",
}


def filters() -> AuditFilter:
    """Region (within the reader's rights), user and date range, drawn as widgets."""
    actor = context.current().actor
    names = widgets.region_name_map()
    codes = list(names) if actor.can_manage_users else sorted(actor.regions)
    shown = {ALL: t("term.all_regions") if actor.can_manage_users else t("audit.my_regions")}
    shown |= {code: names[code] for code in codes}
    widgets.keep("audit.region")
    columns = st.columns(4)
    region = columns[0].selectbox(
        t("term.region"), [ALL, *codes], format_func=widgets.names_of(shown), key="audit.region"
    )
    username = columns[1].text_input(
        t("audit.filter.user"), max_chars=limits.USERNAME_MAX, key="audit.user"
    )
    since = columns[2].date_input(
        t("audit.filter.since"), value=None, format="YYYY-MM-DD", key="audit.since"
    )
    until = columns[3].date_input(
        t("audit.filter.until"), value=None, format="YYYY-MM-DD", key="audit.until"
    )
    return AuditFilter(region=region or None, username=username, since=since, until=until)


def trail(flt: AuditFilter) -> AuditTrail:
    """The audit trail this reader may see (not cached: the sign-in log changes without a write)."""
    with read_session(engine()) as session:
        return audit_trail(session, actor=context.current().actor, flt=flt)


def _when(values) -> list[str]:
    lang = context.current().lang
    return [widgets.cell(formats.datetime_short(lang, v if pd.notna(v) else None)) for v in values]


def _detail(row: dict) -> str:
    if row["entity"] == "measure":
        parts = []
        if pd.notna(row["new_status"]) and row["old_status"] != row["new_status"]:
            old = label("status", row["old_status"]) if pd.notna(row["old_status"]) else "—"
            parts.append(f"{old}{ARROW}{label('status', row['new_status'])}")
        if pd.notna(row["new_progress"]) and row["old_progress"] != row["new_progress"]:
            old = f"{int(row['old_progress'])}%" if pd.notna(row["old_progress"]) else "—"
            parts.append(f"{old}{ARROW}{int(row['new_progress'])}%")
        if isinstance(row["note"], str) and row["note"]:
            parts.append(row["note"])
        return " · ".join(parts)
    try:
        values = json.loads(row["detail"]) if isinstance(row["detail"], str) else {}
    except ValueError:
        return str(row["detail"])
    if not isinstance(values, dict):
        return str(values)
    if set(values) == {"old", "new"}:  # a decision's status
        return _value("new", [values["old"], values["new"]])
    return "; ".join(
        f"{t(DETAIL_KEYS[key]) if key in DETAIL_KEYS else key}: {_value(key, value)}"
        for key, value in values.items()
    )


def _value(key: str, value) -> str:
    """A logged value as text; [old, new] pairs of a change with an arrow."""
    # Region lists are lists themselves: a change of them is a pair of lists.
    pair = isinstance(value, list) and len(value) == 2
    if pair and (key != "regions" or all(isinstance(v, list) for v in value)):
        return f"{_value(key, value[0])}{ARROW}{_value(key, value[1])}"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    if value is None or value == "":
        return "—"
    return label(DETAIL_CODE_LISTS[key], value) if key in DETAIL_CODE_LISTS else str(value)


def change_rows(changes: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Changes made ready to show: local time, region name, what was done, old → new."""
    rows = changes.to_dict("records")
    names = widgets.region_name_map()
    shown = pd.DataFrame(
        {
            "when": _when(changes["at"]),
            "who": changes["actor"],
            "region": [names.get(r["region_code"], "—") for r in rows],
            "what": [
                t(ACTIONS[(r["entity"], r["action"])])
                if (r["entity"], r["action"]) in ACTIONS
                else f"{r['entity']} · {r['action']}"
                for r in rows
            ],
            "reference": changes["reference"],
            "detail": [_detail(r) for r in rows],
        }
    )
    config = {name: st.column_config.Column(t(msgid)) for name, msgid in CHANGE_HEADERS.items()}
    config["detail"] = st.column_config.TextColumn(t(CHANGE_HEADERS["detail"]), width="large")
    return shown, config


def sign_in_rows(sign_ins: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Sign-in log entries made ready to show."""
    shown = pd.DataFrame(
        {
            "when": _when(sign_ins["at"]),
            "username": sign_ins["username"],
            "display_name": sign_ins["display_name"].fillna(""),
            "outcome": widgets.labels(sign_ins["outcome"], "outcome"),
            "ip": sign_ins["ip"].fillna(""),
            "user_agent": sign_ins["user_agent"].fillna(""),
        }
    )
    config = {name: st.column_config.Column(t(msgid)) for name, msgid in SIGN_IN_HEADERS.items()}
    return shown, config


def csv_of(shown: pd.DataFrame, headers: dict[str, str]):
    """A function building the CSV of a shown table (headers in the reader's language)."""
    renamed = shown.rename(columns={name: t(msgid) for name, msgid in headers.items()})

    def build() -> bytes:
        return to_csv_bytes(renamed)

    return build


def file_name(kind: str, flt: AuditFilter, today: date) -> str:
    """The download's name: marsad-audit-<changes|sign-ins>-<region or all>-<date>.csv."""
    return f"marsad-audit-{kind}-{flt.region or 'all'}-{today.isoformat()}.csv"


def truncated_note(found: AuditTrail) -> None:
    """Say when the newest entries only are shown."""
    if found.truncated:
        st.caption(t("audit.truncated", limit=formats.number(context.current().lang, AUDIT_LIMIT)))
