"""The sign-in throttle: failures counted per (normalised name, client address), one row each.

A pair that fails SIGN_IN_FAILURES_MAX times within SIGN_IN_FAILURE_WINDOW (counted from the
window's first failure) is paused: no password is checked for it until the pause ends. The first
pause lasts SIGN_IN_PAUSE_FIRST and each further one twice the one before, up to SIGN_IN_PAUSE_MAX;
after SIGN_IN_PAUSE_MEMORY without a pause the doubling starts over, and a success resets the
pair. Other addresses are not paused by it, so an attacker cannot keep the owner out.

The account-wide ceiling only slows: once a name has SIGN_IN_CEILING failures within
SIGN_IN_CEILING_WINDOW from all addresses together (counted in the row of address "*"), each pair
of that name may try at most once per SIGN_IN_CEILING_SPACING. It pauses nobody: a pair that is
not itself paused waits at most that spacing after its own last attempt.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, delete, literal, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import ChangeLog, User
from models.base import utcnow
from models.limits import (
    LOGGED_USERNAME_MAX,
    SIGN_IN_CEILING,
    SIGN_IN_CEILING_SPACING,
    SIGN_IN_CEILING_WINDOW,
    SIGN_IN_FAILURE_WINDOW,
    SIGN_IN_FAILURES_MAX,
    SIGN_IN_PAUSE_FIRST,
    SIGN_IN_PAUSE_MAX,
    SIGN_IN_PAUSE_MEMORY,
)
from models.people import SignInThrottle
from services.actors import Actor
from services.db import insert_for, write_session
from services.errors import NotAllowed, NotFound
from services.signin_log import client_network
from services.users import normalize_username

ALL_ADDRESSES = "*"  # never a client address: the row that counts a name's failures for the ceiling
_TABLE = SignInThrottle.__table__


@dataclass(frozen=True)
class Pair:
    """What the throttle counts on: a normalised name and a client's address (IPv6: its /64)."""

    username: str
    address: str

    @classmethod
    def of(cls, username: object, ip: str | None) -> "Pair":
        """The pair for a name as typed and a client address."""
        return cls(normalize_username(username)[:LOGGED_USERNAME_MAX], client_network(ip))


def _row(pair: Pair) -> ColumnElement[bool]:
    return (_TABLE.c.username == pair.username) & (_TABLE.c.address == pair.address)


def pause_length(pauses: int) -> timedelta:
    """How long the pauses-th pause of a pair lasts (1: the first)."""
    return min(SIGN_IN_PAUSE_FIRST * 2 ** min(pauses - 1, 16), SIGN_IN_PAUSE_MAX)


def reserve(session: Session, pair: Pair, now: datetime) -> datetime | None:
    """Count an attempt as failed before its password is checked; None, or when to try again.

    Runs first in the caller's transaction, which commits before any password is checked. Its
    first statement creates the pair's row or locks it, atomically on both backends (SQLite: the
    write lock any first write takes; PostgreSQL: the row lock of ON CONFLICT DO UPDATE, which
    also copes with a row deleted meanwhile), so concurrent attempts of one pair are counted one
    after another and those beyond the limit are refused unchecked. A success resets the pair.
    """
    claim = insert_for(session, _TABLE).values(username=pair.username, address=pair.address)
    row = session.execute(
        claim.on_conflict_do_update(
            index_elements=[_TABLE.c.username, _TABLE.c.address],
            set_={"address": claim.excluded.address},
        ).returning(*_TABLE.c)
    ).one()
    if row.paused_until is not None and row.paused_until > now:
        return row.paused_until
    ceiling = session.execute(
        select(_TABLE.c.failures, _TABLE.c.window_start).where(
            _row(Pair(pair.username, ALL_ADDRESSES))
        )
    ).one_or_none()
    crowded = (
        ceiling is not None
        and ceiling.window_start > now - SIGN_IN_CEILING_WINDOW
        and ceiling.failures >= SIGN_IN_CEILING
    )
    if crowded and row.last_attempt_at is not None:
        allowed = row.last_attempt_at + SIGN_IN_CEILING_SPACING
        if allowed > now:
            return allowed
    pauses, paused_until = row.pauses, row.paused_until
    if paused_until is not None and paused_until + SIGN_IN_PAUSE_MEMORY <= now:
        pauses = 0
    if row.window_start is None or row.window_start + SIGN_IN_FAILURE_WINDOW <= now:
        failures, window_start = 1, now
    else:
        failures, window_start = row.failures + 1, row.window_start
    if failures >= SIGN_IN_FAILURES_MAX:
        pauses += 1
        paused_until = now + pause_length(pauses)
        failures, window_start = 0, None
    session.execute(
        update(_TABLE)
        .where(_row(pair))
        .values(
            failures=failures,
            window_start=window_start,
            paused_until=paused_until,
            pauses=pauses,
            last_attempt_at=now,
        )
    )
    return None


def count_failure(session: Session, pair: Pair, now: datetime) -> None:
    """Count a wrong password toward the name's account-wide ceiling (all addresses)."""
    stale = _TABLE.c.window_start <= now - SIGN_IN_CEILING_WINDOW
    moment = literal(now, _TABLE.c.window_start.type)
    statement = insert_for(session, _TABLE).values(
        username=pair.username,
        address=ALL_ADDRESSES,
        failures=1,
        window_start=now,
        last_attempt_at=now,
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[_TABLE.c.username, _TABLE.c.address],
            set_={
                "failures": case((stale, 1), else_=_TABLE.c.failures + 1),
                "window_start": case((stale, moment), else_=_TABLE.c.window_start),
                "last_attempt_at": moment,
            },
        )
    )


def clear(session: Session, pair: Pair) -> None:
    """Reset a pair after a success: its failures, pauses and doubling are forgotten."""
    session.execute(delete(_TABLE).where(_row(pair)))


def expired(now: datetime) -> ColumnElement[bool]:
    """Rows that no longer change any answer: no window open, no pause or doubling remembered."""
    quiet_since = now - max(SIGN_IN_FAILURE_WINDOW, SIGN_IN_CEILING_WINDOW)
    return (_TABLE.c.last_attempt_at < quiet_since) & (
        _TABLE.c.paused_until.is_(None) | (_TABLE.c.paused_until < now - SIGN_IN_PAUSE_MEMORY)
    )


def lift_throttle(
    engine: Engine, *, actor: Actor, username: object, now: datetime | None = None
) -> int:
    """Let an account sign in again from every address at once (admins); return pairs paused.

    Forgets every pair of the name and its ceiling count; the change log records who did it.
    """
    if not actor.can_manage_users:
        raise NotAllowed()
    name = normalize_username(username)
    now = now or utcnow()
    with write_session(engine) as session:
        user_id = session.execute(select(User.id).where(User.username == name)).scalar()
        if user_id is None:
            raise NotFound()
        paused = session.execute(
            delete(_TABLE).where(
                _TABLE.c.username == name,
                _TABLE.c.address != ALL_ADDRESSES,
                _TABLE.c.paused_until > now,
            )
        ).rowcount
        session.execute(delete(_TABLE).where(_TABLE.c.username == name))
        session.add(
            ChangeLog(
                actor=actor.username,
                entity="user",
                entity_id=user_id,
                action="throttle_lifted",
                detail=json.dumps({"paused_pairs": paused}),
            )
        )
        return paused
