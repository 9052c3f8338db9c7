"""Putaway strategies: where should this stock go?

Tried in the order configured for the product or zone (:class:`PutawayPolicy`):

``fixed``        the product's fixed pick face (``products.fixed_location``) if it has room;
``consolidate``  the nearest location of a storage type already holding the same product and lot,
                 with room;
``empty``        the nearest empty location of a storage type that fits (units and weight).

Quarantined stock only ever goes to quarantine locations (nearest with room). "Nearest" is the
distance in walk sequence from where the stock is (the dock), ties broken by walk order, then
code. Capacity counts every unit already at the location, whatever its status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import Location, LocationType, StockStatus
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.workflows.queries import (
    Occupancy,
    location_load,
    locations_holding,
    occupancy,
)
from wms.core.services.workflows.runtime import Runtime

_PROBE = 64  # candidates whose occupancy one query reads, nearest first


@dataclass(frozen=True)
class Load:
    """What is to be put away: lines of (sku, lot, status, quantity)."""

    lines: tuple[tuple[str, str, StockStatus, int], ...]

    @property
    def units(self) -> int:
        return sum(line[3] for line in self.lines)

    @property
    def quarantined(self) -> bool:
        return any(line[2] is StockStatus.QUARANTINED for line in self.lines)

    def kg(self, weights: dict[str, Decimal]) -> Decimal:
        return sum(
            (weights.get(sku, Decimal("0")) * qty for sku, _, _, qty in self.lines), Decimal("0")
        )


@dataclass(frozen=True)
class Proposal:
    location: Location
    strategy: str
    reason: str


def fits(location: Location, used: Occupancy | None, units: int, kg: Decimal) -> bool:
    used_units = used.units if used else 0
    used_kg = used.kg if used else Decimal("0")
    if location.capacity_units is not None and used_units + units > location.capacity_units:
        return False
    return location.capacity_kg is None or used_kg + kg <= Decimal(location.capacity_kg)


def storage_types(runtime: Runtime) -> set[LocationType]:
    return {LocationType(t) for t in runtime.settings.putaway.storage_types}


def propose(runtime: Runtime, uow: UnitOfWork, load: Load, origin: Location) -> Proposal:
    """The location putaway directs ``load`` (now at ``origin``) to, or RuleViolation."""
    master = runtime.master
    weights = master.weights(uow)
    units, kg = load.units, load.kg(weights)
    locations = master.locations(uow)

    def nearness(loc: Location) -> tuple[int, int, str]:
        return (abs(loc.walk_sequence - origin.walk_sequence), loc.walk_sequence, loc.code)

    def nearest_with_room(
        candidates: Iterable[Location], *, empty: bool = False
    ) -> Location | None:
        """The nearest candidate that fits (and holds nothing, if ``empty``): occupancy is read
        for a few candidates at a time, nearest first, never for the whole warehouse."""
        ordered = sorted((c for c in candidates if c.code != origin.code), key=nearness)
        for start in range(0, len(ordered), _PROBE):
            chunk = ordered[start : start + _PROBE]
            used = occupancy(uow, runtime.warehouse, [c.code for c in chunk], weights)
            for location in chunk:
                if empty and location.code in used:
                    continue
                if fits(location, used.get(location.code), units, kg):
                    return location
        return None

    if load.quarantined:
        quarantine = nearest_with_room(
            loc for loc in locations.values() if loc.type is LocationType.QUARANTINE
        )
        if quarantine is None:
            raise RuleViolation(
                msg(
                    "no quarantine location has room for {units} units: call a supervisor",
                    units=units,
                ),
                "no_location",
            )
        return Proposal(quarantine, "quarantine", "quarantined stock")

    policy = runtime.settings.putaway
    allowed_types = storage_types(runtime)
    skus = {line[0] for line in load.lines}
    keys = {(line[0], line[1]) for line in load.lines}
    fixed: Location | None = None
    zones: tuple[str, ...] = ()
    if len(skus) == 1:
        sku = next(iter(skus))
        product = master.product(uow, sku)
        fixed = locations.get(product.fixed_location) if product.fixed_location else None
        zones = tuple(policy.zones_by_sku.get(sku, ()))
        order = policy.order_for(sku, fixed.zone if fixed else "")
    else:
        order = ("empty",)

    def in_zone(location: Location) -> bool:
        return location.type in allowed_types and (not zones or location.zone in zones)

    for strategy in order:
        if strategy == "fixed" and fixed is not None and nearest_with_room([fixed]):
            return Proposal(fixed, "fixed", f"fixed pick face of {next(iter(skus))}")
        if strategy == "consolidate" and len(keys) == 1:
            key = next(iter(keys))
            holding = locations_holding(uow, runtime.warehouse, *key)
            found = nearest_with_room(
                locations[code]
                for code in holding
                if code in locations and in_zone(locations[code])
            )
            if found is not None:
                lot = f" lot {key[1]}" if key[1] else ""
                return Proposal(found, "consolidate", f"with {key[0]}{lot}")
        if strategy == "empty":
            found = nearest_with_room(
                (loc for loc in locations.values() if in_zone(loc)), empty=True
            )
            if found is not None:
                return Proposal(found, "empty", "nearest empty location that fits")
    raise RuleViolation(
        msg(
            "no location has room for {units} units ({kg:.1f} "
            "kg) by strategies {order}: split the load "
            "or call a supervisor",
            units=units,
            kg=kg,
            order=", ".join(order),
        ),
        "no_location",
    )


def check_destination(
    runtime: Runtime, uow: UnitOfWork, load: Load, origin: Location, target: Location
) -> None:
    """Refuse ``target`` for ``load`` unless it is the right type and has room."""
    if target.code == origin.code:
        raise RuleViolation(
            msg("the stock is already at {code}: scan where it goes", code=target.code),
            "same_location",
        )
    if load.quarantined and target.type is not LocationType.QUARANTINE:
        raise RuleViolation(
            msg(
                "quarantined stock only goes to quarantine locations; {code} is a {type} location",
                code=target.code,
                type=target.type.value,
            ),
            "quarantine_only",
        )
    allowed = storage_types(runtime) | {LocationType.PICK_FACE, LocationType.QUARANTINE}
    if target.type not in allowed:
        raise RuleViolation(
            msg(
                "{code} is a {type} location: expected one of {value}",
                code=target.code,
                type=target.type.value,
                value=", ".join(sorted(t.value for t in allowed)),
            ),
            "wrong_location_type",
        )
    check_room(runtime, uow, load, target)


def check_room(runtime: Runtime, uow: UnitOfWork, load: Load, target: Location) -> None:
    weights = runtime.master.weights(uow)
    used = location_load(uow, runtime.warehouse, target.code, weights)
    units, kg = load.units, load.kg(weights)
    if not fits(target, used, units, kg):
        limits = []
        if target.capacity_units is not None:
            limits.append(f"{used.units} of {target.capacity_units} units used")
        if target.capacity_kg is not None:
            limits.append(f"{used.kg:.1f} of {Decimal(target.capacity_kg):.1f} kg used")
        raise RuleViolation(
            msg(
                "no room at {code} for {units} units ({kg:.1f} kg): {limits}",
                code=target.code,
                units=units,
                kg=kg,
                limits=", ".join(limits),
            ),
            "no_room",
        )
