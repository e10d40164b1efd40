"""Committee tables made ready to show: the list, members, meetings and decisions."""

import pandas as pd
import streamlit as st

from models.codes import Provenance
from ui import content, widgets
from ui.context import t

# Message ids of the committee tables' headers.
COMMITTEE_HEADERS = {
    "name": "term.committee",
    "region": "term.region",
    "kind": "committees.column.kind",
    "members": "term.members",
    "meetings": "term.meetings",
    "last_meeting": "committees.column.last_meeting",
    "open_decisions": "committees.column.open_decisions",
    "overdue_decisions": "committees.column.overdue_decisions",
    "institution": "committees.column.institution",
    "role": "committees.column.role",
    "held_on": "committees.field.held_on",
    "attendance": "committees.field.attendance",
    "summary": "committees.field.summary",
    "decisions": "term.decisions",
    "text": "committees.field.decision",
    "owner": "committees.field.owner",
    "due_on": "committees.field.due_on",
    "status": "field.status",
    "overdue": "committees.column.overdue",
    "measure_code": "term.measure",
    "illustrative": "column.illustrative",
}


ILLUSTRATIVE = Provenance.ILLUSTRATIVE
# Widths in pixels; the column that names the row is pinned while the rest scroll.
WIDTHS = {
    "name": 300,
    "region": 120,
    "kind": 170,
    "members": 80,
    "meetings": 90,
    "last_meeting": 120,
    "open_decisions": 120,
    "overdue_decisions": 120,
    "institution": 340,
    "role": 120,
    "held_on": 110,
    "attendance": 90,
    "summary": 420,
    "decisions": 80,
    "text": 360,
    "status": 110,
    "overdue": 90,
    "due_on": 110,
    "owner": 260,
    "measure_code": 80,
    "illustrative": 140,
}
PINNED = ("name", "institution", "held_on", "text")


def _marks(frame: pd.DataFrame) -> list[str]:
    """The illustrative mark of each row of a committee table, from its provenance."""
    word = t("marker.illustrative")
    return [word if p == ILLUSTRATIVE else "" for p in frame["provenance"]]


def committee_rows(committees: pd.DataFrame, names: dict[int, str]) -> tuple[pd.DataFrame, dict]:
    """The committees list: name, region, kind, counts, last meeting."""
    shown = pd.DataFrame(
        {
            "name": [names[int(i)] for i in committees["id"]],
            "region": widgets.region_names(committees),
            "kind": widgets.labels(committees["kind"], "committee_kind"),
            "members": committees["members"],
            "meetings": committees["meetings"],
            "last_meeting": [widgets.day_cell(d) for d in committees["last_meeting"]],
            "open_decisions": committees["open_decisions"],
            "overdue_decisions": committees["overdue_decisions"],
            "illustrative": _marks(committees),
        }
    )
    return shown, _columns(shown)


def member_rows(members: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """A committee's member institutions and their roles."""
    shown = pd.DataFrame(
        {
            "institution": [content.institution(r, "institution") for _, r in members.iterrows()],
            "role": widgets.labels(members["role"], "committee_role"),
            "illustrative": _marks(members),
        }
    )
    return shown, _columns(shown)


def meeting_rows(meetings: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """A committee's meetings, newest first; summaries stay plain text in the table."""
    shown = pd.DataFrame(
        {
            "held_on": [widgets.day_cell(d) for d in meetings["held_on"]],
            "attendance": meetings["attendance"],
            "summary": widgets.localized_column(meetings, "summary"),
            "decisions": meetings["decisions"],
            "illustrative": _marks(meetings),
        }
    )
    return shown, _columns(shown)


def decision_rows(decisions: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Decisions with follow-up status, overdue flag and the code of the linked measure."""
    shown = pd.DataFrame(
        {
            "text": widgets.localized_column(decisions, "text"),
            "status": widgets.labels(decisions["status"], "decision_status"),
            "overdue": [t("committees.overdue") if o else "" for o in decisions["overdue"]],
            "due_on": [widgets.day_cell(d) for d in decisions["due_on"]],
            "owner": [content.institution(r, "owner") for _, r in decisions.iterrows()],
            "held_on": [widgets.day_cell(d) for d in decisions["held_on"]],
            "measure_code": decisions["measure_code"].fillna(""),
            "illustrative": _marks(decisions),
        }
    )
    return shown, _columns(shown)


def _columns(shown: pd.DataFrame) -> dict:
    config = {}
    for name in shown.columns:
        title = t(COMMITTEE_HEADERS[name])
        pinned = name in PINNED or None
        config[name] = st.column_config.TextColumn(title, width=WIDTHS.get(name), pinned=pinned)
    return config
