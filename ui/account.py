"""Who is signed in, in the sidebar; sign-in links and hints; the sign-in gate of the frame."""

from html import escape

import streamlit as st

from security.browser import LOGOUT_PATH, sign_in_url
from services import settings
from ui import context, identity
from ui.context import t


def _sign_in_href() -> str:
    run = context.current()
    return sign_in_url(run.path, run.lang)


def sign_in_link(text: str) -> None:
    """A link to the sign-in page that comes back here (plain HTML: same tab, no script)."""
    st.html(f'<a href="{escape(_sign_in_href())}" target="_self">{escape(text)}</a>')


def sign_in_hint() -> None:
    """What an anonymous reader sees instead of a form: sign in to update."""
    st.info(t("auth.sign_in_to_update"), icon=":material/lock:")
    sign_in_link(t("auth.sign_in"))


def read_only_note(msgid: str) -> None:
    """Why there is no form: sign in (anonymous readers), or this is not your region."""
    if context.current().actor.is_anonymous:
        sign_in_hint()
    else:
        st.info(t(msgid))


def refuse() -> None:
    """Stop a page the user may not open: say so, and offer anonymous readers to sign in."""
    st.error(t("auth.refused"), icon=":material/block:")
    if context.current().actor.is_anonymous:
        sign_in_link(t("auth.sign_in"))
    st.stop()


def sign_out_form(everywhere: bool = False) -> str:
    """A plain HTML form posting to /auth/logout: this browser, or all the person's sessions."""
    run = context.current()
    fields = {"csrf": identity.csrf_token(), "next": run.path, "lang": run.lang}
    if everywhere:
        # Back to the overview: the page it was sent from is for signed-in people only.
        fields.update(everywhere="1", next=f"/?lang={run.lang}")
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(value)}">'
        for name, value in fields.items()
    )
    button = escape(t("auth.sign_out_everywhere" if everywhere else "auth.sign_out"))
    return (
        f'<form class="marsad-signout" method="post" action="{LOGOUT_PATH}">'
        f'{hidden}<button type="submit">{button}</button></form>'
    )


def sidebar_box() -> None:
    """Who is signed in and their role, with sign-out; or the ways to sign in."""
    run = context.current()
    actor = run.actor
    st.sidebar.divider()
    if actor.is_anonymous:
        st.sidebar.caption(t("auth.anonymous"))
        with st.sidebar:
            sign_in_link(t("auth.sign_in"))
        if identity.sso_identity_signed_in():
            st.sidebar.warning(t("auth.sso_unlinked"))
            st.sidebar.button(t("auth.sign_out"), on_click=st.logout, key="sidebar.sso_out")
        elif identity.sso_enabled():
            st.sidebar.button(t("auth.sign_in_sso"), on_click=st.login, key="sidebar.sso")
        return
    st.sidebar.caption(t("sidebar.signed_in_as"))
    st.sidebar.text(f"{actor.display_name} · {context.label('role', actor.role)}")
    if run.via_sso:
        st.sidebar.button(t("auth.sign_out"), on_click=st.logout, key="sidebar.sso_out")
    else:
        st.sidebar.html(sign_out_form())


def gate() -> None:
    """With MARSAD_REQUIRE_LOGIN=1, stop here unless someone is signed in."""
    if not settings.login_required() or not context.current().actor.is_anonymous:
        return
    st.title(t("app.title"), anchor=False)
    st.info(t("auth.login_required"), icon=":material/lock:")
    sign_in_link(t("auth.sign_in"))
    if identity.sso_enabled():
        st.button(t("auth.sign_in_sso"), on_click=st.login, key="gate.sso")
    st.stop()
