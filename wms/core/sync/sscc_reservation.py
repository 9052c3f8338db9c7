"""The station's SSCC range, reserved at central during sync (:mod:`wms.core.domain.sscc_ranges`).

After each pull the station makes sure its database issues SSCCs from the range of *this*
station: the first sync asks central for the station's number (``wms_station_number``, central
revision c0004); a database copied to another bench (another station id) asks again; and the
counter is raised past every SSCC of the range this database already knows (a database restored
from an old backup, whose later pallets came back with the pull, never issues one twice).
A database whose warehouse master data has not arrived yet reserves nothing and keeps its own
counter until its next sync.
"""

from __future__ import annotations

import psycopg
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import SyncError
from wms.core.domain.sscc_ranges import (
    largest_station_number,
    serial_of_sscc,
    split_serial,
    station_digits,
)
from wms.core.persistence.sscc_tables import SsccBlockRow
from wms.core.persistence.tables import HandlingUnitRow, WarehouseRow


def _central_number(conn: psycopg.Connection, warehouse: str, station: str) -> int:
    with conn.transaction():
        row = conn.execute("SELECT wms_station_number(%s, %s)", (warehouse, station)).fetchone()
    if row is None or row[0] is None:
        raise SyncError(f"central reserved no station number for {station} of {warehouse}")
    return int(row[0])


def _highest_counter(session: Session, warehouse: str, prefix: str, number: int) -> int:
    """The highest counter of station ``number``'s range among the SSCCs this database holds."""
    digits = str(number).zfill(station_digits(prefix))
    ssccs = session.scalars(
        select(HandlingUnitRow.sscc).where(
            HandlingUnitRow.warehouse == warehouse,
            HandlingUnitRow.sscc.like(f"_{prefix}{digits}%"),
        )
    )
    top = 0
    for sscc in ssccs:
        serial = serial_of_sscc(prefix, sscc)
        if serial is not None:
            block, counter = split_serial(prefix, serial)
            if block == number:
                top = max(top, counter)
    return top


def reserve_sscc_range(
    conn: psycopg.Connection, sessions: sessionmaker[Session], warehouse: str, station: str
) -> int | None:
    """Make this database issue ``station``'s SSCCs; returns the station's number (None: no
    reservation, the database keeps its own counter)."""
    with sessions() as session:
        prefix = session.scalar(
            select(WarehouseRow.gs1_company_prefix).where(WarehouseRow.code == warehouse)
        )
        block = session.get(SsccBlockRow, warehouse)
        known = block.number if block is not None and block.station == station else None
    if prefix is None:
        return None  # the warehouse's master data has not arrived yet
    number = known if known is not None else _central_number(conn, warehouse, station)
    if number > largest_station_number(prefix):
        raise SyncError(
            f"station {station} of {warehouse} has number {number} at central, but a "
            f"{len(prefix)}-digit company prefix leaves room for station numbers 1 to "
            f"{largest_station_number(prefix)} in its SSCCs"
        )
    with sessions() as session, session.begin():
        used = _highest_counter(session, warehouse, prefix, number)
        row = session.get(SsccBlockRow, warehouse)
        if row is None:
            session.add(
                SsccBlockRow(warehouse=warehouse, station=station, number=number, last_counter=used)
            )
        elif row.station != station or row.number != number:
            row.station, row.number, row.last_counter = station, number, used
        elif row.last_counter < used:
            row.last_counter = used
    return number
