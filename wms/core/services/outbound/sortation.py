"""Sorting: parcels to sort destinations by the plan, batch picks to put-wall slots by order.

Parcels: the compiled plan (:mod:`.sort_plan`) names the destination; scanning that destination
posts ``sort`` movements moving the parcel's stock there (same handling unit, reference = the
order). A different destination is refused and counted as a mis-sort attempt on the destination
the parcel should have gone to (``sort_bins.mis_sorts``, committed even though the scan is
refused). A destination's capacity (``LocationRow.capacity_units``) counts parcels: when the
open bag reaches it, the bag is closed and a new one takes its place. ``CMD:CLOSE`` closes a bag
on demand. A closed bag is a handling unit of kind ``bag`` with its own SSCC; its parcels nest
in it (``handling_units.parent_sscc``) and ``parcels.bag`` is its manifest. Its label is queued
in the same transaction as a print spec, rendered by the print queue (``printing``: the
station's routing).

Put wall: the put wall is the sort destinations of zone ``PUTWALL`` (``PW-01..PW-08`` on the demo
site). Scanning an item from a batch tote finds an order in that tote still waiting for that
product; the order's slot is shown (a free slot is assigned to the order on its first item) and
scanning the slot posts a ``sort`` movement from the tote to the slot. A slot is freed when its
order is packed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.model import (
    HandlingUnitKind,
    LocationType,
    Movement,
    MovementDraft,
    MovementKind,
    StockPlace,
    StockStatus,
    Warehouse,
)
from wms.core.domain.print_specs import BagLabelSpec, fit
from wms.core.domain.text import msg
from wms.core.persistence.outbound_tables import (
    ParcelRow,
    PickTaskRow,
    PutWallSlotRow,
    SortBinRow,
)
from wms.core.persistence.tables import HandlingUnitRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound import queries
from wms.core.services.outbound.picking import tote_unit
from wms.core.services.outbound.printing import PrintRouting, enqueue
from wms.core.services.outbound.shipping import move_parcel
from wms.core.services.outbound.sort_plan import SortItem, SortPlanIndex, SortRule

PUT_WALL_ZONE = "PUTWALL"


class MisSort(RuleViolation):
    code = "mis_sort"


@dataclass
class BagResult:
    sscc: str
    destination: str
    parcels: list[str]
    weight_kg: Decimal
    print_job: str = ""


@dataclass
class SortResult:
    parcel: str
    destination: str
    movements: list[Movement] = field(default_factory=list)
    open_parcels: int = 0
    capacity: int | None = None
    closed_bag: BagResult | None = None


def require_parcel(uow: UnitOfWork, warehouse: str, sscc: str) -> ParcelRow:
    parcel = uow.parcels.get(sscc)
    if parcel is None or parcel.warehouse != warehouse:
        raise NotFound(msg("parcel SSCC"), sscc, msg("it was not packed at this site"))
    return parcel


def sort_item(parcel: ParcelRow) -> SortItem:
    return SortItem(
        country=parcel.ship_to_country,
        postcode=parcel.ship_to_postcode,
        carrier=parcel.carrier,
        route=parcel.service,
        order_number=parcel.order,
    )


def decide(index: SortPlanIndex, parcel: ParcelRow) -> SortRule:
    if parcel.state not in ("packed", "sorted"):
        raise RuleViolation(
            msg(
                "parcel {sscc} is {state}: expected a packed parcel to sort",
                sscc=parcel.sscc,
                state=parcel.state,
            ),
            "parcel_not_sortable",
        )
    if parcel.state == "sorted" and parcel.bag:
        raise RuleViolation(
            msg(
                "parcel {sscc} is already in bag {bag} at {location}",
                sscc=parcel.sscc,
                bag=parcel.bag,
                location=parcel.location,
            ),
            "already_sorted",
        )
    rule = index.decide(sort_item(parcel))
    if rule is None:
        raise RuleViolation(
            msg(
                "sort plan {index} has no destination for "
                "parcel {sscc} ({ship_to_country} {ship_to_postcode}, "
                "{carrier}): expected a catch-all rule; set "
                "it aside for a supervisor",
                index=index.name,
                sscc=parcel.sscc,
                ship_to_country=parcel.ship_to_country,
                ship_to_postcode=parcel.ship_to_postcode,
                carrier=parcel.carrier,
            ),
            "no_sort_destination",
        )
    return rule


def sort_bin(uow: UnitOfWork, warehouse: str, location: str) -> SortBinRow:
    return uow.sortation.sort_bin(warehouse, location)


def record_mis_sort(uow: UnitOfWork, warehouse: str, location: str) -> int:
    row = sort_bin(uow, warehouse, location)
    row.mis_sorts += 1
    uow.sortation.flush()
    return row.mis_sorts


def sort_parcel(
    uow: UnitOfWork,
    actor: Actor,
    warehouse: Warehouse | None,
    parcel: ParcelRow,
    destination: str,
    expected: str,
    raw_scan: str = "",
    *,
    printing: PrintRouting,
) -> SortResult:
    """Move the parcel to ``destination`` (already checked equal to ``expected``).

    The statements the rule needs and no more: the parcel's stock, its sort movements, its new
    place and state, and the destination's counters with its capacity in one upsert (prebuilt
    statements on SQLite). ``warehouse`` (``None``: read only when a bag closes) names the GS1
    prefix of a closed bag's label."""
    if destination != expected:
        raise MisSort(
            msg(
                "wrong destination {destination}: parcel {sscc} goes to {expected}",
                destination=destination,
                sscc=parcel.sscc,
                expected=expected,
            )
        )
    result = SortResult(parcel.sscc, destination)
    result.movements = move_parcel(
        uow, actor, parcel, destination, MovementKind.SORT, raw_scan, state="sorted"
    )
    open_parcels, result.capacity = uow.sortation.count_sorted(actor.warehouse, destination)
    if result.capacity and open_parcels >= result.capacity:
        if warehouse is None:
            warehouse = uow.warehouses.require(actor.warehouse)
        result.closed_bag = close_bag(uow, actor, warehouse, destination, printing=printing)
        open_parcels = 0  # a new bag takes the full one's place
    result.open_parcels = open_parcels
    return result


def close_bag(
    uow: UnitOfWork,
    actor: Actor,
    warehouse: Warehouse,
    destination: str,
    *,
    printing: PrintRouting,
) -> BagResult:
    """Close the open bag at ``destination`` into a handling unit with its own SSCC."""
    parcels = uow.parcels.in_open_bag(actor.warehouse, destination)
    if not parcels:
        raise RuleViolation(
            msg("the bag at {destination} is empty: nothing to close", destination=destination),
            "nothing_to_close",
        )
    weight = sum((Decimal(p.weight_kg) for p in parcels), Decimal(0))
    result = new_bag(
        uow,
        actor,
        warehouse,
        destination,
        [p.sscc for p in parcels],
        weight,
        parcels[0].carrier,
        printing=printing,
    )
    uow.parcels.put_in_bag(parcels, result.sscc)
    return result


def new_bag(
    uow: UnitOfWork,
    actor: Actor,
    warehouse: Warehouse,
    destination: str,
    parcels: list[str],
    weight_kg: Decimal,
    carrier: str,
    *,
    printing: PrintRouting,
) -> BagResult:
    """A closed bag at ``destination`` holding ``parcels``: a handling unit of kind ``bag``
    with the next SSCC of the station's range, the destination's bin counters reset and its
    label queued. The caller records which parcels are in it (outbound parcels here, the hub's
    last-mile parcels in :mod:`wms.core.services.hub.lastmile`)."""
    sscc = uow.warehouses.allocate_sscc(actor.warehouse)
    uow.parcels.add(
        HandlingUnitRow(
            sscc=sscc,
            warehouse=actor.warehouse,
            kind=HandlingUnitKind.BAG.value,
            location=destination,
            parent_sscc=None,
            state="closed",
            reference=destination,
            created_at=actor.clock(),
        )
    )
    uow.parcels.flush()
    bin_row = sort_bin(uow, actor.warehouse, destination)
    bin_row.open_parcels = 0
    bin_row.bags_closed += 1
    result = BagResult(sscc, destination, list(parcels), weight_kg)
    result.print_job = _print_bag_label(uow, printing, warehouse, result, carrier)
    return result


def _print_bag_label(
    uow: UnitOfWork, printing: PrintRouting, warehouse: Warehouse, bag: BagResult, carrier: str
) -> str:
    label = BagLabelSpec(
        sscc=bag.sscc,
        destination_code=bag.destination[-12:].upper(),
        destination_name=fit(f"{bag.destination} ({len(bag.parcels)} parcels)", "destination_name"),
        carrier=fit(carrier, "carrier"),
        parcel_count=len(bag.parcels),
        weight_kg=bag.weight_kg.quantize(Decimal("0.001")).normalize() if bag.weight_kg else None,
        company_prefix_length=len(warehouse.gs1_company_prefix),
    )
    return enqueue(
        uow,
        printer=printing.labels(),
        spec=label,
        description=f"bag label {bag.destination} {bag.sscc}",
        reference=bag.sscc,
    )


# --- put wall -------------------------------------------------------------------------------


def put_wall_slots(uow: UnitOfWork, warehouse: str) -> list[str]:
    return queries.locations_of_zone(uow, warehouse, LocationType.SORT_DESTINATION, PUT_WALL_ZONE)


def tote_tasks(uow: UnitOfWork, warehouse: str, tote: str) -> list[PickTaskRow]:
    """Picks in the tote not yet put to the wall."""
    return uow.picking.in_tote(warehouse, tote_unit(tote))


def slot_of(uow: UnitOfWork, warehouse: str, order: str) -> str:
    return uow.sortation.slot_of(warehouse, order)


def order_in_slot(uow: UnitOfWork, warehouse: str, slot: str) -> str:
    row = uow.sortation.slot(warehouse, slot)
    return row.order if row is not None else ""


def assign_slot(uow: UnitOfWork, warehouse: str, order: str, *, now: datetime) -> str:
    """The order's slot, assigning the first free one on the wall if it has none."""
    current = slot_of(uow, warehouse, order)
    if current:
        return current
    for code in put_wall_slots(uow, warehouse):
        row = uow.sortation.slot(warehouse, code)
        if row is None:
            row = PutWallSlotRow(warehouse=warehouse, location=code, order="")
            uow.sortation.add(row)
        if not row.order:
            row.order = order
            row.assigned_at = now
            uow.sortation.flush()
            return code
    raise RuleViolation(
        msg("the put wall is full: pack an order to free a slot, then scan the item again"),
        "put_wall_full",
    )


def release_slot(uow: UnitOfWork, warehouse: str, order: str) -> str:
    slot = slot_of(uow, warehouse, order)
    if slot:
        row = uow.sortation.slot(warehouse, slot)
        if row is not None:
            row.order = ""
            row.assigned_at = None
    return slot


def find_put(uow: UnitOfWork, warehouse: str, tote: str, sku: str, lot: str | None) -> PickTaskRow:
    """The pick in ``tote`` this item belongs to (oldest order first)."""
    tasks = tote_tasks(uow, warehouse, tote)
    if not tasks:
        raise RuleViolation(
            msg("tote {tote} has nothing left to sort", tote=tote_unit(tote)), "tote_empty"
        )
    for task in tasks:
        if task.sku == sku and (not lot or task.lot == lot):
            return task
    skus = sorted({t.sku for t in tasks})
    if any(t.sku == sku for t in tasks):
        lots = sorted({t.lot for t in tasks if t.sku == sku})
        raise RuleViolation(
            msg(
                "wrong lot {lot} of {sku}: tote {tote} holds lot {lots}",
                lot=lot,
                sku=sku,
                tote=tote_unit(tote),
                lots=", ".join(lots),
            ),
            "wrong_lot",
        )
    raise RuleViolation(
        msg(
            "{sku} is not in tote {tote} (it holds {skus}): set it aside",
            sku=sku,
            tote=tote_unit(tote),
            skus=", ".join(skus),
        ),
        "wrong_item",
    )


def put_to_slot(
    uow: UnitOfWork,
    actor: Actor,
    task: PickTaskRow,
    slot: str,
    quantity: int,
    raw_scan: str = "",
) -> Movement:
    remaining = task.picked - task.put
    if quantity <= 0 or quantity > remaining:
        raise RuleViolation(
            msg(
                "put of {quantity}: expected 1 to {remaining} units of {sku} for {order}",
                quantity=quantity,
                remaining=remaining,
                sku=task.sku,
                order=task.order,
            ),
            "over_put",
        )
    movement = post(
        uow,
        actor,
        MovementDraft.sort(
            task.sku,
            quantity,
            StockPlace(task.drop_location, task.tote, StockStatus.RESERVED),
            StockPlace(slot, "", StockStatus.RESERVED),
            lot=task.lot,
            reference=task.order,
            raw_scan=raw_scan,
        ),
    )
    task.put += quantity
    uow.picking.flush()
    return movement
