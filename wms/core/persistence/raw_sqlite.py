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
from typing import Any, cast

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


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
