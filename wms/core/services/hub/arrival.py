"""Arrival of a MAWB's big bags: each bag scanned (and weighed) is checked against the
pre-alert; the discrepancy report lists expected, missing and unexpected bags and weight
differences beyond the tolerance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.hub import ParcelEventKind, as_utc
from wms.core.domain.text import msg
from wms.core.persistence.hub_tables import HubBagRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor


class BagStatus(StrEnum):
    ARRIVED = "arrived"
    MISSING = "missing"
    UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class BagArrival:
    bag: str
    mawb: str
    expected: bool
    again: bool
    parcels: int
    declared_kg: Decimal | None
    weighed_kg: Decimal | None
    difference_kg: Decimal | None
    beyond_tolerance: bool
    arrived: int
    expected_bags: int


@dataclass(frozen=True)
class BagLine:
    """One line of the discrepancy report."""

    bag: str
    status: BagStatus
    declared_kg: Decimal | None
    weighed_kg: Decimal | None
    difference_kg: Decimal | None
    weight_flag: bool
    arrived_at: datetime | None

    def as_row(self) -> dict[str, object]:
        return {
            "bag": self.bag,
            "status": self.status.value,
            "declared_kg": self.declared_kg,
            "weighed_kg": self.weighed_kg,
            "difference_kg": self.difference_kg,
            "weight": "beyond tolerance" if self.weight_flag else "",
            "arrived_at": self.arrived_at,
        }


def start_mawb(uow: UnitOfWork, actor: Actor, mawb: str) -> tuple[int, int]:
    """The MAWB's arrival starts (its first scan is stamped); returns (bags expected, arrived)."""
    row = uow.hub.mawb(actor.warehouse, mawb)
    if row is None:
        raise NotFound("MAWB", mawb, msg("it is in no pre-alert: import its pre-alert first"))
    if row.arrived_at is None:
        row.arrived_at = actor.clock()
        row.arrival_station = actor.station
        row.arrival_operator = actor.operator
    bags = uow.hub.bags_of(actor.warehouse, mawb)
    expected = sum(1 for b in bags if b.expected)
    return expected, sum(1 for b in bags if b.arrived_at is not None)


def _difference(declared: Decimal | None, weighed: Decimal | None) -> Decimal | None:
    if declared is None or weighed is None:
        return None
    return weighed - Decimal(declared)


def receive_bag(
    uow: UnitOfWork,
    actor: Actor,
    mawb: str,
    bag_code: str,
    weight_kg: Decimal | None,
    tolerance_kg: Decimal,
    raw_scan: str,
) -> BagArrival:
    """One bag scanned at arrival (the caller commits). Another MAWB's bag is refused."""
    row = uow.hub.bag(actor.warehouse, bag_code)
    now = actor.clock()
    if row is not None and row.mawb != mawb:
        raise RuleViolation(
            msg(
                "bag {bag_code} belongs to MAWB {mawb}, not to {mawb2}: set it aside for {mawb}",
                bag_code=bag_code,
                mawb=row.mawb,
                mawb2=mawb,
            ),
            "other_mawb",
        )
    again = row is not None and row.arrived_at is not None
    if row is None:
        row = HubBagRow(
            warehouse=actor.warehouse,
            bag=bag_code,
            mawb=mawb,
            declared_weight_kg=None,
            expected=False,
            arrival_station="",
            arrival_operator="",
        )
        uow.hub.add_bag(row)
    parcels = uow.hub.parcels_in_bag(actor.warehouse, bag_code)
    if not again:
        row.arrived_at = now
        row.arrival_station = actor.station
        row.arrival_operator = actor.operator
        for parcel in parcels:
            uow.hub.record_event(
                warehouse=actor.warehouse,
                station=actor.station,
                operator=actor.operator,
                tracking=parcel.tracking,
                kind=ParcelEventKind.ARRIVED,
                at=now,
                bag=bag_code,
                raw_scan=raw_scan,
            )
    if weight_kg is not None:
        row.arrival_weight_kg = weight_kg
    uow.hub.flush()
    difference = _difference(row.declared_weight_kg, row.arrival_weight_kg)
    bags = uow.hub.bags_of(actor.warehouse, mawb)
    return BagArrival(
        bag=bag_code,
        mawb=mawb,
        expected=row.expected,
        again=again,
        parcels=len(parcels),
        declared_kg=row.declared_weight_kg,
        weighed_kg=row.arrival_weight_kg,
        difference_kg=difference,
        beyond_tolerance=difference is not None and abs(difference) > tolerance_kg,
        arrived=sum(1 for b in bags if b.expected and b.arrived_at is not None),
        expected_bags=sum(1 for b in bags if b.expected),
    )


def arrival_report(
    uow: UnitOfWork, warehouse: str, mawb: str, tolerance_kg: Decimal
) -> list[BagLine]:
    """Every bag of the MAWB: arrived, missing (pre-alerted, not scanned) or unexpected."""
    if uow.hub.mawb(warehouse, mawb) is None:
        raise NotFound("MAWB", mawb, msg("it is in no pre-alert"))
    lines = []
    for bag in uow.hub.bags_of(warehouse, mawb):
        if not bag.expected:
            status = BagStatus.UNEXPECTED
        elif bag.arrived_at is None:
            status = BagStatus.MISSING
        else:
            status = BagStatus.ARRIVED
        difference = _difference(bag.declared_weight_kg, bag.arrival_weight_kg)
        lines.append(
            BagLine(
                bag.bag,
                status,
                bag.declared_weight_kg,
                bag.arrival_weight_kg,
                difference,
                difference is not None and abs(difference) > tolerance_kg,
                as_utc(bag.arrived_at) if bag.arrived_at is not None else None,
            )
        )
    order = {BagStatus.MISSING: 0, BagStatus.UNEXPECTED: 1, BagStatus.ARRIVED: 2}
    return sorted(lines, key=lambda line: (order[line.status], not line.weight_flag, line.bag))
