"""Territorial units from HCP: regions, provinces and prefectures, communes."""

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from models import base  # noqa: F401  (naming convention before any table)


class Region(SQLModel, table=True):
    """One of Morocco's 12 regions, keyed by its HCP code ("09")."""

    code: str = Field(primary_key=True, max_length=2)
    name_fr: str = Field(max_length=120)
    name_ar: str = Field(max_length=120)
    name_en: str = Field(max_length=120)
    is_pilot: bool = False
    population_2024: int | None = None


class Province(SQLModel, table=True):
    """A province or prefecture, keyed by its HCP code ("09.001", Casablanca's "06.141.01.00")."""

    __table_args__ = (CheckConstraint("kind IN ('province', 'prefecture')", name="kind"),)

    code: str = Field(primary_key=True, max_length=12)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=2)
    kind: str = Field(max_length=12)
    name_fr: str = Field(max_length=120)
    name_ar: str = Field(max_length=120)
    population_2024: int | None = None


class Commune(SQLModel, table=True):
    """A commune, keyed by its HCP code ("09.001.01.0")."""

    __table_args__ = (CheckConstraint("kind IN ('urban', 'rural')", name="kind"),)

    code: str = Field(primary_key=True, max_length=12)
    province_code: str = Field(foreign_key="province.code", index=True, max_length=12)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=2)
    kind: str = Field(max_length=8)
    name_fr: str = Field(max_length=160)
    name_ar: str = Field(max_length=160)
    population_2024: int | None = None
