"""The ledger repository: movements and the stock projection, always written together, and the
mapping between ``Movement`` and its row."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from wms.core.domain.model import (
    Movement,
    MovementKind,
    StockKey,
    StockStatus,
)
from wms.core.domain.owners import HUB_OWNER
from wms.core.persistence.raw_sqlite import PreparedRead, raw_of
from wms.core.persistence.sqlite_reader import StockFilter as StockFilter
from wms.core.persistence.sqlite_reader import StockLine as StockLine
from wms.core.persistence.tables import (
    LotRow,
    MovementRow,
    ProductRow,
    StationRow,
    StockGroupRow,
    StockLocationTotalRow,
    StockProductLocationRow,
    StockProductTotalRow,
    StockRow,
    non_empty,
)

ALL_STOCK = StockFilter()


class UnitStock(NamedTuple):
    """One stock row a handling unit holds (a parcel's contents)."""

    location: str
    sku: str
    lot: str
    status: str
    quantity: int


_STOCK_KEY_COLUMNS = ("warehouse", "location", "sku", "lot", "handling_unit", "status")


_BUMP_STATION_SEQ = (
    update(StationRow)
    .where(StationRow.code == bindparam("station"))
    .values(last_seq=StationRow.last_seq + 1)
    .returning(StationRow.last_seq)
)
_BUMP_STATION_SEQ_BY = (
    update(StationRow)
    .where(StationRow.code == bindparam("station"))
    .values(last_seq=StationRow.last_seq + bindparam("count"))
    .returning(StationRow.last_seq)
)
#: the product's owner, looked up inside the statement that writes a movement or a stock row
#: (no extra round trip on the hot path); ``HUB`` for a product this database does not know
_PRODUCT_OWNER = func.coalesce(
    select(ProductRow.owner).where(ProductRow.sku == bindparam("product_sku")).scalar_subquery(),
    HUB_OWNER,
)
#: a movement's owner: the one it carries (a movement pulled or restored keeps the owner its
#: product had where it was posted), else its product's
_MOVEMENT_OWNER = func.coalesce(func.nullif(bindparam("given_owner"), ""), _PRODUCT_OWNER)
_INSERT_MOVEMENT = (
    insert(MovementRow)
    .values(owner=_MOVEMENT_OWNER)
    .returning(MovementRow.owner, sort_by_parameter_order=True)
)
_DELETE_STOCK_ROW = delete(StockRow).where(StockRow.id == bindparam("id"))
_ON_HAND = select(StockRow.quantity).where(
    *(getattr(StockRow, column) == bindparam(column) for column in _STOCK_KEY_COLUMNS)
)
_ON_HAND_READ = PreparedRead(_ON_HAND)
_STOCK_UPSERTS: dict[str, object] = {}


def _stock_upsert(dialect: str):  # type: ignore[no-untyped-def]
    """``INSERT … ON CONFLICT DO UPDATE quantity = quantity + delta RETURNING id, quantity``,
    built once per dialect (SQLite and PostgreSQL share the syntax)."""
    statement = _STOCK_UPSERTS.get(dialect)
    if statement is None:
        dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        base = dialect_insert(StockRow).values(owner=_PRODUCT_OWNER)
        statement = base.on_conflict_do_update(
            index_elements=list(_STOCK_KEY_COLUMNS),
            set_={"quantity": StockRow.quantity + base.excluded.quantity},
        ).returning(StockRow.id, StockRow.quantity)
        _STOCK_UPSERTS[dialect] = statement
    return statement


class _SqliteLedger:
    """The ledger's three hot statements sent straight to the sqlite3 driver, in the session's
    own transaction.

    On a scan they are the only CPU work beside the fsync of the commit, and SQLAlchemy's
    execution path (compile cache, parameter processing, result objects) cost more than the
    statements themselves: about 0.1 ms each against a 0.2 ms commit. The text is written once;
    values go through the same bind processors SQLAlchemy would use (dates and times are stored
    exactly as the ORM stores them, which ``tests/integration/test_ledger_raw_path.py`` holds);
    a driver error comes out as SQLAlchemy's ``DBAPIError``, as it would from the ORM.
    """

    # ``owner`` is not a parameter: the statement reads it from the product (``?N`` names the
    # statement's own SKU parameter again)
    _movement_columns = tuple(
        column.name for column in MovementRow.__table__.columns if column.name != "owner"
    )
    bump = "UPDATE stations SET last_seq = last_seq + 1 WHERE code = ? RETURNING last_seq"
    insert_movement = (
        f"INSERT INTO movements ({', '.join(_movement_columns)}, owner) "
        f"VALUES ({', '.join('?' * len(_movement_columns))}, coalesce(nullif(?, ''), "
        f"(SELECT owner FROM products WHERE sku = ?{_movement_columns.index('sku') + 1}), "
        f"'{HUB_OWNER}')) RETURNING owner"
    )
    upsert_stock = (
        f"INSERT INTO stock ({', '.join(_STOCK_KEY_COLUMNS)}, quantity, owner) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, "
        f"coalesce((SELECT owner FROM products WHERE sku = ?3), '{HUB_OWNER}')) "
        f"ON CONFLICT ({', '.join(_STOCK_KEY_COLUMNS)}) "
        "DO UPDATE SET quantity = quantity + excluded.quantity RETURNING id, quantity"
    )
    delete_stock = "DELETE FROM stock WHERE id = ?"
    #: many movements with one executemany (the driver cannot return rows from it): their
    #: owners are read back by station sequence (``owners_of``)
    insert_movements = insert_movement.removesuffix(" RETURNING owner")
    owners_of = (
        "SELECT station_seq, owner FROM movements WHERE station = ? AND station_seq BETWEEN ? AND ?"
    )
    # ``+warehouse``: through ix_stock_handling_unit (a parcel's one or two rows; partial, so
    # the query names its condition); left to itself SQLite takes ix_stock_sku for the
    # warehouse and the order and reads every stock row of the warehouse (0.8 ms at 600 rows,
    # growing with the stock)
    unit_stock = (
        "SELECT location, sku, lot, status, quantity FROM stock WHERE +warehouse = ? "
        "AND handling_unit = ? AND handling_unit <> '' AND quantity > 0 ORDER BY sku, lot"
    )

    def __init__(self, driver: sqlite3.Connection, dialect: Dialect) -> None:
        self.driver = driver
        self.processors = _movement_processors(dialect)
        #: the columns whose values go through a bind processor (dates, times), by position
        self._processed = [(i, p) for i, p in enumerate(self.processors) if p is not None]
        #: a movement's fields in the columns' order (a column is the field of its name)
        self._fields = attrgetter(*self._movement_columns)
        self._enums = [
            self._movement_columns.index(c) for c in ("kind", "from_status", "to_status")
        ]

    def execute(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            return self.driver.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise DBAPIError.instance(sql, parameters, error, sqlite3.Error) from error

    def executemany(self, sql: str, parameters: list[tuple[object, ...]]) -> None:
        try:
            self.driver.executemany(sql, parameters)
        except sqlite3.Error as error:
            raise DBAPIError.instance(sql, parameters, error, sqlite3.Error) from error

    def append_many(self, movements: Sequence[Movement]) -> list[str]:
        """Insert ``movements`` with one executemany; the owner each row was written with."""
        self.executemany(self.insert_movements, [self.movement_parameters(m) for m in movements])
        seqs: dict[str, list[int]] = {}
        for movement in movements:
            seqs.setdefault(movement.station, []).append(movement.station_seq)
        owners: dict[tuple[str, int], str] = {}
        for station, numbers in seqs.items():
            for seq, owner in self.execute(self.owners_of, (station, min(numbers), max(numbers))):
                owners[(station, seq)] = str(owner)
        return [owners[(m.station, m.station_seq)] for m in movements]

    def movement_parameters(self, movement: Movement) -> tuple[object, ...]:
        """:func:`movement_values` in the statement's order, processed for the driver."""
        row = list(self._fields(movement))
        for index in self._enums:  # their values, as movement_values gives them
            row[index] = _ENUM_VALUES[row[index]]
        for index, process in self._processed:
            row[index] = process(row[index])
        row.append(movement.owner)
        return tuple(row)


_PROCESSORS: dict[str, tuple[Callable[[Any], Any] | None, ...]] = {}
#: the value of each movement kind and stock status (``.value`` is slow on Python 3.11)
_ENUM_VALUES: dict[object, str] = {
    member: member.value for kind in (MovementKind, StockStatus) for member in kind
}


def _movement_processors(dialect: Dialect) -> tuple[Callable[[Any], Any] | None, ...]:
    processors = _PROCESSORS.get(dialect.name)
    if processors is None:
        processors = tuple(
            column.type.dialect_impl(dialect).bind_processor(dialect)
            for column in MovementRow.__table__.columns
            if column.name != "owner"
        )
        _PROCESSORS[dialect.name] = processors
    return processors


class LedgerRepository:
    """The movement ledger and its stock projection, always written together."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._raw: _SqliteLedger | None = None

    def _sqlite(self) -> _SqliteLedger | None:
        """The raw path on SQLite (``None`` on PostgreSQL: the SQLAlchemy statements below)."""
        if self._raw is None:
            raw = raw_of(self.session)  # the transaction's, as the workflows' reads use it
            if raw is None:
                return None
            self._raw = _SqliteLedger(raw.driver, raw.dialect)
        return self._raw

    def next_station_seq(self, station: str, warehouse: str) -> int:
        """Bump and return the station's gapless sequence inside the current transaction."""
        raw = self._sqlite()
        if raw is not None:
            rows = raw.execute(raw.bump, (station,))
            seq: int | None = rows[0][0] if rows else None
        else:
            connection = self.session.connection()
            seq = connection.execute(_BUMP_STATION_SEQ, {"station": station}).scalar_one_or_none()
        if seq is None:
            self.session.add(StationRow(code=station, warehouse=warehouse, last_seq=1))
            self.session.flush()
            return 1
        return seq

    def next_station_seqs(self, station: str, warehouse: str, count: int) -> int:
        """Take ``count`` consecutive numbers of the station's sequence; returns the first."""
        connection = self.session.connection()
        last = connection.execute(
            _BUMP_STATION_SEQ_BY, {"station": station, "count": count}
        ).scalar_one_or_none()
        if last is None:
            self.session.add(StationRow(code=station, warehouse=warehouse, last_seq=count))
            self.session.flush()
            return 1
        return int(last) - count + 1

    def append_many(self, movements: Sequence[Movement]) -> list[str]:
        """Insert ledger rows in one statement and apply their deltas summed per stock key;
        returns the owner each row was written with (in order)."""
        if not movements:
            return []
        raw = self._sqlite()
        if raw is not None:
            owners = raw.append_many(movements)
        else:
            owners = list(
                self.session.connection()
                .execute(
                    _INSERT_MOVEMENT, [_movement_insert_values(movement) for movement in movements]
                )
                .scalars()
            )
        totals: dict[StockKey, int] = {}
        for movement in movements:
            for key, delta in movement.stock_deltas():
                totals[key] = totals.get(key, 0) + delta
        for key, delta in totals.items():
            if delta:
                self.apply_delta(key, delta)
        return owners

    def append(self, movement: Movement) -> str:
        """Insert one ledger row and apply its deltas to the stock projection; returns the
        owner the row was written with (the movement's own, else its product's)."""
        raw = self._sqlite()
        if raw is not None:
            ((owner,),) = raw.execute(raw.insert_movement, raw.movement_parameters(movement))
        else:
            connection = self.session.connection()
            owner = connection.execute(
                _INSERT_MOVEMENT, _movement_insert_values(movement)
            ).scalar_one()
        for key, delta in movement.stock_deltas():
            self.apply_delta(key, delta)
        return str(owner)

    def apply_delta(self, key: StockKey, delta: int) -> None:
        """Add ``delta`` to one stock row (created on first use, removed when it reaches 0)."""
        raw = self._sqlite()
        if raw is not None:
            values = (key.warehouse, key.location, key.sku, key.lot, key.handling_unit)
            ((row_id, quantity),) = raw.execute(
                raw.upsert_stock, (*values, key.status.value, delta)
            )
            if quantity == 0:
                raw.execute(raw.delete_stock, (row_id,))
            return
        connection = self.session.connection()
        upsert = _stock_upsert(connection.dialect.name)
        bound = {**_stock_key_values(key), "quantity": delta, "product_sku": key.sku}
        row = connection.execute(upsert, bound).one()
        if row.quantity == 0:
            connection.execute(_DELETE_STOCK_ROW, {"id": row.id})

    def unit_stock(self, warehouse: str, handling_unit: str) -> list[UnitStock]:
        """The stock rows ``handling_unit`` holds (positive quantities), by SKU and lot."""
        raw = self._sqlite()
        if raw is not None:
            return [
                UnitStock(*row) for row in raw.execute(raw.unit_stock, (warehouse, handling_unit))
            ]
        rows = self.session.execute(
            select(
                StockRow.location, StockRow.sku, StockRow.lot, StockRow.status, StockRow.quantity
            )
            .where(
                StockRow.warehouse == warehouse,
                StockRow.handling_unit == handling_unit,
                non_empty(StockRow.handling_unit),
                StockRow.quantity > 0,
            )
            .order_by(StockRow.sku, StockRow.lot)
        )
        return [UnitStock(*row) for row in rows]

    def on_hand(self, key: StockKey) -> int:
        self.session.flush()
        return int(_ON_HAND_READ.scalar(self.session, _stock_key_values(key)) or 0)

    def stock(self, where: StockFilter = ALL_STOCK, limit: int | None = None) -> list[StockLine]:
        statement = (
            select(StockRow, LotRow.expiry)
            .outerjoin(LotRow, and_(LotRow.sku == StockRow.sku, LotRow.code == StockRow.lot))
            .order_by(StockRow.location, StockRow.sku, StockRow.lot, StockRow.handling_unit)
        )
        for column in ("warehouse", "owner", "sku", "location", "lot", "handling_unit", "status"):
            wanted = getattr(where, column)
            if wanted is not None:
                statement = statement.where(getattr(StockRow, column) == wanted)
        if limit is not None:
            statement = statement.limit(limit)
        return [
            StockLine(
                row.warehouse,
                row.location,
                row.sku,
                row.lot,
                expiry,
                row.handling_unit,
                row.status,
                row.quantity,
            )
            for row, expiry in self.session.execute(statement)
        ]

    def stock_by_key(self) -> dict[StockKey, int]:
        return {_stock_key(row): row.quantity for row in self.session.scalars(select(StockRow))}

    def ledger_sums(self) -> dict[StockKey, int]:
        """Stock on hand computed from the ledger alone, in SQL."""
        rows = self.session.execute(_ledger_sums_query())
        return {_stock_key(row): int(row.quantity) for row in rows}

    def recompute_stock(self) -> int:
        """Rebuild the stock projection from the ledger; returns the number of stock rows.

        The summaries the stock triggers keep (stock totals 0008, stock groups 0012) are summed
        once from the new stock rows, with the triggers off inside the caller's transaction
        (a rollback restores them): row by row they cost a rebuild of 1.8M stock rows 10 %
        (83.5 s → 75.2 s; the rest is the stock table's own indexes)."""
        with _stock_triggers_off(self.session):
            self._recompute_stock()
            _refill_stock_summaries(self.session)
        return self.session.scalar(select(func.count()).select_from(StockRow)) or 0

    def _recompute_stock(self) -> None:
        self.session.execute(delete(StockRow))
        sums = _ledger_sums_query().subquery()
        owner = func.coalesce(
            select(ProductRow.owner).where(ProductRow.sku == sums.c.sku).scalar_subquery(),
            HUB_OWNER,
        )
        self.session.execute(
            insert(StockRow).from_select(
                [*_STOCK_KEY_COLUMNS, "quantity", "owner"],
                select(*(sums.c[c] for c in _STOCK_KEY_COLUMNS), sums.c.quantity, owner),
            )
        )

    def movements(
        self,
        *,
        warehouse: str | None = None,
        sku: str | None = None,
        location: str | None = None,
        kind: str | None = None,
        reference: str | None = None,
        station: str | None = None,
        after_seq: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
        owner: str | None = None,
    ) -> list[Movement]:
        statement = select(MovementRow)
        if warehouse:
            statement = statement.where(MovementRow.warehouse == warehouse)
        if owner:
            statement = statement.where(MovementRow.owner == owner)
        if sku:
            statement = statement.where(MovementRow.sku == sku)
        if location:
            statement = statement.where(
                (MovementRow.from_location == location) | (MovementRow.to_location == location)
            )
        if kind:
            statement = statement.where(MovementRow.kind == kind)
        if reference:
            statement = statement.where(MovementRow.reference == reference)
        if station:
            statement = statement.where(MovementRow.station == station)
        if after_seq is not None:
            statement = statement.where(MovementRow.station_seq > after_seq)
        order = MovementRow.id.desc() if newest_first else MovementRow.id
        statement = statement.order_by(order)
        if limit is not None:
            statement = statement.limit(limit)
        return [movement_from_row(row) for row in self.session.scalars(statement)]

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(MovementRow)) or 0


def _stock_key_values(key: StockKey) -> dict[str, str]:
    """A stock key as the bind values of the prebuilt stock statements."""
    return {
        "warehouse": key.warehouse,
        "location": key.location,
        "sku": key.sku,
        "lot": key.lot,
        "handling_unit": key.handling_unit,
        "status": key.status.value,
    }


def _stock_key(row) -> StockKey:  # type: ignore[no-untyped-def]
    status = StockStatus(row.status)
    return StockKey(row.warehouse, row.location, row.sku, row.lot, row.handling_unit, status)


def _ledger_sums_query() -> Select[Any]:
    m = MovementRow
    arrivals = select(
        m.warehouse,
        m.to_location.label("location"),
        m.sku,
        m.lot,
        m.to_handling_unit.label("handling_unit"),
        m.to_status.label("status"),
        m.quantity.label("quantity"),
    ).where(m.to_location != "")
    departures = select(
        m.warehouse,
        m.from_location.label("location"),
        m.sku,
        m.lot,
        m.from_handling_unit.label("handling_unit"),
        m.from_status.label("status"),
        (literal(0) - m.quantity).label("quantity"),
    ).where(m.from_location != "")
    both = union_all(arrivals, departures).subquery()
    total = func.sum(both.c.quantity)
    return (
        select(*(both.c[c] for c in _STOCK_KEY_COLUMNS), total.label("quantity"))
        .group_by(*(both.c[c] for c in _STOCK_KEY_COLUMNS))
        .having(total != 0)
    )


def _movement_insert_values(movement: Movement) -> dict[str, object]:
    """The bind values of ``_INSERT_MOVEMENT`` (an owner not given is read from the product)."""
    values = movement_values(movement)
    values["given_owner"] = values.pop("owner")
    values["product_sku"] = movement.sku
    return values


def movement_values(movement: Movement) -> dict[str, object]:
    return {
        "id": movement.id,
        "warehouse": movement.warehouse,
        "station": movement.station,
        "station_seq": movement.station_seq,
        "operator": movement.operator,
        "kind": movement.kind.value,
        "sku": movement.sku,
        "quantity": movement.quantity,
        "from_location": movement.from_location,
        "to_location": movement.to_location,
        "lot": movement.lot,
        "expiry": movement.expiry,
        "from_handling_unit": movement.from_handling_unit,
        "to_handling_unit": movement.to_handling_unit,
        "from_status": movement.from_status.value,
        "to_status": movement.to_status.value,
        "reference": movement.reference,
        "transfer_id": movement.transfer_id,
        "created_at": movement.created_at,
        "raw_scan": movement.raw_scan,
        "owner": movement.owner,
    }


def movement_from_row(row: MovementRow) -> Movement:
    created = row.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return Movement(
        id=row.id,
        warehouse=row.warehouse,
        station=row.station,
        station_seq=row.station_seq,
        operator=row.operator,
        kind=MovementKind(row.kind),
        sku=row.sku,
        quantity=row.quantity,
        created_at=created,
        from_location=row.from_location,
        to_location=row.to_location,
        lot=row.lot,
        expiry=row.expiry,
        from_handling_unit=row.from_handling_unit,
        to_handling_unit=row.to_handling_unit,
        from_status=StockStatus(row.from_status),
        to_status=StockStatus(row.to_status),
        reference=row.reference,
        transfer_id=row.transfer_id,
        raw_scan=row.raw_scan,
        owner=row.owner,
    )


@contextmanager
def _stock_triggers_off(session: Session) -> Iterator[None]:
    """The triggers on ``stock`` dropped (SQLite: their definitions kept and created again) or
    disabled (PostgreSQL) inside the caller's transaction: a rollback restores them too."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE stock DISABLE TRIGGER USER"))
        yield
        session.execute(text("ALTER TABLE stock ENABLE TRIGGER USER"))
        return
    triggers = session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'stock'")
    ).all()
    for name, _definition in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _name, definition in triggers:
        session.execute(text(definition))


def _refill_stock_summaries(session: Session) -> None:
    """The projections of ``stock`` its triggers keep, summed from the stock rows."""
    stock = StockRow.__table__.c
    by_location = (stock.warehouse, stock.location)
    by_product = (stock.warehouse, stock.sku)
    by_product_location = (stock.warehouse, stock.sku, stock.location)
    by_group = (stock.warehouse, stock.sku, stock.location, stock.status, stock.owner)
    summaries: list[tuple[type[Any], tuple[str, ...], Select[Any]]] = [
        (
            StockLocationTotalRow,
            ("warehouse", "location", "units", "lines"),
            select(*by_location, func.sum(stock.quantity), func.count()).group_by(*by_location),
        ),
        (
            StockProductLocationRow,
            ("warehouse", "sku", "location", "lines"),
            select(*by_product_location, func.count()).group_by(*by_product_location),
        ),
        (
            StockProductTotalRow,
            ("warehouse", "sku", "units", "lines", "locations"),
            select(
                *by_product,
                func.sum(stock.quantity),
                func.count(),
                func.count(stock.location.distinct()),
            ).group_by(*by_product),
        ),
        (
            StockGroupRow,
            ("warehouse", "sku", "location", "status", "owner", "units", "lines"),
            select(*by_group, func.sum(stock.quantity), func.count()).group_by(*by_group),
        ),
    ]
    for row_class, columns, summed in summaries:
        session.execute(delete(row_class))
        session.execute(insert(row_class).from_select(list(columns), summed))
