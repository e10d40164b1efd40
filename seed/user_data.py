"""Rows of a database that the demo seed did not write (data people entered), and the
operator's typed confirmation before destroying them."""

# The seed writes its history rows, measures, meetings and decisions as SEED_USER at STAMP_TIME
# (09:00 UTC) and never with provenance `recorded`; the app and the command line write as their
# actor at the moment of the change, and record new meetings and decisions as `recorded`. The
# seed's audit entries are the creations of the demo accounts by the command line and the
# approval steps of the demo results (seed/result_user_data.py tells those apart).

import json
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlmodel import Session

from models import (
    Axis,
    ChangeLog,
    Committee,
    CommitteeMember,
    Correction,
    Decision,
    Institution,
    Measure,
    MeasureUpdate,
    Meeting,
    PlanRevision,
    Programme,
    Strategy,
    User,
    UserRegion,
)
from models.codes import DecisionStatus, Provenance
from seed.accounts import DEMO_ACCOUNTS
from seed.history import SEED_USER, stamped
from seed.result_user_data import count_result_data
from services.actors import COMMAND_LINE

# Tables no form writes to: a `recorded` row there was entered by hand.
OTHER_TABLES = (Programme, Strategy, Axis, Committee, CommitteeMember)
# username: (display name, role, regions), as create_demo_accounts creates them.
DEMO = {name: (shown, role, tuple(sorted(regions))) for name, shown, role, regions in DEMO_ACCOUNTS}


def count_user_data(session: Session) -> dict[str, int]:
    """How many rows of each kind the seed did not write; all zero on untouched demo data."""
    history_by_people, seed_versions = _history(session)
    demo_names, accounts_by_people = _accounts(session)
    results, seeded_entries = count_result_data(session)
    return {
        "measure history rows": history_by_people,
        "changed measures": _changed_measures(session, seed_versions),
        "plan revisions": session.scalar(select(func.count()).select_from(PlanRevision)),
        "corrections": session.scalar(select(func.count()).select_from(Correction)),
        "meetings": _meetings(session),
        "decisions": _decisions(session),
        **results,
        "audit entries": _audit_entries(session, demo_names) - seeded_entries,
        "accounts": accounts_by_people,
        "institutions": session.scalar(
            select(func.count()).select_from(Institution).where(Institution.created_by != SEED_USER)
        ),
        "other recorded rows": sum(
            session.scalar(
                select(func.count())
                .select_from(table)
                .where(table.provenance == Provenance.RECORDED)
            )
            for table in OTHER_TABLES
        ),
    }


def describe(found: dict[str, int]) -> str:
    """The non-zero counts in words: "meetings: 2, audit entries: 3"."""
    return ", ".join(f"{kind}: {count}" for kind, count in found.items() if count)


def _by_seed(by: str, at: datetime) -> bool:
    return by == SEED_USER and stamped(at)


def _history(session: Session) -> tuple[int, Counter]:
    """History rows people wrote, and the number of seeded history rows of each measure."""
    by_people, seeded = 0, Counter()
    rows = session.execute(
        select(MeasureUpdate.measure_id, MeasureUpdate.changed_by, MeasureUpdate.changed_at)
    )
    for measure_id, by, at in rows.all():
        if _by_seed(by, at):
            seeded[measure_id] += 1
        else:
            by_people += 1
    return by_people, seeded


def _changed_measures(session: Session, seed_versions: Counter) -> int:
    # The seed leaves each measure at the version of its last seeded history row.
    rows = session.execute(
        select(Measure.id, Measure.version, Measure.updated_by, Measure.updated_at)
    )
    return sum(
        version != seed_versions[id_] or not _by_seed(by, at) for id_, version, by, at in rows.all()
    )


def _meetings(session: Session) -> int:
    rows = session.execute(select(Meeting.provenance, Meeting.recorded_by, Meeting.recorded_at))
    return sum(
        provenance == Provenance.RECORDED or not _by_seed(by, at)
        for provenance, by, at in rows.all()
    )


def _decisions(session: Session) -> int:
    rows = session.execute(
        select(
            Decision.provenance,
            Decision.updated_by,
            Decision.updated_at,
            Decision.status,
            Decision.version,
        )
    )
    return sum(
        provenance == Provenance.RECORDED
        or not _by_seed(by, at)
        # The seed closes a decision in one change: version 2 when closed, 1 while open.
        or version != (1 if status == DecisionStatus.OPEN else 2)
        for provenance, by, at, status, version in rows.all()
    )


def _accounts(session: Session) -> tuple[dict[int, str], int]:
    """The ids of accounts named as demo ones, and how many differ from what the seed made."""
    regions = defaultdict(list)
    for user_id, code in session.execute(select(UserRegion.user_id, UserRegion.region_code)):
        regions[user_id].append(code)
    accounts = session.execute(
        select(
            User.id,
            User.username,
            User.display_name,
            User.role,
            User.email,
            User.is_active,
            User.version,
        )
    )
    demo_names, by_people = {}, 0
    for id_, username, shown, role, email, active, version in accounts.all():
        if username in DEMO:
            demo_names[id_] = username
        seeded = (shown, role, tuple(sorted(regions[id_]))) == DEMO.get(username)
        by_people += not (seeded and email is None and active and version == 1)
    return demo_names, by_people


def _audit_entries(session: Session, demo_names: dict[int, str]) -> int:
    """Audit entries other than the one creation of each demo account by the command line
    (the seed's entries on the demo results are taken off by the caller)."""
    entries = session.execute(
        select(
            ChangeLog.entity,
            ChangeLog.entity_id,
            ChangeLog.action,
            ChangeLog.actor,
            ChangeLog.detail,
        )
    ).all()
    seeded = set()
    for entity, entity_id, action, actor, detail in entries:
        username = demo_names.get(entity_id) if entity == "user" else None
        if username and action == "created" and actor == COMMAND_LINE.username:
            _, role, regions = DEMO[username]
            if _json(detail) == {"role": role, "regions": sorted(regions)}:
                seeded.add(entity_id)
    return len(entries) - len(seeded)


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def confirm_destruction(
    database: str,
    found: dict[str, int],
    *,
    ask=input,
    at_terminal=lambda: sys.stdin.isatty(),
) -> dict[str, int]:
    """The counts of data people entered that the operator agreed, at a terminal, to delete."""
    if not at_terminal():
        raise ValueError(
            "--destroy-user-data is confirmed at a terminal, and standard input is not one; "
            "nothing was changed"
        )
    if not any(found.values()):
        return found
    prompt = (
        f"{database} holds data people entered ({describe(found)}); its measure history, "
        f"meetings, decisions and results will be deleted for good. Type {database} to go on: "
    )
    try:
        answer = ask(prompt)
    except (EOFError, KeyboardInterrupt):
        answer = None
    if answer != database:
        raise ValueError(f"you did not type {database}; nothing was changed")
    return found


def database_name(url: str) -> str:
    """What the operator types to confirm: the SQLite file's name or the PostgreSQL database's."""
    parsed = make_url(url)
    name = parsed.database or ""
    # An empty name would be confirmed by a bare Enter.
    return (Path(name).name if parsed.get_backend_name() == "sqlite" else name) or "destroy"
