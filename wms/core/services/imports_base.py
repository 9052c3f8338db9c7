"""What every import kind shares: the result, progress reporting and bulk database access."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from operator import attrgetter
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Table,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from wms.core.domain.errors import ConfigError, NotFound, StorageError
from wms.core.domain.text import msg
from wms.core.persistence.tables import WarehouseRow
from wms.core.services.imports_csv import ProgressCallback, chunks

WRITE_BATCH = 5_000
"""Rows per executemany call (all in one transaction; the batch only paces progress reports)."""

LOOKUP_BATCH = 500
"""Keys per ``IN (...)`` lookup, well below every database's bound-parameter limit."""

_NOUNS = {
    "products": ("product", "products"),
    "owners": ("owner", "owners"),
    "locations": ("location", "locations"),
    "asn": ("ASN", "ASNs"),
    "orders": ("order", "orders"),
    "sortplan": ("sort plan", "sort plans"),
}


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class ImportResult:
    """What an import did. ``rows`` data rows; ``created``/``updated`` master-data records
    (products, locations) or ``documents`` (ASNs, orders, sort plans) with their ``rows`` lines;
    ``replaced`` the sort rules a sort-plan import replaced."""

    kind: str
    source: str
    rows: int
    created: int = 0
    updated: int = 0
    documents: int = 0
    replaced: int = 0

    def summary(self) -> str:
        one, many = _NOUNS.get(self.kind, (self.kind, self.kind))
        if self.kind in ("products", "locations", "owners"):
            return (
                f"imported {plural(self.created + self.updated, one, many)} "
                f"({self.created} new, {self.updated} updated)"
            )
        if self.kind == "sortplan":
            return (
                f"imported {plural(self.documents, one, many)} "
                f"({plural(self.rows, 'rule', 'rules')}, replacing {self.replaced})"
            )
        return (
            f"imported {plural(self.documents, one, many)} ({plural(self.rows, 'line', 'lines')})"
        )


class Progress:
    """Progress of one import in steps: one per row validated, one per row written.

    ``callback(done, total)`` is called at most every ``every`` steps and once at the end.
    """

    def __init__(self, callback: ProgressCallback | None, rows: int, every: int = 2_000) -> None:
        self.callback = callback
        self.total = max(2 * rows, 1)
        self.done = 0
        self.every = every
        self._last = 0

    def advance(self, steps: int = 1) -> None:
        self.done = min(self.done + steps, self.total)
        if self.callback is not None and self.done - self._last >= self.every:
            self._last = self.done
            self.callback(self.done, self.total)

    def finish(self) -> None:
        self.done = self.total
        if self.callback is not None:
            self.callback(self.total, self.total)


def bulk_insert(
    session: Session, table: Table, rows: Sequence[Mapping[str, object]], progress: Progress
) -> None:
    """Insert ``rows`` with executemany, in batches, inside the caller's transaction."""
    for batch in chunks(rows, WRITE_BATCH):
        session.execute(insert(table), list(batch))
        progress.advance(len(batch))


class Converter:
    """A column's value as the database driver takes it (a Decimal as the SQLite dialect
    stores it, a time as its text), each distinct value converted once: rows for
    :func:`insert_tuples` are built with it."""

    __slots__ = ("done", "process")

    def __init__(self, session: Session, column: ColumnElement[Any]) -> None:
        dialect = session.get_bind().dialect
        self.process = column.type.dialect_impl(dialect).bind_processor(dialect)
        self.done: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        if self.process is None or value is None:
            return value
        found = self.done.get(value)
        if found is None:
            found = self.done[value] = self.process(value)
        return found


def tuple_builder(
    session: Session, table: Table, fields: Sequence[str], enums: Sequence[str] = ()
) -> Callable[[object], tuple[Any, ...]]:
    """``build(record)``: the attributes ``fields`` of ``record`` as a tuple of driver values
    for :func:`insert_tuples` (each column's :class:`Converter`, an enum of ``enums`` as its
    value), made with one ``attrgetter``, only the columns that need converting touched."""
    getter = attrgetter(*fields)
    steps: list[tuple[int, Mapping[Any, Any]]] = []
    for n, name in enumerate(fields):
        convert = Converter(session, table.c[name])
        if name in enums:
            steps.append((n, _DriverValues(_enum_value)))
        elif convert.process is not None:
            steps.append((n, _DriverValues(convert)))
    if len(fields) == 1:
        return lambda record: (steps[0][1][getter(record)] if steps else getter(record),)
    if not steps:
        return getter

    def build(record: object) -> tuple[Any, ...]:
        values = list(getter(record))
        for n, driver_values in steps:
            values[n] = driver_values[values[n]]
        return tuple(values)

    return build


def _enum_value(value: Enum | None) -> Any:
    return None if value is None else value.value


class _DriverValues(dict[Any, Any]):
    """``values[v]``: ``convert(v)``, worked out once per distinct value (a dictionary lookup
    is cheaper than a call per cell)."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, value: Any) -> Any:
        found = self[value] = self.convert(value)
        return found


def execute_many(
    session: Session,
    sql: str,
    rows: Sequence[tuple[Any, ...]],
    progress: Progress | None = None,
) -> None:
    """Run ``sql``, written with ``?`` for each value, once per tuple of ``rows`` with the
    driver's executemany, in batches, inside the caller's transaction: no statement compiled or
    row dictionary built per row (the bulk loaders' way past the ORM's cost). The ``?`` become
    ``%s`` for psycopg; a driver of another parameter style is refused with one sentence."""
    if not rows:
        return
    connection = session.connection()
    sql = _in_paramstyle(connection, sql)
    for batch in chunks(rows, WRITE_BATCH * 4):
        connection.exec_driver_sql(sql, list(batch))
        if progress is not None:
            progress.advance(len(batch))


def _in_paramstyle(connection: Connection, sql: str) -> str:
    """``sql`` written with ``?`` for each value, in the parameter style of the connection's
    driver (``%s`` for psycopg); a driver of another style is refused with one sentence."""
    paramstyle = connection.dialect.paramstyle
    if paramstyle in ("format", "pyformat"):
        return sql.replace("?", "%s")
    if paramstyle != "qmark":  # pragma: no cover - SQLite and psycopg are the drivers
        raise StorageError(
            msg(
                "bulk loading needs SQLite or PostgreSQL through psycopg: the database driver "
                "takes parameters in the {paramstyle} style",
                paramstyle=paramstyle,
            )
        )
    return sql


def stored_tuples(
    session: Session, table: Table, columns: Sequence[str], key: str, wanted: AbstractSet[str]
) -> list[tuple[Any, ...]]:
    """The rows of ``table`` whose ``key`` column is one of ``wanted``, as tuples of
    ``columns`` exactly as the database driver returns them (no result processing: a Decimal
    column is the float or integer SQLite stored), so they compare with ``==`` to the tuples of
    driver values :func:`tuple_builder` makes: equal tuples store the same row.

    Same reading plan as :func:`lookup`: keys in ``IN (...)`` batches, or the whole table once
    when the keys are many next to its rows."""
    if not wanted:
        return []
    connection = session.connection()
    preparer = connection.dialect.identifier_preparer
    names = ", ".join(preparer.quote(table.c[name].name) for name in columns)
    source = preparer.format_table(table)
    key_name = preparer.quote(table.c[key].name)
    key_at = list(columns).index(key)
    if len(wanted) > LOOKUP_BATCH:
        total = connection.exec_driver_sql(f"SELECT count(*) FROM {source}").scalar() or 0
        if total <= 4 * len(wanted):
            rows = _driver_fetch(connection, f"SELECT {names} FROM {source}", ())
            return [row for row in rows if row[key_at] in wanted]
    found: list[tuple[Any, ...]] = []
    for batch in chunks(sorted(wanted), LOOKUP_BATCH):
        marks = ", ".join("?" * len(batch))
        sql = f"SELECT {names} FROM {source} WHERE {key_name} IN ({marks})"
        found.extend(_driver_fetch(connection, _in_paramstyle(connection, sql), tuple(batch)))
    return found


def _driver_fetch(
    connection: Connection, sql: str, parameters: tuple[Any, ...]
) -> list[tuple[Any, ...]]:
    """Every row of ``sql`` as the driver's own tuples (executed through SQLAlchemy, so a
    driver error is its ``DBAPIError``): a result's rows cost twice the fetch."""
    result = connection.exec_driver_sql(sql, parameters)
    try:
        return cast(list[tuple[Any, ...]], result.cursor.fetchall())
    finally:
        result.close()


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused for a bulk import, on again afterwards (if it was).

    Reading and checking a big file makes millions of small objects (cells, rows, records) and
    no reference cycles: each of the collector's many passes over that growing heap would find
    nothing, yet they took about half of a 100,000-row import. Memory is still freed by
    reference counting meanwhile; the pause is process-wide, for the seconds of the import."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


BULK_CACHE_KIB = 65_536
"""SQLite page cache of a bulk load (the default is 2 MiB): the pages a big import dirties
stay in memory until its commit instead of spilling into the WAL and being read back."""


@contextmanager
def bulk_cache(session: Session) -> Iterator[None]:
    """A bigger SQLite page cache on the session's connection for a bulk load (commit inside
    the block), the old size put back on the same driver connection afterwards, before it is
    used again; nothing on other databases."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    (before,) = driver.execute("PRAGMA cache_size").fetchone()
    driver.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size = {int(before)}")


def insert_tuples(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    progress: Progress | None = None,
) -> None:
    """Insert ``rows``, tuples of driver values (see :class:`Converter`) in ``columns`` order,
    with :func:`execute_many`; columns not named get NULL (give every column with a default)."""
    preparer = session.get_bind().dialect.identifier_preparer
    names = ", ".join(preparer.quote(table.c[name].name) for name in columns)
    marks = ", ".join("?" * len(columns))
    execute_many(
        session,
        f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES ({marks})",
        rows,
        progress,
    )


def bulk_update(
    session: Session,
    table: Table,
    key: str,
    rows: Sequence[Mapping[str, object]],
    progress: Progress,
) -> None:
    """Update ``rows`` by their ``key`` column with executemany (every row has the same keys)."""
    if not rows:
        return
    columns = [name for name in rows[0] if name != key]
    if not columns:
        progress.advance(len(rows))
        return
    statement = (
        update(table)
        .where(table.c[key] == bindparam(f"key_{key}"))
        .values({name: bindparam(name) for name in columns})
    )
    for batch in chunks(rows, WRITE_BATCH):
        session.execute(statement, [{**row, f"key_{key}": row[key]} for row in batch])
        progress.advance(len(batch))


def lookup(
    session: Session,
    columns: Sequence[InstrumentedAttribute[Any]],
    key: InstrumentedAttribute[Any],
    values: Iterable[str | None],
    *where: ColumnElement[bool],
) -> list[Row[Any]]:
    """Rows of ``columns`` (the first being ``key``) whose ``key`` is one of ``values``.

    Few keys are looked up in ``IN (...)`` batches; when the keys are many next to the table's
    rows (a big import into a small table), the table is read once instead.
    """
    assert columns[0] is key, "the key must be the first column"
    wanted = {v for v in values if v}
    if not wanted:
        return []
    if len(wanted) > LOOKUP_BATCH:
        total = session.scalar(select(func.count()).select_from(key.class_).where(*where)) or 0
        if total <= 4 * len(wanted):
            rows = session.execute(select(*columns).where(*where))
            return [row for row in rows if row[0] in wanted]
    found: list[Row[Any]] = []
    for batch in chunks(sorted(wanted), LOOKUP_BATCH):
        found.extend(session.execute(select(*columns).where(key.in_(batch), *where)).all())
    return found


def resolve_warehouse(session: Session, warehouse: str | None) -> str:
    """``warehouse`` if it exists, else the database's only warehouse."""
    if warehouse:
        if session.get(WarehouseRow, warehouse) is None:
            known = ", ".join(
                session.scalars(select(WarehouseRow.code).order_by(WarehouseRow.code))
            )
            raise NotFound("warehouse", warehouse, f"this database has: {known or 'none'}")
        return warehouse
    codes = list(session.scalars(select(WarehouseRow.code).order_by(WarehouseRow.code)))
    if len(codes) == 1:
        return codes[0]
    raise ConfigError(
        "which warehouse? expected --warehouse, [station] warehouse in wms.toml or a database "
        f"with one warehouse, found warehouses: {', '.join(codes) or 'none'}"
    )
