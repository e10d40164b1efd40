"""Metadata conventions and column helpers shared by every table."""

from datetime import UTC, datetime

from sqlmodel import SQLModel

# Stable constraint names keep Alembic migrations portable between SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timezone-aware current time in UTC."""
    return datetime.now(UTC)
