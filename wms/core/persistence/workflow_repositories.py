"""Repositories of what the workflows record besides stock: inbound documents, cycle counts,
adjustments, expected transfers. Reads the workflows need are in their query modules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import (
    Insert,
    delete,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from wms.core.persistence.tables import (
    AsnRow,
)
from wms.core.persistence.transfer_tables import ExpectedTransferRow
from wms.core.persistence.workflow_tables import (
    AdjustmentRow,
    CountLineRow,
    CountTaskRow,
)


class DocumentRepository:
    """Inbound documents (ASNs) as receiving changes them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def close_asn(self, number: str) -> None:
        """The ASN has been received: nothing more is received against it."""
        self.session.execute(
            update(AsnRow).where(AsnRow.number == number).values(status="received")
        )


_COUNT_LINE_UPSERTS: dict[str, Insert] = {}


def _count_line_upsert(dialect: str) -> Insert:
    """``INSERT … ON CONFLICT DO UPDATE quantity = quantity + units``, built once per dialect."""
    statement = _COUNT_LINE_UPSERTS.get(dialect)
    if statement is None:
        dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        base = dialect_insert(CountLineRow)
        statement = base.on_conflict_do_update(
            index_elements=["task", "sku", "lot"],
            set_={"quantity": CountLineRow.quantity + base.excluded.quantity},
        )
        _COUNT_LINE_UPSERTS[dialect] = statement
    return statement


class CountRepository:
    """What cycle counts record: counted units per task, the task's close, the variances."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_counted(self, task: int, sku: str, lot: str, units: int) -> None:
        """Add ``units`` of (sku, lot) to what ``task`` has counted (one statement)."""
        connection = self.session.connection()
        connection.execute(
            _count_line_upsert(connection.dialect.name),
            {"task": task, "sku": sku, "lot": lot, "quantity": units},
        )

    def discard_counted(self, task: int) -> None:
        self.session.execute(delete(CountLineRow).where(CountLineRow.task == task))

    def mark_counted(self, task: int, *, by: str, at: datetime, station: str) -> None:
        self.session.execute(
            update(CountTaskRow)
            .where(CountTaskRow.id == task)
            .values(status="counted", counted_by=by, counted_at=at, station=station)
        )

    def add_task(self, row: CountTaskRow) -> CountTaskRow:
        """Record ``row``; its id is set when this returns."""
        self.session.add(row)
        self.session.flush()
        return row

    def open_task_at(self, warehouse: str, location: str) -> int | None:
        """The id of the open count task of ``location``, if any."""
        return self.session.scalar(
            select(CountTaskRow.id).where(
                CountTaskRow.warehouse == warehouse,
                CountTaskRow.location == location,
                CountTaskRow.status == "open",
            )
        )

    def open_tasks(self, warehouse: str) -> list[CountTaskRow]:
        """Open count tasks of ``warehouse``, oldest first."""
        return list(
            self.session.scalars(
                select(CountTaskRow)
                .where(CountTaskRow.warehouse == warehouse, CountTaskRow.status == "open")
                .order_by(CountTaskRow.id)
            )
        )


class AdjustmentRepository:
    """Adjustment requests and decisions (the movements they post go through the ledger)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: AdjustmentRow) -> AdjustmentRow:
        """Record ``row``; its id is set when this returns."""
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, adjustment_id: int) -> AdjustmentRow | None:
        return self.session.get(AdjustmentRow, adjustment_id)

    def of_warehouse(self, warehouse: str, state: str | None = None) -> list[AdjustmentRow]:
        """Adjustments of ``warehouse`` (in ``state``, if given), oldest first."""
        statement = select(AdjustmentRow).where(AdjustmentRow.warehouse == warehouse)
        if state:
            statement = statement.where(AdjustmentRow.state == state)
        return list(self.session.scalars(statement.order_by(AdjustmentRow.id)))

    def decide(
        self,
        row: AdjustmentRow,
        *,
        state: str,
        by: str,
        at: datetime,
        movement_ids: Iterable[str] = (),
    ) -> None:
        """A supervisor's decision on ``row`` (and the movements an approval posted)."""
        row.state, row.decided_by, row.decided_at = state, by, at
        ids = " ".join(movement_ids)
        if ids:
            row.movement_ids = ids


class TransferRepository:
    """Transfer lines a destination expects (written here when one database runs both)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def expect(self, row: ExpectedTransferRow) -> None:
        self.session.add(row)
