"""Programmes, regional strategies, their axes, measures and the measures' history."""

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from models.base import utcnow
from models.codes import MeasureStatus, ProgrammeEnd, Provenance, TagScheme, check_in

PROVENANCE_CHECK = check_in("provenance", list(Provenance))
LIVE = text("withdrawn_at IS NULL")  # a measure not withdrawn
# The regional development programmes' period (PDR 2022–2027) the measures are tracked against.
PDR_START, PDR_END = date(2022, 1, 1), date(2027, 12, 31)


class Programme(SQLModel, table=True):
    """A funded programme such as DEPOMI."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        CheckConstraint(check_in("end_status", list(ProgrammeEnd)), name="end_status"),
        CheckConstraint(
            "budget_mad IS NULL OR (mad_rate IS NOT NULL AND mad_rate_on IS NOT NULL)",
            name="mad_rate",
        ),
    )

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
    # A conversion, not a public fact: kept with the rate used, its date and its source.
    budget_mad: int | None = Field(default=None, sa_type=BigInteger)
    mad_rate: float | None = None
    mad_rate_on: date | None = None
    mad_rate_source_id: int | None = Field(default=None, foreign_key="source.id")
    start_on: date
    end_on: date
    end_status: str = Field(default=ProgrammeEnd.AS_PLANNED, max_length=12)
    dac_code: str = Field(max_length=5)
    provenance: str = Field(max_length=12)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


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
    pdr_reference_fr: str = Field(default="", max_length=300)
    pdr_reference_ar: str = Field(default="", max_length=300)
    pdr_reference_en: str = Field(default="", max_length=300)
    pdr_url: str = Field(default="", max_length=500)
    provenance: str = Field(max_length=12)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


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
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Measure(SQLModel, table=True):
    """A planned action; its territorial level follows from which territory columns are set."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        CheckConstraint(check_in("status", list(MeasureStatus)), name="status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        CheckConstraint("planned_end >= planned_start", name="planned_dates"),
        CheckConstraint(
            "(budget_planned IS NULL OR budget_planned >= 0) AND budget_paid >= 0", name="budget"
        ),
        CheckConstraint(
            "province_code IS NULL OR region_code IS NOT NULL", name="province_in_region"
        ),
        CheckConstraint(
            "commune_code IS NULL OR province_code IS NOT NULL", name="commune_in_province"
        ),
        CheckConstraint(
            "(withdrawn_at IS NULL) = (withdrawn_by IS NULL)", name="withdrawn_by_whom"
        ),
        # Measures not withdrawn, covering the per-region aggregates and each list's order.
        Index(
            "ix_measure_live_region",
            "region_code",
            "status",
            "progress",
            "budget_planned",
            "budget_paid",
            "budget_committed",
            "planned_start",
            "planned_end",
            "baseline_start",
            "baseline_end",
            # Redundant under the condition, yet without it SQLite does not count the index as
            # covering and may read the table through another one: 280 ms instead of 20.
            "withdrawn_at",
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        ),
        Index("ix_measure_live_axis", "axis_id", "code", sqlite_where=LIVE, postgresql_where=LIVE),
        Index(
            "ix_measure_live_start",
            "planned_start",
            "code",
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        ),
        Index(
            "ix_measure_live_region_code",
            "region_code",
            "code",
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        ),
        Index(
            "ix_measure_live_end", "planned_end", "code", sqlite_where=LIVE, postgresql_where=LIVE
        ),
        *(
            Index(
                f"ix_measure_live_region_{name}",
                "region_code",
                column,
                "code",
                sqlite_where=LIVE,
                postgresql_where=LIVE,
            )
            for name, column in (("start", "planned_start"), ("end", "planned_end"))
        ),
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
    description_fr: str = Field(default="", sa_type=Text)
    description_ar: str = Field(default="", sa_type=Text)
    description_en: str = Field(default="", sa_type=Text)
    lead_institution_id: int | None = Field(default=None, foreign_key="institution.id", index=True)
    planned_start: date
    planned_end: date
    # The baseline's planned dates (MeasureBaseline's, copied when it is adopted and never
    # changed), here so the per-region sums of expected progress read one covering index.
    baseline_start: date | None = None
    baseline_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    # None when no planned budget is known (0 would claim a budget of nothing).
    budget_planned: int | None = Field(default=None, sa_type=BigInteger)
    # What is committed (engagé: contracts, agreements signed), None when not known, and what
    # is paid; the writes keep paid within committed.
    budget_committed: int | None = Field(default=None, sa_type=BigInteger)
    budget_paid: int = Field(default=0, sa_type=BigInteger)
    status: str = Field(default=MeasureStatus.PLANNED, max_length=12)
    progress: int = 0
    pdr_reference_fr: str = Field(default="", max_length=300)
    pdr_reference_ar: str = Field(default="", max_length=300)
    pdr_reference_en: str = Field(default="", max_length=300)
    provenance: str = Field(max_length=12)
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(max_length=80)
    # Entered by mistake: out of every list and figure, kept with who, when and why.
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = Field(default=None, max_length=80)
    withdrawn_reason: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})


class MeasureTag(SQLModel, table=True):
    """A classification tag on a measure (GCM, SNIA, SNMRE or SDG code)."""

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
    old_budget_paid: int | None = Field(default=None, sa_type=BigInteger)
    new_budget_paid: int = Field(sa_type=BigInteger)
    old_budget_committed: int | None = Field(default=None, sa_type=BigInteger)
    new_budget_committed: int | None = Field(default=None, sa_type=BigInteger)
    # A note is written in one language; the other two stay empty until translated.
    note_fr: str = Field(default="", sa_type=Text)
    note_ar: str = Field(default="", sa_type=Text)
    note_en: str = Field(default="", sa_type=Text)
    evidence_url: str = Field(default="", max_length=500)


class DataRevision(SQLModel, table=True):
    """A single counter that every write bumps, so caches can key on it."""

    id: int = Field(default=1, primary_key=True)
    value: int = 0
