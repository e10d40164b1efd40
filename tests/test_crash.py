"""A writer killed mid-burst leaves every change with its history, and no history without it."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from models import Measure, MeasureUpdate
from services.db import make_engine
from services.measure_writes import MeasureChange, update_measure
from tests.helpers import ADMIN, TODAY

ROOT = Path(__file__).resolve().parent.parent
RUNS = 6
CURRENT = ("status", "progress", "actual_start", "actual_end", "budget_paid", "version")


def start_writer(url: str, seed: int, stderr) -> subprocess.Popen:
    """tests/crash_writer.py in its own Python process, its stdout piped to us."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash_writer", url, str(seed)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


def acknowledged(lines: list[str]) -> list[tuple[int, int]]:
    """(measure id, version) of every update the writer reported as committed."""
    return [(int(p[1]), int(p[2])) for p in (line.split() for line in lines) if p[0] == "ok"]


def complete(text: str) -> list[str]:
    """The whole lines of the writer's output; a line cut by the kill was never acknowledged."""
    return [line for line in text.splitlines(keepends=True) if line.endswith("\n")]


def kill_mid_burst(url: str, run: int, log: Path) -> tuple[list[tuple[int, int]], bool]:
    """SIGKILL a writer after a random number of commits.

    Returns its acknowledged updates, and whether it was inside update_measure when killed.
    """
    rng = random.Random(run)
    wanted = rng.randint(1, 40)
    with log.open("w") as stderr:
        writer = start_writer(url, seed=run, stderr=stderr)
        lines: list[str] = []
        try:
            while len(acknowledged(lines)) < wanted:
                line = writer.stdout.readline()
                assert line.endswith("\n"), f"writer ended early: {log.read_text()[-2000:]}"
                lines.append(line)
            # A short random pause moves the kill to a random point of the next transaction.
            time.sleep(rng.uniform(0, 0.02))
            writer.send_signal(signal.SIGKILL)
        finally:
            writer.kill()
            lines += complete(writer.stdout.read())
            writer.stdout.close()
            writer.wait()
    assert writer.returncode == -signal.SIGKILL, log.read_text()[-2000:]
    return acknowledged(lines), lines[-1].startswith("begin")


def inconsistencies(engine) -> list[str]:
    """Measures whose current values differ from their newest history row, or gaps in it."""
    found = []
    with Session(engine) as session:
        measures = session.execute(select(Measure).order_by(Measure.id)).scalars().all()
        rows = session.execute(
            select(MeasureUpdate).order_by(MeasureUpdate.measure_id, MeasureUpdate.version)
        ).scalars()
        versions: dict[int, list[MeasureUpdate]] = {}
        for row in rows:
            versions.setdefault(row.measure_id, []).append(row)
    for measure in measures:
        history = versions.get(measure.id, [])
        if [row.version for row in history] != list(range(1, measure.version + 1)):
            found.append(f"measure {measure.id} v{measure.version}: history versions differ")
            continue
        newest = history[-1]
        now = tuple(getattr(measure, name) for name in CURRENT)
        recorded = tuple(
            newest.version if name == "version" else getattr(newest, f"new_{name}")
            for name in CURRENT
        )
        if now != recorded:
            found.append(f"measure {measure.id}: {now} but newest history says {recorded}")
    return found


def missing(engine, acks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Acknowledged updates whose history row is not in the database."""
    with Session(engine) as session:
        statement = select(MeasureUpdate.measure_id, MeasureUpdate.version)
        stored = {tuple(row) for row in session.execute(statement)}
    return [ack for ack in acks if ack not in stored]


def sqlite_checks(url: str) -> tuple[str, list]:
    """PRAGMA integrity_check and foreign_key_check on the file, read by a fresh connection."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    connection.close()
    return integrity, foreign


def test_killed_writer_leaves_consistent_data(db_url, backend, tmp_path):
    engine = make_engine(db_url)
    try:
        assert inconsistencies(engine) == []
        outcomes = []
        for run in range(RUNS):
            acks, during_update = kill_mid_burst(db_url, run, tmp_path / f"writer-{run}.log")
            engine.dispose()  # look with fresh connections, as a restarted app would
            checks = sqlite_checks(db_url) if backend == "sqlite" else ("ok", [])
            found = inconsistencies(engine)
            lost = missing(engine, acks)
            outcomes.append((len(acks), during_update))
            assert checks == ("ok", []), f"run {run}: {checks}"
            assert found == [], f"run {run} after {len(acks)} commits: {found[:5]}"
            assert lost == [], f"run {run}: acknowledged but missing {lost[:5]}"
        print(
            f"\ncrash runs, {backend}: {RUNS} writers killed after "
            f"{[o[0] for o in outcomes]} acknowledged commits, "
            f"{sum(o[1] for o in outcomes)} of them inside update_measure; "
            f"{'integrity ok, ' if backend == 'sqlite' else ''}every measure matches its newest "
            "history row, no acknowledged commit lost"
        )
        # The database still takes writes after the last crash.
        with Session(engine) as session:
            measure = session.execute(select(Measure).order_by(Measure.id)).scalars().first()
        change = MeasureChange(
            status=measure.status,
            progress=measure.progress,
            actual_start=measure.actual_start,
            actual_end=measure.actual_end,
            budget_paid=measure.budget_paid,
            note="after the crashes",
            note_lang="fr",
        )
        assert update_measure(
            engine,
            actor=ADMIN,
            measure_id=measure.id,
            expected_version=measure.version,
            change=change,
            today=TODAY,
        ) == (measure.version + 1)
        assert inconsistencies(engine) == []
    finally:
        engine.dispose()
