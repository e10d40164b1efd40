"""Reading accounts: the list for administrators and the acting user built from the database."""

import unicodedata

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from models import User, UserRegion
from models.codes import Role
from services.actors import Actor
from services.errors import NotFound
from services.result_frames import result_frame


def normalize_username(value: object) -> str:
    """A name as stored, looked up, throttled and logged: NFKC, case-folded, trimmed.

    Full-width letters, a no-break space, a tab or another case all give the same name; anything
    but text gives "".
    """
    if not isinstance(value, str):
        return ""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return folded.strip()


def normalize_email(value: object) -> str:
    """An email as stored: trimmed and lower-case ("" for anything but text)."""
    return value.strip().lower() if isinstance(value, str) else ""


def user_regions(session: Session, user_id: int) -> frozenset[str]:
    """The regions an account may change."""
    statement = select(UserRegion.region_code).where(UserRegion.user_id == user_id)
    return frozenset(session.execute(statement).scalars())


def list_users(session: Session) -> pd.DataFrame:
    """Every account with role, sorted regions, state, last sign-in and sign-on email."""
    users = result_frame(
        session,
        select(
            User.id,
            User.username,
            User.display_name,
            User.role,
            User.is_active,
            User.last_sign_in_at,
            User.created_at,
            User.version,
            User.email,
        ).order_by(User.username),
    )
    pairs = session.execute(select(UserRegion.user_id, UserRegion.region_code)).all()
    by_user: dict[int, list[str]] = {}
    for user_id, code in pairs:
        by_user.setdefault(user_id, []).append(code)
    users.insert(4, "regions", [sorted(by_user.get(i, [])) for i in users["id"]])
    users["email"] = users["email"].fillna("")
    return users


def actor_for(session: Session, user_id: int) -> Actor:
    """The acting user as the services see it, built from the database."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    return Actor(user.username, user.display_name, Role(user.role), user_regions(session, user_id))
