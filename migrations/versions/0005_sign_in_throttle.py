"""sign-in throttle: a row per (name, address), counted refusals in the log, names normalised

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 08:00:00

The throttle replaces the lock derived from the log. Log entries get `attempts` (1 for the rows
already there) and an `aggregate_key` for rows that count refusals; names already logged are
trimmed and lower-cased, as the log was searched before, so the new equality search finds them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "signinthrottle",
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=45), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("paused_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("pauses", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("username", "address", name=op.f("pk_signinthrottle")),
    )
    with op.batch_alter_table("signinthrottle", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signinthrottle_last_attempt_at"), ["last_attempt_at"], unique=False
        )

    op.execute("UPDATE signinevent SET username = lower(trim(username))")
    with op.batch_alter_table("signinevent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch_op.add_column(
            sa.Column("aggregate_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True)
        )
        batch_op.create_index("ix_signinevent_username_at", ["username", "at"], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_signinevent_aggregate_key"), ["aggregate_key"]
        )
    # The default only filled the rows already there; the code always says how many.
    with op.batch_alter_table("signinevent", schema=None) as batch_op:
        batch_op.alter_column("attempts", server_default=None)


def downgrade() -> None:
    """Downgrade the schema (counted rows stay, each as one entry)."""
    with op.batch_alter_table("signinevent", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_signinevent_aggregate_key"), type_="unique")
        batch_op.drop_index("ix_signinevent_username_at")
        batch_op.drop_column("aggregate_key")
        batch_op.drop_column("attempts")

    with op.batch_alter_table("signinthrottle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signinthrottle_last_attempt_at"))

    op.drop_table("signinthrottle")
