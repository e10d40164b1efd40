"""Every setting Marsad reads from its environment, read in this one place.

Each function reads the environment when called, so a test (or an operator restarting with a
new value) changes one variable and nothing else. The README lists the variables.
"""

import os
from datetime import date
from pathlib import Path

from models.limits import LOG_RETENTION_DAYS

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The default database lives under the project, whatever the current directory.
DEFAULT_DATABASE = PROJECT_DIR / "data" / "marsad.db"
DEVELOPMENT = "development"
# Always served: this machine's own names, on any port.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def database_url() -> str:
    """`DATABASE_URL`, else the SQLite file data/marsad.db of the project."""
    return _env("DATABASE_URL") or f"sqlite:///{DEFAULT_DATABASE}"


def today() -> date:
    """`MARSAD_TODAY` (an ISO date pinned for demos and tests), else the real date."""
    pinned = _env("MARSAD_TODAY")
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            pass
    return date.today()


def login_required() -> bool:
    """`MARSAD_REQUIRE_LOGIN=1`: every page asks for sign-in (else anyone may read)."""
    return _env("MARSAD_REQUIRE_LOGIN") == "1"


def development() -> bool:
    """`MARSAD_ENV=development`: full error details and the developer toolbar."""
    return _env("MARSAD_ENV") == DEVELOPMENT


def _milliseconds(name: str, default: int) -> int:
    """A positive whole number of milliseconds from the environment, else `default`."""
    try:
        value = int(_env(name))
    except ValueError:
        return default
    return value if value > 0 else default


def sqlite_busy_timeout_ms() -> int:
    """`MARSAD_SQLITE_BUSY_TIMEOUT_MS`: how long SQLite waits for another writer (10000)."""
    return _milliseconds("MARSAD_SQLITE_BUSY_TIMEOUT_MS", 10_000)


def pg_lock_timeout_ms() -> int:
    """`MARSAD_PG_LOCK_TIMEOUT_MS`: how long PostgreSQL waits for a lock another holds (5000)."""
    return _milliseconds("MARSAD_PG_LOCK_TIMEOUT_MS", 5_000)


def pg_statement_timeout_ms() -> int:
    """`MARSAD_PG_STATEMENT_TIMEOUT_MS`: the longest one PostgreSQL statement may run (30000)."""
    return _milliseconds("MARSAD_PG_STATEMENT_TIMEOUT_MS", 30_000)


def _list(name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in _env(name).split(",") if item.strip())


def allowed_origins() -> tuple[str, ...]:
    """`MARSAD_ALLOWED_ORIGINS`: other origins (scheme://host:port) whose pages may use the app."""
    return _list("MARSAD_ALLOWED_ORIGINS")


def allowed_hosts() -> tuple[str, ...]:
    """The Host names served: this machine's, plus `MARSAD_ALLOWED_HOSTS` (name or name:port)."""
    return LOCAL_HOSTS + _list("MARSAD_ALLOWED_HOSTS")


def trusted_proxies() -> tuple[str, ...]:
    """`MARSAD_TRUSTED_PROXIES`: addresses (or networks) whose X-Forwarded-* headers count."""
    return _list("MARSAD_TRUSTED_PROXIES")


def log_retention_days() -> int:
    """`MARSAD_LOG_RETENTION_DAYS`: days the sign-in log and ended sessions are kept (180)."""
    try:
        value = int(_env("MARSAD_LOG_RETENTION_DAYS"))
    except ValueError:
        return LOG_RETENTION_DAYS
    return value if value > 0 else LOG_RETENTION_DAYS
