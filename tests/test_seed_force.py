"""`seed --force` keeps data people entered unless an operator confirms at a terminal."""

import io
import os
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import func, select, update
from sqlmodel import Session

import manage
from models import ChangeLog, Committee, Decision, Measure, MeasureUpdate, Meeting, User
from models.codes import Role
from seed import user_data
from seed.accounts import create_demo_accounts
from seed.history import SEED_USER
from seed.loader import ID_TABLES, UserDataFound, load_demo, user_data_counts
from services.accounts import create_user, set_active, set_password
from services.actors import COMMAND_LINE, Actor
from services.committee_writes import DecisionInput, record_meeting, set_decision_status
from services.measure_writes import MeasureChange, update_measure
from tests.helpers import EDITOR_09, TODAY, dump, measure_where
from tests.test_manage import MANAGE

PASSWORD = "a-long-enough-password"
# Tables the seed never empties: the territory, accounts and the audit trail (but for the
# seed's own entries on the demo results, written anew with the values they name).
KEPT_TABLES = ("account", "changelog", "commune", "province", "region", "userregion")
SEEDED_ENTITIES = ("'indicatorvalue'", "'indicator'")


def people_wrote(found: dict[str, int]) -> dict[str, int]:
    return {kind: count for kind, count in found.items() if count}


def rows_of(dumped: str, *tables: str) -> list[str]:
    return [line for line in dumped.splitlines() if line.split('"')[1] in tables]


def kept_rows(dumped: str) -> list[str]:
    """Rows of the tables the seed never empties, but for its audit entries on the results."""
    return [
        line
        for line in rows_of(dumped, *KEPT_TABLES)
        if not any(entity in line for entity in SEEDED_ENTITIES)
    ]


def without_revision(dumped: str) -> list[str]:
    return [
        line for line in dumped.splitlines() if not line.startswith('INSERT INTO "datarevision"')
    ]


def highest_ids(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {t.__tablename__: session.scalar(select(func.max(t.id))) for t in ID_TABLES}


def lowest_ids(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {t.__tablename__: session.scalar(select(func.min(t.id))) for t in ID_TABLES}


def open_decision(engine) -> Decision:
    with Session(engine) as session:
        return session.scalars(
            select(Decision).where(Decision.status == "open").order_by(Decision.id).limit(1)
        ).one()


def update_a_measure(engine, actor: Actor = EDITOR_09) -> None:
    measure = measure_where(engine, region_code="09", status="in_progress")
    update_measure(
        engine,
        actor=actor,
        measure_id=measure.id,
        expected_version=measure.version,
        change=MeasureChange(
            status="in_progress", progress=measure.progress + 1, note="Suivi", note_lang="fr"
        ),
        today=TODAY,
    )


def record_a_meeting(engine) -> int:
    with Session(engine) as session:
        committee_id = session.scalar(
            select(Committee.id).where(Committee.region_code == "09").order_by(Committee.id)
        )
    return record_meeting(
        engine,
        actor=EDITOR_09,
        committee_id=committee_id,
        held_on=date(2026, 11, 10),
        attendance=12,
        summary="Revue du plan d'action",
        decisions=[DecisionInput("Publier le rapport")],
        today=TODAY,
        language="fr",
    )


def close_a_seeded_decision(engine) -> int:
    decision = open_decision(engine)
    set_decision_status(
        engine, actor=COMMAND_LINE, decision_id=decision.id, expected_version=1, status="done"
    )
    return decision.id


def create_an_account(engine) -> None:
    create_user(
        engine,
        actor=COMMAND_LINE,
        username="amina",
        display_name="Amina E.",
        password=PASSWORD,
        role="viewer",
    )


def a_person_named_seed_updates_a_measure(engine) -> None:
    # "seed" is a valid username: what the seed writes is told apart by more than the name.
    create_user(
        engine,
        actor=COMMAND_LINE,
        username=SEED_USER,
        display_name="Seed",
        password=PASSWORD,
        role="admin",
    )
    update_a_measure(engine, actor=Actor(SEED_USER, "Seed", Role.ADMIN))


def change_a_measure_by_hand(engine) -> None:
    with Session(engine) as session, session.begin():
        session.execute(update(Measure).where(Measure.code == "SM-02").values(version=99))


WRITES = {
    "measure update": (update_a_measure, {"measure history rows": 1, "changed measures": 1}),
    "meeting": (record_a_meeting, {"meetings": 1, "decisions": 1, "audit entries": 1}),
    "decision status": (close_a_seeded_decision, {"decisions": 1, "audit entries": 1}),
    "account": (create_an_account, {"accounts": 1, "audit entries": 1}),
    "demo password": (
        lambda e: set_password(e, actor=COMMAND_LINE, username="editor.souss", password=PASSWORD),
        {"audit entries": 1},
    ),
    "demo account deactivated": (
        lambda e: set_active(e, actor=COMMAND_LINE, username="editor.bmk", active=False),
        {"accounts": 1, "audit entries": 1},
    ),
    "user named seed": (
        a_person_named_seed_updates_a_measure,
        {"accounts": 1, "audit entries": 1, "measure history rows": 1, "changed measures": 1},
    ),
    "measure version by hand": (change_a_measure_by_hand, {"changed measures": 1}),
}


@pytest.fixture
def demo_engine(db_engine):
    """The seeded database with the demo accounts `manage.py seed` creates."""
    create_demo_accounts(db_engine)
    return db_engine


def test_untouched_demo_data_and_accounts_hold_no_user_data(demo_engine):
    assert people_wrote(user_data_counts(demo_engine)) == {}


@pytest.mark.parametrize("kind", WRITES)
def test_force_refuses_each_kind_of_user_data_and_changes_nothing(demo_engine, kind):
    write, expected = WRITES[kind]
    write(demo_engine)
    assert people_wrote(user_data_counts(demo_engine)) == expected
    before = dump(demo_engine)
    with pytest.raises(UserDataFound, match="the database holds data people entered") as refused:
        load_demo(demo_engine, force=True)
    assert people_wrote(refused.value.found) == expected
    assert dump(demo_engine) == before


def test_force_over_untouched_demo_data_restarts_the_ids(demo_engine):
    before = dump(demo_engine)
    load_demo(demo_engine, force=True)
    # Nothing names the demo rows, so a reload gives the same rows, ids included.
    assert without_revision(dump(demo_engine)) == without_revision(before)


def test_destroying_user_data_never_reuses_an_id_the_audit_trail_names(demo_engine):
    update_a_measure(demo_engine)
    meeting_id = record_a_meeting(demo_engine)
    decision_id = close_a_seeded_decision(demo_engine)
    with Session(demo_engine) as session:
        named = set(session.execute(select(ChangeLog.entity, ChangeLog.entity_id)))
    assert {("meeting", meeting_id), ("decision", decision_id)} <= named
    highest = highest_ids(demo_engine)
    before = dump(demo_engine)
    found = user_data_counts(demo_engine)

    counts = load_demo(demo_engine, force=True, destroy_user_data=found)

    after = dump(demo_engine)
    assert kept_rows(after) == kept_rows(before)
    lowest = lowest_ids(demo_engine)
    # Tables the demo leaves empty (plan revisions) have no id to compare.
    filled = [name for name, last in highest.items() if last is not None]
    assert filled and all(lowest[name] > highest[name] for name in filled), (lowest, highest)
    assert people_wrote(user_data_counts(demo_engine)) == {"audit entries": 2}
    with Session(demo_engine) as session:
        assert counts["measure"] == session.scalar(select(func.count()).select_from(Measure))
        assert not session.scalar(select(func.count()).where(MeasureUpdate.changed_by != "seed"))
    # The database's own numbering (PostgreSQL's sequences) goes on after the loaded ids.
    assert record_a_meeting(demo_engine) == highest_ids(demo_engine)["meeting"] > meeting_id


def test_destroying_refuses_data_that_arrived_after_the_confirmation(demo_engine):
    update_a_measure(demo_engine)
    confirmed = user_data_counts(demo_engine)
    record_a_meeting(demo_engine)
    before = dump(demo_engine)
    with pytest.raises(UserDataFound, match="meetings: 1"):
        load_demo(demo_engine, force=True, destroy_user_data=confirmed)
    assert dump(demo_engine) == before


# The command line


def manage_run(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env={**os.environ, "DATABASE_URL": url},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert all(word in result.stderr for word in words), result.stderr


def test_manage_seed_force_refuses_user_data(db_url, demo_engine):
    record_a_meeting(demo_engine)
    before = dump(demo_engine)
    refused = manage_run(db_url, "seed", "--force")
    assert_refused(refused, "data people entered", "meetings: 1", "nothing was changed")
    assert "--destroy-user-data" not in refused.stderr
    assert dump(demo_engine) == before


def test_manage_destroy_user_data_is_refused_without_a_terminal(db_url, demo_engine):
    record_a_meeting(demo_engine)
    before = dump(demo_engine)
    name = user_data.database_name(db_url)
    piped = manage_run(db_url, "seed", "--force", "--destroy-user-data", stdin=f"{name}\n")
    assert_refused(piped, "terminal", "nothing was changed")
    alone = manage_run(db_url, "seed", "--destroy-user-data", stdin=f"{name}\n")
    assert_refused(alone, "--destroy-user-data goes with --force")
    assert dump(demo_engine) == before


def test_manage_seed_force_replaces_untouched_demo_data(db_url, demo_engine):
    before = dump(demo_engine)
    done = manage_run(db_url, "seed", "--force")
    assert done.returncode == 0, done.stderr
    assert "Demo accounts" not in done.stdout
    assert rows_of(dump(demo_engine), *KEPT_TABLES) == rows_of(before, *KEPT_TABLES)


class Terminal(io.StringIO):
    """Standard input as if typed at a terminal."""

    def isatty(self) -> bool:
        return True


def test_manage_destroys_user_data_once_the_database_name_is_typed(
    db_url, demo_engine, monkeypatch, capsys
):
    meeting_id = record_a_meeting(demo_engine)
    before = dump(demo_engine)
    name = user_data.database_name(db_url)
    monkeypatch.setenv("DATABASE_URL", db_url)

    monkeypatch.setattr(sys, "stdin", Terminal("not the name\n"))
    assert manage.main(["seed", "--force", "--destroy-user-data"]) == 1
    assert dump(demo_engine) == before
    assert f"you did not type {name}" in capsys.readouterr().err

    monkeypatch.setattr(sys, "stdin", Terminal(f"{name}\n"))
    assert manage.main(["seed", "--force", "--destroy-user-data"]) == 0
    shown = capsys.readouterr().out
    assert f"Type {name} to go on: " in shown and "meetings: 1" in shown
    after = dump(demo_engine)
    assert kept_rows(after) == kept_rows(before)
    with Session(demo_engine) as session:
        assert session.get(Meeting, meeting_id) is None
        assert session.scalar(select(func.min(Meeting.id))) > meeting_id
        assert session.scalar(select(func.count()).select_from(User)) == 7


def test_confirm_destruction_asks_once_and_needs_the_exact_name():
    found = {"meetings": 2, "audit entries": 3, "accounts": 0}
    prompts = []

    def typed(answer):
        def ask(prompt):
            prompts.append(prompt)
            return answer

        return ask

    confirmed = user_data.confirm_destruction(
        "marsad.db", found, ask=typed("marsad.db"), at_terminal=lambda: True
    )
    assert confirmed == found
    [prompt] = prompts
    assert "\n" not in prompt and prompt.endswith(
        "will be deleted for good. Type marsad.db to go on: "
    )
    assert "meetings: 2, audit entries: 3" in prompt and "accounts" not in prompt
    for wrong in ("marsad", " marsad.db", "MARSAD.DB", ""):
        with pytest.raises(ValueError, match=r"you did not type marsad\.db; nothing was changed"):
            user_data.confirm_destruction(
                "marsad.db", found, ask=typed(wrong), at_terminal=lambda: True
            )


def test_confirm_destruction_refuses_without_a_terminal_and_on_end_of_input():
    def never(prompt):
        raise AssertionError("asked without a terminal")

    with pytest.raises(ValueError, match="terminal"):
        user_data.confirm_destruction(
            "marsad", {"meetings": 1}, ask=never, at_terminal=lambda: False
        )

    def end_of_input(prompt):
        raise EOFError

    with pytest.raises(ValueError, match="nothing was changed"):
        user_data.confirm_destruction(
            "marsad", {"meetings": 1}, ask=end_of_input, at_terminal=lambda: True
        )
    nothing = {"meetings": 0}
    assert (
        user_data.confirm_destruction("m", nothing, ask=never, at_terminal=lambda: True) == nothing
    )


def test_the_name_to_type_is_the_file_or_the_database():
    assert user_data.database_name("sqlite:////srv/marsad/data/marsad.db") == "marsad.db"
    assert user_data.database_name("postgresql+psycopg://u:p@db:5432/marsad") == "marsad"
