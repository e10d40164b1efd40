"""The rules of a measure's plan and of what decides a revision; every problem found at once."""

import re
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from models import (
    Axis,
    Committee,
    Commune,
    Decision,
    Institution,
    Measure,
    Meeting,
    Programme,
    Province,
    Region,
    Strategy,
)
from models.limits import BUDGET_MAX, CODE_MAX, DESCRIPTION_MAX, REASON_MAX, TITLE_MAX
from services import validation
from services.errors import Problem

CODE = re.compile(r"[A-Z]{2,5}-[0-9]{1,4}")
MONTH = re.compile(r"(20[0-9]{2})-(0[1-9]|1[0-2])")
LANGS = ("fr", "ar", "en")


@dataclass(frozen=True)
class MeasurePlan:
    """Every planned field of a measure as a form submits it (values not yet checked)."""

    code: object
    region_code: object
    planned_start: object
    planned_end: object
    title_fr: object = ""
    title_ar: object = ""
    title_en: object = ""
    description_fr: object = ""
    description_ar: object = ""
    description_en: object = ""
    province_code: object = None
    commune_code: object = None
    axis_id: object = None
    programme_id: object = None
    lead_institution_id: object = None
    budget_planned: object = None
    pdr_reference_fr: object = ""
    pdr_reference_ar: object = ""
    pdr_reference_en: object = ""


PLAN_COLUMNS = tuple(f.name for f in fields(MeasurePlan))


@dataclass(frozen=True)
class PlanDecision:
    """Why a plan changes and, for dates, budget or scope, what decided it: a council session
    (its month, YYYY-MM) or a committee decision (its id); one of the two, not both."""

    reason: object = ""
    session_month: object = None
    decision_id: object = None


def plan_of(measure: Measure) -> MeasurePlan:
    """A measure's current plan, as a form shows it."""
    return MeasurePlan(**{name: getattr(measure, name) for name in PLAN_COLUMNS})


def checked_plan(
    session: Session, plan: MeasurePlan, today: date, measure_id: int | None
) -> tuple[dict, list[Problem]]:
    """The plan's clean values and its problems (`measure_id`: the measure it replaces)."""
    problems: list[Problem] = []
    clean: dict = {}
    code, found = validation.text("code", plan.code, max_length=CODE_MAX, required=True)
    problems += found
    if not found and not CODE.fullmatch(code):
        problems.append(Problem("code", "error.code_format", {"example": "SM-16"}))
    elif not found:
        taken = session.scalar(select(Measure.id).where(Measure.code == code))
        if taken is not None and taken != measure_id:
            problems.append(Problem("code", "error.code_taken", {"code": code}))
    clean["code"] = code
    for name, limit in (("title", TITLE_MAX), ("description", DESCRIPTION_MAX)):
        for lang in LANGS:
            column = f"{name}_{lang}"
            clean[column], found = validation.text(column, getattr(plan, column), max_length=limit)
            problems += found
    for lang in LANGS:
        column = f"pdr_reference_{lang}"
        clean[column], found = validation.text(column, getattr(plan, column), max_length=TITLE_MAX)
        problems += found
    if not any(clean[f"title_{lang}"] for lang in LANGS):
        problems.append(Problem("title_fr", "error.title_required"))
    problems += _place(session, plan, clean)
    problems += _links(session, plan, clean)
    problems += _dates(plan, clean, today)
    if plan.budget_planned is None:
        clean["budget_planned"] = None
    else:
        clean["budget_planned"], found = validation.whole_number(
            "budget_planned", plan.budget_planned, low=0, high=BUDGET_MAX
        )
        problems += found
    return clean, problems


def _place(session: Session, plan: MeasurePlan, clean: dict) -> list[Problem]:
    """Region (None: national), province within it, commune within the province."""
    region, province, commune = plan.region_code, plan.province_code, plan.commune_code
    clean |= {"region_code": region, "province_code": province, "commune_code": commune}
    if region is not None and session.get(Region, region) is None:
        return [Problem("region_code", "error.unknown_place")]
    if province is not None:
        found = session.get(Province, province)
        if found is None or found.region_code != region:
            return [Problem("province_code", "error.place_outside")]
    if commune is not None:
        found = session.get(Commune, commune)
        if found is None or province is None or found.province_code != province:
            return [Problem("commune_code", "error.place_outside")]
    return []


def _links(session: Session, plan: MeasurePlan, clean: dict) -> list[Problem]:
    """The axis (of a strategy of the measure's region), programme and lead institution."""
    problems = []
    clean |= {
        "axis_id": plan.axis_id,
        "programme_id": plan.programme_id,
        "lead_institution_id": plan.lead_institution_id,
    }
    if plan.axis_id is not None:
        region = session.scalar(
            select(Strategy.region_code)
            .join(Axis, Axis.strategy_id == Strategy.id)
            .where(Axis.id == plan.axis_id)
        )
        if region is None or region != plan.region_code:
            problems.append(Problem("axis_id", "error.axis_outside"))
    for name, table in (("programme_id", Programme), ("lead_institution_id", Institution)):
        value = getattr(plan, name)
        if value is not None and session.get(table, value) is None:
            problems.append(Problem(name, "error.unknown_record"))
    return problems


def _dates(plan: MeasurePlan, clean: dict, today: date) -> list[Problem]:
    problems = []
    for name in ("planned_start", "planned_end"):
        clean[name], found = validation.optional_date(name, getattr(plan, name), today)
        if getattr(plan, name) is None:
            found = [Problem(name, "error.required")]
        problems += found
    start, end = clean["planned_start"], clean["planned_end"]
    if not problems and end < start:
        problems.append(Problem("planned_end", "error.end_before_start"))
    return problems


def checked_decision(
    session: Session, decision: PlanDecision, region: str | None, today: date, *, needed: bool
) -> tuple[dict, list[Problem]]:
    """The reason and, when `needed` (dates, budget or scope change), what decided it."""
    reason, problems = validation.text(
        "reason", decision.reason, max_length=REASON_MAX, required=True
    )
    clean = {"reason": reason, "session_month": None, "decision_id": None}
    month, decided_by = decision.session_month or None, decision.decision_id
    if month is not None and decided_by is not None:
        return clean, [*problems, Problem("decided_by", "error.two_deciders")]
    if month is None and decided_by is None:
        return clean, problems + ([Problem("decided_by", "error.decided_by_required")] * needed)
    if month is not None:
        match = MONTH.fullmatch(month) if isinstance(month, str) else None
        if match is None or month > today.strftime("%Y-%m"):
            return clean, [*problems, Problem("session_month", "error.session_month")]
        clean["session_month"] = month
        return clean, problems
    committee_region = session.scalar(
        select(Committee.region_code)
        .join(Meeting, Meeting.committee_id == Committee.id)
        .join(Decision, Decision.meeting_id == Meeting.id)
        .where(Decision.id == decided_by)
    )
    if committee_region is None or (region is not None and committee_region != region):
        return clean, [*problems, Problem("decision_id", "error.decision_outside")]
    clean["decision_id"] = decided_by
    return clean, problems
