"""Build a measure's history rows from its dated entries, checking each status change."""

# A measure's history starts with its creation (planned, progress 0); each later entry may
# change status (ALLOWED_TRANSITIONS) and raise progress. Its current status, progress and
# actual dates are those of the last entry; actual start is the day it went in progress, actual
# end the day it was completed; earlier budget spent is derived from progress.

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from models.codes import ALLOWED_TRANSITIONS, MeasureStatus
from seed import fields
from services.actors import SEED_USERNAME

SEED_USER = SEED_USERNAME
# The demo's "today" (tests pin the same date): no history, meeting or closure after it.
DEMO_TODAY = date(2026, 11, 15)
HISTORY_START = date(2022, 1, 1)
MAX_UPDATES = 6
# Seeded events carry a day only; a fixed hour keeps every load identical.
STAMP_TIME = time(9, 0, tzinfo=UTC)
S = MeasureStatus
CANCELLED_NOTE = {"fr": "Mesure annulée.", "ar": "أُلغي التدبير.", "en": "Measure cancelled."}
TRANSITION_NOTES = {
    (S.PLANNED, S.IN_PROGRESS): {
        "fr": "Démarrage de la mise en œuvre.",
        "ar": "انطلاق التنفيذ.",
        "en": "Implementation started.",
    },
    (S.IN_PROGRESS, S.COMPLETED): {
        "fr": "Mesure achevée.",
        "ar": "اكتمل إنجاز التدبير.",
        "en": "Measure completed.",
    },
    (S.IN_PROGRESS, S.SUSPENDED): {
        "fr": "Mise en œuvre suspendue.",
        "ar": "توقف التنفيذ مؤقتًا.",
        "en": "Implementation suspended.",
    },
    (S.SUSPENDED, S.IN_PROGRESS): {
        "fr": "Reprise de la mise en œuvre.",
        "ar": "استئناف التنفيذ.",
        "en": "Implementation resumed.",
    },
    (S.PLANNED, S.CANCELLED): CANCELLED_NOTE,
    (S.IN_PROGRESS, S.CANCELLED): CANCELLED_NOTE,
    (S.SUSPENDED, S.CANCELLED): CANCELLED_NOTE,
}
CREATED_NOTE = {"fr": "Création de la mesure.", "ar": "إحداث التدبير.", "en": "Measure created."}
STEP_NOTE = {"fr": "Point d'étape.", "ar": "نقطة مرحلية.", "en": "Progress review."}


@dataclass(frozen=True)
class _State:
    """A measure's state after one history entry."""

    day: date
    status: MeasureStatus
    progress: int
    actual_start: date | None
    actual_end: date | None
    note: dict[str, str]
    evidence: str


def stamp(day: date) -> datetime:
    """The UTC moment a seeded event of that day is recorded at."""
    return datetime.combine(day, STAMP_TIME)


def stamped(at: datetime | None) -> bool:
    """Whether a moment is one the seed records its events at (STAMP_TIME, any day)."""
    return at is not None and at.astimezone(UTC).timetz() == STAMP_TIME


def build_history(
    entries: Any, spent: int, where: str, committed: int | None = None
) -> list[dict[str, Any]]:
    """A measure's history rows from its dated entries; the last row is its current state."""
    if not isinstance(entries, list) or not 2 <= len(entries) <= MAX_UPDATES + 1:
        fields.fail(where, f"history needs a creation entry and 1 to {MAX_UPDATES} updates")
    states: list[_State] = []
    for entry in entries:
        states.append(_next_state(states[-1] if states else None, entry, where))
    spending = _spending([s.progress for s in states], spent, where)
    rows: list[dict[str, Any]] = []
    for version, (state, spent_then) in enumerate(zip(states, spending, strict=True), start=1):
        rows.append(_history_row(version, state, spent_then, rows[-1] if rows else {}))
    # The committed amount is recorded with the last update (the demo knows no earlier one).
    rows[-1]["new_budget_committed"] = committed
    return rows


def _next_state(previous: _State | None, entry: dict[str, Any], where: str) -> _State:
    day = fields.date(entry, "date", where)
    at = f"{where}, history entry of {day}"
    if not HISTORY_START <= day <= DEMO_TODAY:
        fields.fail(at, f"date outside {HISTORY_START}..{DEMO_TODAY}")
    if previous is not None and day <= previous.day:
        fields.fail(at, "entries must be in date order, at most one a day")
    before = previous.status if previous else S.PLANNED
    progress_before = previous.progress if previous else 0
    status = S(fields.choice(entry, "status", tuple(S), at, default=before))
    progress = entry.get("progress", progress_before)
    if status != before and status not in ALLOWED_TRANSITIONS[before]:
        fields.fail(at, f"status change {before} -> {status} is not allowed")
    if not (isinstance(progress, int) and progress_before <= progress <= 100):
        fields.fail(at, f"progress must rise within 0..100, got {progress!r}")
    if (status == S.PLANNED and progress != 0) or (status == S.COMPLETED and progress != 100):
        fields.fail(at, f"progress {progress} does not fit status {status}")
    started = previous.actual_start if previous else None
    ended = previous.actual_end if previous else None
    return _State(
        day=day,
        status=status,
        progress=progress,
        actual_start=started or (day if status == S.IN_PROGRESS else None),
        actual_end=ended or (day if status == S.COMPLETED else None),
        note=_note(entry, at) or _default_note(previous, status, progress),
        evidence=entry.get("evidence") or "",
    )


def _note(entry: dict[str, Any], where: str) -> dict[str, str] | None:
    note = fields.contents(entry, "note", where)
    return (
        {key.removeprefix("note_"): text for key, text in note.items()}
        if any(note.values())
        else None
    )


def _default_note(previous: _State | None, status: MeasureStatus, progress: int) -> dict[str, str]:
    if previous is None:
        return CREATED_NOTE
    if (previous.status, status) in TRANSITION_NOTES:
        return TRANSITION_NOTES[previous.status, status]
    if progress != previous.progress:
        return progress_note(progress)
    return STEP_NOTE


def progress_note(progress: int) -> dict[str, str]:
    """The note of an update that only raised progress."""
    return {
        "fr": f"Avancement porté à {progress} %.",
        "ar": f"رفع نسبة التقدم إلى {progress}%.",
        "en": f"Progress raised to {progress}%.",
    }


def _spending(progresses: list[int], spent: int, where: str) -> list[int]:
    final = progresses[-1]
    if final == 0:
        if spent:
            fields.fail(where, "budget spent on a measure that never progressed")
        return [0] * len(progresses)
    # Earlier entries report spending in step with progress, in whole thousands of dirhams.
    return [spent * p // final // 1000 * 1000 for p in progresses[:-1]] + [spent]


def _history_row(version: int, state: _State, spent: int, old: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": version,
        "changed_at": stamp(state.day),
        "changed_by": SEED_USER,
        "old_status": old.get("new_status"),
        "new_status": state.status.value,
        "old_progress": old.get("new_progress"),
        "new_progress": state.progress,
        "old_actual_start": old.get("new_actual_start"),
        "new_actual_start": state.actual_start,
        "old_actual_end": old.get("new_actual_end"),
        "new_actual_end": state.actual_end,
        "old_budget_paid": old.get("new_budget_paid"),
        "new_budget_paid": spent,
        "old_budget_committed": None,
        "new_budget_committed": None,
        **{f"note_{lang}": text for lang, text in state.note.items()},
        "evidence_url": state.evidence,
    }
