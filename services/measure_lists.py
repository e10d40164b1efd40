"""A measure's tags and partner institutions: replaced as a whole list, against the version the
person saw, each previous list kept as a plan revision with its reason."""

import json

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from models import ChangeLog, Institution, Measure, MeasurePartner, MeasureTag, PlanRevision
from models.base import utcnow
from models.codes import TAG_CHOICES
from models.limits import REASON_MAX
from services import provenance, validation
from services.actors import Actor
from services.db import write_session
from services.errors import Problem, StaleVersion, ValidationFailed
from services.measure_writes import editable_measure

TAGS_MAX, PARTNERS_MAX = 20, 30


def current_tags(session, measure_id: int) -> list[str]:
    """A measure's tags as "scheme:code", in the order of TAG_CHOICES."""
    rows = session.execute(
        select(MeasureTag.scheme, MeasureTag.code).where(MeasureTag.measure_id == measure_id)
    ).all()
    found = {f"{scheme}:{code}" for scheme, code in rows}
    return [tag for tag in TAG_CHOICES if tag in found]


def current_partners(session, measure_id: int) -> list[int]:
    """A measure's partner institutions' ids, in their order."""
    return list(
        session.scalars(
            select(MeasurePartner.institution_id)
            .where(MeasurePartner.measure_id == measure_id)
            .order_by(MeasurePartner.position, MeasurePartner.institution_id)
        )
    )


def _checked(session, field: str, values: object) -> tuple[list, list[Problem]]:
    if not isinstance(values, list | tuple) or len(set(map(str, values))) != len(values):
        return [], [Problem(field, "error.unknown_choice")]
    if field == "tags":
        wanted = list(values)
        bad = [v for v in wanted if v not in TAG_CHOICES]
        too_many = len(wanted) > TAGS_MAX
    else:
        wanted = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
        known = set(session.scalars(select(Institution.id).where(Institution.id.in_(wanted))))
        bad = [v for v in values if v not in known]
        too_many = len(wanted) > PARTNERS_MAX
    if bad:
        return wanted, [Problem(field, "error.unknown_choice")]
    if too_many:
        limit = TAGS_MAX if field == "tags" else PARTNERS_MAX
        return wanted, [Problem(field, "error.too_many", {"max": limit})]
    return wanted, []


def set_measure_list(
    engine: Engine,
    *,
    actor: Actor,
    measure_id: int,
    expected_version: int,
    field: str,
    values: object,
    reason: object,
) -> int:
    """Replace a measure's `tags` ("scheme:code") or `partners` (institution ids, in order)."""
    if field not in ("tags", "partners"):
        raise ValueError(field)
    with write_session(engine) as session:
        measure = editable_measure(session, actor, measure_id, expected_version)
        new, problems = _checked(session, field, values)
        why, found = validation.text("reason", reason, max_length=REASON_MAX, required=True)
        problems += found
        old = (current_tags if field == "tags" else current_partners)(session, measure_id)
        if not problems and new == old:
            problems.append(Problem(None, "error.nothing_changed"))
        if problems:
            raise ValidationFailed(*problems)
        now, version = utcnow(), measure.version + 1
        result = session.execute(
            update(Measure)
            .where(Measure.id == measure_id, Measure.version == expected_version)
            .values(version=version, updated_at=now, updated_by=actor.username)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StaleVersion("measure")
        if field == "tags":
            session.execute(delete(MeasureTag).where(MeasureTag.measure_id == measure_id))
            rows = [dict(zip(("scheme", "code"), t.split(":", 1), strict=True)) for t in new]
            table = MeasureTag
        else:
            session.execute(delete(MeasurePartner).where(MeasurePartner.measure_id == measure_id))
            rows = [{"institution_id": i, "position": n} for n, i in enumerate(new)]
            table = MeasurePartner
        if rows:
            session.execute(insert(table), [row | {"measure_id": measure_id} for row in rows])
        session.add(
            PlanRevision(
                measure_id=measure_id,
                version=version,
                at=now,
                actor=actor.username,
                field=field,
                old_value=" ".join(map(str, old)),
                new_value=" ".join(map(str, new)),
                reason=why,
            )
        )
        provenance.mark_recorded(session, "measure", measure_id, {field}, actor.username, now)
        session.add(
            ChangeLog(
                at=now,
                actor=actor.username,
                region_code=measure.region_code,
                entity="measure",
                entity_id=measure_id,
                action="plan_revised",
                detail=json.dumps({"fields": [field], "reason": why}),
            )
        )
    return version
