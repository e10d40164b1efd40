"""Code lists shared by the tables, the services and the UI."""

from enum import StrEnum


class Provenance(StrEnum):
    """Where a record comes from."""

    ARTICLE = "article"
    PUBLIC = "public"
    ILLUSTRATIVE = "illustrative"
    RECORDED = "recorded"  # entered by a user of Marsad


class MeasureStatus(StrEnum):
    """A measure's implementation status (maps to IATI ActivityStatus)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


ALLOWED_TRANSITIONS: dict[MeasureStatus, frozenset[MeasureStatus]] = {
    MeasureStatus.PLANNED: frozenset({MeasureStatus.IN_PROGRESS, MeasureStatus.CANCELLED}),
    MeasureStatus.IN_PROGRESS: frozenset(
        {MeasureStatus.COMPLETED, MeasureStatus.SUSPENDED, MeasureStatus.CANCELLED}
    ),
    MeasureStatus.SUSPENDED: frozenset({MeasureStatus.IN_PROGRESS, MeasureStatus.CANCELLED}),
    MeasureStatus.COMPLETED: frozenset(),
    MeasureStatus.CANCELLED: frozenset(),
}

# Final statuses an admin may reopen; the reopening is recorded like any change.
REOPEN_TO = {
    MeasureStatus.COMPLETED: MeasureStatus.IN_PROGRESS,
    MeasureStatus.CANCELLED: MeasureStatus.PLANNED,
}

OPEN_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS, MeasureStatus.SUSPENDED)


class ScheduleHealth(StrEnum):
    """Derived schedule health of a measure; never stored."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE_START = "late_start"
    OVERDUE = "overdue"
    CLOSED = "closed"


AT_RISK_GAP_POINTS = 15


class Level(StrEnum):
    """Territorial level of a measure, derived from which territory columns are set."""

    NATIONAL = "national"
    REGION = "region"
    PROVINCE = "province"
    COMMUNE = "commune"


class StrategyStatus(StrEnum):
    """Where a regional strategy stands."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    ADOPTED = "adopted"


class CommitteeKind(StrEnum):
    """Kinds of coordination bodies."""

    REGIONAL_COORDINATION = "regional_coordination"
    THEMATIC_GROUP = "thematic_group"
    PROVINCIAL_COMMITTEE = "provincial_committee"


class DecisionStatus(StrEnum):
    """Follow-up status of a committee decision."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class CommitteeRole(StrEnum):
    """What an institution does on a committee."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    OBSERVER = "observer"
    SECRETARIAT = "secretariat"


class InstitutionKind(StrEnum):
    """Kinds of institutions in the registry."""

    MINISTRY = "ministry"
    TERRITORIAL_ADMINISTRATION = "territorial_administration"
    LOCAL_GOVERNMENT = "local_government"
    PUBLIC_AGENCY = "public_agency"
    CIVIL_SOCIETY = "civil_society"
    UNIVERSITY = "university"
    INTERNATIONAL = "international"
    OTHER = "other"


class ProgrammeEnd(StrEnum):
    """How sure the end date of a programme is."""

    AS_PLANNED = "as_planned"
    EXTENDED = "extended"
    UNVERIFIED = "unverified"


class Role(StrEnum):
    """What a user may do."""

    VIEWER = "viewer"
    EDITOR = "editor"
    VALIDATOR = "validator"  # validates reported results in their regions
    ADMIN = "admin"


# Roles whose rights are scoped to the regions listed for the account.
REGIONAL_ROLES = ("editor", "validator")


class TagScheme(StrEnum):
    """Classification schemes a measure may be tagged with."""

    GCM = "gcm"
    SNIA = "snia"
    SDG = "sdg"
    SNMRE = "snmre"


GCM_OBJECTIVES = tuple(range(1, 24))
# SDG targets, not indicators: 10.7.2 counts countries, 10.c.1 remittance costs.
SDG_TARGETS = ("3.8", "4.5", "8.8", "8.10", "10.7", "16.9", "17.18")
SNIA_PROGRAMMES = (
    "education_culture",
    "youth_leisure",
    "health",
    "housing",
    "social_humanitarian",
    "vocational_training",
    "employment",
    "flows_trafficking",
    "international_cooperation",
    "regulatory_framework",
    "governance_communication",
)
# The national strategy for Moroccans resident abroad's three strategic objectives.
SNMRE_OBJECTIVES = ("identity", "rights", "development")
# Every tag a measure may carry, as "scheme:code", in the order lists show them.
TAG_CHOICES = (
    *(f"gcm:{n}" for n in GCM_OBJECTIVES),
    *(f"snia:{c}" for c in SNIA_PROGRAMMES),
    *(f"snmre:{c}" for c in SNMRE_OBJECTIVES),
    *(f"sdg:{c}" for c in SDG_TARGETS),
)
PILOT_REGIONS = ("02", "05", "09")
LANGUAGES = ("ar", "fr", "en")


def check_in(column: str, values) -> str:
    """SQL CHECK text restricting a column to a code list."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
