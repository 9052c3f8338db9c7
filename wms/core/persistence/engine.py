"""Engine set-up for the station database (SQLite by default, PostgreSQL on a site LAN).

SQLite runs in WAL mode with ``synchronous=FULL`` (an acknowledged scan survives power loss),
foreign keys on and a busy timeout, so a second process (``wms sync``, the CLI) waits instead of
failing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import StorageError
from wms.core.persistence.sqlite_reader import default_database_url, normalise_database_url

BUSY_TIMEOUT_MS = 10_000


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy manage transactions; pragmas must run outside of one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    # IMMEDIATE takes the write lock at BEGIN: two writers queue on busy_timeout instead of
    # failing later with "database is locked" on upgrade from a read lock. Sent straight to
    # the sqlite3 connection (it runs once per transaction, on every scan); a failure comes
    # out as SQLAlchemy's DBAPIError, as it would from exec_driver_sql.
    # the pysqlite driver's connection (always present while a transaction begins)
    driver = cast(sqlite3.Connection, connection.connection.driver_connection)
    try:
        driver.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise DBAPIError.instance("BEGIN IMMEDIATE", (), error, sqlite3.Error) from error


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
        return engine
    return create_engine(resolved, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)
