"""The SSCC range this station database issues from (:mod:`wms.core.domain.sscc_ranges`).

One row per warehouse: the station the number was reserved for at central, the number, and the
last counter used. A database copied to another bench (another station id) gets a new number
at its next sync.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wms.core.persistence.base import Base
from wms.core.persistence.tables import CODE


class SsccBlockRow(Base):
    __tablename__ = "sscc_blocks"

    warehouse: Mapped[str] = mapped_column(ForeignKey("warehouses.code"), primary_key=True)
    station: Mapped[str] = mapped_column(String(CODE))
    number: Mapped[int] = mapped_column(Integer)
    last_counter: Mapped[int] = mapped_column(Integer, default=0)
