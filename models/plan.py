"""Programmes, regional strategies, their axes, measures and the measures' history."""

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import utcnow
from models.codes import MeasureStatus, Provenance, TagScheme, check_in

PROVENANCE_CHECK = check_in("provenance", list(Provenance))


class Programme(SQLModel, table=True):
    """A funded programme such as DEPOMI."""

    __table_args__ = (CheckConstraint(PROVENANCE_CHECK, name="provenance"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=40)
    name_fr: str = Field(max_length=300)
    name_ar: str = Field(max_length=300)
    name_en: str = Field(max_length=300)
    donor: str = Field(max_length=200)
    implementer: str = Field(max_length=200)
    # Amounts are BIGINT: PostgreSQL's INTEGER stops at 2,147,483,647.
    budget: int = Field(sa_type=BigInteger)
    currency: str = Field(max_length=3)
    budget_mad: int | None = Field(default=None, sa_type=BigInteger)
    start_on: date
    end_on: date
    dac_code: str = Field(max_length=5)
    provenance: str = Field(max_length=12)


class Strategy(SQLModel, table=True):
    """One region's migration strategy."""

    __table_args__ = (CheckConstraint(PROVENANCE_CHECK, name="provenance"),)

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=2)
    title_fr: str = Field(max_length=300)
    title_ar: str = Field(max_length=300)
    title_en: str = Field(max_length=300)
    summary_fr: str = Field(default="", sa_type=Text)
    summary_ar: str = Field(default="", sa_type=Text)
    summary_en: str = Field(default="", sa_type=Text)
    adopted_on: date | None = None
    horizon_start: int
    horizon_end: int
    status: str = Field(max_length=20)
    pdr_reference: str = Field(default="", max_length=300)
    pdr_url: str = Field(default="", max_length=500)
    provenance: str = Field(max_length=12)


class Axis(SQLModel, table=True):
    """A strategic axis of a strategy."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        UniqueConstraint("strategy_id", "code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    strategy_id: int = Field(foreign_key="strategy.id", index=True)
    code: str = Field(max_length=10)
    position: int = 0
    title_fr: str = Field(max_length=300)
    title_ar: str = Field(max_length=300)
    title_en: str = Field(max_length=300)
    provenance: str = Field(max_length=12)


class Measure(SQLModel, table=True):
    """A planned action; its territorial level follows from which territory columns are set."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        CheckConstraint(check_in("status", list(MeasureStatus)), name="status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        CheckConstraint("planned_end >= planned_start", name="planned_dates"),
        CheckConstraint("budget_planned >= 0 AND budget_spent >= 0", name="budget"),
        CheckConstraint(
            "province_code IS NULL OR region_code IS NOT NULL", name="province_in_region"
        ),
        CheckConstraint(
            "commune_code IS NULL OR province_code IS NOT NULL", name="commune_in_province"
        ),
        Index("ix_measure_region_status", "region_code", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=2)
    province_code: str | None = Field(
        default=None, foreign_key="province.code", index=True, max_length=12
    )
    commune_code: str | None = Field(default=None, foreign_key="commune.code", max_length=12)
    axis_id: int | None = Field(default=None, foreign_key="axis.id", index=True)
    programme_id: int | None = Field(default=None, foreign_key="programme.id")
    title_fr: str = Field(default="", max_length=300)
    title_ar: str = Field(default="", max_length=300)
    title_en: str = Field(default="", max_length=300)
    description: str = Field(default="", sa_type=Text)
    lead_institution: str = Field(default="", max_length=300)
    partners: str = Field(default="", max_length=1000)
    planned_start: date
    planned_end: date
    actual_start: date | None = None
    actual_end: date | None = None
    budget_planned: int = Field(default=0, sa_type=BigInteger)
    budget_spent: int = Field(default=0, sa_type=BigInteger)
    status: str = Field(default=MeasureStatus.PLANNED, max_length=12)
    progress: int = 0
    pdr_reference: str = Field(default="", max_length=300)
    provenance: str = Field(max_length=12)
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(max_length=80)


class MeasureTag(SQLModel, table=True):
    """A classification tag on a measure (GCM objective, SNIA programme, SDG target)."""

    __table_args__ = (CheckConstraint(check_in("scheme", list(TagScheme)), name="scheme"),)

    measure_id: int = Field(foreign_key="measure.id", primary_key=True)
    scheme: str = Field(primary_key=True, max_length=8)
    code: str = Field(primary_key=True, max_length=40)


class MeasureUpdate(SQLModel, table=True):
    """Append-only history: one row for every change to a measure, creation included."""

    __table_args__ = (
        UniqueConstraint("measure_id", "version"),
        Index("ix_measureupdate_changed_at", "changed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True)
    version: int
    changed_at: datetime = Field(default_factory=utcnow)
    changed_by: str = Field(max_length=80)
    old_status: str | None = Field(default=None, max_length=12)
    new_status: str = Field(max_length=12)
    old_progress: int | None = None
    new_progress: int
    old_actual_start: date | None = None
    new_actual_start: date | None = None
    old_actual_end: date | None = None
    new_actual_end: date | None = None
    old_budget_spent: int | None = Field(default=None, sa_type=BigInteger)
    new_budget_spent: int = Field(sa_type=BigInteger)
    note: str = Field(default="", sa_type=Text)
    evidence_url: str = Field(default="", max_length=500)


class DataRevision(SQLModel, table=True):
    """A single counter that every write bumps, so caches can key on it."""

    id: int = Field(default=1, primary_key=True)
    value: int = 0
