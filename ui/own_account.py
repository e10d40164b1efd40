"""The signed-in person's own account: who they are, their open sessions, their password."""

import pandas as pd
import streamlit as st

from i18n import formats
from models import limits
from services import sessions
from services.db import engine
from ui import account, context, identity, widgets
from ui.context import label, t
from ui.forms import Form, Shown

# The widgets of the password form and their labels.
FIELDS = {
    "current": "account.field.current",
    "password": "account.field.password",
    "confirm": "account.field.confirm",
}


def who() -> None:
    """Name, login name, role and regions of the signed-in person."""
    actor = context.current().actor
    widgets.field(t("account.field.display_name"), actor.display_name)
    widgets.field(t("account.field.username"), actor.username)
    widgets.field(t("account.field.role"), label("role", actor.role))
    if actor.regions:
        names = widgets.region_name_map()
        regions = ", ".join(names.get(code, code) for code in sorted(actor.regions))
        widgets.field(t("account.field.regions"), regions)


def open_sessions() -> None:
    """This person's signed-in browsers, and a button that signs them all out."""
    run = context.current()
    found = sessions.open_sessions(engine(), run.actor, identity.session_token())
    shown = pd.DataFrame(
        {
            "started": [widgets.cell(formats.datetime_short(run.lang, s.started)) for s in found],
            "last_seen": [
                widgets.cell(formats.datetime_short(run.lang, s.last_seen)) for s in found
            ],
            "current": [t("account.this_browser") if s.current else "" for s in found],
        }
    )
    config = {
        "started": st.column_config.TextColumn(t("account.col.started")),
        "last_seen": st.column_config.TextColumn(t("account.col.last_seen")),
        "current": st.column_config.TextColumn(""),
    }
    widgets.dataframe(shown, config, key="account.sessions")
    st.caption(t("account.everywhere_help"))
    st.html(account.sign_out_form(everywhere=True))


def password_form() -> None:
    """Change one's own password: the current one, the new one twice."""
    form = Form("account.password")
    form.prepare(Shown(context.current().actor.username), dict.fromkeys(FIELDS, ""))
    with form.frame():
        for name, label_id in FIELDS.items():
            help_text = None
            if name == "password":
                help_text = t(
                    "account.password_help", min=limits.PASSWORD_MIN, max=limits.PASSWORD_MAX
                )
            st.text_input(t(label_id), type="password", help=help_text, key=form.widget(name))
            form.slot(name)
        submitted = form.submit(t("account.password_submit"))
    if submitted:
        typed = {name: form.value(name) for name in FIELDS}
        form.save(
            lambda actor, _seen: sessions.change_own_password(
                engine(),
                actor=actor,
                token=identity.session_token(),
                current=typed["current"],
                new=typed["password"],
                confirm=typed["confirm"],
            ),
            lambda ended: ("account.password_changed", {"count": ended}),
        )
    form.conflict(t("admin.reload"))
