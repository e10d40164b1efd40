"""versions on strategies, axes, committees, members, programmes and institutions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 04:30:00

People now edit these records through forms: each carries the version its form saw.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("strategy", "axis", "committee", "committeemember", "programme", "institution")


def upgrade() -> None:
    """Upgrade the schema."""
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )


def downgrade() -> None:
    """Downgrade the schema."""
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
