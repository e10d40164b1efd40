"""budget in three stages: what was spent is what was paid; a committed amount joins it

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 10:00:00

A measure's budget is programmed, committed (engagé: contracts and agreements signed) and paid.
The amount the forms called "spent" was what had been paid: its columns are renamed (data
kept), and a committed amount, unknown (NULL) until someone records it, is added to measures,
their history and the tallies. The covering index of the per-region sums gains it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("withdrawn_at IS NULL")
RENAMED = {
    "measure": [("budget_spent", "budget_paid")],
    "measureupdate": [
        ("old_budget_spent", "old_budget_paid"),
        ("new_budget_spent", "new_budget_paid"),
    ],
    "measuretally": [("budget_spent", "budget_paid")],
}
ADDED = {
    "measure": ["budget_committed"],
    "measureupdate": ["old_budget_committed", "new_budget_committed"],
    "measuretally": ["budget_committed"],
}
REGION_INDEX = "ix_measure_live_region"
REGION_COLUMNS = ["region_code", "status", "progress", "budget_planned"]


def _region_index(paid: str, *extra: str) -> None:
    # withdrawn_at last: it makes the index covering for SQLite's planner (see models/plan.py).
    columns = [*REGION_COLUMNS, paid, *extra, "withdrawn_at"]
    op.create_index(REGION_INDEX, "measure", columns, sqlite_where=LIVE, postgresql_where=LIVE)


def upgrade() -> None:
    """Upgrade the schema."""
    op.drop_index(REGION_INDEX, table_name="measure")
    # RENAME COLUMN (SQLite 3.25+, PostgreSQL) keeps the data, the indexes and the checks that
    # name the column; batch mode would copy the table for it.
    for table, pairs in RENAMED.items():
        for old, new in pairs:
            op.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ADDED[table]:
                batch_op.add_column(sa.Column(column, sa.BigInteger(), nullable=True))
    op.execute("DELETE FROM measuretallystate")
    _region_index("budget_paid", "budget_committed")


def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_index(REGION_INDEX, table_name="measure")
    # DROP COLUMN in place (SQLite 3.35+, PostgreSQL): batch mode would rebuild `measure` and
    # lose the tally triggers of migration 0013.
    for table, pairs in RENAMED.items():
        for column in reversed(ADDED[table]):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        for old, new in pairs:
            op.execute(f"ALTER TABLE {table} RENAME COLUMN {new} TO {old}")
    _region_index("budget_spent")
