"""Creating and editing strategies, axes, committees, members, programmes and institutions:
one save each, with the actor's rights on the record's region, the version the person saw,
every problem at once, and each old value kept in the audit trail."""

import json
from datetime import date

from sqlalchemy import func, inspect, select, update
from sqlalchemy.engine import Engine

from models import ChangeLog
from models.base import utcnow
from models.codes import Provenance
from services import provenance as field_provenance
from services.actors import Actor
from services.db import write_session
from services.errors import NotAllowed, NotFound, Problem, StaleVersion, ValidationFailed
from services.record_kinds import KINDS, LANGS, Kind

# The message refusing a second record with the same value under the same parent.
TAKEN = {"code": "error.code_taken", "institution_id": "error.already_member"}
# The message asking for the text a record must have in one language at least.
NAMED = {"title": "error.title_required", "name": "error.name_required"}


def _get(source, name: str):
    return source.get(name) if isinstance(source, dict) else getattr(source, name)


def _found(session, table, value) -> object | None:
    """The row of `table` whose primary key is `value`, None if there is none or it cannot be."""
    key = inspect(table).primary_key[0]
    wanted = int if key.type.python_type is int else str
    if isinstance(value, bool) or not isinstance(value, wanted):
        return None
    return session.get(table, value)


def _region(session, kind: Kind, source) -> str | None:
    """The region the record belongs to (None: national, administrators only)."""
    if kind.admin_only:
        return None
    if "region_code" in kind.fields:
        return _get(source, "region_code")
    column, parent_table = kind.parent
    parent = _found(session, parent_table, _get(source, column))
    return parent.region_code if parent is not None else None


def _checked(session, kind: Kind, values: dict, merged: dict, record, today: date) -> dict:
    """The values as they will be saved; ValidationFailed with every problem otherwise."""
    clean, problems = {}, []
    for name, value in values.items():
        clean[name], found = kind.fields[name](name, value, today)
        problems += found
    after = merged | clean
    refused = {p.field for p in problems}
    if kind.named and not any(after.get(f"{kind.named}_{lang}") for lang in LANGS):
        problems.append(Problem(None, NAMED[kind.named]))
    for name, table in kind.refs.items():
        if name in refused or after.get(name) is None:
            continue
        if _found(session, table, after[name]) is None:
            problems.append(Problem(name, "error.unknown_choice"))
    province, region = after.get("province_code"), after.get("region_code")
    if province and region and not str(province).startswith(f"{region}."):
        problems.append(Problem("province_code", "error.place_outside"))
    for first, last in kind.ordered:
        low, high = after.get(first), after.get(last)
        if refused & {first, last} or low is None or high is None:
            continue
        if high < low:
            problems.append(Problem(last, "error.end_before_start"))
    for name in kind.unique:
        same = kind.table.__table__.c[name] == after.get(name)
        if kind.parent:
            same &= kind.table.__table__.c[kind.parent[0]] == after.get(kind.parent[0])
        if record is not None:
            same &= kind.table.__table__.c.id != record.id
        if session.scalar(select(func.count()).select_from(kind.table).where(same)):
            problems.append(Problem(name, TAKEN[name]))
    if problems:
        raise ValidationFailed(*problems)
    return clean


def _logged(value) -> object:
    return value.isoformat() if isinstance(value, date) else value


def save_record(
    engine: Engine,
    *,
    actor: Actor,
    kind: str,
    record_id: int | None,
    expected_version: int | None,
    values: dict,
    today: date,
) -> tuple[int, int]:
    """Create (no `record_id`) or edit one record of `kind`; return its id and new version."""
    spec = KINDS[kind]
    if set(values) - set(spec.fields):
        raise ValueError(f"not fields of a {kind}: {sorted(set(values) - set(spec.fields))}")
    with write_session(engine) as session:
        record = None
        if record_id is not None:
            record = _found(session, spec.table, record_id)
            if record is None:
                raise NotFound()
        typed = {k: v for k, v in values.items() if record is None or k not in spec.fixed}
        if record is None:
            typed = {name: values.get(name) for name in spec.fields}
        region = _region(session, spec, record if record is not None else typed)
        if spec.admin_only and not actor.can_manage_users:
            raise NotAllowed()
        actor.ensure_can_edit_region(region)
        if record is not None and record.version != expected_version:
            raise StaleVersion(kind)
        merged = {} if record is None else {n: getattr(record, n) for n in spec.fields}
        clean = _checked(session, spec, typed, merged, record, today)
        now = utcnow()
        if record is None:
            return _create(session, actor, kind, spec, clean, region, now), 1
        changed = {k: v for k, v in clean.items() if getattr(record, k) != v}
        if not changed:
            raise ValidationFailed(Problem(None, "error.nothing_changed"))
        version = record.version + 1
        extra = {}
        if hasattr(spec.table, "provenance") and not spec.provenance:
            extra["provenance"] = Provenance.RECORDED  # a person now vouches for the record
        result = session.execute(
            update(spec.table)
            .where(spec.table.id == record.id, spec.table.version == expected_version)
            .values(**changed, **extra, version=version)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StaleVersion(kind)
        detail = {k: [_logged(getattr(record, k)), _logged(v)] for k, v in changed.items()}
        _log(session, actor, kind, record.id, region, "edited", detail, now)
        fields = {spec.provenance[k] for k in changed if k in spec.provenance}
        field_provenance.mark_recorded(session, kind, record.id, fields, actor.username, now)
        _members_recorded(session, actor, kind, merged | clean, now)
        return record.id, version


def _create(session, actor: Actor, kind: str, spec: Kind, clean: dict, region, now) -> int:
    row = spec.table(**clean)
    if hasattr(spec.table, "provenance"):
        row.provenance = Provenance.RECORDED
    if hasattr(spec.table, "created_by"):
        row.created_by, row.created_at = actor.username, now
    session.add(row)
    session.flush()
    detail = {k: _logged(v) for k, v in clean.items() if v not in (None, "")}
    _log(session, actor, kind, row.id, region, "created", detail, now)
    _members_recorded(session, actor, kind, clean, now)
    return row.id


def _members_recorded(session, actor: Actor, kind: str, member: dict, now) -> None:
    """A changed membership makes the committee's member list a recorded fact."""
    if kind == "committeemember":
        committee = member["committee_id"]
        field_provenance.mark_recorded(
            session, "committee", committee, {"members"}, actor.username, now
        )


def _log(session, actor: Actor, kind: str, record_id: int, region, action, detail, now) -> None:
    session.add(
        ChangeLog(
            at=now,
            actor=actor.username,
            region_code=region,
            entity=kind,
            entity_id=record_id,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False),
        )
    )
