"""Results and their indicators, reporting periods, reported values and their approval."""

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import utcnow
from models.codes import check_in
from models.plan import PROVENANCE_CHECK
from models.result_codes import (
    REPORTING_LEVELS,
    Cumulation,
    Dimension,
    IndicatorKind,
    PeriodKind,
    ResultType,
    ValueStatus,
)


class ReportingPeriod(SQLModel, table=True):
    """A period of a region's calendar: closed by a council session ("2026-10") or a year."""

    __table_args__ = (
        CheckConstraint(check_in("kind", list(PeriodKind)), name="kind"),
        CheckConstraint("starts_on <= ends_on AND deadline <= session_on", name="dates"),
        CheckConstraint("(locked_at IS NULL) = (locked_by IS NULL)", name="locked_by_whom"),
        UniqueConstraint("region_code", "code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=2)
    kind: str = Field(max_length=8)
    code: str = Field(max_length=7)  # YYYY-MM for a session, YYYY for a year
    starts_on: date
    ends_on: date
    session_on: date  # the council session the period's report goes to
    deadline: date  # values are due by this day
    locked_at: datetime | None = None
    locked_by: str | None = Field(default=None, max_length=80)
    version: int = 1


class Result(SQLModel, table=True):
    """An output, outcome or impact of a strategy axis or of a measure."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        CheckConstraint(check_in("result_type", list(ResultType)), name="result_type"),
        CheckConstraint("(axis_id IS NULL) <> (measure_id IS NULL)", name="belongs_to_one"),
    )

    id: int | None = Field(default=None, primary_key=True)
    axis_id: int | None = Field(default=None, foreign_key="axis.id", index=True)
    measure_id: int | None = Field(default=None, foreign_key="measure.id", index=True)
    # The axis's strategy's or the measure's region (None for a national measure).
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=2)
    result_type: str = Field(max_length=8)
    title_fr: str = Field(default="", max_length=300)
    title_ar: str = Field(default="", max_length=300)
    title_en: str = Field(default="", max_length=300)
    provenance: str = Field(max_length=12)
    version: int = 1


class Indicator(SQLModel, table=True):
    """How a result is measured: kind, direction, baseline, life-of-plan target, levels."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        CheckConstraint(check_in("kind", list(IndicatorKind)), name="kind"),
        CheckConstraint(check_in("cumulation", list(Cumulation)), name="cumulation"),
        CheckConstraint(check_in("level", REPORTING_LEVELS), name="level"),
        CheckConstraint("(baseline_value IS NULL) = (baseline_year IS NULL)", name="baseline"),
        CheckConstraint(
            "kind <> 'qualitative' OR (baseline_value IS NULL AND target_value IS NULL "
            "AND NOT aggregatable AND NOT (by_sex OR by_age OR by_status OR by_disability))",
            name="qualitative",
        ),
        CheckConstraint(
            "kind <> 'percentage' OR ((baseline_value IS NULL OR baseline_value BETWEEN 0 AND 100)"
            " AND (target_value IS NULL OR target_value BETWEEN 0 AND 100))",
            name="percentage",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    result_id: int = Field(foreign_key="result.id", index=True)
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=2)
    code: str = Field(unique=True, max_length=20)
    title_fr: str = Field(default="", max_length=300)
    title_ar: str = Field(default="", max_length=300)
    title_en: str = Field(default="", max_length=300)
    unit_fr: str = Field(default="", max_length=60)
    unit_ar: str = Field(default="", max_length=60)
    unit_en: str = Field(default="", max_length=60)
    kind: str = Field(max_length=12)
    higher_is_better: bool = True
    aggregatable: bool = True
    cumulation: str = Field(default=Cumulation.SUM, max_length=8)
    level: str = Field(max_length=8)
    by_sex: bool = False
    by_age: bool = False
    by_status: bool = False
    by_disability: bool = False
    baseline_value: float | None = None
    baseline_year: int | None = None
    target_value: float | None = None  # at the end of the plan
    target_year: int = 2027
    provenance: str = Field(max_length=12)
    version: int = 1

    def dimensions(self) -> tuple[str, ...]:
        """The disaggregations this indicator asks for, in the code list's order."""
        return tuple(d.value for d in Dimension if getattr(self, f"by_{d.value}"))


class IndicatorTarget(SQLModel, table=True):
    """An indicator's target for one period code, over the indicator's whole territory."""

    indicator_id: int = Field(foreign_key="indicator.id", primary_key=True)
    period_code: str = Field(primary_key=True, max_length=7)
    value: float


class TargetRevision(SQLModel, table=True):
    """A target changed: the old and new values, when, by whom and why (never overwritten)."""

    __table_args__ = (Index("ix_targetrevision_indicator", "indicator_id", "revised_at"),)

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id")
    period_code: str | None = Field(default=None, max_length=7)  # None: the life-of-plan target
    old_value: float | None = None
    new_value: float | None = None
    reason: str = Field(sa_type=Text)
    reason_lang: str = Field(max_length=2)  # the language the reason is written in
    revised_at: datetime = Field(default_factory=utcnow)
    revised_by: str = Field(max_length=80)


class IndicatorValue(SQLModel, table=True):
    """What one territory reports for one indicator and period, and where its approval stands."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        CheckConstraint(check_in("status", list(ValueStatus)), name="status"),
        CheckConstraint(check_in("level", REPORTING_LEVELS), name="level"),
        CheckConstraint(
            "(total IS NULL OR total >= 0) AND (numerator IS NULL OR numerator >= 0) "
            "AND (denominator IS NULL OR denominator > 0) AND "
            "(numerator IS NULL OR denominator IS NULL OR numerator <= denominator)",
            name="amounts",
        ),
        UniqueConstraint("indicator_id", "period_id", "territory_code"),
        Index("ix_indicatorvalue_region_status", "region_code", "status"),
        Index("ix_indicatorvalue_period", "period_id", "indicator_id"),
        # Covers the sums of validated values (services/indicator_reads.py), migration 0015.
        Index(
            "ix_indicatorvalue_status_sums",
            "status",
            "indicator_id",
            "period_id",
            "territory_code",
            "total",
            "numerator",
            "denominator",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id")
    period_id: int = Field(foreign_key="reportingperiod.id")
    level: str = Field(max_length=8)
    territory_code: str = Field(max_length=12)  # the region's, province's or commune's code
    region_code: str = Field(foreign_key="region.code", max_length=2)
    province_code: str | None = Field(default=None, max_length=12)
    total: int | None = Field(default=None, sa_type=BigInteger)  # a unit indicator
    numerator: int | None = Field(default=None, sa_type=BigInteger)  # a percentage
    denominator: int | None = Field(default=None, sa_type=BigInteger)
    comment_fr: str = Field(default="", sa_type=Text)
    comment_ar: str = Field(default="", sa_type=Text)
    comment_en: str = Field(default="", sa_type=Text)
    evidence_url: str = Field(default="", max_length=500)
    status: str = Field(default=ValueStatus.DRAFT, max_length=10)
    return_reason: str = Field(default="", sa_type=Text)
    return_reason_lang: str = Field(default="", max_length=2)  # "" while never returned
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(max_length=80)
    submitted_at: datetime | None = None
    submitted_by: str | None = Field(default=None, max_length=80)
    reviewed_at: datetime | None = None
    reviewed_by: str | None = Field(default=None, max_length=80)
    provenance: str = Field(max_length=12)
    version: int = 1


class ValueBreakdown(SQLModel, table=True):
    """One disaggregated part of a value: a category of one dimension (women, refugees...)."""

    __table_args__ = (
        CheckConstraint(check_in("dimension", list(Dimension)), name="dimension"),
        CheckConstraint(
            "(total IS NULL OR total >= 0) AND (numerator IS NULL OR numerator >= 0) "
            "AND (denominator IS NULL OR denominator >= 0)",
            name="amounts",
        ),
    )

    value_id: int = Field(foreign_key="indicatorvalue.id", primary_key=True)
    dimension: str = Field(primary_key=True, max_length=12)
    category: str = Field(primary_key=True, max_length=20)
    total: int | None = Field(default=None, sa_type=BigInteger)
    numerator: int | None = Field(default=None, sa_type=BigInteger)
    denominator: int | None = Field(default=None, sa_type=BigInteger)
