"""Last mile: the deconsolidation sort's destinations fill bags (or cages), each closed with its
own SSCC label, and the carrier takes them at the handover scan.

A parcel sorted to a last-mile destination is in that destination's open bag (``hub_parcels``
sorted there with an empty ``last_mile_bag``). The bag closes when it reaches the destination's
capacity (``locations.capacity_units``, counted in parcels) or on ``CMD:CLOSE`` and a scan of the
destination, through the outbound sort's bag logic
(:func:`wms.core.services.outbound.sortation.new_bag`): a handling unit of kind ``bag`` with
the next SSCC of the station's range, the destination's sort-bin counters, and the bag label
queued on the station's label printer in the same transaction. Its parcels then carry the bag's
SSCC (``last_mile_bag``).

At the handover the carrier's bags are scanned by SSCC (and loose parcels by tracking number
when ``[hub] handover_loose_parcels`` allows it); a bag or parcel holding another carrier's
parcels is refused with both carriers named.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, bindparam, func, select, update

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.hub import ParcelState
from wms.core.domain.text import msg
from wms.core.persistence.base import table_of
from wms.core.persistence.hub_tables import HubParcelRow
from wms.core.persistence.raw_sqlite import PreparedRead
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub import deconsolidation as svc
from wms.core.services.ledger import Actor
from wms.core.services.outbound import queries as outbound_queries
from wms.core.services.outbound import sortation
from wms.core.services.outbound.printing import PrintRouting
from wms.core.services.outbound.sortation import BagResult

#: the open bag at a location: sorted there, not yet closed in a bag (through
#: ``ix_hub_parcels_location``)
_OPEN: tuple[ColumnElement[bool], ...] = (
    HubParcelRow.warehouse == bindparam("warehouse"),
    HubParcelRow.location == bindparam("location"),
    HubParcelRow.state == ParcelState.SORTED.value,
    HubParcelRow.last_mile_bag == "",
)
#: built once and sent straight to the driver on SQLite: it is asked after every sort
_OPEN_COUNT = PreparedRead(select(func.count()).select_from(HubParcelRow).where(*_OPEN))
_OPEN_PARCELS = select(HubParcelRow).where(*_OPEN).order_by(HubParcelRow.tracking)


def open_count(uow: UnitOfWork, warehouse: str, location: str) -> int:
    """Parcels in the open bag at ``location``."""
    found = _OPEN_COUNT.scalar(uow.session, {"warehouse": warehouse, "location": location})
    return int(found or 0)


def in_open_bag(uow: UnitOfWork, warehouse: str, location: str) -> list[HubParcelRow]:
    return list(uow.session.scalars(_OPEN_PARCELS, {"warehouse": warehouse, "location": location}))


def in_bag(uow: UnitOfWork, warehouse: str, sscc: str) -> list[HubParcelRow]:
    """The parcels closed in last-mile bag ``sscc``."""
    return list(
        uow.session.scalars(
            select(HubParcelRow)
            .where(HubParcelRow.warehouse == warehouse, HubParcelRow.last_mile_bag == sscc)
            .order_by(HubParcelRow.tracking)
        )
    )


@dataclass(frozen=True)
class Filled:
    """A destination's open bag after a sort: parcels in it, its capacity, the bag closed."""

    open_parcels: int
    capacity: int | None
    closed: BagResult | None


def after_sort(uow: UnitOfWork, actor: Actor, location: str, *, printing: PrintRouting) -> Filled:
    """A parcel was sorted to ``location``: close its bag if that filled it (the caller
    commits)."""
    capacity = outbound_queries.capacity_units(uow, actor.warehouse, location)
    count = open_count(uow, actor.warehouse, location)
    if capacity and count >= capacity:
        return Filled(0, capacity, close(uow, actor, location, printing=printing))
    return Filled(count, capacity, None)


def close(uow: UnitOfWork, actor: Actor, location: str, *, printing: PrintRouting) -> BagResult:
    """Close the open bag at ``location``: its SSCC, label and parcels (the caller commits)."""
    parcels = in_open_bag(uow, actor.warehouse, location)
    if not parcels:
        if uow.locations.get(actor.warehouse, location) is None:
            raise NotFound(msg("location"), location)
        raise RuleViolation(
            msg("the bag at {destination} is empty: nothing to close", destination=location),
            "nothing_to_close",
        )
    warehouse = uow.warehouses.require(actor.warehouse)
    carriers = sorted({p.carrier for p in parcels if p.carrier})
    bag = sortation.new_bag(
        uow,
        actor,
        warehouse,
        location,
        [p.tracking for p in parcels],
        sum((Decimal(p.weight_kg) for p in parcels), Decimal(0)),
        "+".join(carriers),
        printing=printing,
    )
    table = table_of(HubParcelRow)
    trackings = [p.tracking for p in parcels]
    for start in range(0, len(trackings), 500):
        uow.session.execute(
            update(table)
            .where(
                table.c.warehouse == actor.warehouse,
                table.c.tracking.in_(trackings[start : start + 500]),
            )
            .values(last_mile_bag=bag.sscc)
        )
    return bag


@dataclass(frozen=True)
class Handed:
    """What one handover scan gave the carrier."""

    what: str  # the bag SSCC, the tracking number or the destination scanned
    parcels: int
    bags: tuple[str, ...]


def _refuse_others(what: str, carrier: str, carriers: set[str]) -> None:
    others = sorted(carriers - {carrier})
    if others:
        raise RuleViolation(
            msg(
                "{what} is for {others}, not {carrier}: keep it for {others}",
                what=what,
                others=", ".join(others) or msg("no carrier"),
                carrier=carrier,
            ),
            "other_carrier",
        )


def hand_over_bag(uow: UnitOfWork, actor: Actor, carrier: str, sscc: str, raw: str) -> Handed:
    """Bag ``sscc`` goes to ``carrier`` (refused if it holds another carrier's parcels)."""
    parcels = in_bag(uow, actor.warehouse, sscc)
    unit = uow.parcels.handling_unit(sscc)
    if not parcels or unit is None:
        raise NotFound(msg("bag"), sscc, msg("no last-mile bag was closed with that SSCC here"))
    waiting = [p for p in parcels if p.state == ParcelState.SORTED]
    if not waiting:
        raise RuleViolation(
            msg(
                "bag {sscc} was already handed over to {value}",
                sscc=sscc,
                value=", ".join(sorted({p.location for p in parcels})),
            ),
            "already_handed_over",
        )
    _refuse_others(msg("bag {sscc}", sscc=sscc), carrier, {p.carrier for p in waiting})
    svc.hand_over(uow, actor, carrier, unit.location, waiting, raw)
    unit.state = "shipped"
    unit.location = carrier
    return Handed(sscc, len(waiting), (sscc,))


def hand_over_parcel(
    uow: UnitOfWork, actor: Actor, carrier: str, tracking: str, raw: str, *, loose: bool
) -> Handed:
    """A loose parcel (sorted, not closed in a bag) goes to ``carrier``."""
    parcel = uow.hub.parcel(actor.warehouse, tracking)
    if parcel is None:
        raise NotFound(msg("parcel"), tracking, msg("it is in no pre-alert"))
    if parcel.last_mile_bag and parcel.state == ParcelState.SORTED:
        raise RuleViolation(
            msg(
                "parcel {tracking} is in bag {sscc}: scan the bag",
                tracking=tracking,
                sscc=parcel.last_mile_bag,
            ),
            "parcel_in_bag",
        )
    if parcel.state != ParcelState.SORTED:
        raise RuleViolation(
            msg(
                "parcel {tracking} is not ready for a carrier: it is {state} at {value}",
                tracking=tracking,
                state=parcel.state.replace("_", " "),
                value=parcel.location or msg("the hub"),
            ),
            "not_sorted",
        )
    if not loose:
        raise RuleViolation(
            msg(
                "loose parcels are not handed over at this hub: close the bag at {location} "
                "(CMD:CLOSE in deconsolidation) and scan the bag",
                location=parcel.location,
            ),
            "loose_parcel",
        )
    _refuse_others(msg("parcel {tracking}", tracking=tracking), carrier, {parcel.carrier})
    svc.hand_over(uow, actor, carrier, parcel.location, [parcel], raw)
    return Handed(tracking, 1, ())


def hand_over_destination(
    uow: UnitOfWork, actor: Actor, carrier: str, location: str, raw: str, *, loose: bool
) -> Handed:
    """Everything waiting at ``location`` for the carrier: its closed bags, and its open bag's
    parcels when loose parcels are allowed."""
    rows = list(
        uow.session.scalars(
            select(HubParcelRow).where(
                HubParcelRow.warehouse == actor.warehouse,
                HubParcelRow.location == location,
                HubParcelRow.state == ParcelState.SORTED.value,
            )
        )
    )
    waiting = [p for p in rows if loose or p.last_mile_bag]
    if not waiting:
        if rows:
            raise RuleViolation(
                msg(
                    "the bag at {location} is still open: close it (CMD:CLOSE in "
                    "deconsolidation) and scan the bag",
                    location=location,
                ),
                "loose_parcel",
            )
        raise RuleViolation(
            msg("nothing to hand over at {code}", code=location), "nothing_to_hand_over"
        )
    others = sorted({p.carrier for p in waiting} - {carrier})
    if others:
        raise RuleViolation(
            msg(
                "{code} holds parcels for {others}, not only "
                "{carrier}: it is not handed to this carrier",
                code=location,
                others=", ".join(others),
                carrier=carrier,
            ),
            "other_carrier",
        )
    svc.hand_over(uow, actor, carrier, location, waiting, raw)
    bags = tuple(sorted({p.last_mile_bag for p in waiting if p.last_mile_bag}))
    for sscc in bags:
        unit = uow.parcels.handling_unit(sscc)
        if unit is not None:
            unit.state = "shipped"
            unit.location = carrier
    return Handed(location, len(waiting), bags)


def closed_note(bag: BagResult) -> str:
    """What the operator is told when a sort filled the destination's bag."""
    return msg(
        "; {code} full: bag {sscc} closed with {count} parcels, label printed; put a new bag in",
        code=bag.destination,
        sscc=bag.sscc,
        count=len(bag.parcels),
    )
