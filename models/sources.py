"""The source registry and the provenance of single fields of a record."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.codes import Provenance, check_in

SOURCE_KINDS = (Provenance.ARTICLE, Provenance.PUBLIC)
# Each kind of record's displayed facts, each a field or columns shown together.
MEASURE_FIELDS = (
    "title",
    "description",
    "status",
    "progress",
    "programme",
    "lead_institution",
    "partners",
    "pdr_reference",
    "tags",
    "planned",
    "actual",
    "budget",
)
STRATEGY_FIELDS = ("title", "summary", "adopted_on", "horizon", "status", "pdr_reference")
COMMITTEE_FIELDS = ("name", "mandate", "established_on", "chair", "members")
ENTITY_FIELDS = {
    "measure": MEASURE_FIELDS,
    "strategy": STRATEGY_FIELDS,
    "committee": COMMITTEE_FIELDS,
}
# The columns a user's update changes, and the field each belongs to.
MEASURE_COLUMN_FIELDS = {
    "status": "status",
    "progress": "progress",
    "actual_start": "actual",
    "actual_end": "actual",
    "budget_paid": "budget",
    "budget_committed": "budget",
}


class Source(SQLModel, table=True):
    """A document facts are taken from, cited once and named by its key."""

    __table_args__ = (CheckConstraint(check_in("kind", SOURCE_KINDS), name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=60)
    kind: str = Field(max_length=12)
    publisher: str = Field(max_length=200)
    title_fr: str = Field(max_length=300)
    title_ar: str = Field(max_length=300)
    title_en: str = Field(max_length=300)
    # ISO 8601 at the precision the source gives: 2023-10-31, or 2024-08; empty when the page
    # shows no date, and then the day it was read (accessed) dates the citation.
    published: str = Field(max_length=10)
    accessed: date | None = None
    url: str = Field(default="", max_length=500)
    language: str = Field(max_length=2)


class FieldProvenance(SQLModel, table=True):
    """Where one field of a record comes from, when it differs from the record's provenance."""

    __table_args__ = (
        UniqueConstraint("entity", "entity_id", "field"),
        CheckConstraint(check_in("entity", ENTITY_FIELDS), name="entity"),
        CheckConstraint(check_in("provenance", list(Provenance)), name="provenance"),
        CheckConstraint(
            "provenance <> 'article' OR (source_id IS NOT NULL AND statement IS NOT NULL)",
            name="article_statement",
        ),
        CheckConstraint("provenance <> 'public' OR source_id IS NOT NULL", name="public_source"),
        CheckConstraint(
            "provenance <> 'recorded' OR (recorded_by IS NOT NULL AND recorded_at IS NOT NULL)",
            name="recorded_by_whom",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=20)
    entity_id: int
    field: str = Field(max_length=30)
    provenance: str = Field(max_length=12)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    statement: str | None = Field(default=None, max_length=60)
    recorded_by: str | None = Field(default=None, max_length=80)
    recorded_at: datetime | None = None
