"""evidence files kept in the database; decisions withdrawn rather than deleted

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 04:00:00

Files live in the database so that every backup and restore carries them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "evidencefile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("uploaded_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidencefile")),
    )
    with op.batch_alter_table("evidencefile", schema=None) as batch_op:
        batch_op.create_index("ix_evidencefile_entity", ["entity", "entity_id"], unique=False)
    with op.batch_alter_table("decision", schema=None) as batch_op:
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
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_constraint("withdrawn_by_whom", type_="check")
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_by")
        batch_op.drop_column("withdrawn_at")
    with op.batch_alter_table("evidencefile", schema=None) as batch_op:
        batch_op.drop_index("ix_evidencefile_entity")
    op.drop_table("evidencefile")
