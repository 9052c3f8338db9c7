"""The activity of one owner (merchant) over a period: the figures a hub bills by, computed
from the ledger (every movement carries the owner its product had when it was posted).

Rules (the README's "Per-owner views and billing report" says the same):

* **Days** are calendar days of the hub's time zone (``[station] timezone``, UTC unless set)
  from ``start`` to ``end``, both included; a movement belongs to the day its ``created_at``
  falls on in that zone.
* **Unit-days**: the owner's units on hand at the end of each day, summed over the period.
  On hand means at any location of the warehouse except its transit locations (stock on its
  way to another warehouse is not stored here), whatever its status (available, reserved,
  quarantined).
* **Pallet-days**: the owner's storage positions at the end of each day, summed. A position is
  a handling unit (pallet, carton or tote SSCC, as the stock line records it) holding some of
  the owner's units; the owner's loose units (no handling unit) count one position per
  location. Transit locations are left out as for unit-days.
* **Receipts**: receive movements of the period but returns'; lines = distinct (document,
  product, lot), i.e. the ASN lines received (a line received over several scans is one line),
  units = the units received.
* **Returns**: receive movements whose reference is a return's number (``RET-…``, as the
  returns bench posts them: resellable, damaged or destroyed items alike); count = distinct
  returns, units = their units.
* **Refunds**: the return lines of the owner's returns graded in the period whose reason is
  refunded (:func:`wms.core.domain.returns.refundable`), at their order value, summed per
  currency; units = their units. An exception line (an unknown return, an item not on the
  order) is not refunded.
* **Picks**: pick movements of the period; lines = distinct (order, product), units = the
  units picked.
* **Parcels shipped**: distinct parcels (rows of the outbound ``parcels`` table) whose stock
  left on a ship movement of the period; units = the units shipped in them.

Every query names the owner in its WHERE clause (the ``(warehouse, owner, id)`` index of the
ledger): no other owner's movement is ever read, so nothing of theirs can leak into a report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, literal, select, union_all
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import InvalidValue
from wms.core.domain.model import LocationType, MovementKind
from wms.core.domain.returns import ReturnGrade, ReturnReason, refundable
from wms.core.domain.text import msg
from wms.core.domain.time_zones import day_of, day_start, zone_name
from wms.core.persistence.outbound_tables import ParcelRow
from wms.core.persistence.returns_tables import ReturnLineRow, ReturnRow
from wms.core.persistence.tables import LocationRow, MovementRow, OwnerRow
from wms.core.services.owners import get_owner

#: a return's number starts so; its items are received with it as their movements' reference
RETURN_PREFIX = "RET-"

#: the longest period one report covers (a year and a day, for a leap year's January to
#: January)
MAX_REPORT_DAYS = 367


@dataclass(frozen=True)
class OwnerInfo:
    """The report's header: who the owner is."""

    code: str
    name: str
    country: str
    tax_id: str
    contact_name: str
    contact_email: str
    contact_phone: str
    address: str = ""


@dataclass(frozen=True)
class DayActivity:
    """One day of the period."""

    day: date
    units_on_hand: int
    positions: int
    received_units: int
    picked_units: int
    parcels_shipped: int


@dataclass(frozen=True)
class Figure:
    """One billed figure: key, English caption, value, the unit it counts (an amount's unit
    is its currency)."""

    key: str
    caption: str
    value: int | Decimal
    unit: str


@dataclass
class OwnerActivity:
    owner: OwnerInfo
    warehouse: str
    start: date
    end: date
    zone: tzinfo = UTC  # the days' time zone
    unit_days: int = 0
    pallet_days: int = 0
    receipt_lines: int = 0
    receipt_units: int = 0
    pick_lines: int = 0
    pick_units: int = 0
    parcels_shipped: int = 0
    shipped_units: int = 0
    returns: int = 0
    returned_units: int = 0
    refunded_units: int = 0
    refunds: dict[str, Decimal] = field(default_factory=dict)  # currency -> amount refunded
    days: list[DayActivity] = field(default_factory=list)

    def figures(self) -> list[Figure]:
        return [
            Figure("unit_days", "Units stored (unit-days)", self.unit_days, "unit-days"),
            Figure("pallet_days", "Pallet positions (pallet-days)", self.pallet_days, "days"),
            Figure("receipt_lines", "Receipts: ASN lines received", self.receipt_lines, "lines"),
            Figure("receipt_units", "Receipts: units received", self.receipt_units, "units"),
            Figure("pick_lines", "Picks: order lines picked", self.pick_lines, "lines"),
            Figure("pick_units", "Picks: units picked", self.pick_units, "units"),
            Figure("parcels_shipped", "Parcels shipped", self.parcels_shipped, "parcels"),
            Figure("shipped_units", "Units shipped", self.shipped_units, "units"),
            Figure("returns", "Returns received", self.returns, "returns"),
            Figure("returned_units", "Returns: units", self.returned_units, "units"),
            Figure("refunded_units", "Returns: units refunded", self.refunded_units, "units"),
            *(
                Figure("refunds", f"Returns: refunded ({currency})", amount, currency)
                for currency, amount in sorted(self.refunds.items())
            ),
        ]


def owner_info(session: Session, code: str) -> OwnerInfo:
    """The owner's header (refused with a sentence for an unknown owner)."""
    owner = get_owner(session, code)
    row = session.get(OwnerRow, owner.code)
    return OwnerInfo(
        code=owner.code,
        name=owner.name,
        country=owner.country or "",
        tax_id=owner.tax_id or "",
        contact_name=owner.contact_name or "",
        contact_email=owner.contact_email or "",
        contact_phone=owner.contact_phone or "",
        address=str(getattr(row, "address", "") or ""),  # when the owners table has one
    )


def _bounds(start: date, end: date, zone: tzinfo) -> tuple[datetime, datetime]:
    if end < start:
        raise InvalidValue(
            msg("report period"),
            f"{start.isoformat()} .. {end.isoformat()}",
            msg("a last day on or after the first"),
            msg("a last day before the first"),
        )
    days = (end - start).days + 1
    if days > MAX_REPORT_DAYS:
        raise InvalidValue(
            msg("report period"),
            f"{start.isoformat()} .. {end.isoformat()}",
            msg("at most {days} days", days=MAX_REPORT_DAYS),
            msg("{days} days", days=days),
        )
    return day_start(start, zone), day_start(end + timedelta(days=1), zone)


def _owned(warehouse: str, owner: str) -> list[Any]:
    m = MovementRow
    return [m.warehouse == warehouse, m.owner == owner]


def _positions(warehouse: str, owner: str, before: datetime) -> Select[Any]:
    """The owner's units per (location, handling unit) from every movement before ``before``."""
    m = MovementRow
    owned = [*_owned(warehouse, owner), m.created_at < before]
    arrivals = select(
        m.to_location.label("location"),
        m.to_handling_unit.label("handling_unit"),
        m.quantity.label("quantity"),
    ).where(*owned, m.to_location != "")
    departures = select(
        m.from_location.label("location"),
        m.from_handling_unit.label("handling_unit"),
        (literal(0) - m.quantity).label("quantity"),
    ).where(*owned, m.from_location != "")
    both = union_all(arrivals, departures).subquery()
    total = func.sum(both.c.quantity)
    return (
        select(both.c.location, both.c.handling_unit, total.label("quantity"))
        .group_by(both.c.location, both.c.handling_unit)
        .having(total != 0)
    )


def _period_movements(
    session: Session, warehouse: str, owner: str, since: datetime, until: datetime
) -> Iterator[tuple[Any, ...]]:
    m = MovementRow
    statement = (
        select(
            m.created_at,
            m.kind,
            m.sku,
            m.lot,
            m.quantity,
            m.from_location,
            m.to_location,
            m.from_handling_unit,
            m.to_handling_unit,
            m.reference,
        )
        .where(*_owned(warehouse, owner), m.created_at >= since, m.created_at < until)
        .order_by(m.id)
        .execution_options(yield_per=5000)
    )
    for row in session.execute(statement):
        yield tuple(row)


def _refunds(
    session: Session, warehouse: str, owner: str, since: datetime, until: datetime
) -> tuple[dict[str, Decimal], int]:
    """What the owner's return lines graded in [``since``, ``until``) refund, per currency
    (two decimals), and their units."""
    line, ret = ReturnLineRow, ReturnRow
    graded = session.execute(
        select(line.quantity, line.grade, line.reason, line.unit_value, line.currency)
        .join(ret, ret.number == line.number)
        .where(ret.warehouse == warehouse, ret.owner == owner, line.at >= since, line.at < until)
    )
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    units = 0
    for quantity, grade, reason, unit_value, currency in graded:
        if refundable(ReturnGrade(grade), ReturnReason(reason) if reason else None):
            amounts[currency] += Decimal(unit_value) * quantity
            units += quantity
    return {c: amount.quantize(Decimal("0.01")) for c, amount in amounts.items()}, units


def owner_activity(
    session: Session,
    warehouse: str,
    owner: str,
    start: date,
    end: date,
    zone: tzinfo = UTC,
) -> OwnerActivity:
    """The owner's figures over ``start`` .. ``end`` (days of ``zone``, both included)."""
    since, until = _bounds(start, end, zone)
    info = owner_info(session, owner)
    transit = set(
        session.scalars(
            select(LocationRow.code).where(
                LocationRow.warehouse == warehouse,
                LocationRow.type == LocationType.TRANSIT.value,
            )
        )
    )
    parcels = set(
        session.scalars(
            select(ParcelRow.sscc).where(
                ParcelRow.warehouse == warehouse,
                ParcelRow.sscc.in_(
                    select(MovementRow.from_handling_unit).where(
                        *_owned(warehouse, owner),
                        MovementRow.kind == MovementKind.SHIP.value,
                        MovementRow.created_at >= since,
                        MovementRow.created_at < until,
                    )
                ),
            )
        )
    )
    held: dict[tuple[str, str], int] = defaultdict(int)
    for location, unit, quantity in session.execute(_positions(warehouse, owner, since)):
        if location not in transit:
            held[(location, unit)] += int(quantity)

    deltas: dict[date, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    received: dict[date, int] = defaultdict(int)
    picked: dict[date, int] = defaultdict(int)
    shipped_parcels: dict[date, set[str]] = defaultdict(set)
    receipt_lines: set[tuple[str, str, str]] = set()
    pick_lines: set[tuple[str, str]] = set()
    returns: set[str] = set()
    report = OwnerActivity(info, warehouse, start, end, zone)
    for (
        created,
        kind,
        sku,
        lot,
        quantity,
        source,
        target,
        source_unit,
        target_unit,
        ref,
    ) in _period_movements(session, warehouse, owner, since, until):
        day = day_of(created, zone)
        if target and target not in transit:
            deltas[day][(target, target_unit)] += quantity
        if source and source not in transit:
            deltas[day][(source, source_unit)] -= quantity
        if kind == MovementKind.RECEIVE.value and ref.startswith(RETURN_PREFIX):
            returns.add(ref)
            report.returned_units += quantity
        elif kind == MovementKind.RECEIVE.value:
            received[day] += quantity
            report.receipt_units += quantity
            receipt_lines.add((ref, sku, lot))
        elif kind == MovementKind.PICK.value:
            picked[day] += quantity
            report.pick_units += quantity
            pick_lines.add((ref, sku))
        elif kind == MovementKind.SHIP.value and source_unit in parcels:
            shipped_parcels[day].add(source_unit)
            report.shipped_units += quantity
    report.receipt_lines = len(receipt_lines)
    report.pick_lines = len(pick_lines)
    report.returns = len(returns)
    report.refunds, report.refunded_units = _refunds(session, warehouse, owner, since, until)
    report.parcels_shipped = len(set().union(*shipped_parcels.values()))

    day = start
    while day <= end:
        for key, change in deltas.get(day, {}).items():
            held[key] += change
        units = sum(q for q in held.values() if q > 0)
        positions = _count_positions(held)
        report.days.append(
            DayActivity(
                day, units, positions, received[day], picked[day], len(shipped_parcels[day])
            )
        )
        report.unit_days += units
        report.pallet_days += positions
        day += timedelta(days=1)
    return report


def _count_positions(held: dict[tuple[str, str], int]) -> int:
    """Handling units holding units, plus one per location holding loose units."""
    units: set[str] = set()
    loose: set[str] = set()
    for (location, unit), quantity in held.items():
        if quantity <= 0:
            continue
        if unit:
            units.add(unit)
        else:
            loose.add(location)
    return len(units) + len(loose)


def report_csv_rows(report: OwnerActivity) -> list[list[str]]:
    """The report as CSV rows: the header (owner, period), one row per figure, a blank row,
    then the per-day section under its own header row."""
    owner = report.owner
    rows: list[list[str]] = [
        ["owner", owner.code],
        ["name", owner.name],
        ["tax_id", owner.tax_id],
        ["warehouse", report.warehouse],
        ["from", report.start.isoformat()],
        ["to", report.end.isoformat()],
        ["time_zone", zone_name(report.zone)],
        [],
        ["figure", "value", "unit"],
    ]
    rows += [[f.key, str(f.value), f.unit] for f in report.figures()]
    rows += [
        [],
        ["day", "units_on_hand", "positions", "received_units", "picked_units", "parcels_shipped"],
    ]
    rows += [
        [
            d.day.isoformat(),
            str(d.units_on_hand),
            str(d.positions),
            str(d.received_units),
            str(d.picked_units),
            str(d.parcels_shipped),
        ]
        for d in report.days
    ]
    return rows


def known_owner(sessions: sessionmaker[Session], code: str) -> OwnerInfo:
    """:func:`owner_info` in a session of its own (for commands that only check the owner)."""
    with sessions() as session:
        return owner_info(session, code)


def activity_report(
    sessions: sessionmaker[Session],
    warehouse: str,
    owner: str,
    start: date,
    end: date,
    zone: tzinfo = UTC,
) -> OwnerActivity:
    """:func:`owner_activity` in one read session of its own."""
    with sessions() as session:
        return owner_activity(session, warehouse, owner, start, end, zone)
