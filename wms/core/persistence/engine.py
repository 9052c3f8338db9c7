"""Engine set-up for the station database (SQLite by default, PostgreSQL on a site LAN).

SQLite runs in WAL mode with ``synchronous=FULL`` (an acknowledged scan survives power loss),
foreign keys on and a busy timeout, so a second process (``wms sync``, the CLI) waits instead of
failing. A file database checkpoints its WAL on a background thread
(:mod:`wms.core.persistence.checkpoint`), never inside a scan's commit.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from wms.core.domain.errors import StorageError
from wms.core.persistence.checkpoint import WalCheckpointer
from wms.core.persistence.sqlite_reader import default_database_url, normalise_database_url

BUSY_TIMEOUT_MS = 10_000
READ_ONLY = "wms_read_only"  # execution option of a unit of work that only reads

_CHECKPOINTERS: weakref.WeakKeyDictionary[Engine, WalCheckpointer] = weakref.WeakKeyDictionary()


def checkpointer_of(engine: Engine) -> WalCheckpointer | None:
    """The WAL checkpointer of a SQLite file engine (``None`` in memory or on PostgreSQL)."""
    return _CHECKPOINTERS.get(engine)


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy manage transactions; pragmas must run outside of one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # checkpoints run on the engine's WalCheckpointer thread, not in a scan's commit
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
    finally:
        cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    # IMMEDIATE takes the write lock at BEGIN: two writers queue on busy_timeout instead of
    # failing later with "database is locked" on upgrade from a read lock. Sent straight to
    # the sqlite3 connection (it runs once per transaction, on every scan); a failure comes
    # out as SQLAlchemy's DBAPIError, as it would from exec_driver_sql.
    # the pysqlite driver's connection (always present while a transaction begins)
    # A reader (READ_ONLY execution option: a proposal, NEXT, an item check) begins a deferred
    # transaction: it takes no write lock, so it never queues behind another station's commit.
    driver = cast(sqlite3.Connection, connection.connection.driver_connection)
    begin = "BEGIN" if connection.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE"
    try:
        driver.execute(begin)
    except sqlite3.Error as error:
        raise DBAPIError.instance(begin, (), error, sqlite3.Error) from error


STATISTICS_UP_TO = 300_000  # rows of a table: past this, statistics once taken are kept

#: the tables whose growth makes the planner's statistics stale: the ledger, and the hub's
#: pre-alerted parcels, which a hub station gathers by the hundred thousand while its ledger
#: stays small
STATISTICS_TABLES = ("movements", "hub_parcels")


def _stale(connection: sqlite3.Connection, table: str, has_stats: bool) -> bool:
    """Has ``table`` more than doubled since the planner's last statistics of it (up to
    :data:`STATISTICS_UP_TO` rows)?"""
    (rows,) = connection.execute(f"SELECT max(rowid) FROM {table}").fetchone()
    known = 0
    if has_stats:
        # an index's first figure counts its entries: the table's rows for a full index,
        # fewer for a partial one (the lot and unit indexes, station migration 0013)
        stats = connection.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = ?", (table,))
        known = max((int(str(stat).split()[0]) for (stat,) in stats), default=0)
    rows = rows or 0
    return not (rows < 1000 or rows <= 2 * known or (known and rows > STATISTICS_UP_TO))


def refresh_statistics(connection: sqlite3.Connection) -> bool:
    """``ANALYZE`` when the ledger or the hub's parcels (:data:`STATISTICS_TABLES`) have more
    than doubled since the planner's last statistics of them, up to :data:`STATISTICS_UP_TO`
    rows (a fraction of a second; beyond that the table's shape is known and an ANALYZE
    would hold the write lock for seconds); True when it ran.

    A sampled ANALYZE (``analysis_limit``) is no shortcut: it counts a single warehouse as a
    thousand rows and sends the planner to the wrong index. The screens' queries are written to
    need no statistics where they can (:mod:`wms.core.services.queries`); the rest are plans
    SQLite gets right once it has them."""
    try:
        has_stats = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
        ).fetchone()
        if not any(_stale(connection, table, bool(has_stats)) for table in STATISTICS_TABLES):
            return False
        connection.execute("ANALYZE")
        return True
    except sqlite3.OperationalError:  # not a station database (no ledger), or busy: next time
        return False


_STATISTICS = "wms_statistics"  # connection record info: the checkpointer's count it loaded


def _reload_statistics(dbapi_connection: sqlite3.Connection) -> bool:
    """Make a connection load the planner's statistics again (``ANALYZE sqlite_schema``
    reloads them and analyses nothing). It needs the write lock for an instant, so it never
    waits: when another writer holds it, False, and the next checkout tries again."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            cursor.execute("ANALYZE sqlite_schema")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _following_statistics(
    checkpointer: WalCheckpointer,
) -> tuple[
    Callable[[sqlite3.Connection, ConnectionPoolEntry], None],
    Callable[[sqlite3.Connection, ConnectionPoolEntry, PoolProxiedConnection], None],
]:
    """A SQLite connection reads the planner's statistics once, when it first reads the
    schema, and an ``ANALYZE`` on another connection (the checkpointer's maintenance) changes
    no schema: a pooled connection would plan with the statistics of the day it opened (a
    station up since its ledger was small: a searched stock page 0.4 s instead of 9 ms at 100k
    movements). Each connection remembers the checkpointer's refresh count it loaded and,
    taken from the pool after a refresh, loads the new statistics first."""

    def on_connect(_dbapi: sqlite3.Connection, record: ConnectionPoolEntry) -> None:
        record.info[_STATISTICS] = checkpointer.statistics

    def on_checkout(
        dbapi: sqlite3.Connection, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        current = checkpointer.statistics
        if record.info.get(_STATISTICS, current) != current and _reload_statistics(dbapi):
            record.info[_STATISTICS] = current

    return on_connect, on_checkout


def _noticing(checkpointer: WalCheckpointer) -> Callable[[Connection], None]:
    def on_commit(_connection: Connection) -> None:
        checkpointer.notice_commit()

    return on_commit


def _pausing(checkpointer: WalCheckpointer) -> Callable[[Engine], None]:
    def on_dispose(_engine: Engine) -> None:
        checkpointer.pause()

    return on_dispose


def create_station_engine(url: str | None = None, *, must_exist: bool = False) -> Engine:
    """An engine for the station database at ``url`` (default: :func:`default_database_url`).

    ``must_exist`` refuses a SQLite file that is not there (every command but ``wms init`` and
    ``wms demo`` uses it, so a typo in ``--db`` does not silently create an empty database).
    """
    resolved = normalise_database_url(url) if url else default_database_url()
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            path = Path(database)
            if must_exist and not path.exists():
                raise StorageError(
                    f"database file '{path}' does not exist: expected a station database, "
                    "run 'wms init' (or 'wms demo --no-gui') first"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        if database and database != ":memory:":
            checkpointer = WalCheckpointer(
                Path(database), busy_ms=BUSY_TIMEOUT_MS, maintenance=refresh_statistics
            )
            _CHECKPOINTERS[engine] = checkpointer
            on_connect, on_checkout = _following_statistics(checkpointer)
            event.listen(engine, "connect", on_connect)
            event.listen(engine, "checkout", on_checkout)
            event.listen(engine, "commit", _noticing(checkpointer))
            event.listen(engine, "engine_disposed", _pausing(checkpointer))
        return engine
    return create_engine(resolved, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
_FIRES_TRIGGERS = ("INSERT INTO STOCK ", "UPDATE STOCK ", "DELETE FROM STOCK ")


@contextmanager
def traced_statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement the SQLite driver runs on ``engine``'s connections while the block runs,
    as SQLite expands it (parameters inline), transaction control left out.

    Traced by the driver itself (``set_trace_callback``), so the statements the ledger sends
    straight to sqlite3 are counted like the ORM's (a ``before_cursor_execute`` listener only
    sees SQLAlchemy's). For the statement-count tests and ``bench_scan_statements``."""
    sent: list[str] = []

    def trace(statement: str) -> None:
        head = statement.lstrip().upper()
        if head.startswith(_TRANSACTION_CONTROL):
            return
        # the driver reports each statement of a trigger (the stock totals') under the text of
        # the statement that fired it: a stock write is counted once
        if sent and statement == sent[-1] and head.startswith(_FIRES_TRIGGERS):
            return
        sent.append(statement)

    def on_checkout(dbapi_connection: sqlite3.Connection, *_: object) -> None:
        dbapi_connection.set_trace_callback(trace)

    def on_checkin(dbapi_connection: sqlite3.Connection, *_: object) -> None:
        dbapi_connection.set_trace_callback(None)

    event.listen(engine, "checkout", on_checkout)
    event.listen(engine, "checkin", on_checkin)
    try:
        yield sent
    finally:
        event.remove(engine, "checkout", on_checkout)
        event.remove(engine, "checkin", on_checkin)
