"""User accounts, the regions editors may change, sign-in sessions, the sign-in log and throttle."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from models.base import utcnow
from models.codes import Role, check_in
from models.limits import (
    AGGREGATE_KEY_MAX,
    EMAIL_MAX,
    IP_MAX,
    LOGGED_USERNAME_MAX,
    USER_AGENT_MAX,
    USERNAME_MAX,
    USERNAME_MIN,
)


class SignInOutcome(StrEnum):
    """What happened in one sign-in log entry."""

    SUCCESS = "success"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    INACTIVE = "inactive"
    LOGOUT = "logout"
    SESSION_EXPIRED = "session_expired"
    CSRF_REFUSED = "csrf_refused"


class User(SQLModel, table=True):
    """A person who signs in; the password is kept only as an argon2 hash."""

    # "user" is a reserved word in PostgreSQL and standard SQL.
    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint(check_in("role", list(Role)), name="role"),
        CheckConstraint(
            f"username = lower(username) AND length(username) BETWEEN {USERNAME_MIN} AND "
            f"{USERNAME_MAX}",
            name="username",
        ),
        CheckConstraint("email = lower(email)", name="email"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=USERNAME_MAX)
    display_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    # The single sign-on identity (OIDC email claim) that signs in as this account, if any.
    email: str | None = Field(default=None, unique=True, max_length=EMAIL_MAX)
    role: str = Field(max_length=12)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_sign_in_at: datetime | None = None
    version: int = 1


class UserRegion(SQLModel, table=True):
    """A region whose records an editor may change."""

    user_id: int = Field(foreign_key="account.id", primary_key=True)
    region_code: str = Field(foreign_key="region.code", primary_key=True, max_length=2)


class AuthSession(SQLModel, table=True):
    """A signed-in browser; only the sha256 of its cookie token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    user_id: int = Field(foreign_key="account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None


class SignInEvent(SQLModel, table=True):
    """One sign-in, sign-out or refused session; or, with an aggregate key, a count of refusals.

    Names are stored normalised (services.users.normalize_username). Refusals anyone can cause
    without an account (forged forms, paused pairs, wrong passwords) are counted in one row per
    aggregate key (outcome, client address, window, account), so a flood adds one row per key.
    """

    __table_args__ = (
        CheckConstraint(check_in("outcome", list(SignInOutcome)), name="outcome"),
        Index("ix_signinevent_user_at", "user_id", "at"),
        Index("ix_signinevent_username_at", "username", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    username: str = Field(max_length=LOGGED_USERNAME_MAX)
    user_id: int | None = Field(default=None, foreign_key="account.id")
    session_id: int | None = Field(default=None, foreign_key="authsession.id", index=True)
    outcome: str = Field(max_length=20)
    ip: str | None = Field(default=None, max_length=IP_MAX)
    user_agent: str | None = Field(default=None, max_length=USER_AGENT_MAX)
    attempts: int = 1
    aggregate_key: str | None = Field(default=None, unique=True, max_length=AGGREGATE_KEY_MAX)


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins of one normalised name from one client address ("*": from all of them)."""

    username: str = Field(primary_key=True, max_length=LOGGED_USERNAME_MAX)
    address: str = Field(primary_key=True, max_length=IP_MAX)
    failures: int = 0
    window_start: datetime | None = None
    paused_until: datetime | None = None
    pauses: int = 0
    # None only inside the transaction that creates the row: the pair has not tried yet.
    last_attempt_at: datetime | None = Field(default=None, index=True)
