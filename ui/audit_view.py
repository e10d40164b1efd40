"""The audit page's filters, reads and tables: changes and sign-ins ready to show."""

import pandas as pd
import streamlit as st

from exports import audit_csv
from i18n import formats
from models import limits
from services.audit import AUDIT_PAGE, AuditFilter, AuditTrail, audit_trail
from services.db import engine, read_session
from ui import context, widgets
from ui.context import t


def filters() -> tuple[AuditFilter, int]:
    """The sidebar's region (within the reader's rights), then user, date range and page."""
    run = context.current()
    region = run.region
    if region and not run.actor.can_manage_users and region not in run.actor.regions:
        # An editor looking at another region reads the audit of their own regions instead.
        st.info(t("audit.own_regions_only", region=widgets.region_name_map().get(region, region)))
        region = None
    columns = st.columns([3, 3, 3, 2])
    username = columns[0].text_input(
        t("audit.filter.user"), max_chars=limits.USERNAME_MAX, key="audit.user"
    )
    since = columns[1].date_input(
        t("audit.filter.since"), value=None, format="YYYY-MM-DD", key="audit.since"
    )
    until = columns[2].date_input(
        t("audit.filter.until"), value=None, format="YYYY-MM-DD", key="audit.until"
    )
    page = columns[3].number_input(
        t("audit.page"), min_value=1, max_value=limits.AUDIT_PAGES_MAX, step=1, key="audit.page"
    )
    return AuditFilter(region=region, username=username, since=since, until=until), int(page)


def trail(flt: AuditFilter, page: int) -> AuditTrail:
    """One page of the audit trail this reader may see (not cached: the sign-in log changes
    without a write)."""
    with read_session(engine()) as session:
        actor = context.current().actor
        return audit_trail(session, actor=actor, flt=flt, limit=AUDIT_PAGE, page=page)


def _config(kind: str) -> dict:
    return {
        name: st.column_config.Column(t(msgid)) for name, msgid in audit_csv.HEADERS[kind].items()
    }


def change_rows(changes: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Changes made ready to show (as the CSV holds them) and the table's column settings."""
    lang = context.current().lang
    config = _config(audit_csv.CHANGES)
    detail = audit_csv.HEADERS[audit_csv.CHANGES]["detail"]
    config["detail"] = st.column_config.TextColumn(t(detail), width="large")
    return audit_csv.change_rows(changes, lang, widgets.region_name_map()), config


def sign_in_rows(sign_ins: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Sign-in log entries made ready to show (as the CSV holds them), with column settings."""
    shown = audit_csv.sign_in_rows(sign_ins, context.current().lang)
    return shown, _config(audit_csv.SIGN_INS)


def page_note(found: AuditTrail, page: int) -> None:
    """Say which page of entries is shown, and when older ones follow."""
    lang = context.current().lang
    older = t("audit.older", next=formats.number(lang, page + 1)) if found.truncated else ""
    size = formats.number(lang, AUDIT_PAGE)
    st.caption(f"{t('audit.page_note', page=formats.number(lang, page), size=size)} {older}")
