"""A measure's first adopted plan (its baseline) and every later revision of its plan."""

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Text
from sqlmodel import Field, SQLModel

from models.base import utcnow

# Who adopted the baselines migration 0008 gave the measures recorded before it.
MIGRATED_BY = "migration 0008"
# The planned fields whose change is a revision of the plan: it needs what decided it.
BASELINE_FIELDS = (
    "planned_start",
    "planned_end",
    "budget_planned",
    "region_code",
    "province_code",
    "commune_code",
)


class MeasureBaseline(SQLModel, table=True):
    """The first adopted version of a measure's plan: dates, budget and scope, never changed."""

    measure_id: int = Field(foreign_key="measure.id", primary_key=True)
    planned_start: date
    planned_end: date
    budget_planned: int | None = Field(default=None, sa_type=BigInteger)
    region_code: str | None = Field(default=None, max_length=2)
    province_code: str | None = Field(default=None, max_length=12)
    commune_code: str | None = Field(default=None, max_length=12)
    adopted_at: datetime = Field(default_factory=utcnow)
    adopted_by: str = Field(max_length=80)


class PlanRevision(SQLModel, table=True):
    """One planned field changed by one revision (measure_id, version), with why and by what.

    A revision of the baseline fields names what decided it: a council session (its month,
    YYYY-MM, the id reporting periods use) or a committee decision. A correction of another
    field (a title, an institution) gives its reason only.
    """

    __table_args__ = (
        Index("ix_planrevision_measure_version", "measure_id", "version"),
        CheckConstraint("session_month IS NULL OR decision_id IS NULL", name="one_deciding_record"),
    )

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id")
    version: int
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=80)
    field: str = Field(max_length=30)
    old_value: str = Field(default="", sa_type=Text)
    new_value: str = Field(default="", sa_type=Text)
    reason: str = Field(sa_type=Text)
    session_month: str | None = Field(default=None, max_length=7)
    decision_id: int | None = Field(default=None, foreign_key="decision.id")


class Correction(SQLModel, table=True):
    """One field of a recorded fact (a meeting, a decision, an update's note) corrected: the
    value before and after, who, when and why. Nothing recorded is overwritten without it."""

    __table_args__ = (Index("ix_correction_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=20)
    entity_id: int
    region_code: str | None = Field(default=None, max_length=2)
    field: str = Field(max_length=30)
    old_value: str = Field(default="", sa_type=Text)
    new_value: str = Field(default="", sa_type=Text)
    reason: str = Field(sa_type=Text)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=80)
