"""Every setting Marsad reads from its environment, read in this one place.

Each function reads the environment when called, so a test (or an operator restarting with a
new value) changes one variable and nothing else. The README lists the variables.
"""

import os
from datetime import date
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The default database lives under the project, whatever the current directory.
DEFAULT_DATABASE = PROJECT_DIR / "data" / "marsad.db"
DEVELOPMENT = "development"


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
