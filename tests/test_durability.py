"""A save the app confirmed survives a power failure: every SQLite connection syncs FULL."""

from contextlib import ExitStack

from services.db import dispose_engines, engine_for, make_engine

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def synchronous(connection) -> int:
    return connection.exec_driver_sql("PRAGMA synchronous").scalar()


def check_new_connections(engine, count: int = 3) -> None:
    """Open `count` distinct driver connections at once; each must sync FULL."""
    with ExitStack() as stack:
        connections = [stack.enter_context(engine.connect()) for _ in range(count)]
        assert len({id(c.connection.driver_connection) for c in connections}) == count
        assert [synchronous(c) for c in connections] == [FULL] * count


def test_every_connection_of_make_engine_syncs_full(seeded_url):
    engine = make_engine(seeded_url)
    try:
        check_new_connections(engine)
        with engine.connect() as connection:
            old = connection.connection.driver_connection
            connection.invalidate()  # the next statement runs on a new driver connection
            assert synchronous(connection) == FULL
            assert connection.connection.driver_connection is not old
        engine.dispose()  # the pool recycles: every later connection is a new one
        check_new_connections(engine, count=5)
    finally:
        engine.dispose()


def test_every_connection_of_engine_for_syncs_full(seeded_url):
    try:
        check_new_connections(engine_for(seeded_url))
        dispose_engines()
        check_new_connections(engine_for(seeded_url), count=5)
    finally:
        dispose_engines()
