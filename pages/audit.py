"""Audit: who changed what and when, and who signed in (editors: their regions; admins: all)."""

import streamlit as st

from i18n import formats
from ui import account, audit_view, context, frame, widgets
from ui.context import t

frame.ensure()

run = context.current()

lang = run.lang
st.title(t("audit.title"))
if not run.actor.can_audit:
    account.refuse()

flt = audit_view.filters()
found = audit_view.trail(flt)
audit_view.truncated_note(found)

# The trail of changes, then the sign-in log: same layout, own rows and CSV headers.
sections = (
    (
        "changes",
        "audit.changes_title",
        found.changes,
        audit_view.change_rows,
        audit_view.CHANGE_HEADERS,
    ),
    (
        "sign_ins",
        "audit.sign_ins_title",
        found.sign_ins,
        audit_view.sign_in_rows,
        audit_view.SIGN_IN_HEADERS,
    ),
)
for kind, title, rows, to_rows, headers in sections:
    st.subheader(t(title, count=formats.number(lang, len(rows))))
    if rows.empty:
        st.info(t("audit.empty"))
        continue
    shown, config = to_rows(rows)
    widgets.dataframe(shown, config, key=f"audit.{kind}")
    widgets.download_csv(
        t("audit.download"),
        audit_view.csv_of(shown, headers),
        audit_view.file_name(kind.replace("_", "-"), flt, run.today),
        key=f"audit.{kind}_csv",
    )
