"""Audit: who changed what and when, and who signed in (editors: their regions; admins: all)."""

import streamlit as st

from ui import account, audit_view, context, fmt, sidebar, widgets
from ui.context import t

sidebar.ensure_frame()

lang = context.lang()
st.title(t("audit.title"))
if not context.actor().can_audit:
    account.refuse()

flt = audit_view.filters()
found = audit_view.trail(flt)
audit_view.truncated_note(found)

st.subheader(t("audit.changes_title", count=fmt.number(lang, len(found.changes))))
if found.changes.empty:
    st.info(t("audit.empty"))
else:
    shown, config = audit_view.change_rows(found.changes)
    widgets.dataframe(shown, config, key="audit.changes")
    widgets.download_csv(
        t("audit.download"),
        audit_view.csv_of(shown, audit_view.CHANGE_HEADERS),
        audit_view.file_name("changes", flt, context.today()),
        key="audit.changes_csv",
    )

st.subheader(t("audit.sign_ins_title", count=fmt.number(lang, len(found.sign_ins))))
if found.sign_ins.empty:
    st.info(t("audit.empty"))
else:
    shown, config = audit_view.sign_in_rows(found.sign_ins)
    widgets.dataframe(shown, config, key="audit.sign_ins")
    widgets.download_csv(
        t("audit.download"),
        audit_view.csv_of(shown, audit_view.SIGN_IN_HEADERS),
        audit_view.file_name("sign-ins", flt, context.today()),
        key="audit.sign_ins_csv",
    )
