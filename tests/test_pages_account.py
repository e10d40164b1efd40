"""The account page: who I am, my sessions, sign out everywhere, changing my own password."""

import pytest

from i18n.catalog import translate
from services.auth import resolve_session, sign_in
from services.db import make_engine
from tests.helpers import changed_rows, dump
from tests.pages_helpers import PASSWORD, button, errors, no_exception, open_page, sign_in_as

pytestmark = pytest.mark.usefixtures("app_env")
NEW_PASSWORD = "Lantern-Cobalt-Meadow-2031"


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


@pytest.fixture
def signed_in(seeded_url, monkeypatch):
    """Souss-Massa's editor, signed in here (the page's token) and on a phone."""
    token = sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    engine = make_engine(seeded_url)
    phone, _ = sign_in(engine, username="editor.souss", password=PASSWORD)
    yield engine, token, phone
    engine.dispose()


def fill(at, current: str, new: str, confirm: str) -> None:
    for key, value in (("current", current), ("password", new), ("confirm", confirm)):
        at.text_input(key=f"account.password.{key}").input(value)
    button(at, fr("account.password_submit")).click().run()
    no_exception(at)


def test_anonymous_readers_are_refused(seeded_url, monkeypatch):
    at = open_page("account")
    no_exception(at)
    assert fr("auth.refused") in errors(at)
    assert not at.text_input


def test_the_page_lists_this_browser_and_offers_sign_out_everywhere(signed_in):
    at = open_page("account")
    no_exception(at)
    sessions = at.dataframe[0].value
    assert len(sessions) == 2
    assert sessions["current"].tolist().count(fr("account.this_browser")) == 1
    forms = [h.proto.body for h in at.get("html") if "everywhere" in h.proto.body]
    assert len(forms) == 1 and 'name="everywhere" value="1"' in forms[0]


def test_a_refused_change_keeps_what_was_typed_and_changes_nothing(signed_in):
    engine, _token, _phone = signed_in
    at = open_page("account")
    before = dump(engine)
    fill(at, "not-the-password", "aaaaaaaaaaaa", "aaaaaaaaaaaa")
    assert fr("error.current_password_wrong") in errors(at)
    assert fr("error.password_guessable") in errors(at)
    assert at.text_input(key="account.password.password").value == "aaaaaaaaaaaa"
    assert changed_rows(before, dump(engine)) == {}


def test_a_change_ends_the_other_sessions_and_keeps_this_one(signed_in):
    engine, token, phone = signed_in
    at = open_page("account")
    fill(at, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    assert [s.value for s in at.success] == [fr("account.password_changed", count=1)]
    assert at.text_input(key="account.password.password").value == ""
    assert resolve_session(engine, token) is not None
    assert resolve_session(engine, phone) is None
    sign_in(engine, username="editor.souss", password=NEW_PASSWORD)
