"""Coordination committees, their members, meetings and decisions."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from models.base import utcnow
from models.codes import CommitteeKind, CommitteeRole, DecisionStatus, check_in
from models.plan import PROVENANCE_CHECK


class Committee(SQLModel, table=True):
    """A coordination body of a region or province."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        CheckConstraint(check_in("kind", list(CommitteeKind)), name="kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=2)
    province_code: str | None = Field(default=None, foreign_key="province.code", max_length=12)
    kind: str = Field(max_length=24)
    name_fr: str = Field(max_length=300)
    name_ar: str = Field(max_length=300)
    name_en: str = Field(max_length=300)
    mandate_fr: str = Field(default="", sa_type=Text)
    mandate_ar: str = Field(default="", sa_type=Text)
    mandate_en: str = Field(default="", sa_type=Text)
    established_on: date | None = None
    chair_institution_id: int | None = Field(default=None, foreign_key="institution.id")
    provenance: str = Field(max_length=12)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class CommitteeMember(SQLModel, table=True):
    """An institution sitting on a committee."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        CheckConstraint(check_in("role", list(CommitteeRole)), name="role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    institution_id: int = Field(foreign_key="institution.id", index=True)
    role: str = Field(max_length=12)
    provenance: str = Field(max_length=12)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Meeting(SQLModel, table=True):
    """A committee meeting."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        CheckConstraint("attendance >= 0", name="attendance"),
    )

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    held_on: date
    attendance: int = 0
    summary_fr: str = Field(default="", sa_type=Text)
    summary_ar: str = Field(default="", sa_type=Text)
    summary_en: str = Field(default="", sa_type=Text)
    provenance: str = Field(max_length=12)
    recorded_at: datetime = Field(default_factory=utcnow)
    recorded_by: str = Field(max_length=80)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


# A decision has a closing day exactly when it is no longer open.
CLOSED_CHECK = f"(status = '{DecisionStatus.OPEN.value}') = (closed_on IS NULL)"


class Decision(SQLModel, table=True):
    """A decision taken at a meeting, followed up until done or dropped."""

    __table_args__ = (
        CheckConstraint(PROVENANCE_CHECK, name="provenance"),
        CheckConstraint(check_in("status", list(DecisionStatus)), name="status"),
        CheckConstraint(
            "(withdrawn_at IS NULL) = (withdrawn_by IS NULL)", name="withdrawn_by_whom"
        ),
        CheckConstraint(CLOSED_CHECK, name="closed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    text_fr: str = Field(default="", sa_type=Text)
    text_ar: str = Field(default="", sa_type=Text)
    text_en: str = Field(default="", sa_type=Text)
    owner_institution_id: int | None = Field(default=None, foreign_key="institution.id")
    due_on: date | None = None
    status: str = Field(default=DecisionStatus.OPEN, max_length=8)
    # The day it left open (done or dropped); None while open.
    closed_on: date | None = None
    measure_id: int | None = Field(default=None, foreign_key="measure.id")
    provenance: str = Field(max_length=12)
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(max_length=80)
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = Field(default=None, max_length=80)
    withdrawn_reason: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
