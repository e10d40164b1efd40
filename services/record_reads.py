"""The stored values of one editable record (strategy, axis, committee, member, programme,
institution), as its form is filled from them."""

from sqlmodel import Session

from services.record_kinds import KINDS


def record_values(session: Session, kind: str, record_id: int) -> dict | None:
    """Every field the record's form edits, with its id and version; None if there is none."""
    spec = KINDS[kind]
    row = session.get(spec.table, record_id)
    if row is None:
        return None
    return {name: getattr(row, name) for name in spec.fields} | {
        "id": row.id,
        "version": row.version,
    }
