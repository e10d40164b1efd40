"""Server memory under anonymous uploads and oversized websocket messages (web/edges.py).

Starts server.py under `streamlit run` on a temporary seeded SQLite database, reads its resident
memory (VmRSS) once warm, after 20 upload attempts of 10 MB and after 5 websocket messages of
3 MB, all from an anonymous client. Alone: .venv/bin/python benchmarks/edges_bench.py
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from websockets.exceptions import ConnectionClosed  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

from seed.history import DEMO_TODAY  # noqa: E402
from seed.loader import load_demo  # noqa: E402
from services.db import make_engine  # noqa: E402
from services.migrate import migrate  # noqa: E402

UPLOADS, UPLOAD_BYTES = 20, 10_000_000
MESSAGES, MESSAGE_BYTES = 5, 3_000_000
CHUNK = 1 << 16


def resident_mib(pid: int) -> float:
    """The process's resident memory in MiB (VmRSS of /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(db_url: str, log) -> tuple[subprocess.Popen, str]:
    """server.py on a free port of 127.0.0.1, once it answers its health check."""
    port = free_port()
    env = os.environ | {"DATABASE_URL": db_url, "MARSAD_TODAY": DEMO_TODAY.isoformat()}
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.headless=true"]
    command += [f"--server.port={port}", "--server.address=127.0.0.1"]
    command += ["--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]
    # This interpreter and fixed arguments, passed as a list.
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):  # noqa: S310
                return process, base
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("the server did not start")


def upload(port: int) -> str:
    """PUT 10 MB to Streamlit's upload endpoint, as far as the server lets it; its status."""
    head = (
        "PUT /_stcore/upload_file/any-session/any-file HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\nContent-Length: {UPLOAD_BYTES}\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head.encode())
        sent, answer = 0, b""
        sock.setblocking(False)
        while sent < UPLOAD_BYTES and not answer:
            try:
                sent += sock.send(b"x" * min(CHUNK, UPLOAD_BYTES - sent))
            except BlockingIOError:
                time.sleep(0.001)
            except OSError:
                break
            try:
                answer = sock.recv(CHUNK)
            except BlockingIOError:
                pass
            except OSError:
                break
    return answer.split(b"\r\n", 1)[0].decode("latin-1")[9:12] or "closed"


def oversized_message(base: str) -> str:
    """Send one 3 MB message on a new websocket; how the server answered."""
    stream = base.replace("http://", "ws://") + "/_stcore/stream"
    with connect(stream, subprotocols=["streamlit"], origin=base, max_size=None) as ws:
        try:
            ws.send(b"\0" * MESSAGE_BYTES)
            ws.recv(timeout=30)
        except ConnectionClosed as closed:
            return f"closed {closed.rcvd.code if closed.rcvd else '-'}"
    return "accepted"


def run() -> list[tuple[str, float, str]]:
    """Rows of (step, server VmRSS MiB, what the server answered)."""
    folder = Path(tempfile.mkdtemp(prefix="marsad-edges-"))
    try:
        db_url = f"sqlite:///{folder / 'marsad.db'}"
        migrate(db_url)
        engine = make_engine(db_url)
        load_demo(engine)
        engine.dispose()
        with (folder / "server.log").open("w") as log:
            process, base = start(db_url, log)
            port = int(base.rsplit(":", 1)[1])
            try:
                warm = f"{upload(port)}, {oversized_message(base)}"
                rows = [("warm (one attempt of each)", resident_mib(process.pid), warm)]
                answers = {upload(port) for _ in range(UPLOADS)}
                step = f"after {UPLOADS} uploads of {UPLOAD_BYTES // 1_000_000} MB"
                rows.append((step, resident_mib(process.pid), ", ".join(sorted(answers))))
                answers = {oversized_message(base) for _ in range(MESSAGES)}
                step = f"after {MESSAGES} websocket messages of {MESSAGE_BYTES // 1_000_000} MB"
                rows.append((step, resident_mib(process.pid), ", ".join(sorted(answers))))
            finally:
                process.terminate()
                process.wait(timeout=10)
        return rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    """Print the table."""
    print("| anonymous client | server VmRSS MiB | answers |")
    print("| --- | ---: | --- |")
    for step, mib, answers in run():
        print(f"| {step} | {mib:.1f} | {answers} |")


if __name__ == "__main__":
    main()
