"""Measure lists (filtered, paged, exported), one measure's detail and its history."""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from models import (
    Axis,
    Commune,
    Institution,
    Measure,
    MeasureTag,
    MeasureUpdate,
    Programme,
    Province,
    Region,
    User,
)
from models.limits import PAGE_SIZE_MAX
from services.filters import MeasureFilter, conditions, health_expr, level_expr
from services.institutions import name_columns, partners
from services.provenance import FieldSource, field_sources, marked_fields, sort_marked
from services.result_frames import result_frame

EXPORT_LIMIT = 10_000


@dataclass(frozen=True)
class MeasurePage:
    """One page of a filtered measure list."""

    rows: pd.DataFrame
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """Number of pages for the whole filtered list."""
        return max(1, -(-self.total // self.page_size))


def _list_columns(today: date):
    return (
        Measure.id,
        Measure.code,
        Measure.title_fr,
        Measure.title_ar,
        Measure.title_en,
        Measure.region_code,
        Region.name_fr.label("region_fr"),
        Region.name_ar.label("region_ar"),
        Region.name_en.label("region_en"),
        Measure.province_code,
        Province.name_fr.label("province_fr"),
        Province.name_ar.label("province_ar"),
        Measure.commune_code,
        Commune.name_fr.label("commune_fr"),
        Commune.name_ar.label("commune_ar"),
        level_expr().label("level"),
        Measure.status,
        Measure.progress,
        health_expr(today).label("health"),
        Measure.planned_start,
        Measure.planned_end,
        Measure.actual_start,
        Measure.actual_end,
        Measure.budget_planned,
        Measure.budget_committed,
        Measure.budget_paid,
        *name_columns(Institution, "lead_institution"),
        Measure.provenance,
        *marked_fields(),
        Measure.updated_at,
    )


LIST_ORDER = (Measure.region_code.is_(None), Measure.region_code, Measure.code)


def _listing(today: date, where: list):
    return (
        select(*_list_columns(today))
        .outerjoin(Region, Region.code == Measure.region_code)
        .outerjoin(Province, Province.code == Measure.province_code)
        .outerjoin(Commune, Commune.code == Measure.commune_code)
        .outerjoin(Institution, Institution.id == Measure.lead_institution_id)
        .where(*where)
        .order_by(*LIST_ORDER)
    )


def _page_ids(session: Session, where: list, offset: int, limit: int) -> list[int]:
    """The ids of one page in LIST_ORDER: regional measures by region and code, then national
    ones by code. Each part walks an index in order (a sort of the whole table took 150 ms at
    national scale); the joins and field marks then run for this page's rows only."""
    regional = Measure.region_code.is_not(None)
    first = select(Measure.id).where(*where, regional).order_by(Measure.region_code, Measure.code)
    ids = list(session.scalars(first.offset(offset).limit(limit)))
    if len(ids) < limit:
        before = session.scalar(select(func.count()).where(*where, regional)) if offset else 0
        rest = select(Measure.id).where(*where, ~regional).order_by(Measure.code)
        ids += session.scalars(rest.offset(max(0, offset - before)).limit(limit - len(ids)))
    return ids


def list_measures(
    session: Session, flt: MeasureFilter, today: date, *, page: int = 1, page_size: int = 25
) -> MeasurePage:
    """One page of the measures matching the filter, with the total count."""
    page_size = max(1, min(page_size, PAGE_SIZE_MAX))
    total = session.execute(
        select(func.count()).select_from(Measure).where(*conditions(flt, today))
    ).scalar_one()
    last_page = max(1, -(-total // page_size))
    page = max(1, min(page, last_page))
    ids = _page_ids(session, conditions(flt, today), (page - 1) * page_size, page_size)
    rows = sort_marked(result_frame(session, _listing(today, [Measure.id.in_(ids)])))
    return MeasurePage(rows=rows, total=total, page=page, page_size=page_size)


def export_measures(session: Session, flt: MeasureFilter, today: date) -> pd.DataFrame:
    """Every measure matching the filter (bounded), with its tags, for a CSV download."""
    tags = (
        select(
            MeasureTag.measure_id,
            func.aggregate_strings(MeasureTag.scheme + ":" + MeasureTag.code, " ").label("tags"),
        )
        .group_by(MeasureTag.measure_id)
        .subquery()
    )
    statement = (
        _listing(today, conditions(flt, today))
        .add_columns(
            Measure.pdr_reference_fr,
            Measure.pdr_reference_ar,
            Measure.pdr_reference_en,
            tags.c.tags,
        )
        .outerjoin(tags, tags.c.measure_id == Measure.id)
        .limit(EXPORT_LIMIT)
    )
    rows = sort_marked(result_frame(session, statement))
    # The SQL aggregate joins tags in no set order (and SQLite 3.40 has no ORDER BY in it).
    rows["tags"] = rows["tags"].map(lambda tags: " ".join(sorted(tags.split())) if tags else "")
    return rows


@dataclass(frozen=True)
class MeasureDetail:
    """Everything shown on a measure's page."""

    fields: dict
    tags: dict[str, list[str]]
    provenance: dict[str, FieldSource]
    partners: pd.DataFrame


def measure_detail(session: Session, measure_id: int, today: date) -> MeasureDetail | None:
    """A measure with its place names, axis, programme, tags and fields' provenance, or None."""
    axis = aliased(Axis)
    statement = (
        select(
            Measure,
            Region.name_fr.label("region_fr"),
            Region.name_ar.label("region_ar"),
            Region.name_en.label("region_en"),
            Province.name_fr.label("province_fr"),
            Province.name_ar.label("province_ar"),
            Commune.name_fr.label("commune_fr"),
            Commune.name_ar.label("commune_ar"),
            axis.code.label("axis_code"),
            axis.title_fr.label("axis_fr"),
            axis.title_ar.label("axis_ar"),
            axis.title_en.label("axis_en"),
            Programme.code.label("programme_code"),
            Programme.name_fr.label("programme_fr"),
            Programme.name_ar.label("programme_ar"),
            Programme.name_en.label("programme_en"),
            Programme.donor.label("programme_donor"),
            Programme.implementer.label("programme_implementer"),
            Programme.budget.label("programme_budget"),
            Programme.currency.label("programme_currency"),
            Programme.start_on.label("programme_start"),
            Programme.end_on.label("programme_end"),
            Programme.end_status.label("programme_end_status"),
            *name_columns(Institution, "lead_institution"),
            level_expr().label("level"),
            health_expr(today).label("health"),
        )
        .outerjoin(Region, Region.code == Measure.region_code)
        .outerjoin(Province, Province.code == Measure.province_code)
        .outerjoin(Commune, Commune.code == Measure.commune_code)
        .outerjoin(axis, axis.id == Measure.axis_id)
        .outerjoin(Programme, Programme.id == Measure.programme_id)
        .outerjoin(Institution, Institution.id == Measure.lead_institution_id)
        .where(Measure.id == measure_id)
    )
    row = session.execute(statement).one_or_none()
    if row is None:
        return None
    mapping = row._mapping
    fields = mapping[Measure].model_dump()
    fields.update({k: v for k, v in mapping.items() if isinstance(k, str)})
    tags: dict[str, list[str]] = {}
    for scheme, code in session.execute(
        select(MeasureTag.scheme, MeasureTag.code)
        .where(MeasureTag.measure_id == measure_id)
        .order_by(MeasureTag.scheme, MeasureTag.code)
    ):
        tags.setdefault(scheme, []).append(code)
    if "gcm" in tags:
        tags["gcm"].sort(key=int)
    provenance = field_sources(session, "measure", measure_id, fields["provenance"])
    return MeasureDetail(
        fields=fields,
        tags=tags,
        provenance=provenance,
        partners=partners(session, measure_id),
    )


def measure_history(session: Session, measure_id: int) -> pd.DataFrame:
    """Every recorded change of a measure, newest first, with who made it by display name.

    Readers see display names only: login names are what an attacker needs to guess passwords.
    """
    statement = (
        select(
            MeasureUpdate.id,
            MeasureUpdate.version,
            MeasureUpdate.changed_at,
            func.coalesce(User.display_name, MeasureUpdate.changed_by).label("changed_by_name"),
            MeasureUpdate.old_status,
            MeasureUpdate.new_status,
            MeasureUpdate.old_progress,
            MeasureUpdate.new_progress,
            MeasureUpdate.new_actual_start,
            MeasureUpdate.new_actual_end,
            MeasureUpdate.old_budget_paid,
            MeasureUpdate.new_budget_paid,
            MeasureUpdate.old_budget_committed,
            MeasureUpdate.new_budget_committed,
            MeasureUpdate.note_fr,
            MeasureUpdate.note_ar,
            MeasureUpdate.note_en,
            MeasureUpdate.evidence_url,
        )
        .outerjoin(User, User.username == MeasureUpdate.changed_by)
        .where(MeasureUpdate.measure_id == measure_id)
        .order_by(MeasureUpdate.version.desc())
    )
    return result_frame(session, statement)
