"""Administration: accounts, their roles and regions, active flag and last sign-in (admins)."""

import streamlit as st

from ui import account, account_tables, admin_forms, context, frame, plan_records, widgets
from ui.context import t

frame.ensure()

run = context.current()

st.title(t("admin.title"), anchor=False)
if not run.actor.can_manage_users:
    account.refuse()

users = account_tables.accounts()
shown, config = account_tables.user_rows(users)
widgets.dataframe(shown, config, key="admin.users")

st.subheader(t("admin.create_title"), anchor=False)
admin_forms.create_form()

st.subheader(t("admin.change_title"), anchor=False)
names = account_tables.user_label(users)
widgets.keep("admin.user")
chosen = st.selectbox(
    t("admin.select_user"), list(names), format_func=widgets.names_of(names), key="admin.user"
)
admin_forms.change_forms(users[users["id"] == chosen].iloc[0].to_dict())

st.subheader(t("record.admin_title"), anchor=False)
plan_records.administration()
