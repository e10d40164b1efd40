"""The sign-in throttle on both backends: pairs, pauses, the ceiling, concurrency, equal work."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select
from sqlmodel import Session

import manage
from models import AuthSession, ChangeLog, SignInEvent, User
from models.base import utcnow
from models.limits import SIGN_IN_PAUSE_MAX
from models.people import SignInThrottle
from services import passwords, throttle
from services.auth import SignInRefused, record_event, sign_in
from services.db import make_engine
from services.errors import NotAllowed, NotFound
from services.throttle import lift_throttle, pause_length
from tests.helpers import ADMIN, EDITOR_09
from tests.test_concurrency import run_together

PASSWORD = "Tighanimine-orchard-7391"
WRONG = "Tighanimine-orchard-7390"
T0 = datetime(2026, 11, 15, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
OWNER, ATTACKER = "10.0.0.7", "10.6.6.6"
LOCKED, BAD = "error.account_locked", "error.bad_credentials"


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One argon2 hash of PASSWORD for every test (hashing is deliberately slow)."""
    return passwords.hash_password(PASSWORD)


@pytest.fixture
def db(empty_db_url, password_hash):
    """A migrated database on each backend with one account, amina."""
    engine = make_engine(empty_db_url)
    with Session(engine) as session, session.begin():
        session.add(
            User(username="amina", display_name="Amina", password_hash=password_hash, role="viewer")
        )
    yield engine
    engine.dispose()


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """Every password hash verified from now on, in order (the real check still runs)."""
    seen: list[str] = []
    real = passwords.verify_password
    lock = threading.Lock()

    def counting(password_hash: str, password: str) -> bool:
        with lock:
            seen.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    return seen


def attempt(engine, username="amina", password=WRONG, at=T0, ip=OWNER) -> str:
    """Sign in and return "ok", or the refusal's message id."""
    try:
        sign_in(engine, username=username, password=password, ip=ip, now=at)
    except SignInRefused as refused:
        return refused.code
    return "ok"


def fail(engine, times: int, *, at=T0, **where) -> datetime:
    """`times` wrong passwords a minute apart from `at`; return the moment of the last."""
    for n in range(times):
        assert attempt(engine, at=at + n * MINUTE, **where) == BAD
    return at + (times - 1) * MINUTE


def pair_row(engine, username="amina", address=OWNER) -> SignInThrottle | None:
    with Session(engine) as session:
        return session.get(SignInThrottle, (username, address))


def sessions(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(AuthSession))


def test_five_failures_pause_the_pair_and_no_password_is_checked_while_paused(db, checked):
    fifth = fail(db, 5)
    assert pair_row(db).paused_until == fifth + timedelta(minutes=15)
    assert len(checked) == 5
    assert attempt(db, password=PASSWORD, at=fifth + MINUTE) == LOCKED
    assert attempt(db, password=PASSWORD, at=fifth + timedelta(minutes=14, seconds=59)) == LOCKED
    assert len(checked) == 5
    assert attempt(db, password=PASSWORD, at=fifth + timedelta(minutes=15)) == "ok"
    assert pair_row(db) is None  # a success resets the pair


def test_failures_spread_beyond_the_window_do_not_pause(db):
    for minutes in (0, 1, 2, 3, 15):
        assert attempt(db, at=T0 + minutes * MINUTE) == BAD
    assert attempt(db, password=PASSWORD, at=T0 + 16 * MINUTE) == "ok"


def test_pauses_double_up_to_a_cap_and_start_over_after_a_quiet_day_or_a_success(db):
    at = T0
    for minutes in (15, 30, 60):
        last = fail(db, 5, at=at)
        at = pair_row(db).paused_until
        assert at == last + timedelta(minutes=minutes)
    assert [pause_length(n) for n in (1, 2, 3, 7, 8, 40)] == [
        *(timedelta(minutes=m) for m in (15, 30, 60, 960)),
        SIGN_IN_PAUSE_MAX,
        SIGN_IN_PAUSE_MAX,
    ]
    at += timedelta(hours=24)
    last = fail(db, 5, at=at)
    assert pair_row(db).paused_until == last + timedelta(minutes=15)
    last = fail(db, 5, at=pair_row(db).paused_until)
    assert pair_row(db).paused_until == last + timedelta(minutes=30)
    assert attempt(db, password=PASSWORD, at=pair_row(db).paused_until) == "ok"
    last = fail(db, 5, at=last + timedelta(hours=1))
    assert pair_row(db).paused_until == last + timedelta(minutes=15)


@pytest.mark.parametrize("name", ["amina", "ghost"])
def test_spellings_of_a_name_count_as_one_pair(db, name):
    spellings = [name.title(), f"\t{name}", f"{name}\u00a0", name.upper()]
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in name.upper())
    for n, typed in enumerate([*spellings, full_width]):
        assert attempt(db, username=typed, at=T0 + n * MINUTE) == BAD
    assert attempt(db, username=f" {name} ", password=PASSWORD, at=T0 + 5 * MINUTE) == LOCKED
    with Session(db) as session:
        pairs = session.execute(select(SignInThrottle.username, SignInThrottle.address)).all()
        logged = session.execute(
            select(SignInEvent.username, SignInEvent.attempts).order_by(SignInEvent.id)
        ).all()
    assert sorted(pairs) == [(name, "*"), (name, OWNER)]
    assert logged == [(name, 5), (name, 1)]


def test_an_attacker_at_one_address_cannot_keep_the_owner_out(db, checked):
    fail(db, 5, ip=ATTACKER)
    for n in range(20):
        at = T0 + 5 * MINUTE + n * timedelta(seconds=30)
        assert attempt(db, password=PASSWORD, at=at, ip=ATTACKER) == LOCKED
    assert len(checked) == 5
    assert attempt(db, password=PASSWORD, at=T0 + 6 * MINUTE, ip=OWNER) == "ok"
    assert attempt(db, password=PASSWORD, at=T0 + 7 * MINUTE, ip=ATTACKER) == LOCKED


def test_an_ipv6_client_counts_as_its_64_which_it_can_change_at_will(db):
    for n in range(5):
        assert attempt(db, at=T0 + n * MINUTE, ip=f"2001:db8:1:2::{n + 1:x}") == BAD
    assert attempt(db, password=PASSWORD, at=T0 + 5 * MINUTE, ip="2001:db8:1:2:ff::1") == LOCKED
    assert attempt(db, password=PASSWORD, at=T0 + 5 * MINUTE, ip="2001:db8:1:3::1") == "ok"


def test_the_account_wide_ceiling_slows_every_address_and_pauses_no_one(db, monkeypatch):
    monkeypatch.setattr("services.throttle.SIGN_IN_CEILING", 8)
    for n in range(4):
        fail(db, 2, ip=f"10.9.9.{n}")
    # Past the ceiling each pair may try once a minute: the attacker's next try waits...
    assert attempt(db, at=T0 + MINUTE + timedelta(seconds=30), ip="10.9.9.0") == LOCKED
    assert attempt(db, at=T0 + 2 * MINUTE, ip="10.9.9.0") == BAD
    # ...and the owner, at an address not over its own limit, signs in at the first try, or a
    # minute after a typo.
    assert attempt(db, at=T0 + 3 * MINUTE) == BAD
    assert attempt(db, password=PASSWORD, at=T0 + 3 * MINUTE + timedelta(seconds=10)) == LOCKED
    assert attempt(db, password=PASSWORD, at=T0 + 4 * MINUTE) == "ok"
    assert attempt(db, password=PASSWORD, at=T0 + 4 * MINUTE, ip="10.0.0.8") == "ok"
    # An hour after the window opened, nothing is slowed any more.
    hour = T0 + timedelta(hours=1, minutes=1)
    assert attempt(db, at=hour, ip="10.9.9.1") == BAD
    assert attempt(db, at=hour + timedelta(seconds=1), ip="10.9.9.1") == BAD


def concurrent_attempts(engine, count: int, right: int | None) -> list[object]:
    """`count` attempts at once from one address, the `right`-th with the right password."""

    def work(index: int, barrier: threading.Barrier) -> str:
        barrier.wait()
        return attempt(engine, password=PASSWORD if index == right else WRONG, at=T0 + 5 * MINUTE)

    return run_together(count, work)


def test_concurrent_attempts_are_counted_one_by_one(db, checked):
    results = concurrent_attempts(db, 25, right=None)
    assert sorted(results) == sorted([BAD] * 5 + [LOCKED] * 20)
    assert len(checked) == 5


def test_concurrent_attempts_at_the_last_allowed_one_check_one_password(db, checked, monkeypatch):
    fail(db, 4)
    checked.clear()
    # A success resets the pair, so an attempt arriving after it would rightly be counted anew:
    # on a loaded machine a thread can start that late. Each password check waits until all
    # 25 attempts have been counted, so every one of them meets the same row.
    counted, lock, everyone_counted = [0], threading.Lock(), threading.Event()
    real_reserve, real_verify = throttle.reserve, passwords.verify_password

    def reserve(*args, **kwargs):
        found = real_reserve(*args, **kwargs)
        with lock:
            counted[0] += 1
            if counted[0] == 25:
                everyone_counted.set()
        return found

    def verify(password_hash: str, password: str) -> bool:
        assert everyone_counted.wait(30)
        return real_verify(password_hash, password)

    monkeypatch.setattr(throttle, "reserve", reserve)
    monkeypatch.setattr(passwords, "verify_password", verify)
    results = concurrent_attempts(db, 25, right=12)
    let_through = [r for r in results if r != LOCKED]
    assert len(let_through) == 1 and len(checked) == 1
    # Only the attempt that took the last allowance was checked: a session exists only if that
    # was the right password, and otherwise the pair is paused.
    if results[12] == "ok":
        assert sessions(db) == 1 and pair_row(db) is None
    else:
        assert sessions(db) == 0 and pair_row(db).paused_until > T0


def test_concurrent_attempts_at_a_paused_pair_open_nothing(db, checked):
    fail(db, 5)
    checked.clear()
    results = concurrent_attempts(db, 25, right=0)
    assert results == [LOCKED] * 25
    assert checked == [] and sessions(db) == 0


def statements_of(engine, call) -> list[str]:
    """The SQL statements a call sends, in order."""
    sent: list[str] = []

    def listen(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return sent


def test_a_real_and_an_unknown_name_cost_the_same_work(db, checked):
    passwords.dummy_hash()  # made once per process, before any measuring
    real = statements_of(db, lambda: attempt(db, username="amina"))
    real_checks = len(checked)
    unknown = statements_of(db, lambda: attempt(db, username="nobody"))
    assert real == unknown and len(real) >= 5
    assert real_checks == 1 and len(checked) == 2
    # Paused: no password checked for either, and again the same statements.
    fail(db, 4, at=T0 + MINUTE)
    fail(db, 4, at=T0 + MINUTE, username="nobody")
    real = statements_of(db, lambda: attempt(db, at=T0 + 10 * MINUTE))
    unknown = statements_of(db, lambda: attempt(db, username="nobody", at=T0 + 10 * MINUTE))
    assert real == unknown and len(checked) == 10
    assert not any("signinevent" in s.lower() and s.lstrip().startswith("SELECT") for s in real)


def test_a_flood_of_forged_forms_adds_one_row_per_address_and_window(db):
    # The log's rows are tested, not durability: commits need not wait for the disk.
    event.listen(db, "connect", _no_sync_commit)
    db.dispose()
    posts, addresses = 2_000, ("10.1.1.1", "10.1.1.2")

    def flood(index: int, barrier: threading.Barrier) -> None:
        barrier.wait()
        # Each address posts half the flood over twenty minutes: two ten-minute windows.
        for n in range(posts // 2):
            at = T0 + n * timedelta(minutes=20) / (posts // 2)
            record_event(db, outcome="csrf_refused", username=f"x{n}", ip=addresses[index], now=at)

    assert run_together(2, flood) == [None, None]
    with Session(db) as session:
        rows = session.execute(
            select(SignInEvent.ip, SignInEvent.at, SignInEvent.attempts).order_by(
                SignInEvent.at, SignInEvent.ip
            )
        ).all()
    assert [(ip, at - T0, attempts) for ip, at, attempts in rows] == [
        (addresses[0], timedelta(0), 500),
        (addresses[1], timedelta(0), 500),
        (addresses[0], timedelta(minutes=10), 500),
        (addresses[1], timedelta(minutes=10), 500),
    ]


def _no_sync_commit(connection, _record) -> None:
    cursor = connection.cursor()
    if type(connection).__module__.startswith("sqlite3"):
        cursor.execute("PRAGMA synchronous=OFF")
    else:
        cursor.execute("SET synchronous_commit = off")
    cursor.close()


def test_an_admin_lifts_a_throttle_from_every_address_and_it_is_logged(db):
    for ip in (OWNER, ATTACKER):
        fail(db, 5, ip=ip)
    at = T0 + 5 * MINUTE
    with pytest.raises(NotAllowed):
        lift_throttle(db, actor=EDITOR_09, username="amina")
    with pytest.raises(NotFound):
        lift_throttle(db, actor=ADMIN, username="nobody")
    assert attempt(db, password=PASSWORD, at=at) == LOCKED
    assert lift_throttle(db, actor=ADMIN, username=" AMINA ", now=at) == 2
    assert attempt(db, password=PASSWORD, at=at, ip=ATTACKER) == "ok"
    with Session(db) as session:
        logged = session.execute(select(ChangeLog.actor, ChangeLog.action)).all()
    assert logged == [("admin", "throttle_lifted")]


def test_manage_lift_throttle_frees_the_account(db, monkeypatch, capsys):
    now = utcnow()
    fail(db, 5, at=now - 5 * MINUTE)
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    assert manage.main(["lift-throttle", "Amina"]) == 0
    assert (
        capsys.readouterr().out
        == "Sign-in throttle of Amina lifted (1 paused address(es) freed).\n"
    )
    assert attempt(db, password=PASSWORD, at=now) == "ok"
    assert manage.main(["lift-throttle", "nobody"]) == 1
    assert "no account named 'nobody'" in capsys.readouterr().err
