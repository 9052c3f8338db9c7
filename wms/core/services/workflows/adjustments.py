"""Stock adjustments: count variances awaiting a supervisor, direct adjustments with a reason,
and count task planning. Plain functions (used by the ``adjust`` workflow and ``wms adjustments``
/ ``wms counts``) plus the ``adjust`` workflow itself.

A count variance becomes an ``adjustments`` row in state ``pending``. A supervisor (or admin)
approves it, which posts COUNT movements for the difference, or rejects it. Approval is refused
when the stock of that product and lot at the location is no longer what it was when counted
(the count is stale: recount). A direct adjustment (``adjust`` workflow, supervisors only) needs a
reason code and posts ADJUST movements at once, recorded as an ``approved`` row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from wms.core.domain.errors import InvalidValue, NotFound, RuleViolation
from wms.core.domain.model import (
    Location,
    LocationType,
    Movement,
    MovementDraft,
    MovementKind,
    Operator,
    StockPlace,
    StockStatus,
)
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.persistence.workflow_tables import AdjustmentRow, CountTaskRow
from wms.core.services.ledger import Actor, post
from wms.core.services.workflows.operators import require_supervisor
from wms.core.services.workflows.queries import movements_per_location, stock_entries

REASONS = ("damaged", "lost", "found", "expired", "data-correction", "theft")
COUNTABLE_TYPES = (LocationType.STORAGE, LocationType.PICK_FACE, LocationType.QUARANTINE)


# --- stock at a location, by product and lot ----------------------------------------------------


def on_hand_by_item(uow: UnitOfWork, warehouse: str, location: str) -> dict[tuple[str, str], int]:
    """Units per (sku, lot) at a location, whatever their handling unit or status."""
    totals: dict[tuple[str, str], int] = {}
    for entry in stock_entries(uow, warehouse, location=location):
        key = (entry.sku, entry.lot)
        totals[key] = totals.get(key, 0) + entry.quantity
    return {key: qty for key, qty in totals.items() if qty != 0}


def adjustment_drafts(
    uow: UnitOfWork,
    warehouse: str,
    location: Location,
    sku: str,
    lot: str,
    delta: int,
    *,
    kind: MovementKind,
    reference: str,
    raw: str = "",
) -> list[MovementDraft]:
    """Drafts that change (sku, lot) at ``location`` by ``delta``: additions arrive loose (and
    quarantined in a quarantine location); removals take loose stock first, then units."""
    known = uow.lots.get(sku, lot) if lot else None
    expiry = known.expiry if known is not None else None
    if delta > 0:
        status = (
            StockStatus.QUARANTINED
            if location.type is LocationType.QUARANTINE
            else StockStatus.AVAILABLE
        )
        return [
            MovementDraft.arriving(
                kind, sku, delta, StockPlace(location.code, "", status),
                lot=lot, expiry=expiry, reference=reference, raw_scan=raw,
            )
        ]  # fmt: skip
    entries = [
        e
        for e in stock_entries(uow, warehouse, location=location.code, sku=sku, lot=lot)
        if e.quantity > 0
    ]
    entries.sort(key=lambda e: (e.handling_unit != "", e.status is not StockStatus.AVAILABLE))
    available = sum(e.quantity for e in entries)
    if available < -delta:
        raise RuleViolation(
            msg(
                "cannot remove {value} x {sku}{value2} at {code}: only {available} there",
                value=-delta,
                sku=sku,
                value2=msg(" lot {lot}", lot=lot) if lot else "",
                code=location.code,
                available=available,
            ),
            "not_enough_stock",
        )
    drafts, left = [], -delta
    for entry in entries:
        if left == 0:
            break
        part = min(left, entry.quantity)
        left -= part
        drafts.append(
            MovementDraft.leaving(
                kind, sku, part, entry.place,
                lot=lot, expiry=expiry, reference=reference, raw_scan=raw,
            )
        )  # fmt: skip
    return drafts


# --- pending adjustments ------------------------------------------------------------------------


def list_adjustments(
    uow: UnitOfWork, warehouse: str, state: str | None = "pending"
) -> list[AdjustmentRow]:
    return uow.adjustments.of_warehouse(warehouse, state)


def require_adjustment(uow: UnitOfWork, warehouse: str, adjustment_id: int) -> AdjustmentRow:
    row = uow.adjustments.get(adjustment_id)
    if row is None or row.warehouse != warehouse:
        raise NotFound(
            msg("adjustment"),
            adjustment_id,
            msg("not an adjustment of {warehouse}", warehouse=warehouse),
        )
    if row.state != "pending":
        raise RuleViolation(
            msg(
                "adjustment {adjustment_id} is already {state} by {value}",
                adjustment_id=adjustment_id,
                state=row.state,
                value=row.decided_by or "nobody",
            ),
            "already_decided",
        )
    return row


def approve(
    uow: UnitOfWork,
    *,
    warehouse: str,
    station: str,
    adjustment_id: int,
    approver: Operator,
    at: datetime,
) -> list[Movement]:
    """Post a pending count variance (COUNT movements); the caller commits."""
    require_supervisor(approver)
    row = require_adjustment(uow, warehouse, adjustment_id)
    location = uow.locations.require(warehouse, row.location)
    now_on_hand = on_hand_by_item(uow, warehouse, row.location).get((row.sku, row.lot), 0)
    if now_on_hand != row.expected:
        raise RuleViolation(
            msg(
                "adjustment {adjustment_id} is stale: {sku} "
                "at {location} was {expected} when counted "
                "and is {now_on_hand} now; reject it and "
                "recount the location",
                adjustment_id=adjustment_id,
                sku=row.sku,
                location=row.location,
                expected=row.expected,
                now_on_hand=now_on_hand,
            ),
            "stale_count",
        )
    drafts = adjustment_drafts(
        uow, warehouse, location, row.sku, row.lot, row.quantity,
        kind=MovementKind.COUNT, reference=f"ADJ-{row.id}",
    )  # fmt: skip
    actor = Actor(warehouse, station, approver.badge, clock=lambda: at)
    movements = [post(uow, actor, draft) for draft in drafts]
    uow.adjustments.decide(
        row, state="approved", by=approver.badge, at=at, movement_ids=[m.id for m in movements]
    )
    return movements


def reject(
    uow: UnitOfWork, *, warehouse: str, adjustment_id: int, approver: Operator, at: datetime
) -> None:
    require_supervisor(approver)
    row = require_adjustment(uow, warehouse, adjustment_id)
    uow.adjustments.decide(row, state="rejected", by=approver.badge, at=at)


def describe_adjustment(row: AdjustmentRow) -> str:
    lot = msg(" lot {lot}", lot=row.lot) if row.lot else ""
    return msg(
        "adjustment {id}: {sku}{lot} at {location}, "
        "counted {counted}, book {expected} ({quantity:+d}), "
        "by {requested_by}",
        id=row.id,
        sku=row.sku,
        lot=lot,
        location=row.location,
        counted=row.counted,
        expected=row.expected,
        quantity=row.quantity,
        requested_by=row.requested_by,
    )


# --- count tasks ----------------------------------------------------------------------------------


def create_count_tasks(
    uow: UnitOfWork,
    warehouse: str,
    locations: Iterable[str],
    *,
    created_by: str,
    at: datetime,
    reason: str = "",
) -> list[CountTaskRow]:
    """Open a count task per location (locations with an open task already are skipped)."""
    created = []
    for code in locations:
        location = uow.locations.require(warehouse, code)
        if uow.counts.open_task_at(warehouse, location.code) is not None:
            continue
        row = CountTaskRow(
            warehouse=warehouse, location=location.code, status="open", reason=reason,
            created_by=created_by, created_at=at,
        )  # fmt: skip
        created.append(uow.counts.add_task(row))
    return created


def activity_by_location(
    uow: UnitOfWork, warehouse: str, since: datetime | None = None
) -> dict[str, int]:
    """Number of movements touching each location (optionally since a time)."""
    return movements_per_location(uow, warehouse, since)


def abc_classes(activity: dict[str, int]) -> dict[str, str]:
    """A = the busiest 20 % of locations, B = the next 30 %, C = the rest."""
    ranked = sorted(activity, key=lambda code: (-activity[code], code))
    classes = {}
    for index, code in enumerate(ranked):
        share = index / len(ranked)
        classes[code] = "A" if share < 0.2 else "B" if share < 0.5 else "C"
    return classes


def generate_count_tasks(
    uow: UnitOfWork,
    warehouse: str,
    *,
    created_by: str,
    at: datetime,
    since: datetime | None = None,
    abc: str | None = None,
) -> list[CountTaskRow]:
    """Count tasks for countable locations with activity since ``since`` and/or in ABC class."""
    countable = {location.code for location in uow.locations.of_type(warehouse, *COUNTABLE_TYPES)}
    if abc is not None:
        abc = abc.upper()
        if abc not in ("A", "B", "C"):
            raise InvalidValue(msg("ABC class"), abc, msg("A, B or C"), abc)
        classes = abc_classes(
            {k: v for k, v in activity_by_location(uow, warehouse).items() if k in countable}
        )
        chosen = {code for code, cls in classes.items() if cls == abc}
        if since is not None:
            chosen &= set(activity_by_location(uow, warehouse, since))
        reason = f"ABC class {abc}" + (f" active since {since:%Y-%m-%d}" if since else "")
    else:
        chosen = set(activity_by_location(uow, warehouse, since))
        reason = f"activity since {since:%Y-%m-%d}" if since else "activity"
    return create_count_tasks(
        uow, warehouse, sorted(chosen & countable), created_by=created_by, at=at, reason=reason
    )


def open_count_tasks(uow: UnitOfWork, warehouse: str) -> list[CountTaskRow]:
    return uow.counts.open_tasks(warehouse)
