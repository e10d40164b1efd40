"""Retention: the sign-in log, the throttle and ended sessions are deleted when no longer needed."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.engine import Engine

from models import AuthSession, SignInEvent
from models.base import utcnow
from models.people import SignInThrottle
from services import settings, throttle
from services.auth import IDLE_TIMEOUT
from services.db import bookkeeping_session


@dataclass(frozen=True)
class Purged:
    """How many rows a purge deleted, and the moment before which it deleted them."""

    cutoff: datetime
    sign_in_events: int
    throttle_rows: int
    sessions: int


def purge_logs(engine: Engine, *, days: int | None = None, now: datetime | None = None) -> Purged:
    """Delete what is past the retention (`MARSAD_LOG_RETENTION_DAYS` unless `days` is given).

    In one transaction: sign-in log entries from before the cutoff; sessions that ended (signed
    out, idle or past their absolute expiry) before it and that no remaining entry names; and
    throttle rows that no longer change any answer, whatever their age.
    """
    days = settings.log_retention_days() if days is None else days
    if days < 1:
        raise ValueError("the retention is at least 1 day")
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    with bookkeeping_session(engine) as session:
        events = session.execute(delete(SignInEvent).where(SignInEvent.at < cutoff)).rowcount
        named = select(SignInEvent.session_id).where(SignInEvent.session_id.is_not(None))
        sessions = session.execute(
            delete(AuthSession).where(
                or_(
                    AuthSession.revoked_at < cutoff,
                    AuthSession.expires_at < cutoff,
                    AuthSession.last_seen_at < cutoff - IDLE_TIMEOUT,
                ),
                AuthSession.id.not_in(named),
            )
        ).rowcount
        throttles = session.execute(delete(SignInThrottle).where(throttle.expired(now))).rowcount
    return Purged(cutoff, events, throttles, sessions)
