"""Single sign-on: the account an OIDC identity signs in as, matched on its email."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import SignInEvent, User
from models.base import utcnow
from models.limits import LOGGED_USERNAME_MAX
from models.people import SignInOutcome
from services.actors import Actor
from services.db import bookkeeping_session
from services.users import actor_for, normalize_email


def verified_email(claims: dict) -> str | None:
    """The identity's email, normalised, if its provider says it verified it; else None.

    Without that claim anyone who can register the address at the provider would sign in as
    the account mapped to it.
    """
    if claims.get("email_verified") is not True:
        return None
    return normalize_email(claims.get("email")) or None


def actor_for_email(session: Session, email: object) -> Actor | None:
    """The active account mapped to an identity's email, or None."""
    address = normalize_email(email)
    if not address:
        return None
    user_id = session.execute(
        select(User.id).where(User.email == address, User.is_active)
    ).scalar_one_or_none()
    return None if user_id is None else actor_for(session, user_id)


def record_sign_in(
    engine: Engine, email: object, *, verified: bool = True, now: datetime | None = None
) -> bool:
    """Log a single sign-on as a success, or as refused (no active account has the email, or
    the provider did not verify it)."""
    address = normalize_email(email)
    with bookkeeping_session(engine) as session:
        user = (
            session.execute(select(User).where(User.email == address)).scalar_one_or_none()
            if address
            else None
        )
        if user is None or not verified:
            outcome = SignInOutcome.BAD_CREDENTIALS
        else:
            outcome = SignInOutcome.SUCCESS if user.is_active else SignInOutcome.INACTIVE
        session.add(
            SignInEvent(
                at=now or utcnow(),
                username=(user.username if user else address)[:LOGGED_USERNAME_MAX],
                user_id=user.id if user else None,
                outcome=outcome,
            )
        )
    return outcome == SignInOutcome.SUCCESS
