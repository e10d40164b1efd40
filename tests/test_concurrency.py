"""Concurrent editors: one winner per version, and no accepted update lost or written twice."""

import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select
from sqlmodel import Session

from models import Measure, MeasureUpdate
from models.codes import Role
from services.db import make_engine
from services.errors import StaleVersion, ValidationFailed
from services.measure_writes import MeasureChange, update_measure
from tests.helpers import TODAY, actor

EDITOR = actor(Role.EDITOR, "02", "05", "09")
THREADS = 8
UPDATES_PER_THREAD = 100
# Every INVALID_EVERY-th attempt sends one of these, in turn; each must be refused with its code.
INVALID_EVERY = 5
INVALID = [
    ({"progress": 150}, "error.out_of_range"),
    ({"progress": "abc"}, "error.not_number"),
    ({"status": "finished"}, "error.unknown_status"),
    ({"note": "<script>alert(1)</script>"}, "error.markup"),
    ({"actual_start": TODAY + timedelta(days=1)}, "error.future_date"),
    ({"stale": True}, "error.stale_measure"),
]


def run_together(count: int, work: Callable[[int, threading.Barrier], object]) -> list[object]:
    """Run `work(index, barrier)` in `count` threads; return each one's result or exception."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def target(index: int) -> None:
        try:
            results[index] = work(index, barrier)
        except BaseException as error:  # reported by the test, not lost in the thread
            results[index] = error

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def measures(engine, count: int) -> list[Measure]:
    """`count` in-progress measures the editor may change, the first one in region 09."""
    with Session(engine) as session:
        rows = (
            session.execute(
                select(Measure)
                .where(Measure.region_code.in_(sorted(EDITOR.regions)))
                .where(Measure.status == "in_progress")
                .order_by(Measure.region_code.desc(), Measure.code)
            )
            .scalars()
            .all()
        )
    assert len(rows) >= count and rows[0].region_code == "09"
    return rows[:count]


def history(engine, measure_id: int) -> list[MeasureUpdate]:
    with Session(engine) as session:
        statement = (
            select(MeasureUpdate)
            .where(MeasureUpdate.measure_id == measure_id)
            .order_by(MeasureUpdate.version)
        )
        return list(session.execute(statement).scalars().all())


def current(engine, measure_id: int) -> Measure:
    with Session(engine) as session:
        return session.get(Measure, measure_id)


def change(measure: Measure, **overrides) -> MeasureChange:
    values = {
        "status": measure.status,
        "progress": measure.progress,
        "actual_start": measure.actual_start,
        "actual_end": measure.actual_end,
        "budget_paid": measure.budget_paid,
        "note_lang": "fr",
    }
    return MeasureChange(**(values | overrides))


def test_same_version_from_eight_editors_has_exactly_one_winner(db_url, db_engine):
    measure = measures(db_engine, 1)[0]
    before = history(db_engine, measure.id)

    def edit(index: int, barrier: threading.Barrier) -> int:
        # Each editor has its own engine, so its own connection, as separate servers would.
        engine = make_engine(db_url)
        try:
            engine.connect().close()
            barrier.wait()
            return update_measure(
                engine,
                actor=EDITOR,
                measure_id=measure.id,
                expected_version=measure.version,
                change=change(measure, progress=10 + index, note=f"editor {index}"),
                today=TODAY,
            )
        finally:
            engine.dispose()

    results = run_together(THREADS, edit)
    winners = [i for i, r in enumerate(results) if isinstance(r, int)]
    stale = [r for r in results if isinstance(r, StaleVersion)]
    assert len(winners) == 1 and len(stale) == THREADS - 1, results
    winner = winners[0]
    assert results[winner] == measure.version + 1
    saved = current(db_engine, measure.id)
    assert (saved.version, saved.progress) == (measure.version + 1, 10 + winner)
    after = history(db_engine, measure.id)
    assert len(after) == len(before) + 1
    added = after[-1]
    assert (added.version, added.new_progress, added.note_fr) == (
        measure.version + 1,
        10 + winner,
        f"editor {winner}",
    )


def test_eight_editors_on_their_own_measures_lose_nothing(db_engine, backend):
    owned = measures(db_engine, THREADS)
    initial_history = {m.id: len(history(db_engine, m.id)) for m in owned}

    def edit(index: int, barrier: threading.Barrier) -> dict:
        measure = owned[index]
        version = measure.version
        sent: list[tuple[int, str]] = []
        refused: list[tuple[str, str]] = []
        barrier.wait()
        for step in range(UPDATES_PER_THREAD):
            progress = (measure.progress + 7 * step + index) % 101
            note = f"t{index} #{step}"
            overrides, code = {}, None
            if step % INVALID_EVERY == INVALID_EVERY - 1:
                overrides, code = INVALID[(step // INVALID_EVERY + index) % len(INVALID)]
            expected = version - 1 if overrides.get("stale") else version
            values = {k: v for k, v in overrides.items() if k != "stale"}
            try:
                version = update_measure(
                    db_engine,
                    actor=EDITOR,
                    measure_id=measure.id,
                    expected_version=expected,
                    change=change(measure, **({"progress": progress, "note": note} | values)),
                    today=TODAY,
                )
                sent.append((progress, note))
            except (ValidationFailed, StaleVersion) as error:
                refused.append((code, ",".join(p.code for p in error.problems)))
        return {"sent": sent, "refused": refused, "version": version}

    results = run_together(THREADS, edit)
    crashed = [r for r in results if isinstance(r, BaseException)]
    assert not crashed, crashed

    attempted = THREADS * UPDATES_PER_THREAD
    accepted = sum(len(r["sent"]) for r in results)
    rejected = sum(len(r["refused"]) for r in results)
    lost = duplicated = 0
    problems = []
    for measure, result in zip(owned, results, strict=True):
        rows = history(db_engine, measure.id)[initial_history[measure.id] :]
        written = [(row.new_progress, row.note_fr) for row in rows]
        lost += sum(1 for item in result["sent"] if item not in written)
        duplicated += len(written) - len(set(written))
        saved = current(db_engine, measure.id)
        if written != result["sent"]:
            problems.append(f"measure {measure.id}: history differs from what was accepted")
        if [row.version for row in rows] != list(
            range(measure.version + 1, measure.version + 1 + len(result["sent"]))
        ):
            problems.append(f"measure {measure.id}: history versions not contiguous")
        if (saved.version, result["version"]) != (measure.version + len(result["sent"]),) * 2:
            problems.append(f"measure {measure.id}: version {saved.version} after updates")
        if saved.progress != result["sent"][-1][0]:
            problems.append(f"measure {measure.id}: progress is not the last accepted value")
        wrong = [(want, got) for want, got in result["refused"] if want is None or got != want]
        if wrong:
            problems.append(f"measure {measure.id}: refused for the wrong reason: {wrong[:3]}")
    summary = (
        f"{backend}: attempted={attempted} accepted={accepted} rejected={rejected} "
        f"lost={lost} duplicated={duplicated}"
    )
    print(f"\nconcurrent updates, {summary}")
    assert accepted + rejected == attempted, summary
    assert rejected == THREADS * (UPDATES_PER_THREAD // INVALID_EVERY), summary
    assert (lost, duplicated, problems) == (0, 0, []), summary
