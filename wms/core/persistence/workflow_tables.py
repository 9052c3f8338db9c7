"""Tables of the scan workflows: login events, count tasks and adjustments awaiting approval.

Workflow *progress* lives in memory on the station (a crash returns it to the login prompt);
these tables hold what must outlive a session: the audit of logins, the count tasks a supervisor
planned, and the adjustments waiting for a supervisor's decision. Stock itself is only ever in
the ledger (``movements``) and its projection (``stock``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wms.core.persistence.base import Base
from wms.core.persistence.tables import CODE


class LoginEventRow(Base):
    """One login attempt, logout, lock or idle timeout at a station (append-only audit)."""

    __tablename__ = "login_events"
    __table_args__ = (Index("ix_login_events_badge", "badge", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    station: Mapped[str] = mapped_column(String(CODE))
    badge: Mapped[str] = mapped_column(String(CODE))
    event: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CountTaskRow(Base):
    """A cycle count of one location: ``open`` → ``counted`` (or ``cancelled``)."""

    __tablename__ = "count_tasks"
    __table_args__ = (Index("ix_count_tasks_location", "warehouse", "location", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    location: Mapped[str] = mapped_column(String(CODE))
    status: Mapped[str] = mapped_column(String(12), default="open")
    reason: Mapped[str] = mapped_column(String(100), default="")
    created_by: Mapped[str] = mapped_column(String(CODE))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    counted_by: Mapped[str] = mapped_column(String(CODE), default="")
    counted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    station: Mapped[str] = mapped_column(String(CODE), default="")


class AdjustmentRow(Base):
    """A stock adjustment: from a count variance (``pending`` until a supervisor approves or
    rejects it) or made directly by a supervisor (``approved`` at once, with a reason code).

    ``expected`` is what the ledger held when the count was made; approval refuses to post if
    the stock has moved since (the count is stale and the location must be recounted).
    """

    __tablename__ = "adjustments"
    __table_args__ = (Index("ix_adjustments_state", "warehouse", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    location: Mapped[str] = mapped_column(String(CODE))
    sku: Mapped[str] = mapped_column(String(CODE))
    lot: Mapped[str] = mapped_column(String(CODE), default="")
    expected: Mapped[int] = mapped_column(Integer, default=0)
    counted: Mapped[int] = mapped_column(Integer, default=0)
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(40))
    count_task: Mapped[int | None] = mapped_column(Integer, nullable=True)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    requested_by: Mapped[str] = mapped_column(String(CODE))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    station: Mapped[str] = mapped_column(String(CODE), default="")
    decided_by: Mapped[str] = mapped_column(String(CODE), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    movement_ids: Mapped[str] = mapped_column(Text, default="")


class CountLineRow(Base):
    """What was counted so far in a count task, per product and lot (each scan is committed,
    so a count survives a crash and can be resumed)."""

    __tablename__ = "count_lines"

    task: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    lot: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer, default=0)
