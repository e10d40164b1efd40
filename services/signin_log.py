"""Writing the sign-in log: single entries, and refusals counted per address and window.

What anyone can cause without an account is counted, not listed: a forged form, an attempt at
a paused pair and a wrong password each add 1 to `attempts` of the row of their outcome, client
address (an IPv6 client's /64), SIGN_IN_LOG_WINDOW and account (one row for every name that is
no account), so a flood from one address adds at most one row per outcome and window. The row
keeps the first name, address and browser of its window. Successes, sign-outs and ended
sessions stay one row each.
"""

import ipaddress
from datetime import UTC, datetime

from sqlmodel import Session

from models import SignInEvent
from models.limits import IP_MAX, LOGGED_USERNAME_MAX, SIGN_IN_LOG_WINDOW, USER_AGENT_MAX
from models.people import SignInOutcome
from services.db import insert_for
from services.users import normalize_username

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# One subscriber usually holds a whole IPv6 /64 and could otherwise count as 2**64 clients.
IPV6_PREFIX = 64


def client_network(ip: str | None) -> str:
    """What a client is counted under: its IPv4 address, its IPv6 /64, or the text given."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return (ip or "")[:IP_MAX]
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))


def _client(username: str, ip: str | None, user_agent: str | None) -> dict:
    return {
        "username": normalize_username(username)[:LOGGED_USERNAME_MAX],
        "ip": ip[:IP_MAX] if ip else None,
        "user_agent": user_agent[:USER_AGENT_MAX] if user_agent else None,
    }


def entry(
    outcome: SignInOutcome,
    username: str,
    now: datetime,
    *,
    ip: str | None = None,
    user_agent: str | None = None,
    **ids,
) -> SignInEvent:
    """One log entry on its own row, the name normalised."""
    return SignInEvent(at=now, outcome=outcome, **_client(username, ip, user_agent), **ids)


def window_start(now: datetime) -> datetime:
    """The start of the SIGN_IN_LOG_WINDOW that a moment falls in."""
    return now - (now - _EPOCH) % SIGN_IN_LOG_WINDOW


def count_refusal(
    session: Session,
    outcome: SignInOutcome,
    username: str,
    now: datetime,
    *,
    ip: str | None = None,
    user_agent: str | None = None,
    user_id: int | None = None,
) -> None:
    """Add 1 to the row of this outcome, address, window and account, creating it if need be."""
    client = _client(username, ip, user_agent)
    started = window_start(now).strftime("%Y%m%dT%H%M")
    key = f"{outcome}|{started}|{user_id or ''}|{client_network(ip)}"
    statement = insert_for(session, SignInEvent.__table__).values(
        at=now, outcome=outcome, user_id=user_id, attempts=1, aggregate_key=key, **client
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[SignInEvent.aggregate_key],
            set_={"attempts": SignInEvent.__table__.c.attempts + 1},
        )
    )
