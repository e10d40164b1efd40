"""The page run's own origin check (ui.identity.channel_is_ours), whatever the middleware does.

A websocket's handshake headers reach the page run as st.context.headers; AppTest has none, so
these tests answer `ui.identity._header` (its one reader) as a browser would. Pages run on
both backends; tests/browser/test_websocket_origin.py drives the real attack in Chromium.
"""

import pytest

from i18n.catalog import translate
from services.db import dispose_engines
from tests.helpers import TODAY
from tests.pages_helpers import button, errors, no_exception, open_page, sign_in_as
from ui import identity

APP_HOST = "127.0.0.1:8501"
OWN_ORIGIN = "http://127.0.0.1:8501"
OTHER_PORT = "http://127.0.0.1:9999"


def en(msgid: str) -> str:
    return translate("en", msgid)


def handshake(monkeypatch, host: str | None, origin: str | None) -> None:
    """The Host and Origin headers the websocket of this session was opened with."""
    sent = {"host": host, "origin": origin}
    monkeypatch.setattr(identity, "_header", lambda name: sent.get(name))


@pytest.fixture
def admin_signed_in(db_url, monkeypatch) -> str:
    """Pages read a private demo database (on each backend), an admin's session token is sent."""
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("MARSAD_TODAY", TODAY.isoformat())
    monkeypatch.delenv("MARSAD_ALLOWED_ORIGINS", raising=False)
    st.cache_data.clear()
    yield sign_in_as(monkeypatch, db_url, "admin", "admin")
    st.cache_data.clear()
    dispose_engines()


def admin_page():
    at = open_page("admin", lang="en")
    no_exception(at)
    return at


def sidebar_captions(at) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_a_page_of_another_port_gets_no_admin_page_even_with_a_valid_session(
    admin_signed_in, monkeypatch
):
    handshake(monkeypatch, APP_HOST, OTHER_PORT)
    at = admin_page()
    assert en("auth.refused") in errors(at)
    assert not at.get("form") and not at.text_input
    assert en("auth.anonymous") in sidebar_captions(at)


def test_the_sites_own_page_opens_the_admin_page(admin_signed_in, monkeypatch):
    handshake(monkeypatch, APP_HOST, OWN_ORIGIN)
    at = admin_page()
    assert en("auth.refused") not in errors(at)
    assert button(at, en("admin.create_submit"))
    assert en("sidebar.signed_in_as") in sidebar_captions(at)


def test_an_allowed_origin_opens_the_admin_page(admin_signed_in, monkeypatch):
    monkeypatch.setenv("MARSAD_ALLOWED_ORIGINS", f"https://portal.example, {OTHER_PORT}/")
    handshake(monkeypatch, APP_HOST, OTHER_PORT)
    at = admin_page()
    assert en("auth.refused") not in errors(at)
    assert button(at, en("admin.create_submit"))


@pytest.mark.parametrize(
    ("host", "origin", "allowed", "ours"),
    [
        (APP_HOST, OWN_ORIGIN, "", True),
        (APP_HOST, "HTTP://127.0.0.1:8501", "", True),
        (APP_HOST, OTHER_PORT, "", False),
        (APP_HOST, "http://localhost:8501", "", False),
        (APP_HOST, "http://127.0.0.1", "", False),
        (APP_HOST, "http://127.0.0.1:85010", "", False),
        (APP_HOST, "http://127.0.0.1:8501@evil.example", "", False),
        (APP_HOST, "null", "", False),
        (APP_HOST, "file://", "", False),
        (None, OWN_ORIGIN, "", False),
        # No Origin: not a browser page, so no one else's cookies ride along.
        (APP_HOST, None, "", True),
        (APP_HOST, OTHER_PORT, OTHER_PORT, True),
        (APP_HOST, OTHER_PORT, "http://127.0.0.1:9998", False),
        (APP_HOST, "https://127.0.0.1:9999", OTHER_PORT, False),
    ],
)
def test_a_channel_is_ours_only_when_its_origin_is_the_host_or_allowed(
    monkeypatch, host, origin, allowed, ours
):
    monkeypatch.setenv("MARSAD_ALLOWED_ORIGINS", allowed)
    handshake(monkeypatch, host, origin)
    assert identity.channel_is_ours() is ours
