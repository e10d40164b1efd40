"""Signing in and out, cookie sessions, lockout after repeated failures, and the sign-in log."""

import hashlib
import secrets
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import and_, func, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import AuthSession, SignInEvent, User, UserRegion
from models.base import utcnow
from models.limits import IP_MAX, LOGGED_USERNAME_MAX, USER_AGENT_MAX
from models.people import SignInOutcome
from services.actors import Actor
from services.db import bookkeeping_session, read_session
from services.errors import Problem, ServiceError
from services.passwords import dummy_hash, hash_password, needs_rehash, verify_password
from services.result_frames import result_frame
from services.users import actor_for, normalize_username

IDLE_TIMEOUT = timedelta(hours=8)
ABSOLUTE_TIMEOUT = timedelta(days=7)
MAX_FAILURES = 5
FAILURE_WINDOW = LOCK_DURATION = timedelta(minutes=15)
# A page run refreshes last_seen_at at most this often, so browsing is not a write per click.
SEEN_RESOLUTION = timedelta(minutes=1)


class _Refused(ServiceError):
    def __init__(self, code: str):
        super().__init__(Problem(None, code))
        self.code = code


class SignInRefused(_Refused):
    """A refused sign-in; only the refusal was written (to the sign-in log)."""


class SessionRefused(_Refused):
    """A session token that signs no one in; at most a log entry was written."""


def token_hash(token: str) -> str:
    """The sha256 hex digest under which a session token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def _event(
    outcome: SignInOutcome, username: str, now: datetime, *, ip=None, user_agent=None, **ids
) -> SignInEvent:
    return SignInEvent(
        at=now,
        username=username[:LOGGED_USERNAME_MAX],
        outcome=outcome,
        ip=ip[:IP_MAX] if ip else None,
        user_agent=user_agent[:USER_AGENT_MAX] if user_agent else None,
        **ids,
    )


def record_event(
    engine: Engine,
    *,
    outcome: SignInOutcome,
    username: str = "",
    ip: str | None = None,
    user_agent: str | None = None,
    now: datetime | None = None,
) -> None:
    """Add one entry to the sign-in log in its own transaction (e.g. a refused CSRF check)."""
    with bookkeeping_session(engine) as session:
        session.add(_event(outcome, username, now or utcnow(), ip=ip, user_agent=user_agent))


def locked_until(session: Session, username: str, now: datetime) -> datetime | None:
    """When the lock on a username ends, derived from the log; None if it is not locked.

    Locked for LOCK_DURATION after the MAX_FAILURES-th failure within FAILURE_WINDOW; a success
    clears earlier failures. Unknown usernames lock too, so a lock reveals no account.
    """
    name = normalize_username(username)
    user_id = session.execute(select(User.id).where(User.username == name)).scalar()
    if user_id is not None:
        whose = SignInEvent.user_id == user_id
    else:
        whose = and_(
            SignInEvent.user_id.is_(None), func.lower(func.trim(SignInEvent.username)) == name
        )
    outcomes = (SignInOutcome.SUCCESS, SignInOutcome.BAD_CREDENTIALS)
    rows = session.execute(
        select(SignInEvent.at, SignInEvent.outcome)
        .where(
            whose,
            SignInEvent.outcome.in_(outcomes),
            SignInEvent.at > now - FAILURE_WINDOW - LOCK_DURATION,
            SignInEvent.at <= now,
        )
        .order_by(SignInEvent.at, SignInEvent.id)
    ).all()
    failures: list[datetime] = []
    until = None
    for at, outcome in rows:
        if outcome == SignInOutcome.SUCCESS:
            failures = []
            continue
        failures.append(at)
        if len(failures) >= MAX_FAILURES and at - failures[-MAX_FAILURES] <= FAILURE_WINDOW:
            until = at + LOCK_DURATION
    return until if until is not None and until > now else None


def sign_in(
    engine: Engine,
    *,
    username: str,
    password: str,
    ip: str | None = None,
    user_agent: str | None = None,
    now: datetime | None = None,
) -> tuple[str, Actor]:
    """Check credentials and open a session; return (cookie token, actor) or raise SignInRefused."""
    now = now or utcnow()
    typed = username if isinstance(username, str) else ""
    password = password if isinstance(password, str) else ""
    client = {"username": typed, "ip": ip, "user_agent": user_agent}
    with read_session(engine) as session:
        user = session.execute(
            select(User).where(User.username == normalize_username(typed))
        ).scalar_one_or_none()
        locked = locked_until(session, typed, now)
    refusal = None
    if locked:
        refusal = SignInOutcome.LOCKED, "error.account_locked"
    # An unknown user costs the same argon2 verification, so timing does not reveal accounts.
    elif not verify_password(user.password_hash if user else dummy_hash(), password):
        refusal = SignInOutcome.BAD_CREDENTIALS, "error.bad_credentials"
    # Checked after the password so that only its owner learns the account is inactive.
    elif not user.is_active:
        refusal = SignInOutcome.INACTIVE, "error.account_inactive"
    if refusal:
        with bookkeeping_session(engine) as session:
            session.add(_event(refusal[0], now=now, user_id=user and user.id, **client))
        raise SignInRefused(refusal[1])
    values = {"last_sign_in_at": now}
    if needs_rehash(user.password_hash):
        values["password_hash"] = hash_password(password)
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
            session.add(_event(SignInOutcome.SUCCESS, now=now, **ids, **client))
            actor = actor_for(session, user.id)
        else:
            session.add(_event(SignInOutcome.BAD_CREDENTIALS, now=now, user_id=user.id, **client))
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
            session.add(_event(refusal[0], user.username, now, user_id=user.id, session_id=auth.id))
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
            session.add(_event(SignInOutcome.LOGOUT, name, now, **ids))
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
    """The sign-in log, newest first, optionally for one region's editors or one username."""
    name = normalize_username(username)
    editors = select(UserRegion.user_id).where(UserRegion.region_code == region)
    conditions = [
        SignInEvent.user_id.in_(editors) if region else None,
        # Every entry carries the name as typed (or the account's own name), so unknown
        # usernames can be followed too.
        func.lower(func.trim(SignInEvent.username)) == name if name else None,
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
        )
        .outerjoin(User, User.id == SignInEvent.user_id)
        .where(*(c for c in conditions if c is not None))
        .order_by(SignInEvent.at.desc(), SignInEvent.id.desc())
        .limit(limit)
    )
    return result_frame(session, statement)
