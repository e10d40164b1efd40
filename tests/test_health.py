"""Schedule health derived in SQL follows docs/architecture.md's rules."""

from datetime import date

import pytest
from sqlalchemy import insert, select
from sqlmodel import Session

from models import Measure, Region
from models.codes import MeasureStatus, ScheduleHealth
from services.filters import health_expr

TODAY = date(2026, 6, 1)


def health_of(engine, **values) -> str:
    """Insert one measure and read back its derived health."""
    with Session(engine) as session, session.begin():
        session.execute(insert(Region).values(code="09", name_fr="SM", name_ar="سوس", name_en="SM"))
        defaults = {
            "code": "T-1",
            "region_code": "09",
            "provenance": "illustrative",
            "updated_by": "test",
        }
        session.execute(insert(Measure).values(**(defaults | values)))
    with Session(engine) as session:
        return session.execute(
            select(health_expr(TODAY).label("h")).select_from(Measure)
        ).scalar_one()


CASES = [
    # started on time, progress on the straight line
    ("in_progress", 50, date(2025, 1, 1), date(2027, 11, 1), ScheduleHealth.ON_TRACK),
    # 50 % of time elapsed, 30 % done: 20 points behind
    ("in_progress", 30, date(2025, 1, 1), date(2027, 11, 1), ScheduleHealth.AT_RISK),
    # exactly 15 points behind is still on track
    ("in_progress", 35, date(2025, 1, 1), date(2027, 11, 1), ScheduleHealth.ON_TRACK),
    ("suspended", 10, date(2025, 1, 1), date(2027, 11, 1), ScheduleHealth.AT_RISK),
    ("planned", 0, date(2026, 1, 1), date(2027, 1, 1), ScheduleHealth.LATE_START),
    ("planned", 0, date(2026, 7, 1), date(2027, 1, 1), ScheduleHealth.ON_TRACK),
    ("in_progress", 90, date(2024, 1, 1), date(2026, 5, 31), ScheduleHealth.OVERDUE),
    ("planned", 0, date(2024, 1, 1), date(2026, 5, 31), ScheduleHealth.OVERDUE),
    ("completed", 100, date(2024, 1, 1), date(2025, 1, 1), ScheduleHealth.CLOSED),
    ("cancelled", 10, date(2024, 1, 1), date(2025, 1, 1), ScheduleHealth.CLOSED),
    # a one-day plan must not divide by zero
    ("in_progress", 0, date(2026, 6, 1), date(2026, 6, 1), ScheduleHealth.ON_TRACK),
]


@pytest.mark.parametrize(("status", "progress", "start", "end", "expected"), CASES)
def test_health_rules(empty_engine, status, progress, start, end, expected):
    values = {
        "status": MeasureStatus(status),
        "progress": progress,
        "planned_start": start,
        "planned_end": end,
    }
    assert health_of(empty_engine, **values) == expected
