"""Cached reads of the approvals and To do pages (keyed on the user too), and their rows shown."""

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from i18n import formats
from models.codes import Role
from models.result_codes import IndicatorKind, ValueStatus
from services import queue_reads, value_reads
from services.actors import Actor
from ui import context, data, navigation, widgets
from ui.context import t
from ui.data import cache_key, reading

# The queues the pages read: what an editor submits or corrects, what a validator decides.
TO_SUBMIT, RETURNED = ValueStatus.DRAFT.value, ValueStatus.RETURNED.value
TO_VALIDATE = ValueStatus.SUBMITTED.value
PAGE_SIZE = 25
DECISIONS_SHOWN = 20
# Message ids of the value tables' headers, and their widths in pixels.
HEADERS = {
    "indicator": "term.indicator",
    "title": "results.title",
    "period": "results.period",
    "territory": "results.territory",
    "amount": "approvals.column.amount",
    "deadline": "results.deadline",
    "reason": "approvals.column.reason",
    "reviewed_by": "approvals.column.returned_by",
}
WIDTHS = {"indicator": 90, "title": 320, "period": 90, "territory": 180, "amount": 140}
# Message ids of the headers of the To do page's decisions and sessions.
CALENDAR_HEADERS = {
    "text": "committees.field.decision",
    "committee": "term.committee",
    "region": "term.region",
    "due_on": "committees.field.due_on",
    "code": "results.period",
    "session_on": "results.session_on",
    "deadline": "results.deadline",
}


@dataclass(frozen=True)
class Queue:
    """One page of values (with their names), how many there are, the page and the pages."""

    rows: pd.DataFrame
    count: int
    page: int
    pages: int


def _who() -> dict:
    actor = context.current().actor
    return {"username": actor.username, "role": str(actor.role), "regions": _regions(actor)}


def _regions(actor: Actor) -> tuple[str, ...] | None:
    """The regions the person acts in; None for administrators (every region)."""
    return None if actor.role == Role.ADMIN else tuple(sorted(actor.regions))


def _paged(read, page: int, size: int = PAGE_SIZE) -> Queue:
    """Read one page (`read(limit, offset)`), the last one when asked beyond it."""
    rows, count = read(size, (page - 1) * size)
    pages = max(1, -(-count // size))
    if page > pages:
        page = pages
        rows, count = read(size, (page - 1) * size)
    return Queue(rows, count, page, pages)


@data.cached
def _waiting(
    *,
    url: str,
    revision: int,
    username: str,
    role: str,
    regions: tuple | None,
    status: str,
    page: int,
    size: int,
) -> Queue:
    actor = Actor(username, "", Role(role), frozenset(regions or ()))
    with reading(url) as session:

        def read(limit: int, offset: int):
            rows, count = value_reads.waiting(session, actor, status, limit=limit, offset=offset)
            found = queue_reads.names(session, [int(i) for i in rows["id"]])
            return rows.merge(found, on="id", how="left"), count

        return _paged(read, page, size)


def waiting(status: str, page: int, size: int = PAGE_SIZE) -> Queue:
    """One page of the values of `status` waiting for the person (value_reads.waiting)."""
    page = max(1, int(page))
    return _waiting(**cache_key(), **_who(), status=status, page=page, size=size)


@data.cached
def _in_regions(
    *, url: str, revision: int, regions: tuple | None, statuses: tuple, page: int
) -> Queue:
    with reading(url) as session:
        return _paged(
            lambda limit, offset: queue_reads.region_values(
                session, regions, statuses, limit=limit, offset=offset
            ),
            page,
        )


def in_regions(statuses: tuple[str, ...], page: int) -> Queue:
    """One page of the values of some statuses in the person's regions (what was returned)."""
    regions = _regions(context.current().actor)
    return _in_regions(**cache_key(), regions=regions, statuses=statuses, page=max(1, int(page)))


@data.cached
def _calendar(
    *, url: str, revision: int, regions: tuple | None, today: date
) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    with reading(url) as session:
        decisions, count = queue_reads.overdue_decisions(session, regions, today, DECISIONS_SHOWN)
        return decisions, count, queue_reads.next_session(session, regions, today)


def calendar() -> tuple[pd.DataFrame, int, pd.DataFrame]:
    """The person's regions' first overdue decisions, their count, and next sessions."""
    run = context.current()
    return _calendar(**cache_key(), regions=_regions(run.actor), today=run.today)


def page_number(key: str) -> int:
    """The page a pager (`key`) asks for, before the read."""
    return int(st.session_state.get(key, 1))


def pager(key: str, queue: Queue) -> None:
    """A page chooser under a list longer than a page."""
    if queue.pages > 1:
        st.session_state[key] = queue.page
        st.number_input(t("approvals.page"), min_value=1, max_value=queue.pages, step=1, key=key)


def amount(row: dict) -> str:
    """A value's amount: a count, a percentage with its numerator and denominator, or "—"."""
    lang = context.current().lang
    if row.get("kind") == IndicatorKind.PERCENTAGE and pd.notna(row.get("denominator")):
        numerator, denominator = int(row["numerator"]), int(row["denominator"])
        share = formats.percent(lang, numerator / denominator)
        return f"{formats.number(lang, numerator)} / {formats.number(lang, denominator)} ({share})"
    if pd.notna(row.get("total")):
        return formats.number(lang, int(row["total"]))
    return "—"


def reason(row: dict) -> str:
    """A return reason, marked when written in another language than the reader's."""
    text, lang = row.get("return_reason") or "", row.get("return_reason_lang") or ""
    if not text:
        return "—"
    if lang and lang != context.current().lang:
        return f"{text} {t('fallback.short', language=widgets.language_name(lang))}"
    return text


def place(row: dict) -> str:
    """A value's territory by name, else by code."""
    name = widgets.localized(row, "territory", mark=False)
    return row["territory"] if name == "—" else name


def _cells(row: dict) -> dict:
    return {
        "indicator": row["indicator"],
        "title": widgets.localized(row, "title"),
        "period": row["period"],
        "territory": place(row),
        "amount": widgets.cell(amount(row)),
        "deadline": widgets.day_cell(row["deadline"]),
        "reason": reason(row),
        "reviewed_by": reviewer(row),
    }


def reviewer(row: dict) -> str:
    """Who last returned or validated a value (an account name), or "—"."""
    name = row.get("reviewed_by")
    return name if isinstance(name, str) and name else "—"


def choice(row: dict) -> str:
    """One value named in a picker: indicator, period, territory and amount."""
    return " · ".join((row["indicator"], row["period"], place(row), amount(row)))


def table(rows: pd.DataFrame, columns: tuple[str, ...], key: str) -> None:
    """Values as a table; choosing a row opens its indicator's page in this tab."""
    shown = pd.DataFrame([_cells(row) for row in rows.to_dict("records")], columns=list(HEADERS))
    config = {
        name: st.column_config.TextColumn(
            t(HEADERS[name]), width=WIDTHS.get(name, 160), pinned=name == "indicator"
        )
        for name in columns
    }
    widgets.dataframe(
        shown[list(columns)],
        config,
        key=key,
        opens=list(rows["indicator_id"]),
        opener=navigation.open_indicator,
        choose="approvals.choose_row",
    )


def decision_rows(decisions: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Overdue decisions made ready to show: text, committee, region, due date."""
    regions = widgets.region_name_map()
    shown = pd.DataFrame(
        {
            "text": widgets.localized_column(decisions, "text"),
            "committee": widgets.localized_column(decisions, "committee"),
            "region": [regions.get(code, code) for code in decisions["region_code"]],
            "due_on": [widgets.day_cell(day) for day in decisions["due_on"]],
        }
    )
    return shown, _calendar_config(shown)


def session_rows(sessions: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Each region's next council session made ready to show, with the values' deadline."""
    shown = pd.DataFrame(
        {
            "region": widgets.region_names(sessions),
            "code": sessions["code"],
            "session_on": [widgets.day_cell(day) for day in sessions["session_on"]],
            "deadline": [widgets.day_cell(day) for day in sessions["deadline"]],
        }
    )
    return shown, _calendar_config(shown)


def _calendar_config(shown: pd.DataFrame) -> dict:
    return {name: st.column_config.TextColumn(t(CALENDAR_HEADERS[name])) for name in shown}
