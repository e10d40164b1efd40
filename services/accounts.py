"""User accounts: creating and changing them (admins and the command line), and listing them."""

import json
import re
from collections.abc import Iterable
from datetime import datetime

import pandas as pd
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import AuthSession, ChangeLog, Region, User, UserRegion
from models.base import utcnow
from models.codes import Role
from services import validation
from services.actors import Actor
from services.db import write_session
from services.errors import NotAllowed, NotFound, Problem, StaleVersion, ValidationFailed
from services.frames import frame
from services.passwords import hash_password

COMMAND_LINE = "(command line)"
PASSWORD_MIN = 10
PASSWORD_MAX = 256
DISPLAY_NAME_MAX = 120
_USERNAME = re.compile(r"[a-z0-9._-]{3,40}")


def normalize_username(value: object) -> str:
    """A username as stored: trimmed and lower-case ("" for anything but text)."""
    return value.strip().lower() if isinstance(value, str) else ""


def _ensure_admin(acting: Actor | None) -> None:
    # None is the command line (manage.py, seed), trusted like an admin.
    if acting is not None and acting.role != Role.ADMIN:
        raise NotAllowed()


def _check_password(password: object) -> list[Problem]:
    if not isinstance(password, str):
        return [Problem("password", "error.not_text")]
    if len(password) < PASSWORD_MIN:
        return [Problem("password", "error.password_too_short", {"min": PASSWORD_MIN})]
    if len(password) > PASSWORD_MAX:
        return [Problem("password", "error.too_long", {"max": PASSWORD_MAX})]
    return []


def _check_role_regions(
    session: Session, role: object, regions: Iterable[str]
) -> tuple[Role | None, frozenset[str], list[Problem]]:
    """The role, the regions to store and the problems; only editors keep regions."""
    codes = frozenset([regions] if isinstance(regions, str) else regions)
    known = set(session.execute(select(Region.code).where(Region.code.in_(codes))).scalars())
    problems = [
        Problem("regions", "error.unknown_region", {"code": code})
        for code in sorted(codes - known, key=str)
    ]
    if role not in {r.value for r in Role}:
        return None, codes, [Problem("role", "error.unknown_role"), *problems]
    role = Role(role)
    if role == Role.EDITOR and not codes:
        problems.append(Problem("regions", "error.editor_needs_region"))
    # Regions grant nothing to viewers and admins; storing them would silently become rights
    # if the role later changed to editor.
    return role, codes if role == Role.EDITOR else frozenset(), problems


def _user(session: Session, username: object) -> User:
    user = session.execute(
        select(User).where(User.username == normalize_username(username))
    ).scalar_one_or_none()
    if user is None:
        raise NotFound()
    return user


def _regions(session: Session, user_id: int) -> frozenset[str]:
    statement = select(UserRegion.region_code).where(UserRegion.user_id == user_id)
    return frozenset(session.execute(statement).scalars())


def _log(session: Session, acting: Actor | None, user_id: int, action: str, detail: dict) -> None:
    session.add(
        ChangeLog(
            actor=acting.username if acting else COMMAND_LINE,
            entity="user",
            entity_id=user_id,
            action=action,
            detail=json.dumps(detail, sort_keys=True),
        )
    )


def revoke_sessions(session: Session, user_id: int, now: datetime) -> int:
    """End every open session of a user inside the caller's transaction; return how many."""
    result = session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def create_user(
    engine: Engine,
    *,
    acting: Actor | None,
    username: object,
    display_name: object,
    password: object,
    role: object,
    regions: Iterable[str] = (),
) -> int:
    """Create an account (acting: an admin, or None for the command line); return its id."""
    _ensure_admin(acting)
    name = normalize_username(username)
    problems = [] if _USERNAME.fullmatch(name) else [Problem("username", "error.username_invalid")]
    shown, found = validation.text(
        "display_name", display_name, max_length=DISPLAY_NAME_MAX, required=True
    )
    problems += found + _check_password(password)
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
        _log(session, acting, user.id, "created", {"role": checked_role, "regions": sorted(codes)})
        return user.id


def set_password(
    engine: Engine, *, acting: Actor | None, username: object, password: object
) -> None:
    """Replace a user's password and end their sessions."""
    _ensure_admin(acting)
    problems = _check_password(password)
    if problems:
        raise ValidationFailed(*problems)
    password_hash = hash_password(password)
    with write_session(engine) as session:
        user = _user(session, username)
        user.password_hash = password_hash
        revoke_sessions(session, user.id, utcnow())
        _log(session, acting, user.id, "password_set", {})


def _is_self(acting: Actor | None, user: User) -> bool:
    return acting is not None and normalize_username(acting.username) == user.username


def set_active(engine: Engine, *, acting: Actor | None, username: object, active: bool) -> int:
    """Activate or deactivate an account (deactivating ends its sessions); return its version."""
    _ensure_admin(acting)
    with write_session(engine) as session:
        user = _user(session, username)
        if not active and _is_self(acting, user):
            raise ValidationFailed(Problem("active", "error.cannot_deactivate_self"))
        if user.is_active == bool(active):
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        user.is_active = bool(active)
        user.version += 1
        if not active:
            revoke_sessions(session, user.id, utcnow())
        _log(session, acting, user.id, "activated" if active else "deactivated", {})
        return user.version


def update_user(
    engine: Engine,
    *,
    acting: Actor | None,
    username: object,
    expected_version: int,
    display_name: object,
    role: object,
    regions: Iterable[str],
    active: bool,
) -> int:
    """Save the user form (name, role, regions, active) if unchanged since read; new version."""
    _ensure_admin(acting)
    with write_session(engine) as session:
        user = _user(session, username)
        if user.version != expected_version:
            raise StaleVersion()
        shown, problems = validation.text(
            "display_name", display_name, max_length=DISPLAY_NAME_MAX, required=True
        )
        checked_role, codes, found = _check_role_regions(session, role, regions)
        problems += found
        if _is_self(acting, user):
            if checked_role not in (None, Role.ADMIN):
                problems.append(Problem("role", "error.cannot_demote_self"))
            if not active:
                problems.append(Problem("active", "error.cannot_deactivate_self"))
        if problems:
            raise ValidationFailed(*problems)
        old = {
            "display_name": user.display_name,
            "role": user.role,
            "regions": sorted(_regions(session, user.id)),
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
        _log(session, acting, user.id, "updated", changed)
        return user.version


def list_users(session: Session) -> pd.DataFrame:
    """Every account with its role, sorted regions, state and last sign-in, by username."""
    users = frame(
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
        ).order_by(User.username),
    )
    pairs = session.execute(select(UserRegion.user_id, UserRegion.region_code)).all()
    by_user: dict[int, list[str]] = {}
    for user_id, code in pairs:
        by_user.setdefault(user_id, []).append(code)
    users.insert(4, "regions", [sorted(by_user.get(i, [])) for i in users["id"]])
    return users


def actor_for(session: Session, user_id: int) -> Actor:
    """The acting user as the services see it, built from the database."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    return Actor(user.username, user.display_name, Role(user.role), _regions(session, user_id))
