"""The administration forms: the account list, create an account, change one (role, regions,
active flag, password, single sign-on email), each against the version the admin saw."""

import pandas as pd
import streamlit as st

from models.codes import Role
from services import accounts, sso
from services.db import read_session
from services.errors import ServiceError, StaleVersion
from ui import context, data, fmt, widgets
from ui.context import label, t

ROLES = tuple(r.value for r in Role)
CREATE = "admin.create"
CREATE_FIELDS = ("username", "display_name", "role", "regions", "password")
CHANGE_FIELDS = ("display_name", "role", "regions", "active")
HEADERS = {
    "username": "admin.field.username",
    "display_name": "admin.field.display_name",
    "role": "admin.field.role",
    "regions": "admin.field.regions",
    "active": "admin.field.active",
    "last_sign_in": "admin.column.last_sign_in",
    "email": "admin.field.email",
}


def users() -> pd.DataFrame:
    """Every account with its regions, state, last sign-in and single sign-on email."""
    with read_session(context.engine()) as session:
        found = accounts.list_users(session)
        emails = sso.emails(session)
    found["email"] = [emails.get(int(i), "") for i in found["id"]]
    return found


def user_rows(found: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The account list made ready to show: labels, region names, local times."""
    lang = context.lang()
    names = _region_names()
    shown = pd.DataFrame(
        {
            "username": found["username"],
            "display_name": found["display_name"],
            "role": widgets.labels(found["role"], "role"),
            "regions": [", ".join(names.get(c, c) for c in codes) for codes in found["regions"]],
            "active": found["is_active"].astype(bool),
            "last_sign_in": [
                widgets.cell(fmt.datetime_short(lang, v if pd.notna(v) else None))
                for v in found["last_sign_in_at"]
            ],
            "email": found["email"],
        }
    )
    if not context.sso_enabled():
        shown = shown.drop(columns="email")
    config = {name: st.column_config.Column(t(HEADERS[name])) for name in shown}
    config["active"] = st.column_config.CheckboxColumn(t(HEADERS["active"]))
    return shown, config


def _region_names() -> dict[str, str]:
    regions = widgets.with_region_name(data.regions())
    return dict(zip(regions["code"], regions["region_name"], strict=True))


def _role_and_regions(prefix: str, slots: dict) -> None:
    names = _region_names()
    st.selectbox(
        t(HEADERS["role"]), ROLES, format_func=widgets.labels_of("role"), key=f"{prefix}.role"
    )
    slots["role"] = st.empty()
    st.multiselect(
        t(HEADERS["regions"]),
        list(names),
        format_func=widgets.names_of(names),
        help=t("admin.regions_help"),
        placeholder=t("admin.no_region"),
        key=f"{prefix}.regions",
    )
    slots["regions"] = st.empty()


def _fill_create() -> None:
    empty = {"username": "", "display_name": "", "role": Role.EDITOR.value, "regions": []}
    for name in CREATE_FIELDS:
        st.session_state[f"{CREATE}.{name}"] = empty.get(name, "")


def create_form() -> None:
    """Create an account: username, name, role, regions and a first password."""
    if st.session_state.pop(f"{CREATE}.refill", False) or f"{CREATE}.role" not in st.session_state:
        _fill_create()
    widgets.keep(f"{CREATE}.role", f"{CREATE}.regions")
    with st.form(CREATE, border=True):
        slots = {"": st.empty()}
        left, right = st.columns(2)
        with left:
            st.text_input(t(HEADERS["username"]), max_chars=40, key=f"{CREATE}.username")
            slots["username"] = st.empty()
            st.text_input(t(HEADERS["display_name"]), max_chars=120, key=f"{CREATE}.display_name")
            slots["display_name"] = st.empty()
            _password_input("admin.field.password", f"{CREATE}.password")
            slots["password"] = st.empty()
        with right:
            _role_and_regions(CREATE, slots)
        submitted = st.form_submit_button(t("admin.create_submit"), type="primary")
    if not submitted:
        return
    state = st.session_state
    values = {name: state[f"{CREATE}.{name}"] for name in CREATE_FIELDS}
    _save(
        slots,
        lambda: accounts.create_user(context.engine(), acting=context.actor(), **values),
        CREATE,
        "admin.created",
        username=accounts.normalize_username(values["username"]),
    )


def _save(slots: dict, write, prefix: str, msgid: str, **params) -> None:
    """Run a write; on success refill the form and confirm, else show why beside the fields."""
    try:
        write()
    except StaleVersion:
        st.session_state[f"{prefix}.stale"] = True
        return
    except ServiceError as error:
        widgets.show_problems(slots, error.problems)
        return
    st.session_state[f"{prefix}.refill"] = True
    context.flash(msgid, **params)
    st.rerun()


def _fill_user(prefix: str, user: dict) -> None:
    state = st.session_state
    state[f"{prefix}.display_name"] = user["display_name"]
    state[f"{prefix}.role"] = user["role"]
    state[f"{prefix}.regions"] = list(user["regions"])
    state[f"{prefix}.active"] = bool(user["is_active"])
    state[f"{prefix}.email"] = user["email"]
    state[f"{prefix}.password"] = ""
    state[f"{prefix}.version"] = int(user["version"])
    state.pop(f"{prefix}.stale", None)


def _reload(prefix: str) -> None:
    st.session_state[f"{prefix}.refill"] = True


def change_forms(user: dict) -> None:
    """Change one account (role, regions, active), its password and its sign-on email."""
    prefix = f"admin.user.{int(user['id'])}"
    state = st.session_state
    if state.pop(f"{prefix}.refill", False) or f"{prefix}.version" not in state:
        _fill_user(prefix, user)
    _account_form(prefix, user["username"])
    left, right = st.columns(2)
    with left:
        _password_form(prefix, user["username"])
    if context.sso_enabled():
        with right:
            _email_form(prefix, user["username"])


def _account_form(prefix: str, username: str) -> None:
    state = st.session_state
    expected = state[f"{prefix}.version"]
    widgets.keep(f"{prefix}.role", f"{prefix}.regions")
    with st.form(f"{prefix}.form", border=True):
        slots = {"": st.empty()}
        left, right = st.columns(2)
        with left:
            st.text_input(t(HEADERS["display_name"]), max_chars=120, key=f"{prefix}.display_name")
            slots["display_name"] = st.empty()
            st.checkbox(t(HEADERS["active"]), key=f"{prefix}.active")
            slots["active"] = st.empty()
        with right:
            _role_and_regions(prefix, slots)
        submitted = st.form_submit_button(t("admin.change_submit"), type="primary")
    if submitted:
        values = {name: state[f"{prefix}.{name}"] for name in CHANGE_FIELDS}
        _save(
            slots,
            lambda: accounts.update_user(
                context.engine(),
                acting=context.actor(),
                username=username,
                expected_version=expected,
                **values,
            ),
            prefix,
            "admin.changed",
            username=username,
        )
    if state.get(f"{prefix}.stale"):
        widgets.show_problems(slots, StaleVersion().problems)
        st.button(
            t("measure.form.reload"),
            on_click=_reload,
            args=(prefix,),
            icon=":material/refresh:",
            key=f"{prefix}.reload",
        )


def _password_input(label_id: str, key: str) -> None:
    st.text_input(
        t(label_id),
        type="password",
        max_chars=accounts.PASSWORD_MAX,
        help=t("admin.password_help", min=accounts.PASSWORD_MIN),
        key=key,
    )


def _password_form(prefix: str, username: str) -> None:
    with st.form(f"{prefix}.password_form", border=True):
        slots = {"": st.empty()}
        _password_input("admin.field.new_password", f"{prefix}.password")
        slots["password"] = st.empty()
        submitted = st.form_submit_button(t("admin.password_submit"))
    if submitted:
        password = st.session_state[f"{prefix}.password"]
        _save(
            slots,
            lambda: accounts.set_password(
                context.engine(), acting=context.actor(), username=username, password=password
            ),
            prefix,
            "admin.password_set",
            username=username,
        )


def _email_form(prefix: str, username: str) -> None:
    expected = st.session_state[f"{prefix}.version"]
    with st.form(f"{prefix}.email_form", border=True):
        slots = {"": st.empty()}
        st.text_input(
            t(HEADERS["email"]), max_chars=254, help=t("admin.email_help"), key=f"{prefix}.email"
        )
        slots["email"] = st.empty()
        submitted = st.form_submit_button(t("admin.email_submit"))
    if submitted:
        email = st.session_state[f"{prefix}.email"]
        _save(
            slots,
            lambda: sso.set_email(
                context.engine(),
                acting=context.actor(),
                username=username,
                email=email,
                expected_version=expected,
            ),
            prefix,
            "admin.email_set",
            username=username,
        )


def user_label(found: pd.DataFrame) -> dict[int, str]:
    """Names for the account picker: "username · display name (role)"."""
    return {
        int(row["id"]): f"{row['username']} · {row['display_name']} ({label('role', row['role'])})"
        for row in found.to_dict("records")
    }
