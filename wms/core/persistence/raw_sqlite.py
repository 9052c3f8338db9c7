"""Prebuilt statements sent straight to the sqlite3 driver, in the session's own transaction.

On a committing scan SQLAlchemy's execution path (the ORM's flush, compile cache, parameter
processing, result objects) costs more than the statements themselves: about 0.1 ms each against
a 0.2–0.3 ms commit. The repositories' hot statements (the ledger's, a sort's counters, a
parcel's new place, a hub parcel event) go through :func:`raw_of` on SQLite and through
SQLAlchemy on PostgreSQL. A driver error comes out as SQLAlchemy's ``DBAPIError``, as it would
from the ORM.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Dialect, Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from wms.core.persistence.base import Base

R = TypeVar("R", bound=Base)


class RawSqlite:
    """The session's sqlite3 connection, for prebuilt statement texts."""

    def __init__(self, driver: sqlite3.Connection) -> None:
        self.driver = driver

    def execute(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            return self.driver.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise DBAPIError.instance(sql, parameters, error, sqlite3.Error) from error


def raw_of(session: Session) -> RawSqlite | None:
    """The raw path of ``session``'s current transaction on SQLite (``None`` on PostgreSQL)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return None
    return RawSqlite(cast(sqlite3.Connection, connection.connection.driver_connection))


class RowLoader(Generic[R]):
    """One mapped row read by its primary key straight from the driver on SQLite, handed to the
    session as a persistent object, as ``session.get`` would give it: the same instance when the
    session holds it already, pending changes flushed first (``autoflush``), the values typed by
    the columns' own result processors. ``session.get`` spends about 0.4 ms of SQLAlchemy's
    loading machinery on a row of 25 columns against 0.03 ms for the statement; a scan that
    reads one parcel pays that on every commit. On PostgreSQL it is ``session.get``."""

    def __init__(self, row_class: type[R]) -> None:
        table = cast(Table, row_class.__table__)
        self.row_class = row_class
        self.columns = tuple(column.name for column in table.columns)
        self.key_columns = tuple(column.name for column in table.primary_key.columns)
        self.sql = (
            f"SELECT {', '.join(_quoted(name) for name in self.columns)} FROM {table.name} "
            f"WHERE {' AND '.join(f'{_quoted(name)} = ?' for name in self.key_columns)}"
        )
        self._processors: dict[str, tuple[Callable[[Any], Any] | None, ...]] = {}

    def processors(self, dialect: Dialect) -> tuple[Callable[[Any], Any] | None, ...]:
        found = self._processors.get(dialect.name)
        if found is None:
            table = cast(Table, self.row_class.__table__)
            found = tuple(
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in table.columns
            )
            self._processors[dialect.name] = found
        return found

    def get(self, session: Session, key: tuple[object, ...]) -> R | None:
        identity = key[0] if len(key) == 1 else key
        if session.identity_map.get(identity_key(self.row_class, identity)) is not None:
            return session.get(self.row_class, identity)  # held (or expired): the ORM's rules
        connection = session.connection()
        if connection.dialect.name != "sqlite":
            return session.get(self.row_class, identity)
        if session.autoflush:
            session.flush()  # as session.get's own query would (nothing to do when clean)
        raw = RawSqlite(cast(sqlite3.Connection, connection.connection.driver_connection))
        rows = raw.execute(self.sql, key)
        if not rows:
            return None
        values = {
            name: process(value) if process is not None and value is not None else value
            for name, process, value in zip(
                self.columns, self.processors(connection.dialect), rows[0], strict=True
            )
        }
        row = self.row_class(**values)
        make_transient_to_detached(row)  # its values are what the database holds
        session.add(row)  # persistent, in the identity map: changes flush as UPDATEs
        return row


def _quoted(name: str) -> str:
    return f'"{name}"'
