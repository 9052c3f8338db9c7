"""Prebuilt statements sent straight to the sqlite3 driver, in the session's own transaction.

On a committing scan SQLAlchemy's execution path (the ORM's flush, compile cache, parameter
processing, result objects) costs more than the statements themselves: about 0.1 ms each against
a 0.2–0.3 ms commit. The repositories' hot statements (the ledger's, a sort's counters, a
parcel's new place, a hub parcel event) go through :func:`raw_of` on SQLite and through
SQLAlchemy on PostgreSQL; the workflows' hot reads are :class:`PreparedRead` statements. A
driver error comes out as SQLAlchemy's ``DBAPIError``, as it would from the ORM.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, NamedTuple, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Dialect,
    Select,
    Table,
    bindparam,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.base import manager_of_class
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from wms.core.persistence.base import Base

R = TypeVar("R", bound=Base)


class RawSqlite:
    """The session's sqlite3 connection, for prebuilt statement texts."""

    def __init__(self, driver: sqlite3.Connection, dialect: Dialect) -> None:
        self.driver = driver
        self.dialect = dialect  # the engine's, for the columns' value processors

    def execute(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            return self.driver.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise DBAPIError.instance(sql, parameters, error, sqlite3.Error) from error


def held(session: Session, row_class: type[R], key: tuple[object, ...]) -> R | None:
    """The row of ``row_class`` with primary key ``key`` if ``session`` holds it (no read).

    The identity map's own key, built directly: ``identity_key()`` resolves the mapper on each
    call (about 10 µs, three times a sort). Row classes here map one table each, without
    inheritance, so the key's class is the row class itself."""
    return cast(R | None, session.identity_map.get((row_class, key, None)))


_RAW = "wms_raw_sqlite"  # session.info: (the transaction, its raw path)


def raw_of(session: Session) -> RawSqlite | None:
    """The raw path of ``session``'s current transaction on SQLite (``None`` on PostgreSQL).

    Kept in ``session.info`` for the transaction: a sort asks for it three or four times and
    ``session.connection()`` costs about 25 µs each time. A new transaction (after a commit or
    a rollback the session may hold another pooled connection) looks it up again."""
    transaction = session.get_transaction()
    if transaction is not None:
        held = session.info.get(_RAW)
        if held is not None and held[0] is transaction:
            return cast(RawSqlite | None, held[1])
    connection = session.connection()
    raw = None
    if connection.dialect.name == "sqlite":
        raw = RawSqlite(
            cast(sqlite3.Connection, connection.connection.driver_connection), connection.dialect
        )
    session.info[_RAW] = (session.get_transaction(), raw)
    return raw


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


class RowLoader(Generic[R]):
    """One mapped row read by its primary key straight from the driver on SQLite, handed to the
    session as a persistent object, as ``session.get`` would give it: the same instance when the
    session holds it already, pending changes flushed first (``autoflush``), the values typed by
    the columns' own result processors. ``session.get`` spends about 0.4 ms of SQLAlchemy's
    loading machinery on a row of 25 columns against 0.03 ms for the statement; a scan that
    reads one parcel pays that on every commit. On PostgreSQL it is ``session.get``."""

    def __init__(self, row_class: type[R]) -> None:
        table = cast(Table, row_class.__table__)
        mapper = inspect(row_class)
        self.row_class = row_class
        self.columns = tuple(column.name for column in table.columns)
        self.attributes = tuple(mapper.get_property_by_column(c).key for c in table.columns)
        self.key_columns = tuple(column.name for column in table.primary_key.columns)
        self.key_indexes = tuple(self.columns.index(name) for name in self.key_columns)
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
        if held(session, self.row_class, key) is not None:
            return session.get(self.row_class, identity)  # held (or expired): the ORM's rules
        raw = raw_of(session)
        if raw is None:
            return session.get(self.row_class, identity)
        if session.autoflush:
            session.flush()  # as session.get's own query would (nothing to do when clean)
        rows = raw.execute(self.sql, key)
        return self._loaded(session, raw, rows[0]) if rows else None

    def selecting(
        self, *criteria: ColumnElement[bool], order_by: Sequence[Any] = ()
    ) -> PreparedRead:
        """A prebuilt read of this row class's columns (for :meth:`rows`): ``criteria`` with
        named bind parameters, in ``order_by``'s order."""
        table = cast(Table, self.row_class.__table__)
        return PreparedRead(select(*table.columns).where(*criteria).order_by(*order_by))

    def rows(
        self, session: Session, read: PreparedRead, parameters: Mapping[str, object]
    ) -> list[R]:
        """The rows ``read`` (from :meth:`selecting`) selects, as persistent objects, as
        ``session.scalars`` gives them (a row the session holds already is that instance):
        without the ORM's loading machinery, about 0.1 ms a statement and 20 µs a row."""
        found: list[R] = []
        keys = self.key_indexes
        for values in read.rows(session, parameters):
            loaded = held(session, self.row_class, tuple(values[i] for i in keys))
            if loaded is None:
                loaded = manager_of_class(self.row_class).new_instance()
                loaded.__dict__.update(zip(self.attributes, values, strict=True))
                make_transient_to_detached(loaded)
                session.add(loaded)
            found.append(loaded)
        return found

    def _loaded(self, session: Session, raw: RawSqlite, values: Sequence[Any]) -> R:
        # built as the ORM's loader builds a row (no constructor: its 25 instrumented attribute
        # sets cost 0.1 ms), then marked as what the database holds
        row = manager_of_class(self.row_class).new_instance()
        row.__dict__.update(
            (name, process(value) if process is not None and value is not None else value)
            for name, process, value in zip(
                self.attributes, self.processors(raw.dialect), values, strict=True
            )
        )
        make_transient_to_detached(row)
        session.add(row)  # persistent, in the identity map: changes flush as UPDATEs
        return row


def _quoted(name: str) -> str:
    return f'"{name}"'


class _Compiled(NamedTuple):
    sql: str | None  # None: a statement SQLAlchemy completes at execution (an empty IN)
    names: tuple[str, ...]  # the parameters' names in the statement's order
    values: dict[str, object]  # the values the statement itself binds (a literal's)
    binds: tuple[Callable[[Any], Any] | None, ...]  # their bind processors, in that order
    results: tuple[Callable[[Any], Any] | None, ...] | None  # None: no column needs one


class _Prepared:
    """A Core statement with named bind parameters, compiled once per dialect and run, on
    SQLite, straight through the session's own sqlite3 connection (its current transaction:
    the unit of work's pending changes flushed first, as the session's autoflush does, so the
    statement sees them and runs after them). Gives the rows (of a ``SELECT`` or a
    ``RETURNING``) as tuples in the statement's column order, each value through the column's
    result processor when its type has one. On PostgreSQL it is ``session.execute``.

    A workflow's few statements per scan spend about 0.1–0.6 ms each in SQLAlchemy's
    statement building, compile cache lookup, execution context and result objects, against
    10–30 µs of SQLite; on a committing scan that is most of what it does before its commit."""

    def __init__(self, statement: Select[*tuple[Any, ...]] | UpdateBase) -> None:
        self.statement = statement
        self.returns_rows = bool(statement.exported_columns)  # a SELECT, or a RETURNING
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            sql = None if compiled.post_compile_params else compiled.string
            names = tuple(compiled.positiontup or ())
            values = {
                name: compiled.binds[name].effective_value
                for name in names
                if not compiled.binds[name].required
            }
            binds = tuple(
                compiled.binds[name].type._cached_bind_processor(dialect) for name in names
            )
            results = tuple(
                column.type._cached_result_processor(dialect, None)
                for column in self.statement.exported_columns
            )
            found = _Compiled(
                sql,
                names,
                values,
                binds,
                results if any(p is not None for p in results) else None,
            )
            self._compiled[dialect.name] = found
        return found

    def rows(self, session: Session, parameters: Mapping[str, object]) -> Sequence[Sequence[Any]]:
        raw = raw_of(session)
        compiled = None if raw is None else self._compile(raw.dialect)
        if raw is None or compiled is None or compiled.sql is None:
            result = session.execute(self.statement, dict(parameters))
            return result.all() if self.returns_rows else []
        if session.autoflush:
            session.flush()  # as session.execute would (nothing to do when clean)
        given = {**compiled.values, **parameters} if compiled.values else parameters
        values = tuple(
            given[name] if process is None else process(given[name])
            for name, process in zip(compiled.names, compiled.binds, strict=True)
        )
        rows = raw.execute(compiled.sql, values)
        results = compiled.results
        if results is None:
            return rows
        return [
            tuple(
                value if process is None or value is None else process(value)
                for process, value in zip(results, row, strict=True)
            )
            for row in rows
        ]

    def scalar(self, session: Session, parameters: Mapping[str, object]) -> Any:
        """The first column of the first row (``None`` without a row)."""
        rows = self.rows(session, parameters)
        return rows[0][0] if rows else None


class PreparedRead(_Prepared):
    """A read (a Core ``SELECT``), prepared as :class:`_Prepared` says."""

    def __init__(self, statement: Select[*tuple[Any, ...]]) -> None:
        super().__init__(statement)


class PreparedWrite(_Prepared):
    """A write (a Core ``INSERT``, ``UPDATE`` or ``DELETE`` of a table, with or without
    ``RETURNING``), prepared as :class:`_Prepared` says. It writes the table, not the rows the
    session has loaded: the caller sets what it wrote on those (:func:`committed`)."""

    def __init__(self, statement: UpdateBase) -> None:
        super().__init__(statement)


def committed(row: Base, values: Mapping[str, object]) -> None:
    """Set ``values`` on a loaded ``row`` as what the database now holds (after a
    :class:`PreparedWrite` wrote them): no change for the session to flush."""
    for name, value in values.items():
        set_committed_value(row, name, value)


_ROW_UPDATES: dict[tuple[str, tuple[str, ...]], PreparedWrite] = {}


def update_row(session: Session, row: Base, values: Mapping[str, object]) -> None:
    """Write ``values`` (attribute names of ``row``'s columns) to the loaded ``row`` with one
    prebuilt ``UPDATE`` by its primary key, and set them on it as committed: what the
    session's flush of those changes writes, without its unit-of-work machinery (0.3–0.5 ms
    for a row or two on a scan's commit)."""
    table = cast(Table, type(row).__table__)
    names = tuple(values)
    key = (table.name, names)
    statement = _ROW_UPDATES.get(key)
    if statement is None:
        mapper = inspect(type(row))
        columns = {name: mapper.columns[name] for name in names}
        statement = PreparedWrite(
            update(table)
            .where(*(column == bindparam(f"key_{column.key}") for column in table.primary_key))
            .values({column: bindparam(f"set_{name}") for name, column in columns.items()})
        )
        _ROW_UPDATES[key] = statement
    parameters: dict[str, object] = {f"set_{name}": value for name, value in values.items()}
    state = inspect(row)
    for column, value in zip(table.primary_key, state.identity or (), strict=True):
        parameters[f"key_{column.key}"] = value
    statement.rows(session, parameters)
    committed(row, values)
