"""Small pieces every outbound service shares: document numbers, orders and their lines; where
an order's goods are now is the read model :func:`.queries.order_goods`, re-exported here."""

from __future__ import annotations

from wms.core.domain.errors import NotFound
from wms.core.domain.text import msg
from wms.core.persistence.tables import OrderLineRow, OrderRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor
from wms.core.services.outbound.queries import Goods, order_goods

__all__ = [
    "ORDER_STATUSES",
    "Goods",
    "next_number",
    "next_numbers",
    "order_goods",
    "order_lines",
    "require_order",
]

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


def next_number(uow: UnitOfWork, actor: Actor, name: str, prefix: str, width: int = 5) -> str:
    """The next document number of ``name`` made at this station (``W-CMN1-S01-00001``,
    ``SHP-CMN1-S01-00001``...): the station's code keeps numbers made offline by two stations
    of one warehouse apart; the counter is bumped inside the caller's transaction so a
    rolled-back document gives its number back."""
    value = uow.orders.next_counter(actor.warehouse, name)
    return f"{prefix}-{actor.station[:24]}-{value:0{width}d}"


def next_numbers(
    uow: UnitOfWork, actor: Actor, name: str, prefix: str, count: int, width: int = 5
) -> list[str]:
    """``count`` consecutive :func:`next_number` values, with one bump of the counter."""
    if count <= 0:
        return []
    last = uow.orders.next_counter(actor.warehouse, name, count)
    station = actor.station[:24]
    return [f"{prefix}-{station}-{value:0{width}d}" for value in range(last - count + 1, last + 1)]


def require_order(uow: UnitOfWork, warehouse: str, number: str) -> OrderRow:
    number = number.strip()
    row = uow.orders.get(number)
    if row is None or row.warehouse != warehouse:
        raise NotFound(
            msg("order"), number, msg("not an order of warehouse {warehouse}", warehouse=warehouse)
        )
    return row


def order_lines(uow: UnitOfWork, number: str) -> list[OrderLineRow]:
    return uow.orders.lines(number)
