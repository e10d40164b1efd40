"""`make bench` and `make bench-quick`: every page at demo and national scale side by side.

Each round measures the demo database, then the large one, each in a fresh process
(benchmarks.page_costs), so both see the machine in the same state; the table gives medians
over the rounds, the ratios and the targets, and the exit status is 1 when a target is missed
(a miss is measured again, twice at most, with two more rounds each time, before it counts).
"""

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from benchmarks import (  # noqa: E402
    aggregates,
    concurrency,
    edges_bench,
    results_bench,
    signin_bench,
)
from benchmarks.targets import Targets, check, check_sessions  # noqa: E402
from models import Indicator, IndicatorValue, Measure  # noqa: E402
from seed.history import DEMO_TODAY  # noqa: E402
from services.db import make_engine  # noqa: E402

CACHE = ROOT / ".bench"
MEASURE_CODE = "SM-03"
CONFIRMATIONS, CONFIRMATION_ROUNDS = 2, 2


def _made_from() -> float:
    """When the code that makes a bench database last changed (migrations, seed)."""
    sources = [*(ROOT / "migrations").rglob("*.py"), *(ROOT / "seed").rglob("*")]
    return max(path.stat().st_mtime for path in sources)


def database(name: str, measures: int) -> str:
    """The URL of a bench database: the demo alone, or with `manage.py bench-data` on top;
    made again when the migrations or the seed changed since. It is made under another name
    and renamed once complete, so an interrupted build is never taken for a finished one."""
    path = CACHE / f"{name}.db"
    if path.exists() and path.stat().st_mtime > _made_from():
        return f"sqlite:///{path}"
    CACHE.mkdir(exist_ok=True)
    partial = CACHE / f"{name}.partial.db"
    for leftover in (path, partial):
        leftover.unlink(missing_ok=True)
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{partial}",
        "MARSAD_TODAY": DEMO_TODAY.isoformat(),
    }
    steps = [["migrate"], ["seed", "--if-empty"]]
    if measures:
        steps = [["bench-data", "--measures", str(measures), "--history", str(measures * 10)]]
    for step in steps:
        made = subprocess.run(  # noqa: S603 (this interpreter, our own script)
            [sys.executable, "manage.py", *step], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if made.returncode:
            partial.unlink(missing_ok=True)
            sys.exit(f"{' '.join(step)} failed:\n{made.stdout}\n{made.stderr}")
    os.replace(partial, path)
    return f"sqlite:///{path}"


def measure_id(url: str) -> int:
    """The id of the measure whose page is timed (the same record at both scales)."""
    engine = make_engine(url)
    with Session(engine) as session:
        found = session.execute(select(Measure.id).where(Measure.code == MEASURE_CODE)).scalar()
    engine.dispose()
    return found


def indicator_id(url: str) -> int:
    """The id of the indicator whose page is timed: Souss-Massa's summed, disaggregated one
    with the most values (the demo's busiest at demo scale, a generated one with hundreds of
    values at national scale)."""
    engine = make_engine(url)
    with Session(engine) as session:
        found = session.execute(
            select(IndicatorValue.indicator_id)
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .where(
                IndicatorValue.region_code == "09",
                Indicator.aggregatable,
                Indicator.kind != "qualitative",
                Indicator.by_sex,
            )
            .group_by(IndicatorValue.indicator_id)
            .order_by(func.count().desc(), IndicatorValue.indicator_id)
            .limit(1)
        ).scalar()
    engine.dispose()
    return found


def page_costs(url: str) -> dict:
    """One round at one scale, in a fresh process."""
    command = [sys.executable, "-m", "benchmarks.page_costs", url]
    command += ["--measure-id", str(measure_id(url)), "--indicator-id", str(indicator_id(url))]
    command += ["--today", DEMO_TODAY.isoformat()]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        sys.exit(f"page costs failed on {url}:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout)


def medians(rounds: list[dict]) -> dict:
    """Per case and metric, the median over the rounds; and the median resident memory."""
    cases = {
        case: {
            metric: statistics.median(r["cases"][case][metric] for r in rounds)
            for metric in rounds[0]["cases"][case]
        }
        for case in rounds[0]["cases"]
    }
    return {"cases": cases, "rss_mib": statistics.median(r["rss_mib"] for r in rounds)}


def main() -> int:
    """Build or reuse the databases, measure, print the table; 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 measures, CI margins")
    parser.add_argument("--rounds", type=int, help="rounds at each scale (5; quick: 3)")
    args = parser.parse_args()
    measures = 20_000 if args.quick else 100_000
    rounds = args.rounds or (3 if args.quick else 5)
    demo = database("demo", 0)
    large = database(f"national-{measures}", measures)
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    small_rounds, large_rounds = [], []
    targets = Targets.quick() if args.quick else Targets.full()
    for attempt in range(1 + CONFIRMATIONS):
        # A miss is confirmed with more rounds before it counts: one slow round on a shared
        # machine moves a median of three, not of seven.
        for _ in range(rounds if attempt == 0 else CONFIRMATION_ROUNDS):
            small_rounds.append(page_costs(demo))
            large_rounds.append(page_costs(large))
        engine = make_engine(large)
        sums = aggregates.compare(engine, DEMO_TODAY, rounds=5)
        sums |= results_bench.compare(engine, rounds=5)
        engine.dispose()
        tables = io.StringIO()
        with contextlib.redirect_stdout(tables):
            missed = check(medians(small_rounds), medians(large_rounds), sums, targets, measures)
        if not missed or attempt == CONFIRMATIONS:
            break
        print(f"{missed} missed over {len(small_rounds)} rounds; measuring again", flush=True)
    print(tables.getvalue(), end="")
    if not args.quick:
        print(f"\nload average before the sessions: {os.getloadavg()[0]:.2f}", flush=True)
        sessions = concurrency.run(large, DEMO_TODAY.isoformat(), sessions=20, seconds=20)
        missed += check_sessions(sessions, targets)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"\nTargets missed: {missed}")
    if not args.quick:
        print()
        print("| sign-in answer after 10,000 refused posts | median ms |")
        print("| --- | ---: |")
        for name, ms in signin_bench.run(5):
            print(f"| {name} | {ms:.1f} |")
        print()
        print("| anonymous client against the server | server VmRSS MiB | answers |")
        print("| --- | ---: | --- |")
        for step, mib, answers in edges_bench.run():
            print(f"| {step} | {mib:.1f} | {answers} |")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
