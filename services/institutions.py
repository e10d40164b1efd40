"""The institution registry: reads for lists and forms, and adding an entry."""

import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session

from models import ChangeLog, Institution, MeasurePartner
from models.codes import InstitutionKind, Role
from models.limits import ACRONYM_MAX, INSTITUTION_NAME_MAX
from services import validation
from services.actors import Actor
from services.db import write_session
from services.errors import NotAllowed, Problem, ValidationFailed
from services.result_frames import result_frame

NAME_COLUMNS = ("name_fr", "name_ar", "name_en")


def name_columns(institution, prefix: str) -> tuple:
    """An institution's names and acronym, labelled `<prefix>_fr` ... `<prefix>_acronym`."""
    return (
        institution.name_fr.label(f"{prefix}_fr"),
        institution.name_ar.label(f"{prefix}_ar"),
        institution.name_en.label(f"{prefix}_en"),
        institution.acronym.label(f"{prefix}_acronym"),
    )


def aliased_institution():
    """A fresh alias of the institution table, to join it once per role in one query."""
    return aliased(Institution)


def institutions(session: Session) -> pd.DataFrame:
    """Every registry entry with its names, acronym and kind, by French name."""
    statement = select(
        Institution.id,
        Institution.acronym,
        Institution.kind,
        Institution.name_fr,
        Institution.name_ar,
        Institution.name_en,
    ).order_by(func.lower(Institution.name_fr), Institution.name_ar, Institution.id)
    return result_frame(session, statement)


def partners(session: Session, measure_id: int) -> pd.DataFrame:
    """A measure's partner institutions in the order the record lists them."""
    statement = (
        select(
            Institution.id,
            Institution.acronym,
            Institution.name_fr,
            Institution.name_ar,
            Institution.name_en,
        )
        .join(MeasurePartner, MeasurePartner.institution_id == Institution.id)
        .where(MeasurePartner.measure_id == measure_id)
        .order_by(MeasurePartner.position, Institution.id)
    )
    return result_frame(session, statement)


def name_matches(pattern: str):
    """Institutions with a name or acronym like `pattern` (an escaped LIKE pattern)."""
    columns = (Institution.name_fr, Institution.name_ar, Institution.name_en, Institution.acronym)
    return select(Institution.id).where(or_(*(c.ilike(pattern, escape="\\") for c in columns)))


@dataclass(frozen=True)
class InstitutionDraft:
    """An institution as typed: its name in the language it was written in, acronym, kind."""

    name: object
    language: object
    acronym: object = ""
    kind: object = InstitutionKind.OTHER


def add_institution(engine: Engine, *, actor: Actor, draft: InstitutionDraft) -> int:
    """Add a registry entry and return its id; refuse a name the registry already holds."""
    if actor.role not in (Role.EDITOR, Role.ADMIN):
        raise NotAllowed()
    name, problems = validation.text(
        "institution.name", draft.name, max_length=INSTITUTION_NAME_MAX, required=True
    )
    lang, found = validation.language("institution.language", draft.language)
    problems += found
    acronym, found = validation.text("institution.acronym", draft.acronym, max_length=ACRONYM_MAX)
    problems += found
    if draft.kind not in tuple(InstitutionKind):
        problems.append(Problem("institution.kind", "error.unknown_choice"))
    if problems:
        raise ValidationFailed(*problems)
    with write_session(engine) as session:
        same = session.scalar(
            select(Institution.id).where(
                or_(*(func.lower(getattr(Institution, c)) == name.lower() for c in NAME_COLUMNS))
            )
        )
        if same is not None:
            raise ValidationFailed(Problem("institution.name", "error.institution_exists"))
        institution = Institution(
            acronym=acronym,
            kind=str(draft.kind),
            created_by=actor.username,
            **{f"name_{lang}": name},
        )
        session.add(institution)
        session.flush()
        session.add(
            ChangeLog(
                actor=actor.username,
                entity="institution",
                entity_id=institution.id,
                action="created",
                detail=json.dumps({"name": name, "language": lang, "acronym": acronym}),
            )
        )
        return institution.id
