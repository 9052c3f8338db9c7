"""The cartons a packing bench offers, smallest first.

Read-only: a warehouse with no cartons stored yet shows the demo set, which the packing workflow
stores on first use (:func:`wms.core.services.outbound.cartons.ensure_cartons`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.persistence.outbound_tables import CartonRow
from wms.core.services.outbound.cartons import DEMO_CARTONS


@dataclass(frozen=True)
class BenchCarton:
    """A carton key of the packing bench: inner dimensions (cm) and maximum gross weight."""

    code: str
    description: str
    dimensions_cm: tuple[Decimal, Decimal, Decimal]
    max_kg: Decimal

    @property
    def volume_cm3(self) -> Decimal:
        length, width, height = self.dimensions_cm
        return length * width * height


def bench_cartons(sessions: sessionmaker[Session], warehouse: str) -> list[BenchCarton]:
    """The warehouse's cartons by volume, then code (the demo set if none is stored yet)."""
    with sessions() as session:
        rows = session.scalars(select(CartonRow).where(CartonRow.warehouse == warehouse))
        found = [
            BenchCarton(
                row.code,
                row.description,
                (Decimal(row.length_cm), Decimal(row.width_cm), Decimal(row.height_cm)),
                Decimal(row.max_weight_kg),
            )
            for row in rows
        ]
    if not found:
        found = [
            BenchCarton(code, description, (Decimal(a), Decimal(b), Decimal(h)), Decimal(m))
            for code, description, a, b, h, _tare, m in DEMO_CARTONS
        ]
    return sorted(found, key=lambda carton: (carton.volume_cm3, carton.code))
