"""Expected transfers: what another warehouse sent to this one and is on the road.

One row per line of a transfer as the source posted it (its TRANSFER_OUT movement id is
``line_id``), for the *destination* warehouse. The rows come from central's feed (entity
``transfer_line``, ``origin = 'central'``) or, when one database holds both warehouses, are
written in the TRANSFER_OUT's own transaction (``origin = 'local'``). Rows are never updated:
what has been received is read from the ledger (the destination's TRANSFER_IN movements with
the same ``transfer_id``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wms.core.persistence.base import Base
from wms.core.persistence.tables import CODE


class ExpectedTransferRow(Base):
    __tablename__ = "expected_transfers"
    __table_args__ = (Index("ix_expected_transfers_transfer", "transfer_id"),)

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)  # destination
    transfer_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source_warehouse: Mapped[str] = mapped_column(String(CODE))
    transit_location: Mapped[str] = mapped_column(String(CODE))
    sku: Mapped[str] = mapped_column(String(CODE))
    lot: Mapped[str] = mapped_column(String(CODE), default="")
    expiry: Mapped[date | None] = mapped_column(Date, nullable=True)
    handling_unit: Mapped[str] = mapped_column(String(CODE), default="")
    status: Mapped[str] = mapped_column(String(12), default="available")
    quantity: Mapped[int] = mapped_column(Integer)
    sent_by: Mapped[str] = mapped_column(String(CODE), default="")
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    origin: Mapped[str] = mapped_column(String(10), default="central")  # central | local
