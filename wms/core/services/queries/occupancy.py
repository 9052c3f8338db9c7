"""Occupancy: every active location with its units on hand against its capacity."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from wms.core.persistence.tables import LocationRow, StockRow


@dataclass(frozen=True)
class Cell:
    code: str
    zone: str
    aisle: str
    rack: int
    level: int
    bin: int
    type: str
    capacity: int | None
    units: int
    lines: int

    @property
    def fill(self) -> float | None:
        if not self.capacity:
            return None if self.units == 0 else 1.0
        return self.units / self.capacity


def occupancy(session: Session, warehouse: str | None) -> list[Cell]:
    """Every active location with its units on hand (one query, grouped in SQL)."""
    stock = (
        select(
            StockRow.location.label("location"),
            func.sum(StockRow.quantity).label("units"),
            func.count().label("lines"),
        )
        .group_by(StockRow.location)
        .where(StockRow.warehouse == warehouse if warehouse else literal(True))
        .subquery()
    )
    statement = (
        select(
            LocationRow.code,
            LocationRow.zone,
            LocationRow.aisle,
            LocationRow.rack,
            LocationRow.level,
            LocationRow.bin,
            LocationRow.type,
            LocationRow.capacity_units,
            func.coalesce(stock.c.units, 0),
            func.coalesce(stock.c.lines, 0),
        )
        .outerjoin(stock, stock.c.location == LocationRow.code)
        .where(LocationRow.active.is_(True))
        .order_by(LocationRow.aisle, LocationRow.rack, LocationRow.level, LocationRow.bin)
    )
    if warehouse:
        statement = statement.where(LocationRow.warehouse == warehouse)
    return [Cell(*row) for row in session.execute(statement)]
