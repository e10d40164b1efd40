"""Single sign-on mapping: an email on an account, who it signs in as, and the sign-in log."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models import ChangeLog, Region, SignInEvent, User
from services.accounts import create_user, set_active, set_email
from services.actors import COMMAND_LINE
from services.db import read_session
from services.errors import NotAllowed, NotFound, StaleVersion, ValidationFailed
from services.sso import actor_for_email, record_sign_in
from services.users import list_users
from tests.helpers import ADMIN, EDITOR_09, dump


@pytest.fixture
def db(empty_engine):
    """A migrated database with one region and no accounts."""
    with Session(empty_engine) as session, session.begin():
        session.add(Region(code="09", name_fr="09", name_ar="09", name_en="09"))
    return empty_engine


def new_user(engine, username="amina") -> int:
    return create_user(
        engine,
        actor=COMMAND_LINE,
        username=username,
        display_name=username.title(),
        password="correct horse battery",
        role="editor",
        regions=["09"],
    )


def map_email(engine, email, username="amina", version=1, actor=ADMIN) -> int:
    return set_email(engine, actor=actor, username=username, email=email, expected_version=version)


def test_an_email_maps_to_the_active_account(db):
    new_user(db)
    assert map_email(db, "  Amina@Region.MA ") == 2
    with read_session(db) as session:
        assert actor_for_email(session, "amina@region.ma").username == "amina"
        assert actor_for_email(session, "AMINA@region.ma").regions == frozenset({"09"})
        assert actor_for_email(session, "other@region.ma") is None
        assert actor_for_email(session, None) is None
        assert list_users(session)["email"].tolist() == ["amina@region.ma"]
    set_active(db, actor=COMMAND_LINE, username="amina", active=False)
    with read_session(db) as session:
        assert actor_for_email(session, "amina@region.ma") is None


@pytest.mark.parametrize("email", ["amina", "amina@", "@region.ma", "a b@region.ma", "x@y", 42])
def test_invalid_emails_are_refused(db, email):
    new_user(db)
    before = dump(db)
    with pytest.raises(ValidationFailed) as refused:
        map_email(db, email)
    assert refused.value.problems[0].code == "error.email_invalid"
    assert dump(db) == before


def test_an_email_belongs_to_one_account(db):
    new_user(db)
    new_user(db, username="karim")
    map_email(db, "shared@region.ma")
    with pytest.raises(ValidationFailed) as refused:
        map_email(db, "SHARED@region.ma", username="karim")
    assert refused.value.problems[0].code == "error.email_taken"
    # The database says so too, whatever the service.
    with Session(db) as session, pytest.raises(IntegrityError), session.begin():
        session.get(User, 2).email = "shared@region.ma"


def test_rights_versions_and_log(db):
    new_user(db)
    with pytest.raises(NotAllowed):
        map_email(db, "amina@region.ma", actor=EDITOR_09)
    with pytest.raises(StaleVersion):
        map_email(db, "amina@region.ma", version=7)
    with pytest.raises(NotFound):
        map_email(db, "amina@region.ma", username="nobody")
    map_email(db, "amina@region.ma")
    with pytest.raises(ValidationFailed):
        map_email(db, "Amina@region.ma", version=2)  # nothing changed
    assert map_email(db, "", version=2) == 3  # unmapped
    with Session(db) as session:
        actions = session.execute(
            select(ChangeLog.action).where(ChangeLog.entity == "user").order_by(ChangeLog.id)
        ).scalars()
        assert list(actions) == ["created", "email_set", "email_set"]
        assert session.get(User, 1).email is None


def test_single_sign_ons_are_logged(db):
    new_user(db)
    map_email(db, "amina@region.ma")
    assert record_sign_in(db, "Amina@Region.ma") is True
    assert record_sign_in(db, "stranger@example.org") is False
    set_active(db, actor=COMMAND_LINE, username="amina", active=False)
    assert record_sign_in(db, "amina@region.ma") is False
    with Session(db) as session:
        rows = session.execute(
            select(SignInEvent.outcome, SignInEvent.username, SignInEvent.user_id).order_by(
                SignInEvent.id
            )
        ).all()
    assert rows == [
        ("success", "amina", 1),
        ("bad_credentials", "stranger@example.org", None),
        ("inactive", "amina", 1),
    ]
