"""Generate a large, deterministic measure set on top of the demo data, for benchmarks."""

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select
from sqlmodel import Session

from models import Axis, Measure, MeasureTag, MeasureUpdate, Province, Strategy
from models.codes import MeasureStatus

STATUSES = [
    MeasureStatus.PLANNED,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.COMPLETED,
    MeasureStatus.SUSPENDED,
    MeasureStatus.CANCELLED,
]


def add_measures(engine, count: int, *, history_per_measure: int = 4, seed: int = 42) -> None:
    """Add `count` illustrative measures with their tags and history, in batches."""
    rng = random.Random(seed)
    with Session(engine) as session:
        provinces = session.execute(select(Province.code, Province.region_code)).all()
        axes = session.execute(select(Axis.id, Strategy.region_code).join(Strategy)).all()
    axes_by_region: dict[str, list[int]] = {}
    for axis_id, region in axes:
        axes_by_region.setdefault(region, []).append(axis_id)
    start_id = 1_000_000
    for batch_start in range(0, count, 5_000):
        measures, tags, history = [], [], []
        for offset in range(batch_start, min(batch_start + 5_000, count)):
            measure_id = start_id + offset
            province, region = rng.choice(provinces)
            planned_start = date(2022, 1, 1) + timedelta(days=rng.randrange(0, 1500))
            planned_end = planned_start + timedelta(days=rng.randrange(180, 1800))
            status = rng.choice(STATUSES)
            progress = {"planned": 0, "completed": 100}.get(status, rng.randrange(0, 100))
            started = status != MeasureStatus.PLANNED
            measures.append(
                {
                    "id": measure_id,
                    "code": f"B-{measure_id}",
                    "region_code": region,
                    "province_code": province if rng.random() < 0.5 else None,
                    "axis_id": rng.choice(axes_by_region.get(region, [None])),
                    "title_fr": f"Mesure de charge {measure_id} accompagnement migrants",
                    "title_ar": f"تدبير اختبار {measure_id}",
                    "planned_start": planned_start,
                    "planned_end": planned_end,
                    "actual_start": planned_start if started else None,
                    "status": status,
                    "progress": progress,
                    "budget_planned": rng.randrange(100, 10_000) * 1000,
                    "budget_spent": 0,
                    "provenance": "illustrative",
                    "version": history_per_measure,
                    "updated_by": "bench",
                }
            )
            tags.append(
                {"measure_id": measure_id, "scheme": "gcm", "code": str(rng.randint(1, 23))}
            )
            for version in range(1, history_per_measure + 1):
                history.append(
                    {
                        "measure_id": measure_id,
                        "version": version,
                        "changed_at": datetime(2022, 1, 1, tzinfo=UTC)
                        + timedelta(days=version * 90),
                        "changed_by": "bench",
                        "new_status": status,
                        "new_progress": progress * version // history_per_measure,
                        "new_budget_spent": 0,
                    }
                )
        with Session(engine) as session, session.begin():
            session.execute(insert(Measure), measures)
            session.execute(insert(MeasureTag), tags)
            session.execute(insert(MeasureUpdate), history)
