"""What a reported value must be: its amounts for the indicator's kind, its parts, its place."""

from dataclasses import dataclass, field

from sqlmodel import Session

from models import Commune, Indicator, IndicatorValue, Province, Region, ReportingPeriod
from models.limits import COMMENT_MAX, URL_MAX, VALUE_MAX
from models.result_codes import CATEGORIES, EDITABLE_STATUSES, IndicatorKind
from services import settings, validation
from services.errors import NotFound, Problem, ValidationFailed


@dataclass(frozen=True)
class ValueEntry:
    """A value as typed: amounts, disaggregated parts, comment, evidence link.

    `parts` maps (dimension, category) to a count, or for a percentage to (numerator,
    denominator). A dimension left out entirely is not reported yet.
    """

    total: object = None
    numerator: object = None
    denominator: object = None
    parts: dict = field(default_factory=dict)
    comment: object = ""
    language: object = "fr"
    evidence_url: object = ""


@dataclass(frozen=True)
class Place:
    """Where a value is reported: its level, territory, region and province."""

    level: str
    territory_code: str
    region_code: str
    province_code: str | None


def place(session: Session, territory_code: object) -> Place | None:
    """The territory a code names (a region, province or commune), or None."""
    if not isinstance(territory_code, str):
        return None
    if (commune := session.get(Commune, territory_code)) is not None:
        return Place("commune", commune.code, commune.region_code, commune.province_code)
    if (province := session.get(Province, territory_code)) is not None:
        return Place("province", province.code, province.region_code, province.code)
    if session.get(Region, territory_code) is not None:
        return Place("region", territory_code, territory_code, None)
    return None


def _count(name: str, value: object, required: bool) -> tuple[int | None, list[Problem]]:
    if value is None or value == "":
        return None, [Problem(name, "error.required")] if required else []
    number, problems = validation.whole_number(name, value, low=0, high=VALUE_MAX)
    return (None if problems else number), problems


def _forbidden(name: str, value: object) -> list[Problem]:
    return [] if value is None or value == "" else [Problem(name, "error.value_wrong_kind")]


def amounts(indicator: Indicator, entry: ValueEntry) -> tuple[dict, list[Problem]]:
    """The total, numerator and denominator the indicator's kind asks for, and the problems."""
    unit = indicator.kind == IndicatorKind.UNIT
    percentage = indicator.kind == IndicatorKind.PERCENTAGE
    total, problems = _count("total", entry.total, unit) if unit else (None, [])
    numerator, found = _count("numerator", entry.numerator, True) if percentage else (None, [])
    problems += found
    denominator, found = (
        _count("denominator", entry.denominator, True) if percentage else (None, [])
    )
    problems += found
    if not unit:
        problems += _forbidden("total", entry.total)
    if not percentage:
        problems += _forbidden("numerator", entry.numerator)
        problems += _forbidden("denominator", entry.denominator)
    if denominator == 0:
        problems.append(Problem("denominator", "error.denominator_zero"))
    elif numerator is not None and denominator is not None and numerator > denominator:
        problems.append(Problem("numerator", "error.numerator_above_denominator"))
    return {"total": total, "numerator": numerator, "denominator": denominator}, problems


def _part(indicator: Indicator, name: str, raw: object) -> tuple[tuple, list[Problem]]:
    if indicator.kind == IndicatorKind.UNIT:
        count, problems = _count(name, raw, True)
        return (count, None, None), problems
    if not isinstance(raw, tuple | list) or len(raw) != 2:
        return (None, None, None), [Problem(name, "error.not_number")]
    numerator, problems = _count(f"{name}.numerator", raw[0], True)
    denominator, found = _count(f"{name}.denominator", raw[1], True)
    problems += found
    if not problems and numerator > denominator:
        problems.append(Problem(f"{name}.numerator", "error.numerator_above_denominator"))
    return (None, numerator, denominator), problems


def parts(indicator: Indicator, entry: ValueEntry, amount: dict) -> tuple[dict, list[Problem]]:
    """The parts by (dimension, category), each dimension checked against the total."""
    asked = indicator.dimensions()
    if not isinstance(entry.parts, dict):
        return {}, [Problem("parts", "error.unknown_part")]
    given = entry.parts
    problems = [
        Problem(f"parts.{key[0]}" if _known(key, asked) else "parts", "error.unknown_part")
        for key in given
        if not _known(key, asked) or key[1] not in CATEGORIES[key[0]]
    ]
    checked = {}
    for dimension in asked:
        if not any(_known(key, asked) and key[0] == dimension for key in given):
            continue
        rows, before = {}, len(problems)
        for category in CATEGORIES[dimension]:
            name = f"parts.{dimension}.{category}"
            if (dimension, category) not in given:
                problems.append(Problem(name, "error.required"))
                continue
            rows[category], found = _part(indicator, name, given[(dimension, category)])
            problems += found
        if len(problems) == before:
            problems += _sums(dimension, rows, amount)
        checked[dimension] = rows
    return checked, problems


def _known(key: object, asked: tuple[str, ...]) -> bool:
    """Whether a part's key is a (dimension, category) pair of a dimension the indicator asks."""
    return isinstance(key, tuple) and len(key) == 2 and key[0] in asked


def _sums(dimension: str, rows: dict, amount: dict) -> list[Problem]:
    problems = []
    for index, column in enumerate(("total", "numerator", "denominator")):
        if amount[column] is None:
            continue
        added = sum(row[index] for row in rows.values())
        if added != amount[column]:
            params = {"sum": added, "total": amount[column]}
            problems.append(Problem(f"parts.{dimension}", "error.parts_sum", params))
    return problems


def entry_texts(indicator: Indicator, entry: ValueEntry) -> tuple[dict, list[Problem]]:
    """The comment (required for a qualitative indicator), its language and the evidence link."""
    required = indicator.kind == IndicatorKind.QUALITATIVE
    comment, problems = validation.text(
        "comment", entry.comment, max_length=COMMENT_MAX, required=required
    )
    language, found = validation.language("language", entry.language)
    problems += found
    link, found = validation.url("evidence_url", entry.evidence_url, max_length=URL_MAX)
    problems += found
    return {"comment": comment, "language": language, "evidence_url": link}, problems


def missing_dimensions(indicator: Indicator, reported: set[str], value: dict) -> list[Problem]:
    """A value is submitted only with every disaggregation its indicator asks for; the problem
    names the value (`value`: its period and territory), one of several submitted together."""
    named = {"code": indicator.code, **value}
    return [
        Problem(
            f"parts.{dimension}", "error.disaggregation_missing", named | {"dimension": dimension}
        )
        for dimension in indicator.dimensions()
        if dimension not in reported
    ]


def ensure_open(period: ReportingPeriod) -> None:
    """Nothing in a locked period changes, and nothing is reported for one not begun."""
    if period.locked_at is not None:
        raise ValidationFailed(Problem(None, "error.period_locked", {"period": period.code}))
    if period.starts_on > settings.today():
        params = {"period": period.code, "day": period.starts_on}
        raise ValidationFailed(Problem(None, "error.period_not_started", params))


def value_record(session: Session, value_id: int) -> tuple[int, str, bool]:
    """A value's version and region, and that it is not withdrawn (evidence files)."""
    value = session.get(IndicatorValue, value_id)
    if value is None:
        raise NotFound()
    return value.version, value.region_code, False


def ensure_editable(session: Session, value_id: int) -> None:
    """A value changes (and takes files) only while a draft or returned, in an open period."""
    value = session.get(IndicatorValue, value_id)
    ensure_open(session.get(ReportingPeriod, value.period_id))
    if value.status not in EDITABLE_STATUSES:
        raise ValidationFailed(Problem(None, "error.value_not_editable"))
