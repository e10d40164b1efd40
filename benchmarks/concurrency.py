"""N concurrent Streamlit sessions over the websocket: the app's overview, then a bare page.

Each server (server.py on the given database, then a one-chart page written to a temporary
folder) runs under `streamlit run` alone, so the two never share the 2 cores. Every session is
a thread with its own websocket speaking Streamlit's protocol as a browser tab does: a first run
(not counted), then reruns back to back for `seconds`, each timed until its script_finished.
Alone: .venv/bin/python benchmarks/concurrency.py DB_URL --sessions 20 --seconds 20
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

from benchmarks.edges_bench import free_port  # noqa: E402
from seed.history import DEMO_TODAY  # noqa: E402

BARE_PAGE = """import plotly.express as px
import streamlit as st

st.title("bare")
st.plotly_chart(px.bar(x=[1, 2, 3], y=[3, 1, 2]))
"""
FLAGS = ["--server.headless=true", "--browser.gatherUsageStats=false"]
FLAGS += ["--server.fileWatcherType=none", "--server.address=127.0.0.1"]
DONE = ForwardMsg.FINISHED_SUCCESSFULLY
RUN_TIMEOUT = 120


def serve(script: Path, env: dict, log) -> tuple[subprocess.Popen, int]:
    """`streamlit run script` on a free port of 127.0.0.1, once it answers its health check."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), f"--server.port={port}"]
    # This interpreter and fixed arguments, passed as a list; ROOT's .streamlit/config.toml
    # applies to both servers alike.
    process = subprocess.Popen(  # noqa: S603
        command + FLAGS, cwd=ROOT, env=os.environ | env, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process, port
        except OSError:
            time.sleep(0.3)
    stop(process)
    # Such as server.py refusing a database with migrations to apply: its one line says so.
    raise RuntimeError(f"{script.name} did not start: {Path(log.name).read_text()[-500:]}")


class Tab:
    """One browser tab: a websocket session that runs the page and remembers what a tab keeps."""

    def __init__(self, ws, port: int, query: str) -> None:
        self.ws, self.url = ws, f"http://127.0.0.1:{port}"
        self.query, self.page_hash, self.cached = query, "", set()

    def rerun(self) -> tuple[float, int]:
        """Ask for a run and read up to its successful end: (seconds, deltas received)."""
        back = BackMsg()
        state = back.rerun_script
        state.query_string, state.page_script_hash = self.query, self.page_hash
        # A tab sends the hashes of the large elements it holds; the server sends references.
        state.cached_message_hashes.extend(sorted(self.cached))
        state.context_info.timezone, state.context_info.locale = "UTC", "fr-FR"
        state.context_info.url = f"{self.url}/?{self.query}" if self.query else f"{self.url}/"
        started, deltas = time.perf_counter(), 0
        self.ws.send(back.SerializeToString())
        while True:
            msg = ForwardMsg.FromString(self.ws.recv(timeout=RUN_TIMEOUT))
            deltas += self._keep(msg)
            if msg.WhichOneof("type") == "script_finished" and self._finished(msg):
                return time.perf_counter() - started, deltas

    def _keep(self, msg: ForwardMsg) -> int:
        """Remember what a tab would from one message; 1 if it is a delta (or stands for one)."""
        kind = msg.WhichOneof("type")
        if kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind in ("new_session", "navigation"):
            # The page being shown; with st.navigation the navigation message, which comes later.
            self.page_hash = getattr(msg, kind).page_script_hash
        elif kind == "delta":
            if msg.metadata.cacheable:
                self.cached.add(msg.hash)
            if msg.delta.new_element.WhichOneof("type") == "exception":
                raise RuntimeError(f"the page raised: {msg.delta.new_element.exception.message}")
        # A reference to a cached element stands for the element: it counts as its delta.
        return kind in ("delta", "ref_hash")

    @staticmethod
    def _finished(msg: ForwardMsg) -> bool:
        """Whether a script_finished ends the run (an early end for a rerun does not)."""
        if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            raise RuntimeError("the page does not compile")
        return msg.script_finished == DONE


class Window:
    """The timed window all sessions share: it opens once every session has had its first run."""

    def __init__(self, sessions: int, seconds: float) -> None:
        self.ready = threading.Barrier(sessions, action=self._open)
        self.seconds, self.start, self.end = seconds, 0.0, 0.0
        self.runs: list[tuple[float, int, float]] = []
        self.errors: list[Exception] = []

    def _open(self) -> None:
        self.start = time.perf_counter()
        self.end = self.start + self.seconds


def session(port: int, query: str, window: Window) -> None:
    """One tab: a first run (not counted), then reruns to the window's end."""
    stream, origin = f"ws://127.0.0.1:{port}/_stcore/stream", f"http://127.0.0.1:{port}"
    try:
        with connect(stream, subprotocols=["streamlit"], origin=origin, max_size=None) as ws:
            tab = Tab(ws, port, query)
            tab.rerun()
            window.ready.wait()
            while time.perf_counter() < window.end:
                seconds, deltas = tab.rerun()
                window.runs.append((seconds, deltas, time.perf_counter()))
    except Exception as error:
        # The other sessions stop waiting at the barrier too; measure() raises the first error.
        window.errors.append(error)
        window.ready.abort()


def measure(port: int, query: str, sessions: int, seconds: float) -> dict:
    """Reruns per second over all sessions, latency percentiles and deltas per rerun."""
    # One tab alone first, as a server long up has done: twenty first runs importing Plotly's
    # optional pandas at once can catch it half imported (seen on the bare page).
    warm_up = Window(1, 0)
    session(port, query, warm_up)
    if warm_up.errors:
        raise warm_up.errors[0]
    window = Window(sessions, seconds)
    tabs = [threading.Thread(target=session, args=(port, query, window)) for _ in range(sessions)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    if window.errors:
        raise window.errors[0]
    latencies = [seconds * 1000 for seconds, _, _ in window.runs]
    deltas = [count for _, count, _ in window.runs]
    elapsed = max(end for _, _, end in window.runs) - window.start
    return {
        "reruns_per_s": len(window.runs) / elapsed,
        "p50_ms": statistics.median(latencies),
        "p95_ms": statistics.quantiles(latencies, n=20)[18],
        "sessions": sessions,
        "reruns": len(window.runs),
        "deltas": (min(deltas), max(deltas)),
    }


def stop(process: subprocess.Popen) -> None:
    """End a server this module started."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run(
    app_db_url: str, today: str, sessions: int = 20, seconds: float = 20.0, logs: Path | None = None
) -> dict[str, dict]:
    """{'app': {...}, 'bare': {...}} each with reruns_per_s, p50_ms, p95_ms, sessions."""
    folder = Path(tempfile.mkdtemp(prefix="marsad-concurrency-"))
    bare = folder / "bare.py"
    bare.write_text(BARE_PAGE)
    env = {"DATABASE_URL": app_db_url, "MARSAD_TODAY": today}
    results = {}
    try:
        for name, script, query in (("app", ROOT / "server.py", "lang=fr"), ("bare", bare, "")):
            with ((logs or folder) / f"{name}.log").open("w") as log:
                process, port = serve(script, env, log)
                try:
                    results[name] = measure(port, query, sessions, seconds)
                finally:
                    stop(process)
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db_url")
    parser.add_argument("--today", default=DEMO_TODAY.isoformat())
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    args = parser.parse_args()
    results = run(args.db_url, args.today, args.sessions, args.seconds, args.logs)
    print("| page | sessions | reruns | reruns/s | p50 ms | p95 ms | deltas per rerun |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, row in results.items():
        low, high = row["deltas"]
        print(
            f"| {name} | {row['sessions']} | {row['reruns']} | {row['reruns_per_s']:.1f} "
            f"| {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {low}-{high} |"
        )
    ratio = results["app"]["reruns_per_s"] / results["bare"]["reruns_per_s"]
    print(f"| app ÷ bare | | | {ratio:.2f} | | | |")


if __name__ == "__main__":
    main()
