"""What the transfer workflow reads: the transit location, what a transfer still expects at its
destination, where it goes and what it has sent (a query module: reads only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.model import (
    Location,
    LocationType,
    MovementKind,
    StockStatus,
)
from wms.core.domain.text import msg
from wms.core.persistence.tables import LocationRow, MovementRow
from wms.core.persistence.transfer_tables import ExpectedTransferRow
from wms.core.persistence.unit_of_work import UnitOfWork


def transit_location(uow: UnitOfWork, warehouse: str) -> Location:
    found = uow.locations.of_type(warehouse, LocationType.TRANSIT)
    if not found:
        raise RuleViolation(
            msg(
                "warehouse {warehouse} has no location of "
                "type transit: expected one (e.g. TRANSIT) "
                "to hold stock on the road",
                warehouse=warehouse,
            ),
            "no_transit_location",
        )
    return found[0]


def holds_warehouse(uow: UnitOfWork, warehouse: str) -> bool:
    """Whether this database runs ``warehouse`` (has its locations). A station synced with
    central holds only its own warehouse; other warehouses are at most a code and a name."""
    found = uow.session.scalar(
        select(LocationRow.id).where(LocationRow.warehouse == warehouse).limit(1)
    )
    return found is not None


@dataclass(frozen=True)
class ExpectedLine:
    """What is still expected of a transfer, per stock key (sent minus already received)."""

    source: str
    transit: str
    sku: str
    lot: str
    expiry: date | None
    handling_unit: str
    status: StockStatus
    quantity: int
    origin: str  # "central": central settles the source; "local": this database does

    def as_row(self, transfer_id: str) -> dict[str, Any]:
        return {
            "transfer_id": transfer_id,
            "from_warehouse": self.source,
            "sku": self.sku,
            "lot": self.lot,
            "handling_unit": self.handling_unit,
            "quantity": self.quantity,
        }


def still_expected(uow: UnitOfWork, warehouse: str, transfer_id: str) -> list[ExpectedLine]:
    """Lines of ``transfer_id`` expected at ``warehouse`` not received yet (the destination's
    TRANSFER_IN movements with that transfer id, from any of its stations, count as received)."""
    rows = uow.session.scalars(
        select(ExpectedTransferRow)
        .where(
            ExpectedTransferRow.warehouse == warehouse,
            ExpectedTransferRow.transfer_id == transfer_id,
        )
        .order_by(ExpectedTransferRow.handling_unit, ExpectedTransferRow.sku)
    ).all()
    sent: dict[tuple[str, str, str, str, str, str, str], list[Any]] = {}
    for r in rows:
        key = (r.source_warehouse, r.transit_location, r.sku, r.lot, r.handling_unit, r.status,
               r.origin)  # fmt: skip
        entry = sent.setdefault(key, [0, r.expiry])
        entry[0] += r.quantity
        entry[1] = entry[1] or r.expiry
    m = MovementRow.__table__.c
    received = {
        (r.sku, r.lot, r.to_handling_unit, r.to_status): int(r.quantity)
        for r in uow.session.execute(
            select(
                m.sku, m.lot, m.to_handling_unit, m.to_status,
                func.sum(m.quantity).label("quantity"),
            )
            .where(
                m.warehouse == warehouse,
                m.transfer_id == transfer_id,
                m.kind == MovementKind.TRANSFER_IN.value,
                m.to_location != "",
            )
            .group_by(m.sku, m.lot, m.to_handling_unit, m.to_status)
        )
    }  # fmt: skip
    lines = []
    for (source, transit, sku, lot, unit, status, origin), (quantity, expiry) in sent.items():
        got = received.get((sku, lot, unit, status), 0)
        used = min(got, quantity)
        received[(sku, lot, unit, status)] = got - used
        if quantity - used > 0:
            lines.append(
                ExpectedLine(
                    source,
                    transit,
                    sku,
                    lot,
                    expiry,
                    unit,
                    StockStatus(status),
                    quantity - used,
                    origin,
                )
            )
    return lines


def transfer_destination(uow: UnitOfWork, transfer_id: str) -> str:
    """The warehouse a transfer goes to, from its expected lines or the source's ledger."""
    destination = uow.session.scalar(
        select(ExpectedTransferRow.warehouse)
        .where(ExpectedTransferRow.transfer_id == transfer_id)
        .limit(1)
    )
    if destination is not None:
        return destination
    m = MovementRow.__table__.c
    reference = uow.session.scalar(
        select(m.reference)
        .where(m.transfer_id == transfer_id, m.kind == MovementKind.TRANSFER_OUT.value)
        .limit(1)
    )
    if reference is None:
        raise NotFound(
            msg("warehouse or transfer"),
            transfer_id,
            msg(
                "key a warehouse code to send goods, or scan "
                "a transfer id to receive them (a transfer "
                "sent from another warehouse arrives with "
                "this station's next sync)"
            ),
        )
    return str(reference).removeprefix("to:")


@dataclass(frozen=True)
class SentLine:
    sku: str
    lot: str
    quantity: int


def sent_by_item(uow: UnitOfWork, transfer_id: str) -> list[SentLine]:
    """Units a transfer has sent so far, per product and lot (its TRANSFER_OUT movements)."""
    m = MovementRow.__table__.c
    rows = uow.session.execute(
        select(m.sku, m.lot, func.sum(m.quantity).label("quantity"))
        .where(m.transfer_id == transfer_id, m.kind == MovementKind.TRANSFER_OUT.value)
        .group_by(m.sku, m.lot)
        .order_by(m.sku, m.lot)
    )
    return [SentLine(r.sku, r.lot, int(r.quantity)) for r in rows]
