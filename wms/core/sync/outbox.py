"""The station's outbox: its movements central has not acknowledged yet.

Nothing is copied into a separate queue: the station ledger itself is the outbox. A movement
is unsent while its ``station_seq`` is above the acknowledgement central last gave for its
origin station (``sync_acks``). Rows are read in ``MOVEMENT_COLUMNS`` order (the one movement
spec, :mod:`wms.core.sync.central_schema`); on SQLite with one plain statement straight through
the DBAPI connection, outside any write transaction, so a scanning bench is never blocked.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Engine, Select, String, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session, sessionmaker

from wms.core.persistence.sync_tables import SyncAckRow
from wms.core.persistence.tables import MovementRow
from wms.core.sync.batch import MovementTuple
from wms.core.sync.central_schema import MOVEMENT_COLUMNS, STATION_COLUMNS

# read as text on the station and parsed by central (in UTC): dates and times
_PARSED_BY_CENTRAL = ("created_at", "expiry")


def acked(session: Session) -> dict[str, int]:
    """Central's acknowledgement per origin station, as last recorded here."""
    return {row.origin: row.acked_seq for row in session.scalars(select(SyncAckRow))}


def origins(session: Session, warehouse: str) -> dict[str, int]:
    """Origin stations of this warehouse's movements in the local ledger, with their newest
    station_seq."""
    rows = session.execute(
        select(MovementRow.station, func.max(MovementRow.station_seq))
        .where(MovementRow.warehouse == warehouse)
        .group_by(MovementRow.station)
    )
    return {station: int(top) for station, top in rows}


def waiting(session: Session, warehouse: str) -> dict[str, int]:
    """Unsent movements per origin station (station_seq above central's acknowledgement)."""
    done = acked(session)
    counts: dict[str, int] = {}
    for origin in origins(session, warehouse):
        count = session.scalar(
            select(func.count())
            .select_from(MovementRow)
            .where(
                MovementRow.station == origin,
                MovementRow.warehouse == warehouse,
                MovementRow.station_seq > done.get(origin, 0),
            )
        )
        if count:
            counts[origin] = int(count)
    return counts


def read_batch(
    session: Session, warehouse: str, origin: str, after_seq: int, limit: int
) -> list[dict[str, object]]:
    """Up to ``limit`` movements of ``origin`` after ``after_seq`` as dictionaries with typed
    values (central column names); :func:`wms.core.sync.protocol.push_batch` takes these or
    the tuples of :func:`read_rows`."""
    table = MovementRow.__table__
    columns = [table.c[STATION_COLUMNS[c]].label(c) for c in MOVEMENT_COLUMNS]
    rows = session.execute(
        select(*columns)
        .where(
            table.c.station == origin,
            table.c.warehouse == warehouse,
            table.c.station_seq > after_seq,
        )
        .order_by(table.c.station_seq)
        .limit(limit)
    ).mappings()
    batch = []
    for row in rows:
        values = dict(row)
        created = values["created_at"]
        if isinstance(created, datetime) and created.tzinfo is None:
            values["created_at"] = created.replace(tzinfo=UTC)
        batch.append(values)
    return batch


def _read_statement() -> Select[Any]:
    table = MovementRow.__table__
    columns = [
        type_coerce(table.c[STATION_COLUMNS[c]], String)
        if c in _PARSED_BY_CENTRAL
        else table.c[STATION_COLUMNS[c]]
        for c in MOVEMENT_COLUMNS
    ]
    return (
        select(*columns)
        .where(
            table.c.station == bindparam("origin"),
            table.c.warehouse == bindparam("warehouse"),
            table.c.station_seq > bindparam("after"),
        )
        .order_by(table.c.station_seq)
        .limit(bindparam("limit"))
    )


_READ = _read_statement()
_SQLITE_READ = (
    "SELECT "
    + ", ".join(STATION_COLUMNS[c] for c in MOVEMENT_COLUMNS)
    + " FROM movements WHERE station = ? AND warehouse = ? AND station_seq > ?"
    " ORDER BY station_seq LIMIT ?"
)


def read_rows(
    sessions: sessionmaker[Session], warehouse: str, origin: str, after_seq: int, limit: int
) -> list[MovementTuple]:
    """Up to ``limit`` movements of ``origin`` after ``after_seq``: tuples in
    ``MOVEMENT_COLUMNS`` order, values as the station's driver returns them. On SQLite a plain
    read on a pooled connection (no ``BEGIN IMMEDIATE``: it never blocks a scanning bench)."""
    bind = sessions.kw.get("bind")
    if isinstance(bind, Engine) and bind.dialect.name == "sqlite":
        raw = bind.raw_connection()
        try:
            cursor = raw.cursor()
            try:
                cursor.execute(_SQLITE_READ, (origin, warehouse, after_seq, limit))
                return cast(list[MovementTuple], cursor.fetchall())
            finally:
                cursor.close()
        finally:
            raw.close()
    with sessions() as session:
        params = {"origin": origin, "warehouse": warehouse, "after": after_seq, "limit": limit}
        return [tuple(row) for row in session.execute(_READ, params)]


def record_ack(sessions: sessionmaker[Session], origin: str, seq: int) -> None:
    """Remember central's acknowledgement of ``origin`` (it only ever moves forward)."""
    with sessions() as session, session.begin():
        row = session.get(SyncAckRow, origin)
        if row is None:
            session.add(SyncAckRow(origin=origin, acked_seq=seq))
        elif seq > row.acked_seq:
            row.acked_seq = seq
