"""Waves: choose orders, allocate them, and cut their picks into sequenced pick lists.

``release_wave`` selects orders (by number, carrier — the carrier's cut-off is why a supervisor
releases its orders together — or destination country), allocates each (FEFO / FIFO, see
:mod:`.allocation`), releases those fully allocated and reports the back-ordered ones with their
shortages (they keep what they hold and can be released later). The released orders' picks
become pick lists:

* ``single``: one list per order, picked into one tote per order;
* ``batch``: up to ``batch_size`` orders per list (default: the 8 slots of the put wall), picked
  into one batch tote and sorted to order slots at the put wall;
* ``zone``: one list per zone of the warehouse for the whole wave, then put wall as for batch.

Each list is sequenced along the walking path (:mod:`.picking_path`); the wave records the
walking distance of the list in order-line order (unsequenced) and in walking order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.model import LocationType
from wms.core.domain.text import msg
from wms.core.persistence.outbound_tables import AllocationRow, PickTaskRow, WaveRow
from wms.core.persistence.tables import OrderRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor
from wms.core.services.outbound import queries
from wms.core.services.outbound.allocation import (
    ALLOCATABLE_ORDER_STATUSES,
    AllocationCache,
    NewAllocation,
    OrderResult,
    allocate_order,
)
from wms.core.services.outbound.common import next_number, next_numbers
from wms.core.services.outbound.picking_path import Layout, PathModel

MODES = ("single", "batch", "zone")
DEFAULT_BATCH_SIZE = 8


@dataclass
class PickListSummary:
    id: str
    zone: str
    orders: list[str]
    tasks: int
    units: int
    unsequenced_m: Decimal
    sequenced_m: Decimal
    first_location: str = ""


@dataclass
class WaveResult:
    wave: str
    mode: str
    released: list[str] = field(default_factory=list)
    backordered: list[OrderResult] = field(default_factory=list)
    pick_lists: list[PickListSummary] = field(default_factory=list)

    @property
    def unsequenced_m(self) -> Decimal:
        return sum((p.unsequenced_m for p in self.pick_lists), Decimal("0"))

    @property
    def sequenced_m(self) -> Decimal:
        return sum((p.sequenced_m for p in self.pick_lists), Decimal("0"))

    @property
    def saved_m(self) -> Decimal:
        return self.unsequenced_m - self.sequenced_m


def select_orders(
    uow: UnitOfWork,
    warehouse: str,
    *,
    orders: Sequence[str] | None = None,
    carrier: str | None = None,
    country: str | None = None,
) -> list[OrderRow]:
    if orders:
        wanted = [o.strip() for o in orders if o.strip()]
        rows = uow.orders.of_numbers(warehouse, wanted)
        missing = [o for o in wanted if o not in rows]
        if missing:
            raise NotFound(
                msg("order"),
                ", ".join(missing),
                msg("not orders of warehouse {warehouse}", warehouse=warehouse),
            )
        blocked = [f"{o} is {rows[o].status}" for o in wanted
                   if rows[o].status not in ALLOCATABLE_ORDER_STATUSES]  # fmt: skip
        if blocked:
            raise RuleViolation(
                msg("cannot release: ")
                + "; ".join(blocked)
                + msg(" (expected open, backordered or allocated orders)"),
                "order_not_releasable",
            )
        selected = [rows[o] for o in dict.fromkeys(wanted)]
    else:
        selected = uow.orders.in_statuses(warehouse, ALLOCATABLE_ORDER_STATUSES)
    if carrier:
        selected = [o for o in selected if o.carrier.upper() == carrier.strip().upper()]
    if country:
        selected = [o for o in selected if o.ship_to_country.upper() == country.strip().upper()]
    return selected


def drop_location(uow: UnitOfWork, warehouse: str) -> str:
    """Where picked totes are (the first staging location along the walk)."""
    code = queries.first_location_of_type(uow, warehouse, LocationType.STAGING, active_only=True)
    if code is None:
        raise RuleViolation(
            msg(
                "warehouse {warehouse} has no staging location: expected one to drop picked totes",
                warehouse=warehouse,
            ),
            "no_staging",
        )
    return code


def release_wave(
    uow: UnitOfWork,
    actor: Actor,
    *,
    today: date,
    orders: Sequence[str] | None = None,
    carrier: str | None = None,
    country: str | None = None,
    mode: str = "single",
    batch_size: int = DEFAULT_BATCH_SIZE,
    model: PathModel | None = None,
) -> WaveResult:
    """Allocate and release a wave in the caller's transaction (commit it to keep it)."""
    if mode not in MODES:
        raise RuleViolation(
            msg("wave mode '{mode}': expected one of {modes}", mode=mode, modes=", ".join(MODES))
        )
    if batch_size < 1:
        raise RuleViolation(
            msg("batch size {batch_size}: expected at least 1", batch_size=batch_size)
        )
    warehouse = actor.warehouse
    selected = select_orders(uow, warehouse, orders=orders, carrier=carrier, country=country)
    if not selected:
        raise RuleViolation(
            msg("no order to release: expected open, backordered or allocated orders matching ")
            + _criteria(orders, carrier, country),
            "nothing_to_release",
        )
    cache = AllocationCache(defer_posting=True)
    cache.prefetch(uow, warehouse, selected)
    result = WaveResult(wave="", mode=mode)
    for order in selected:
        outcome = allocate_order(uow, actor, order.number, today=today, cache=cache)
        if outcome.complete:
            result.released.append(order.number)
        else:
            result.backordered.append(outcome)
    cache.post_pending(uow, actor)
    uow.orders.set_status([b.order for b in result.backordered], "backordered")
    if not result.released:
        uow.allocations.add_reserved([_allocation_values(a, "") for a in cache.new])
        return result
    wave_id = next_number(uow, actor, "wave", "W")
    result.wave = wave_id
    released = set(result.released)
    # what the released orders held before the wave joins it (read before the new rows exist)
    earlier = uow.allocations.reserved(warehouse, [o for o in result.released
                                                   if o in cache.holding])  # fmt: skip
    for row in earlier:
        row.wave = wave_id
    ids = uow.allocations.add_reserved(
        [_allocation_values(a, wave_id if a.order in released else "") for a in cache.new]
    )
    allocations = [_Stop.of(a, a.id, a.picked) for a in earlier]
    allocations += [_Stop.of(a, id_, 0) for a, id_ in zip(cache.new, ids, strict=True)
                    if a.order in released]  # fmt: skip
    allocations.sort(key=lambda a: (a.order, a.line, a.id))
    layout = Layout.load(uow, warehouse, model)
    groups = _group(allocations, mode, batch_size, queries.zones(uow, warehouse))
    drop = drop_location(uow, warehouse)
    list_ids = next_numbers(uow, actor, "pick_list", "PL", len(groups))
    lists: list[dict[str, object]] = []
    tasks: list[dict[str, object]] = []
    for list_id, (zone, group) in zip(list_ids, groups, strict=True):
        unsequenced = [a.location for a in group]
        ordered = sorted(group, key=lambda a: layout.walk_key(a.location))
        sequenced = [a.location for a in ordered]
        summary = PickListSummary(
            id=list_id,
            zone=zone,
            orders=sorted({a.order for a in group}),
            tasks=len(group),
            units=sum(a.quantity - a.picked for a in group),
            unsequenced_m=layout.route_length(unsequenced),
            sequenced_m=layout.route_length(sequenced),
            first_location=sequenced[0] if sequenced else "",
        )
        lists.append(
            {
                "id": list_id,
                "warehouse": warehouse,
                "wave": wave_id,
                "mode": mode,
                "zone": zone,
                "status": "open",
                "distance_unsequenced_m": summary.unsequenced_m,
                "distance_sequenced_m": summary.sequenced_m,
            }
        )
        for sequence, stop in enumerate(ordered, start=1):
            tasks.append(
                {
                    "warehouse": warehouse,
                    "pick_list": list_id,
                    "sequence": sequence,
                    "allocation": stop.id,
                    "order": stop.order,
                    "line": stop.line,
                    "sku": stop.sku,
                    "lot": stop.lot,
                    "location": stop.location,
                    "handling_unit": stop.handling_unit,
                    "quantity": stop.quantity - stop.picked,
                    "picked": 0,
                    "put": 0,
                    "state": "open",
                    "drop_location": drop,
                }
            )
        result.pick_lists.append(summary)
    # thousands of rows: one executemany each, no objects
    uow.picking.add_lists(lists)
    uow.picking.add_tasks(tasks)
    uow.orders.set_status(result.released, "released")
    uow.picking.add_wave_orders(wave_id, result.released)
    uow.picking.add(
        WaveRow(
            id=wave_id,
            warehouse=warehouse,
            mode=mode,
            status="released",
            criteria=_criteria(orders, carrier, country),
            orders=len(result.released),
            lines=len({(a.order, a.line) for a in allocations}),
            units=sum(a.quantity for a in allocations),
            distance_unsequenced_m=result.unsequenced_m,
            distance_sequenced_m=result.sequenced_m,
            created_by=actor.operator,
            created_at=actor.clock(),
        )
    )
    uow.picking.flush()
    return result


@dataclass(frozen=True, slots=True)
class _Stop:
    """A reserved allocation a wave picks (its row's columns the pick lists need)."""

    id: int
    order: str
    line: int
    sku: str
    lot: str
    location: str
    handling_unit: str
    quantity: int
    picked: int

    @classmethod
    def of(cls, a: AllocationRow | NewAllocation, id_: int, picked: int) -> _Stop:
        return cls(id_, a.order, a.line, a.sku, a.lot, a.location, a.handling_unit, a.quantity,
                   picked)  # fmt: skip


def _allocation_values(a: NewAllocation, wave: str) -> dict[str, object]:
    """The ``AllocationRow`` columns of an allocation the wave made."""
    return {
        "warehouse": a.warehouse,
        "order": a.order,
        "line": a.line,
        "sku": a.sku,
        "location": a.location,
        "lot": a.lot,
        "handling_unit": a.handling_unit,
        "quantity": a.quantity,
        "picked": 0,
        "state": "reserved",
        "strategy": a.strategy,
        "wave": wave,
        "created_at": a.created_at,
    }


def _criteria(orders: Iterable[str] | None, carrier: str | None, country: str | None) -> str:
    parts = []
    if orders:
        parts.append("orders " + " ".join(orders))
    if carrier:
        parts.append(f"carrier {carrier}")
    if country:
        parts.append(f"country {country}")
    return ", ".join(parts) or "all open orders"


def _group(
    allocations: list[_Stop], mode: str, batch_size: int, zones: dict[str, str]
) -> list[tuple[str, list[_Stop]]]:
    if mode == "single":
        by_order: dict[str, list[_Stop]] = defaultdict(list)
        for allocation in allocations:
            by_order[allocation.order].append(allocation)
        return [("", group) for _, group in sorted(by_order.items())]
    if mode == "batch":
        order_numbers = sorted({a.order for a in allocations})
        batch_of = {number: index // batch_size for index, number in enumerate(order_numbers)}
        batches: list[list[_Stop]] = [[] for _ in range(0, len(order_numbers), batch_size)]
        for allocation in allocations:
            batches[batch_of[allocation.order]].append(allocation)
        return [("", batch) for batch in batches]
    by_zone: dict[str, list[_Stop]] = defaultdict(list)
    for allocation in allocations:
        by_zone[zones.get(allocation.location, "")].append(allocation)
    return sorted(by_zone.items())


def pick_list_tasks(uow: UnitOfWork, pick_list: str) -> list[PickTaskRow]:
    return uow.picking.tasks(pick_list)
