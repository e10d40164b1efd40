"""A person's own sessions: list them, end them all, change one's own password."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import AuthSession, User
from models.base import utcnow
from models.people import SignInOutcome
from services import signin_log, throttle
from services.actors import Actor
from services.auth import token_hash
from services.db import bookkeeping_session, read_session, write_session
from services.errors import NotAllowed, Problem, StaleVersion, ValidationFailed
from services.password_rules import password_problems
from services.passwords import hash_password, verify_password
from services.user_log import log_user_change
from services.users import normalize_username

# The throttle's "address" for current passwords typed on the account page: guesses made through
# a stolen session are paused like guesses at the sign-in form, apart from them.
ACCOUNT_PAGE = "(account page)"


@dataclass(frozen=True)
class OpenSession:
    """One signed-in browser of a person, as they may see it."""

    started: datetime
    last_seen: datetime
    current: bool


def revoke_sessions(session: Session, user_id: int, now: datetime, keep: str | None = None) -> int:
    """End a user's open sessions (all but the one whose token hash is `keep`); return how many."""
    conditions = [AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)]
    if keep:
        conditions.append(AuthSession.token_hash != keep)
    result = session.execute(
        update(AuthSession)
        .where(*conditions)
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _own_user(session: Session, actor: Actor) -> User:
    if actor.is_anonymous:
        raise NotAllowed()
    user = session.execute(
        select(User).where(User.username == normalize_username(actor.username), User.is_active)
    ).scalar_one_or_none()
    if user is None:
        raise NotAllowed()
    return user


def open_sessions(engine: Engine, actor: Actor, token: str | None) -> list[OpenSession]:
    """The signed-in person's open sessions, newest first; `current` marks this browser's."""
    now = utcnow()
    mine = token_hash(token) if token else None
    with read_session(engine) as session:
        user = _own_user(session, actor)
        rows = session.execute(
            select(AuthSession.token_hash, AuthSession.created_at, AuthSession.last_seen_at)
            .where(
                AuthSession.user_id == user.id,
                AuthSession.revoked_at.is_(None),
                AuthSession.expires_at > now,
            )
            .order_by(AuthSession.last_seen_at.desc(), AuthSession.id.desc())
        ).all()
    return [OpenSession(created, seen, digest == mine) for digest, created, seen in rows]


def end_all_sessions(engine: Engine, token: object) -> int:
    """Sign out everywhere: end every session of the person behind a token; return how many."""
    if not isinstance(token, str) or not token:
        return 0
    now = utcnow()
    with write_session(engine) as session:
        user_id = session.execute(
            select(AuthSession.user_id).where(
                AuthSession.token_hash == token_hash(token), AuthSession.revoked_at.is_(None)
            )
        ).scalar_one_or_none()
        if user_id is None:
            return 0
        ended = revoke_sessions(session, user_id, now)
        user = session.get(User, user_id)
        log_user_change(
            session, user.username, user_id, "signed_out_everywhere", {"sessions": ended}
        )
        return ended


def change_own_password(
    engine: Engine,
    *,
    actor: Actor,
    token: str | None,
    current: object,
    new: object,
    confirm: object,
) -> int:
    """Change the signed-in person's password, ending their other sessions; return how many."""
    with read_session(engine) as session:
        user = _own_user(session, actor)
        seen_hash = user.password_hash
        problems = password_problems(new, username=user.username, display_name=user.display_name)
    current = current if isinstance(current, str) else ""
    pair = throttle.Pair.of(user.username, ACCOUNT_PAGE)
    with bookkeeping_session(engine) as session:
        paused_until = throttle.reserve(session, pair, utcnow())
    if paused_until:
        raise ValidationFailed(Problem("current", "error.current_password_paused"))
    # Checked even when the new one is refused, so a refusal says nothing about `current`.
    right = verify_password(seen_hash, current)
    with bookkeeping_session(engine) as session:
        if right:
            # Only wrong guesses count: a refused new password is no guess.
            throttle.clear(session, pair)
        else:
            # In the sign-in log, so guesses through a stolen session show on the Audit page.
            signin_log.count_refusal(
                session,
                SignInOutcome.BAD_CREDENTIALS,
                user.username,
                utcnow(),
                ip=ACCOUNT_PAGE,
                user_id=user.id,
            )
    if not right:
        problems.insert(0, Problem("current", "error.current_password_wrong"))
    elif not problems and new == current:
        problems.append(Problem("password", "error.password_unchanged"))
    if not problems and confirm != new:
        problems.append(Problem("confirm", "error.password_mismatch"))
    if problems:
        raise ValidationFailed(*problems)
    new_hash = hash_password(new)
    with write_session(engine) as session:
        # Guarded on the hash just verified: a change made meanwhile elsewhere wins.
        changed = session.execute(
            update(User)
            .where(User.id == user.id, User.password_hash == seen_hash, User.is_active)
            .values(password_hash=new_hash)
        ).rowcount
        if not changed:
            raise StaleVersion("account")
        mine = token_hash(token) if token else None
        ended = revoke_sessions(session, user.id, utcnow(), keep=mine)
        log_user_change(
            session, user.username, user.id, "password_changed", {"other_sessions_ended": ended}
        )
        return ended
