"""One scale's page costs, run in its own process: script CPU, bytes and rows sent, and RSS.

`python -m benchmarks.page_costs DB_URL --measure-id N --indicator-id M` prints one JSON object:
for each case (page × region × person) the CPU milliseconds of a first run with cold caches, a
first run of a new session with warm caches and a rerun, the bytes and table rows the browser
was sent, and the process's resident memory after every page was visited.
"""

import argparse
import gc
import json
import os
import sys
import time
from contextlib import suppress
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")
PASSWORD = "Tamazight-Oasis-Figs-77"  # noqa: S105 (bench accounts on a throwaway database)
READERS = ("reader", "editor")
# (page, path to switch to, who opens it), each with and without a region chosen; the audit
# page is for administrators, below.
PAGES = [
    ("overview", None, READERS),
    ("scorecard", "pages/scorecard.py", READERS),
    ("coverage", "pages/coverage.py", READERS),
    ("measures", "pages/measures.py", READERS),
    ("measure", "pages/measure.py", READERS),
    ("strategies", "pages/strategies.py", READERS),
    ("committees", "pages/committees.py", READERS),
    ("results", "pages/results.py", READERS),
    ("indicator", "pages/indicator.py", READERS),
    ("reporting", "pages/reporting.py", ("editor",)),
    ("approvals", "pages/approvals.py", ("validator",)),
    ("todo", "pages/todo.py", ("editor", "validator")),
]
PEOPLE = {
    "reader": ("bench.reader", "viewer", ()),
    "editor": ("bench.editor", "editor", ("09",)),
    "validator": ("bench.validator", "validator", ("09",)),
}
ADMIN = ("bench.admin", "admin", ())


def _sent(messages) -> tuple[int, int, int]:
    """Bytes of the messages a run sent, the table rows among them, and the longest list of
    choices of one select."""
    size, rows, choices = 0, 0, 0
    for message in messages:
        size += message.ByteSize()
        if not message.HasField("delta") or not message.delta.HasField("new_element"):
            continue
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "dataframe":
            table = element.dataframe
            # A large frame goes lazily: its first chunk now, the rest when scrolled to.
            arrow = (
                table.lazy_data.initial_chunk if table.HasField("lazy_data") else table.arrow_data
            )
            if arrow.data:
                rows += pa.ipc.open_stream(arrow.data).read_all().num_rows
        elif kind in ("selectbox", "multiselect"):
            choices = max(choices, len(getattr(element, kind).options))
    return size, rows, choices


def _tokens(url: str) -> dict[str, str]:
    """A signed-in session token for each person (accounts are made once per database)."""
    from services.accounts import create_user
    from services.actors import COMMAND_LINE
    from services.auth import sign_in
    from services.db import make_engine
    from services.errors import ServiceError

    engine = make_engine(url)
    tokens = {}
    for person, (username, role, regions) in (PEOPLE | {"admin": ADMIN}).items():
        with suppress(ServiceError):  # made by an earlier round on this database
            create_user(
                engine,
                actor=COMMAND_LINE,
                username=username,
                display_name=username,
                password=PASSWORD,
                role=role,
                regions=regions,
            )
        tokens[person], _actor = sign_in(engine, username=username, password=PASSWORD)
    engine.dispose()
    return tokens


def _one_page(target: str | None, query: dict, spent: list[float], cold: bool = False):
    """A new session's first run of a page (with every cache emptied just before when cold):
    script CPU ms, and the AppTest to rerun."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    if target:
        at.run()  # a new session lands on the overview; the page is reached from there
        at.switch_page(target)
    if cold:
        st.cache_data.clear()
    # A full garbage collection is due at some point of a run's allocations: collected before
    # each timed run, its pause (some 300 ms with the national caches held) lands on no page.
    gc.collect()
    before = sum(spent)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return sum(spent) - before, at


def _script_cpu() -> list[float]:
    """Patch the script runner to note the CPU milliseconds of each script run, counted on the
    script's own thread (AppTest's polling and first-run set-up are not the page's cost)."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    noted: list[float] = []
    original = ScriptRunner._run_script

    def run_script(self, rerun_data):
        began = time.thread_time()
        try:
            original(self, rerun_data)
        finally:
            noted.append((time.thread_time() - began) * 1000)

    ScriptRunner._run_script = run_script
    return noted


def measure_cases(url: str, measure_id: int, indicator_id: int) -> dict:
    """Every case's costs at this scale, then the resident memory after all of them."""

    from ui import identity

    tokens = _tokens(url)
    sent = _record_sent()
    spent = _script_cpu()
    _one_page(None, {"lang": "fr"}, spent)  # the process's first run imports everything: not timed
    results = {}
    # Each page once for each person, untimed: a module's import (Streamlit imports some on
    # first use, such as its emoji table for the first alert; an editor's page imports its
    # forms) would land on whichever case first needs it.
    for _, target, people in PAGES:
        for person in people:
            identity.session_token = lambda token=tokens[person]: token
            _one_page(target, {"lang": "fr", "id": str(measure_id)}, spent)
    cases = [
        (page, target, region, person)
        for page, target, people in PAGES
        for region in (None, "09")
        for person in people
    ] + [("audit", "pages/audit.py", None, "admin")]
    for page, target, region, person in cases:
        identity.session_token = lambda token=tokens[person]: token
        query = {"lang": "fr"} | ({"region": region} if region else {})
        if page in ("measure", "indicator"):
            query["id"] = str(measure_id if page == "measure" else indicator_id)
        cold, _ = _one_page(target, query, spent, cold=True)
        warm, at = _one_page(target, query, spent)
        bytes_sent, rows, choices = sent[-1]
        gc.collect()
        before = sum(spent)
        at.run()
        rerun = sum(spent) - before
        name = f"{page} · {region or 'all'} · {person}"
        results[name] = {
            "cold": cold,
            "warm": warm,
            "rerun": rerun,
            "bytes": bytes_sent,
            "rows": rows,
            "choices": choices,
        }
    return {"cases": results, "rss_mib": _rss_mib()}


def _record_sent() -> list[tuple[int, int, int]]:
    """Patch AppTest's runner to note what each run sent; returns the list it appends to."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    noted: list[tuple[int, int, int]] = []
    original = LocalScriptRunner.run

    def run(self, *args, **kwargs):
        tree = original(self, *args, **kwargs)
        noted.append(_sent(self.forward_msgs()))
        return tree

    LocalScriptRunner.run = run
    return noted


def _rss_mib() -> float:
    """This process's resident memory in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    """Measure one database and print the JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--measure-id", type=int, required=True)
    parser.add_argument("--indicator-id", type=int, required=True)
    parser.add_argument("--today", required=True)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.url
    os.environ["MARSAD_TODAY"] = args.today
    sys.path.insert(0, str(ROOT))
    print(json.dumps(measure_cases(args.url, args.measure_id, args.indicator_id)))


if __name__ == "__main__":
    main()
