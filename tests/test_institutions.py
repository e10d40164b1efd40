"""The institution registry: adding an entry, and records that name one, in any language."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from models import ChangeLog, Committee, Decision, Institution, Meeting
from services.actors import Actor
from services.committee_writes import DecisionInput, record_meeting
from services.errors import NotAllowed, ValidationFailed
from services.institutions import InstitutionDraft, add_institution
from tests.helpers import dump

EDITOR = Actor("editor.souss", "Editor", "editor", frozenset({"09"}))
VIEWER = Actor("viewer", "Viewer", "viewer")
TODAY = date(2026, 11, 15)
NAME = "جمعية أصدقاء المهاجرين بأكادير"


def _count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Institution))


def test_an_editor_adds_an_institution_in_the_language_typed(db_engine):
    draft = InstitutionDraft(name=f"  {NAME} ", language="ar", acronym="", kind="civil_society")
    new_id = add_institution(db_engine, actor=EDITOR, draft=draft)
    with Session(db_engine) as session:
        added = session.get(Institution, new_id)
        log = session.scalars(
            select(ChangeLog).where(
                ChangeLog.entity == "institution", ChangeLog.entity_id == new_id
            )
        ).one()
    assert (added.name_ar, added.name_fr, added.name_en) == (NAME, "", "")
    assert (added.kind, added.created_by) == ("civil_society", EDITOR.username)
    assert log.actor == EDITOR.username and json.loads(log.detail)["language"] == "ar"


@pytest.mark.parametrize(
    ("draft", "field", "code"),
    [
        (InstitutionDraft("", "fr"), "institution.name", "error.required"),
        (InstitutionDraft("Enabel", "fr"), "institution.name", "error.institution_exists"),
        (InstitutionDraft("enabel", "en"), "institution.name", "error.institution_exists"),
        (InstitutionDraft("Nouvelle ONG", "de"), "institution.language", "error.unknown_language"),
        (
            InstitutionDraft("Nouvelle ONG", "fr", kind="ngo"),
            "institution.kind",
            "error.unknown_choice",
        ),
        (InstitutionDraft("<b>ONG</b>", "fr"), "institution.name", "error.markup"),
    ],
)
def test_a_bad_or_known_institution_is_refused_and_nothing_changes(db_engine, draft, field, code):
    before = dump(db_engine)
    with pytest.raises(ValidationFailed) as refused:
        add_institution(db_engine, actor=EDITOR, draft=draft)
    assert [(p.field, p.code) for p in refused.value.problems] == [(field, code)]
    assert dump(db_engine) == before


def test_a_viewer_may_not_add_an_institution(db_engine):
    count = _count(db_engine)
    with pytest.raises(NotAllowed):
        add_institution(db_engine, actor=VIEWER, draft=InstitutionDraft("Nouvelle ONG", "fr"))
    assert _count(db_engine) == count


def _committee_09(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(Committee.id).where(Committee.region_code == "09"))


def _record(engine, **values) -> int:
    meeting = {
        "committee_id": _committee_09(engine),
        "held_on": date(2026, 11, 10),
        "attendance": 14,
        "summary": "Suivi",
        "decisions": [],
        "language": "fr",
    }
    return record_meeting(engine, actor=EDITOR, today=TODAY, **(meeting | values))


def test_a_meeting_is_saved_in_the_language_it_was_written_with_registry_owners(db_engine):
    owner = add_institution(db_engine, actor=EDITOR, draft=InstitutionDraft(NAME, "ar"))
    meeting_id = _record(
        db_engine,
        summary="تتبع تنفيذ مركز التوجيه والمواكبة.",
        decisions=[DecisionInput("إعداد تقرير التتبع", owner_institution_id=owner)],
        language="ar",
    )
    with Session(db_engine) as session:
        meeting = session.get(Meeting, meeting_id)
        decision = session.scalars(select(Decision).where(Decision.meeting_id == meeting_id)).one()
    assert (meeting.summary_ar, meeting.summary_fr, meeting.summary_en) == (
        "تتبع تنفيذ مركز التوجيه والمواكبة.",
        "",
        "",
    )
    assert (decision.text_ar, decision.text_fr, decision.owner_institution_id) == (
        "إعداد تقرير التتبع",
        "",
        owner,
    )


@pytest.mark.parametrize("owner", [999_999, "1", True, 1.0])
def test_a_decision_owner_must_be_a_registry_entry(db_engine, owner):
    before = dump(db_engine)
    with pytest.raises(ValidationFailed) as refused:
        _record(db_engine, decisions=[DecisionInput("Rédiger", owner_institution_id=owner)])
    codes = [(p.field, p.code) for p in refused.value.problems]
    assert codes == [("decisions.0.owner_institution_id", "error.unknown_institution")]
    assert dump(db_engine) == before


def test_a_meeting_without_its_language_is_refused(db_engine):
    with pytest.raises(ValidationFailed) as refused:
        _record(db_engine, language=None)
    assert [p.code for p in refused.value.problems] == ["error.unknown_language"]
