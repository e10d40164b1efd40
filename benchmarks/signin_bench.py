"""Sign-in answer times after a flood of refused posts, for an account and an unknown name.

Run alone (`python benchmarks/signin_bench.py`) or through bench.py, which calls `run`.
"""

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from models import SignInEvent  # noqa: E402
from models.base import utcnow  # noqa: E402
from models.people import SignInOutcome  # noqa: E402
from seed.accounts import create_demo_accounts  # noqa: E402
from seed.loader import load_demo  # noqa: E402
from services import passwords  # noqa: E402
from services.auth import SignInRefused, record_event, sign_in  # noqa: E402
from services.db import make_engine  # noqa: E402
from services.migrate import migrate  # noqa: E402

FLOOD_ADDRESSES = 10


def _median_ms(call, repeat: int) -> float:
    times = []
    for n in range(repeat):
        began = time.perf_counter()
        call(n)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def _no_sync(connection, _record) -> None:
    # Only for loading the flood quickly; the timed calls use the real engine, synced as in use.
    connection.execute("PRAGMA synchronous=OFF")


def _flood(url: str, posts: int) -> None:
    """`posts` forged sign-in forms, refused, each with a new name, from a few addresses."""
    engine = make_engine(url)
    event.listen(engine, "connect", _no_sync)
    start = utcnow() - timedelta(hours=1)
    try:
        for n in range(posts):
            record_event(
                engine,
                outcome=SignInOutcome.CSRF_REFUSED,
                username=f"guess{n}",
                ip=f"203.0.113.{n % FLOOD_ADDRESSES}",
                now=start + n * timedelta(hours=1) / posts,
            )
    finally:
        engine.dispose()


def _attempts(engine, username: str, password: str, network: str):
    """A timed call: one sign-in, each from its own address so none pauses the next."""

    def call(n: int) -> None:
        with contextlib.suppress(SignInRefused):
            sign_in(engine, username=username, password=password, ip=f"{network}.{n}")

    return call


def run(repeat: int = 7, flood: int = 10_000) -> list[tuple[str, float]]:
    """(what, median ms) of sign-in answers after `flood` refused posts, on a temporary SQLite."""
    folder = Path(tempfile.mkdtemp(prefix="marsad-signin-bench-"))
    url = f"sqlite:///{folder / 'signin.db'}"
    try:
        migrate(url)
        engine = make_engine(url)
        load_demo(engine)
        username, password = create_demo_accounts(engine)[0]
        passwords.dummy_hash()
        _flood(url, flood)
        with Session(engine) as session:
            logged = session.scalar(select(func.count()).select_from(SignInEvent))
        paused = _attempts(engine, username, "wrong-password", "198.51.100")
        for _ in range(5):
            paused(0)

        def refused_post(_n: int) -> None:
            record_event(engine, outcome=SignInOutcome.CSRF_REFUSED, ip="203.0.113.0")

        rows = [
            (f"refused form, one post more (the flood is {logged} log rows)", refused_post),
            ("account, wrong password", _attempts(engine, username, "x" * 12, "10.0.1")),
            ("unknown name", _attempts(engine, "nobody.here", "x" * 12, "10.0.2")),
            ("account, right password", _attempts(engine, username, password, "10.0.3")),
            ("paused pair (no password checked)", lambda _n: paused(0)),
        ]
        timed = [(name, _median_ms(call, repeat)) for name, call in rows]
        engine.dispose()
        return timed
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--flood", type=int, default=10_000, help="refused posts before timing")
    args = parser.parse_args()
    print(f"| sign-in answer after {args.flood:,} refused posts | median ms |")
    print("| --- | ---: |")
    for name, ms in run(args.repeat, args.flood):
        print(f"| {name} | {ms:.1f} |")


if __name__ == "__main__":
    main()
