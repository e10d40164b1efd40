"""The audit trail: who changed which measure, committee record or account, and sign-ins."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import String, Text, and_, cast, func, literal, null, select, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session

from models import ChangeLog, Indicator, IndicatorValue, Measure, MeasureUpdate, User
from services.actors import Actor
from services.auth import recent_sign_ins
from services.errors import NotAllowed
from services.result_frames import result_frame
from services.users import normalize_username

AUDIT_LIMIT = 500  # a CSV download
AUDIT_PAGE = 50  # a page of the audit screen


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page asks for; dates are days, `until` included."""

    region: str | None = None
    username: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditTrail:
    """Changes and sign-ins, newest first: one page of each; `truncated` when older ones
    remain beyond it."""

    changes: pd.DataFrame
    sign_ins: pd.DataFrame
    truncated: bool


def scope(actor: Actor, region: str | None) -> tuple[str, ...] | None:
    """The regions an actor's audit view covers (None: everything), or NotAllowed."""
    if not actor.can_audit:
        raise NotAllowed()
    if actor.can_manage_users:
        return None if region is None else (region,)
    if not actor.regions or (region is not None and region not in actor.regions):
        raise NotAllowed()
    if region is None:
        return tuple(sorted(actor.regions))
    return (region,)


def _bounds(flt: AuditFilter) -> tuple[datetime | None, datetime | None]:
    since = datetime.combine(flt.since, time.min, UTC) if flt.since else None
    until = datetime.combine(flt.until + timedelta(days=1), time.min, UTC) if flt.until else None
    return since, until


def _where(at, who, region, regions, flt: AuditFilter) -> list:
    since, until = _bounds(flt)
    name = normalize_username(flt.username)
    conditions = [
        region.in_(regions) if regions is not None else None,
        func.lower(who) == name if name else None,
        at >= since if since else None,
        at < until if until else None,
    ]
    return [c for c in conditions if c is not None]


def _newest(statement, at, row_id, count: int):
    """The `count` newest rows of one source, walked down its time index."""
    return select(statement.order_by(at.desc(), row_id.desc()).limit(count).subquery())


def _changes(session: Session, regions, flt: AuditFilter, skip: int, limit: int) -> pd.DataFrame:
    measures = (
        select(
            MeasureUpdate.changed_at.label("at"),
            MeasureUpdate.changed_by.label("actor"),
            Measure.region_code.label("region_code"),
            literal("measure", String).label("entity"),
            Measure.code.label("reference"),
            literal("updated", String).label("action"),
            MeasureUpdate.old_status.label("old_status"),
            MeasureUpdate.new_status.label("new_status"),
            MeasureUpdate.old_progress.label("old_progress"),
            MeasureUpdate.new_progress.label("new_progress"),
            MeasureUpdate.note_fr.label("note_fr"),
            MeasureUpdate.note_ar.label("note_ar"),
            MeasureUpdate.note_en.label("note_en"),
            cast(null(), Text).label("detail"),
            literal(0).label("source"),
            MeasureUpdate.id.label("row_id"),
        )
        .join(Measure, Measure.id == MeasureUpdate.measure_id)
        .where(
            *_where(
                MeasureUpdate.changed_at,
                MeasureUpdate.changed_by,
                Measure.region_code,
                regions,
                flt,
            )
        )
    )
    valued = aliased(Indicator)
    logged = (
        select(
            ChangeLog.at.label("at"),
            ChangeLog.actor.label("actor"),
            ChangeLog.region_code.label("region_code"),
            ChangeLog.entity.label("entity"),
            func.coalesce(
                User.username,
                # A reported value by its indicator and territory, an indicator by its code.
                valued.code.op("||")(" · ").op("||")(IndicatorValue.territory_code),
                Indicator.code,
                cast(ChangeLog.entity_id, String),
            ).label("reference"),
            ChangeLog.action.label("action"),
            cast(null(), String).label("old_status"),
            cast(null(), String).label("new_status"),
            cast(null(), ChangeLog.entity_id.type).label("old_progress"),
            cast(null(), ChangeLog.entity_id.type).label("new_progress"),
            cast(null(), Text).label("note_fr"),
            cast(null(), Text).label("note_ar"),
            cast(null(), Text).label("note_en"),
            ChangeLog.detail.label("detail"),
            literal(1).label("source"),
            ChangeLog.id.label("row_id"),
        )
        .outerjoin(User, and_(ChangeLog.entity == "user", User.id == ChangeLog.entity_id))
        .outerjoin(
            IndicatorValue,
            and_(ChangeLog.entity == "indicatorvalue", IndicatorValue.id == ChangeLog.entity_id),
        )
        .outerjoin(valued, valued.id == IndicatorValue.indicator_id)
        .outerjoin(
            Indicator, and_(ChangeLog.entity == "indicator", Indicator.id == ChangeLog.entity_id)
        )
        .where(*_where(ChangeLog.at, ChangeLog.actor, ChangeLog.region_code, regions, flt))
    )
    # Each source is cut before the union: sorting their union whole read every history row.
    wanted = skip + limit + 1
    both = union_all(
        _newest(measures, MeasureUpdate.changed_at, MeasureUpdate.id, wanted),
        _newest(logged, ChangeLog.at, ChangeLog.id, wanted),
    ).subquery()
    # Changes made in the same instant keep one order, so pages neither repeat nor skip.
    order = (both.c.at.desc(), both.c.source, both.c.row_id.desc())
    statement = select(both).order_by(*order).offset(skip).limit(limit + 1)
    return result_frame(session, statement).drop(columns=["source", "row_id"])


def _sign_ins(session: Session, regions, flt: AuditFilter, skip: int, limit: int) -> pd.DataFrame:
    since, until = _bounds(flt)
    wanted = skip + limit + 1
    found = [
        recent_sign_ins(
            session, region=code, username=flt.username, since=since, until=until, limit=wanted
        )
        for code in (regions if regions is not None else (None,))
    ]
    rows = pd.concat(found, ignore_index=True) if len(found) > 1 else found[0]
    # An editor of two of the regions would appear twice.
    rows = rows.drop_duplicates().sort_values("at", ascending=False, kind="stable")
    return rows.iloc[skip : skip + limit + 1].reset_index(drop=True)


def audit_trail(
    session: Session, *, actor: Actor, flt: AuditFilter, limit: int = AUDIT_LIMIT, page: int = 1
) -> AuditTrail:
    """The changes and sign-ins an actor may see under a filter, newest first: the `page`-th
    run of `limit` rows of each."""
    regions = scope(actor, flt.region)
    skip = (max(1, page) - 1) * limit
    changes = _changes(session, regions, flt, skip, limit)
    sign_ins = _sign_ins(session, regions, flt, skip, limit)
    truncated = len(changes) > limit or len(sign_ins) > limit
    return AuditTrail(changes.head(limit), sign_ins.head(limit), truncated)
