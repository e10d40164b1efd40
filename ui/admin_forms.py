"""The administration forms: create an account, change one (role, regions, active flag),
its password and its single sign-on email, each against the account the admin saw."""

import streamlit as st

from models import limits
from models.codes import Role
from services import accounts, throttle, users
from services.db import engine
from ui import identity, widgets
from ui.context import t
from ui.forms import Form, Shown, max_chars_help

ROLES = tuple(r.value for r in Role)
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


def _text(form: Form, name: str, limit: int) -> None:
    st.text_input(t(ACCOUNT_HEADERS[name]), help=max_chars_help(limit), key=form.widget(name))
    form.slot(name)


def _role_and_regions(form: Form) -> None:
    names = widgets.region_name_map()
    widgets.keep(form.widget("role"), form.widget("regions"))
    st.selectbox(
        t(ACCOUNT_HEADERS["role"]),
        ROLES,
        format_func=widgets.labels_of("role"),
        key=form.widget("role"),
    )
    form.slot("role")
    st.multiselect(
        t(ACCOUNT_HEADERS["regions"]),
        list(names),
        format_func=widgets.names_of(names),
        help=t("admin.regions_help"),
        placeholder=t("admin.no_region"),
        key=form.widget("regions"),
    )
    form.slot("regions")


def create_form() -> None:
    """Create an account: username, name, role, regions and a first password."""
    form = Form("admin.create")
    empty = {"username": "", "display_name": "", "role": Role.EDITOR.value, "regions": []}
    form.prepare(Shown(), empty | {"password": ""})
    with form.frame():
        left, right = st.columns(2)
        with left:
            _text(form, "username", limits.USERNAME_MAX)
            _text(form, "display_name", limits.DISPLAY_NAME_MAX)
            _password_input(form, "admin.field.password")
        with right:
            _role_and_regions(form)
        submitted = form.submit(t("admin.create_submit"), type="primary")
    if submitted:
        values = {name: form.value(name) for name in CREATE_FIELDS}
        form.save(
            lambda actor, _shown: accounts.create_user(engine(), actor=actor, **values),
            lambda _id: (
                "admin.created",
                {"username": users.normalize_username(values["username"])},
            ),
        )


def _record(user: dict) -> str:
    return f"account.{int(user['id'])}"


def change_forms(user: dict) -> None:
    """Change one account (role, regions, active), its password and its sign-on email."""
    shown = Shown(user["username"], int(user["version"]))
    _account_form(user, shown)
    left, right = st.columns(2)
    with left:
        _password_form(user, shown)
    with right:
        if identity.sso_enabled():
            _email_form(user, shown)
        _throttle_form(user, shown)


def _throttle_form(user: dict, shown: Shown) -> None:
    """Let the account sign in again at once after repeated failures paused it."""
    form = Form(f"admin.user.{int(user['id'])}.throttle", record=_record(user))
    form.prepare(shown, {})
    with form.frame():
        st.caption(t("admin.throttle_help"))
        submitted = form.submit(t("admin.throttle_submit"))
    if submitted:
        form.save(
            lambda actor, seen: throttle.lift_throttle(engine(), actor=actor, username=seen.id),
            lambda paused: ("admin.throttle_lifted", {"username": form.shown.id, "count": paused}),
        )


def _account_form(user: dict, shown: Shown) -> None:
    form = Form(f"admin.user.{int(user['id'])}", record=_record(user))
    form.prepare(
        shown,
        {
            "display_name": user["display_name"],
            "role": user["role"],
            "regions": list(user["regions"]),
            "active": bool(user["is_active"]),
        },
    )
    with form.frame():
        left, right = st.columns(2)
        with left:
            _text(form, "display_name", limits.DISPLAY_NAME_MAX)
            st.checkbox(t(ACCOUNT_HEADERS["active"]), key=form.widget("active"))
            form.slot("active")
        with right:
            _role_and_regions(form)
        submitted = form.submit(t("admin.change_submit"), type="primary")
    if submitted:
        values = {name: form.value(name) for name in CHANGE_FIELDS}
        form.save(
            lambda actor, seen: accounts.update_user(
                engine(), actor=actor, username=seen.id, expected_version=seen.version, **values
            ),
            lambda _version: ("admin.changed", {"username": form.shown.id}),
        )
    form.conflict(t("admin.reload"))


def _password_input(form: Form, label_id: str) -> None:
    st.text_input(
        t(label_id),
        type="password",
        help=t("admin.password_help", min=limits.PASSWORD_MIN, max=limits.PASSWORD_MAX),
        key=form.widget("password"),
    )
    form.slot("password")


def _password_form(user: dict, shown: Shown) -> None:
    form = Form(f"admin.user.{int(user['id'])}.password", record=_record(user))
    form.prepare(shown, {"password": ""})
    with form.frame():
        _password_input(form, "admin.field.new_password")
        submitted = form.submit(t("admin.password_submit"))
    if submitted:
        password = form.value("password")
        form.save(
            lambda actor, seen: accounts.set_password(
                engine(), actor=actor, username=seen.id, password=password
            ),
            lambda _none: ("admin.password_set", {"username": form.shown.id}),
        )


def _email_form(user: dict, shown: Shown) -> None:
    form = Form(f"admin.user.{int(user['id'])}.email", record=_record(user))
    form.prepare(shown, {"email": user["email"]})
    with form.frame():
        _text(form, "email", limits.EMAIL_MAX, "admin.email_help")
        submitted = form.submit(t("admin.email_submit"))
    if submitted:
        email = form.value("email")
        form.save(
            lambda actor, seen: accounts.set_email(
                engine(),
                actor=actor,
                username=seen.id,
                email=email,
                expected_version=seen.version,
            ),
            lambda _version: ("admin.email_set", {"username": form.shown.id}),
        )
    form.conflict(t("admin.reload"))
