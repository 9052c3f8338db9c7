"""SSCC allocation from the station's reserved range (called by
``WarehouseRepository.allocate_sscc``; the reservation itself comes from central at sync,
:mod:`wms.core.sync.sscc_reservation`)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wms.core.domain.sscc import make_sscc
from wms.core.domain.sscc_ranges import serial_for
from wms.core.persistence.sscc_tables import SsccBlockRow
from wms.core.persistence.tables import WarehouseRow


def allocate_reserved_sscc(session: Session, warehouse: str) -> str | None:
    """The next SSCC of this database's reserved range for ``warehouse`` (counter bumped in
    this transaction), or None when no range is reserved yet."""
    block = session.execute(
        update(SsccBlockRow)
        .where(SsccBlockRow.warehouse == warehouse)
        .values(last_counter=SsccBlockRow.last_counter + 1)
        .returning(SsccBlockRow.number, SsccBlockRow.last_counter)
    ).one_or_none()
    if block is None:
        return None
    prefix = session.scalar(
        select(WarehouseRow.gs1_company_prefix).where(WarehouseRow.code == warehouse)
    )
    if prefix is None:
        return None
    return make_sscc(prefix, serial_for(prefix, block.number, block.last_counter))
