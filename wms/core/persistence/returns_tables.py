"""Tables of customer returns: one ``returns`` row per parcel (or order) brought back to a
returns bench, one ``return_lines`` row per graded item line.

A line is written in the transaction of the scan that graded it, with the movement that put
the item where its grade says (``movement_id``; for ``destroy`` also the write-off
``writeoff_movement_id``). ``pushed_at`` is when central acknowledged a closed return.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from wms.core.persistence.base import Base
from wms.core.persistence.tables import CODE

MONEY = Numeric(14, 2)


class ReturnRow(Base):
    """A customer return: which order and parcel it is (empty for an unknown return), whose
    goods (``owner``), ``open`` while items are graded, ``closed`` with CMD:DONE."""

    __tablename__ = "returns"
    __table_args__ = (
        Index("ix_returns_order", "warehouse", "order"),
        Index("ix_returns_owner", "warehouse", "owner", "opened_at"),
        Index("ix_returns_status", "warehouse", "status"),
    )

    number: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    order: Mapped[str] = mapped_column(String(CODE), default="")
    parcel: Mapped[str] = mapped_column(String(CODE), default="")
    scanned: Mapped[str] = mapped_column(String(CODE), default="")
    owner: Mapped[str] = mapped_column(String(40), default="HUB")
    status: Mapped[str] = mapped_column(String(10), default="open")
    operator: Mapped[str] = mapped_column(String(CODE), default="")
    station: Mapped[str] = mapped_column(String(CODE), default="")
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    pushed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ReturnLineRow(Base):
    """One graded item line of a return (see :mod:`wms.core.domain.returns`)."""

    __tablename__ = "return_lines"

    number: Mapped[str] = mapped_column(ForeignKey("returns.number"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(CODE))
    lot: Mapped[str] = mapped_column(String(CODE), default="")
    quantity: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(24), default="")
    unit_value: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    location: Mapped[str] = mapped_column(String(CODE), default="")
    movement_id: Mapped[str] = mapped_column(String(36), default="")
    writeoff_movement_id: Mapped[str] = mapped_column(String(36), default="")
    operator: Mapped[str] = mapped_column(String(CODE), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReturnsFeedRow(Base):
    """Per station: how far the warehouse's returns feed at central (its ``feed_seq``) has been
    applied here."""

    __tablename__ = "returns_feed"

    station: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    feed_seq: Mapped[int] = mapped_column(Integer, default=0)
