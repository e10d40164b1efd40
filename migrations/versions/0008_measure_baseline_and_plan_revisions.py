"""measure baselines and plan revisions: the first adopted plan kept, every revision explained

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 01:45:00

A measure recorded before this revision gets its plan as it stands today as its baseline: no
earlier version of it was kept. The baseline says so (adopted by "migration 0008").
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MIGRATED_BY = "migration 0008"
MIGRATED_AT = datetime(2026, 12, 7, tzinfo=UTC)


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "measurebaseline",
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=False),
        sa.Column("budget_planned", sa.BigInteger(), nullable=True),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.Column("adopted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("adopted_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measure.id"], name=op.f("fk_measurebaseline_measure_id_measure")
        ),
        sa.PrimaryKeyConstraint("measure_id", name=op.f("pk_measurebaseline")),
    )
    op.create_table(
        "planrevision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("session_month", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "session_month IS NULL OR decision_id IS NULL",
            name=op.f("ck_planrevision_one_deciding_record"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_planrevision_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measure.id"], name=op.f("fk_planrevision_measure_id_measure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planrevision")),
    )
    with op.batch_alter_table("planrevision", schema=None) as batch_op:
        batch_op.create_index(
            "ix_planrevision_measure_version", ["measure_id", "version"], unique=False
        )
    measure = sa.table(
        "measure",
        sa.column("id", sa.Integer),
        sa.column("planned_start", sa.Date),
        sa.column("planned_end", sa.Date),
        sa.column("budget_planned", sa.BigInteger),
        sa.column("region_code", sa.String),
        sa.column("province_code", sa.String),
        sa.column("commune_code", sa.String),
    )
    baseline = sa.table(
        "measurebaseline",
        *(sa.column(c.name, c.type) for c in measure.columns if c.name != "id"),
        sa.column("measure_id", sa.Integer),
        sa.column("adopted_at", sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.column("adopted_by", sa.String),
    )
    plan = [c for c in measure.columns if c.name != "id"]
    op.execute(
        baseline.insert().from_select(
            ["measure_id", *(c.name for c in plan), "adopted_at", "adopted_by"],
            sa.select(
                measure.c.id,
                *plan,
                sa.literal(MIGRATED_AT, sqlmodel.sql.sqltypes.UTCDateTime()),
                sa.literal(MIGRATED_BY, sa.String),
            ),
        )
    )


def downgrade() -> None:
    """Downgrade the schema."""
    with op.batch_alter_table("planrevision", schema=None) as batch_op:
        batch_op.drop_index("ix_planrevision_measure_version")
    op.drop_table("planrevision")
    op.drop_table("measurebaseline")
