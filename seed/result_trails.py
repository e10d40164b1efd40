"""Each demo value's approval: its steps (saved, submitted, returned, validated) and status."""

# The region's editor saves and submits, its validator returns or validates, as
# services/value_writes.py lets them; every step is a ChangeLog entry at STAMP_TIME, the mark
# seed/user_data.py knows the seed's entries by. Older periods are validated (a few after a
# return); the two latest sessions hold values still on their way.

import json
from datetime import date, timedelta
from typing import Any

from models.result_codes import ValueAction, ValueStatus
from seed.history import stamp

A = ValueAction
TRAILS = {
    "validated": (A.SAVED, A.SUBMITTED, A.VALIDATED),
    "corrected": (A.SAVED, A.SUBMITTED, A.RETURNED, A.SAVED, A.SUBMITTED, A.VALIDATED),
    "draft": (A.SAVED,),
    "submitted": (A.SAVED, A.SUBMITTED),
    "returned": (A.SAVED, A.SUBMITTED, A.RETURNED),
    "resubmitted": (A.SAVED, A.SUBMITTED, A.RETURNED, A.SAVED, A.SUBMITTED),
}
# Trails of the values of one region and period, in turn.
MIXES = {
    "2026-10": ("validated", "submitted", "returned", "draft", "resubmitted", "corrected"),
    "2026-07": ("validated", "validated", "submitted", "validated", "corrected", "validated"),
}
STATUS_AFTER = {
    A.SAVED: ValueStatus.DRAFT,
    A.SUBMITTED: ValueStatus.SUBMITTED,
    A.RETURNED: ValueStatus.RETURNED,
    A.VALIDATED: ValueStatus.VALIDATED,
}
# Days after the first review of the review, the second save, submission and review.
AFTER_REVIEW = (0, 2, 3, 5)
# The demo's reasons (returns here, target revisions in results.yaml) are written in Arabic,
# the councils' working language; each carries its language, so a page can mark it.
REASON_LANGUAGE = "ar"
REASONS = (
    "وثيقة الإثبات ناقصة: المرجو إرفاق مستخرج من سجل الاستقبال.",
    "المرجو إرفاق مصدر الأرقام (سجل أو جدول تتبع موقّع).",
    "المرجو إرفاق وثيقة الإثبات (سجل الاستقبال أو ملخص الاجتماع).",
    "الأرقام في حاجة إلى تأكيد بوثيقة إثبات من الشريك.",
)
EVIDENCE = "https://example.org/marsad/preuves/{code}-{period}-{territory}.pdf"


def trail_kind(period_code: str, turn: int) -> str:
    """Which trail the `turn`-th value of a region's period follows."""
    if period_code in MIXES:
        mix = MIXES[period_code]
        return mix[turn % len(mix)]
    # About one value in nine of the older periods was returned once, then validated.
    return "corrected" if (turn + sum(map(ord, period_code))) % 9 == 4 else "validated"


def _days(period: dict[str, Any], turn: int) -> list[date]:
    saved = period["ends_on"] + timedelta(days=1 + turn % 9)
    reviewed = period["deadline"] + timedelta(days=1 + turn % 6)
    return [
        saved,
        saved + timedelta(days=1 + turn % 3),
        *(reviewed + timedelta(days=n) for n in AFTER_REVIEW),
    ]


def trail(
    period: dict[str, Any], territory: str, indicator_code: str, turn: int, people: tuple[str, str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A value's approval fields and its ChangeLog entries (without the value's id)."""
    editor, validator = people
    steps = TRAILS[trail_kind(period["code"], turn)]
    code = period["code"]
    reason = REASONS[turn % len(REASONS)] if A.RETURNED in steps else ""
    evidence = EVIDENCE.format(code=indicator_code.lower(), period=code, territory=territory)
    fields: dict[str, Any] = {
        "status": str(STATUS_AFTER[steps[-1]]),
        "return_reason": reason,
        "return_reason_lang": REASON_LANGUAGE if reason else "",
        "evidence_url": evidence if steps.count(A.SAVED) > 1 else "",
        "updated_by": editor,
        "version": len(steps),
    }
    entries = []
    for n, (step, day) in enumerate(zip(steps, _days(period, turn), strict=False)):
        at = stamp(day)
        if step == A.SAVED:
            detail = {"period": code, "territory": territory}
            detail |= {"evidence_url": ["", evidence]} if n else {}
            fields["updated_at"] = at
        else:
            detail = {"period": code, "status": str(STATUS_AFTER[step])}
            if step == A.RETURNED:
                detail |= {"reason": reason, "language": REASON_LANGUAGE}
            side = "submitted" if step == A.SUBMITTED else "reviewed"
            fields[f"{side}_at"] = at
            fields[f"{side}_by"] = editor if step == A.SUBMITTED else validator
        entries.append(
            {
                "at": at,
                "actor": editor if step in (A.SAVED, A.SUBMITTED) else validator,
                "action": str(step),
                "detail": json.dumps(detail, ensure_ascii=False),
            }
        )
    unset = dict.fromkeys(("submitted_at", "submitted_by", "reviewed_at", "reviewed_by"))
    return unset | fields, entries
