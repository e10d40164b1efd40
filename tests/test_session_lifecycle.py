"""Session lifecycle: a sign-in replaces the browser's token, sign out everywhere, own password."""

import pytest
from sqlalchemy import select

from models import AuthSession, ChangeLog, SignInEvent
from security import browser as security
from services import sessions
from services.accounts import create_user
from services.actors import COMMAND_LINE
from services.auth import resolve_session, sign_in
from services.db import engine, read_session
from services.errors import NotAllowed, ValidationFailed
from tests.helpers import changed_rows, dump
from tests.test_server_routes import PASSWORD, app_url, client, post, set_cookies  # noqa: F401
from tests.test_server_routes import sign_in as sign_in_by_form

NEW_PASSWORD = "Lantern-Cobalt-Meadow-2031"


def test_a_sign_in_replaces_this_browsers_token_and_keeps_the_others(app_url):  # noqa: F811
    laptop, phone = client(), client()
    sign_in_by_form(laptop)
    sign_in_by_form(phone)
    first = laptop.cookies[security.SESSION_COOKIE]
    assert sign_in_by_form(laptop).status_code == 303
    second = laptop.cookies[security.SESSION_COOKIE]
    assert second != first
    assert resolve_session(engine(), first) is None
    assert resolve_session(engine(), second).username == "editor.souss"
    assert resolve_session(engine(), phone.cookies[security.SESSION_COOKIE]) is not None


def test_sign_out_everywhere_ends_every_session_and_rotates_the_csrf_token(app_url):  # noqa: F811
    laptop, phone = client(), client()
    sign_in_by_form(laptop)
    sign_in_by_form(phone)
    create_user(
        engine(),
        actor=COMMAND_LINE,
        username="karim",
        display_name="Karim",
        password=NEW_PASSWORD,
        role="viewer",
    )
    other = client()
    sign_in_by_form(other, username="karim", password=NEW_PASSWORD)
    tokens = [web.cookies[security.SESSION_COOKIE] for web in (laptop, phone, other)]
    csrf = laptop.cookies[security.CSRF_COOKIE]
    answer = post(laptop, "/auth/logout", {"csrf": csrf, "everywhere": "1", "next": "/"})
    assert answer.status_code == 303
    assert security.SESSION_COOKIE not in laptop.cookies
    assert laptop.cookies[security.CSRF_COOKIE] != csrf
    assert "HttpOnly" in set_cookies(answer)[security.CSRF_COOKIE]
    assert [resolve_session(engine(), token) is None for token in tokens] == [True, True, False]
    with read_session(engine()) as session:
        logged = session.execute(
            select(ChangeLog.detail).where(ChangeLog.action == "signed_out_everywhere")
        ).scalar_one()
    assert logged == '{"sessions": 2}'


def test_plain_sign_out_rotates_the_csrf_token_and_keeps_other_devices(app_url):  # noqa: F811
    laptop, phone = client(), client()
    sign_in_by_form(laptop)
    sign_in_by_form(phone)
    csrf = laptop.cookies[security.CSRF_COOKIE]
    post(laptop, "/auth/logout", {"csrf": csrf, "next": "/"})
    assert laptop.cookies[security.CSRF_COOKIE] != csrf
    assert resolve_session(engine(), phone.cookies[security.SESSION_COOKIE]) is not None


@pytest.fixture
def person(db_engine):
    """An editor signed in on two devices: (actor, laptop token, phone token)."""
    create_user(
        db_engine,
        actor=COMMAND_LINE,
        username="nadia",
        display_name="Nadia Amrani",
        password=PASSWORD,
        role="editor",
        regions=["09"],
    )
    laptop, actor = sign_in(db_engine, username="nadia", password=PASSWORD)
    phone, _ = sign_in(db_engine, username="nadia", password=PASSWORD)
    return actor, laptop, phone


def change(engine_, actor, token, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return sessions.change_own_password(
        engine_,
        actor=actor,
        token=token,
        current=current,
        new=new,
        confirm=new if confirm is None else confirm,
    )


def test_changing_ones_password_ends_the_other_sessions_only(db_engine, person):
    actor, laptop, phone = person
    listed = sessions.open_sessions(db_engine, actor, laptop)
    assert [s.current for s in listed].count(True) == 1 and len(listed) == 2
    assert change(db_engine, actor, laptop) == 1
    assert resolve_session(db_engine, laptop) is not None
    assert resolve_session(db_engine, phone) is None
    sign_in(db_engine, username="nadia", password=NEW_PASSWORD)
    with read_session(db_engine) as session:
        open_count = len(
            session.execute(select(AuthSession.id).where(AuthSession.revoked_at.is_(None))).all()
        )
    assert open_count == 2


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ({"current": "not-my-password-99"}, ["error.current_password_wrong"]),
        ({"new": "aaaaaaaaaaaa"}, ["error.password_guessable"]),
        ({"new": "Nadia-Amrani-2031"}, ["error.password_personal"]),
        ({"new": PASSWORD}, ["error.password_unchanged"]),
        ({"confirm": "Lantern-Cobalt-Meadow-2032"}, ["error.password_mismatch"]),
        (
            {"current": "wrong-one-Quartz", "new": "aaaaaaaaaaaa"},
            ["error.current_password_wrong", "error.password_guessable"],
        ),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(db_engine, person, typed, codes):
    actor, laptop, _phone = person
    before = dump(db_engine)
    with pytest.raises(ValidationFailed) as refused:
        change(db_engine, actor, laptop, **typed)
    assert [p.code for p in refused.value.problems] == codes
    # Only the throttle counted the attempt.
    assert changed_rows(before, dump(db_engine)) == {}


def test_guessing_the_current_password_is_paused_like_a_sign_in(db_engine, person, monkeypatch):
    actor, laptop, _phone = person
    checked = []
    verify = sessions.verify_password
    monkeypatch.setattr(sessions, "verify_password", lambda *a: checked.append(1) or verify(*a))
    for _ in range(5):
        with pytest.raises(ValidationFailed):
            change(db_engine, actor, laptop, current="not-my-password-99")
    with pytest.raises(ValidationFailed) as refused:
        change(db_engine, actor, laptop)
    assert [p.code for p in refused.value.problems] == ["error.current_password_paused"]
    assert len(checked) == 5  # the sixth was refused unchecked
    with read_session(db_engine) as session:
        logged = session.execute(
            select(SignInEvent.outcome, SignInEvent.ip, SignInEvent.attempts)
        ).all()
    assert ("bad_credentials", sessions.ACCOUNT_PAGE, 5) in logged
    # The sign-in form, from any address, is not paused by it.
    assert sign_in(db_engine, username="nadia", password=PASSWORD, ip="10.0.0.9")


def test_refused_new_passwords_are_no_guesses_and_never_pause_the_form(db_engine, person):
    actor, laptop, _phone = person
    for _ in range(6):
        with pytest.raises(ValidationFailed) as refused:
            change(db_engine, actor, laptop, new="aaaaaaaaaaaa")
        assert [p.code for p in refused.value.problems] == ["error.password_guessable"]
    assert change(db_engine, actor, laptop) == 1


def test_nobody_changes_a_password_without_being_signed_in(db_engine, person):
    from services.actors import ANONYMOUS

    with pytest.raises(NotAllowed):
        change(db_engine, ANONYMOUS, None)
    with pytest.raises(NotAllowed):
        sessions.open_sessions(db_engine, ANONYMOUS, None)
