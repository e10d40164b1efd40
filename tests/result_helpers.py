"""A small logframe of region 09 built through the services, for the results tests."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from models import Axis, Commune, ReportingPeriod, Strategy
from models.codes import Role
from models.result_codes import ValueAction
from services import periods
from services.result_writes import IndicatorEntry, create_indicator, create_result
from services.value_checks import ValueEntry
from services.value_writes import save_value, take_step
from tests.helpers import ADMIN, EDITOR_09, actor

VALIDATOR_09 = actor(Role.VALIDATOR, "09")
VALIDATOR_05 = actor(Role.VALIDATOR, "05")
SEX = ("female", "male", "unknown")


@dataclass(frozen=True)
class Logframe:
    """Ids of what a test reports against."""

    people: int  # unit, per commune, by sex, a flow
    share: int  # percentage, per commune
    level: int  # unit, per region, the latest period stands
    story: int  # qualitative, per region
    spot: int  # unit, per region, not aggregatable
    communes: tuple[str, str, str]  # two of one province, one of another
    periods: dict[str, int]


def build(engine) -> Logframe:
    """A result of a Souss-Massa axis with five indicators, and the 2026 calendar."""
    periods.ensure_calendar(engine, actor=ADMIN, region_code="09", first_year=2026, last_year=2026)
    with Session(engine) as session:
        axis_id = session.scalar(
            select(Axis.id).join(Strategy).where(Strategy.region_code == "09").order_by(Axis.id)
        )
        rows = session.execute(
            select(Commune.code, Commune.province_code)
            .where(Commune.region_code == "09")
            .order_by(Commune.province_code, Commune.code)
        ).all()
        found = dict(
            session.execute(
                select(ReportingPeriod.code, ReportingPeriod.id).where(
                    ReportingPeriod.region_code == "09"
                )
            ).all()
        )
    first = rows[0]
    same = next(r for r in rows[1:] if r.province_code == first.province_code)
    other = next(r for r in rows if r.province_code != first.province_code)
    result = create_result(
        engine,
        actor=EDITOR_09,
        result_type="outcome",
        title="Accès aux services",
        language="fr",
        axis_id=axis_id,
    )

    def add(code, kind, level, **more):
        entry = IndicatorEntry(
            code=code, title=f"Indicateur {code}", kind=kind, level=level, **more
        )
        return create_indicator(engine, actor=EDITOR_09, result_id=result, entry=entry)

    return Logframe(
        people=add(
            "T-PEOPLE",
            "unit",
            "commune",
            dimensions=("sex",),
            target_value=600,
            baseline_value=40,
            baseline_year=2022,
        ),
        share=add("T-SHARE", "percentage", "commune", dimensions=("sex",), target_value=80),
        level=add("T-LEVEL", "unit", "region", cumulation="latest"),
        story=add("T-STORY", "qualitative", "region", aggregatable=False),
        spot=add("T-SPOT", "unit", "region", aggregatable=False),
        communes=(first.code, same.code, other.code),
        periods=found,
    )


def report(engine, indicator, period_id, territory, who=EDITOR_09, version=None, **entry):
    """Save a value as `who`; (id, version)."""
    return save_value(
        engine,
        actor=who,
        indicator_id=indicator,
        period_id=period_id,
        territory_code=territory,
        expected_version=version,
        entry=ValueEntry(**entry),
    )


def by_sex(*counts) -> dict:
    """Parts of the sex dimension, in CATEGORIES' order."""
    return {("sex", category): count for category, count in zip(SEX, counts, strict=True)}


def validated(engine, *saved):
    """Submit and validate saved values (id, version) as Souss-Massa's editor and validator."""
    versions = take_step(engine, actor=EDITOR_09, action=ValueAction.SUBMITTED, values=saved)
    take_step(
        engine, actor=VALIDATOR_09, action=ValueAction.VALIDATED, values=list(versions.items())
    )
