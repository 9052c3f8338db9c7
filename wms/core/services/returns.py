"""Customer returns: finding what came back, recording graded lines, closing, listing.

The rules of :mod:`wms.core.domain.returns` applied to the station database; the ``returns``
scan workflow (:mod:`wms.core.services.workflows.returns`) and ``wms returns`` call these.

* :func:`identify` finds the order a scan names: a parcel's SSCC (``parcels``), its carrier
  tracking number (``parcels.tracking``), or the order number. Only a shipped order can come
  back; anything else it does not know is an *unknown return* (``order`` empty).
* :func:`open_return` opens a return (or resumes the open one of the same order).
* :func:`record_line` posts the movements of one graded line and writes the line, in the
  caller's transaction (the caller commits before answering the operator).
* :func:`close_return` closes it; :func:`summary` / :func:`list_returns` give the refund data.

Movements (reference: the return's number; raw input says grade and reason): resellable → a
``receive`` of available stock at the returns location; damaged → a ``receive`` of quarantined
stock there; destroy → a quarantined ``receive`` and at once an ``adjust`` of minus the same
quantity (the write-off); exception → a quarantined ``receive`` at the exceptions area.
The ledger stamps each movement with its product's owner.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from wms.core.domain.errors import RuleViolation, WmsError
from wms.core.domain.model import Movement, MovementDraft, StockPlace, StockStatus
from wms.core.domain.owners import HUB_OWNER
from wms.core.domain.returns import (
    ReturnGrade,
    ReturnLine,
    ReturnReason,
    ReturnStatus,
)
from wms.core.domain.sscc import require_sscc
from wms.core.domain.text import msg
from wms.core.persistence.outbound_tables import ParcelRow
from wms.core.persistence.returns_tables import ReturnLineRow, ReturnRow
from wms.core.persistence.tables import OrderLineRow, OrderRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound.common import next_number
from wms.core.services.owners import owner_name, owner_of_product, require_same_owner

#: Only a shipped order can come back.
RETURNABLE_STATUSES = ("shipped",)


@dataclass(frozen=True)
class Identified:
    """What a scan at a returns bench names: the order and parcel (both empty when unknown)."""

    scanned: str
    order: str = ""
    parcel: str = ""
    owner: str = HUB_OWNER

    @property
    def known(self) -> bool:
        return bool(self.order)


@dataclass(frozen=True)
class OrderLineInfo:
    """What the order shipped of one SKU, and what was returned of it so far."""

    sku: str
    shipped: int
    returned: int
    unit_value: Decimal
    currency: str

    @property
    def returnable(self) -> int:
        return self.shipped - self.returned


@dataclass
class ReturnSummary:
    """A return and its refund data (``wms returns``, the close's summary, central)."""

    number: str
    warehouse: str
    order: str
    parcel: str
    owner: str
    owner_name: str
    status: str
    operator: str
    station: str
    opened_at: datetime
    closed_at: datetime | None
    lines: list[ReturnLine] = field(default_factory=list)

    @property
    def currency(self) -> str:
        return self.lines[0].currency if self.lines else ""

    def units(self) -> dict[str, int]:
        """Units per grade (every grade listed, zeros included)."""
        totals = {grade.value: 0 for grade in ReturnGrade}
        for line in self.lines:
            totals[line.grade.value] += line.quantity
        return totals

    @property
    def value(self) -> Decimal:
        return sum((line.value for line in self.lines), Decimal("0"))

    @property
    def refund(self) -> Decimal:
        return sum((line.refund for line in self.lines), Decimal("0"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "warehouse": self.warehouse,
            "order": self.order,
            "parcel": self.parcel,
            "owner": self.owner,
            "owner_name": self.owner_name,
            "status": self.status,
            "operator": self.operator,
            "station": self.station,
            "opened_at": _iso(self.opened_at),
            "closed_at": _iso(self.closed_at) if self.closed_at else "",
            "units": self.units(),
            "value": str(self.value),
            "refund": str(self.refund),
            "currency": self.currency,
            "lines": [
                {
                    "line": line.line,
                    "sku": line.sku,
                    "quantity": line.quantity,
                    "grade": line.grade.value,
                    "reason": line.reason.value if line.reason else "",
                    "unit_value": str(line.unit_value),
                    "currency": line.currency,
                    "value": str(line.value),
                    "refund": str(line.refund),
                    "location": line.location,
                    "movement_id": line.movement_id,
                }
                for line in self.lines
            ],
        }


def _iso(moment: datetime) -> str:
    """ISO 8601 in UTC (SQLite gives back naive times, stored in UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


# --- what came back -------------------------------------------------------------------------


def identify(uow: UnitOfWork, warehouse: str, text: str) -> Identified:
    """The order a returns scan names (SSCC, tracking number or order number), or an unknown
    return. A known order that has not shipped is refused: nothing of it can come back."""
    scanned = text.strip()
    session = uow.session
    parcel: ParcelRow | None = None
    digits = scanned[2:] if len(scanned) == 20 and scanned.startswith("00") else scanned
    if len(digits) == 18 and digits.isdigit():
        try:
            parcel = session.get(ParcelRow, require_sscc(digits))
        except WmsError:  # not a valid SSCC: maybe a tracking or order number
            parcel = None
    if parcel is None and scanned:
        parcel = session.scalars(
            select(ParcelRow).where(
                ParcelRow.tracking == scanned.upper(), ParcelRow.warehouse == warehouse
            )
        ).first()
    if parcel is not None and parcel.warehouse != warehouse:
        parcel = None
    order = session.get(OrderRow, parcel.order if parcel is not None else scanned.upper())
    if order is None and parcel is None:
        order = session.get(OrderRow, scanned)
    if order is None or order.warehouse != warehouse:
        return Identified(scanned)
    if order.status not in RETURNABLE_STATUSES:
        raise RuleViolation(
            msg(
                "order {number} is {status}: only a shipped order can come back as a return",
                number=order.number,
                status=order.status,
            ),
            "not_shipped",
        )
    if parcel is None:
        parcel = session.scalars(
            select(ParcelRow).where(
                ParcelRow.warehouse == warehouse, ParcelRow.order == order.number
            )
        ).first()
    return Identified(scanned, order.number, parcel.sscc if parcel is not None else "", order.owner)


def order_lines(uow: UnitOfWork, order: str, *, excluding: str = "") -> dict[str, OrderLineInfo]:
    """What ``order`` shipped per SKU (its lines) and what its returns took back so far
    (exception lines are not the order's), ``excluding`` one return's lines."""
    session = uow.session
    shipped: dict[str, list[OrderLineRow]] = defaultdict(list)
    for row in session.scalars(
        select(OrderLineRow).where(OrderLineRow.order == order).order_by(OrderLineRow.line)
    ):
        shipped[row.sku].append(row)
    returned: dict[str, int] = defaultdict(int)
    query = (
        select(ReturnLineRow.sku, func.sum(ReturnLineRow.quantity))
        .join(ReturnRow, ReturnRow.number == ReturnLineRow.number)
        .where(ReturnRow.order == order, ReturnLineRow.grade != ReturnGrade.EXCEPTION.value)
        .group_by(ReturnLineRow.sku)
    )
    if excluding:
        query = query.where(ReturnRow.number != excluding)
    for sku, units in session.execute(query):
        returned[sku] = int(units or 0)
    return {
        sku: OrderLineInfo(
            sku,
            sum(row.quantity for row in rows),
            returned.get(sku, 0),
            rows[0].unit_value,
            rows[0].currency,
        )
        for sku, rows in shipped.items()
    }


def owner_label(uow: UnitOfWork, code: str) -> str:
    """The owner's name, for the bench's screen."""
    return owner_name(uow.session, code)


def require_owner(uow: UnitOfWork, sku: str, order: str, owner: str) -> None:
    """Refuse (``OwnerMismatch``, both owners named) a product of another owner than the
    returned order's."""
    require_same_owner(
        uow.session,
        sku,
        owner_of_product(uow.session, sku),
        msg("this return of {order}", order=order),
        owner,
    )


def open_return(
    uow: UnitOfWork, actor: Actor, warehouse: str, found: Identified
) -> tuple[ReturnRow, bool]:
    """The open return of ``found``'s order (resumed: True), or a new one. An unknown return
    is always new."""
    session = uow.session
    if found.known:
        row = session.scalars(
            select(ReturnRow).where(
                ReturnRow.warehouse == warehouse,
                ReturnRow.order == found.order,
                ReturnRow.status == ReturnStatus.OPEN.value,
            )
        ).first()
        if row is not None:
            return row, True
    number = next_number(uow, actor, "return", "RET")
    row = ReturnRow(
        number=number,
        warehouse=warehouse,
        order=found.order,
        parcel=found.parcel,
        scanned=found.scanned[:40],
        owner=found.owner,
        status=ReturnStatus.OPEN.value,
        operator=actor.operator,
        station=actor.station,
        opened_at=actor.clock(),
    )
    session.add(row)
    session.flush()
    return row, False


def lines_of(uow: UnitOfWork, number: str) -> list[ReturnLine]:
    rows = uow.session.scalars(
        select(ReturnLineRow).where(ReturnLineRow.number == number).order_by(ReturnLineRow.line)
    )
    return [_line(row) for row in rows]


def _line(row: ReturnLineRow) -> ReturnLine:
    return ReturnLine(
        line=row.line,
        sku=row.sku,
        quantity=row.quantity,
        grade=ReturnGrade(row.grade),
        reason=ReturnReason(row.reason) if row.reason else None,
        unit_value=row.unit_value,
        currency=row.currency,
        location=row.location,
        movement_id=row.movement_id,
    )


def record_line(
    uow: UnitOfWork,
    actor: Actor,
    number: str,
    *,
    sku: str,
    lot: str,
    quantity: int,
    grade: ReturnGrade,
    reason: ReturnReason | None,
    location: str,
    unit_value: Decimal,
    currency: str,
) -> tuple[ReturnLine, list[Movement]]:
    """Post the movements of one graded line and write the line (not committed). A graded
    line (not an exception) of a known return must be of the return's owner: a grade never
    makes stock of another owner."""
    head = uow.session.get(ReturnRow, number)
    if head is None:
        raise RuleViolation(msg("unknown return {number}", number=number), "not_found")
    if head.order and grade is not ReturnGrade.EXCEPTION:
        require_same_owner(
            uow.session,
            sku,
            owner_of_product(uow.session, sku),
            msg("this return of {order}", order=head.order),
            head.owner,
        )
    raw = f"return {number}: {grade.value}" + (f", {reason.value}" if reason else "")
    status = StockStatus.AVAILABLE if grade is ReturnGrade.RESELLABLE else StockStatus.QUARANTINED
    place = StockPlace(location, "", status)
    movements = [
        post(uow, actor, MovementDraft.receipt(sku, quantity, place, lot=lot, reference=number,
                                               raw_scan=raw))
    ]  # fmt: skip
    if grade is ReturnGrade.DESTROY:
        movements.append(
            post(uow, actor, MovementDraft.adjustment(sku, -quantity, place, lot=lot,
                                                      reference=number,
                                                      raw_scan=f"write-off: {raw}"))
        )  # fmt: skip
    session = uow.session
    line = (
        session.scalar(select(func.max(ReturnLineRow.line)).where(ReturnLineRow.number == number))
        or 0
    ) + 1
    row = ReturnLineRow(
        number=number,
        line=line,
        sku=sku,
        lot=lot,
        quantity=quantity,
        grade=grade.value,
        reason=reason.value if reason else "",
        unit_value=unit_value,
        currency=currency,
        location=location,
        movement_id=movements[0].id,
        writeoff_movement_id=movements[1].id if len(movements) > 1 else "",
        operator=actor.operator,
        at=actor.clock(),
    )
    session.add(row)
    session.flush()
    return _line(row), movements


def close_return(uow: UnitOfWork, number: str, at: datetime) -> ReturnSummary:
    row = uow.session.get(ReturnRow, number)
    if row is None:
        raise RuleViolation(msg("unknown return {number}", number=number), "not_found")
    if row.status == ReturnStatus.CLOSED.value:
        raise RuleViolation(msg("return {number} is already closed", number=number), "closed")
    row.status = ReturnStatus.CLOSED.value
    row.closed_at = at
    uow.session.flush()
    return _summary(uow, row)


# --- reading returns ------------------------------------------------------------------------


def summary(uow: UnitOfWork, number: str) -> ReturnSummary:
    row = uow.session.get(ReturnRow, number)
    if row is None:
        raise RuleViolation(msg("unknown return {number}", number=number), "not_found")
    return _summary(uow, row)


def _summary(
    uow: UnitOfWork, row: ReturnRow, lines: list[ReturnLine] | None = None
) -> ReturnSummary:
    return ReturnSummary(
        number=row.number,
        warehouse=row.warehouse,
        order=row.order,
        parcel=row.parcel,
        owner=row.owner,
        owner_name=owner_name(uow.session, row.owner),
        status=row.status,
        operator=row.operator,
        station=row.station,
        opened_at=row.opened_at,
        closed_at=row.closed_at,
        lines=lines if lines is not None else lines_of(uow, row.number),
    )


def list_returns(
    uow: UnitOfWork,
    warehouse: str,
    *,
    owner: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[ReturnSummary]:
    """Returns of ``warehouse`` opened in [``start``, ``end``), of ``owner`` if given, oldest
    first, with their lines."""
    query = select(ReturnRow).where(ReturnRow.warehouse == warehouse)
    if owner:
        query = query.where(ReturnRow.owner == owner)
    if start is not None:
        query = query.where(ReturnRow.opened_at >= start)
    if end is not None:
        query = query.where(ReturnRow.opened_at < end)
    rows = list(uow.session.scalars(query.order_by(ReturnRow.opened_at, ReturnRow.number)))
    by_number: dict[str, list[ReturnLine]] = defaultdict(list)
    if rows:
        numbers = [row.number for row in rows]
        for line_row in uow.session.scalars(
            select(ReturnLineRow)
            .where(ReturnLineRow.number.in_(numbers))
            .order_by(ReturnLineRow.number, ReturnLineRow.line)
        ):
            by_number[line_row.number].append(_line(line_row))
    return [_summary(uow, row, by_number.get(row.number, [])) for row in rows]
