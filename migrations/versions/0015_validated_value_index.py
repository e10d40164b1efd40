"""results: an index that covers the sums of validated values

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 17:30:00

The results pages add up every validated value of an indicator (achievement against the plan
target); this index answers those sums without reading the table, at national scale too.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "status",
    "indicator_id",
    "period_id",
    "territory_code",
    "total",
    "numerator",
    "denominator",
]


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_index("ix_indicatorvalue_status_sums", "indicatorvalue", COLUMNS)


def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_index("ix_indicatorvalue_status_sums", table_name="indicatorvalue")
