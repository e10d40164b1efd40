"""accounts: users, their regions, sign-in sessions and the sign-in log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 13:21:54.444599
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_sign_in_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name=op.f("ck_account_role")),
        sa.CheckConstraint(
            "username = lower(username) AND length(username) BETWEEN 3 AND 40",
            name=op.f("ck_account_username"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("username", name=op.f("uq_account_username")),
    )
    op.create_table(
        "authsession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["account.id"], name=op.f("fk_authsession_user_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authsession")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_authsession_token_hash")),
    )
    with op.batch_alter_table("authsession", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_authsession_user_id"), ["user_id"], unique=False)

    op.create_table(
        "userregion",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_userregion_region_code_region")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["account.id"], name=op.f("fk_userregion_user_id_account")
        ),
        sa.PrimaryKeyConstraint("user_id", "region_code", name=op.f("pk_userregion")),
    )
    op.create_table(
        "signinevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("ip", sqlmodel.sql.sqltypes.AutoString(length=45), nullable=True),
        sa.Column("user_agent", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('success', 'bad_credentials', 'locked', 'inactive', 'logout', 'session_expired', 'csrf_refused')",
            name=op.f("ck_signinevent_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["authsession.id"], name=op.f("fk_signinevent_session_id_authsession")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["account.id"], name=op.f("fk_signinevent_user_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signinevent")),
    )
    with op.batch_alter_table("signinevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signinevent_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_signinevent_session_id"), ["session_id"], unique=False)
        batch_op.create_index("ix_signinevent_user_at", ["user_id", "at"], unique=False)


def downgrade() -> None:
    """Downgrade the schema."""
    with op.batch_alter_table("signinevent", schema=None) as batch_op:
        batch_op.drop_index("ix_signinevent_user_at")
        batch_op.drop_index(batch_op.f("ix_signinevent_session_id"))
        batch_op.drop_index(batch_op.f("ix_signinevent_at"))

    op.drop_table("signinevent")
    op.drop_table("userregion")
    with op.batch_alter_table("authsession", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authsession_user_id"))

    op.drop_table("authsession")
    op.drop_table("account")
