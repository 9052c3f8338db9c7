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
from typing import Any

from sqlalchemy import func, select

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import InvalidValue, NotFound, RuleViolation
from wms.core.domain.model import (
    Location,
    LocationType,
    Movement,
    MovementDraft,
    MovementKind,
    Operator,
    Role,
    StockPlace,
    StockStatus,
)
from wms.core.persistence.tables import LocationRow, MovementRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.persistence.workflow_tables import AdjustmentRow, CountTaskRow
from wms.core.services.ledger import Actor, post
from wms.core.services.workflows.base import Workflow, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.operators import require_supervisor
from wms.core.services.workflows.parsing import (
    check_lot_code,
    location_code,
    parse_quantity,
    resolve_product,
)
from wms.core.services.workflows.queries import stock_entries

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
    expiry = uow.lots.get(sku, lot).expiry if lot and uow.lots.get(sku, lot) else None
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
            f"cannot remove {-delta} x {sku}{f' lot {lot}' if lot else ''} at {location.code}: "
            f"only {available} there",
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
    statement = select(AdjustmentRow).where(AdjustmentRow.warehouse == warehouse)
    if state:
        statement = statement.where(AdjustmentRow.state == state)
    return list(uow.session.scalars(statement.order_by(AdjustmentRow.id)))


def require_adjustment(uow: UnitOfWork, warehouse: str, adjustment_id: int) -> AdjustmentRow:
    row = uow.session.get(AdjustmentRow, adjustment_id)
    if row is None or row.warehouse != warehouse:
        raise NotFound("adjustment", adjustment_id, f"not an adjustment of {warehouse}")
    if row.state != "pending":
        raise RuleViolation(
            f"adjustment {adjustment_id} is already {row.state} by {row.decided_by or 'nobody'}",
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
            f"adjustment {adjustment_id} is stale: {row.sku} at {row.location} was {row.expected} "
            f"when counted and is {now_on_hand} now; reject it and recount the location",
            "stale_count",
        )
    drafts = adjustment_drafts(
        uow, warehouse, location, row.sku, row.lot, row.quantity,
        kind=MovementKind.COUNT, reference=f"ADJ-{row.id}",
    )  # fmt: skip
    actor = Actor(warehouse, station, approver.badge, clock=lambda: at)
    movements = [post(uow, actor, draft) for draft in drafts]
    row.state, row.decided_by, row.decided_at = "approved", approver.badge, at
    row.movement_ids = " ".join(m.id for m in movements)
    return movements


def reject(
    uow: UnitOfWork, *, warehouse: str, adjustment_id: int, approver: Operator, at: datetime
) -> None:
    require_supervisor(approver)
    row = require_adjustment(uow, warehouse, adjustment_id)
    row.state, row.decided_by, row.decided_at = "rejected", approver.badge, at


def describe_adjustment(row: AdjustmentRow) -> str:
    lot = f" lot {row.lot}" if row.lot else ""
    return (
        f"adjustment {row.id}: {row.sku}{lot} at {row.location}, counted {row.counted}, "
        f"book {row.expected} ({row.quantity:+d}), by {row.requested_by}"
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
        existing = uow.session.scalar(
            select(CountTaskRow.id).where(
                CountTaskRow.warehouse == warehouse,
                CountTaskRow.location == location.code,
                CountTaskRow.status == "open",
            )
        )
        if existing is not None:
            continue
        row = CountTaskRow(
            warehouse=warehouse, location=location.code, status="open", reason=reason,
            created_by=created_by, created_at=at,
        )  # fmt: skip
        uow.session.add(row)
        created.append(row)
    uow.session.flush()
    return created


def activity_by_location(
    uow: UnitOfWork, warehouse: str, since: datetime | None = None
) -> dict[str, int]:
    """Number of movements touching each location (optionally since a time)."""
    m = MovementRow.__table__.c
    counts: dict[str, int] = {}
    for column in (m.from_location, m.to_location):
        statement = (
            select(column, func.count())
            .where(m.warehouse == warehouse, column != "")
            .group_by(column)
        )
        if since is not None:
            statement = statement.where(m.created_at >= since)
        for code, count in uow.session.execute(statement):
            counts[code] = counts.get(code, 0) + int(count)
    return counts


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
    countable = set(
        uow.session.scalars(
            select(LocationRow.code).where(
                LocationRow.warehouse == warehouse,
                LocationRow.active.is_(True),
                LocationRow.type.in_([t.value for t in COUNTABLE_TYPES]),
            )
        )
    )
    if abc is not None:
        abc = abc.upper()
        if abc not in ("A", "B", "C"):
            raise InvalidValue("ABC class", abc, "A, B or C", abc)
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
    return list(
        uow.session.scalars(
            select(CountTaskRow)
            .where(CountTaskRow.warehouse == warehouse, CountTaskRow.status == "open")
            .order_by(CountTaskRow.id)
        )
    )


# --- the adjust workflow ------------------------------------------------------------------------


@register
class Adjust(Workflow):
    """Supervisors: review pending adjustments (key the number, or CMD:SKIP for the oldest, then
    key A to approve or R to reject), or adjust a location directly (scan it, scan the product,
    key the signed quantity, then the reason code)."""

    name = "adjust"
    title = "Adjustments"
    role = Role.SUPERVISOR

    def reset(self) -> None:
        self.step = "start"
        self.location = ""
        self.sku = ""
        self.lot = ""
        self.tracks_lot = False
        self.quantity = 0
        self.reviewing: int | None = None
        self.raw = ""

    def has_task(self) -> bool:
        return self.step != "start"

    @property
    def prompt(self) -> str:
        if self.step == "start":
            return (
                "Scan a location to adjust, or key an adjustment number to review "
                "(CMD:SKIP: the oldest pending)"
            )
        if self.step == "product":
            return f"Scan the product to adjust at {self.location}"
        if self.step == "lot":
            return f"Scan or key the lot of {self.sku}"
        if self.step == "quantity":
            return f"Key the change for {self.sku} at {self.location}, e.g. -2 or +3"
        if self.step == "reason":
            return f"Key the reason: {', '.join(REASONS)}"
        return f"Adjustment {self.reviewing}: key A to approve, R to reject (CMD:SKIP: next)"

    def context(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step}
        if self.location:
            data.update({"location": self.location, "sku": self.sku, "lot": self.lot})
        if self.quantity:
            data["quantity"] = self.quantity
        if self.reviewing is not None:
            data["adjustment"] = self.reviewing
        return data

    def scan(self, scan: Scan) -> Outcome:
        if self.step == "start":
            code = location_code(scan)
            if code is not None:
                return self._location(code)
        if self.step == "product" and scan.kind is ScanKind.PRODUCT:
            return self._product(scan)
        if self.step == "lot" and (scan.lot or scan.kind is ScanKind.TEXT):
            return self._lot(scan.lot or scan.value)
        if self.step == "reason" and scan.kind is ScanKind.TEXT:
            return self._reason(scan.value)
        raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")

    def key(self, text: str) -> Outcome:
        if self.step == "start":
            number = text.upper().removeprefix("ADJ-").removeprefix("#")
            if number.isdigit():
                return self._review(int(number))
            return self._location(text.upper())
        if self.step == "lot":
            return self._lot(text)
        if self.step == "quantity":
            return self._quantity(text)
        if self.step == "reason":
            return self._reason(text)
        if self.step == "decide":
            answer = text.upper()
            if answer in ("A", "APPROVE", "Y", "YES"):
                return self._decide(approve_it=True)
            if answer in ("R", "REJECT", "N", "NO"):
                return self._decide(approve_it=False)
            raise InvalidValue("answer", text, "A (approve) or R (reject)", text)
        raise self.unexpected(f"the typed entry {text!r}")

    def command(self, name: str) -> Outcome:
        if name == "SKIP" and self.step in ("start", "decide"):
            with self.rt.uow() as uow:
                pending = [
                    r.id
                    for r in list_adjustments(uow, self.rt.warehouse)
                    if self.reviewing is None or r.id > self.reviewing
                ]
            if not pending:
                self.reset()
                return Outcome("no more adjustments waiting for approval")
            return self._review(pending[0])
        raise self.unexpected(f"CMD:{name}")

    def back(self) -> Outcome:
        previous = {
            "product": "start",
            "lot": "product",
            "quantity": "product",
            "reason": "quantity",
        }
        if self.step in previous:
            self.step = previous[self.step]
            if self.step == "start":
                self.reset()
            return Outcome("back one step")
        if self.step == "decide":
            self.reset()
            return Outcome("adjustment left pending")
        return super().back()

    def _location(self, code: str) -> Outcome:
        with self.rt.uow() as uow:
            location = self.rt.master.require_location(uow, code)
        self.reset()
        self.location, self.step = location.code, "product"
        return Outcome(f"adjusting {location.code}")

    def _product(self, scan: Scan) -> Outcome:
        with self.rt.uow() as uow:
            product, _level, _units = resolve_product(self.rt, uow, scan)
            lot = scan.lot or ""
            if product.tracks_lot and not lot:
                lots = {
                    lot_code
                    for sku, lot_code in on_hand_by_item(uow, self.rt.warehouse, self.location)
                    if sku == product.sku
                }
                if len(lots) == 1:
                    lot = lots.pop()
        self.sku, self.lot, self.tracks_lot, self.raw = (
            product.sku,
            lot,
            product.tracks_lot,
            scan.raw,
        )
        self.step = "lot" if product.tracks_lot and not lot else "quantity"
        return Outcome(f"{product.sku}: {self.prompt.lower()}")

    def _lot(self, text: str) -> Outcome:
        self.lot = check_lot_code(text)
        self.step = "quantity"
        return Outcome(f"lot {self.lot}")

    def _quantity(self, text: str) -> Outcome:
        quantity = parse_quantity(text, self.rt.settings.max_keyed_quantity, signed=True)
        if quantity < 0:
            with self.rt.uow() as uow:
                have = on_hand_by_item(uow, self.rt.warehouse, self.location).get(
                    (self.sku, self.lot), 0
                )
            if have < -quantity:
                raise RuleViolation(
                    f"cannot remove {-quantity} x {self.sku} at {self.location}: only {have} there",
                    "not_enough_stock",
                )
        self.quantity, self.step = quantity, "reason"
        return Outcome(f"change {quantity:+d}: key the reason")

    def _reason(self, text: str) -> Outcome:
        reason = text.strip().lower()
        if reason not in REASONS:
            raise InvalidValue("reason code", text, f"one of {', '.join(REASONS)}", text)
        operator = self.rt.operator
        assert operator is not None
        require_supervisor(operator)
        now = self.rt.now()
        with self.rt.uow() as uow:
            location = self.rt.master.require_location(uow, self.location)
            have = on_hand_by_item(uow, self.rt.warehouse, self.location).get(
                (self.sku, self.lot), 0
            )
            row = AdjustmentRow(
                warehouse=self.rt.warehouse, location=self.location, sku=self.sku, lot=self.lot,
                expected=have, counted=have + self.quantity, quantity=self.quantity,
                reason=reason, state="approved", requested_by=operator.badge, requested_at=now,
                station=self.rt.station, decided_by=operator.badge, decided_at=now,
            )  # fmt: skip
            uow.session.add(row)
            uow.session.flush()
            if self.lot:
                uow.lots.ensure(self.sku, self.lot, None)
            drafts = adjustment_drafts(
                uow, self.rt.warehouse, location, self.sku, self.lot, self.quantity,
                kind=MovementKind.ADJUST, reference=f"ADJ-{row.id}:{reason}", raw=self.raw,
            )  # fmt: skip
            movements = self.rt.post_all(uow, drafts)
            row.movement_ids = " ".join(m.id for m in movements)
            uow.commit()
        text_out = f"{self.quantity:+d} x {self.sku} at {self.location} ({reason})"
        self.reset()
        return Outcome(f"adjusted {text_out}", movements=movements)

    def _review(self, adjustment_id: int) -> Outcome:
        with self.rt.uow() as uow:
            row = require_adjustment(uow, self.rt.warehouse, adjustment_id)
            text = describe_adjustment(row)
        self.reset()
        self.reviewing, self.step = adjustment_id, "decide"
        return Outcome(text, Level.ATTENTION)

    def _decide(self, *, approve_it: bool) -> Outcome:
        operator = self.rt.operator
        assert operator is not None and self.reviewing is not None
        adjustment_id = self.reviewing
        movements: list[Movement] = []
        with self.rt.uow() as uow:
            if approve_it:
                movements = approve(
                    uow, warehouse=self.rt.warehouse, station=self.rt.station,
                    adjustment_id=adjustment_id, approver=operator, at=self.rt.now(),
                )  # fmt: skip
            else:
                reject(
                    uow, warehouse=self.rt.warehouse, adjustment_id=adjustment_id,
                    approver=operator, at=self.rt.now(),
                )  # fmt: skip
            uow.commit()
        self.reset()
        verb = "approved" if approve_it else "rejected"
        return Outcome(f"adjustment {adjustment_id} {verb}", movements=movements)
