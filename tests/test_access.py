"""Who may do what: the anonymous reader, and refused writes through the services (logged)."""

import logging

import pytest

from models.codes import Role
from services.actors import ANONYMOUS, Actor
from services.errors import NotAllowed
from services.measure_writes import MeasureChange, update_measure
from tests.helpers import ADMIN, EDITOR_09, TODAY, VIEWER, dump, measure_where


def test_the_anonymous_reader_may_change_nothing():
    assert ANONYMOUS.is_anonymous and ANONYMOUS.role == Role.VIEWER
    assert not ANONYMOUS.can_edit_region("09") and not ANONYMOUS.can_edit_region(None)
    assert not ANONYMOUS.can_audit and not ANONYMOUS.can_manage_users
    assert not VIEWER.is_anonymous and not VIEWER.can_audit
    assert EDITOR_09.can_audit and not EDITOR_09.can_manage_users
    assert ADMIN.can_audit and ADMIN.can_manage_users


@pytest.mark.parametrize(
    ("who", "code"),
    [(EDITOR_09, "BMK-01"), (EDITOR_09, "NAT-01"), (VIEWER, "SM-02"), (ANONYMOUS, "SM-02")],
)
def test_a_write_outside_ones_rights_is_refused_logged_and_writes_nothing(
    engine, caplog, who, code
):
    measure = measure_where(engine, code=code)
    before = dump(engine)
    with caplog.at_level(logging.WARNING, logger="marsad.security"), pytest.raises(NotAllowed):
        update_measure(
            engine,
            actor=who,
            measure_id=measure.id,
            expected_version=measure.version,
            change=MeasureChange(
                status=measure.status, progress=measure.progress, note="x", note_lang="fr"
            ),
            today=TODAY,
        )
    assert dump(engine) == before
    assert [r.getMessage() for r in caplog.records] == [
        f"refused: {who.username or 'anonymous'!r} ({who.role}) may not change records of "
        f"region {measure.region_code or 'national'}"
    ]


def test_an_actor_is_a_plain_value():
    import pickle

    actor = Actor("amina", "Amina", Role.EDITOR, frozenset({"09"}))
    assert pickle.loads(pickle.dumps(actor)) == actor
