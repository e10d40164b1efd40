"""What waits besides the approval queues: named values by region, overdue decisions, sessions."""

from collections.abc import Collection, Sequence
from datetime import date

import pandas as pd
from sqlalchemy import and_, func, select
from sqlmodel import Session

from models import (
    Committee,
    Decision,
    Indicator,
    IndicatorValue,
    Meeting,
    Region,
    ReportingPeriod,
)
from models.codes import DecisionStatus
from models.limits import PAGE_SIZE_MAX
from models.result_codes import PeriodKind
from services.indicator_reads import with_territory_names
from services.result_frames import result_frame

_NAMES = (
    IndicatorValue.id,
    IndicatorValue.indicator_id,
    IndicatorValue.period_id,
    Indicator.kind,
    Indicator.title_fr,
    Indicator.title_ar,
    Indicator.title_en,
    Indicator.unit_fr,
    Indicator.unit_ar,
    Indicator.unit_en,
    IndicatorValue.return_reason_lang,
)
_LISTED = (
    IndicatorValue.version,
    Indicator.code.label("indicator"),
    ReportingPeriod.code.label("period"),
    ReportingPeriod.deadline,
    IndicatorValue.territory_code.label("territory"),
    IndicatorValue.region_code,
    IndicatorValue.status,
    IndicatorValue.total,
    IndicatorValue.numerator,
    IndicatorValue.denominator,
    IndicatorValue.return_reason,
    IndicatorValue.reviewed_at,
    IndicatorValue.reviewed_by,
)


def _named(*columns):
    """A select of values with their indicator's and territory's names."""
    statement = select(*_NAMES, *columns).join(
        Indicator, Indicator.id == IndicatorValue.indicator_id
    )
    return with_territory_names(statement)


def _bounded(limit: int) -> int:
    return max(0, min(limit, PAGE_SIZE_MAX))


def _count(session: Session, statement) -> int:
    return session.scalar(select(func.count()).select_from(statement.subquery()))


def names(session: Session, value_ids: Sequence[int]) -> pd.DataFrame:
    """Indicator and territory names, kind and reason language of a page of values, by id."""
    ids = list(value_ids)[:PAGE_SIZE_MAX]
    return result_frame(session, _named().where(IndicatorValue.id.in_(ids)))


def region_values(
    session: Session,
    regions: Collection[str] | None,
    statuses: Collection[str],
    *,
    limit: int = PAGE_SIZE_MAX,
    offset: int = 0,
) -> tuple[pd.DataFrame, int]:
    """A page of named values of some statuses and regions (None: all), oldest deadline first,
    and their count; locked periods left out, like the queues."""
    statement = (
        _named(*_LISTED)
        .join(ReportingPeriod, ReportingPeriod.id == IndicatorValue.period_id)
        .where(IndicatorValue.status.in_(list(statuses)), ReportingPeriod.locked_at.is_(None))
    )
    if regions is not None:
        statement = statement.where(IndicatorValue.region_code.in_(sorted(regions)))
    count = _count(session, statement)
    page = statement.order_by(ReportingPeriod.deadline, IndicatorValue.id)
    return result_frame(session, page.limit(_bounded(limit)).offset(max(0, offset))), count


def overdue(today: date):
    """A decision past its due date and still open (neither done nor dropped)."""
    return and_(Decision.status == DecisionStatus.OPEN, Decision.due_on < today)


def overdue_decisions(
    session: Session, regions: Collection[str] | None, today: date, limit: int = PAGE_SIZE_MAX
) -> tuple[pd.DataFrame, int]:
    """A page of the overdue decisions of some regions' committees (None: all), and their count."""
    statement = (
        select(
            Decision.id,
            Decision.text_fr,
            Decision.text_ar,
            Decision.text_en,
            Decision.due_on,
            Committee.id.label("committee_id"),
            Committee.name_fr.label("committee_fr"),
            Committee.name_ar.label("committee_ar"),
            Committee.name_en.label("committee_en"),
            Committee.region_code,
        )
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .join(Committee, Committee.id == Meeting.committee_id)
        .where(overdue(today), Decision.withdrawn_at.is_(None))
    )
    if regions is not None:
        statement = statement.where(Committee.region_code.in_(sorted(regions)))
    count = _count(session, statement)
    page = statement.order_by(Decision.due_on, Decision.id).limit(_bounded(limit))
    return result_frame(session, page), count


def next_session(session: Session, regions: Collection[str] | None, today: date) -> pd.DataFrame:
    """Each region's (None: all) next unlocked session period from today, with its deadline."""
    ranked = select(
        ReportingPeriod.id,
        ReportingPeriod.region_code,
        ReportingPeriod.code,
        ReportingPeriod.session_on,
        ReportingPeriod.deadline,
        func.row_number()
        .over(
            partition_by=ReportingPeriod.region_code,
            order_by=(ReportingPeriod.session_on, ReportingPeriod.id),
        )
        .label("rank"),
    ).where(
        ReportingPeriod.kind == PeriodKind.SESSION,
        ReportingPeriod.session_on >= today,
        ReportingPeriod.locked_at.is_(None),
    )
    if regions is not None:
        ranked = ranked.where(ReportingPeriod.region_code.in_(sorted(regions)))
    ranked = ranked.subquery()
    statement = (
        select(
            ranked.c.id,
            ranked.c.region_code,
            Region.name_fr.label("region_fr"),
            Region.name_ar.label("region_ar"),
            Region.name_en.label("region_en"),
            ranked.c.code,
            ranked.c.session_on,
            ranked.c.deadline,
        )
        .join(Region, Region.code == ranked.c.region_code)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.region_code)
    )
    return result_frame(session, statement)
