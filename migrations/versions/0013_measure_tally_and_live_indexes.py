"""measure tallies kept fresh by triggers; covering indexes on measures not withdrawn

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 12:00:00

At national scale (100,000 measures) the overview's figures scanned every measure on each
cold read. They now read per-region tallies, which a trigger marks stale when one of the
region's measures changes (through any path: forms, seed, restore), and the next read counts
again. Lists and per-region aggregates get partial indexes covering what they read.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("withdrawn_at IS NULL")
INDEXES = {
    "ix_measure_live_region": [
        "region_code",
        "status",
        "progress",
        "budget_planned",
        "budget_spent",
        "withdrawn_at",  # makes it covering for SQLite's planner (see models/plan.py)
    ],
    "ix_measure_live_axis": ["axis_id", "code"],
    "ix_measure_live_start": ["planned_start", "code"],
    "ix_measure_live_region_code": ["region_code", "code"],
    "ix_measure_live_region_start": ["region_code", "planned_start", "code"],
    "ix_measure_live_region_end": ["region_code", "planned_end", "code"],
    "ix_measure_live_end": ["planned_end", "code"],
}
# Serialises a tally refresh with the measure changes that make it stale (PostgreSQL).
TALLY_LOCK = 7130013
SQLITE_TRIGGERS = {
    "insert": "DELETE FROM measuretallystate WHERE region_key = coalesce(NEW.region_code, '')",
    "update": (
        "DELETE FROM measuretallystate WHERE region_key IN "
        "(coalesce(OLD.region_code, ''), coalesce(NEW.region_code, ''))"
    ),
    "delete": "DELETE FROM measuretallystate WHERE region_key = coalesce(OLD.region_code, '')",
}
POSTGRES_FUNCTION = f"""
CREATE FUNCTION measure_tally_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({TALLY_LOCK});
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM measuretallystate WHERE region_key = coalesce(OLD.region_code, '');
    END IF;
    IF TG_OP <> 'DELETE' THEN
        DELETE FROM measuretallystate WHERE region_key = coalesce(NEW.region_code, '');
    END IF;
    RETURN NULL;
END $$
"""


def _triggers_up() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(
            "CREATE TRIGGER measure_tally_stale AFTER INSERT OR UPDATE OR DELETE ON measure "
            "FOR EACH ROW EXECUTE FUNCTION measure_tally_stale()"
        )
        return
    for event, body in SQLITE_TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER measure_tally_stale_{event} AFTER {event.upper()} ON measure "
            f"BEGIN {body}; END"
        )


def _triggers_down() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER measure_tally_stale ON measure")
        op.execute("DROP FUNCTION measure_tally_stale()")
        return
    for event in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER measure_tally_stale_{event}")


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "measuretally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("axis_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("health", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("measures", sa.Integer(), nullable=False),
        sa.Column("progress_sum", sa.Integer(), nullable=False),
        sa.Column("progress_count", sa.Integer(), nullable=False),
        sa.Column("budget_planned", sa.BigInteger(), nullable=True),
        sa.Column("budget_spent", sa.BigInteger(), nullable=True),
        sa.Column("illustrative", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measuretally")),
    )
    with op.batch_alter_table("measuretally", schema=None) as batch_op:
        batch_op.create_index("ix_measuretally_as_of_region", ["as_of", "region_code"])
    op.create_table(
        "measuretallystate",
        sa.Column("region_key", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("region_key", name=op.f("pk_measuretallystate")),
    )
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.drop_index("ix_measure_region_status")
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, sqlite_where=LIVE, postgresql_where=LIVE)
    # After the batch operations: SQLite's batch mode copies the table, which drops triggers.
    _triggers_up()


def downgrade() -> None:
    """Downgrade the schema."""
    _triggers_down()
    with op.batch_alter_table("measure", schema=None) as batch_op:
        for name in reversed(INDEXES):
            batch_op.drop_index(name)
        batch_op.create_index("ix_measure_region_status", ["region_code", "status"])
    op.drop_table("measuretallystate")
    with op.batch_alter_table("measuretally", schema=None) as batch_op:
        batch_op.drop_index("ix_measuretally_as_of_region")
    op.drop_table("measuretally")
