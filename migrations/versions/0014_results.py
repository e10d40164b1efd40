"""results: indicators, reporting periods, reported values and their approval; validators

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 13:40:00

A result (of an axis or a measure) has indicators; each territory reports a value per period,
disaggregated, and a validator approves it. Accounts gain the validator role.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES_BEFORE = "role IN ('viewer', 'editor', 'admin')"
ROLES_NOW = "role IN ('viewer', 'editor', 'validator', 'admin')"


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "reportingperiod",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("session_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("locked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("locked_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('session', 'year')", name=op.f("ck_reportingperiod_kind")),
        sa.CheckConstraint(
            "(locked_at IS NULL) = (locked_by IS NULL)",
            name=op.f("ck_reportingperiod_locked_by_whom"),
        ),
        sa.CheckConstraint(
            "starts_on <= ends_on AND deadline <= session_on", name=op.f("ck_reportingperiod_dates")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_reportingperiod_region_code_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reportingperiod")),
        sa.UniqueConstraint("region_code", "code", name=op.f("uq_reportingperiod_region_code")),
    )
    op.create_table(
        "result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("axis_id", sa.Integer(), nullable=True),
        sa.Column("measure_id", sa.Integer(), nullable=True),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("result_type", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("title_fr", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("title_ar", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("title_en", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("provenance", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "provenance IN ('article', 'public', 'illustrative', 'recorded')",
            name=op.f("ck_result_provenance"),
        ),
        sa.CheckConstraint(
            "result_type IN ('output', 'outcome', 'impact', 'other')",
            name=op.f("ck_result_result_type"),
        ),
        sa.CheckConstraint(
            "(axis_id IS NULL) <> (measure_id IS NULL)", name=op.f("ck_result_belongs_to_one")
        ),
        sa.ForeignKeyConstraint(["axis_id"], ["axis.id"], name=op.f("fk_result_axis_id_axis")),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measure.id"], name=op.f("fk_result_measure_id_measure")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_result_region_code_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result")),
    )
    with op.batch_alter_table("result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_result_axis_id"), ["axis_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_result_measure_id"), ["measure_id"], unique=False)

    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title_fr", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("title_ar", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("title_en", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("unit_fr", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("unit_ar", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("unit_en", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("higher_is_better", sa.Boolean(), nullable=False),
        sa.Column("aggregatable", sa.Boolean(), nullable=False),
        sa.Column("cumulation", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("by_sex", sa.Boolean(), nullable=False),
        sa.Column("by_age", sa.Boolean(), nullable=False),
        sa.Column("by_status", sa.Boolean(), nullable=False),
        sa.Column("by_disability", sa.Boolean(), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("provenance", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("cumulation IN ('sum', 'latest')", name=op.f("ck_indicator_cumulation")),
        sa.CheckConstraint(
            "kind <> 'percentage' OR ((baseline_value IS NULL OR baseline_value BETWEEN 0 AND 100) AND (target_value IS NULL OR target_value BETWEEN 0 AND 100))",
            name=op.f("ck_indicator_percentage"),
        ),
        sa.CheckConstraint(
            "kind <> 'qualitative' OR (baseline_value IS NULL AND target_value IS NULL AND NOT aggregatable AND NOT (by_sex OR by_age OR by_status OR by_disability))",
            name=op.f("ck_indicator_qualitative"),
        ),
        sa.CheckConstraint(
            "kind IN ('unit', 'percentage', 'qualitative')", name=op.f("ck_indicator_kind")
        ),
        sa.CheckConstraint(
            "level IN ('region', 'province', 'commune')", name=op.f("ck_indicator_level")
        ),
        sa.CheckConstraint(
            "provenance IN ('article', 'public', 'illustrative', 'recorded')",
            name=op.f("ck_indicator_provenance"),
        ),
        sa.CheckConstraint(
            "(baseline_value IS NULL) = (baseline_year IS NULL)", name=op.f("ck_indicator_baseline")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_indicator_region_code_region")
        ),
        sa.ForeignKeyConstraint(
            ["result_id"], ["result.id"], name=op.f("fk_indicator_result_id_result")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("code", name=op.f("uq_indicator_code")),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_result_id"), ["result_id"], unique=False)

    op.create_table(
        "indicatortarget",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period_code", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicatortarget_indicator_id_indicator"),
        ),
        sa.PrimaryKeyConstraint("indicator_id", "period_code", name=op.f("pk_indicatortarget")),
    )
    op.create_table(
        "indicatorvalue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("territory_code", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.Column("total", sa.BigInteger(), nullable=True),
        sa.Column("numerator", sa.BigInteger(), nullable=True),
        sa.Column("denominator", sa.BigInteger(), nullable=True),
        sa.Column("comment_fr", sa.Text(), nullable=False),
        sa.Column("comment_ar", sa.Text(), nullable=False),
        sa.Column("comment_en", sa.Text(), nullable=False),
        sa.Column("evidence_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("return_reason", sa.Text(), nullable=False),
        sa.Column("return_reason_lang", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("submitted_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("reviewed_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("provenance", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "level IN ('region', 'province', 'commune')", name=op.f("ck_indicatorvalue_level")
        ),
        sa.CheckConstraint(
            "provenance IN ('article', 'public', 'illustrative', 'recorded')",
            name=op.f("ck_indicatorvalue_provenance"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'returned', 'validated')",
            name=op.f("ck_indicatorvalue_status"),
        ),
        sa.CheckConstraint(
            "(total IS NULL OR total >= 0) AND (numerator IS NULL OR numerator >= 0) AND (denominator IS NULL OR denominator > 0) AND (numerator IS NULL OR denominator IS NULL OR numerator <= denominator)",
            name=op.f("ck_indicatorvalue_amounts"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicatorvalue_indicator_id_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reportingperiod.id"],
            name=op.f("fk_indicatorvalue_period_id_reportingperiod"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_indicatorvalue_region_code_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicatorvalue")),
        sa.UniqueConstraint(
            "indicator_id",
            "period_id",
            "territory_code",
            name=op.f("uq_indicatorvalue_indicator_id"),
        ),
    )
    with op.batch_alter_table("indicatorvalue", schema=None) as batch_op:
        batch_op.create_index(
            "ix_indicatorvalue_period", ["period_id", "indicator_id"], unique=False
        )
        batch_op.create_index(
            "ix_indicatorvalue_region_status", ["region_code", "status"], unique=False
        )

    op.create_table(
        "targetrevision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period_code", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=True),
        sa.Column("old_value", sa.Float(), nullable=True),
        sa.Column("new_value", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reason_lang", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("revised_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revised_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_targetrevision_indicator_id_indicator"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targetrevision")),
    )
    with op.batch_alter_table("targetrevision", schema=None) as batch_op:
        batch_op.create_index(
            "ix_targetrevision_indicator", ["indicator_id", "revised_at"], unique=False
        )

    op.create_table(
        "valuebreakdown",
        sa.Column("value_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=True),
        sa.Column("numerator", sa.BigInteger(), nullable=True),
        sa.Column("denominator", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "dimension IN ('sex', 'age', 'status', 'disability')",
            name=op.f("ck_valuebreakdown_dimension"),
        ),
        sa.CheckConstraint(
            "(total IS NULL OR total >= 0) AND (numerator IS NULL OR numerator >= 0) AND (denominator IS NULL OR denominator >= 0)",
            name=op.f("ck_valuebreakdown_amounts"),
        ),
        sa.ForeignKeyConstraint(
            ["value_id"],
            ["indicatorvalue.id"],
            name=op.f("fk_valuebreakdown_value_id_indicatorvalue"),
        ),
        sa.PrimaryKeyConstraint(
            "value_id", "dimension", "category", name=op.f("pk_valuebreakdown")
        ),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_constraint("role", type_="check")
        batch_op.alter_column(
            "role",
            existing_type=sa.VARCHAR(length=8),
            type_=sqlmodel.sql.sqltypes.AutoString(length=12),
            existing_nullable=False,
        )
        batch_op.create_check_constraint("role", ROLES_NOW)

    with op.batch_alter_table("changelog", schema=None) as batch_op:
        batch_op.create_index("ix_changelog_entity", ["entity", "entity_id"], unique=False)


def downgrade() -> None:
    """Downgrade the schema."""
    with op.batch_alter_table("changelog", schema=None) as batch_op:
        batch_op.drop_index("ix_changelog_entity")

    op.execute("UPDATE account SET role = 'viewer' WHERE role = 'validator'")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_constraint("role", type_="check")
        batch_op.alter_column(
            "role",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=12),
            type_=sa.VARCHAR(length=8),
            existing_nullable=False,
        )
        batch_op.create_check_constraint("role", ROLES_BEFORE)

    op.drop_table("valuebreakdown")
    with op.batch_alter_table("targetrevision", schema=None) as batch_op:
        batch_op.drop_index("ix_targetrevision_indicator")

    op.drop_table("targetrevision")
    with op.batch_alter_table("indicatorvalue", schema=None) as batch_op:
        batch_op.drop_index("ix_indicatorvalue_region_status")
        batch_op.drop_index("ix_indicatorvalue_period")

    op.drop_table("indicatorvalue")
    op.drop_table("indicatortarget")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_result_id"))

    op.drop_table("indicator")
    with op.batch_alter_table("result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_measure_id"))
        batch_op.drop_index(batch_op.f("ix_result_axis_id"))

    op.drop_table("result")
    op.drop_table("reportingperiod")
