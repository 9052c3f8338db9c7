"""The hub's reports for the command line and the supervisor screens, each in its own read-only
unit of work: the arrival discrepancies of a MAWB."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub.arrival import BagLine, arrival_report
from wms.core.services.imports_base import resolve_warehouse

ARRIVAL_COLUMNS = (
    "bag",
    "status",
    "declared_kg",
    "weighed_kg",
    "difference_kg",
    "weight",
    "arrived_at",
)


def arrivals(
    sessions: sessionmaker[Session] | Engine,
    mawb: str,
    *,
    warehouse: str | None = None,
    tolerance_kg: Decimal = Decimal("0.5"),
) -> list[BagLine]:
    """Every bag of ``mawb``: missing, unexpected, then arrived (weight differences first)."""
    with UnitOfWork(sessions, read_only=True) as uow:
        return arrival_report(uow, resolve_warehouse(uow.session, warehouse), mawb, tolerance_kg)
