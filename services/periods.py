"""Reporting periods: each region's calendar of council sessions and years, and their locks."""

import calendar
import json
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import ChangeLog, Region, ReportingPeriod
from models.base import utcnow
from models.limits import REASON_MAX
from models.result_codes import SESSION_MONTHS, PeriodKind
from services import validation
from services.actors import Actor
from services.db import versioned_update, write_session
from services.errors import NotAllowed, NotFound, Problem, StaleVersion, ValidationFailed

# Values are due on this day of the month before the session; the period ends a month earlier.
DEADLINE_DAY = 15


def _first_monday(year: int, month: int) -> date:
    """Councils sit in the first week of March, July and October (loi organique 111-14)."""
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def session_period(region_code: str, year: int, month: int) -> ReportingPeriod:
    """The period a session closes: from the previous one's end to two months before it.

    The month before a session is for reporting (values due on its 15th) and validation.
    """
    index = SESSION_MONTHS.index(month)
    previous = (year, SESSION_MONTHS[index - 1]) if index else (year - 1, SESSION_MONTHS[-1])
    end = _shift(year, month, -2)
    due = _shift(year, month, -1)
    return ReportingPeriod(
        region_code=region_code,
        kind=PeriodKind.SESSION,
        code=f"{year}-{month:02d}",
        starts_on=date(*_shift(*previous, -1), 1),
        ends_on=date(*end, calendar.monthrange(*end)[1]),
        session_on=_first_monday(year, month),
        deadline=date(*due, DEADLINE_DAY),
    )


def year_period(region_code: str, year: int) -> ReportingPeriod:
    """The year the annual PDR evaluation closes; its report goes to the next March session."""
    return ReportingPeriod(
        region_code=region_code,
        kind=PeriodKind.YEAR,
        code=str(year),
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        session_on=_first_monday(year + 1, 3),
        deadline=date(year + 1, 2, DEADLINE_DAY),
    )


def default_calendar(region_code: str, first_year: int, last_year: int) -> list[ReportingPeriod]:
    """A region's sessions and years from first_year to last_year, in date order."""
    periods = []
    for year in range(first_year, last_year + 1):
        periods += [session_period(region_code, year, month) for month in SESSION_MONTHS]
        periods.append(year_period(region_code, year))
    return periods


def ensure_calendar(
    engine: Engine, *, actor: Actor, region_code: str, first_year: object, last_year: object
) -> int:
    """Add a region's default periods that are missing from first_year to last_year (its
    editors and administrators); return how many were added."""
    with write_session(engine) as session:
        actor.ensure_can_edit_region(region_code)
        if session.get(Region, region_code) is None:
            raise NotFound()
        first, problems = validation.whole_number("first_year", first_year, low=2000, high=2100)
        last, found = validation.whole_number("last_year", last_year, low=2000, high=2100)
        problems += found
        if not problems and last < first:
            problems.append(Problem("last_year", "error.years_reversed"))
        if problems:
            raise ValidationFailed(*problems)
        existing = set(
            session.execute(
                select(ReportingPeriod.code).where(ReportingPeriod.region_code == region_code)
            ).scalars()
        )
        added = [p for p in default_calendar(region_code, first, last) if p.code not in existing]
        session.add_all(added)
        session.flush()
        for period in added:
            _log(session, actor, period, "created", {})
        return len(added)


def _period(session: Session, period_id: int, expected_version: int) -> ReportingPeriod:
    period = session.get(ReportingPeriod, period_id)
    if period is None:
        raise NotFound()
    if period.version != expected_version:
        raise StaleVersion("reportingperiod")
    return period


def _log(session: Session, actor: Actor, period: ReportingPeriod, action: str, detail: dict):
    session.add(
        ChangeLog(
            actor=actor.username,
            region_code=period.region_code,
            entity="reportingperiod",
            entity_id=period.id,
            action=action,
            detail=json.dumps({"code": period.code, **detail}, ensure_ascii=False, default=str),
        )
    )


def set_dates(
    engine: Engine,
    *,
    actor: Actor,
    period_id: int,
    expected_version: int,
    session_on: object,
    deadline: object,
    today: date,
) -> int:
    """Set when a region's council sits and when values are due; return the new version."""
    with write_session(engine) as session:
        period = _period(session, period_id, expected_version)
        actor.ensure_can_edit_region(period.region_code)
        problems = [Problem(None, "error.period_locked")] if period.locked_at else []
        sits, found = validation.optional_date("session_on", session_on, today)
        problems += found or ([Problem("session_on", "error.required")] if sits is None else [])
        due, found = validation.optional_date("deadline", deadline, today)
        problems += found or ([Problem("deadline", "error.required")] if due is None else [])
        if sits and due and not period.ends_on <= due <= sits:
            problems.append(Problem("deadline", "error.deadline_outside_period"))
        if problems:
            raise ValidationFailed(*problems)
        changes = {
            "session_on": [period.session_on, sits],
            "deadline": [period.deadline, due],
        }
        version = versioned_update(
            session, ReportingPeriod, period.id, expected_version, session_on=sits, deadline=due
        )
        _log(session, actor, period, "dates", changes)
        return version


def lock(engine: Engine, *, actor: Actor, period_id: int, expected_version: int) -> int:
    """Lock a period (administrators): its values can no longer change; return the version."""
    with write_session(engine) as session:
        if not actor.can_manage_users:
            raise NotAllowed()
        period = _period(session, period_id, expected_version)
        if period.locked_at is not None:
            raise ValidationFailed(Problem(None, "error.period_locked"))
        version = versioned_update(
            session,
            ReportingPeriod,
            period.id,
            expected_version,
            locked_at=utcnow(),
            locked_by=actor.username,
        )
        _log(session, actor, period, "locked", {})
        return version


def reopen(
    engine: Engine,
    *,
    actor: Actor,
    period_id: int,
    expected_version: int,
    reason: object,
    language: object,
) -> int:
    """Reopen a locked period (administrators), with the reason (written in `language`)
    recorded; return the version."""
    with write_session(engine) as session:
        if not actor.can_manage_users:
            raise NotAllowed()
        period = _period(session, period_id, expected_version)
        text, problems = validation.text("reason", reason, max_length=REASON_MAX, required=True)
        lang, found = validation.language("language", language)
        problems += found
        if period.locked_at is None:
            problems.append(Problem(None, "error.period_not_locked"))
        if problems:
            raise ValidationFailed(*problems)
        version = versioned_update(
            session, ReportingPeriod, period.id, expected_version, locked_at=None, locked_by=None
        )
        _log(session, actor, period, "reopened", {"reason": text, "language": lang})
        return version


def region_periods(session: Session, region_code: str) -> list[ReportingPeriod]:
    """A region's periods in date order (sessions before the year that holds them)."""
    return list(
        session.execute(
            select(ReportingPeriod)
            .where(ReportingPeriod.region_code == region_code)
            .order_by(ReportingPeriod.ends_on, ReportingPeriod.kind)
        ).scalars()
    )
