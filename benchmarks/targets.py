"""The bench's targets, and the table that checks a run against them."""

from dataclasses import dataclass

MIB = 2**20


@dataclass(frozen=True)
class Targets:
    """Ratios a run must meet (national ÷ demo unless said otherwise)."""

    page: float
    sql_vs_pandas: float
    rss: float
    # The app's reruns/s against a bare one-chart page's, 20 sessions each (full run only).
    sessions: float = 0.5
    max_rows: int = 500
    max_bytes: int = MIB

    @classmethod
    def full(cls) -> "Targets":
        """`make bench`: the issue's targets."""
        return cls(page=1.5, sql_vs_pandas=10.0, rss=1.3)

    @classmethod
    def quick(cls) -> "Targets":
        """`make bench-quick` in CI: the same ratios with a margin for a shared machine."""
        return cls(page=2.0, sql_vs_pandas=5.0, rss=1.6)


def _ratio(large: float, small: float) -> float:
    return large / small if small else float("inf")


def _mark(ok: bool) -> str:
    return "ok" if ok else "**MISSED**"


def _pages(small: dict, large: dict, targets: Targets) -> int:
    """Print the page table; the number of cases that miss a target."""
    print(
        "| page · region · person | cold demo ms | cold large ms | × | warm demo ms | warm large "
        "ms | × | rerun demo ms | rerun large ms | × | KiB sent | rows | choices | target |"
    )
    print("| --- |" + " ---: |" * 12 + " --- |")
    missed = 0
    for case, at_small in small["cases"].items():
        at_large = large["cases"][case]
        ratios = {m: _ratio(at_large[m], at_small[m]) for m in ("cold", "warm", "rerun")}
        ok = (
            ratios["cold"] <= targets.page
            and ratios["warm"] <= targets.page
            and at_large["rows"] <= targets.max_rows
            and at_large["bytes"] <= targets.max_bytes
            and at_large["choices"] <= targets.max_rows
        )
        missed += not ok
        cells = []
        for metric in ("cold", "warm", "rerun"):
            cells += [f"{at_small[metric]:.0f}", f"{at_large[metric]:.0f}", f"{ratios[metric]:.2f}"]
        sent = (at_large["bytes"] / 1024, at_large["rows"], at_large["choices"])
        cells += [f"{value:.0f}" for value in sent] + [_mark(ok)]
        print(f"| {case} | " + " | ".join(cells) + " |")
    return missed


def check(small: dict, large: dict, sums: dict, targets: Targets, measures: int) -> int:
    """Print every table of a run; the number of targets missed."""
    print(
        f"\nPages: server CPU of a script run (AppTest), demo (44 measures) against {measures:,} "
        f"measures; target ≤ {targets.page}× cold and warm; at scale ≤ {targets.max_rows} table "
        f"rows and choices in one select, ≤ {targets.max_bytes // 1024} KiB sent.\n"
    )
    missed = _pages(small, large, targets)
    print(f"\nAggregates at {measures:,} measures; target SQL ≥ {targets.sql_vs_pandas}× faster.\n")
    print("| aggregate | SQL ms | rows into pandas ms | × | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, (in_sql, in_pandas) in sums.items():
        ok = _ratio(in_pandas, in_sql) >= targets.sql_vs_pandas
        missed += not ok
        row = f"{in_sql:.1f} | {in_pandas:.1f} | {_ratio(in_pandas, in_sql):.1f} | {_mark(ok)}"
        print(f"| {name} | {row} |")
    ok = _ratio(large["rss_mib"], small["rss_mib"]) <= targets.rss
    missed += not ok
    print(f"\nResident memory after every page; target ≤ {targets.rss}×.\n")
    print("| process | demo MiB | large MiB | × | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    ratio = _ratio(large["rss_mib"], small["rss_mib"])
    sizes = f"{small['rss_mib']:.0f} | {large['rss_mib']:.0f} | {ratio:.2f}"
    print(f"| page process | {sizes} | {_mark(ok)} |")
    return missed


def check_sessions(found: dict[str, dict], targets: Targets) -> int:
    """Print the concurrent sessions' table; 1 when the app's share of the bare page's
    reruns/s is under target, else 0."""
    app, bare = found["app"], found["bare"]
    share = _ratio(app["reruns_per_s"], bare["reruns_per_s"])
    ok = share >= targets.sessions
    print(
        f"\n{app['sessions']} sessions over the websocket at national scale (overview) against a "
        f"bare page with one chart; target ≥ {targets.sessions} of its reruns/s.\n"
    )
    print("| page | reruns/s | p50 ms | p95 ms | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, row in found.items():
        print(
            f"| {name} | {row['reruns_per_s']:.1f} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | |"
        )
    print(f"| app ÷ bare | {share:.2f} | | | {_mark(ok)} |")
    return int(not ok)
