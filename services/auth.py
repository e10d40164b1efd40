"""Signing in and out, cookie sessions and the sign-in log.

A sign-in is three steps: the throttle counts the attempt against its (name, address) pair and
refuses it unchecked if the pair is paused (services/throttle.py); the password is checked, the
same argon2 work whether or not the name is an account; then the session is opened (resetting
the pair) or the refusal recorded. No step reads the sign-in log, so the answer takes the same
time whatever the log holds and whether or not the name exists.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import AuthSession, SignInEvent, User, UserRegion
from models.base import utcnow
from models.people import SignInOutcome
from services import passwords, signin_log, throttle
from services.actors import Actor
from services.db import bookkeeping_session, read_session
from services.errors import Problem, ServiceError
from services.result_frames import result_frame
from services.users import actor_for, normalize_username

IDLE_TIMEOUT = timedelta(hours=8)
ABSOLUTE_TIMEOUT = timedelta(days=7)
# A page run refreshes last_seen_at at most this often, so browsing is not a write per click.
SEEN_RESOLUTION = timedelta(minutes=1)


class _Refused(ServiceError):
    def __init__(self, code: str):
        super().__init__(Problem(None, code))
        self.code = code


class SignInRefused(_Refused):
    """A refused sign-in; only the refusal was written (to the sign-in log and the throttle)."""


class SessionRefused(_Refused):
    """A session token that signs no one in; at most a log entry was written."""


def token_hash(token: str) -> str:
    """The sha256 hex digest under which a session token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def record_event(
    engine: Engine,
    *,
    outcome: SignInOutcome,
    username: str = "",
    ip: str | None = None,
    user_agent: str | None = None,
    now: datetime | None = None,
) -> None:
    """Count an anonymous refusal (e.g. a forged form) in the sign-in log, in its own transaction.

    It adds 1 to the row of its outcome, client address and window (signin_log.count_refusal),
    so a flood of refusals adds at most one row per address and window.
    """
    with bookkeeping_session(engine) as session:
        signin_log.count_refusal(
            session, outcome, username, now or utcnow(), ip=ip, user_agent=user_agent
        )


def _failed(
    session: Session, pair: throttle.Pair, now: datetime, user_id: int | None, client: dict
) -> None:
    """Record a wrong password: the name's ceiling count and the log's count."""
    throttle.count_failure(session, pair, now)
    signin_log.count_refusal(
        session, SignInOutcome.BAD_CREDENTIALS, now=now, user_id=user_id, **client
    )


def sign_in(
    engine: Engine,
    *,
    username: str,
    password: str,
    ip: str | None = None,
    user_agent: str | None = None,
    now: datetime | None = None,
) -> tuple[str, Actor]:
    """Check credentials and open a session; return (cookie token, actor) or raise SignInRefused.

    A paused pair is refused with error.account_locked before any password is checked, so no
    session can come out of it, however many attempts arrive at once (services/throttle.py).
    """
    now = now or utcnow()
    password = password if isinstance(password, str) else ""
    pair = throttle.Pair.of(username, ip)
    client = {"username": pair.username, "ip": ip, "user_agent": user_agent}
    with bookkeeping_session(engine) as session:
        paused_until = throttle.reserve(session, pair, now)
        user = session.execute(
            select(User.id, User.password_hash, User.is_active).where(
                User.username == pair.username
            )
        ).one_or_none()
        user_id = user.id if user else None
        if paused_until:
            signin_log.count_refusal(
                session, SignInOutcome.LOCKED, now=now, user_id=user_id, **client
            )
    if paused_until:
        raise SignInRefused("error.account_locked")
    # An unknown name costs the same argon2 verification, so timing does not reveal accounts.
    if not passwords.verify_password(
        user.password_hash if user else passwords.dummy_hash(), password
    ):
        with bookkeeping_session(engine) as session:
            _failed(session, pair, now, user_id, client)
        raise SignInRefused("error.bad_credentials")
    # Checked after the password so that only its owner learns the account is inactive.
    if not user.is_active:
        with bookkeeping_session(engine) as session:
            session.add(
                signin_log.entry(SignInOutcome.INACTIVE, now=now, user_id=user.id, **client)
            )
        raise SignInRefused("error.account_inactive")
    values = {"last_sign_in_at": now}
    if passwords.needs_rehash(user.password_hash):
        values["password_hash"] = passwords.hash_password(password)
    token = secrets.token_urlsafe(32)
    with bookkeeping_session(engine) as session:
        # Guarded on the hash and flag just read: a password change or deactivation since wins.
        opened = session.execute(
            update(User)
            .where(User.id == user.id, User.is_active, User.password_hash == user.password_hash)
            .values(**values)
        ).rowcount
        if opened:
            auth = AuthSession(
                token_hash=token_hash(token),
                user_id=user.id,
                created_at=now,
                last_seen_at=now,
                expires_at=now + ABSOLUTE_TIMEOUT,
            )
            session.add(auth)
            session.flush()
            ids = {"user_id": user.id, "session_id": auth.id}
            session.add(signin_log.entry(SignInOutcome.SUCCESS, now=now, **ids, **client))
            throttle.clear(session, pair)
            actor = actor_for(session, user.id)
        else:
            _failed(session, pair, now, user.id, client)
    if not opened:
        raise SignInRefused("error.bad_credentials")
    return token, actor


def check_session(engine: Engine, token: object, *, now: datetime | None = None) -> Actor:
    """The actor behind a session token, or SessionRefused; slides the idle timeout."""
    now = now or utcnow()
    if not isinstance(token, str) or not token:
        raise SessionRefused("error.session_invalid")
    with read_session(engine) as session:
        row = session.execute(
            select(AuthSession, User)
            .join(User, User.id == AuthSession.user_id)
            .where(AuthSession.token_hash == token_hash(token))
        ).one_or_none()
        if row is None:
            raise SessionRefused("error.session_invalid")
        auth, user = row
        if auth.revoked_at is not None:
            raise SessionRefused("error.session_expired")
        if now - auth.last_seen_at > IDLE_TIMEOUT or now >= auth.expires_at:
            refusal = SignInOutcome.SESSION_EXPIRED, "error.session_expired"
        elif not user.is_active:
            refusal = SignInOutcome.INACTIVE, "error.account_inactive"
        else:
            refusal, actor = None, actor_for(session, user.id)
        logged = (
            refusal
            and session.execute(
                select(SignInEvent.id).filter_by(session_id=auth.id, outcome=refusal[0])
            ).first()
        )
    if refusal is None:
        if now - auth.last_seen_at >= SEEN_RESOLUTION:
            with bookkeeping_session(engine) as session:
                session.execute(update(AuthSession).filter_by(id=auth.id).values(last_seen_at=now))
        return actor
    # Logged once per session, however often the browser sends the stale cookie again.
    if logged is None:
        with bookkeeping_session(engine) as session:
            session.add(
                signin_log.entry(
                    refusal[0], user.username, now, user_id=user.id, session_id=auth.id
                )
            )
    raise SessionRefused(refusal[1])


def resolve_session(engine: Engine, token: object, *, now: datetime | None = None) -> Actor | None:
    """The actor behind a session cookie, or None if it signs no one in."""
    try:
        return check_session(engine, token, now=now)
    except SessionRefused:
        return None


def sign_out(engine: Engine, token: object, *, now: datetime | None = None) -> bool:
    """Revoke the session behind a token and log it; False if there was no open session."""
    if not isinstance(token, str) or not token:
        return False
    now = now or utcnow()
    digest = token_hash(token)
    with bookkeeping_session(engine) as session:
        revoked = session.execute(
            update(AuthSession)
            .where(AuthSession.token_hash == digest, AuthSession.revoked_at.is_(None))
            .values(revoked_at=now)
            .returning(AuthSession.id, AuthSession.user_id)
        ).one_or_none()
        if revoked:
            ids = {"user_id": revoked.user_id, "session_id": revoked.id}
            name = session.get(User, revoked.user_id).username
            session.add(signin_log.entry(SignInOutcome.LOGOUT, name, now, **ids))
    return revoked is not None


def recent_sign_ins(
    session: Session,
    *,
    region: str | None = None,
    username: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """The sign-in log, newest first, optionally for one region's editors or one username.

    `attempts` is how many refusals a counted row stands for (1 for a single entry).
    """
    name = normalize_username(username)
    editors = select(UserRegion.user_id).where(UserRegion.region_code == region)
    conditions = [
        SignInEvent.user_id.in_(editors) if region else None,
        # Every entry carries the name normalised, so unknown names can be followed too.
        SignInEvent.username == name if name else None,
        SignInEvent.at >= since if since else None,
        SignInEvent.at < until if until else None,
    ]
    statement = (
        select(
            SignInEvent.at,
            SignInEvent.username,
            User.display_name,
            SignInEvent.outcome,
            SignInEvent.ip,
            SignInEvent.user_agent,
            SignInEvent.attempts,
        )
        .outerjoin(User, User.id == SignInEvent.user_id)
        .where(*(c for c in conditions if c is not None))
        .order_by(SignInEvent.at.desc(), SignInEvent.id.desc())
        .limit(limit)
    )
    return result_frame(session, statement)
