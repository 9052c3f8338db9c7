"""What the outbound services and commands read besides their own rows: where an order's goods
are (from the ledger), allocatable stock and receipt times, locations of a kind, the walking
layout, product rows, and the summaries ``wms orders`` lists.

The data-access rule: outbound entities (orders, allocations, picks, parcels...) are read and
written through :mod:`wms.core.persistence.outbound_repositories`; every other statement of the
outbound services is a function here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, and_, bindparam, func, select

from wms.core.domain.model import LocationType, MovementKind, StockStatus
from wms.core.persistence.ledger_repository import UnitStock
from wms.core.persistence.outbound_tables import AllocationRow
from wms.core.persistence.raw_sqlite import PreparedRead
from wms.core.persistence.tables import (
    LocationRow,
    LotRow,
    MovementRow,
    OrderLineRow,
    ProductRow,
    StockRow,
    non_empty,
)
from wms.core.persistence.unit_of_work import UnitOfWork

#: Movement kinds that carry an order's goods after they left their storage location.
_GOODS_KINDS = (
    MovementKind.PICK.value,
    MovementKind.SORT.value,
    MovementKind.PACK.value,
    MovementKind.MOVE.value,
    MovementKind.SHIP.value,
)


@dataclass(frozen=True, order=True)
class Goods:
    """Units of an order at one stock key outside storage (a tote, a put-wall slot, a parcel)."""

    location: str
    handling_unit: str
    sku: str
    lot: str
    status: str
    quantity: int


def order_goods(uow: UnitOfWork, warehouse: str, order: str) -> list[Goods]:
    """Where the picked units of ``order`` are now, from the ledger alone.

    Every pick, sort, pack, load and ship movement of an order carries the order number as its
    reference, so summing their stock deltas by key gives the order's goods: positive at the
    tote / slot / parcel that holds them (storage locations only ever lose units here).
    """
    m = MovementRow.__table__.c
    rows = uow.session.execute(
        select(
            m.from_location,
            m.to_location,
            m.from_handling_unit,
            m.to_handling_unit,
            m.from_status,
            m.to_status,
            m.sku,
            m.lot,
            m.quantity,
        ).where(m.reference == order, m.warehouse == warehouse, m.kind.in_(_GOODS_KINDS))
    )
    totals: dict[tuple[str, str, str, str, str], int] = defaultdict(int)
    for row in rows:
        if row.from_location:
            key = (row.from_location, row.from_handling_unit, row.sku, row.lot, row.from_status)
            totals[key] -= row.quantity
        if row.to_location:
            key = (row.to_location, row.to_handling_unit, row.sku, row.lot, row.to_status)
            totals[key] += row.quantity
    return [
        Goods(location, unit, sku, lot, status, quantity)
        for (location, unit, sku, lot, status), quantity in sorted(totals.items())
        if quantity > 0
    ]


# --- stock ----------------------------------------------------------------------------------


def arrivals(uow: UnitOfWork, warehouse: str, sku: str) -> list[Row[Any]]:
    """Movements that brought ``sku`` to a location (status changes aside), newest first:
    to_location, to_handling_unit, lot, quantity, created_at."""
    m = MovementRow.__table__.c
    return list(
        uow.session.execute(
            select(m.to_location, m.to_handling_unit, m.lot, m.quantity, m.created_at)
            .where(
                m.warehouse == warehouse,
                m.sku == sku,
                m.to_location != "",
                m.kind != MovementKind.STATUS.value,
            )
            .order_by(m.created_at.desc(), m.id.desc())
        )
    )


def allocatable_stock(
    uow: UnitOfWork, warehouse: str, sku: str, location_types: Iterable[str]
) -> list[Row[Any]]:
    """Available stock rows of ``sku`` at active locations of ``location_types``: location,
    lot, handling_unit, quantity, expiry (of the lot), walk_sequence, zone, owner."""
    s, loc = StockRow.__table__.c, LocationRow.__table__.c
    return list(
        uow.session.execute(
            select(
                s.location,
                s.lot,
                s.handling_unit,
                s.quantity,
                LotRow.expiry,
                loc.walk_sequence,
                loc.zone,
                s.owner,
            )
            .join(LocationRow, and_(loc.warehouse == s.warehouse, loc.code == s.location))
            .outerjoin(LotRow, and_(LotRow.sku == s.sku, LotRow.code == s.lot))
            .where(
                s.warehouse == warehouse,
                s.sku == sku,
                s.status == StockStatus.AVAILABLE.value,
                s.quantity > 0,
                loc.type.in_(tuple(location_types)),
                loc.active.is_(True),
            )
        )
    )


def unlotted_on_hand(uow: UnitOfWork, warehouse: str, sku: str) -> dict[tuple[str, str], int]:
    """Units of ``sku`` without a lot on hand per (location, handling unit), any status."""
    s = StockRow.__table__.c
    rows = uow.session.execute(
        select(s.location, s.handling_unit, func.sum(s.quantity).label("quantity"))
        .where(s.warehouse == warehouse, s.sku == sku, s.lot == "")
        .group_by(s.location, s.handling_unit)
    )
    return {(r.location, r.handling_unit): int(r.quantity or 0) for r in rows}


_UNITS_IN_HANDLING_UNIT = PreparedRead(
    select(func.coalesce(func.sum(StockRow.quantity), 0)).where(
        StockRow.warehouse == bindparam("warehouse"),
        StockRow.handling_unit == bindparam("handling_unit"),
        non_empty(StockRow.handling_unit),
    )
)  # built once: a picker's first pick into each tote asks it


def units_in_handling_unit(uow: UnitOfWork, warehouse: str, handling_unit: str) -> int:
    found = _UNITS_IN_HANDLING_UNIT.scalar(
        uow.session, {"warehouse": warehouse, "handling_unit": handling_unit}
    )
    return int(found or 0)


def handling_unit_stock(uow: UnitOfWork, warehouse: str, handling_unit: str) -> list[UnitStock]:
    """The stock rows a handling unit (a parcel) holds, by SKU and lot (one prebuilt statement:
    a sort, a load and a dispatch read it for each parcel)."""
    uow.session.flush()
    return uow.ledger.unit_stock(warehouse, handling_unit)


# --- locations ------------------------------------------------------------------------------


def first_location_of_type(
    uow: UnitOfWork, warehouse: str, location_type: LocationType, *, active_only: bool
) -> str | None:
    """The first location of the type along the walk (then by code when ``active_only``)."""
    statement = select(LocationRow.code).where(
        LocationRow.warehouse == warehouse, LocationRow.type == location_type.value
    )
    if active_only:
        statement = statement.where(LocationRow.active.is_(True)).order_by(
            LocationRow.walk_sequence, LocationRow.code
        )
    else:
        statement = statement.order_by(LocationRow.walk_sequence)
    return uow.session.scalar(statement.limit(1))


def location_of_type(
    uow: UnitOfWork, warehouse: str, location_type: LocationType, code: str
) -> str | None:
    """``code`` if it is a location of that type in the warehouse."""
    return uow.session.scalar(
        select(LocationRow.code).where(
            LocationRow.warehouse == warehouse,
            LocationRow.type == location_type.value,
            LocationRow.code == code,
        )
    )


def locations_of_zone(
    uow: UnitOfWork, warehouse: str, location_type: LocationType, zone: str
) -> list[str]:
    """Active locations of the type in ``zone``, along the walk."""
    return list(
        uow.session.scalars(
            select(LocationRow.code)
            .where(
                LocationRow.warehouse == warehouse,
                LocationRow.type == location_type.value,
                LocationRow.zone == zone,
                LocationRow.active.is_(True),
            )
            .order_by(LocationRow.walk_sequence, LocationRow.code)
        )
    )


_CAPACITY_UNITS = PreparedRead(
    select(LocationRow.capacity_units).where(
        LocationRow.warehouse == bindparam("warehouse"), LocationRow.code == bindparam("location")
    )
)  # built once: the deconsolidation sort asks it after every parcel


def capacity_units(uow: UnitOfWork, warehouse: str, location: str) -> int | None:
    """How many units (parcels) ``location`` holds (a sort asks it after every parcel: on
    SQLite straight through the unit of work's connection)."""
    found = _CAPACITY_UNITS.rows(uow.session, {"warehouse": warehouse, "location": location})
    return found[0][0] if found else None


def zones(uow: UnitOfWork, warehouse: str) -> dict[str, str]:
    """Each location's zone."""
    return {
        code: zone
        for code, zone in uow.session.execute(
            select(LocationRow.code, LocationRow.zone).where(LocationRow.warehouse == warehouse)
        )
    }


def layout_spots(uow: UnitOfWork, warehouse: str) -> list[Row[Any]]:
    """code, aisle, rack, level, bin, walk_sequence of every location of the warehouse."""
    return list(
        uow.session.execute(
            select(
                LocationRow.code,
                LocationRow.aisle,
                LocationRow.rack,
                LocationRow.level,
                LocationRow.bin,
                LocationRow.walk_sequence,
            ).where(LocationRow.warehouse == warehouse)
        )
    )


# --- products -------------------------------------------------------------------------------


def product_row(uow: UnitOfWork, sku: str) -> ProductRow | None:
    return uow.session.get(ProductRow, sku)


def product_rows(uow: UnitOfWork, skus: Iterable[str]) -> dict[str, ProductRow]:
    """The product master rows of ``skus`` (those that exist), by SKU."""
    return {
        row.sku: row
        for row in uow.session.scalars(select(ProductRow).where(ProductRow.sku.in_(list(skus))))
    }


# --- order summaries (wms orders) -----------------------------------------------------------


@dataclass(frozen=True)
class LineTotals:
    lines: int
    units: int | None
    value: Decimal | None
    currency: str


@dataclass(frozen=True)
class HeldTotals:
    held: int | None
    picked: int | None


def line_totals(uow: UnitOfWork, orders: Sequence[str]) -> dict[str, LineTotals]:
    """Lines, units, value and currency of each order."""
    rows = uow.session.execute(
        select(
            OrderLineRow.order,
            func.count().label("lines"),
            func.sum(OrderLineRow.quantity).label("units"),
            func.sum(OrderLineRow.quantity * OrderLineRow.unit_value).label("value"),
            func.max(OrderLineRow.currency).label("currency"),
        )
        .where(OrderLineRow.order.in_(orders))
        .group_by(OrderLineRow.order)
    )
    return {row.order: LineTotals(row.lines, row.units, row.value, row.currency) for row in rows}


def held_totals(
    uow: UnitOfWork, warehouse: str, orders: Sequence[str], states: Iterable[str]
) -> dict[str, HeldTotals]:
    """Units each order holds (allocations in ``states``) and has picked."""
    rows = uow.session.execute(
        select(
            AllocationRow.order,
            func.sum(AllocationRow.quantity).label("held"),
            func.sum(AllocationRow.picked).label("picked"),
        )
        .where(
            AllocationRow.warehouse == warehouse,
            AllocationRow.order.in_(orders),
            AllocationRow.state.in_(tuple(states)),
        )
        .group_by(AllocationRow.order)
    )
    return {row.order: HeldTotals(row.held, row.picked) for row in rows}
