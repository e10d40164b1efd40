"""Signing in and out, session tokens and the sign-in log (the throttle: test_throttle.py)."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update
from sqlmodel import Session

from models import AuthSession, Region, SignInEvent, User
from models.codes import Role
from services.accounts import create_user, set_active
from services.actors import COMMAND_LINE
from services.auth import (
    ABSOLUTE_TIMEOUT,
    IDLE_TIMEOUT,
    SessionRefused,
    SignInRefused,
    check_session,
    recent_sign_ins,
    record_event,
    resolve_session,
    sign_in,
    sign_out,
)
from services.db import data_revision
from services.passwords import HASHER, needs_rehash
from tests.helpers import ADMIN, dump

PASSWORD = "correct horse battery"
WRONG = "wrong horse battery"
T0 = datetime(2026, 11, 15, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def db(empty_engine):
    """A migrated database with two regions, an editor of 09 (amina) and a viewer (karim)."""
    with Session(empty_engine) as session, session.begin():
        for code in ("05", "09"):
            session.add(Region(code=code, name_fr=code, name_ar=code, name_en=code))
    for name, role in (("amina", Role.EDITOR), ("karim", Role.VIEWER)):
        create_user(
            empty_engine,
            actor=COMMAND_LINE,
            username=name,
            display_name=name.title(),
            password=PASSWORD,
            role=role,
            regions=["09"],
        )
    return empty_engine


def attempt(engine, username="amina", password=PASSWORD, at=T0) -> str:
    """Sign in and return the token, or the refusal's message id."""
    try:
        return sign_in(engine, username=username, password=password, now=at)[0]
    except SignInRefused as refused:
        return refused.code


def outcomes(engine) -> list[str]:
    with Session(engine) as session:
        return list(session.execute(select(SignInEvent.outcome).order_by(SignInEvent.id)).scalars())


def auth_row(engine, token) -> AuthSession:
    digest = hashlib.sha256(token.encode()).hexdigest()
    with Session(engine) as session:
        return session.execute(select(AuthSession).filter_by(token_hash=digest)).scalar_one()


def test_sign_in_opens_a_session_stored_by_hash_only(db):
    token, actor = sign_in(db, username=" Amina ", password=PASSWORD, ip="10.0.0.7", now=T0)
    session = auth_row(db, token)
    assert len(token) >= 43
    assert (actor.username, actor.role, actor.regions) == ("amina", Role.EDITOR, {"09"})
    assert (session.created_at, session.expires_at) == (T0, T0 + ABSOLUTE_TIMEOUT)
    assert session.revoked_at is None
    assert token not in dump(db)
    with Session(db) as s:
        user = s.execute(select(User).filter_by(username="amina")).scalar_one()
        event = s.execute(select(SignInEvent)).scalar_one()
    assert user.last_sign_in_at == T0
    assert (event.outcome, event.user_id, event.session_id) == ("success", user.id, session.id)
    assert (event.username, event.ip, event.attempts) == ("amina", "10.0.0.7", 1)
    assert 'INSERT INTO "signinthrottle"' not in dump(db)


def test_no_plain_password_anywhere_in_the_database(db):
    attempt(db)
    attempt(db, password=WRONG)
    attempt(db, username="nobody", password=WRONG)
    text = dump(db)
    assert PASSWORD not in text and WRONG not in text
    assert "$argon2id$" in text


def test_unknown_user_and_wrong_password_get_the_same_answer(db):
    before = dump(db)
    assert attempt(db, password=WRONG) == "error.bad_credentials"
    assert attempt(db, username="nobody") == "error.bad_credentials"
    assert outcomes(db) == ["bad_credentials", "bad_credentials"]
    with Session(db) as session:
        user_ids = list(session.execute(select(SignInEvent.user_id).order_by(SignInEvent.id)))
    assert user_ids[0][0] is not None and user_ids[1][0] is None
    # A refusal counts in the log and the throttle, and writes nothing else.
    added = set(dump(db).splitlines()) - set(before.splitlines())
    assert {line.split('"')[1] for line in added} == {"signinevent", "signinthrottle"}


def test_a_success_clears_earlier_failures(db):
    for n in range(4):
        attempt(db, password=WRONG, at=T0 + n * MINUTE)
    attempt(db, at=T0 + 4 * MINUTE)
    attempt(db, password=WRONG, at=T0 + 5 * MINUTE)
    assert not attempt(db, at=T0 + 6 * MINUTE).startswith("error.")


def test_inactive_user_is_refused_only_with_the_right_password(db):
    token = attempt(db)
    set_active(db, actor=ADMIN, username="amina", active=False)
    assert resolve_session(db, token, now=T0 + MINUTE) is None
    assert attempt(db, password=WRONG, at=T0 + 2 * MINUTE) == "error.bad_credentials"
    assert attempt(db, at=T0 + 3 * MINUTE) == "error.account_inactive"
    assert outcomes(db) == ["success", "bad_credentials", "inactive"]


def test_session_of_a_user_deactivated_behind_its_back_is_refused_and_logged_once(db):
    token = attempt(db)
    with Session(db) as session, session.begin():
        session.execute(update(User).where(User.username == "amina").values(is_active=False))
    for minutes in (1, 2):
        with pytest.raises(SessionRefused) as refused:
            check_session(db, token, now=T0 + minutes * MINUTE)
        assert refused.value.code == "error.account_inactive"
    assert outcomes(db) == ["success", "inactive"]


def test_valid_token_resolves_and_forged_or_missing_ones_do_not(db):
    token = attempt(db)
    assert resolve_session(db, token, now=T0 + MINUTE).username == "amina"
    for forged in (secrets.token_urlsafe(32), token[:-1] + "x", "", None):
        assert resolve_session(db, forged, now=T0 + MINUTE) is None
    with pytest.raises(SessionRefused) as refused:
        check_session(db, secrets.token_urlsafe(32), now=T0)
    assert refused.value.code == "error.session_invalid"


def test_sign_out_revokes_the_session_and_logs_it(db):
    token = attempt(db)
    assert sign_out(db, token, now=T0 + MINUTE)
    assert not sign_out(db, token, now=T0 + 2 * MINUTE)
    assert auth_row(db, token).revoked_at == T0 + MINUTE
    with pytest.raises(SessionRefused) as refused:
        check_session(db, token, now=T0 + 3 * MINUTE)
    assert refused.value.code == "error.session_expired"
    assert outcomes(db) == ["success", "logout"]


def test_idle_session_expires_after_eight_hours_and_is_logged_once(db):
    token = attempt(db)
    before = dump(db)
    late = T0 + IDLE_TIMEOUT + MINUTE
    assert resolve_session(db, token, now=late) is None
    assert resolve_session(db, token, now=late + MINUTE) is None
    assert outcomes(db) == ["success", "session_expired"]
    added = set(dump(db).splitlines()) - set(before.splitlines())
    assert len(added) == 1 and next(iter(added)).startswith('INSERT INTO "signinevent"')


def test_activity_slides_the_idle_timeout_at_most_once_a_minute(db):
    token = attempt(db)
    assert resolve_session(db, token, now=T0 + timedelta(seconds=30))
    assert auth_row(db, token).last_seen_at == T0
    seen = T0 + timedelta(hours=7)
    assert resolve_session(db, token, now=seen)
    assert auth_row(db, token).last_seen_at == seen
    assert resolve_session(db, token, now=seen + IDLE_TIMEOUT - MINUTE)


def test_session_ends_after_seven_days_even_with_activity(db):
    token = attempt(db)
    at = T0
    while at + timedelta(hours=7) < T0 + ABSOLUTE_TIMEOUT:
        at += timedelta(hours=7)
        assert resolve_session(db, token, now=at), at
    assert resolve_session(db, token, now=T0 + ABSOLUTE_TIMEOUT) is None


def test_sessions_do_not_bump_the_data_revision(db):
    revision = data_revision(db)
    token = attempt(db)
    attempt(db, password=WRONG)
    resolve_session(db, token, now=T0 + timedelta(hours=1))
    sign_out(db, token, now=T0 + timedelta(hours=2))
    assert data_revision(db) == revision


def test_an_old_hash_is_upgraded_at_sign_in(db):
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with Session(db) as session, session.begin():
        session.execute(update(User).where(User.username == "amina").values(password_hash=old))
    attempt(db)
    with Session(db) as session:
        stored = session.execute(select(User.password_hash).filter_by(username="amina")).scalar()
    assert stored != old and not needs_rehash(stored)
    assert HASHER.verify(stored, PASSWORD)


def test_every_attempt_is_recorded_with_its_outcome(db):
    token = attempt(db)
    attempt(db, password=WRONG, at=T0 + MINUTE)
    sign_out(db, token, now=T0 + 2 * MINUTE)
    record_event(db, outcome="csrf_refused", username="karim", ip="10.0.0.9", now=T0)
    assert outcomes(db) == ["success", "bad_credentials", "logout", "csrf_refused"]


def test_refusals_are_counted_per_outcome_address_window_and_account(db):
    for n in range(3):
        attempt(db, password=WRONG, at=T0 + n * MINUTE)
        attempt(db, username=f"ghost{n}", password=WRONG, at=T0 + n * MINUTE)
    attempt(db, password=WRONG, at=T0 + 10 * MINUTE)
    with Session(db) as session:
        rows = session.execute(
            select(SignInEvent.username, SignInEvent.at, SignInEvent.attempts).order_by(
                SignInEvent.id
            )
        ).all()
    # Names that are no account share one row per window: it keeps the first one.
    assert rows == [("amina", T0, 3), ("ghost0", T0, 3), ("amina", T0 + 10 * MINUTE, 1)]


def test_recent_sign_ins_filter_by_region_username_and_time(db):
    attempt(db)
    attempt(db, username="karim", at=T0 + MINUTE)
    attempt(db, username="ghost", password=WRONG, at=T0 + 2 * MINUTE)
    with Session(db) as session:
        everything = recent_sign_ins(session)
        region = recent_sign_ins(session, region="09")
        ghost = recent_sign_ins(session, username="GHOST")
        window = recent_sign_ins(session, since=T0 + MINUTE, until=T0 + 2 * MINUTE)
        newest = recent_sign_ins(session, limit=1)
    assert everything["username"].tolist() == ["ghost", "karim", "amina"]
    assert region["username"].tolist() == ["amina"]
    assert ghost[["outcome", "attempts"]].values.tolist() == [["bad_credentials", 1]]
    assert window["username"].tolist() == ["karim"]
    assert newest["username"].tolist() == ["ghost"]
