"""Evidence files (minutes, deliberations, photos) kept by the app beside the record they prove."""

from datetime import datetime

from sqlalchemy import Index, LargeBinary
from sqlmodel import Field, SQLModel

from models.base import utcnow

# The records a file can be attached to: a measure's update, a meeting, a decision, a value.
EVIDENCE_ENTITIES = ("measureupdate", "meeting", "decision", "indicatorvalue")
# The kinds accepted, by what the content starts with (never by the file's name).
EVIDENCE_TYPES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
EVIDENCE_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


class EvidenceFile(SQLModel, table=True):
    """One file attached to one record; stored in the database so backups carry it."""

    __table_args__ = (Index("ix_evidencefile_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=20)
    entity_id: int
    region_code: str | None = Field(default=None, max_length=2)
    file_name: str = Field(max_length=200)
    content_type: str = Field(max_length=40)
    size_bytes: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_type=LargeBinary)
    uploaded_at: datetime = Field(default_factory=utcnow)
    uploaded_by: str = Field(max_length=80)
