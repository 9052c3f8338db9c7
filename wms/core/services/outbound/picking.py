"""Picking: confirm a pick into a tote, record a short pick and re-allocate.

Pick movements (decided here): kind ``pick``, from the task's location / handling unit in
``reserved`` status, to the wave's drop location (the first staging location, ``STAGE-01`` on
the demo site) in the tote as handling unit ``TOTE:<id>``, still ``reserved`` (the units belong
to an order until they ship); reference = the order number. So ``wms stock --handling-unit
TOTE:T01`` shows what a tote carries, and the ledger tells for which order.

Totes: a single-order pick list puts each order in its own tote; a batch or zone list puts
everything in one batch tote that goes to the put wall. A tote is free when it holds no stock;
a tote holding another order's or another list's goods is refused.

A short pick frees the missing units' reservation (``reserved → available`` at the location,
allocation state ``short``), opens a count task for the location, and re-allocates the missing
units elsewhere (never at the location that was short); the new picks are added to the same
list in walking order. Units that cannot be found anywhere are short for the order line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.model import Movement, MovementDraft, StockPlace, StockStatus
from wms.core.domain.text import msg
from wms.core.persistence.outbound_tables import PickListRow, PickTaskRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.persistence.workflow_tables import CountTaskRow
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound import queries
from wms.core.services.outbound.allocation import AllocationCache, allocate_line, free
from wms.core.services.outbound.common import require_order
from wms.core.services.outbound.picking_path import Layout
from wms.core.services.outbound.waves import pick_list_tasks

TOTE_PREFIX = "TOTE:"


def tote_unit(tote: str) -> str:
    """The handling unit code of a tote in the stock ledger (``TOTE:T01``)."""
    tote = tote.strip().upper()
    return tote if tote.startswith(TOTE_PREFIX) else f"{TOTE_PREFIX}{tote}"


def require_pick_list(uow: UnitOfWork, warehouse: str, list_id: str) -> PickListRow:
    row = uow.picking.pick_list(list_id.strip().upper())
    if row is None or row.warehouse != warehouse:
        raise NotFound(
            msg("pick list"),
            list_id,
            msg("not a pick list of warehouse {warehouse}", warehouse=warehouse),
        )
    if row.status == "done":
        raise RuleViolation(msg("pick list {id} is already picked", id=row.id), "pick_list_done")
    return row


def next_open_list(uow: UnitOfWork, warehouse: str) -> PickListRow:
    row = uow.picking.first_open_list(warehouse)
    if row is None:
        raise RuleViolation(msg("no open pick list: release a wave first"), "no_pick_list")
    return row


def tote_holdings(uow: UnitOfWork, warehouse: str, tote: str) -> int:
    return queries.units_in_handling_unit(uow, warehouse, tote_unit(tote))


def expected_tote(pick_list: PickListRow, task: PickTaskRow, tasks: list[PickTaskRow]) -> str:
    """The tote this task must go in, or '' when any free tote may start it; ``tasks`` are
    the list's (a single-order list's order goes in the tote its first pick went in)."""
    if pick_list.mode != "single":
        return pick_list.tote
    return next((t.tote for t in tasks if t.order == task.order and t.tote), "")


def check_tote(
    uow: UnitOfWork,
    warehouse: str,
    pick_list: PickListRow,
    task: PickTaskRow,
    tasks: list[PickTaskRow],
    tote: str,
) -> str:
    """The tote's handling-unit code if ``tote`` may take this pick, else a refusal;
    ``tasks`` are the list's."""
    unit = tote_unit(tote)
    wanted = expected_tote(pick_list, task, tasks)
    if wanted:
        if wanted != unit:
            raise RuleViolation(
                msg(
                    "wrong tote {unit}: {order} goes in {wanted}",
                    unit=unit,
                    order=task.order,
                    wanted=wanted,
                )
                if pick_list.mode == "single"
                else msg(
                    "wrong tote {unit}: pick list {id} goes in {wanted}",
                    unit=unit,
                    id=pick_list.id,
                    wanted=wanted,
                ),
                "wrong_tote",
            )
        return unit
    if tote_holdings(uow, warehouse, unit):
        orders = uow.picking.orders_in_tote(warehouse, unit)
        holder = ", ".join(sorted(orders)) or msg("other goods")
        raise RuleViolation(
            msg(
                "tote {unit} is not empty (it holds {holder}): take an empty tote",
                unit=unit,
                holder=holder,
            ),
            "tote_in_use",
        )
    return unit


def confirm_pick(
    uow: UnitOfWork,
    actor: Actor,
    pick_list: PickListRow,
    task: PickTaskRow,
    quantity: int,
    tote: str,
    raw_scan: str = "",
) -> Movement:
    """Post the pick of ``quantity`` units of ``task`` into ``tote`` (checked already)."""
    remaining = task.quantity - task.picked
    if quantity <= 0 or quantity > remaining:
        raise RuleViolation(
            msg(
                "pick of {quantity}: expected 1 to {remaining} units of {sku} at {location}",
                quantity=quantity,
                remaining=remaining,
                sku=task.sku,
                location=task.location,
            ),
            "over_pick",
        )
    unit = tote_unit(tote)
    movement = post(
        uow,
        actor,
        MovementDraft.pick(
            task.sku,
            quantity,
            StockPlace(task.location, task.handling_unit, StockStatus.RESERVED),
            StockPlace(task.drop_location, unit, StockStatus.RESERVED),
            lot=task.lot,
            reference=task.order,
            raw_scan=raw_scan,
        ),
    )
    picked = task.picked + quantity
    uow.picking.update(
        task,
        {
            "picked": picked,
            "tote": unit,
            "picked_by": actor.operator,
            "picked_at": actor.clock(),
            "state": "picked" if picked == task.quantity else task.state,
        },
    )
    uow.allocations.add_picked(task.allocation, quantity)
    batch_tote = pick_list.mode != "single" and not pick_list.tote
    uow.picking.update(
        pick_list,
        {
            "status": "picking",
            "operator": actor.operator,
            "tote": unit if batch_tote else pick_list.tote,
        },
    )
    return movement


@dataclass
class ShortResult:
    missing: int
    reallocated: int
    new_tasks: list[PickTaskRow] = field(default_factory=list)

    @property
    def unfound(self) -> int:
        return self.missing - self.reallocated


def short_pick(
    uow: UnitOfWork,
    actor: Actor,
    pick_list: PickListRow,
    task: PickTaskRow,
    *,
    today: date,
    station: str = "",
) -> ShortResult:
    """The location lacks ``task.quantity - task.picked`` units: free, count, re-allocate."""
    missing = task.quantity - task.picked
    if missing <= 0:
        raise RuleViolation(
            msg("nothing left to pick on this task at {location}", location=task.location),
            "no_short",
        )
    allocation = uow.allocations.get(task.allocation)
    if allocation is None:
        raise NotFound(msg("allocation"), task.allocation)
    free(uow, actor, allocation, missing, state="short")
    if allocation.quantity == 0:
        allocation.state = "short"
    task.quantity = task.picked
    task.state = "short"
    _count_task(uow, actor, task, station)
    order = require_order(uow, actor.warehouse, task.order)
    line = uow.orders.line(task.order, task.line)
    result = ShortResult(missing, 0)
    if line is not None:
        shorted = uow.allocations.short_locations(actor.warehouse, task.order, task.line)
        new, _strategy = allocate_line(
            uow,
            actor,
            order,
            line,
            need=missing,
            today=today,
            exclude_locations=shorted | {task.location},
            cache=AllocationCache(),
            wave=pick_list.wave,
        )
        uow.allocations.flush()
        for allocation_row in new:
            row = PickTaskRow(
                warehouse=actor.warehouse,
                pick_list=pick_list.id,
                sequence=0,
                allocation=allocation_row.id,
                order=task.order,
                line=task.line,
                sku=task.sku,
                lot=allocation_row.lot,
                location=allocation_row.location,
                handling_unit=allocation_row.handling_unit,
                quantity=allocation_row.quantity,
                picked=0,
                put=0,
                state="open",
                drop_location=task.drop_location,
            )
            uow.picking.add(row)
            result.new_tasks.append(row)
            result.reallocated += allocation_row.quantity
        uow.picking.flush()
        resequence(uow, actor.warehouse, pick_list.id)
    return result


def _count_task(uow: UnitOfWork, actor: Actor, task: PickTaskRow, station: str) -> None:
    """Ask for a cycle count of the short location (the counting workflow's task table)."""
    if uow.counts.open_task_at(actor.warehouse, task.location) is None:
        uow.counts.add_task(
            CountTaskRow(
                warehouse=actor.warehouse,
                location=task.location,
                status="open",
                reason=f"short pick {task.order} {task.sku}"[:100],
                created_by=actor.operator,
                created_at=actor.clock(),
                station=station or actor.station,
            )
        )


def resequence(uow: UnitOfWork, warehouse: str, list_id: str) -> None:
    """Renumber the open tasks of a list in walking order, after the finished ones."""
    tasks = pick_list_tasks(uow, list_id)
    done = [t for t in tasks if t.state != "open"]
    pending = [t for t in tasks if t.state == "open"]
    layout = Layout.load(uow, warehouse)
    pending.sort(key=lambda t: (layout.walk_key(t.location), t.id))
    start = max((t.sequence for t in done), default=0)
    for offset, task in enumerate(pending, start=1):
        task.sequence = start + offset
    uow.picking.flush()


def finish_list_if_done(
    uow: UnitOfWork,
    warehouse: str,
    pick_list: PickListRow,
    tasks: list[PickTaskRow] | None = None,
) -> list[str]:
    """Close the list when no task is open; orders with every task done become ``picked``.
    ``tasks`` are the list's tasks when the caller has read them already. Returns the orders
    that became picked."""
    if tasks is None:
        tasks = pick_list_tasks(uow, pick_list.id)
    if any(t.state == "open" for t in tasks):
        return []
    uow.picking.update(pick_list, {"status": "done"})
    became = uow.orders.mark_picked(warehouse, sorted({t.order for t in tasks}))
    uow.picking.mark_wave_picked(pick_list.wave)
    return became
