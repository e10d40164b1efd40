"""The institution registry: bodies named as leads, partners, committee members and owners."""

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from models.base import utcnow
from models.codes import InstitutionKind, check_in


class Institution(SQLModel, table=True):
    """A public body, agency, association or partner, named once in every language it has."""

    __table_args__ = (
        CheckConstraint(check_in("kind", list(InstitutionKind)), name="kind"),
        CheckConstraint("name_fr <> '' OR name_ar <> '' OR name_en <> ''", name="named"),
    )

    id: int | None = Field(default=None, primary_key=True)
    acronym: str = Field(default="", max_length=40)
    kind: str = Field(max_length=30)
    name_fr: str = Field(default="", max_length=300)
    name_ar: str = Field(default="", max_length=300)
    name_en: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=80)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class MeasurePartner(SQLModel, table=True):
    """An institution partnering on a measure, in the order the record lists them."""

    measure_id: int = Field(foreign_key="measure.id", primary_key=True)
    institution_id: int = Field(foreign_key="institution.id", primary_key=True, index=True)
    position: int = 0
