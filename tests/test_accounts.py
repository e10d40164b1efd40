"""Password hashing, account rules, user management and the rights an account gives."""

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlmodel import Session

from models import ChangeLog, Region, User, UserRegion
from models.codes import Role
from services.accounts import (
    create_user,
    set_active,
    set_password,
    update_user,
)
from services.actors import COMMAND_LINE
from services.auth import resolve_session, sign_in
from services.errors import NotAllowed, NotFound, StaleVersion, ValidationFailed
from services.passwords import hash_password, needs_rehash, verify_password
from services.users import actor_for, list_users
from tests.helpers import ADMIN, EDITOR_09, VIEWER, dump, for_field

PASSWORD = "correct horse battery"


@pytest.fixture
def db(empty_engine):
    """A migrated database with two regions and no accounts."""
    with Session(empty_engine) as session, session.begin():
        for code in ("05", "09"):
            session.add(Region(code=code, name_fr=code, name_ar=code, name_en=code))
    return empty_engine


def new_user(engine, username="amina", role=Role.EDITOR, regions=("09",), **overrides) -> int:
    values = {"display_name": "Amina E.", "password": PASSWORD, "actor": COMMAND_LINE}
    return create_user(
        engine, username=username, role=role, regions=regions, **(values | overrides)
    )


def user_row(engine, username: str) -> User:
    with Session(engine) as session:
        return session.execute(select(User).where(User.username == username)).scalar_one()


def test_hash_is_argon2id_with_a_salt_and_verifies():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$") and first != second
    assert verify_password(first, PASSWORD)
    assert not verify_password(first, PASSWORD + "!")
    assert not verify_password("not a hash", PASSWORD)
    assert not needs_rehash(first)


def test_hash_made_with_other_parameters_needs_rehash():
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    assert verify_password(old, PASSWORD)
    assert needs_rehash(old)


def test_create_user_stores_lowercase_name_hash_regions_and_log(db):
    user_id = new_user(db, username="  Amina.E-2 ", regions=["09", "05"])
    user = user_row(db, "amina.e-2")
    with Session(db) as session:
        regions = session.execute(select(UserRegion.region_code).order_by("region_code")).all()
        log = session.execute(select(ChangeLog).where(ChangeLog.entity == "user")).scalar_one()
    assert user.id == user_id
    assert (user.role, user.is_active, user.version) == ("editor", True, 1)
    assert verify_password(user.password_hash, PASSWORD)
    assert [r for (r,) in regions] == ["05", "09"]
    assert (log.actor, log.entity_id, log.action) == ("(command line)", user_id, "created")


def test_admin_may_create_users_others_may_not(db):
    assert new_user(db, actor=ADMIN)
    before = dump(db)
    for actor in (EDITOR_09, VIEWER):
        with pytest.raises(NotAllowed):
            new_user(db, username="other", actor=actor)
    assert dump(db) == before


BAD_USERS = [
    ({"username": "ab"}, "username", "error.username_invalid"),
    ({"username": "x" * 41}, "username", "error.username_invalid"),
    ({"username": "amina e"}, "username", "error.username_invalid"),
    ({"username": "amína"}, "username", "error.username_invalid"),
    ({"username": None}, "username", "error.username_invalid"),
    ({"password": "nine char"}, "password", "error.password_too_short"),
    ({"password": "x" * 257}, "password", "error.too_long"),
    ({"password": None}, "password", "error.not_text"),
    ({"display_name": " "}, "display_name", "error.required"),
    ({"display_name": "<b>x</b>"}, "display_name", "error.markup"),
    ({"role": "boss"}, "role", "error.unknown_role"),
    ({"regions": ["09", "99"]}, "regions", "error.unknown_region"),
    ({"regions": []}, "regions", "error.editor_needs_region"),
    ({"role": Role.VIEWER, "regions": ["13"]}, "regions", "error.unknown_region"),
]


@pytest.mark.parametrize(("overrides", "field", "code"), BAD_USERS)
def test_create_user_refusals_write_nothing(db, overrides, field, code):
    before = dump(db)
    with pytest.raises(ValidationFailed) as refused:
        new_user(db, **overrides)
    assert [p.code for p in for_field(refused.value, field)] == [code]
    assert dump(db) == before


def test_unknown_region_names_the_code(db):
    with pytest.raises(ValidationFailed) as refused:
        new_user(db, regions=["99"])
    assert refused.value.problems[0].params == {"code": "99"}


def test_duplicate_username_refused_whatever_the_case(db):
    new_user(db)
    before = dump(db)
    with pytest.raises(ValidationFailed) as refused:
        new_user(db, username="AMINA")
    assert [p.code for p in refused.value.problems] == ["error.username_taken"]
    assert dump(db) == before


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ADMIN])
def test_regions_of_viewers_and_admins_are_not_stored(db, role):
    user_id = new_user(db, role=role, regions=["09"])
    with Session(db) as session:
        assert actor_for(session, user_id).regions == frozenset()
        assert session.execute(select(UserRegion)).first() is None


def test_set_password_replaces_hash_and_ends_sessions(db):
    new_user(db)
    token, _ = sign_in(db, username="amina", password=PASSWORD)
    set_password(db, actor=ADMIN, username="amina", password="a new long secret")
    user = user_row(db, "amina")
    assert verify_password(user.password_hash, "a new long secret")
    assert not verify_password(user.password_hash, PASSWORD)
    assert resolve_session(db, token) is None


def test_set_password_refusals(db):
    new_user(db)
    before = dump(db)
    with pytest.raises(ValidationFailed) as refused:
        set_password(db, actor=COMMAND_LINE, username="amina", password="short")
    assert refused.value.problems[0].code == "error.password_too_short"
    with pytest.raises(NotAllowed):
        set_password(db, actor=EDITOR_09, username="amina", password="long enough pw")
    with pytest.raises(NotFound):
        set_password(db, actor=COMMAND_LINE, username="nobody", password="long enough pw")
    assert dump(db) == before


def test_deactivating_ends_sessions_and_admins_cannot_deactivate_themselves(db):
    new_user(db, username="admin", role=Role.ADMIN)
    new_user(db)
    token, _ = sign_in(db, username="amina", password=PASSWORD)
    assert set_active(db, actor=ADMIN, username="amina", active=False) == 2
    assert resolve_session(db, token) is None
    with pytest.raises(ValidationFailed) as refused:
        set_active(db, actor=ADMIN, username="amina", active=False)
    assert refused.value.problems[0].code == "error.nothing_changed"
    with pytest.raises(ValidationFailed) as refused:
        set_active(db, actor=ADMIN, username="admin", active=False)
    assert refused.value.problems[0].code == "error.cannot_deactivate_self"
    assert set_active(db, actor=COMMAND_LINE, username="amina", active=True) == 3


def test_update_user_changes_role_regions_and_version(db):
    new_user(db)
    version = update_user(
        db,
        actor=ADMIN,
        username="amina",
        expected_version=1,
        display_name="Amina El Idrissi",
        role=Role.EDITOR,
        regions=["05"],
        active=True,
    )
    with Session(db) as session:
        actor = actor_for(session, user_row(db, "amina").id)
    assert version == 2
    assert (actor.display_name, actor.regions) == ("Amina El Idrissi", frozenset({"05"}))


def form(**changes):
    values = {"display_name": "Amina E.", "role": Role.EDITOR, "regions": ["09"], "active": True}
    return {"username": "amina", "expected_version": 1} | values | changes


UPDATE_REFUSALS = [
    (ADMIN, {"expected_version": 0}, StaleVersion, "error.stale_account"),
    (EDITOR_09, {"role": Role.VIEWER}, NotAllowed, "error.not_allowed"),
    (ADMIN, {}, ValidationFailed, "error.nothing_changed"),
    (ADMIN, {"role": Role.EDITOR, "regions": []}, ValidationFailed, "error.editor_needs_region"),
    (
        ADMIN,
        {"username": "admin", "role": Role.VIEWER},
        ValidationFailed,
        "error.cannot_demote_self",
    ),
    (
        ADMIN,
        {"username": "admin", "role": Role.ADMIN, "active": False},
        ValidationFailed,
        "error.cannot_deactivate_self",
    ),
    (ADMIN, {"username": "ghost"}, NotFound, "error.not_found"),
]


@pytest.mark.parametrize(("actor", "changes", "error", "code"), UPDATE_REFUSALS)
def test_update_user_refusals_write_nothing(db, actor, changes, error, code):
    new_user(db)
    new_user(db, username="admin", role=Role.ADMIN, display_name="Amina E.", regions=["09"])
    before = dump(db)
    with pytest.raises(error) as refused:
        update_user(db, actor=actor, **form(**changes))
    assert code in [p.code for p in refused.value.problems]
    assert dump(db) == before


def test_list_users_shows_sorted_regions_and_state(db):
    new_user(db, username="zineb", regions=["09", "05"])
    new_user(db, username="admin", role=Role.ADMIN)
    with Session(db) as session:
        users = list_users(session)
    assert users["username"].tolist() == ["admin", "zineb"]
    assert users["regions"].tolist() == [[], ["05", "09"]]
    assert {"display_name", "role", "is_active", "last_sign_in_at", "version"} <= set(users)


RIGHTS = [
    (Role.VIEWER, "09", False),
    (Role.VIEWER, "05", False),
    (Role.VIEWER, None, False),
    (Role.EDITOR, "09", True),
    (Role.EDITOR, "05", False),
    (Role.EDITOR, None, False),
    (Role.ADMIN, "09", True),
    (Role.ADMIN, "05", True),
    (Role.ADMIN, None, True),
]


@pytest.mark.parametrize(("role", "region", "allowed"), RIGHTS)
def test_rights_of_an_account_by_role_and_region(db, role, region, allowed):
    user_id = new_user(db, role=role, regions=["09"])
    with Session(db) as session:
        actor = actor_for(session, user_id)
    assert actor.role == role and actor.username == "amina"
    assert actor.can_edit_region(region) is allowed
