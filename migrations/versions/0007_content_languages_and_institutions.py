"""content in three languages, an institution registry, committee roles and programme facts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 11:00:00

Free-text institutions (measure leads and partners, committee chairs and members, decision
owners) become registry entries, one per distinct name. Text fields a person reads get one
column per language; the text already there goes to Arabic if it has Arabic letters, else to
French. Member roles become the committee role code list. Planned budgets may be unknown
(NULL). Programmes say how sure their end is, and a MAD amount keeps the rate it was converted
at; amounts converted before this revision have no recorded rate, so they are cleared (shown in
their own currency only). A source without a publication date is cited with the day it was read.
"""

import re
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARABIC = re.compile("[\u0621-\u064a]")
MIGRATED_BY = "migration 0007"
# The revision's date, not the clock: two databases migrated from the same data hold the same rows.
MIGRATED_AT = datetime(2026, 12, 2, tzinfo=UTC)
# (table, old column, new column stem, SQL type)
TEXTS = (
    ("measure", "description", "description", sa.Text()),
    ("measure", "pdr_reference", "pdr_reference", sqlmodel.sql.sqltypes.AutoString(length=300)),
    ("strategy", "pdr_reference", "pdr_reference", sqlmodel.sql.sqltypes.AutoString(length=300)),
    ("committee", "mandate", "mandate", sa.Text()),
    ("meeting", "summary", "summary", sa.Text()),
    ("decision", "text", "text", sa.Text()),
    ("measureupdate", "note", "note", sa.Text()),
)
# (table, free-text column, registry column)
NAMES = (
    ("measure", "lead_institution", "lead_institution_id"),
    ("committee", "chair_institution", "chair_institution_id"),
    ("committeemember", "institution", "institution_id"),
    ("decision", "owner", "owner_institution_id"),
)
ROLES = {
    "chair": ("présidence", "président", "presidence", "chair", "رئاسة", "رئيس"),
    "vice_chair": ("vice-présidence", "vice-président", "vice-chair", "نائب الرئيس"),
    "observer": ("observateur", "observatrice", "observer", "ملاحظ"),
    "secretariat": ("secrétariat", "secrétariat technique", "appui technique", "secretariat"),
}
ROLE_WORDS = {
    "chair": "Présidence",
    "vice_chair": "Vice-présidence",
    "member": "Membre",
    "observer": "Observateur",
    "secretariat": "Secrétariat",
}
INSTITUTION_KINDS = (
    "ministry",
    "territorial_administration",
    "local_government",
    "public_agency",
    "civil_society",
    "university",
    "international",
    "other",
)


def _language(value: str) -> str:
    return "ar" if ARABIC.search(value) else "fr"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    """Upgrade the schema and move free text into the registry and the language columns."""
    op.create_table(
        "institution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acronym", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("name_fr", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("name_ar", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.CheckConstraint(_in("kind", INSTITUTION_KINDS), name=op.f("ck_institution_kind")),
        sa.CheckConstraint(
            "name_fr <> '' OR name_ar <> '' OR name_en <> ''", name=op.f("ck_institution_named")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_institution")),
    )
    op.create_table(
        "measurepartner",
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_measurepartner_institution_id_institution"),
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measure.id"], name=op.f("fk_measurepartner_measure_id_measure")
        ),
        sa.PrimaryKeyConstraint("measure_id", "institution_id", name=op.f("pk_measurepartner")),
    )
    with op.batch_alter_table("measurepartner", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measurepartner_institution_id"), ["institution_id"], unique=False
        )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accessed", sa.Date(), nullable=True))
    _add_columns()
    bind = op.get_bind()
    _move_texts(bind)
    _move_names(bind)
    bind.execute(sa.text("UPDATE programme SET budget_mad = NULL"))
    _drop_old_columns()


def _add_columns() -> None:
    for table, _, stem, kind in TEXTS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for lang in ("fr", "ar", "en"):
                batch_op.add_column(
                    sa.Column(f"{stem}_{lang}", kind, nullable=False, server_default="")
                )
    for table, _, column in NAMES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mad_rate", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("mad_rate_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("mad_rate_source_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "end_status",
                sqlmodel.sql.sqltypes.AutoString(length=12),
                nullable=False,
                server_default="as_planned",
            )
        )


def _move_texts(bind) -> None:
    for table, old, stem, _ in TEXTS:
        rows = bind.execute(sa.text(f"SELECT id, {old} FROM {table} WHERE {old} <> ''")).all()
        for row_id, value in rows:
            bind.execute(
                sa.text(f"UPDATE {table} SET {stem}_{_language(value)} = :v WHERE id = :id"),
                {"v": value, "id": row_id},
            )


def _move_names(bind) -> None:
    ids: dict[str, int] = {}

    def institution(name: str) -> int:
        name = name.strip()
        if name not in ids:
            ids[name] = bind.execute(
                sa.text(
                    "INSERT INTO institution (acronym, kind, name_fr, name_ar, name_en, "
                    "created_at, created_by) VALUES ('', 'other', :fr, :ar, '', :at, :by) "
                    "RETURNING id"
                ),
                {
                    "fr": "" if ARABIC.search(name) else name,
                    "ar": name if ARABIC.search(name) else "",
                    "at": MIGRATED_AT,
                    "by": MIGRATED_BY,
                },
            ).scalar_one()
        return ids[name]

    for table, old, column in NAMES:
        rows = bind.execute(
            sa.text(f"SELECT id, {old} FROM {table} WHERE {old} <> '' ORDER BY id")
        ).all()
        for row_id, name in rows:
            bind.execute(
                sa.text(f"UPDATE {table} SET {column} = :i WHERE id = :id"),
                {"i": institution(name), "id": row_id},
            )
    for measure_id, partners in bind.execute(
        sa.text("SELECT id, partners FROM measure WHERE partners <> '' ORDER BY id")
    ).all():
        names = dict.fromkeys(n.strip() for n in partners.split(";") if n.strip())
        for position, name in enumerate(names):
            bind.execute(
                sa.text(
                    "INSERT INTO measurepartner (measure_id, institution_id, position) "
                    "VALUES (:m, :i, :p)"
                ),
                {"m": measure_id, "i": institution(name), "p": position},
            )
    for code, words in ROLES.items():
        bind.execute(
            sa.text(f"UPDATE committeemember SET role = '{code}' WHERE {_in('lower(role)', words)}")
        )
    bind.execute(
        sa.text(f"UPDATE committeemember SET role = 'member' WHERE NOT {_in('role', ROLE_WORDS)}")
    )


def _drop_old_columns() -> None:
    for table, old, stem, _ in TEXTS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(old)
            for lang in ("fr", "ar", "en"):
                batch_op.alter_column(f"{stem}_{lang}", server_default=None)
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.drop_column("lead_institution")
        batch_op.drop_column("partners")
        batch_op.alter_column("budget_planned", existing_type=sa.BigInteger(), nullable=True)
        batch_op.drop_constraint(batch_op.f("ck_measure_budget"), type_="check")
        batch_op.create_check_constraint(
            "budget", "(budget_planned IS NULL OR budget_planned >= 0) AND budget_spent >= 0"
        )
        batch_op.create_index(
            batch_op.f("ix_measure_lead_institution_id"), ["lead_institution_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_measure_lead_institution_id_institution"),
            "institution",
            ["lead_institution_id"],
            ["id"],
        )
    with op.batch_alter_table("committee", schema=None) as batch_op:
        batch_op.drop_column("chair_institution")
        batch_op.create_foreign_key(
            batch_op.f("fk_committee_chair_institution_id_institution"),
            "institution",
            ["chair_institution_id"],
            ["id"],
        )
    with op.batch_alter_table("committeemember", schema=None) as batch_op:
        batch_op.drop_column("institution")
        batch_op.alter_column("institution_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column(
            "role",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=120),
            type_=sqlmodel.sql.sqltypes.AutoString(length=12),
        )
        batch_op.create_check_constraint("role", _in("role", ROLE_WORDS))
        batch_op.create_index(
            batch_op.f("ix_committeemember_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_committeemember_institution_id_institution"),
            "institution",
            ["institution_id"],
            ["id"],
        )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("owner")
        batch_op.create_foreign_key(
            batch_op.f("fk_decision_owner_institution_id_institution"),
            "institution",
            ["owner_institution_id"],
            ["id"],
        )
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.alter_column("end_status", server_default=None)
        batch_op.create_check_constraint(
            "end_status", _in("end_status", ("as_planned", "extended", "unverified"))
        )
        batch_op.create_check_constraint(
            "mad_rate", "budget_mad IS NULL OR (mad_rate IS NOT NULL AND mad_rate_on IS NOT NULL)"
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_programme_mad_rate_source_id_source"),
            "source",
            ["mad_rate_source_id"],
            ["id"],
        )
    with op.batch_alter_table("measuretag", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_measuretag_scheme"), type_="check")
        batch_op.create_check_constraint("scheme", _in("scheme", ("gcm", "snia", "sdg", "snmre")))


def downgrade() -> None:
    """Downgrade: one free-text column each again (French first), names instead of entries."""
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM measuretag WHERE scheme = 'snmre'"))
    bind.execute(sa.text("UPDATE measure SET budget_planned = 0 WHERE budget_planned IS NULL"))
    with op.batch_alter_table("measuretag", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_measuretag_scheme"), type_="check")
        batch_op.create_check_constraint("scheme", _in("scheme", ("gcm", "snia", "sdg")))
    for table, old, stem, kind in TEXTS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(old, kind, nullable=False, server_default=""))
        bind.execute(
            sa.text(
                f"UPDATE {table} SET {old} = CASE WHEN {stem}_fr <> '' THEN {stem}_fr "
                f"WHEN {stem}_ar <> '' THEN {stem}_ar ELSE {stem}_en END"
            )
        )
    name = (
        "(SELECT CASE WHEN name_fr <> '' THEN name_fr WHEN name_ar <> '' THEN name_ar "
        "ELSE name_en END FROM institution WHERE institution.id = {})"
    )
    for table, old, column in NAMES:
        kind = sqlmodel.sql.sqltypes.AutoString(length=300)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(old, kind, nullable=False, server_default=""))
        bind.execute(
            sa.text(f"UPDATE {table} SET {old} = COALESCE({name.format(f'{table}.{column}')}, '')")
        )
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "partners",
                sqlmodel.sql.sqltypes.AutoString(length=1000),
                nullable=False,
                server_default="",
            )
        )
    partners: dict[int, list[str]] = {}
    for measure_id, partner in bind.execute(
        sa.text(
            f"SELECT measure_id, {name.format('measurepartner.institution_id')} "
            "FROM measurepartner ORDER BY measure_id, position"
        )
    ).all():
        partners.setdefault(measure_id, []).append(partner)
    for measure_id, names in partners.items():
        bind.execute(
            sa.text("UPDATE measure SET partners = :p WHERE id = :id"),
            {"p": "; ".join(names), "id": measure_id},
        )
    with op.batch_alter_table("committeemember", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_committeemember_role"), type_="check")
        batch_op.alter_column(
            "role",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=12),
            type_=sqlmodel.sql.sqltypes.AutoString(length=120),
        )
    for code, word in ROLE_WORDS.items():
        bind.execute(sa.text(f"UPDATE committeemember SET role = '{word}' WHERE role = '{code}'"))
    _drop_new_columns()
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("accessed")
    op.drop_table("measurepartner")
    op.drop_table("institution")


def _drop_new_columns() -> None:
    for table, old, stem, _ in TEXTS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(old, server_default=None)
            for lang in ("fr", "ar", "en"):
                batch_op.drop_column(f"{stem}_{lang}")
    foreign = {
        "measure": "fk_measure_lead_institution_id_institution",
        "committee": "fk_committee_chair_institution_id_institution",
        "committeemember": "fk_committeemember_institution_id_institution",
        "decision": "fk_decision_owner_institution_id_institution",
    }
    for table, old, column in NAMES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(old, server_default=None)
            if table in ("measure", "committeemember"):
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
            batch_op.drop_constraint(batch_op.f(foreign[table]), type_="foreignkey")
            batch_op.drop_column(column)
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.alter_column("partners", server_default=None)
        batch_op.drop_constraint(batch_op.f("ck_measure_budget"), type_="check")
        batch_op.create_check_constraint("budget", "budget_planned >= 0 AND budget_spent >= 0")
        batch_op.alter_column("budget_planned", existing_type=sa.BigInteger(), nullable=False)
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_programme_mad_rate"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_programme_end_status"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_programme_mad_rate_source_id_source"), type_="foreignkey"
        )
        batch_op.drop_column("end_status")
        batch_op.drop_column("mad_rate_source_id")
        batch_op.drop_column("mad_rate_on")
        batch_op.drop_column("mad_rate")
