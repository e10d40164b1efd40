"""The change log's entries about accounts, written by account and session services alike."""

import json

from sqlmodel import Session

from models import ChangeLog


def log_user_change(session: Session, by: str, user_id: int, action: str, detail: dict) -> None:
    """Record, in the caller's transaction, that `by` did `action` to an account."""
    session.add(
        ChangeLog(
            actor=by,
            entity="user",
            entity_id=user_id,
            action=action,
            detail=json.dumps(detail, sort_keys=True),
        )
    )
