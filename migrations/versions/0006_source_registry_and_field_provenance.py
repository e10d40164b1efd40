"""source registry and field provenance: sources cited once, and the provenance of single fields

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:15:00

A field without its own row keeps its record's provenance, so existing rows need no data step.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("publisher", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("title_fr", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("title_ar", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("title_en", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("published", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.CheckConstraint("kind IN ('article', 'public')", name=op.f("ck_source_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("key", name=op.f("uq_source_key")),
    )
    op.create_table(
        "fieldprovenance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("provenance", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("statement", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "entity IN ('measure', 'strategy', 'committee')", name=op.f("ck_fieldprovenance_entity")
        ),
        sa.CheckConstraint(
            "provenance <> 'article' OR (source_id IS NOT NULL AND statement IS NOT NULL)",
            name=op.f("ck_fieldprovenance_article_statement"),
        ),
        sa.CheckConstraint(
            "provenance <> 'public' OR source_id IS NOT NULL",
            name=op.f("ck_fieldprovenance_public_source"),
        ),
        sa.CheckConstraint(
            "provenance <> 'recorded' OR (recorded_by IS NOT NULL AND recorded_at IS NOT NULL)",
            name=op.f("ck_fieldprovenance_recorded_by_whom"),
        ),
        sa.CheckConstraint(
            "provenance IN ('article', 'public', 'illustrative', 'recorded')",
            name=op.f("ck_fieldprovenance_provenance"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_fieldprovenance_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fieldprovenance")),
        sa.UniqueConstraint("entity", "entity_id", "field", name=op.f("uq_fieldprovenance_entity")),
    )
    with op.batch_alter_table("fieldprovenance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fieldprovenance_source_id"), ["source_id"], unique=False
        )


def downgrade() -> None:
    """Downgrade the schema."""
    with op.batch_alter_table("fieldprovenance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fieldprovenance_source_id"))

    op.drop_table("fieldprovenance")
    op.drop_table("source")
