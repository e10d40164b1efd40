"""The validator role: an account scoped to regions that validates results and edits nothing."""

import pytest
from sqlmodel import Session

from services.accounts import create_user
from services.errors import ValidationFailed
from services.users import actor_for
from tests.helpers import ADMIN, EDITOR_09, for_field

PASSWORD = "correct horse battery"


def test_a_validator_keeps_its_regions_and_validates_only_there(engine):
    user_id = create_user(
        engine,
        actor=ADMIN,
        username="val.souss",
        display_name="Validatrice",
        password=PASSWORD,
        role="validator",
        regions=["09"],
    )
    with Session(engine) as session:
        validator = actor_for(session, user_id)
    assert (validator.role, validator.regions) == ("validator", frozenset({"09"}))
    assert validator.can_validate_region("09") and not validator.can_validate_region("05")
    assert not validator.can_edit_region("09")  # it reviews; it changes no record
    assert not validator.can_edit_any


def test_a_validator_needs_a_region(engine):
    with pytest.raises(ValidationFailed) as refused:
        create_user(
            engine,
            actor=ADMIN,
            username="val.none",
            display_name="Sans région",
            password=PASSWORD,
            role="validator",
            regions=[],
        )
    assert [p.code for p in for_field(refused.value, "regions")] == ["error.editor_needs_region"]


def test_an_editor_does_not_validate():
    assert not EDITOR_09.can_validate_region("09") and ADMIN.can_validate_region("05")
