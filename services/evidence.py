"""Evidence files: attached to an update, a meeting or a decision by someone who may edit it,
checked by content and size, and read back only by a signed-in account."""

import hashlib
import json
import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import (
    ChangeLog,
    Committee,
    Decision,
    EvidenceFile,
    Measure,
    MeasureUpdate,
    Meeting,
    User,
)
from models.base import utcnow
from models.evidence import EVIDENCE_ENTITIES, EVIDENCE_EXTENSIONS, EVIDENCE_TYPES
from models.limits import EVIDENCE_MAX_BYTES, EVIDENCE_NAME_MAX
from services import validation, value_checks
from services.actors import Actor
from services.db import write_session
from services.errors import NotAllowed, NotFound, Problem, StaleVersion, ValidationFailed
from services.result_frames import result_frame

# Direction overrides and isolates would let a name show another extension ("gpj.exe" as
# "exe.jpg"); the Arabic joiners and marks a name may need are not among them.
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class EvidenceContent:
    """One stored file as the download route sends it."""

    file_name: str
    content_type: str
    content: bytes


def content_type(content: bytes) -> str | None:
    """The accepted type the bytes are (by their first bytes), None for anything else."""
    for kind, signatures in EVIDENCE_TYPES.items():
        if any(content.startswith(signature) for signature in signatures):
            return kind
    return None


def _record(session: Session, entity: str, entity_id: int) -> tuple[int | None, str | None, bool]:
    """The record's version (None for an update, never changed in place), region and whether
    it is withdrawn; NotFound if there is no such record."""
    if entity == "measureupdate":
        row = session.execute(
            select(Measure.region_code, Measure.withdrawn_at)
            .join(MeasureUpdate, MeasureUpdate.measure_id == Measure.id)
            .where(MeasureUpdate.id == entity_id)
        ).first()
        if row is None:
            raise NotFound()
        return None, row.region_code, row.withdrawn_at is not None
    if entity == "indicatorvalue":
        return value_checks.value_record(session, entity_id)
    record = session.get(Meeting if entity == "meeting" else Decision, entity_id)
    if record is None:
        raise NotFound()
    meeting_id = record.id if entity == "meeting" else record.meeting_id
    region = session.scalar(
        select(Committee.region_code)
        .join(Meeting, Meeting.committee_id == Committee.id)
        .where(Meeting.id == meeting_id)
    )
    return record.version, region, getattr(record, "withdrawn_at", None) is not None


def _file_name(value: object, kind: str | None) -> tuple[str, list[Problem]]:
    name, problems = validation.text("file", value, max_length=EVIDENCE_NAME_MAX, required=True)
    if problems or _DIRECTION.search(name):
        return name, [Problem("file", "error.file_name", {"max": EVIDENCE_NAME_MAX})]
    return (name if kind is None else stored_file_name(name, kind)), []


def stored_file_name(name: str, kind: str) -> str:
    """The name a file is kept under: its own, ending with the extension of what it is."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}.{EVIDENCE_EXTENSIONS[kind]}"


def attach_evidence(
    engine: Engine,
    *,
    actor: Actor,
    entity: str,
    entity_id: int,
    expected_version: int | None,
    file_name: object,
    content: bytes,
) -> int:
    """Keep one PDF or image file with a record the actor may edit; return the file's id."""
    if entity not in EVIDENCE_ENTITIES:
        raise NotFound()
    with write_session(engine) as session:
        version, region, withdrawn = _record(session, entity, entity_id)
        actor.ensure_can_edit_region(region)
        if version is not None and version != expected_version:
            raise StaleVersion(entity)
        if withdrawn:
            raise ValidationFailed(Problem(None, "error.withdrawn"))
        if entity == "indicatorvalue":
            value_checks.ensure_editable(session, entity_id)
        kind = content_type(content)
        if not content:
            raise ValidationFailed(Problem("file", "error.required"))
        problems = []
        if len(content) > EVIDENCE_MAX_BYTES:
            size = {"max": EVIDENCE_MAX_BYTES // (1024 * 1024)}
            problems.append(Problem("file", "error.file_too_big", size))
        elif kind is None:
            problems.append(Problem("file", "error.file_type"))
        name, found = _file_name(file_name, kind)
        problems += found
        if problems:
            raise ValidationFailed(*problems)
        now, digest = utcnow(), hashlib.sha256(content).hexdigest()
        stored = EvidenceFile(
            entity=entity,
            entity_id=entity_id,
            region_code=region,
            file_name=name,
            content_type=kind,
            size_bytes=len(content),
            sha256=digest,
            content=content,
            uploaded_at=now,
            uploaded_by=actor.username,
        )
        session.add(stored)
        session.flush()
        detail = {"record": f"{entity}:{entity_id}", "file": name, "sha256": digest}
        session.add(
            ChangeLog(
                at=now,
                actor=actor.username,
                region_code=region,
                entity="evidence",
                entity_id=stored.id,
                action="attached",
                detail=json.dumps(detail | {"bytes": len(content)}),
            )
        )
        return stored.id


def evidence_list(session: Session, entity: str, entity_ids: list[int]) -> pd.DataFrame:
    """The files of some records (never their content), oldest first, by display name."""
    statement = (
        select(
            EvidenceFile.id,
            EvidenceFile.entity_id,
            EvidenceFile.file_name,
            EvidenceFile.content_type,
            EvidenceFile.size_bytes,
            EvidenceFile.uploaded_at,
            func.coalesce(User.display_name, EvidenceFile.uploaded_by).label("uploaded_by"),
        )
        .outerjoin(User, User.username == EvidenceFile.uploaded_by)
        .where(EvidenceFile.entity == entity, EvidenceFile.entity_id.in_(entity_ids))
        .order_by(EvidenceFile.uploaded_at, EvidenceFile.id)
    )
    return result_frame(session, statement)


def open_evidence(session: Session, actor: Actor, evidence_id: int) -> EvidenceContent:
    """A file for a signed-in reader; NotAllowed for nobody, NotFound for no such file or one
    whose record was withdrawn (administrators still open those)."""
    if not actor.is_signed_in:
        raise NotAllowed()
    stored = session.get(EvidenceFile, evidence_id)
    if stored is None:
        raise NotFound()
    _, _, withdrawn = _record(session, stored.entity, stored.entity_id)
    if withdrawn and not actor.can_manage_users:
        raise NotFound()
    return EvidenceContent(stored.file_name, stored.content_type, bytes(stored.content))
