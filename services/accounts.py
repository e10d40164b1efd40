"""Every change to accounts: create, change role and regions, activate, passwords, sign-on email.

The acting user is always named `actor`; the command line acts as services.actors.COMMAND_LINE.
"""

import re
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Region, User, UserRegion
from models.base import utcnow
from models.codes import REGIONAL_ROLES, Role
from models.limits import DISPLAY_NAME_MAX, EMAIL_MAX, USERNAME_MAX, USERNAME_MIN
from services import validation
from services.actors import Actor
from services.db import read_session, write_session
from services.errors import NotAllowed, NotFound, Problem, StaleVersion, ValidationFailed
from services.password_rules import password_problems
from services.passwords import hash_password
from services.sessions import revoke_sessions
from services.user_log import log_user_change
from services.users import normalize_email, normalize_username, user_regions

_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
_USERNAME = re.compile(rf"[a-z0-9._-]{{{USERNAME_MIN},{USERNAME_MAX}}}")


def _ensure_admin(actor: Actor) -> None:
    if not actor.can_manage_users:
        raise NotAllowed()


def _check_role_regions(
    session: Session, role: object, regions: Iterable[str]
) -> tuple[Role | None, frozenset[str], list[Problem]]:
    """The role, the regions to store and the problems; only editors and validators keep regions."""
    codes = frozenset([regions] if isinstance(regions, str) else regions)
    known = set(session.execute(select(Region.code).where(Region.code.in_(codes))).scalars())
    problems = [
        Problem("regions", "error.unknown_region", {"code": code})
        for code in sorted(codes - known, key=str)
    ]
    if role not in {r.value for r in Role}:
        return None, codes, [Problem("role", "error.unknown_role"), *problems]
    role = Role(role)
    regional = role in REGIONAL_ROLES
    if regional and not codes:
        problems.append(Problem("regions", "error.editor_needs_region"))
    # Regions grant nothing to viewers and admins; storing them would silently become rights
    # if the role later changed to editor or validator.
    return role, codes if regional else frozenset(), problems


def _user(session: Session, username: object) -> User:
    user = session.execute(
        select(User).where(User.username == normalize_username(username))
    ).scalar_one_or_none()
    if user is None:
        raise NotFound()
    return user


def create_user(
    engine: Engine,
    *,
    actor: Actor,
    username: object,
    display_name: object,
    password: object,
    role: object,
    regions: Iterable[str] = (),
) -> int:
    """Create an account (by an admin, or the command line); return its id."""
    _ensure_admin(actor)
    name = normalize_username(username)
    problems = [] if _USERNAME.fullmatch(name) else [Problem("username", "error.username_invalid")]
    shown, found = validation.text(
        "display_name", display_name, max_length=DISPLAY_NAME_MAX, required=True
    )
    problems += found + password_problems(password, username=name, display_name=shown or "")
    # Hash before taking the write lock: argon2 is deliberately slow.
    password_hash = "" if problems else hash_password(password)
    with write_session(engine) as session:
        if session.execute(select(User.id).where(User.username == name)).first():
            problems.append(Problem("username", "error.username_taken"))
        checked_role, codes, found = _check_role_regions(session, role, regions)
        if problems or found:
            raise ValidationFailed(*problems, *found)
        user = User(
            username=name, display_name=shown, password_hash=password_hash, role=checked_role
        )
        session.add(user)
        session.flush()
        session.add_all(UserRegion(user_id=user.id, region_code=code) for code in sorted(codes))
        log_user_change(
            session,
            actor.username,
            user.id,
            "created",
            {"role": checked_role, "regions": sorted(codes)},
        )
        return user.id


def set_password(engine: Engine, *, actor: Actor, username: object, password: object) -> None:
    """Replace a user's password and end their sessions."""
    _ensure_admin(actor)
    with read_session(engine) as session:
        user = _user(session, username)
        problems = password_problems(
            password, username=user.username, display_name=user.display_name
        )
    if problems:
        raise ValidationFailed(*problems)
    # Hashed before taking the write lock: argon2 is deliberately slow.
    password_hash = hash_password(password)
    with write_session(engine) as session:
        user = _user(session, username)
        user.password_hash = password_hash
        revoke_sessions(session, user.id, utcnow())
        log_user_change(session, actor.username, user.id, "password_set", {})


def _is_self(actor: Actor, user: User) -> bool:
    return normalize_username(actor.username) == user.username


def set_active(engine: Engine, *, actor: Actor, username: object, active: bool) -> int:
    """Activate or deactivate an account (deactivating ends its sessions); return its version."""
    _ensure_admin(actor)
    with write_session(engine) as session:
        user = _user(session, username)
        if not active and _is_self(actor, user):
            raise ValidationFailed(Problem("active", "error.cannot_deactivate_self"))
        if user.is_active == bool(active):
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        user.is_active = bool(active)
        user.version += 1
        if not active:
            revoke_sessions(session, user.id, utcnow())
        log_user_change(
            session, actor.username, user.id, "activated" if active else "deactivated", {}
        )
        return user.version


def update_user(
    engine: Engine,
    *,
    actor: Actor,
    username: object,
    expected_version: int,
    display_name: object,
    role: object,
    regions: Iterable[str],
    active: bool,
) -> int:
    """Save the user form (name, role, regions, active) if unchanged since read; new version."""
    _ensure_admin(actor)
    with write_session(engine) as session:
        user = _user(session, username)
        if user.version != expected_version:
            raise StaleVersion("account")
        shown, problems = validation.text(
            "display_name", display_name, max_length=DISPLAY_NAME_MAX, required=True
        )
        checked_role, codes, found = _check_role_regions(session, role, regions)
        problems += found
        if _is_self(actor, user):
            if checked_role not in (None, Role.ADMIN):
                problems.append(Problem("role", "error.cannot_demote_self"))
            if not active:
                problems.append(Problem("active", "error.cannot_deactivate_self"))
        if problems:
            raise ValidationFailed(*problems)
        old = {
            "display_name": user.display_name,
            "role": user.role,
            "regions": sorted(user_regions(session, user.id)),
            "active": user.is_active,
        }
        new = {
            "display_name": shown,
            "role": str(checked_role),
            "regions": sorted(codes),
            "active": bool(active),
        }
        changed = {key: [old[key], new[key]] for key in old if old[key] != new[key]}
        if not changed:
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        user.display_name, user.role, user.is_active = shown, checked_role, bool(active)
        user.version += 1
        session.execute(delete(UserRegion).where(UserRegion.user_id == user.id))
        session.add_all(UserRegion(user_id=user.id, region_code=code) for code in sorted(codes))
        if old["active"] and not active:
            revoke_sessions(session, user.id, utcnow())
        log_user_change(session, actor.username, user.id, "updated", changed)
        return user.version


def set_email(
    engine: Engine, *, actor: Actor, username: object, email: object, expected_version: int
) -> int:
    """Map an account to a single sign-on email ("" removes it); return the new version."""
    _ensure_admin(actor)
    address = normalize_email(email)
    wrong = address and (len(address) > EMAIL_MAX or not _EMAIL.fullmatch(address))
    if wrong or not isinstance(email, str | None):
        raise ValidationFailed(Problem("email", "error.email_invalid"))
    with write_session(engine) as session:
        user = _user(session, username)
        if user.version != expected_version:
            raise StaleVersion("account")
        new = address or None
        if user.email == new:
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        taken = session.execute(
            select(User.id).where(User.email == new, User.id != user.id)
        ).first()
        if new and taken:
            raise ValidationFailed(Problem("email", "error.email_taken"))
        log_user_change(session, actor.username, user.id, "email_set", {"email": [user.email, new]})
        user.email = new
        user.version += 1
        return user.version
