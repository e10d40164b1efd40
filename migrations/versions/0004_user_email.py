"""user email: the single sign-on identity an account is mapped to

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True)
        )
        batch_op.create_unique_constraint(batch_op.f("uq_account_email"), ["email"])
        batch_op.create_check_constraint(batch_op.f("ck_account_email"), "email = lower(email)")


def downgrade() -> None:
    """Downgrade the schema."""
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_account_email"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_account_email"), type_="unique")
        batch_op.drop_column("email")
