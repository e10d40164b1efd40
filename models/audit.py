"""Change log for writes that have no history table of their own (meetings, decisions)."""

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from models.base import utcnow


class ChangeLog(SQLModel, table=True):
    """Who changed what and when, for committee records."""

    __table_args__ = (
        Index("ix_changelog_region_at", "region_code", "at"),
        # One record's trail (a reported value's approval steps).
        Index("ix_changelog_entity", "entity", "entity_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=80)
    region_code: str | None = Field(default=None, max_length=2)
    entity: str = Field(max_length=20)
    entity_id: int
    action: str = Field(max_length=30)
    detail: str = Field(default="", sa_type=Text)
