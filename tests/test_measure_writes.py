"""update_measure: validation, rights, transitions, versions and history, all or nothing."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlmodel import Session

from models import Measure, MeasureUpdate
from models.codes import ALLOWED_TRANSITIONS, MeasureStatus
from services.db import data_revision
from services.errors import NotAllowed, NotFound, StaleVersion, ValidationFailed
from services.measure_writes import MeasureChange, allowed_statuses, update_measure
from tests.helpers import ADMIN, EDITOR_05, EDITOR_09, TODAY, VIEWER, dump, for_field, measure_where


def in_progress_09(engine) -> Measure:
    measure = measure_where(engine, region_code="09", status="in_progress")
    assert measure is not None
    return measure


def change_for(measure: Measure, **overrides) -> MeasureChange:
    values = {
        "status": measure.status,
        "progress": measure.progress,
        "actual_start": measure.actual_start,
        "actual_end": measure.actual_end,
        "budget_paid": measure.budget_paid,
        "note": "",
        "note_lang": "fr",
        "evidence_url": "",
    }
    return MeasureChange(**(values | overrides))


def apply(engine, measure, actor=EDITOR_09, version=None, **overrides):
    return update_measure(
        engine,
        actor=actor,
        measure_id=measure.id,
        expected_version=measure.version if version is None else version,
        change=change_for(measure, **overrides),
        today=TODAY,
    )


def test_valid_update_writes_measure_history_and_revision(engine):
    measure = in_progress_09(engine)
    revision = data_revision(engine)
    new_progress = min(measure.progress + 10, 99)
    version = apply(engine, measure, progress=new_progress, note="Atelier tenu à Agadir")
    assert version == measure.version + 1
    with Session(engine) as session:
        saved = session.get(Measure, measure.id)
        assert (saved.progress, saved.version, saved.updated_by) == (
            new_progress,
            version,
            EDITOR_09.username,
        )
        row = session.execute(
            select(MeasureUpdate).where(
                MeasureUpdate.measure_id == measure.id, MeasureUpdate.version == version
            )
        ).scalar_one()
    assert (row.old_progress, row.new_progress) == (measure.progress, new_progress)
    assert (row.old_status, row.new_status) == (measure.status, measure.status)
    assert (row.note_fr, row.note_ar, row.note_en) == ("Atelier tenu à Agadir", "", "")
    assert row.changed_by == EDITOR_09.username
    assert data_revision(engine) == revision + 1


def test_completing_fills_the_end_date_and_needs_full_progress(engine):
    measure = in_progress_09(engine)
    with pytest.raises(ValidationFailed) as refused:
        apply(engine, measure, status="completed", progress=80)
    assert for_field(refused.value, "progress")[0].code == "error.completed_needs_full_progress"
    apply(engine, measure, status="completed", progress=100, actual_end=None)
    assert measure_where(engine, id=measure.id).actual_end == TODAY


BAD_INPUT = [
    ({"progress": 150}, "progress", "error.out_of_range"),
    ({"progress": -1}, "progress", "error.out_of_range"),
    ({"progress": "abc"}, "progress", "error.not_number"),
    ({"progress": True}, "progress", "error.not_number"),
    ({"progress": 12.5}, "progress", "error.not_whole_number"),
    ({"progress": None}, "progress", "error.not_number"),
    ({"budget_paid": 12_500.75}, "budget_paid", "error.not_whole_number"),
    ({"status": "finished"}, "status", "error.unknown_status"),
    ({"status": "planned"}, "status", "error.transition"),
    ({"actual_start": TODAY + timedelta(days=1)}, "actual_start", "error.future_date"),
    ({"actual_start": "2024-01-01"}, "actual_start", "error.not_date"),
    (
        {"actual_start": date(2025, 5, 1), "actual_end": date(2025, 4, 1)},
        "actual_end",
        "error.end_before_start",
    ),
    ({"note": "<script>alert(1)</script>"}, "note", "error.markup"),
    ({"note": "voir ![x](http://evil.example/p.png)"}, "note", "error.markup"),
    ({"note": "[clic](javascript:alert(1))"}, "note", "error.markup"),
    ({"note": "x" * 5000}, "note", "error.too_long"),
    ({"note": "nul\x00byte"}, "note", "error.text_control_chars"),
    ({"note": 42}, "note", "error.not_text"),
    ({"note": "Suivi", "note_lang": None}, "note_lang", "error.unknown_language"),
    ({"note": "Suivi", "note_lang": "es"}, "note_lang", "error.unknown_language"),
    ({"evidence_url": "javascript:alert(1)"}, "evidence_url", "error.invalid_url"),
    ({"evidence_url": "ftp://example.org/x"}, "evidence_url", "error.invalid_url"),
    ({"budget_paid": -5}, "budget_paid", "error.out_of_range"),
    ({"budget_committed": -1}, "budget_committed", "error.out_of_range"),
    ({"budget_committed": 2.5}, "budget_committed", "error.not_whole_number"),
    ({"budget_committed": "10 000"}, "budget_committed", "error.not_number"),
    (
        {"budget_committed": 1000, "budget_paid": 1001},
        "budget_committed",
        "error.committed_below_paid",
    ),
    ({"actual_start": date(1999, 12, 31)}, "actual_start", "error.date_too_early"),
    (
        {"actual_start": date(2015, 3, 1), "actual_end": date(1990, 1, 1)},
        "actual_end",
        "error.date_too_early",
    ),
    ({"note": "C1\x85control"}, "note", "error.text_control_chars"),
    ({"note": "lone\rreturn"}, "note", "error.text_control_chars"),
    ({"note": "\u200b\u200b\u200e"}, "note", "error.invisible_text"),
    ({"note": "x" * 2001}, "note", "error.too_long"),
    ({"evidence_url": "https://example.org/a\x00b"}, "evidence_url", "error.invalid_url"),
    ({"evidence_url": "https://example.org/\x85"}, "evidence_url", "error.invalid_url"),
    ({"evidence_url": "https://example.org/\u200bx"}, "evidence_url", "error.invalid_url"),
]


@pytest.mark.parametrize(("overrides", "field", "code"), BAD_INPUT)
def test_bad_input_is_refused_and_nothing_changes(engine, overrides, field, code):
    measure = in_progress_09(engine)
    before = dump(engine)
    with pytest.raises(ValidationFailed) as refused:
        apply(engine, measure, **overrides)
    assert [p.code for p in for_field(refused.value, field)] == [code]
    assert dump(engine) == before


def test_every_problem_of_one_submit_is_reported_at_once(engine):
    measure = in_progress_09(engine)
    before = dump(engine)
    with pytest.raises(ValidationFailed) as refused:
        apply(
            engine,
            measure,
            status="completed",
            progress=80,
            actual_start=date(2025, 5, 1),
            actual_end=date(2025, 4, 1),
            note="\x00",
            evidence_url="ftp://x",
            budget_paid=1.5,
        )
    fields = sorted(p.field for p in refused.value.problems)
    assert fields == ["actual_end", "budget_paid", "evidence_url", "note", "progress"]
    assert dump(engine) == before


def test_a_measure_may_start_before_the_pdr_but_not_before_2000(engine):
    measure = in_progress_09(engine)
    version = apply(engine, measure, actual_start=date(2015, 3, 1), note="started early")
    assert version == measure.version + 1


def saved_note(engine, measure_id: int, version: int, lang: str = "fr") -> str:
    with Session(engine) as session:
        return session.execute(
            select(getattr(MeasureUpdate, f"note_{lang}")).where(
                MeasureUpdate.measure_id == measure_id, MeasureUpdate.version == version
            )
        ).scalar_one()


def test_text_keeps_the_joiners_and_marks_arabic_needs(engine):
    measure = in_progress_09(engine)
    note = "\u200fالمهاجرين\u200c/ات \u2066SM-02\u2069 \u200d"
    version = apply(engine, measure, note=note, note_lang="ar")
    saved = saved_note(engine, measure.id, version, "ar")
    assert saved == note.strip()


def test_nothing_changed_is_refused(engine):
    measure = in_progress_09(engine)
    with pytest.raises(ValidationFailed) as refused:
        apply(engine, measure)
    assert refused.value.problems[0].code == "error.nothing_changed"


def test_arabic_and_bidi_text_is_accepted_as_typed(engine):
    measure = in_progress_09(engine)
    note = "تم عقد ورشة \u2067SM-01\u2069 في أكادير (٢٠٢٦) — 50 %"
    version = apply(engine, measure, note=note, note_lang="ar")
    assert saved_note(engine, measure.id, version, "ar") == note
    assert saved_note(engine, measure.id, version, "fr") == ""


def test_stale_version_is_refused_and_nothing_changes(engine):
    measure = in_progress_09(engine)
    apply(engine, measure, note="first")
    before = dump(engine)
    with pytest.raises(StaleVersion) as refused:
        apply(engine, measure, note="second, from an old form")
    assert refused.value.problems[0].code == "error.stale_measure"
    assert dump(engine) == before


def test_unknown_measure(engine):
    with pytest.raises(NotFound):
        update_measure(
            engine,
            actor=ADMIN,
            measure_id=999_999,
            expected_version=1,
            change=MeasureChange(status="planned", progress=0),
            today=TODAY,
        )


@pytest.mark.parametrize("who", [EDITOR_05, VIEWER])
def test_rights_follow_the_region(engine, who):
    measure = in_progress_09(engine)
    before = dump(engine)
    with pytest.raises(NotAllowed):
        apply(engine, measure, actor=who, note="not mine")
    assert dump(engine) == before


def test_national_measures_are_for_admins(engine):
    measure = measure_where(engine, region_code=None)
    assert measure is not None
    with pytest.raises(NotAllowed):
        apply(engine, measure, actor=EDITOR_09, note="x")
    assert apply(engine, measure, actor=ADMIN, note="suivi national") == measure.version + 1


def force_status(engine, measure_id: int, status: MeasureStatus) -> Measure:
    """Put a measure in a given state consistent with its status, bypassing the service."""
    values = {
        MeasureStatus.PLANNED: {"progress": 0, "actual_start": None, "actual_end": None},
        MeasureStatus.IN_PROGRESS: {"progress": 40, "actual_start": date(2024, 1, 1)},
        MeasureStatus.SUSPENDED: {"progress": 40, "actual_start": date(2024, 1, 1)},
        MeasureStatus.COMPLETED: {
            "progress": 100,
            "actual_start": date(2024, 1, 1),
            "actual_end": date(2025, 1, 1),
        },
        MeasureStatus.CANCELLED: {"progress": 10, "actual_start": None, "actual_end": None},
    }[status]
    with Session(engine) as session, session.begin():
        session.execute(
            update(Measure).where(Measure.id == measure_id).values(status=status, **values)
        )
    return measure_where(engine, id=measure_id)


@pytest.mark.parametrize("old", list(MeasureStatus))
@pytest.mark.parametrize("new", list(MeasureStatus))
def test_transition_table(engine, old, new):
    measure = force_status(engine, in_progress_09(engine).id, old)
    progress = {"planned": 0, "completed": 100}.get(new, 50)
    actual_start = None if new == "planned" else measure.actual_start
    call = lambda: apply(  # noqa: E731
        engine, measure, status=new.value, progress=progress, actual_start=actual_start, note="t"
    )
    if new == old or new in ALLOWED_TRANSITIONS[old]:
        assert call() == measure.version + 1
        assert measure_where(engine, id=measure.id).status == new
    else:
        with pytest.raises(ValidationFailed) as refused:
            call()
        assert refused.value.problems[0].code == "error.transition"


def test_admin_may_reopen_a_final_measure_and_it_is_recorded(engine):
    measure = force_status(engine, in_progress_09(engine).id, MeasureStatus.COMPLETED)
    assert "in_progress" not in allowed_statuses(EDITOR_09, "completed")
    assert "in_progress" in allowed_statuses(ADMIN, "completed")
    version = apply(engine, measure, actor=ADMIN, status="in_progress", progress=90, note="rouvert")
    with Session(engine) as session:
        row = session.execute(
            select(MeasureUpdate).where(
                MeasureUpdate.measure_id == measure.id, MeasureUpdate.version == version
            )
        ).scalar_one()
    assert (row.old_status, row.new_status, row.changed_by) == ("completed", "in_progress", "admin")


def history_count(engine, measure_id: int) -> int:
    with Session(engine) as session:
        return session.execute(
            select(func.count()).where(MeasureUpdate.measure_id == measure_id)
        ).scalar_one()


def test_every_update_adds_exactly_one_history_row(engine):
    measure = in_progress_09(engine)
    before = history_count(engine, measure.id)
    version = measure.version
    for step in range(3):
        version = apply(engine, measure, version=version, note=f"step {step}")
    assert history_count(engine, measure.id) == before + 3
    assert version == measure.version + 3


def test_budget_committed_is_saved_with_its_history_and_kept_when_not_given(engine):
    measure = in_progress_09(engine)
    committed = measure.budget_paid + 250_000
    version = apply(engine, measure, budget_committed=committed)
    with Session(engine) as session:
        saved = session.get(Measure, measure.id)
        row = session.execute(
            select(MeasureUpdate).where(
                MeasureUpdate.measure_id == measure.id, MeasureUpdate.version == version
            )
        ).scalar_one()
    assert saved.budget_committed == committed
    assert (row.old_budget_committed, row.new_budget_committed) == (
        measure.budget_committed,
        committed,
    )
    # A change that does not name it leaves it as it is; None says it is not known.
    again = apply(engine, saved, progress=saved.progress + 1)
    assert measure_where(engine, id=measure.id).budget_committed == committed
    apply(engine, measure_where(engine, id=measure.id), version=again, budget_committed=None)
    assert measure_where(engine, id=measure.id).budget_committed is None
