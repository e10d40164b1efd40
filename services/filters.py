"""Measure filters and the SQL expressions derived from a measure's columns."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, exists, literal, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement
from sqlalchemy.types import Integer

from models import Measure, MeasureTag
from models.codes import (
    AT_RISK_GAP_POINTS,
    Level,
    MeasureStatus,
    ScheduleHealth,
)
from models.limits import SEARCH_MAX
from services.institutions import name_matches

EPOCH = date(1970, 1, 1)


class day_number(FunctionElement):
    """Days since 1970-01-01 of a date column, on SQLite and PostgreSQL."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


def health_expr(today: date) -> ColumnElement[str]:
    """Schedule health as a SQL CASE, following docs/architecture.md's rules in order of gravity."""
    t = (today - EPOCH).days
    start, end = day_number(Measure.planned_start), day_number(Measure.planned_end)
    span = case((end - start < 1, 1), else_=end - start)
    closed = Measure.status.in_([MeasureStatus.COMPLETED, MeasureStatus.CANCELLED])
    started = Measure.status.in_([MeasureStatus.IN_PROGRESS, MeasureStatus.SUSPENDED])
    # progress + gap < 100 * elapsed / span, kept in integers to avoid division.
    behind = (Measure.progress + AT_RISK_GAP_POINTS) * span < 100 * (literal(t) - start)
    return case(
        (closed, ScheduleHealth.CLOSED.value),
        (Measure.planned_end < today, ScheduleHealth.OVERDUE.value),
        (
            and_(Measure.status == MeasureStatus.PLANNED, Measure.planned_start < today),
            ScheduleHealth.LATE_START.value,
        ),
        (and_(started, behind), ScheduleHealth.AT_RISK.value),
        else_=ScheduleHealth.ON_TRACK.value,
    )


def level_expr() -> ColumnElement[str]:
    """Territorial level derived from which territory columns are set."""
    return case(
        (Measure.region_code.is_(None), Level.NATIONAL.value),
        (Measure.commune_code.is_not(None), Level.COMMUNE.value),
        (Measure.province_code.is_not(None), Level.PROVINCE.value),
        else_=Level.REGION.value,
    )


@dataclass(frozen=True)
class MeasureFilter:
    """What the user asked to see; hashable so it can key a cache."""

    region: str | None = None
    province: str | None = None
    statuses: tuple[str, ...] = ()
    health: tuple[str, ...] = ()
    axis_id: int | None = None
    tag: str | None = None  # "scheme:code", one of models.codes.TAG_CHOICES
    text: str = ""


def escape_like(text: str) -> str:
    """Escape LIKE wildcards so user text matches literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def conditions(flt: MeasureFilter, today: date) -> list[ColumnElement[bool]]:
    """WHERE conditions for a filter (a withdrawn measure is in no list and no figure)."""
    where: list[ColumnElement[bool]] = [Measure.withdrawn_at.is_(None)]
    if flt.region:
        where.append(Measure.region_code == flt.region)
    if flt.province:
        where.append(Measure.province_code == flt.province)
    if flt.statuses:
        where.append(Measure.status.in_(flt.statuses))
    if flt.health:
        where.append(health_expr(today).in_(flt.health))
    if flt.axis_id is not None:
        where.append(Measure.axis_id == flt.axis_id)
    if flt.tag is not None:
        scheme, _, code = flt.tag.partition(":")
        where.append(
            exists().where(
                MeasureTag.measure_id == Measure.id,
                MeasureTag.scheme == scheme,
                MeasureTag.code == code,
            )
        )
    text = flt.text.strip()[:SEARCH_MAX]
    if text:
        pattern = f"%{escape_like(text)}%"
        columns = (
            Measure.code,
            Measure.title_fr,
            Measure.title_ar,
            Measure.title_en,
            Measure.description_fr,
            Measure.description_ar,
            Measure.description_en,
        )
        where.append(
            or_(
                *(c.ilike(pattern, escape="\\") for c in columns),
                Measure.lead_institution_id.in_(name_matches(pattern)),
            )
        )
    return where
