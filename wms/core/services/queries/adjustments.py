"""Stock adjustments and cycle counts as the supervisor sees them: count differences waiting for a
decision, the adjustments already decided, and the count tasks still open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.persistence.workflow_tables import AdjustmentRow, CountTaskRow

#: the states an adjustment goes through (``pending`` until a supervisor decides)
ADJUSTMENT_STATES: tuple[str, ...] = ("pending", "approved", "rejected")


@dataclass(frozen=True)
class AdjustmentLine:
    """One adjustment: the count difference (``quantity`` = counted - expected) and its fate."""

    id: int
    state: str
    location: str
    sku: str
    lot: str
    expected: int
    counted: int
    quantity: int
    reason: str
    count_task: int | None
    requested_by: str
    requested_at: datetime
    decided_by: str
    decided_at: datetime | None


def adjustment_lines(
    sessions: sessionmaker[Session], warehouse: str, state: str | None = "pending"
) -> list[AdjustmentLine]:
    """The warehouse's adjustments in ``state`` (every one for None), oldest first; times are
    timezone-aware UTC."""
    statement = select(AdjustmentRow).where(AdjustmentRow.warehouse == warehouse)
    if state:
        statement = statement.where(AdjustmentRow.state == state)
    with sessions() as session:
        return [
            AdjustmentLine(
                id=row.id,
                state=row.state,
                location=row.location,
                sku=row.sku,
                lot=row.lot,
                expected=row.expected,
                counted=row.counted,
                quantity=row.quantity,
                reason=row.reason,
                count_task=row.count_task,
                requested_by=row.requested_by,
                requested_at=_utc(row.requested_at),
                decided_by=row.decided_by,
                decided_at=None if row.decided_at is None else _utc(row.decided_at),
            )
            for row in session.scalars(statement.order_by(AdjustmentRow.id))
        ]


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC times; PostgreSQL aware ones."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True)
class CountTaskLine:
    """A cycle count task waiting to be counted."""

    id: int
    location: str
    status: str
    reason: str
    created_by: str
    created_at: datetime


def open_count_lines(sessions: sessionmaker[Session], warehouse: str) -> list[CountTaskLine]:
    """The warehouse's open count tasks, oldest first; times are timezone-aware UTC."""
    statement = (
        select(CountTaskRow)
        .where(CountTaskRow.warehouse == warehouse, CountTaskRow.status == "open")
        .order_by(CountTaskRow.id)
    )
    with sessions() as session:
        return [
            CountTaskLine(
                id=row.id,
                location=row.location,
                status=row.status,
                reason=row.reason,
                created_by=row.created_by,
                created_at=_utc(row.created_at),
            )
            for row in session.scalars(statement)
        ]
