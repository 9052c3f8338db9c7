"""Occupancy: every active location with its units on hand against its capacity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from wms.core.persistence.tables import LocationRow, StockLocationTotalRow


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
    """Every active location with its units on hand: the locations joined to their totals
    (``stock_locations``, kept by the database with each stock change), one row each, whatever
    the size of the stock table."""
    stock = StockLocationTotalRow
    columns: list[Any] = [
        LocationRow.code,
        LocationRow.zone,
        LocationRow.aisle,
        LocationRow.rack,
        LocationRow.level,
        LocationRow.bin,
        LocationRow.type,
        LocationRow.capacity_units,
        func.coalesce(stock.units, 0),
        func.coalesce(stock.lines, 0),
    ]
    statement = (
        select(*columns)
        .outerjoin(
            stock,
            and_(stock.warehouse == LocationRow.warehouse, stock.location == LocationRow.code),
        )
        .where(LocationRow.active.is_(True))
        .order_by(LocationRow.aisle, LocationRow.rack, LocationRow.level, LocationRow.bin)
    )
    if warehouse:
        statement = statement.where(LocationRow.warehouse == warehouse)
    return [Cell(*row) for row in session.execute(statement)]
