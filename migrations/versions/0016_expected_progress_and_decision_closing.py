"""tallies of expected progress, budget weights, slippage and last update; decisions' closing day

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 09:00:00

The overview compares each region's progress with where its measures should stand today on
their baseline plan, by count and by programmed budget, and the scorecard each region's
slippage and last update: the tallies gain those sums (and are counted again). The alignment
coverage reads measures and budget per region and classification code from a new tally,
counted with the others. A decision gains the day it left open, filled from its logged status changes
where there are any, else from its last update (the day the demo data closed it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TALLY_SUMS = {
    "expected_sum": sa.Float(),
    "weight_sum": sa.BigInteger(),
    "progress_weighted": sa.Float(),
    "expected_weighted": sa.Float(),
    "slipped": sa.Integer(),
    "slip_days": sa.BigInteger(),
}
CLOSED_CHECK = "(status = 'open') = (closed_on IS NULL)"


def _day(column: str) -> str:
    """The calendar day of a timestamp column, in this database's SQL."""
    if op.get_bind().dialect.name == "sqlite":
        return f"date({column})"
    return f"CAST({column} AS DATE)"


def upgrade() -> None:
    """Upgrade the schema."""
    with op.batch_alter_table("measuretally", schema=None) as batch_op:
        for name, kind in TALLY_SUMS.items():
            batch_op.add_column(sa.Column(name, kind, server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("last_update", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    op.create_table(
        "tagtally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("scheme", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("measures", sa.Integer(), nullable=False),
        sa.Column("budget_planned", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tagtally")),
    )
    with op.batch_alter_table("tagtally", schema=None) as batch_op:
        batch_op.create_index("ix_tagtally_as_of_scheme", ["as_of", "scheme"], unique=False)
    op.execute("DELETE FROM measuretally")
    op.execute("DELETE FROM measuretallystate")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
    op.execute(
        "UPDATE decision SET closed_on = coalesce("
        f"(SELECT max({_day('c.at')}) FROM changelog c WHERE c.entity = 'decision'"
        " AND c.entity_id = decision.id AND c.action = 'status'),"
        f" {_day('updated_at')}) WHERE status <> 'open'"
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_check_constraint("closed_on", CLOSED_CHECK)


def downgrade() -> None:
    """Downgrade the schema."""
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_constraint("closed_on", type_="check")
        batch_op.drop_column("closed_on")
    op.drop_table("tagtally")
    with op.batch_alter_table("measuretally", schema=None) as batch_op:
        batch_op.drop_column("last_update")
        for name in reversed(TALLY_SUMS):
            batch_op.drop_column(name)
