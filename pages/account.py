"""My account: who I am, where I am signed in, sign out everywhere, change my password."""

import streamlit as st

from ui import account, context, frame, own_account
from ui.context import t

frame.ensure()

run = context.current()

st.title(t("account.title"), anchor=False)
if not run.actor.is_signed_in:
    account.refuse()

own_account.who()
if run.via_sso:
    st.info(t("account.sso_note"))
    st.stop()

st.subheader(t("account.sessions_title"), anchor=False)
own_account.open_sessions()

st.subheader(t("account.password_title"), anchor=False)
own_account.password_form()
