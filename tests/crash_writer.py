"""Writer process for test_crash: valid updates through update_measure until it is killed.

Usage: python -m tests.crash_writer DATABASE_URL SEED
Prints "begin MEASURE_ID" before each update and "ok MEASURE_ID VERSION" once it is committed,
so the test knows what was acknowledged, and whether an update was under way, when it killed.
"""

import random
import sys

from sqlalchemy import select
from sqlmodel import Session

from models import Measure
from models.codes import MeasureStatus
from services.db import make_engine
from services.errors import ServiceError
from services.measure_writes import MeasureChange, allowed_statuses, update_measure
from tests.helpers import ADMIN, TODAY

MAX_UPDATES = 100_000  # a bound, so a writer the test fails to kill still ends


def next_change(rng: random.Random, measure: Measure, step: int) -> MeasureChange:
    """A valid change that moves status, progress, dates and spending around."""
    status = rng.choice(allowed_statuses(ADMIN, measure.status))
    progress = {
        MeasureStatus.PLANNED: 0,
        MeasureStatus.COMPLETED: 100,
    }.get(status, rng.randint(0, 99))
    started = status not in (MeasureStatus.PLANNED, MeasureStatus.CANCELLED)
    return MeasureChange(
        status=status,
        progress=progress,
        actual_start=measure.actual_start if started else None,
        actual_end=None,  # completing fills today
        budget_paid=measure.budget_paid + rng.randint(0, 5_000),
        note=f"crash writer step {step}",
        note_lang="fr",
    )


def say(line: str) -> None:
    """Write one whole line to the test at once (print writes it in pieces)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(url: str, seed: int) -> None:
    """Update random measures as an admin until killed (or MAX_UPDATES)."""
    rng = random.Random(seed)
    engine = make_engine(url)
    with Session(engine) as session:
        ids = list(session.execute(select(Measure.id).order_by(Measure.id)).scalars())
    say("ready")
    for step in range(MAX_UPDATES):
        with Session(engine) as session:
            measure = session.get(Measure, rng.choice(ids))
        say(f"begin {measure.id}")
        try:
            version = update_measure(
                engine,
                actor=ADMIN,
                measure_id=measure.id,
                expected_version=measure.version,
                change=next_change(rng, measure, step),
                today=TODAY,
            )
        except ServiceError as error:
            say(f"refused {measure.id} {error}")
            continue
        say(f"ok {measure.id} {version}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
