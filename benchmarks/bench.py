"""`make bench`: time the service reads and the pages on the demo data and at scale."""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from benchmarks import edges_bench, signin_bench  # noqa: E402
from benchmarks.scale_data import add_measures  # noqa: E402
from seed.history import DEMO_TODAY  # noqa: E402
from seed.loader import load_demo  # noqa: E402
from services import committees, measures, overview, strategies  # noqa: E402
from services.db import make_engine  # noqa: E402
from services.filters import MeasureFilter  # noqa: E402
from services.migrate import migrate  # noqa: E402

TODAY = DEMO_TODAY
PAGES = ["overview", "measures", "measure", "strategies", "committees"]


def timed(call, repeat: int) -> tuple[float, float]:
    """Median milliseconds over `repeat` calls, and peak traced memory in MiB of one call."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


def service_calls(engine) -> dict:
    """The reads the pages make, each in its own session."""

    def run(function, *args, **kwargs):
        def call():
            with Session(engine) as session:
                return function(session, *args, **kwargs)

        return call

    everything, souss = MeasureFilter(), MeasureFilter(region="09")
    return {
        "headline (all)": run(overview.headline, everything, TODAY),
        "progress_by_region (all)": run(overview.progress_by_region, everything, TODAY),
        "status_by_region (all)": run(overview.status_by_region, everything, TODAY),
        "health_counts (all)": run(overview.health_counts, everything, TODAY),
        "timeline (region 09)": run(overview.timeline, souss, TODAY),
        "at_risk (all)": run(overview.at_risk, everything, TODAY),
        "list page 1 (all)": run(measures.list_measures, everything, TODAY),
        "list text search": run(measures.list_measures, MeasureFilter(text="migrants"), TODAY),
        "list health=overdue": run(
            measures.list_measures, MeasureFilter(health=("overdue",)), TODAY
        ),
        "export (region 09)": run(measures.export_measures, souss, TODAY),
        "measure history": run(measures.measure_history, 1),
        "strategies (09)": run(strategies.strategies, "09"),
        "committees (09)": run(committees.committees, "09", TODAY),
    }


def page_times(db_url: str, repeat: int) -> dict[str, tuple[float, float]]:
    """AppTest run time of each page: a fresh session's first run, and a rerun."""
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = db_url
    os.environ["MARSAD_TODAY"] = TODAY.isoformat()
    results = {}
    for page in PAGES:
        first, rerun = [], []
        for _ in range(repeat):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
            at.query_params["lang"] = "fr"
            if page == "measure":
                at.query_params["id"] = "1"
            at.run()
            target = {"overview": None, "measure": "pages/measure.py"}.get(page, f"pages/{page}.py")
            began = time.perf_counter()
            if target:
                at.switch_page(target)
            at.run()
            first.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            at.run()
            rerun.append((time.perf_counter() - began) * 1000)
            assert not at.exception, at.exception
        results[page] = (statistics.median(first), statistics.median(rerun))
    return results


def main() -> None:
    """Build the databases, time everything, print tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measures", type=int, default=20_000, help="scale set size")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="marsad-bench-"))
    try:
        demo_url = f"sqlite:///{folder / 'demo.db'}"
        migrate(demo_url)
        demo = make_engine(demo_url)
        load_demo(demo)
        demo.dispose()  # checkpoints the WAL so the file copy is complete
        shutil.copy(folder / "demo.db", folder / "scale.db")
        scale = make_engine(f"sqlite:///{folder / 'scale.db'}")
        add_measures(scale, args.measures)
        print(
            f"| service read | demo (44 measures) ms | {args.measures:,}+ measures ms | peak MiB |"
        )
        print("| --- | ---: | ---: | ---: |")
        small, large = service_calls(demo), service_calls(scale)
        for name in small:
            demo_ms, _ = timed(small[name], args.repeat)
            scale_ms, peak = timed(large[name], args.repeat)
            print(f"| {name} | {demo_ms:.1f} | {scale_ms:.1f} | {peak:.1f} |")
        print()
        print("| page (AppTest, demo data) | first run ms | rerun ms |")
        print("| --- | ---: | ---: |")
        for page, (first, rerun) in page_times(demo_url, args.repeat).items():
            print(f"| {page} | {first:.0f} | {rerun:.0f} |")
        print()
        print("| sign-in answer after 10,000 refused posts | median ms |")
        print("| --- | ---: |")
        for name, ms in signin_bench.run(args.repeat):
            print(f"| {name} | {ms:.1f} |")
        print()
        print("| anonymous client against the server | server VmRSS MiB | answers |")
        print("| --- | ---: | --- |")
        for step, mib, answers in edges_bench.run():
            print(f"| {step} | {mib:.1f} | {answers} |")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
