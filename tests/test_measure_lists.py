"""A measure's tags and partners: replaced as a list, each previous list kept with the reason,
against the version seen, within the editor's region."""

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import Institution, PlanRevision
from services.errors import NotAllowed, StaleVersion, ValidationFailed
from services.measure_lists import current_partners, current_tags, set_measure_list
from tests.helpers import EDITOR_05, EDITOR_09, dump, measure_where


def replace(engine, measure, field, values, actor=EDITOR_09, version=None, reason="Revue annuelle"):
    return set_measure_list(
        engine,
        actor=actor,
        measure_id=measure.id,
        expected_version=measure.version if version is None else version,
        field=field,
        values=values,
        reason=reason,
    )


def test_tags_are_replaced_and_the_old_list_kept(db_engine):
    target = measure_where(db_engine, code="SM-02")
    with Session(db_engine) as session:
        before = current_tags(session, target.id)
    wanted = ["gcm:15", "sdg:3.8"]
    assert replace(db_engine, target, "tags", wanted) == target.version + 1
    with Session(db_engine) as session:
        assert current_tags(session, target.id) == wanted
        revision = session.scalars(
            select(PlanRevision).where(PlanRevision.measure_id == target.id)
        ).one()
    assert (revision.field, revision.old_value, revision.new_value, revision.reason) == (
        "tags",
        " ".join(before),
        "gcm:15 sdg:3.8",
        "Revue annuelle",
    )


def test_partners_keep_their_order(db_engine):
    target = measure_where(db_engine, code="SM-02")
    with Session(db_engine) as session:
        ids = list(session.scalars(select(Institution.id).order_by(Institution.id.desc()).limit(3)))
    replace(db_engine, target, "partners", ids)
    with Session(db_engine) as session:
        assert current_partners(session, target.id) == ids


@pytest.mark.parametrize(
    ("field", "values", "code"),
    [
        ("tags", ["gcm:99"], "error.unknown_choice"),
        ("tags", ["gcm:1", "gcm:1"], "error.unknown_choice"),
        ("partners", [999_999], "error.unknown_choice"),
        ("partners", ["1"], "error.unknown_choice"),
    ],
)
def test_unknown_values_are_refused_and_nothing_changes(engine, field, values, code):
    target = measure_where(engine, code="SM-02")
    before = dump(engine)
    with pytest.raises(ValidationFailed) as refused:
        replace(engine, target, field, values)
    assert {(p.field, p.code) for p in refused.value.problems} == {(field, code)}
    assert dump(engine) == before


def test_rights_version_and_reason(db_engine):
    target = measure_where(db_engine, code="SM-02")
    before = dump(db_engine)
    with pytest.raises(NotAllowed):
        replace(db_engine, target, "tags", ["gcm:2"], actor=EDITOR_05)
    with pytest.raises(StaleVersion):
        replace(db_engine, target, "tags", ["gcm:2"], version=target.version + 1)
    with pytest.raises(ValidationFailed) as refused:
        replace(db_engine, target, "tags", ["gcm:2"], reason=" ")
    assert {(p.field, p.code) for p in refused.value.problems} == {("reason", "error.required")}
    assert dump(db_engine) == before
