"""SSCC allocation from the station's reserved range (called by
``WarehouseRepository.allocate_sscc``; the reservation itself comes from central at sync,
:mod:`wms.core.sync.sscc_reservation`)."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from wms.core.domain.sscc import make_sscc
from wms.core.domain.sscc_ranges import serial_for
from wms.core.persistence.base import table_of
from wms.core.persistence.raw_sqlite import PreparedRead, PreparedWrite
from wms.core.persistence.sscc_tables import SsccBlockRow
from wms.core.persistence.tables import WarehouseRow

_b, _w = table_of(SsccBlockRow).c, table_of(WarehouseRow).c
_NEXT_RESERVED = PreparedWrite(
    update(table_of(SsccBlockRow))
    .where(_b.warehouse == bindparam("warehouse"))
    .values(last_counter=_b.last_counter + 1)
    .returning(_b.number, _b.last_counter)
)
_PREFIX = PreparedRead(select(_w.gs1_company_prefix).where(_w.code == bindparam("warehouse")))


def allocate_reserved_sscc(session: Session, warehouse: str) -> str | None:
    """The next SSCC of this database's reserved range for ``warehouse`` (counter bumped in
    this transaction), or None when no range is reserved yet. Prebuilt statements: a parcel
    closed at a packing bench allocates one."""
    block = _NEXT_RESERVED.rows(session, {"warehouse": warehouse})
    if not block:
        return None
    prefix = _PREFIX.scalar(session, {"warehouse": warehouse})
    if prefix is None:
        return None
    number, counter = block[0]
    return make_sscc(prefix, serial_for(prefix, number, counter))
