"""When the database misbehaves: one classification, bounded waits, nothing written, and pages
that say what happened in the reader's language instead of Streamlit's error."""

import socket
import sqlite3
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from psycopg import errors as pg_errors
from sqlalchemy import create_engine, event, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import OperationalError as SAOperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from streamlit.testing.v1 import AppTest

from i18n.catalog import translate
from models import AuthSession
from models.base import utcnow
from models.limits import NOTE_MAX
from services import settings
from services.db import (
    BUSY,
    FULL,
    LOCKED,
    READ_ONLY,
    SCHEMA_OLD,
    SCHEMA_UNKNOWN,
    UNAVAILABLE,
    bookkeeping_session,
    classify,
    data_revision,
    engine_for,
    make_engine,
    read_session,
    write_session,
)
from services.errors import DatabaseUnavailable, Problem, ValidationFailed
from services.filters import MeasureFilter
from services.measure_writes import MeasureChange, update_measure
from services.measures import list_measures
from tests import pg
from tests.helpers import EDITOR_09, TODAY, dump, measure_where, set_revision
from tests.pages_helpers import button, errors, no_exception, open_page, sign_in_as
from ui import context

# A note in Tifinagh (three bytes a letter in UTF-8) that no 4 kB page holds in one cell: its
# history row needs a new overflow page, which a database capped at its size cannot give.
LONG_NOTE = ("ⴰⵙⵓⵔⵉⴼ ⵏ ⵓⵙⵏⴼⵍⵓⵍ ⴷ ⵜⵖⵍⴰ " * 100)[:NOTE_MAX].strip()
assert len(LONG_NOTE.encode()) > 5000


@pytest.fixture
def pg_url(pg_admin_url, pg_seeded_template):
    """A private copy of the seeded PostgreSQL database."""
    name = pg.unique_name("marsad_failures")
    url = pg.create_database(pg_admin_url, name, template=pg_seeded_template)
    yield url
    pg.drop_database(pg_admin_url, name)


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


@contextmanager
def sqlite_write_lock(url: str):
    """Another connection holding SQLite's write lock in an open transaction."""
    holder = sqlite3.connect(sqlite_path(url), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@contextmanager
def postgres_row_lock(url: str, measure_id: int):
    """Another connection holding one measure's row lock in an open transaction."""
    holder = create_engine(url)
    try:
        with holder.connect() as connection:
            connection.execute(
                text("SELECT id FROM measure WHERE id = :id FOR UPDATE"), {"id": measure_id}
            )
            yield
    finally:
        holder.dispose()


def on_connect(engine, *pragmas: str) -> None:
    """Run SQLite pragmas on every new connection of `engine` (the conditions under test)."""

    def run(dbapi_connection, _record):
        for pragma in pragmas:
            dbapi_connection.execute(pragma)

    event.listen(engine, "connect", run)


def cap_at_current_size(dbapi_connection, _record) -> None:
    """No page beyond those the file has: any growth is a full database."""
    pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
    dbapi_connection.execute(f"PRAGMA max_page_count={pages}")


def change_progress(engine, code: str = "SM-02", **fields):
    measure = measure_where(engine, code=code)
    change = MeasureChange(
        status="in_progress", progress=measure.progress + 1, note_lang="fr", **fields
    )
    return update_measure(
        engine,
        actor=EDITOR_09,
        measure_id=measure.id,
        expected_version=measure.version,
        change=change,
        today=TODAY,
    )


def refused_write(engine, expected: str, **fields) -> DatabaseUnavailable:
    """Attempt a measure update that must be refused with `expected`; nothing may change."""
    before = dump(engine)
    with pytest.raises(DatabaseUnavailable) as caught:
        change_progress(engine, **fields)
    assert caught.value.code == expected
    assert [(p.field, p.code) for p in caught.value.problems] == [(None, expected)]
    assert dump(engine) == before
    return caught.value


# --- Classification of real failures ---------------------------------------------------------


def test_sqlite_locked_beyond_the_busy_timeout(seeded_url, monkeypatch):
    monkeypatch.setenv("MARSAD_SQLITE_BUSY_TIMEOUT_MS", "100")
    engine = make_engine(seeded_url)
    try:
        with sqlite_write_lock(seeded_url):
            started = time.monotonic()
            failure = refused_write(engine, LOCKED)
            assert 0.09 < time.monotonic() - started < 5
        assert isinstance(failure.__cause__, DBAPIError)
        assert classify(failure.__cause__) == LOCKED
        change_progress(engine)  # the lock released, the same write goes through
    finally:
        engine.dispose()


def test_sqlite_read_only(seeded_url):
    engine = make_engine(seeded_url)
    on_connect(engine, "PRAGMA query_only=ON")
    try:
        failure = refused_write(engine, READ_ONLY)
        assert classify(failure.__cause__) == READ_ONLY
    finally:
        engine.dispose()


def test_sqlite_full(seeded_url):
    with sqlite3.connect(sqlite_path(seeded_url)) as connection:
        connection.execute("VACUUM")  # no free page left to reuse
    engine = make_engine(seeded_url)
    event.listen(engine, "connect", cap_at_current_size)
    try:
        failure = refused_write(engine, FULL, note=LONG_NOTE)
        assert classify(failure.__cause__) == FULL
    finally:
        engine.dispose()


def test_postgres_full_is_classified():
    # A full disk cannot be made on a shared test server; this is the driver's own error class.
    error = SAOperationalError("INSERT", {}, pg_errors.DiskFull("could not extend file"))
    assert classify(error) == FULL


def test_a_missing_column_is_an_unknown_schema(db_url):
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE measure RENAME COLUMN progress TO progress_v9"))
        with pytest.raises(DatabaseUnavailable) as caught, read_session(engine) as session:
            list_measures(session, MeasureFilter(), TODAY)
        assert caught.value.code == SCHEMA_UNKNOWN
        assert classify(caught.value.__cause__) == SCHEMA_UNKNOWN
    finally:
        engine.dispose()


def assert_unavailable(url: str) -> None:
    """Reading the data revision of this database says it is unavailable, in those words."""
    engine = make_engine(url)
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            data_revision(engine)
        assert caught.value.code == UNAVAILABLE
    finally:
        engine.dispose()


def test_sqlite_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database file at all" * 200)
    assert_unavailable(f"sqlite:///{path}")


def test_postgres_unreachable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket closes
    assert_unavailable(f"postgresql+psycopg://nobody@127.0.0.1:{port}/marsad")


def test_postgres_read_only_server(pg_url):
    # The URL's own options are kept beside the timeouts: here, a read-only server.
    engine = make_engine(f"{pg_url}?options=-c%20default_transaction_read_only%3Don")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW default_transaction_read_only")).scalar() == "on"
            assert connection.execute(text("SHOW lock_timeout")).scalar() == "5s"
        failure = refused_write(engine, READ_ONLY)
        assert isinstance(failure.__cause__.orig, pg_errors.ReadOnlySqlTransaction)
    finally:
        engine.dispose()


def test_a_full_pool_is_busy(seeded_url):
    engine = create_engine(seeded_url, pool_size=1, max_overflow=0, pool_timeout=0.05)
    try:
        with engine.connect(), pytest.raises(PoolTimeout) as caught:
            engine.connect()
        assert classify(caught.value) == BUSY
    finally:
        engine.dispose()


# --- Bounded waits on PostgreSQL -------------------------------------------------------------


def test_postgres_connections_carry_the_timeouts(pg_url, monkeypatch):
    engine = make_engine(pg_url)
    monkeypatch.setenv("MARSAD_PG_LOCK_TIMEOUT_MS", "250")
    monkeypatch.setenv("MARSAD_PG_STATEMENT_TIMEOUT_MS", "1500")
    tuned = make_engine(pg_url)
    try:
        for each, expected in ((engine, ("5s", "30s")), (tuned, ("250ms", "1500ms"))):
            with each.connect() as connection:
                shown = [
                    connection.execute(text(f"SHOW {name}")).scalar()
                    for name in ("lock_timeout", "statement_timeout")
                ]
            assert tuple(shown) == expected
    finally:
        engine.dispose()
        tuned.dispose()


def test_a_write_behind_a_row_lock_gives_up_after_the_lock_timeout(pg_url, monkeypatch):
    monkeypatch.setenv("MARSAD_PG_LOCK_TIMEOUT_MS", "200")
    engine = make_engine(pg_url)
    try:
        measure = measure_where(engine, code="SM-02")
        with postgres_row_lock(pg_url, measure.id):
            started = time.monotonic()
            failure = refused_write(engine, BUSY)
            assert 0.19 < time.monotonic() - started < 5
        assert isinstance(failure.__cause__.orig, pg_errors.LockNotAvailable)
        change_progress(engine)  # the lock released, the same write goes through
    finally:
        engine.dispose()


def test_a_long_statement_stops_at_the_statement_timeout(pg_url, monkeypatch):
    monkeypatch.setenv("MARSAD_PG_STATEMENT_TIMEOUT_MS", "200")
    engine = make_engine(pg_url)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable) as caught, read_session(engine) as session:
            session.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - started < 4
        assert caught.value.code == BUSY
        assert isinstance(caught.value.__cause__.orig, pg_errors.QueryCanceled)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 5000), ("750", 750), ("0", 5000), ("-3", 5000), ("soon", 5000)]
)
def test_timeout_settings_fall_back_to_their_defaults(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("MARSAD_PG_LOCK_TIMEOUT_MS", raising=False)
    else:
        monkeypatch.setenv("MARSAD_PG_LOCK_TIMEOUT_MS", value)
    assert settings.pg_lock_timeout_ms() == expected


# --- Scopes: refusals pass through, schemas are checked ---------------------------------------


@pytest.mark.parametrize("scope", [write_session, bookkeeping_session, read_session])
def test_service_refusals_pass_through_unchanged(db_engine, scope):
    before = dump(db_engine)
    refusal = ValidationFailed(Problem("progress", "error.out_of_range"))
    with pytest.raises(ValidationFailed) as caught, scope(db_engine) as session:
        session.execute(update(AuthSession).values(last_seen_at=utcnow()))
        raise refusal
    assert caught.value is refusal
    assert dump(db_engine) == before


@pytest.mark.parametrize(("revision", "expected"), [("0003", SCHEMA_OLD), ("9999", SCHEMA_UNKNOWN)])
def test_nothing_is_written_into_a_schema_this_code_does_not_expect(db_url, revision, expected):
    set_revision(db_url, revision)
    engine = make_engine(db_url)
    try:
        refused_write(engine, expected)
        with pytest.raises(DatabaseUnavailable) as caught:
            data_revision(engine)
        assert caught.value.code == expected
        before = dump(engine)
        with pytest.raises(DatabaseUnavailable), bookkeeping_session(engine) as session:
            session.execute(update(AuthSession).values(last_seen_at=utcnow()))
        assert dump(engine) == before
    finally:
        engine.dispose()


# --- Pages ---------------------------------------------------------------------------------


@pytest.fixture
def editor(app_env, seeded_url, monkeypatch):
    """Souss-Massa's editor, signed in; the pages' engine is not opened yet."""
    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])


def typed_progress(code: str = "SM-02", **typed) -> tuple[AppTest, str, int]:
    """A measure's page with one more point of progress (and any text) typed, not yet saved."""
    measure = measure_where(engine_for(settings.database_url()), code=code)
    at = open_page("measure", id=str(measure.id))
    no_exception(at)
    progress_key = f"measure.{measure.id}.progress"
    at.number_input(key=progress_key).set_value(measure.progress + 1)
    for name, value in typed.items():
        at.text_area(key=f"measure.{measure.id}.{name}").input(value)
    return at, progress_key, measure.progress + 1


def save(at: AppTest) -> None:
    button(at, translate("fr", "measure.form.submit")).click().run()
    no_exception(at)


@pytest.mark.usefixtures("editor")
def test_a_save_on_a_locked_database_says_so_and_keeps_the_input(seeded_url, monkeypatch):
    monkeypatch.setenv("MARSAD_SQLITE_BUSY_TIMEOUT_MS", "100")
    before = dump(engine_for(seeded_url))
    at, progress_key, typed = typed_progress()
    with sqlite_write_lock(seeded_url):
        save(at)
    assert translate("fr", LOCKED) in errors(at)
    assert not at.success
    assert at.number_input(key=progress_key).value == typed
    assert dump(engine_for(seeded_url)) == before


@pytest.mark.usefixtures("editor")
def test_a_save_on_a_read_only_database_says_so(seeded_url):
    on_connect(engine_for(seeded_url), "PRAGMA query_only=ON")
    before = dump(engine_for(seeded_url))
    at, _, _ = typed_progress()
    save(at)
    assert translate("fr", READ_ONLY) in errors(at)
    assert dump(engine_for(seeded_url)) == before


@pytest.mark.usefixtures("editor")
def test_a_save_on_a_full_database_says_so(seeded_url):
    with sqlite3.connect(sqlite_path(seeded_url)) as connection:
        connection.execute("VACUUM")
        assert connection.execute("PRAGMA freelist_count").fetchone() == (0,)
    event.listen(engine_for(seeded_url), "connect", cap_at_current_size)
    before = dump(engine_for(seeded_url))
    at, _, _ = typed_progress(note=LONG_NOTE)
    save(at)
    assert translate("fr", FULL) in errors(at)
    assert dump(engine_for(seeded_url)) == before


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize(
    ("revision", "lang", "expected"),
    [("0003", "fr", SCHEMA_OLD), ("0003", "ar", SCHEMA_OLD), ("9999", "en", SCHEMA_UNKNOWN)],
)
def test_a_page_on_a_schema_this_code_does_not_expect_says_so(seeded_url, revision, lang, expected):
    set_revision(seeded_url, revision)
    at = open_page("overview", lang=lang)
    no_exception(at)
    assert errors(at) == [translate(lang, expected)]
    assert not at.title  # the page itself did not run


@pytest.mark.usefixtures("app_env")
def test_a_signed_in_page_run_on_a_locked_database_says_so(seeded_url, monkeypatch):
    sign_in_as(monkeypatch, seeded_url, "editor.souss", "editor", ["09"])
    engine = make_engine(seeded_url)
    with engine.begin() as connection:  # a minute later, the run refreshes the session
        connection.execute(update(AuthSession).values(last_seen_at=utcnow() - timedelta(minutes=2)))
    engine.dispose()
    monkeypatch.setenv("MARSAD_SQLITE_BUSY_TIMEOUT_MS", "100")
    with sqlite_write_lock(seeded_url):
        at = open_page("overview", lang="ar")
    no_exception(at)
    assert errors(at) == [translate("ar", LOCKED)]


# --- ui.failures on its own -------------------------------------------------------------------


def _escaping_error_script():
    import streamlit as st
    from sqlalchemy.exc import OperationalError

    from ui import failures

    with failures.shown():
        st.write("before")
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))


def test_an_escaping_sqlalchemy_error_becomes_the_message_in_the_frame_language():
    at = AppTest.from_function(_escaping_error_script)
    at.session_state[context.LANG_KEY] = "ar"
    at.run()
    no_exception(at)
    assert errors(at) == [translate("ar", UNAVAILABLE)]
    assert [m.value for m in at.markdown] == ["before"]


def _control_flow_script():
    import streamlit as st

    from ui import failures

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    with failures.shown():
        if st.session_state["runs"] == 1:
            st.rerun()
        st.write(f"run {st.session_state['runs']}")
        st.stop()
    st.write("never")


def test_rerun_and_stop_are_not_caught():
    at = AppTest.from_function(_control_flow_script).run()
    no_exception(at)
    assert at.session_state["runs"] == 2
    assert [m.value for m in at.markdown] == ["run 2"]
    assert not at.error
