"""Upgrade a database to the newest schema with Alembic; tell where a database's schema stands."""

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

ROOT = Path(__file__).resolve().parent.parent
CURRENT, BEHIND, UNKNOWN = "current", "behind", "unknown"


def alembic_config(url: str) -> Config:
    """An Alembic config for this project pointed at `url`."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str, revision: str = "head") -> None:
    """Upgrade the database at `url` to `revision`."""
    command.upgrade(alembic_config(url), revision)


@lru_cache(maxsize=1)
def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """This code's newest revisions and every revision it knows, read once per process."""
    script = ScriptDirectory(str(ROOT / "migrations"))
    known = frozenset(r.revision for r in script.walk_revisions())
    return frozenset(script.get_heads()), known


def state_of(connection: Connection) -> str:
    """Where a connected database's schema stands: CURRENT, BEHIND (or empty) or UNKNOWN."""
    found = frozenset(MigrationContext.configure(connection).get_current_heads())
    heads, known = _revisions()
    if found == heads:
        return CURRENT
    return BEHIND if found <= known else UNKNOWN
