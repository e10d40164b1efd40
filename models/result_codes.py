"""Code lists of results: IATI 2.03 result types and indicator measures, periods, approval."""

from enum import StrEnum


class ResultType(StrEnum):
    """What a result is (IATI ResultType)."""

    OUTPUT = "output"
    OUTCOME = "outcome"
    IMPACT = "impact"
    OTHER = "other"


RESULT_TYPE_IATI = {"output": "1", "outcome": "2", "impact": "3", "other": "9"}


class IndicatorKind(StrEnum):
    """How an indicator is measured (IATI IndicatorMeasure 1 unit, 2 percentage, 5 qualitative)."""

    UNIT = "unit"
    PERCENTAGE = "percentage"
    QUALITATIVE = "qualitative"


INDICATOR_KIND_IATI = {"unit": "1", "percentage": "2", "qualitative": "5"}


class Cumulation(StrEnum):
    """What an indicator's value over several periods is."""

    SUM = "sum"  # a flow (people received): the periods add up
    LATEST = "latest"  # a level (share with health cover): the latest period stands


class PeriodKind(StrEnum):
    """A council session closes a period; the annual PDR evaluation closes the year."""

    SESSION = "session"
    YEAR = "year"


# Regional councils sit in ordinary sessions in March, July and October.
SESSION_MONTHS = (3, 7, 10)


class ValueStatus(StrEnum):
    """Where a reported value stands in its approval."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    VALIDATED = "validated"


class ValueAction(StrEnum):
    """One approval step, as the trail records it."""

    SAVED = "saved"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    VALIDATED = "validated"
    REOPENED = "reopened"  # an administrator returns a validated value, with a reason


# The status each step starts from and leads to; who may take it is the service's rule.
VALUE_MOVES = {
    ValueAction.SUBMITTED: ((ValueStatus.DRAFT, ValueStatus.RETURNED), ValueStatus.SUBMITTED),
    ValueAction.RETURNED: ((ValueStatus.SUBMITTED,), ValueStatus.RETURNED),
    ValueAction.VALIDATED: ((ValueStatus.SUBMITTED,), ValueStatus.VALIDATED),
    ValueAction.REOPENED: ((ValueStatus.VALIDATED,), ValueStatus.RETURNED),
}
# Values a person may still change (a submitted one is being reviewed, a validated one counts).
EDITABLE_STATUSES = (ValueStatus.DRAFT, ValueStatus.RETURNED)


class Dimension(StrEnum):
    """Disaggregations of a value (SDG 17.18: data by migratory status)."""

    SEX = "sex"
    AGE = "age"
    STATUS = "status"  # migratory status
    DISABILITY = "disability"


# Each dimension's categories; "unknown" lets the parts always add up to the total.
CATEGORIES: dict[str, tuple[str, ...]] = {
    Dimension.SEX: ("female", "male", "unknown"),
    Dimension.AGE: ("0_17", "18_34", "35_59", "60_plus", "unknown"),
    Dimension.STATUS: (
        "regular_migrant",
        "refugee_asylum",
        "moroccan_abroad",
        "returnee",
        "host_community",
        "unknown",
    ),
    Dimension.DISABILITY: ("with", "without", "unknown"),
}

# The territory level an indicator's values are reported at; they roll up from there.
REPORTING_LEVELS = ("region", "province", "commune")
