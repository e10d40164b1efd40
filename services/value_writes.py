"""Reporting a value and its approval: save, submit, return, validate, reopen.

Editors report the values of their regions; validators (and administrators) review them, never
their own submission. Each step re-checks rights, the version seen and the period's lock, and
leaves one ChangeLog entry per value: the value's approval trail.
"""

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import ChangeLog, Indicator, IndicatorValue, ReportingPeriod, ValueBreakdown
from models.base import utcnow
from models.codes import Provenance
from models.limits import REASON_MAX, VALUES_PER_STEP_MAX
from models.result_codes import EDITABLE_STATUSES, VALUE_MOVES, ValueAction, ValueStatus
from services import validation, value_checks
from services.actors import Actor
from services.db import versioned_update, write_session
from services.errors import NotAllowed, NotFound, Problem, StaleVersion, ValidationFailed
from services.value_checks import ValueEntry

AMOUNTS = ("total", "numerator", "denominator")


def _log(session: Session, actor: Actor, value: IndicatorValue, action: str, detail: dict):
    session.add(
        ChangeLog(
            actor=actor.username,
            region_code=value.region_code,
            entity="indicatorvalue",
            entity_id=value.id,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def _stored_parts(session: Session, value_id: int) -> dict:
    rows = session.execute(select(ValueBreakdown).where(ValueBreakdown.value_id == value_id))
    return {
        (row.dimension, row.category): (row.total, row.numerator, row.denominator)
        for row in rows.scalars()
    }


def _target(session: Session, indicator_id: int, period_id: int, territory: object):
    """The indicator, period and place a new value is for, or why it cannot be reported."""
    indicator = session.get(Indicator, indicator_id)
    period = session.get(ReportingPeriod, period_id)
    if indicator is None or period is None:
        raise NotFound()
    where = value_checks.place(session, territory)
    if where is None:
        raise ValidationFailed(Problem("territory", "error.unknown_territory"))
    problems = []
    if where.level != indicator.level:
        problems.append(Problem("territory", "error.wrong_level"))
    if indicator.region_code not in (None, where.region_code) or period.region_code != (
        where.region_code
    ):
        problems.append(Problem("territory", "error.territory_other_region"))
    if problems:
        raise ValidationFailed(*problems)
    return indicator, period, where


def save_value(
    engine: Engine,
    *,
    actor: Actor,
    indicator_id: int,
    period_id: int,
    territory_code: object,
    expected_version: int | None,
    entry: ValueEntry,
) -> tuple[int, int]:
    """Create (expected_version None) or change a draft or returned value; (id, version)."""
    with write_session(engine) as session:
        indicator, period, where = _target(session, indicator_id, period_id, territory_code)
        actor.ensure_can_edit_region(where.region_code)
        value_checks.ensure_open(period)
        value = session.execute(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id == indicator_id,
                IndicatorValue.period_id == period_id,
                IndicatorValue.territory_code == where.territory_code,
            )
        ).scalar_one_or_none()
        if (value.version if value else None) != expected_version:
            raise StaleVersion("indicatorvalue")
        if value is not None and value.status not in EDITABLE_STATUSES:
            raise ValidationFailed(Problem(None, "error.value_not_editable"))
        amount, problems = value_checks.amounts(indicator, entry)
        found_parts, found = value_checks.parts(indicator, entry, amount)
        problems += found
        texts, found = value_checks.entry_texts(indicator, entry)
        problems += found
        if problems:
            raise ValidationFailed(*problems)
        now, lang = utcnow(), texts["language"]
        logged = amount | {"comment": texts["comment"], "evidence_url": texts["evidence_url"]}
        fields = amount | {
            f"comment_{lang}": texts["comment"],
            "evidence_url": texts["evidence_url"],
            "updated_at": now,
            "updated_by": actor.username,
        }
        new_parts = {
            (dimension, category): numbers
            for dimension, rows in found_parts.items()
            for category, numbers in rows.items()
        }
        if value is None:
            before, old_parts = {}, {}
            value = IndicatorValue(
                indicator_id=indicator_id,
                period_id=period_id,
                level=where.level,
                territory_code=where.territory_code,
                region_code=where.region_code,
                province_code=where.province_code,
                provenance=Provenance.RECORDED,
                **fields,
            )
            session.add(value)
            session.flush()
            version = 1
        else:
            before = {key: getattr(value, key) for key in amount}
            before |= {
                "comment": getattr(value, f"comment_{lang}"),
                "evidence_url": value.evidence_url,
            }
            old_parts = _stored_parts(session, value.id)
            version = versioned_update(
                session, IndicatorValue, value.id, expected_version, **fields
            )
        session.execute(delete(ValueBreakdown).where(ValueBreakdown.value_id == value.id))
        session.add_all(
            ValueBreakdown(
                value_id=value.id,
                dimension=dimension,
                category=category,
                **dict(zip(AMOUNTS, numbers, strict=True)),
            )
            for (dimension, category), numbers in new_parts.items()
        )
        detail = {"period": period.code, "territory": where.territory_code, "language": lang}
        detail |= _changes(before, logged, old_parts, new_parts)
        _log(session, actor, value, ValueAction.SAVED, detail)
        return value.id, version


def _shown(numbers) -> int | str | None:
    """A part as the trail shows it: a count, or a percentage's numerator/denominator."""
    if numbers is None:
        return None
    total, numerator, denominator = numbers
    return total if total is not None else f"{numerator}/{denominator}"


def _changes(before: dict, after: dict, old_parts: dict, new_parts: dict) -> dict:
    """{field: [old, new]} of what a save changed, parts keyed "dimension.category"."""
    changed = {
        key: [before.get(key), new]
        for key, new in after.items()
        if before.get(key) != new and not (key not in before and new in (None, ""))
    }
    for key in sorted(set(old_parts) | set(new_parts)):
        old, new = old_parts.get(key), new_parts.get(key)
        if old != new:
            changed[".".join(key)] = [_shown(old), _shown(new)]
    return changed


def authors(session: Session, value: IndicatorValue) -> set[str]:
    """Everyone who saved or submitted the value, ever: none of them may review it."""
    logged = session.execute(
        select(ChangeLog.actor).where(
            ChangeLog.entity == "indicatorvalue",
            ChangeLog.entity_id == value.id,
            ChangeLog.action.in_((ValueAction.SAVED, ValueAction.SUBMITTED)),
        )
    ).scalars()
    return {*logged, value.updated_by, value.submitted_by} - {None}


def _may_take(session: Session, actor: Actor, value: IndicatorValue, action: ValueAction):
    """Who may take each step: editors submit; reviewers return or validate, never a value
    they saved or submitted; administrators alone reopen a validated value."""
    if action == ValueAction.SUBMITTED:
        actor.ensure_can_edit_region(value.region_code)
    elif action == ValueAction.REOPENED:
        if not actor.can_manage_users:
            raise NotAllowed()
    else:
        actor.ensure_can_validate_region(value.region_code)
        if actor.username in authors(session, value):
            raise ValidationFailed(Problem(None, "error.own_submission", {"id": value.id}))


def _step(
    session: Session,
    actor: Actor,
    value_id: int,
    expected_version: int,
    action: ValueAction,
    now: datetime,
    reason: tuple[str, str],
) -> int:
    value = session.get(IndicatorValue, value_id)
    if value is None:
        raise NotFound()
    _may_take(session, actor, value, action)
    if value.version != expected_version:
        raise StaleVersion("indicatorvalue")
    period = session.get(ReportingPeriod, value.period_id)
    value_checks.ensure_open(period)
    sources, status = VALUE_MOVES[action]
    if value.status not in sources:
        raise ValidationFailed(Problem(None, "error.value_move_refused", {"id": value.id}))
    fields: dict = {"status": status}
    if action == ValueAction.SUBMITTED:
        reported = {row[0] for row in _stored_parts(session, value.id)}
        indicator = session.get(Indicator, value.indicator_id)
        if problems := value_checks.missing_dimensions(
            indicator, reported, {"period": period.code, "territory": value.territory_code}
        ):
            raise ValidationFailed(*problems)
        fields |= {"submitted_at": now, "submitted_by": actor.username}
    else:
        fields |= {"reviewed_at": now, "reviewed_by": actor.username}
    text, language = reason
    if status == ValueStatus.RETURNED:
        fields |= {"return_reason": text, "return_reason_lang": language}
    version = versioned_update(session, IndicatorValue, value.id, expected_version, **fields)
    detail = {"period": period.code, "status": status}
    _log(
        session,
        actor,
        value,
        action,
        detail | ({"reason": text, "language": language} if text else {}),
    )
    return version


def take_step(
    engine: Engine,
    *,
    actor: Actor,
    action: ValueAction,
    values: Sequence[tuple[int, int]],
    reason: object = "",
    language: object = None,
) -> dict[int, int]:
    """Submit, return, validate or reopen values (id, version seen), all or none.

    Returning and reopening need a reason, written in `language` (ar, fr or en). Return the
    new version of each value.
    """
    if action == ValueAction.SAVED or action not in VALUE_MOVES:
        raise ValueError(action)
    with write_session(engine) as session:
        needs_reason = VALUE_MOVES[action][1] == ValueStatus.RETURNED
        text, problems = validation.text(
            "reason", reason, max_length=REASON_MAX, required=needs_reason
        )
        lang = ""
        if text:
            lang, found = validation.language("language", language)
            problems += found
        if not values:
            problems.append(Problem("values", "error.nothing_chosen"))
        if len(values) > VALUES_PER_STEP_MAX:
            problems.append(Problem("values", "error.too_many", {"max": VALUES_PER_STEP_MAX}))
        if len({value_id for value_id, _ in values}) != len(values):
            problems.append(Problem("values", "error.duplicate_values"))
        if problems:
            raise ValidationFailed(*problems)
        now = utcnow()
        return {
            value_id: _step(session, actor, value_id, version, action, now, (text, lang))
            for value_id, version in values
        }
