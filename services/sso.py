"""Single sign-on: the account an OIDC identity signs in as, matched on its email."""

import json
import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import ChangeLog, SignInEvent, User
from models.base import utcnow
from models.codes import Role
from models.people import EMAIL_MAX, SignInOutcome
from services.accounts import COMMAND_LINE, actor_for, normalize_username
from services.actors import Actor
from services.auth import USERNAME_LOG_MAX
from services.db import write_session
from services.errors import NotAllowed, NotFound, Problem, StaleVersion, ValidationFailed

_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")


def normalize_email(value: object) -> str:
    """An email as stored: trimmed and lower-case ("" for anything but text)."""
    return value.strip().lower() if isinstance(value, str) else ""


def actor_for_email(session: Session, email: object) -> Actor | None:
    """The active account mapped to an identity's email, or None."""
    address = normalize_email(email)
    if not address:
        return None
    user_id = session.execute(
        select(User.id).where(User.email == address, User.is_active)
    ).scalar_one_or_none()
    return None if user_id is None else actor_for(session, user_id)


def record_sign_in(engine: Engine, email: object, *, now: datetime | None = None) -> bool:
    """Log a single sign-on as a success, or as refused when no active account has the email."""
    address = normalize_email(email)
    # Sign-in bookkeeping is not dashboard data: no data revision bump (as services.auth).
    with Session(engine) as session, session.begin():
        user = (
            session.execute(select(User).where(User.email == address)).scalar_one_or_none()
            if address
            else None
        )
        if user is None:
            outcome = SignInOutcome.BAD_CREDENTIALS
        else:
            outcome = SignInOutcome.SUCCESS if user.is_active else SignInOutcome.INACTIVE
        session.add(
            SignInEvent(
                at=now or utcnow(),
                username=(user.username if user else address)[:USERNAME_LOG_MAX],
                user_id=user.id if user else None,
                outcome=outcome,
            )
        )
    return outcome == SignInOutcome.SUCCESS


def set_email(
    engine: Engine,
    *,
    acting: Actor | None,
    username: object,
    email: object,
    expected_version: int,
) -> int:
    """Map an account to a single sign-on email ("" removes it); return the new version."""
    if acting is not None and acting.role != Role.ADMIN:
        raise NotAllowed()
    address = normalize_email(email)
    wrong = address and (len(address) > EMAIL_MAX or not _EMAIL.fullmatch(address))
    if wrong or not isinstance(email, str | None):
        raise ValidationFailed(Problem("email", "error.email_invalid"))
    with write_session(engine) as session:
        user = session.execute(
            select(User).where(User.username == normalize_username(username))
        ).scalar_one_or_none()
        if user is None:
            raise NotFound()
        if user.version != expected_version:
            raise StaleVersion()
        new = address or None
        if user.email == new:
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        taken = session.execute(
            select(User.id).where(User.email == new, User.id != user.id)
        ).first()
        if new and taken:
            raise ValidationFailed(Problem("email", "error.email_taken"))
        session.add(
            ChangeLog(
                actor=acting.username if acting else COMMAND_LINE,
                entity="user",
                entity_id=user.id,
                action="email_set",
                detail=json.dumps({"email": [user.email, new]}),
            )
        )
        user.email = new
        user.version += 1
        return user.version


def emails(session: Session) -> dict[int, str]:
    """The single sign-on email of every account that has one, by account id."""
    rows = session.execute(select(User.id, User.email).where(User.email.is_not(None))).all()
    return dict(rows)
