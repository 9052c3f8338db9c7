"""Repositories of the outbound flow: orders, allocations, waves and picks, sortation, parcels,
shipments, cartons and queued print jobs.

The outbound services work on the rows these return (the unit of work tracks them): a service
changes a row's fields and the repository's ``flush()`` writes the changes in the caller's
transaction. Every statement of the outbound services is here or in
:mod:`wms.core.services.outbound.queries` (read models over stock, the ledger and locations).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from wms.core.persistence.base import Base, table_of
from wms.core.persistence.outbound_tables import (
    AllocationRow,
    CartonRow,
    OutboundCounterRow,
    PackCheckRow,
    ParcelRow,
    PickListRow,
    PickTaskRow,
    PutWallSlotRow,
    ShipmentRow,
    SortBinRow,
    WaveOrderRow,
    WaveRow,
)
from wms.core.persistence.print_jobs import PrintJob
from wms.core.persistence.raw_sqlite import (
    PreparedRead,
    PreparedWrite,
    RowLoader,
    committed,
    held,
    insert_many,
    raw_of,
    update_row,
)
from wms.core.persistence.tables import (
    HandlingUnitRow,
    LocationRow,
    OrderLineRow,
    OrderRow,
    SortRuleRow,
)


class LineItem(NamedTuple):
    """An order line's number, product and quantity."""

    order: str
    line: int
    sku: str
    quantity: int


class _Rows:
    """What every outbound repository shares: add a row, write pending changes."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: Base) -> None:
        self.session.add(row)

    def flush(self) -> None:
        self.session.flush()

    def update(self, row: Base, values: Mapping[str, object]) -> None:
        """Write ``values`` to the loaded ``row`` now: one prebuilt UPDATE by its primary key,
        no flush (:func:`update_row`)."""
        update_row(self.session, row, values)


class OrderRepository(_Rows):
    """Customer orders, their lines and the station's document counters."""

    def get(self, number: str) -> OrderRow | None:
        return self.session.get(OrderRow, number)

    def lines(self, number: str) -> list[OrderLineRow]:
        return list(
            self.session.scalars(
                select(OrderLineRow).where(OrderLineRow.order == number).order_by(OrderLineRow.line)
            )
        )

    def line_items_of(self, numbers: Sequence[str]) -> dict[str, list[LineItem]]:
        """:meth:`lines_of` as plain rows, no objects (a wave's ten thousand lines)."""
        found: dict[str, list[LineItem]] = {number: [] for number in numbers}
        c = table_of(OrderLineRow).c
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            statement = (
                select(c.order, c.line, c.sku, c.quantity)
                .where(c.order.in_(chunk))
                .order_by(c.order, c.line)
            )
            for row in self.session.execute(statement):
                found[row.order].append(LineItem(row.order, row.line, row.sku, row.quantity))
        return found

    def line(self, number: str, line: int) -> OrderLineRow | None:
        return self.session.get(OrderLineRow, (number, line))

    def of_numbers(self, warehouse: str, numbers: Sequence[str]) -> dict[str, OrderRow]:
        statement = select(OrderRow).where(
            OrderRow.warehouse == warehouse, OrderRow.number.in_(numbers)
        )
        return {row.number: row for row in self.session.scalars(statement)}

    def of_warehouse(self, warehouse: str, status: str | None = None) -> list[OrderRow]:
        statement = select(OrderRow).where(OrderRow.warehouse == warehouse)
        if status:
            statement = statement.where(OrderRow.status == status)
        return list(self.session.scalars(statement.order_by(OrderRow.number)))

    def in_statuses(self, warehouse: str, statuses: Iterable[str]) -> list[OrderRow]:
        statement = select(OrderRow).where(
            OrderRow.warehouse == warehouse, OrderRow.status.in_(tuple(statuses))
        )
        return list(self.session.scalars(statement.order_by(OrderRow.number)))

    def set_status(self, numbers: Sequence[str], status: str) -> None:
        """Set the status of the orders ``numbers`` (a wave's hundreds of orders): an UPDATE
        per chunk of orders, and the rows this session has loaded hold the new status."""
        orders = table_of(OrderRow)
        connection = self.session.connection()
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            connection.execute(
                update(orders).where(orders.c.number.in_(chunk)).values(status=status)
            )
        for number in numbers:
            loaded = held(self.session, OrderRow, (number,))
            if loaded is not None:
                set_committed_value(loaded, "status", status)

    _o, _t = table_of(OrderRow).c, table_of(PickTaskRow).c
    _MARK_PICKED = PreparedWrite(
        update(table_of(OrderRow))
        .where(
            _o.warehouse == bindparam("warehouse"),
            _o.number == bindparam("number"),
            _o.status == "released",
            ~select(_t.id)
            .where(_t.warehouse == _o.warehouse, _t.order == _o.number, _t.state == "open")
            .exists(),
        )
        .values(status="picked")
        .returning(_o.number)
    )

    def mark_picked(self, warehouse: str, numbers: Sequence[str]) -> list[str]:
        """Of the ``released`` orders ``numbers``, those with no open pick task left (in any
        list) become ``picked``: a prebuilt UPDATE each (the session's pending changes written
        first). Returns them, in the order given; the rows this session has loaded hold the
        new status."""
        became: list[str] = []
        for number in numbers:
            if self._MARK_PICKED.rows(self.session, {"warehouse": warehouse, "number": number}):
                became.append(number)
                loaded = held(self.session, OrderRow, (number,))
                if loaded is not None:
                    committed(loaded, {"status": "picked"})
        return became

    def next_counter(self, warehouse: str, name: str, count: int = 1) -> int:
        """Bump the station's counter ``name`` by ``count`` in this transaction and return its
        new value (one statement once the counter exists; a rolled-back document gives its
        number back; ``count`` numbers at once are the ``count`` up to the value returned).
        Core statements on the session's connection: counters are never loaded as objects,
        and an ORM update would first flush and walk the whole session (a wave holds
        thousands of rows)."""
        counters = table_of(OutboundCounterRow)
        connection = self.session.connection()
        value = connection.execute(
            update(counters)
            .where(counters.c.warehouse == warehouse, counters.c.name == name)
            .values(value=counters.c.value + count)
            .returning(counters.c.value)
        ).scalar_one_or_none()
        if value is None:
            connection.execute(insert(counters).values(warehouse=warehouse, name=name, value=count))
            return count
        return int(value)


class AllocationRepository(_Rows):
    """Reservations of stock for order lines."""

    def get(self, allocation: int) -> AllocationRow | None:
        return self.session.get(AllocationRow, allocation)

    def of_order(self, warehouse: str, order: str) -> list[AllocationRow]:
        return list(
            self.session.scalars(
                select(AllocationRow)
                .where(AllocationRow.warehouse == warehouse, AllocationRow.order == order)
                .order_by(AllocationRow.line, AllocationRow.id)
            )
        )

    def add_reserved(self, rows: Sequence[Mapping[str, object]]) -> list[int]:
        """Insert allocations (``AllocationRow`` columns but ``id``) with one executemany, no
        objects (a wave's thousands); returns their ids, in the order of ``rows``.

        On SQLite the ids are given: the next ones SQLite would have chosen itself (the
        table's largest id plus one, then on; the table has no ``AUTOINCREMENT``), since
        SQLAlchemy can only return ids of an executemany there a row at a time."""
        if not rows:
            return []
        table = table_of(AllocationRow)
        connection = self.session.connection()
        if connection.dialect.name != "sqlite":
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            return [int(i) for i in connection.execute(statement, list(rows)).scalars()]
        first = int(connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())
        ids = list(range(first + 1, first + 1 + len(rows)))
        insert_many(
            self.session, table, [{**row, "id": i} for row, i in zip(rows, ids, strict=True)]
        )
        return ids

    def reserved(self, warehouse: str, orders: Sequence[str]) -> list[AllocationRow]:
        """The reserved allocations of ``orders``, by order, line and id."""
        return list(
            self.session.scalars(
                select(AllocationRow)
                .where(
                    AllocationRow.warehouse == warehouse,
                    AllocationRow.order.in_(orders),
                    AllocationRow.state == "reserved",
                )
                .order_by(AllocationRow.order, AllocationRow.line, AllocationRow.id)
            )
        )

    _a = table_of(AllocationRow).c
    _ADD_PICKED = PreparedWrite(
        update(table_of(AllocationRow))
        .where(_a.id == bindparam("allocation"))
        .values(
            picked=_a.picked + bindparam("quantity"),
            state=case(
                (_a.picked + bindparam("quantity") >= _a.quantity, "picked"), else_=_a.state
            ),
        )
    )

    def add_picked(self, allocation: int, quantity: int) -> None:
        """Count ``quantity`` more units of the allocation picked, and the allocation
        ``picked`` once all its units are: one prebuilt UPDATE, nothing loaded (the row this
        session holds, if any, is changed instead)."""
        loaded = held(self.session, AllocationRow, (allocation,))
        if loaded is not None:
            loaded.picked += quantity
            if loaded.picked >= loaded.quantity:
                loaded.state = "picked"
            return
        self._ADD_PICKED.rows(self.session, {"allocation": allocation, "quantity": quantity})

    def held_by_line(self, warehouse: str, order: str, states: Iterable[str]) -> dict[int, int]:
        a = AllocationRow.__table__.c
        rows = self.session.execute(
            select(a.line, func.sum(a.quantity).label("quantity"))
            .where(a.warehouse == warehouse, a.order == order, a.state.in_(tuple(states)))
            .group_by(a.line)
        )
        return {row.line: int(row.quantity or 0) for row in rows}

    def held_by_order_line(
        self, warehouse: str, orders: Sequence[str], states: Iterable[str]
    ) -> dict[str, dict[int, int]]:
        """``held_by_line`` of many orders in one statement per chunk of orders."""
        a = AllocationRow.__table__.c
        found: dict[str, dict[int, int]] = {order: {} for order in orders}
        for start in range(0, len(orders), 500):
            chunk = orders[start : start + 500]
            rows = self.session.execute(
                select(a.order, a.line, func.sum(a.quantity).label("quantity"))
                .where(a.warehouse == warehouse, a.order.in_(chunk), a.state.in_(tuple(states)))
                .group_by(a.order, a.line)
            )
            for row in rows:
                found[row.order][row.line] = int(row.quantity or 0)
        return found

    def short_locations(self, warehouse: str, order: str, line: int) -> set[str]:
        return set(
            self.session.scalars(
                select(AllocationRow.location).where(
                    AllocationRow.warehouse == warehouse,
                    AllocationRow.order == order,
                    AllocationRow.line == line,
                    AllocationRow.state == "short",
                )
            )
        )


class PickingRepository(_Rows):
    """Waves, their pick lists and pick tasks."""

    _t = table_of(PickTaskRow).c

    def add_tasks(self, tasks: Sequence[Mapping[str, object]]) -> None:
        """Insert pick tasks (``PickTaskRow`` columns) with one executemany."""
        insert_many(self.session, table_of(PickTaskRow), tasks)

    _list_loader = RowLoader(PickListRow)

    def pick_list(self, list_id: str) -> PickListRow | None:
        """The pick list (a prebuilt primary-key read on SQLite: :class:`RowLoader`)."""
        return self._list_loader.get(self.session, (list_id,))

    def first_open_list(self, warehouse: str) -> PickListRow | None:
        return self.session.scalar(
            select(PickListRow)
            .where(PickListRow.warehouse == warehouse, PickListRow.status == "open")
            .order_by(PickListRow.id)
            .limit(1)
        )

    def open_list_of_order(self, warehouse: str, order: str) -> str | None:
        """A pick list not done that still has an open task of ``order``."""
        return self.session.scalar(
            select(PickTaskRow.pick_list)
            .join(PickListRow, PickListRow.id == PickTaskRow.pick_list)
            .where(
                PickTaskRow.warehouse == warehouse,
                PickTaskRow.order == order,
                PickTaskRow.state == "open",
                PickListRow.status != "done",
            )
            .limit(1)
        )

    def task(self, task_id: int) -> PickTaskRow | None:
        return self.session.get(PickTaskRow, task_id)

    _task_loader = RowLoader(PickTaskRow)
    _TASKS = _task_loader.selecting(
        _t.pick_list == bindparam("pick_list"), order_by=(_t.sequence, _t.id)
    )

    def tasks(self, list_id: str) -> list[PickTaskRow]:
        """The list's tasks in walking order (prebuilt: every pick posted reads them)."""
        return self._task_loader.rows(self.session, self._TASKS, {"pick_list": list_id})

    def orders_in_tote(self, warehouse: str, tote: str) -> set[str]:
        """Orders whose picked goods in the tote are not all put to the wall yet."""
        return set(
            self.session.scalars(
                select(PickTaskRow.order).where(
                    PickTaskRow.warehouse == warehouse,
                    PickTaskRow.tote == tote,
                    PickTaskRow.picked > PickTaskRow.put,
                )
            )
        )

    def in_tote(self, warehouse: str, tote: str) -> list[PickTaskRow]:
        """Picks in the tote (its handling-unit code) not yet put to the wall."""
        return list(
            self.session.scalars(
                select(PickTaskRow)
                .where(
                    PickTaskRow.warehouse == warehouse,
                    PickTaskRow.tote == tote,
                    PickTaskRow.picked > PickTaskRow.put,
                )
                .order_by(PickTaskRow.order, PickTaskRow.line, PickTaskRow.id)
            )
        )

    _UNPICKED = PreparedRead(
        select(func.coalesce(func.sum(_t.quantity - _t.picked), 0)).where(
            _t.warehouse == bindparam("warehouse"),
            _t.order == bindparam("order"),
            _t.state == "open",
        )
    )

    def unpicked_units(self, warehouse: str, order: str) -> int:
        """Units of ``order`` its open pick tasks have still to pick (a prebuilt read)."""
        found = self._UNPICKED.scalar(self.session, {"warehouse": warehouse, "order": order})
        return int(found or 0)

    _w, _l = table_of(WaveRow).c, table_of(PickListRow).c
    _MARK_WAVE_PICKED = PreparedWrite(
        update(table_of(WaveRow))
        .where(
            _w.id == bindparam("wave"),
            ~select(_l.id).where(_l.wave == _w.id, _l.status != "done").exists(),
        )
        .values(status="picked")
        .returning(_w.id)
    )

    def mark_wave_picked(self, wave: str) -> None:
        """The wave becomes ``picked`` when none of its pick lists is left undone: one
        prebuilt UPDATE (the session's pending changes written first); the row this session
        has loaded, if any, holds the new status."""
        marked = self._MARK_WAVE_PICKED.rows(self.session, {"wave": wave})
        loaded = held(self.session, WaveRow, (wave,))
        if marked and loaded is not None:
            committed(loaded, {"status": "picked"})

    def waves(self, warehouse: str) -> list[WaveRow]:
        return list(
            self.session.scalars(
                select(WaveRow).where(WaveRow.warehouse == warehouse).order_by(WaveRow.id)
            )
        )

    def lists_of_wave(self, warehouse: str, wave: str) -> list[PickListRow]:
        return list(
            self.session.scalars(
                select(PickListRow)
                .where(PickListRow.warehouse == warehouse, PickListRow.wave == wave)
                .order_by(PickListRow.id)
            )
        )

    def add_wave_order(self, wave: str, order: str) -> None:
        self.session.add(WaveOrderRow(wave=wave, order=order))

    def add_wave_orders(self, wave: str, orders: Sequence[str]) -> None:
        """The orders of ``wave`` with one executemany."""
        insert_many(
            self.session, table_of(WaveOrderRow), [{"wave": wave, "order": o} for o in orders]
        )

    def add_lists(self, lists: Sequence[Mapping[str, object]]) -> None:
        """Insert pick lists (``PickListRow`` columns) with one executemany."""
        insert_many(self.session, table_of(PickListRow), lists)


class SortationRepository(_Rows):
    """Sort plans, sort destinations' counters and put-wall slots."""

    def plan_names(self, warehouse: str) -> list[str]:
        return list(
            self.session.scalars(
                select(SortRuleRow.plan)
                .where(SortRuleRow.warehouse == warehouse)
                .distinct()
                .order_by(SortRuleRow.plan)
            )
        )

    def rules(self, warehouse: str, plan: str) -> list[SortRuleRow]:
        return list(
            self.session.scalars(
                select(SortRuleRow).where(
                    SortRuleRow.warehouse == warehouse, SortRuleRow.plan == plan
                )
            )
        )

    def sort_bin(self, warehouse: str, location: str) -> SortBinRow:
        """The destination's counters, created at zero on its first parcel."""
        row = self.session.get(SortBinRow, (warehouse, location))
        if row is None:
            row = SortBinRow(
                warehouse=warehouse,
                location=location,
                open_parcels=0,
                mis_sorts=0,
                sorted_total=0,
                bags_closed=0,
            )
            self.session.add(row)
            self.session.flush()
        return row

    _COUNT_SORTED = (
        "INSERT INTO sort_bins (warehouse, location, open_parcels, mis_sorts, sorted_total, "
        "bags_closed) VALUES (?, ?, 1, 0, 1, 0) ON CONFLICT (warehouse, location) DO UPDATE SET "
        "open_parcels = open_parcels + 1, sorted_total = sorted_total + 1 "
        "RETURNING open_parcels, sorted_total, "
        "(SELECT capacity_units FROM locations WHERE warehouse = ? AND code = ?)"
    )

    def count_sorted(self, warehouse: str, location: str) -> tuple[int, int | None]:
        """One more parcel in the destination's open bag (its counters created at zero on its
        first parcel): the open bag's parcels and the destination's capacity, in one statement
        on SQLite."""
        raw = raw_of(self.session)
        if raw is None:
            row = self.sort_bin(warehouse, location)
            row.open_parcels += 1
            row.sorted_total += 1
            capacity = self.session.scalar(
                select(LocationRow.capacity_units).where(
                    LocationRow.warehouse == warehouse, LocationRow.code == location
                )
            )
            self.session.flush()
            return row.open_parcels, capacity
        ((open_parcels, sorted_total, capacity),) = raw.execute(
            self._COUNT_SORTED, (warehouse, location, warehouse, location)
        )
        loaded = held(self.session, SortBinRow, (warehouse, location))
        if loaded is not None:  # the row read earlier in this transaction: the same counters
            set_committed_value(loaded, "open_parcels", open_parcels)
            set_committed_value(loaded, "sorted_total", sorted_total)
        return open_parcels, capacity

    def slot(self, warehouse: str, location: str) -> PutWallSlotRow | None:
        return self.session.get(PutWallSlotRow, (warehouse, location))

    def slot_of(self, warehouse: str, order: str) -> str:
        return (
            self.session.scalar(
                select(PutWallSlotRow.location).where(
                    PutWallSlotRow.warehouse == warehouse, PutWallSlotRow.order == order
                )
            )
            or ""
        )


class ParcelRepository(_Rows):
    """Packed parcels and the handling units of parcels and bags."""

    _loader = RowLoader(ParcelRow)

    def get(self, sscc: str) -> ParcelRow | None:
        """The parcel (a prebuilt primary-key read on SQLite: :class:`RowLoader`)."""
        return self._loader.get(self.session, (sscc,))

    def insert_unit(self, values: Mapping[str, object]) -> None:
        """A new handling unit (``HandlingUnitRow`` columns): one prebuilt INSERT, no object."""
        insert_many(self.session, table_of(HandlingUnitRow), [values])

    def insert_parcel(self, values: Mapping[str, object]) -> None:
        """A new parcel (``ParcelRow`` columns): one prebuilt INSERT, no object."""
        insert_many(self.session, table_of(ParcelRow), [values])

    def handling_unit(self, sscc: str) -> HandlingUnitRow | None:
        return self.session.get(HandlingUnitRow, sscc)

    def place(self, parcel: ParcelRow, location: str, state: str | None = None) -> None:
        """The parcel and its handling unit now stand at ``location`` (and the parcel is in
        ``state`` when given): two UPDATEs on SQLite, no read."""
        raw = raw_of(self.session)
        if raw is None:
            parcel.location = location
            if state is not None:
                parcel.state = state
            unit = self.handling_unit(parcel.sscc)
            if unit is not None:
                unit.location = location
            return
        if state is None:
            raw.execute("UPDATE parcels SET location = ? WHERE sscc = ?", (location, parcel.sscc))
        else:
            raw.execute(
                "UPDATE parcels SET location = ?, state = ? WHERE sscc = ?",
                (location, state, parcel.sscc),
            )
            set_committed_value(parcel, "state", state)
        set_committed_value(parcel, "location", location)
        raw.execute(
            "UPDATE handling_units SET location = ? WHERE sscc = ?", (location, parcel.sscc)
        )
        unit = held(self.session, HandlingUnitRow, (parcel.sscc,))
        if unit is not None:
            set_committed_value(unit, "location", location)

    def ssccs(self, warehouse: str) -> set[str]:
        return set(
            self.session.scalars(select(ParcelRow.sscc).where(ParcelRow.warehouse == warehouse))
        )

    def parcels_among(self, warehouse: str, units: Iterable[str]) -> set[str]:
        """Which of ``units`` are parcels: primary-key lookups, whatever the number of parcels
        (reading every SSCC of the warehouse took 3 s at 1M parcels)."""
        wanted = sorted(set(units))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):  # below SQLite's bound-parameter limit
            chunk = wanted[start : start + 500]
            found.update(
                self.session.scalars(
                    select(ParcelRow.sscc).where(
                        ParcelRow.sscc.in_(chunk), ParcelRow.warehouse == warehouse
                    )
                )
            )
        return found

    def in_open_bag(self, warehouse: str, location: str) -> list[ParcelRow]:
        """Parcels sorted to ``location`` and not yet closed in a bag, by SSCC."""
        return list(
            self.session.scalars(
                select(ParcelRow)
                .where(
                    ParcelRow.warehouse == warehouse,
                    ParcelRow.location == location,
                    ParcelRow.state == "sorted",
                    ParcelRow.bag == "",
                )
                .order_by(ParcelRow.sscc)
            )
        )

    def put_in_bag(self, parcels: Sequence[ParcelRow], bag: str) -> None:
        """``parcels`` travel in the closed ``bag`` now: their ``bag`` and their handling units'
        ``parent_sscc``, an UPDATE of each table per 500 parcels (set on each row one by one,
        every handling unit's read flushed the parcels changed before it: 50 flushes for a bag
        of 50)."""
        ssccs = [parcel.sscc for parcel in parcels]
        parcel_table, unit_table = table_of(ParcelRow), table_of(HandlingUnitRow)
        for start in range(0, len(ssccs), 500):  # below SQLite's bound-parameter limit
            chunk = ssccs[start : start + 500]
            self.session.execute(
                update(parcel_table).where(parcel_table.c.sscc.in_(chunk)).values(bag=bag)
            )
            self.session.execute(
                update(unit_table).where(unit_table.c.sscc.in_(chunk)).values(parent_sscc=bag)
            )
        for parcel in parcels:
            set_committed_value(parcel, "bag", bag)
            unit = held(self.session, HandlingUnitRow, (parcel.sscc,))
            if unit is not None:
                set_committed_value(unit, "parent_sscc", bag)

    def in_bag(self, warehouse: str, bag: str) -> list[ParcelRow]:
        return list(
            self.session.scalars(
                select(ParcelRow).where(ParcelRow.warehouse == warehouse, ParcelRow.bag == bag)
            )
        )

    def on_shipment(self, shipment: str) -> list[ParcelRow]:
        return list(
            self.session.scalars(
                select(ParcelRow).where(ParcelRow.shipment == shipment).order_by(ParcelRow.sscc)
            )
        )

    def manifest(self, warehouse: str, shipment: str) -> list[ParcelRow]:
        """The parcels of a shipment by bag, then SSCC."""
        return list(
            self.session.scalars(
                select(ParcelRow)
                .where(ParcelRow.warehouse == warehouse, ParcelRow.shipment == shipment)
                .order_by(ParcelRow.bag, ParcelRow.sscc)
            )
        )

    def listing(
        self, warehouse: str, *, order: str | None = None, state: str | None = None
    ) -> list[ParcelRow]:
        statement = select(ParcelRow).where(ParcelRow.warehouse == warehouse)
        if order:
            statement = statement.where(ParcelRow.order == order)
        if state:
            statement = statement.where(ParcelRow.state == state)
        return list(self.session.scalars(statement.order_by(ParcelRow.packed_at)))


class PackCheckRepository(_Rows):
    """The units of an order verified at a packing bench, until its parcel is closed."""

    def of_order(self, warehouse: str, order: str) -> dict[tuple[str, str], int]:
        """``(sku, lot) -> units`` verified of ``order``."""
        rows = self.session.execute(
            select(PackCheckRow.sku, PackCheckRow.lot, PackCheckRow.quantity).where(
                PackCheckRow.warehouse == warehouse, PackCheckRow.order == order
            )
        )
        return {(sku, lot): quantity for sku, lot, quantity in rows}

    def record(
        self,
        warehouse: str,
        order: str,
        checked: dict[tuple[str, str], int],
        *,
        station: str,
        badge: str,
        at: datetime,
    ) -> None:
        """Set what is verified of ``order`` to ``checked`` (rows of 0 units are dropped): a
        prebuilt DELETE and one INSERT of the rows, no objects (an item scan at a packing
        bench writes them)."""
        self.clear(warehouse, order)
        insert_many(
            self.session,
            table_of(PackCheckRow),
            [
                {"warehouse": warehouse, "order": order, "sku": sku, "lot": lot,
                 "quantity": quantity, "station": station, "checked_by": badge, "checked_at": at}
                for (sku, lot), quantity in sorted(checked.items())
                if quantity > 0
            ],
        )  # fmt: skip

    _c = table_of(PackCheckRow).c
    _CLEAR = PreparedWrite(
        delete(table_of(PackCheckRow)).where(
            _c.warehouse == bindparam("warehouse"), _c.order == bindparam("order")
        )
    )

    def clear(self, warehouse: str, order: str) -> None:
        """Forget the order's verified items (its parcel is closed): one prebuilt DELETE."""
        self._CLEAR.rows(self.session, {"warehouse": warehouse, "order": order})


class ShipmentRepository(_Rows):
    """Trailers and flights that parcels are loaded on."""

    def get(self, shipment_id: str) -> ShipmentRow | None:
        return self.session.get(ShipmentRow, shipment_id)

    def of_warehouse(self, warehouse: str, status: str | None = None) -> list[ShipmentRow]:
        statement = select(ShipmentRow).where(ShipmentRow.warehouse == warehouse)
        if status:
            statement = statement.where(ShipmentRow.status == status)
        return list(self.session.scalars(statement.order_by(ShipmentRow.id)))


class CartonRepository(_Rows):
    """The cartons a warehouse packs in."""

    _c = table_of(CartonRow).c
    _DIMENSIONS = PreparedRead(
        select(
            _c.code,
            _c.description,
            _c.length_cm,
            _c.width_cm,
            _c.height_cm,
            _c.tare_kg,
            _c.max_weight_kg,
        ).where(_c.warehouse == bindparam("warehouse"))
    )

    def dimensions(self, warehouse: str) -> Sequence[Sequence[Any]]:
        """The warehouse's cartons: code, description, length, width, height (cm), tare and
        maximum weight (kg); a prebuilt read (every parcel closed chooses from them)."""
        return self._DIMENSIONS.rows(self.session, {"warehouse": warehouse})


class PrintJobRepository(_Rows):
    """Print jobs queued in the transaction that decided them (printed after the commit)."""

    def queue(self, job: PrintJob) -> str:
        self.session.add(job)
        return job.id
