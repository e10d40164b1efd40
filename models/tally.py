"""Measure counts and sums per region, axis, status and schedule health, as of one day."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel


class MeasureTally(SQLModel, table=True):
    """One group's figures (measures not withdrawn); the region is "" for national measures.

    Schedule health depends on the day, so a tally holds for its `as_of` day only.
    """

    __table_args__ = (Index("ix_measuretally_as_of_region", "as_of", "region_code"),)

    id: int | None = Field(default=None, primary_key=True)
    as_of: date
    region_code: str = Field(max_length=2)
    axis_id: int | None = None
    status: str = Field(max_length=20)
    health: str = Field(max_length=20)
    measures: int
    # Mean progress leaves cancelled measures out: their sum and count.
    progress_sum: int
    progress_count: int
    budget_planned: int | None = Field(default=None, sa_type=BigInteger)
    budget_paid: int | None = Field(default=None, sa_type=BigInteger)
    budget_committed: int | None = Field(default=None, sa_type=BigInteger)
    illustrative: int
    # Expected progress today on each measure's baseline line, over the same measures as
    # progress_sum; and both weighted by the programmed budget of those that have one.
    expected_sum: float = Field(default=0.0, sa_column_kwargs={"server_default": "0"})
    weight_sum: int = Field(default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": "0"})
    progress_weighted: float = Field(default=0.0, sa_column_kwargs={"server_default": "0"})
    expected_weighted: float = Field(default=0.0, sa_column_kwargs={"server_default": "0"})
    # Measures whose planned end moved off their baseline's, and the days it moved in all.
    slipped: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    slip_days: int = Field(default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": "0"})
    last_update: datetime | None = None


class TagTally(SQLModel, table=True):
    """Measures neither withdrawn nor cancelled tagged with one classification code, and their
    programmed budget, per region ("" for national measures); counted with the measure tallies."""

    __table_args__ = (Index("ix_tagtally_as_of_scheme", "as_of", "scheme"),)

    id: int | None = Field(default=None, primary_key=True)
    as_of: date
    region_code: str = Field(max_length=2)
    scheme: str = Field(max_length=8)
    code: str = Field(max_length=40)
    measures: int
    budget_planned: int | None = Field(default=None, sa_type=BigInteger)


class MeasureTallyState(SQLModel, table=True):
    """A region whose tally rows are up to date for `as_of`; a change to one of its measures
    deletes its row (database triggers), and the next read that wants it counts it again."""

    region_key: str = Field(primary_key=True, max_length=2)
    as_of: date
