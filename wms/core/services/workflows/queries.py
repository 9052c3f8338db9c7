"""Read queries the workflows need on their hot path (stock at a location, in a handling unit,
occupancy for putaway, what an ASN has received). Plain Core SELECTs, no ORM objects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from wms.core.domain.model import MovementKind, Product, StockPlace, StockStatus
from wms.core.persistence.tables import MovementRow, StockRow
from wms.core.persistence.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class StockEntry:
    """One stock projection row (a quantity at one key)."""

    location: str
    sku: str
    lot: str
    handling_unit: str
    status: StockStatus
    quantity: int

    @property
    def place(self) -> StockPlace:
        return StockPlace(self.location, self.handling_unit, self.status)


def stock_entries(
    uow: UnitOfWork,
    warehouse: str,
    *,
    location: str | None = None,
    sku: str | None = None,
    lot: str | None = None,
    handling_unit: str | None = None,
    locations: Iterable[str] | None = None,
) -> list[StockEntry]:
    s = StockRow.__table__.c
    statement = select(s.location, s.sku, s.lot, s.handling_unit, s.status, s.quantity).where(
        s.warehouse == warehouse
    )
    if location is not None:
        statement = statement.where(s.location == location)
    if locations is not None:
        statement = statement.where(s.location.in_(list(locations)))
    if sku is not None:
        statement = statement.where(s.sku == sku)
    if lot is not None:
        statement = statement.where(s.lot == lot)
    if handling_unit is not None:
        statement = statement.where(s.handling_unit == handling_unit)
    statement = statement.order_by(s.location, s.sku, s.lot, s.handling_unit, s.status)
    return [
        StockEntry(row.location, row.sku, row.lot, row.handling_unit, StockStatus(row.status),
                   row.quantity)
        for row in uow.session.execute(statement)
    ]  # fmt: skip


@dataclass
class Occupancy:
    units: int = 0
    kg: Decimal = Decimal("0")
    contents: set[tuple[str, str]] | None = None  # (sku, lot)


def occupancy(
    uow: UnitOfWork, warehouse: str, weight_of: dict[str, Decimal]
) -> dict[str, Occupancy]:
    """Units, weight and (sku, lot) contents per location with stock."""
    s = StockRow.__table__.c
    statement = (
        select(s.location, s.sku, s.lot, func.sum(s.quantity).label("quantity"))
        .where(s.warehouse == warehouse)
        .group_by(s.location, s.sku, s.lot)
    )
    result: dict[str, Occupancy] = {}
    for row in uow.session.execute(statement):
        quantity = int(row.quantity or 0)
        if quantity <= 0:
            continue
        entry = result.setdefault(row.location, Occupancy(contents=set()))
        entry.units += quantity
        entry.kg += weight_of.get(row.sku, Decimal("0")) * quantity
        assert entry.contents is not None
        entry.contents.add((row.sku, row.lot))
    return result


def location_load(
    uow: UnitOfWork, warehouse: str, location: str, weight_of: dict[str, Decimal]
) -> Occupancy:
    s = StockRow.__table__.c
    statement = (
        select(s.sku, func.sum(s.quantity).label("quantity"))
        .where(s.warehouse == warehouse, s.location == location)
        .group_by(s.sku)
    )
    load = Occupancy(contents=set())
    for row in uow.session.execute(statement):
        quantity = int(row.quantity or 0)
        if quantity > 0:
            load.units += quantity
            load.kg += weight_of.get(row.sku, Decimal("0")) * quantity
    return load


def received_by_sku(uow: UnitOfWork, warehouse: str, reference: str) -> dict[str, int]:
    """Units received so far against a document (RECEIVE movements with that reference)."""
    m = MovementRow.__table__.c
    statement = (
        select(m.sku, func.sum(m.quantity).label("quantity"))
        .where(
            m.reference == reference,
            m.warehouse == warehouse,
            m.kind == MovementKind.RECEIVE.value,
        )
        .group_by(m.sku)
    )
    return {row.sku: int(row.quantity or 0) for row in uow.session.execute(statement)}


def weights(products: Iterable[Product]) -> dict[str, Decimal]:
    return {p.sku: p.weight_kg for p in products}
