"""Evidence files: who may attach them, checked by content and size, read only when signed in,
kept with the record's version, and carried by backup and restore."""

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import ChangeLog, EvidenceFile, MeasureUpdate
from models.limits import EVIDENCE_MAX_BYTES
from services.actors import ANONYMOUS
from services.backup import backup
from services.corrections import correct_meeting
from services.db import make_engine, read_session
from services.errors import NotAllowed, NotFound, StaleVersion, ValidationFailed
from services.evidence import attach_evidence, evidence_list, open_evidence
from services.restore import restore
from services.withdrawals import withdraw_decision
from tests.helpers import ADMIN, EDITOR_05, EDITOR_09, TODAY, VIEWER, decision_09, dump, meeting_09

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def attach(engine, record, content=PDF, name="PV réunion.pdf", actor=EDITOR_09, version=None):
    entity = type(record).__tablename__
    return attach_evidence(
        engine,
        actor=actor,
        entity=entity,
        entity_id=record.id,
        expected_version=record.version if version is None else version,
        file_name=name,
        content=content,
    )


def problems(error) -> set[tuple]:
    return {(p.field, p.code) for p in error.value.problems}


def test_an_editor_attaches_minutes_that_a_signed_in_reader_opens(db_engine):
    meeting = meeting_09(db_engine)
    file_id = attach(db_engine, meeting)
    with read_session(db_engine) as session:
        listed = evidence_list(session, "meeting", [meeting.id])
        opened = open_evidence(session, VIEWER, file_id)
    assert list(listed["file_name"]) == ["PV réunion.pdf"]
    assert "content" not in listed.columns
    assert (opened.content, opened.content_type) == (PDF, "application/pdf")
    with Session(db_engine) as session:
        logged = session.scalars(
            select(ChangeLog).where(ChangeLog.entity == "evidence", ChangeLog.entity_id == file_id)
        ).one()
    assert (logged.action, logged.actor, logged.region_code) == (
        "attached",
        EDITOR_09.username,
        "09",
    )


def test_an_image_named_as_a_pdf_is_stored_as_what_it_is(db_engine):
    file_id = attach(db_engine, meeting_09(db_engine), content=PNG, name="photo.pdf")
    with read_session(db_engine) as session:
        opened = open_evidence(session, VIEWER, file_id)
    assert (opened.file_name, opened.content_type) == ("photo.png", "image/png")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "error.file_type"),
        (b"MZ\x90\x00 an executable", "error.file_type"),
        (b"%PDF-" + b"0" * EVIDENCE_MAX_BYTES, "error.file_too_big"),
        (b"", "error.required"),
    ],
)
def test_files_are_refused_by_content_and_size_and_nothing_is_kept(db_engine, content, code):
    before = dump(db_engine)
    with pytest.raises(ValidationFailed) as refused:
        attach(db_engine, meeting_09(db_engine), content=content, name="minutes.pdf")
    assert problems(refused) == {("file", code)}
    assert dump(db_engine) == before


def test_rights_by_role_and_region(db_engine):
    meeting = meeting_09(db_engine)
    before = dump(db_engine)
    for actor in (EDITOR_05, VIEWER, ANONYMOUS):
        with pytest.raises(NotAllowed):
            attach(db_engine, meeting, actor=actor)
    assert dump(db_engine) == before
    assert attach(db_engine, meeting, actor=ADMIN)
    with read_session(db_engine) as session, pytest.raises(NotAllowed):
        open_evidence(session, ANONYMOUS, 1)


def test_a_file_for_a_meeting_corrected_since_is_refused(db_engine):
    meeting = meeting_09(db_engine)
    correct_meeting(
        db_engine,
        actor=EDITOR_09,
        meeting_id=meeting.id,
        expected_version=meeting.version,
        held_on=meeting.held_on,
        attendance=(meeting.attendance or 0) + 1,
        summary=meeting.summary_fr,
        language="fr",
        reason="Présents recomptés",
        today=TODAY,
    )
    before = dump(db_engine)
    with pytest.raises(StaleVersion):
        attach(db_engine, meeting)
    assert dump(db_engine) == before


def test_a_withdrawn_decisions_files_are_for_administrators_only(db_engine):
    decision = decision_09(db_engine)
    file_id = attach(db_engine, decision)
    withdraw_decision(
        db_engine,
        actor=EDITOR_09,
        decision_id=decision.id,
        expected_version=decision.version,
        reason="Saisie en double",
    )
    with read_session(db_engine) as session:
        with pytest.raises(NotFound):
            open_evidence(session, VIEWER, file_id)
        assert open_evidence(session, ADMIN, file_id).content == PDF
    with pytest.raises(ValidationFailed) as refused:
        attach(db_engine, decision_09(db_engine))
    assert problems(refused) == {(None, "error.withdrawn")}


def test_an_update_takes_files_and_an_unknown_record_is_not_found(db_engine):
    with Session(db_engine) as session:
        update = session.scalars(select(MeasureUpdate).order_by(MeasureUpdate.id)).first()
    file_id = attach_evidence(
        db_engine,
        actor=ADMIN,
        entity="measureupdate",
        entity_id=update.id,
        expected_version=None,
        file_name="photo chantier.jpg",
        content=b"\xff\xd8\xff\xe0 jpeg",
    )
    with read_session(db_engine) as session:
        assert open_evidence(session, VIEWER, file_id).content_type == "image/jpeg"
    for entity, record_id in (("meeting", 999_999), ("measure", update.id)):
        with pytest.raises(NotFound):
            attach_evidence(
                db_engine,
                actor=ADMIN,
                entity=entity,
                entity_id=record_id,
                expected_version=1,
                file_name="x.pdf",
                content=PDF,
            )


def test_backup_and_restore_carry_the_files(backend, db_url, db_engine, empty_db_url, tmp_path):
    file_id = attach(db_engine, meeting_09(db_engine))
    backup(db_url, tmp_path / "with-files.backup")
    restore(empty_db_url, tmp_path / "with-files.backup")
    restored = make_engine(empty_db_url)
    try:
        with Session(restored) as session:
            kept = session.get(EvidenceFile, file_id)
            assert (bytes(kept.content), kept.file_name) == (PDF, "PV réunion.pdf")
        assert dump(restored) == dump(db_engine)
    finally:
        restored.dispose()


@pytest.mark.parametrize(
    "name", ["inv\u202egpj.exe", "x" * 201 + ".pdf", "[lien](http://x.example).pdf"]
)
def test_a_name_that_could_mislead_is_refused(engine, name):
    before = dump(engine)
    with pytest.raises(ValidationFailed) as refused:
        attach(engine, meeting_09(engine), name=name)
    assert problems(refused) == {("file", "error.file_name")}
    assert dump(engine) == before
