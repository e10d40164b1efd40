"""SQLModel tables and code lists; importing the package registers every table."""

from models.audit import ChangeLog
from models.coordination import Committee, CommitteeMember, Decision, Meeting
from models.evidence import EvidenceFile
from models.institutions import Institution, MeasurePartner
from models.people import AuthSession, SignInEvent, User, UserRegion
from models.plan import Axis, DataRevision, Measure, MeasureTag, MeasureUpdate, Programme, Strategy
from models.results import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ReportingPeriod,
    Result,
    TargetRevision,
    ValueBreakdown,
)
from models.revisions import Correction, MeasureBaseline, PlanRevision
from models.sources import FieldProvenance, Source
from models.tally import MeasureTally, MeasureTallyState, TagTally
from models.territory import Commune, Province, Region

__all__ = [
    "AuthSession",
    "Axis",
    "ChangeLog",
    "Committee",
    "CommitteeMember",
    "Commune",
    "Correction",
    "DataRevision",
    "Decision",
    "EvidenceFile",
    "FieldProvenance",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "Institution",
    "Measure",
    "MeasureBaseline",
    "MeasurePartner",
    "MeasureTag",
    "MeasureTally",
    "MeasureTallyState",
    "MeasureUpdate",
    "Meeting",
    "PlanRevision",
    "Programme",
    "Province",
    "Region",
    "ReportingPeriod",
    "Result",
    "SignInEvent",
    "Source",
    "Strategy",
    "TagTally",
    "TargetRevision",
    "User",
    "UserRegion",
    "ValueBreakdown",
]
