"""The administration forms: the account list, create an account, change one (role, regions,
active flag, password, single sign-on email), each against the version the admin saw."""

import streamlit as st

from models import limits
from models.codes import Role
from services import accounts, users
from services.db import engine
from services.errors import ServiceError, StaleVersion
from ui import context, identity, widgets
from ui.context import t

ROLES = tuple(r.value for r in Role)
CREATE = "admin.create"
CREATE_FIELDS = ("username", "display_name", "role", "regions", "password")
CHANGE_FIELDS = ("display_name", "role", "regions", "active")
ACCOUNT_HEADERS = {
    "username": "admin.field.username",
    "display_name": "admin.field.display_name",
    "role": "admin.field.role",
    "regions": "admin.field.regions",
    "active": "admin.field.active",
    "last_sign_in": "admin.column.last_sign_in",
    "email": "admin.field.email",
}


def _role_and_regions(prefix: str, slots: dict) -> None:
    names = widgets.region_name_map()
    st.selectbox(
        t(ACCOUNT_HEADERS["role"]),
        ROLES,
        format_func=widgets.labels_of("role"),
        key=f"{prefix}.role",
    )
    slots["role"] = st.empty()
    st.multiselect(
        t(ACCOUNT_HEADERS["regions"]),
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
            st.text_input(
                t(ACCOUNT_HEADERS["username"]),
                max_chars=limits.USERNAME_MAX,
                key=f"{CREATE}.username",
            )
            slots["username"] = st.empty()
            st.text_input(
                t(ACCOUNT_HEADERS["display_name"]),
                max_chars=limits.DISPLAY_NAME_MAX,
                key=f"{CREATE}.display_name",
            )
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
        lambda: accounts.create_user(engine(), actor=context.current().actor, **values),
        CREATE,
        "admin.created",
        username=users.normalize_username(values["username"]),
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
    if identity.sso_enabled():
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
            st.text_input(
                t(ACCOUNT_HEADERS["display_name"]),
                max_chars=limits.DISPLAY_NAME_MAX,
                key=f"{prefix}.display_name",
            )
            slots["display_name"] = st.empty()
            st.checkbox(t(ACCOUNT_HEADERS["active"]), key=f"{prefix}.active")
            slots["active"] = st.empty()
        with right:
            _role_and_regions(prefix, slots)
        submitted = st.form_submit_button(t("admin.change_submit"), type="primary")
    if submitted:
        values = {name: state[f"{prefix}.{name}"] for name in CHANGE_FIELDS}
        _save(
            slots,
            lambda: accounts.update_user(
                engine(),
                actor=context.current().actor,
                username=username,
                expected_version=expected,
                **values,
            ),
            prefix,
            "admin.changed",
            username=username,
        )
    if state.get(f"{prefix}.stale"):
        widgets.show_problems(slots, StaleVersion("account").problems)
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
        max_chars=limits.PASSWORD_MAX,
        help=t("admin.password_help", min=limits.PASSWORD_MIN),
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
                engine(), actor=context.current().actor, username=username, password=password
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
            t(ACCOUNT_HEADERS["email"]),
            max_chars=limits.EMAIL_MAX,
            help=t("admin.email_help"),
            key=f"{prefix}.email",
        )
        slots["email"] = st.empty()
        submitted = st.form_submit_button(t("admin.email_submit"))
    if submitted:
        email = st.session_state[f"{prefix}.email"]
        _save(
            slots,
            lambda: accounts.set_email(
                engine(),
                actor=context.current().actor,
                username=username,
                email=email,
                expected_version=expected,
            ),
            prefix,
            "admin.email_set",
            username=username,
        )
