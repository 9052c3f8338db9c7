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
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault


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


class _BulkInsert(NamedTuple):
    sql: str
    keys: tuple[str, ...]  # the rows' own keys, in the statement's order
    defaults: tuple[object, ...]  # then the scalar defaults of the columns the rows leave out
    processors: tuple[Callable[[Any], Any] | None, ...]


_BULK_INSERTS: dict[tuple[str, tuple[str, ...]], _BulkInsert | None] = {}


def _bulk_insert(table: Table, keys: tuple[str, ...], dialect: Dialect) -> _BulkInsert | None:
    """The statement text of ``table`` for rows of ``keys`` (``None`` when a column left out
    takes a default that SQLAlchemy computes per row: the caller's SQLAlchemy path then)."""
    cached = (table.name, keys)
    if cached in _BULK_INSERTS:
        return _BULK_INSERTS[cached]
    defaults: dict[str, object] = {}
    for column in table.columns:
        if column.name in keys:
            continue
        default = column.default
        if default is None:
            continue  # the database's own default (or NULL, or the next id), as SQLAlchemy does
        if not isinstance(default, ScalarElementColumnDefault):
            _BULK_INSERTS[cached] = None
            return None
        defaults[column.name] = default.arg
    names = (*keys, *defaults)
    processors = tuple(
        table.columns[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    into = dialect.identifier_preparer.quote(table.name)
    sql = f"INSERT INTO {into} ({quoted}) VALUES ({', '.join('?' * len(names))})"
    found = _BulkInsert(sql, keys, tuple(defaults.values()), processors)
    _BULK_INSERTS[cached] = found
    return found


def insert_many(session: Session, table: Table, rows: Sequence[Mapping[str, object]]) -> None:
    """Insert ``rows`` (each with the same keys) into ``table`` with one executemany. On SQLite
    straight to the driver: each value through the bind processor SQLAlchemy would use, the
    columns the rows leave out with their scalar defaults (what SQLAlchemy's executemany
    writes, without its parameter processing per row: a wave's ten thousand rows); elsewhere,
    SQLAlchemy's executemany."""
    if not rows:
        return
    connection = session.connection()
    statement = None
    if connection.dialect.name == "sqlite":
        statement = _bulk_insert(table, tuple(rows[0]), connection.dialect)
    if statement is None:
        connection.execute(insert(table), list(rows))
        return
    driver = cast(sqlite3.Connection, connection.connection.driver_connection)
    keys, defaults = statement.keys, statement.defaults
    processed = [(i, p) for i, p in enumerate(statement.processors) if p is not None]
    values: list[list[object]] = []
    for row in rows:
        value = [row[key] for key in keys]
        value.extend(defaults)
        for index, process in processed:
            value[index] = process(value[index])
        values.append(value)
    try:
        driver.executemany(statement.sql, values)
    except sqlite3.Error as error:
        raise DBAPIError.instance(statement.sql, values, error, sqlite3.Error) from error
