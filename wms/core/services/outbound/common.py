"""Small pieces every outbound service shares: document numbers, orders, where an order's
goods are now (read from the ledger), order status changes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, update

from wms.core.domain.errors import NotFound
from wms.core.domain.model import MovementKind
from wms.core.persistence.outbound_tables import OutboundCounterRow
from wms.core.persistence.tables import MovementRow, OrderLineRow, OrderRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor

#: Order statuses, in the order an order normally goes through them.
ORDER_STATUSES = (
    "open",
    "backordered",
    "allocated",
    "released",
    "picked",
    "packed",
    "shipped",
    "cancelled",
)

#: Movement kinds that carry an order's goods after they left their storage location.
_GOODS_KINDS = (
    MovementKind.PICK.value,
    MovementKind.SORT.value,
    MovementKind.PACK.value,
    MovementKind.MOVE.value,
    MovementKind.SHIP.value,
)


def next_number(uow: UnitOfWork, actor: Actor, name: str, prefix: str, width: int = 5) -> str:
    """The next document number of ``name`` made at this station (``W-CMN1-S01-00001``,
    ``SHP-CMN1-S01-00001``...): the station's code keeps numbers made offline by two stations
    of one warehouse apart; the counter is bumped inside the caller's transaction so a
    rolled-back document gives its number back."""
    session = uow.session
    key = (actor.warehouse, name)
    row = session.get(OutboundCounterRow, key)
    if row is None:
        row = OutboundCounterRow(warehouse=actor.warehouse, name=name, value=0)
        session.add(row)
        session.flush()
    session.execute(
        update(OutboundCounterRow)
        .where(OutboundCounterRow.warehouse == key[0], OutboundCounterRow.name == name)
        .values(value=OutboundCounterRow.value + 1)
    )
    session.refresh(row)
    return f"{prefix}-{actor.station[:24]}-{row.value:0{width}d}"


def require_order(uow: UnitOfWork, warehouse: str, number: str) -> OrderRow:
    number = number.strip()
    row = uow.session.get(OrderRow, number)
    if row is None or row.warehouse != warehouse:
        raise NotFound("order", number, f"not an order of warehouse {warehouse}")
    return row


def order_lines(uow: UnitOfWork, number: str) -> list[OrderLineRow]:
    return list(
        uow.session.scalars(
            select(OrderLineRow).where(OrderLineRow.order == number).order_by(OrderLineRow.line)
        )
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
