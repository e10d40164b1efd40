"""Retention on both backends: purge-logs deletes only what is past its time."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlmodel import Session

import manage
from models import AuthSession, SignInEvent, User
from models.base import utcnow
from models.people import SignInThrottle
from services.db import make_engine
from services.retention import purge_logs

NOW = datetime(2026, 11, 15, 9, 0, tzinfo=UTC)
DAY, HOUR = timedelta(days=1), timedelta(hours=1)


@pytest.fixture
def db(empty_db_url):
    """A migrated database on each backend with one account."""
    engine = make_engine(empty_db_url)
    with Session(engine) as session, session.begin():
        session.add(
            User(id=1, username="amina", display_name="A", password_hash="x", role="viewer")
        )
    yield engine
    engine.dispose()


def add_history(engine, now: datetime) -> None:
    """Log entries, sessions and throttle rows on both sides of 180 days and of expiry."""
    sessions = {
        "revoked long ago": {"revoked_at": now - 200 * DAY, "age": 201 * DAY},
        "idle long ago": {"age": 190 * DAY},
        "expired, logged lately": {"age": 190 * DAY},
        "revoked lately": {"revoked_at": now - 10 * DAY, "age": 11 * DAY},
        "open": {"age": HOUR},
    }
    with Session(engine) as session, session.begin():
        for n, (name, when) in enumerate(sessions.items(), start=1):
            started = now - when["age"]
            session.add(
                AuthSession(
                    id=n,
                    token_hash=name,
                    user_id=1,
                    created_at=started,
                    last_seen_at=started,
                    expires_at=started + 7 * DAY,
                    revoked_at=when.get("revoked_at"),
                )
            )
            session.flush()
            session.add(
                SignInEvent(
                    at=started, username="amina", user_id=1, session_id=n, outcome="success"
                )
            )
        session.add(
            SignInEvent(
                at=now - 10 * DAY,
                username="amina",
                user_id=1,
                session_id=3,
                outcome="session_expired",
            )
        )
        for days, key in ((181, "old"), (179, "recent")):
            session.add(
                SignInEvent(
                    at=now - days * DAY,
                    username="x",
                    outcome="csrf_refused",
                    attempts=500,
                    aggregate_key=key,
                )
            )
        throttle_rows = {
            "spent": {"last_attempt_at": now - 2 * HOUR},
            "paused": {"last_attempt_at": now - HOUR, "paused_until": now + HOUR},
            "doubling remembered": {
                "last_attempt_at": now - 3 * HOUR,
                "paused_until": now - 2 * HOUR,
            },
            "doubling forgotten": {
                "last_attempt_at": now - 26 * HOUR,
                "paused_until": now - 25 * HOUR,
            },
            "window open": {"last_attempt_at": now - 10 * timedelta(minutes=1)},
        }
        for name, values in throttle_rows.items():
            session.add(SignInThrottle(username=name, address="10.0.0.1", pauses=1, **values))


def remaining(engine) -> tuple[list, list, list]:
    with Session(engine) as session:
        return (
            session.execute(select(SignInEvent.at).order_by(SignInEvent.at)).scalars().all(),
            session.execute(select(AuthSession.token_hash).order_by(AuthSession.id))
            .scalars()
            .all(),
            session.execute(select(SignInThrottle.username).order_by(SignInThrottle.username))
            .scalars()
            .all(),
        )


def test_purge_deletes_only_what_is_past_the_retention(db):
    add_history(db, NOW)
    purged = purge_logs(db, now=NOW)
    assert purged.cutoff == NOW - 180 * DAY
    assert (purged.sign_in_events, purged.sessions, purged.throttle_rows) == (4, 2, 2)
    events, sessions, throttles = remaining(db)
    assert events == [NOW - 179 * DAY, NOW - 11 * DAY, NOW - 10 * DAY, NOW - HOUR]
    assert sessions == ["expired, logged lately", "revoked lately", "open"]
    assert throttles == ["doubling remembered", "paused", "window open"]
    again = purge_logs(db, now=NOW)
    assert (again.sign_in_events, again.sessions, again.throttle_rows) == (0, 0, 0)


def test_the_retention_is_a_setting_and_at_least_a_day(db, monkeypatch):
    add_history(db, NOW)
    monkeypatch.setenv("MARSAD_LOG_RETENTION_DAYS", "30")
    assert purge_logs(db, now=NOW).cutoff == NOW - 30 * DAY
    assert remaining(db)[0] == [NOW - 11 * DAY, NOW - 10 * DAY, NOW - HOUR]
    with pytest.raises(ValueError, match="at least 1 day"):
        purge_logs(db, days=0, now=NOW)


def test_manage_purge_logs_says_what_it_removed(db, monkeypatch, capsys):
    add_history(db, utcnow())
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    assert manage.main(["purge-logs", "--days", "100"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Removed 5 sign-in log entries and 2 ended sessions from before ")
    assert out.rstrip().endswith("UTC, and 2 throttle rows.")
    assert manage.main(["purge-logs"]) == 0
    assert capsys.readouterr().out.startswith("Removed 0 sign-in log entries and 0 ended")
