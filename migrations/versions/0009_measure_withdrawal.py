"""measure withdrawal: a measure entered by mistake is withdrawn with a reason, never deleted

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("withdrawn_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("withdrawn_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
        )
        batch_op.add_column(
            sa.Column("withdrawn_reason", sa.Text(), server_default="", nullable=False)
        )
        batch_op.create_check_constraint(
            "withdrawn_by_whom", "(withdrawn_at IS NULL) = (withdrawn_by IS NULL)"
        )


def downgrade() -> None:
    """Downgrade the schema."""
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.drop_constraint("withdrawn_by_whom", type_="check")
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_by")
        batch_op.drop_column("withdrawn_at")
