"""Results and indicators of the plan, and every revision of their targets (kept with why)."""

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import (
    Axis,
    ChangeLog,
    Indicator,
    IndicatorTarget,
    Measure,
    ReportingPeriod,
    Result,
    Strategy,
    TargetRevision,
)
from models.codes import Provenance
from models.limits import INDICATOR_CODE_MAX, REASON_MAX, TITLE_MAX, UNIT_MAX, VALUE_MAX
from models.result_codes import REPORTING_LEVELS, Cumulation, Dimension, IndicatorKind, ResultType
from services import validation
from services.actors import Actor
from services.db import versioned_update, write_session
from services.errors import NotFound, Problem, StaleVersion, ValidationFailed

PLAN_YEARS = (2022, 2027)  # the PDR's period: baselines from its first year, targets to its last


@dataclass(frozen=True)
class IndicatorEntry:
    """An indicator as typed; titles and unit are written in `language`."""

    code: object
    title: object
    kind: object
    level: object
    unit: object = ""
    higher_is_better: bool = True
    aggregatable: bool = True
    cumulation: object = Cumulation.SUM
    dimensions: tuple = ()
    baseline_value: object = None
    baseline_year: object = None
    target_value: object = None
    language: object = "fr"


def _log(session: Session, actor: Actor, region: str | None, entity: str, id_: int, action, detail):
    session.add(
        ChangeLog(
            actor=actor.username,
            region_code=region,
            entity=entity,
            entity_id=id_,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def create_result(
    engine: Engine,
    *,
    actor: Actor,
    result_type: object,
    title: object,
    language: object,
    axis_id: int | None = None,
    measure_id: int | None = None,
) -> int:
    """Add a result to an axis or a measure of the actor's regions; return its id."""
    with write_session(engine) as session:
        if (axis_id is None) == (measure_id is None):
            raise ValidationFailed(Problem("owner", "error.result_owner"))
        if axis_id is not None:
            region = session.scalar(
                select(Strategy.region_code).join(Axis).where(Axis.id == axis_id)
            )
            found = region is not None
        else:
            measure = session.get(Measure, measure_id)
            found = measure is not None and measure.withdrawn_at is None
            region = measure.region_code if found else None
        if not found:
            raise NotFound()
        actor.ensure_can_edit_region(region)
        text, problems = validation.text("title", title, max_length=TITLE_MAX, required=True)
        lang, found_lang = validation.language("language", language)
        problems += found_lang
        if result_type not in list(ResultType):
            problems.append(Problem("result_type", "error.unknown_code"))
        if problems:
            raise ValidationFailed(*problems)
        result = Result(
            axis_id=axis_id,
            measure_id=measure_id,
            region_code=region,
            result_type=result_type,
            provenance=Provenance.RECORDED,
            **{f"title_{lang}": text},
        )
        session.add(result)
        session.flush()
        _log(session, actor, region, "result", result.id, "created", {"title": text})
        return result.id


def _bounds(kind: object) -> tuple[float, float]:
    return (0, 100) if kind == IndicatorKind.PERCENTAGE else (0, VALUE_MAX)


def _checked_indicator(session: Session, entry: IndicatorEntry) -> tuple[dict, list[Problem]]:
    problems = []
    code, found = validation.text("code", entry.code, max_length=INDICATOR_CODE_MAX, required=True)
    problems += found
    if code and session.scalar(select(Indicator.id).where(Indicator.code == code)):
        problems.append(Problem("code", "error.code_taken"))
    title, found = validation.text("title", entry.title, max_length=TITLE_MAX, required=True)
    problems += found
    unit, found = validation.text("unit", entry.unit, max_length=UNIT_MAX)
    problems += found
    lang, found = validation.language("language", entry.language)
    problems += found
    for name, value, codes in (
        ("kind", entry.kind, list(IndicatorKind)),
        ("level", entry.level, REPORTING_LEVELS),
        ("cumulation", entry.cumulation, list(Cumulation)),
    ):
        if value not in codes:
            problems.append(Problem(name, "error.unknown_code"))
    dimensions = tuple(entry.dimensions)
    if any(d not in list(Dimension) for d in dimensions) or len(set(dimensions)) != len(dimensions):
        problems.append(Problem("dimensions", "error.unknown_code"))
    qualitative = entry.kind == IndicatorKind.QUALITATIVE
    numbers = {}
    for name in ("baseline_value", "target_value"):
        raw = getattr(entry, name)
        if raw is None:
            numbers[name] = None
        elif qualitative:
            problems.append(Problem(name, "error.qualitative_no_number"))
        else:
            numbers[name], found = validation.number(name, raw, low=0, high=_bounds(entry.kind)[1])
            problems += found
    year = None
    if entry.baseline_year is not None or numbers.get("baseline_value") is not None:
        if entry.baseline_year is None:
            problems.append(Problem("baseline_year", "error.baseline_needs_year"))
        else:
            year, found = validation.whole_number(
                "baseline_year", entry.baseline_year, low=2000, high=PLAN_YEARS[1]
            )
            problems += found
            if numbers.get("baseline_value") is None and not found:
                problems.append(Problem("baseline_value", "error.required"))
    if qualitative and (dimensions or entry.aggregatable):
        problems.append(Problem("kind", "error.qualitative_not_summed"))
    values = {
        "code": code,
        f"title_{lang}": title,
        f"unit_{lang}": unit,
        "kind": entry.kind,
        "level": entry.level,
        "cumulation": entry.cumulation,
        "higher_is_better": bool(entry.higher_is_better),
        "aggregatable": bool(entry.aggregatable) and not qualitative,
        "baseline_year": year,
        **numbers,
        **{f"by_{d}": d in dimensions for d in list(Dimension)},
    }
    return values, problems


def create_indicator(engine: Engine, *, actor: Actor, result_id: int, entry: IndicatorEntry) -> int:
    """Add an indicator to a result of the actor's regions; return its id."""
    with write_session(engine) as session:
        result = session.get(Result, result_id)
        if result is None:
            raise NotFound()
        actor.ensure_can_edit_region(result.region_code)
        values, problems = _checked_indicator(session, entry)
        if problems:
            raise ValidationFailed(*problems)
        indicator = Indicator(
            result_id=result_id,
            region_code=result.region_code,
            provenance=Provenance.RECORDED,
            **values,
        )
        session.add(indicator)
        session.flush()
        _log(
            session,
            actor,
            result.region_code,
            "indicator",
            indicator.id,
            "created",
            {"code": values["code"]},
        )
        return indicator.id


def _target_period(session: Session, indicator: Indicator, code: object) -> list[Problem]:
    """A period's target needs that period in the indicator's region (any region for a
    national indicator), none of them locked: nothing in a locked period changes."""
    if not isinstance(code, str):
        return [Problem("period_code", "error.unknown_period")]
    statement = select(ReportingPeriod).where(ReportingPeriod.code == code)
    if indicator.region_code is not None:
        statement = statement.where(ReportingPeriod.region_code == indicator.region_code)
    periods = session.execute(statement).scalars().all()
    if not periods:
        return [Problem("period_code", "error.unknown_period")]
    if locked := [p for p in periods if p.locked_at is not None]:
        return [Problem("period_code", "error.period_locked", {"period": locked[0].code})]
    return []


def revise_target(
    engine: Engine,
    *,
    actor: Actor,
    indicator_id: int,
    expected_version: int,
    period_code: str | None,
    new_value: object,
    reason: object,
    language: object,
) -> int:
    """Set or change a target (a period's, or with no period the life-of-plan one), keeping
    the old value, who, when and why; return the indicator's new version."""
    with write_session(engine) as session:
        indicator = session.get(Indicator, indicator_id)
        if indicator is None:
            raise NotFound()
        actor.ensure_can_edit_region(indicator.region_code)
        if indicator.version != expected_version:
            raise StaleVersion("indicator")
        problems = []
        if indicator.kind == IndicatorKind.QUALITATIVE:
            problems.append(Problem("new_value", "error.qualitative_no_number"))
        value, found = validation.number(
            "new_value", new_value, low=0, high=_bounds(indicator.kind)[1]
        )
        problems += found
        text, found = validation.text("reason", reason, max_length=REASON_MAX, required=True)
        problems += found
        lang, found = validation.language("language", language)
        problems += found
        if period_code is not None:
            problems += _target_period(session, indicator, period_code)
        if problems:
            raise ValidationFailed(*problems)
        if period_code is None:
            old = indicator.target_value
        else:
            target = session.get(IndicatorTarget, (indicator_id, period_code))
            old = target.value if target else None
            if target is None:
                session.add(
                    IndicatorTarget(indicator_id=indicator_id, period_code=period_code, value=value)
                )
            else:
                target.value = value
        fields = {"target_value": value} if period_code is None else {}
        version = versioned_update(session, Indicator, indicator_id, expected_version, **fields)
        session.add(
            TargetRevision(
                indicator_id=indicator_id,
                period_code=period_code,
                old_value=old,
                new_value=value,
                reason=text,
                reason_lang=lang,
                revised_by=actor.username,
            )
        )
        _log(
            session,
            actor,
            indicator.region_code,
            "indicator",
            indicator_id,
            "target",
            {"period": period_code, "target": [old, value], "reason": text, "language": lang},
        )
        return version
