"""Audit: who changed what and when, and who signed in (editors: their regions; admins: all)."""

import streamlit as st

from i18n import formats
from ui import account, audit_view, context, downloads, frame, widgets
from ui.context import t

frame.ensure()

run = context.current()

lang = run.lang
st.title(t("audit.title"), anchor=False)
if not run.actor.can_audit:
    account.refuse()

flt, page = audit_view.filters()
found = audit_view.trail(flt, page)
audit_view.page_note(found, page)

# The trail of changes, then the sign-in log: same layout, own rows and CSV links.
sections = (
    ("changes", "audit.changes_title", found.changes, audit_view.change_rows),
    ("sign_ins", "audit.sign_ins_title", found.sign_ins, audit_view.sign_in_rows),
)
for kind, title, rows, to_rows in sections:
    st.subheader(t(title, count=formats.number(lang, len(rows))), anchor=False)
    if rows.empty:
        st.info(t("audit.empty"))
        continue
    shown, config = to_rows(rows)
    widgets.dataframe(shown, config, key=f"audit.{kind}")
    downloads.download_links(kind, flt)
