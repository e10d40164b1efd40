"""column sizes PostgreSQL enforces: 12-character province codes, BIGINT amounts

HCP codes Casablanca's eight prefectures of arrondissements "06.141.01.00" and so on, which
VARCHAR(6) refused; amounts up to the 100 billion MAD the forms accept overflow INTEGER. SQLite
ignores both limits, so its tables only change their declared types.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHORT_CODE, LONG_CODE = sqlmodel.sql.sqltypes.AutoString(6), sqlmodel.sql.sqltypes.AutoString(12)
# table: [(column, old type, new type, nullable)]; one batch per table, so SQLite rebuilds each once.
CHANGES = {
    "province": [("code", SHORT_CODE, LONG_CODE, False)],
    "commune": [("province_code", SHORT_CODE, LONG_CODE, False)],
    "committee": [("province_code", SHORT_CODE, LONG_CODE, True)],
    "programme": [
        ("budget", sa.Integer(), sa.BigInteger(), False),
        ("budget_mad", sa.Integer(), sa.BigInteger(), True),
    ],
    "measure": [
        ("province_code", SHORT_CODE, LONG_CODE, True),
        ("budget_planned", sa.Integer(), sa.BigInteger(), False),
        ("budget_spent", sa.Integer(), sa.BigInteger(), False),
    ],
    "measureupdate": [
        ("old_budget_spent", sa.Integer(), sa.BigInteger(), True),
        ("new_budget_spent", sa.Integer(), sa.BigInteger(), False),
    ],
}


def upgrade() -> None:
    """Upgrade the schema."""
    _change(widen=True)


def downgrade() -> None:
    """Downgrade the schema; PostgreSQL refuses it while a longer code or larger amount is stored."""
    _change(widen=False)


def _change(*, widen: bool) -> None:
    for table, columns in CHANGES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, old, new, nullable in columns:
                batch_op.alter_column(
                    column,
                    existing_type=old if widen else new,
                    type_=new if widen else old,
                    existing_nullable=nullable,
                )
