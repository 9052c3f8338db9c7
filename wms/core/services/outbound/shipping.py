"""Shipments: load parcels and closed bags onto a trailer or flight, then dispatch.

* ``create_shipment``: a carrier and a trailer or flight number, loading at a shipping location
  (default: the first one, ``SHIP-01`` on the demo site).
* ``load``: scan a parcel's or a closed bag's SSCC. Each parcel's stock moves (kind ``move``,
  reference = its order) to the shipment's location, still in the parcel's handling unit;
  parcels of another carrier, not yet packed, or already loaded are refused.
* ``close_shipment``: dispatch. One ``ship`` movement per parcel stock row removes the stock
  (from the shipping location, no to-location, reference = the order); parcels become
  ``shipped`` and orders whose goods have all left become ``shipped``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.model import (
    LocationType,
    Movement,
    MovementDraft,
    MovementKind,
    StockPlace,
    StockStatus,
)
from wms.core.domain.sscc import require_sscc
from wms.core.domain.text import msg
from wms.core.persistence.ledger_repository import UnitStock
from wms.core.persistence.outbound_tables import ParcelRow, ShipmentRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound import queries
from wms.core.services.outbound.common import next_number, order_goods


@dataclass
class LoadResult:
    shipment: str
    scanned: str
    kind: str
    parcels: list[str] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)


@dataclass
class DispatchResult:
    shipment: str
    parcels: int
    units: int
    orders_shipped: list[str] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)


def shipping_location(uow: UnitOfWork, warehouse: str, code: str | None = None) -> str:
    if code:
        found = queries.location_of_type(uow, warehouse, LocationType.SHIPPING, code.upper())
        if found is None:
            raise NotFound(
                msg("shipping location"),
                code,
                msg("not a shipping location of {warehouse}", warehouse=warehouse),
            )
        return found
    found = queries.first_location_of_type(uow, warehouse, LocationType.SHIPPING, active_only=False)
    if found is None:
        raise RuleViolation(
            msg(
                "warehouse {warehouse} has no shipping location: expected one to load at",
                warehouse=warehouse,
            ),
            "no_shipping_location",
        )
    return found


def create_shipment(
    uow: UnitOfWork,
    actor: Actor,
    carrier: str,
    *,
    trailer: str = "",
    flight: str = "",
    location: str | None = None,
) -> ShipmentRow:
    carrier = carrier.strip().upper()
    if not carrier:
        raise RuleViolation(msg("a shipment needs a carrier (e.g. COLISSIMO, DHL)"), "no_carrier")
    row = ShipmentRow(
        id=next_number(uow, actor, "shipment", "SHP"),
        warehouse=actor.warehouse,
        carrier=carrier,
        trailer=trailer.strip(),
        flight=flight.strip(),
        location=shipping_location(uow, actor.warehouse, location),
        status="open",
        created_by=actor.operator,
        created_at=actor.clock(),
    )
    uow.shipments.add(row)
    uow.shipments.flush()
    return row


def require_shipment(uow: UnitOfWork, warehouse: str, shipment_id: str) -> ShipmentRow:
    row = uow.shipments.get(shipment_id.strip().upper())
    if row is None or row.warehouse != warehouse:
        raise NotFound(
            msg("shipment"),
            shipment_id,
            msg("not a shipment of warehouse {warehouse}", warehouse=warehouse),
        )
    return row


def require_open(row: ShipmentRow) -> None:
    if row.status != "open":
        raise RuleViolation(
            msg(
                "shipment {id} is {status}: expected an open shipment", id=row.id, status=row.status
            ),
            "shipment_closed",
        )


def parcel_stock(uow: UnitOfWork, warehouse: str, sscc: str) -> list[UnitStock]:
    return queries.handling_unit_stock(uow, warehouse, sscc)


def move_parcel(
    uow: UnitOfWork, actor: Actor, parcel: ParcelRow, to_location: str, kind: MovementKind,
    raw_scan: str = "", *, state: str | None = None,
) -> list[Movement]:  # fmt: skip
    """Move every stock row of a parcel to ``to_location`` (same handling unit and status);
    the parcel (now in ``state`` when given) and its handling unit stand there."""
    movements = []
    for row in parcel_stock(uow, actor.warehouse, parcel.sscc):
        if row.location == to_location:
            continue
        movements.append(
            post(
                uow,
                actor,
                MovementDraft.between(
                    kind,
                    row.sku,
                    row.quantity,
                    StockPlace(row.location, parcel.sscc, StockStatus(row.status)),
                    StockPlace(to_location, parcel.sscc, StockStatus(row.status)),
                    lot=row.lot,
                    reference=parcel.order,
                    raw_scan=raw_scan,
                ),
            )
        )
    uow.parcels.place(parcel, to_location, state)
    return movements


def parcels_of(uow: UnitOfWork, warehouse: str, sscc: str) -> tuple[str, list[ParcelRow]]:
    """The parcels an SSCC stands for: itself, or every parcel of a closed bag."""
    parcel = uow.parcels.get(sscc)
    if parcel is not None and parcel.warehouse == warehouse:
        return "parcel", [parcel]
    unit = uow.parcels.handling_unit(sscc)
    if unit is not None and unit.warehouse == warehouse and unit.kind in ("bag", "cage"):
        parcels = uow.parcels.in_bag(warehouse, sscc)
        if not parcels:
            raise RuleViolation(
                msg("{kind} {sscc} holds no parcel", kind=unit.kind, sscc=sscc), "empty_bag"
            )
        return unit.kind, parcels
    raise NotFound(msg("parcel or bag SSCC"), sscc, msg("it was not packed or closed at this site"))


def load(
    uow: UnitOfWork, actor: Actor, shipment_id: str, sscc: str, raw_scan: str = ""
) -> LoadResult:
    shipment = require_shipment(uow, actor.warehouse, shipment_id)
    require_open(shipment)
    sscc = require_sscc(sscc)
    kind, parcels = parcels_of(uow, actor.warehouse, sscc)
    for parcel in parcels:
        if parcel.state in ("loaded", "shipped"):
            where = parcel.shipment or msg("a shipment")
            raise RuleViolation(
                msg(
                    "parcel {sscc} is already {state} on {where}: "
                    "expected a parcel still at the site",
                    sscc=parcel.sscc,
                    state=parcel.state,
                    where=where,
                ),
                "already_loaded",
            )
        if parcel.carrier.upper() != shipment.carrier.upper():
            raise RuleViolation(
                msg(
                    "{kind} {sscc}: parcel {sscc2} goes with "
                    "{value}, shipment {id} is {carrier}: keep "
                    "it off this trailer",
                    kind=kind,
                    sscc=sscc,
                    sscc2=parcel.sscc,
                    value=parcel.carrier or "no carrier",
                    id=shipment.id,
                    carrier=shipment.carrier,
                ),
                "wrong_carrier",
            )
    result = LoadResult(shipment.id, sscc, kind)
    for parcel in parcels:
        result.movements += move_parcel(
            uow, actor, parcel, shipment.location, MovementKind.MOVE, raw_scan
        )
        parcel.state = "loaded"
        parcel.shipment = shipment.id
        result.parcels.append(parcel.sscc)
    if kind != "parcel":
        bag = uow.parcels.handling_unit(sscc)
        if bag is not None:
            bag.location = shipment.location
    uow.parcels.flush()
    return result


def loaded_parcels(uow: UnitOfWork, shipment_id: str) -> list[ParcelRow]:
    return uow.parcels.on_shipment(shipment_id)


def close_shipment(uow: UnitOfWork, actor: Actor, shipment_id: str) -> DispatchResult:
    shipment = require_shipment(uow, actor.warehouse, shipment_id)
    require_open(shipment)
    parcels = loaded_parcels(uow, shipment.id)
    if not parcels:
        raise RuleViolation(
            msg("shipment {id} has no parcel loaded: scan parcels or bags first", id=shipment.id),
            "empty_shipment",
        )
    result = DispatchResult(shipment.id, len(parcels), 0)
    orders: set[str] = set()
    for parcel in parcels:
        for row in parcel_stock(uow, actor.warehouse, parcel.sscc):
            result.movements.append(
                post(
                    uow,
                    actor,
                    MovementDraft.shipment(
                        row.sku,
                        row.quantity,
                        StockPlace(row.location, parcel.sscc, StockStatus(row.status)),
                        lot=row.lot,
                        reference=parcel.order,
                    ),
                )
            )
            result.units += row.quantity
        parcel.state = "shipped"
        unit = uow.parcels.handling_unit(parcel.sscc)
        if unit is not None:
            unit.state = "shipped"
        orders.add(parcel.order)
    shipment.status = "closed"
    shipment.closed_at = actor.clock()
    uow.shipments.flush()
    for number in sorted(orders):
        order = uow.orders.get(number)
        if (
            order is not None
            and order.status == "packed"
            and not order_goods(uow, actor.warehouse, number)
        ):
            order.status = "shipped"
            result.orders_shipped.append(number)
    uow.orders.flush()
    return result


def shipments(uow: UnitOfWork, warehouse: str, status: str | None = None) -> list[ShipmentRow]:
    return uow.shipments.of_warehouse(warehouse, status)
