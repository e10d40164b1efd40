"""The account list made ready to show, and the names of the account picker."""

import pandas as pd
import streamlit as st

from i18n import formats
from services import users
from services.db import engine, read_session
from ui import context, identity, widgets
from ui.admin_forms import ACCOUNT_HEADERS
from ui.context import label, t


def accounts() -> pd.DataFrame:
    """Every account with its regions, state, last sign-in and single sign-on email."""
    with read_session(engine()) as session:
        return users.list_users(session)


def user_rows(found: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The account list made ready to show: labels, region names, local times."""
    lang = context.current().lang
    names = widgets.region_name_map()
    shown = pd.DataFrame(
        {
            "username": found["username"],
            "display_name": found["display_name"],
            "role": widgets.labels(found["role"], "role"),
            "regions": [", ".join(names.get(c, c) for c in codes) for codes in found["regions"]],
            "active": found["is_active"].astype(bool),
            "last_sign_in": [
                widgets.cell(formats.datetime_short(lang, v if pd.notna(v) else None))
                for v in found["last_sign_in_at"]
            ],
            "email": found["email"],
        }
    )
    if not identity.sso_enabled():
        shown = shown.drop(columns="email")
    config = {name: st.column_config.Column(t(ACCOUNT_HEADERS[name])) for name in shown}
    config["active"] = st.column_config.CheckboxColumn(t(ACCOUNT_HEADERS["active"]))
    return shown, config


def user_label(found: pd.DataFrame) -> dict[int, str]:
    """Names for the account picker: "username · display name (role)"."""
    return {
        int(row["id"]): f"{row['username']} · {row['display_name']} ({label('role', row['role'])})"
        for row in found.to_dict("records")
    }
