"""Small helpers shared by the service tests."""

from babel.messages.pofile import read_po
from sqlalchemy import MetaData, inspect, select, text
from sqlmodel import Session, SQLModel

from models import Committee, Decision, Measure, Meeting
from models.codes import Role
from seed.history import DEMO_TODAY
from services.actors import Actor
from services.db import make_engine
from tests.tree import ROOT

# Counted again from the measures whenever a read finds them stale: a read may write them.
DERIVED = frozenset({"measuretally", "measuretallystate", "tagtally"})


def dump(engine) -> str:
    """Every row of every table behind `engine` by primary key, as INSERT-like text (the
    derived tallies left out)."""
    lines = []
    with engine.connect() as connection:
        live = inspect(connection)
        for name in sorted(set(live.get_table_names()) - DERIVED):
            table = _readable(connection, live, name)
            order = list(table.primary_key.columns) or list(table.columns)
            rows = connection.execute(select(table).order_by(*order))
            lines += [f'INSERT INTO "{name}" VALUES{tuple(row)!r}' for row in rows]
    return "\n".join(lines)


def _readable(connection, live, name: str):
    # The models' tables read values as the same Python types on both backends (aware
    # datetimes, booleans); a table outside the models, or an older shape of one, is reflected.
    table = SQLModel.metadata.tables.get(name)
    columns = {c["name"] for c in live.get_columns(name)}
    if table is not None and set(table.columns.keys()) == columns:
        return table
    metadata = MetaData()
    metadata.reflect(connection, only=[name])
    return metadata.tables[name]


def measure_where(engine, **criteria) -> Measure:
    """The first measure (by code) matching column values."""
    with Session(engine) as session:
        statement = select(Measure).filter_by(**criteria).order_by(Measure.code)
        return session.execute(statement).scalars().first()


def actor(role: Role, *regions: str) -> Actor:
    """An actor with a role and regions, for permission tests."""
    return Actor(f"{role}-{'-'.join(regions) or 'all'}", "Test user", role, frozenset(regions))


ADMIN = Actor("admin", "Admin", Role.ADMIN)
EDITOR_09 = actor(Role.EDITOR, "09")
EDITOR_05 = actor(Role.EDITOR, "05")
VIEWER = actor(Role.VIEWER)
TODAY = DEMO_TODAY  # the demo data is checked against this "today"


def for_field(error, name: str) -> list:
    """The problems of a refused request that concern one form field."""
    return [p for p in error.problems if p.field == name]


def po_entries(lang: str) -> dict[str, str]:
    """Translated, non-fuzzy messages of one language's catalog file, read directly; a message
    with plural forms gives its general (last) form under its id."""
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    found = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple) and all(m.string):
            found[m.id[0]] = m.string[-1]
        elif isinstance(m.string, str) and m.string:
            found[m.id] = m.string
    return found


# Sessions, sign-ins, their throttle and the cache counter change when people merely sign in,
# try to, and read.
BOOKKEEPING = frozenset({"authsession", "signinevent", "signinthrottle", "datarevision"})


def changed_rows(before: str, after: str) -> dict[str, set[str]]:
    """The rows (dump lines) that differ between two dumps, by table, bookkeeping left out."""
    changed: dict[str, set[str]] = {}
    for line in set(before.splitlines()) ^ set(after.splitlines()):
        table = line.split('"')[1]
        if table not in BOOKKEEPING:
            changed.setdefault(table, set()).add(line)
    return changed


def set_revision(url: str, revision: str) -> None:
    """Write another schema revision into a database, as an older or newer code would have."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        engine.dispose()


def meeting_09(engine) -> Meeting:
    """Souss-Massa's first recorded meeting."""
    with Session(engine) as session:
        return session.scalars(
            select(Meeting)
            .join(Committee, Committee.id == Meeting.committee_id)
            .where(Committee.region_code == "09")
            .order_by(Meeting.id)
        ).first()


def decision_09(engine) -> Decision:
    """Souss-Massa's first decision written in French."""
    with Session(engine) as session:
        return session.scalars(
            select(Decision)
            .join(Meeting, Meeting.id == Decision.meeting_id)
            .join(Committee, Committee.id == Meeting.committee_id)
            .where(Committee.region_code == "09", Decision.text_fr != "")
            .order_by(Decision.id)
        ).first()
