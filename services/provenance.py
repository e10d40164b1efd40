"""The provenance of each field of a record: read with its source, and turned to `recorded`."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import and_, delete, exists, func, insert, or_, select
from sqlmodel import Session

from models import FieldProvenance, Measure, Source, User
from models.codes import Provenance
from models.sources import ENTITY_FIELDS


@dataclass(frozen=True)
class FieldSource:
    """Where one field comes from: its source for `article` and `public`, who and when else."""

    provenance: str
    source_fr: str = ""
    source_ar: str = ""
    source_en: str = ""
    source_url: str = ""
    statement: str | None = None
    recorded_by: str = ""
    recorded_at: datetime | None = None


def field_sources(
    session: Session, entity: str, entity_id: int, record_provenance: str
) -> dict[str, FieldSource]:
    """Each displayed field's provenance; a field without its own row has the record's."""
    statement = (
        select(
            FieldProvenance.field,
            FieldProvenance.provenance,
            Source.title_fr,
            Source.title_ar,
            Source.title_en,
            Source.url,
            FieldProvenance.statement,
            func.coalesce(User.display_name, FieldProvenance.recorded_by),
            FieldProvenance.recorded_at,
        )
        .outerjoin(Source, Source.id == FieldProvenance.source_id)
        .outerjoin(User, User.username == FieldProvenance.recorded_by)
        .where(FieldProvenance.entity == entity, FieldProvenance.entity_id == entity_id)
    )
    own = {
        field: FieldSource(prov, fr or "", ar or "", en or "", url or "", said, by or "", at)
        for field, prov, fr, ar, en, url, said, by, at in session.execute(statement)
    }
    default = FieldSource(record_provenance)
    return {field: own.get(field, default) for field in ENTITY_FIELDS[entity]}


def mark_recorded(
    session: Session, entity: str, entity_id: int, fields: Iterable[str], by: str, at: datetime
) -> None:
    """Turn `fields` of a record to `recorded` by `by` at `at`, in the caller's transaction."""
    fields = sorted(set(fields))
    if not fields:
        return
    session.execute(
        delete(FieldProvenance).where(
            FieldProvenance.entity == entity,
            FieldProvenance.entity_id == entity_id,
            FieldProvenance.field.in_(fields),
        )
    )
    rows = [
        {
            "entity": entity,
            "entity_id": entity_id,
            "field": field,
            "provenance": Provenance.RECORDED,
            "recorded_by": by,
            "recorded_at": at,
        }
        for field in fields
    ]
    session.execute(insert(FieldProvenance), rows)


def _measure_fields_of(provenance: str):
    return (
        select(func.aggregate_strings(FieldProvenance.field, " "))
        .where(
            FieldProvenance.entity == "measure",
            FieldProvenance.entity_id == Measure.id,
            FieldProvenance.provenance == provenance,
        )
        .scalar_subquery()
    )


def marked_fields() -> tuple:
    """Columns naming a measure's illustrative and recorded fields (space-separated), for the
    marks of lists and exports (i18n.provenance_marks); `sort_marked` orders them."""
    return (
        _measure_fields_of(Provenance.ILLUSTRATIVE).label("illustrative_fields"),
        _measure_fields_of(Provenance.RECORDED).label("recorded_fields"),
    )


def _measure_field_is(field: str, provenance: str):
    return exists().where(
        FieldProvenance.entity == "measure",
        FieldProvenance.entity_id == Measure.id,
        FieldProvenance.field == field,
        FieldProvenance.provenance == provenance,
    )


def illustrative_field(field: str):
    """SQL condition: a measure's field is illustrative (its own row says so, or it has none
    on an illustrative record)."""
    return or_(
        _measure_field_is(field, Provenance.ILLUSTRATIVE),
        and_(
            Measure.provenance == Provenance.ILLUSTRATIVE,
            ~_measure_field_is(field, Provenance.RECORDED),
        ),
    )


def sort_marked(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its marked_fields() columns in a set order (SQL aggregates join them in
    no set order, and SQLite 3.40 has no ORDER BY inside one)."""
    for column in ("illustrative_fields", "recorded_fields"):
        frame[column] = [
            " ".join(sorted(v.split())) if isinstance(v, str) else "" for v in frame[column]
        ]
    return frame
