"""Conflicts found when central merges offline work: detected inside a push's transaction,
listed for supervisors, resolved by a compensating movement posted through the station's own
ledger.

Kinds detected by a push (inside central's ``wms_push``, revision c0008, in the push's
transaction):

- ``negative_stock``: stock on hand at central went below zero (two stations took the last unit);
- ``handling_unit_moved_twice``: two stations moved the same handling unit out of a location;
- ``count_disagrees``: a count and another station's movements at the same location, product
  and lot, made without seeing each other;
- ``movement_refused``: a movement id (or station sequence number) arrived again with different
  content; it was refused, not merged.

Recorded by central itself (revision c0003) in the *source* warehouse of a transfer:

- ``transfer_difference``: what the destination received of a transfer differs from what was
  sent, per stock key (``quantity`` = sent - received; detail names the transit location, the
  transfer and both totals). The difference stays in the source's transit location; central
  closes the conflict itself when the rest arrives.

Recorded by central in the *receiving* warehouse:

- ``transfer_receipt_refused``: a ``transfer_in`` that matches no line of its transfer
  (product, lot, handling unit, status), is not positive or would receive more than was sent;
  the source's ledger is not touched.

Recorded by ``wms_push_parcel_events`` (revision c0010, :mod:`wms.core.sync.hub_events`):

- ``parcel_scanned_twice``: two stations of a hub moved the same parcel (sorted, held,
  released, handed over, set aside) without seeing each other's scan; subject the tracking
  number, detail both sides' events. Every station replays the parcel's events in central's
  feed order, so all agree on where the system thinks it is; a supervisor finds it physically
  and closes the conflict with ``--no-movement`` and a note (a new scan puts it right);
- ``parcel_event_refused``: an event id (or station + station_seq) central holds with other
  content; refused, not merged.

Resolving posts an ``adjust`` movement with reference ``CONFLICT-<id>`` (for stock conflicts by
default the quantity that brings central's on-hand back to zero) and marks the conflict resolved
at central. The movement reaches central with the next push like any other; if marking fails
(offline), central marks the conflict when that movement arrives (``wms_push`` resolves the
conflicts named by the references of what it inserts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import psycopg
from psycopg.rows import dict_row
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import NotFound, PermissionDenied, RuleViolation
from wms.core.domain.model import Movement, MovementDraft, MovementKind, Role, StockStatus
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor, post
from wms.core.sync import central_api


class ConflictKind(StrEnum):
    NEGATIVE_STOCK = "negative_stock"
    HANDLING_UNIT_MOVED_TWICE = "handling_unit_moved_twice"
    COUNT_DISAGREES = "count_disagrees"
    MOVEMENT_REFUSED = "movement_refused"
    TRANSFER_DIFFERENCE = "transfer_difference"
    TRANSFER_RECEIPT_REFUSED = "transfer_receipt_refused"
    PARCEL_SCANNED_TWICE = "parcel_scanned_twice"  # revision c0010
    PARCEL_EVENT_REFUSED = "parcel_event_refused"


class ConflictStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


STOCK_KINDS = (ConflictKind.NEGATIVE_STOCK, ConflictKind.HANDLING_UNIT_MOVED_TWICE)
# resolved by default with the adjustment that writes the difference off the transit location
DIFFERENCE_KINDS = (ConflictKind.TRANSFER_DIFFERENCE,)
COLUMNS = (
    "id",
    "kind",
    "status",
    "subject",
    "quantity",
    "detected_at",
    "detected_by",
    "resolved_by",
    "resolution_note",
    "resolution_movement_id",
    "detail",
)


@dataclass(frozen=True)
class Conflict:
    id: int
    warehouse: str
    kind: ConflictKind
    status: ConflictStatus
    subject: str
    quantity: int | None
    detail: dict[str, Any]
    detected_at: datetime
    detected_by: str
    resolved_by: str | None
    resolution_note: str | None
    resolution_movement_id: str | None

    def as_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "subject": self.subject,
            "quantity": self.quantity,
            "detected_at": self.detected_at,
            "detected_by": self.detected_by,
            "resolved_by": self.resolved_by or "",
            "resolution_note": self.resolution_note or "",
            "resolution_movement_id": self.resolution_movement_id or "",
            "detail": self.detail,
        }


_SELECT = """
SELECT conflict_id, warehouse_id, kind, status, subject, quantity, detail, detected_at,
       detected_by, resolved_by, resolution_note, resolution_movement_id::text AS movement
  FROM conflicts WHERE warehouse_id = %(w)s
"""


def _conflict(row: dict[str, Any]) -> Conflict:
    return Conflict(
        id=int(row["conflict_id"]),
        warehouse=row["warehouse_id"],
        kind=ConflictKind(row["kind"]),
        status=ConflictStatus(row["status"]),
        subject=row["subject"],
        quantity=None if row["quantity"] is None else int(row["quantity"]),
        detail=row["detail"] or {},
        detected_at=row["detected_at"],
        detected_by=row["detected_by"],
        resolved_by=row["resolved_by"],
        resolution_note=row["resolution_note"],
        resolution_movement_id=row["movement"],
    )


def list_conflicts(
    conn: psycopg.Connection, warehouse: str, *, include_resolved: bool = False
) -> list[Conflict]:
    query = _SELECT + ("" if include_resolved else " AND status = 'open'")
    with conn.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute(query + " ORDER BY conflict_id", {"w": warehouse}).fetchall()
    conn.commit()
    return [_conflict(row) for row in rows]


def get_conflict(conn: psycopg.Connection, warehouse: str, conflict_id: int) -> Conflict:
    with conn.cursor(row_factory=dict_row) as cursor:
        row = cursor.execute(
            _SELECT + " AND conflict_id = %(id)s", {"w": warehouse, "id": conflict_id}
        ).fetchone()
    conn.commit()
    if row is None:
        raise NotFound("conflict", conflict_id, f"not a conflict of warehouse {warehouse}")
    return _conflict(row)


def central_on_hand(conn: psycopg.Connection, warehouse: str, detail: dict[str, Any]) -> int:
    row = conn.execute(
        "SELECT coalesce(sum(quantity), 0) FROM stock WHERE warehouse_id = %s AND location = %s "
        "AND sku = %s AND lot = %s AND handling_unit = %s AND status = %s",
        (
            warehouse,
            detail["location"],
            detail["sku"],
            detail.get("lot", ""),
            detail.get("handling_unit", ""),
            detail.get("status", "available"),
        ),
    ).fetchone()
    conn.commit()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class Resolution:
    conflict: Conflict
    movement: Movement | None
    marked_at_central: bool


def resolve(
    sessions: sessionmaker[Session],
    conn: psycopg.Connection,
    *,
    warehouse: str,
    station: str,
    conflict_id: int,
    operator: str,
    note: str,
    adjust: int | None = None,
    without_movement: bool = False,
) -> Resolution:
    """Resolve a conflict by a compensating movement through this station's ledger."""
    conflict = get_conflict(conn, warehouse, conflict_id)
    if conflict.status != ConflictStatus.OPEN:
        raise RuleViolation(
            f"conflict {conflict_id}: expected an open conflict, found it {conflict.status} "
            f"by {conflict.resolved_by} ({conflict.resolution_note})",
            code="conflict_closed",
        )
    if not note.strip():
        raise RuleViolation("resolving a conflict needs a --note saying what was done")
    with UnitOfWork(sessions, read_only=True) as uow:
        who = uow.operators.get(operator)
        if who is None:
            raise NotFound("operator badge", operator)
        if who.role not in (Role.SUPERVISOR, Role.ADMIN) or not who.active:
            raise PermissionDenied(
                f"operator {operator} ({who.name}) is {who.role.value}: expected a supervisor "
                "or admin to resolve conflicts"
            )
    quantity = 0
    detail = conflict.detail
    if not without_movement:
        if adjust is not None:
            quantity = adjust
        elif conflict.kind in STOCK_KINDS:
            quantity = -central_on_hand(conn, warehouse, detail)
            quantity = max(quantity, 0)
        elif conflict.kind in DIFFERENCE_KINDS and conflict.quantity is not None:
            quantity = -conflict.quantity
        else:
            raise RuleViolation(
                f"conflict {conflict_id} ({conflict.kind}): give --adjust QUANTITY (signed, at "
                f"{detail.get('location', '?')}) or --no-movement to close it with the note only"
            )
    movement = None
    if quantity:
        if "location" not in detail or "sku" not in detail:
            raise RuleViolation(
                f"conflict {conflict_id} ({conflict.kind}) names no location and product: "
                "expected --no-movement"
            )
        with UnitOfWork(sessions) as uow:
            movement = post(
                uow,
                Actor(warehouse, station, operator),
                MovementDraft(
                    kind=MovementKind.ADJUST,
                    sku=detail["sku"],
                    quantity=quantity,
                    to_location=detail["location"],
                    lot=detail.get("lot", ""),
                    to_handling_unit=detail.get("handling_unit", ""),
                    to_status=StockStatus(detail.get("status", "available")),
                    reference=f"CONFLICT-{conflict_id}",
                    raw_scan=note[:200],
                ),
            )
            uow.commit()
    marked = False
    try:
        with conn.transaction():
            marked = central_api.resolve_conflict(
                conn, warehouse, conflict_id, operator, note, movement.id if movement else None
            )
    except psycopg.OperationalError:
        marked = False
    return Resolution(conflict, movement, marked)
