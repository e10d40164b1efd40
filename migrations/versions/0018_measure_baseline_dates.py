"""the baseline's planned dates copied onto the measure, in the per-region covering index

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 11:00:00

Expected progress follows each measure's baseline plan. Read through a join with
`measurebaseline`, the per-region sums took 160 ms at national scale instead of 7; the
baseline's dates (adopted once, never changed) are copied onto the measure, and the covering
index of those sums holds them with the planned dates.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("withdrawn_at IS NULL")
REGION_INDEX = "ix_measure_live_region"
SUMS = ["region_code", "status", "progress", "budget_planned", "budget_paid", "budget_committed"]
DATES = ["planned_start", "planned_end", "baseline_start", "baseline_end"]


def _region_index(columns: list[str]) -> None:
    # withdrawn_at last: it makes the index covering for SQLite's planner (see models/plan.py).
    op.create_index(
        REGION_INDEX,
        "measure",
        [*columns, "withdrawn_at"],
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )


def upgrade() -> None:
    """Upgrade the schema."""
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("baseline_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("baseline_end", sa.Date(), nullable=True))
    for column, source in (("baseline_start", "planned_start"), ("baseline_end", "planned_end")):
        op.execute(
            f"UPDATE measure SET {column} = (SELECT b.{source} FROM measurebaseline b"
            " WHERE b.measure_id = measure.id)"
        )
    op.drop_index(REGION_INDEX, table_name="measure")
    _region_index([*SUMS, *DATES])
    op.execute("DELETE FROM measuretallystate")


def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_index(REGION_INDEX, table_name="measure")
    _region_index(SUMS)
    # DROP COLUMN in place: batch mode would rebuild `measure` and lose the tally triggers.
    op.execute("ALTER TABLE measure DROP COLUMN baseline_end")
    op.execute("ALTER TABLE measure DROP COLUMN baseline_start")
