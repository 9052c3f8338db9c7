"""Pull: the warehouse's feed from central, applied page by page, each page atomically.

The feed is numbered by ``feed_seq``, gapless per warehouse and assigned in commit order (see
:mod:`wms.core.sync.protocol`). A page is read in one REPEATABLE READ snapshot: the counter's
``last_seq`` first, then every entry up to it, so a page is complete and a missing number is an
error, never skipped. The station applies the page - master-data entries, then movements it
does not hold yet (through the ledger repository's projection rule) - and moves its high-water
mark, all in one local transaction. A pull interrupted anywhere leaves the station at the end
of the last whole page.

Transfers between warehouses: before reading, the pull asks central to publish whatever other
warehouses' pushes left waiting for this warehouse (``wms_transfer_flush``: expected transfer
lines, and settlements of its transfers received elsewhere, see central revision c0003).
``transfer_line`` feed entries become rows of ``expected_transfers``; the settlements are plain
movements of station ``CENTRAL``. A pulled movement naming a handling unit this database does
not know creates its ``handling_units`` row, so a pallet received at another bench can be put
away or moved here; a whole unit moved elsewhere moves its row too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

import psycopg
from psycopg import sql
from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import SyncError
from wms.core.domain.model import (
    HandlingUnitKind,
    Movement,
    MovementKind,
    StockKey,
    StockStatus,
)
from wms.core.persistence.ledger_repository import movement_values
from wms.core.persistence.sync_tables import SyncAckRow, SyncStateRow
from wms.core.persistence.tables import (
    HandlingUnitRow,
    LotRow,
    MovementRow,
    ProductRow,
    StationRow,
    WarehouseRow,
)
from wms.core.persistence.transfer_tables import ExpectedTransferRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.sync.central_api import station_pulled
from wms.core.sync.central_schema import STATION_COLUMNS
from wms.core.sync.limits import retry_on_lock_timeout
from wms.core.sync.master import apply_entry
from wms.core.sync.protocol import Protocol

DEFAULT_PAGE = 5000
TRANSFER_LINE = "transfer_line"
_ID_CHUNK = 500


@dataclass
class PullResult:
    pages: int = 0
    movements: int = 0
    known: int = 0
    master: int = 0
    feed_seq: int = 0


def sync_state(session: Session, station: str, warehouse: str) -> SyncStateRow:
    """This station's sync state row (created on first use)."""
    state = session.get(SyncStateRow, station)
    if state is None:
        # the feed already applied belongs to the database, not the station id: a database
        # copied to a new bench (or a renamed station) keeps its high-water mark
        applied = session.scalar(
            select(func.max(SyncStateRow.feed_seq)).where(SyncStateRow.warehouse == warehouse)
        )
        state = SyncStateRow(
            station=station,
            warehouse=warehouse,
            feed_seq=applied or 0,
            protocol_version=0,
            last_error="",
            clock_skew_seconds=0,
            refused=0,
        )
        session.add(state)
        session.flush()
    return state


def high_water_mark(sessions: sessionmaker[Session], station: str, warehouse: str) -> int:
    with sessions() as session, session.begin():
        return sync_state(session, station, warehouse).feed_seq


def flush_transfers(conn: psycopg.Connection, warehouse: str) -> int:
    """Ask central to publish the transfer lines and settlements other warehouses' pushes left
    waiting for ``warehouse`` (they never wait for its feed lock)."""
    with conn.transaction():
        row = conn.execute("SELECT wms_transfer_flush(%s)", (warehouse,)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def read_page(
    conn: psycopg.Connection, protocol: Protocol, warehouse: str, after: int, page_size: int
) -> tuple[int, list[dict[str, Any]], list[tuple[int, str, dict[str, Any]]]]:
    """Feed entries ``(after, upto]`` read in one snapshot: (upto, movements, master)."""
    columns = sql.SQL(", ").join(map(sql.Identifier, (*protocol.columns, "feed_seq")))
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counter = conn.execute(
            "SELECT last_seq FROM feed_counters WHERE warehouse_id = %s", (warehouse,)
        ).fetchone()
        if counter is None:
            raise SyncError(
                f"warehouse {warehouse} is not registered at central (or this station's role "
                "may not read it)"
            )
        last = int(counter[0])
        if last < after:
            raise SyncError(
                f"this station has read {warehouse}'s feed up to {after} but central's feed "
                f"ends at {last}: expected the same central database it synced with before"
            )
        upto = min(last, after + page_size)
        if upto == after:
            return after, [], []
        with conn.cursor(row_factory=psycopg.rows.dict_row) as cursor:
            movements = cursor.execute(
                sql.SQL(
                    "SELECT {} FROM movements WHERE warehouse_id = %s AND feed_seq > %s "
                    "AND feed_seq <= %s ORDER BY feed_seq"
                ).format(columns),
                (warehouse, after, upto),
            ).fetchall()
        master = conn.execute(
            "SELECT feed_seq, entity, payload FROM feed WHERE warehouse_id = %s "
            "AND feed_seq > %s AND feed_seq <= %s ORDER BY feed_seq",
            (warehouse, after, upto),
        ).fetchall()
    if len(movements) + len(master) != upto - after:
        raise SyncError(
            f"feed of {warehouse} from {after + 1} to {upto}: expected {upto - after} entries, "
            f"found {len(movements) + len(master)}; nothing applied"
        )
    return upto, movements, [(int(s), e, p) for s, e, p in master]


def _movement(row: dict[str, Any]) -> Movement:
    """A feed row (central column names, the protocol's columns) as a movement."""
    values = {STATION_COLUMNS[c]: v for c, v in row.items() if c in STATION_COLUMNS}
    created = values["created_at"]
    values.update(
        id=str(values["id"]),
        kind=MovementKind(values["kind"]),
        from_status=StockStatus(values["from_status"]),
        to_status=StockStatus(values["to_status"]),
        created_at=created if created.tzinfo is not None else created.replace(tzinfo=UTC),
        raw_scan=values.get("raw_scan") or "",
    )
    return Movement(**values)


def _known_ids(session: Session, ids: Sequence[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = ids[start : start + _ID_CHUNK]
        known.update(session.scalars(select(MovementRow.id).where(MovementRow.id.in_(chunk))))
    return known


def apply_page(
    sessions: sessionmaker[Session],
    station: str,
    warehouse: str,
    after: int,
    upto: int,
    rows: Sequence[dict[str, Any]],
    master: Sequence[tuple[int, str, dict[str, Any]]],
) -> tuple[int, int]:
    """Apply one page in one station transaction; returns (movements applied, already held)."""
    with UnitOfWork(sessions) as uow:
        session = uow.session
        state = sync_state(session, station, warehouse)
        if state.feed_seq != after:
            raise SyncError(
                f"feed high-water mark moved from {after} to {state.feed_seq} meanwhile "
                "(another sync running?); page not applied"
            )
        for _seq, entity, payload in master:
            if entity == TRANSFER_LINE:
                _apply_transfer_line(session, payload)
            else:
                apply_entry(session, entity, payload)
        movements = [_movement(row) for row in rows]
        known = _known_ids(session, [m.id for m in movements])
        new = [m for m in movements if m.id not in known]
        if new:
            session.execute(
                insert(cast(Table, MovementRow.__table__)), [movement_values(m) for m in new]
            )
        totals: dict[StockKey, int] = {}
        for movement in new:
            for key, delta in movement.stock_deltas():
                totals[key] = totals.get(key, 0) + delta
        for key, delta in totals.items():
            if delta:
                uow.ledger.apply_delta(key, delta)
        _ensure_lots(session, new)
        _ensure_handling_units(session, new)
        _advance_acks(session, station, new)
        state.feed_seq = upto
        uow.commit()
    return len(new), len(movements) - len(new)


def _apply_transfer_line(session: Session, payload: dict[str, Any]) -> None:
    """An expected transfer line announced by central (applied once: its key is the source's
    TRANSFER_OUT movement id)."""
    key = (payload["warehouse"], payload["transfer_id"], payload["line_id"])
    if session.get(ExpectedTransferRow, key) is not None:
        return
    expiry = payload.get("expiry")
    sent_at = datetime.fromisoformat(payload["sent_at"])
    if sent_at.tzinfo is None:
        sent_at = sent_at.replace(tzinfo=UTC)
    session.add(
        ExpectedTransferRow(
            warehouse=payload["warehouse"],
            transfer_id=payload["transfer_id"],
            line_id=payload["line_id"],
            source_warehouse=payload["source_warehouse"],
            transit_location=payload["transit_location"],
            sku=payload["sku"],
            lot=payload.get("lot") or "",
            expiry=date.fromisoformat(expiry) if expiry else None,
            handling_unit=payload.get("handling_unit") or "",
            status=payload.get("status") or StockStatus.AVAILABLE.value,
            quantity=int(payload["quantity"]),
            sent_by=payload.get("sent_by") or "",
            sent_at=sent_at,
            origin="central",
        )
    )
    session.flush()


# the handling unit a movement kind makes (a bag closed at sorting, a parcel packed)
_UNIT_KINDS = {MovementKind.SORT: HandlingUnitKind.BAG, MovementKind.PACK: HandlingUnitKind.PARCEL}


def _ensure_handling_units(session: Session, movements: Sequence[Movement]) -> None:
    """Handling units named by pulled movements: unknown ones get their row (warehouse, kind
    from the movement, location where the movement leaves them); a unit moved whole to a new
    location follows it. Movements are in feed order, so the last one places the unit."""
    places: dict[str, tuple[Movement, str]] = {}
    for movement in movements:
        if movement.to_handling_unit and movement.to_location:
            places[movement.to_handling_unit] = (movement, movement.to_location)
        elif movement.from_handling_unit and movement.from_handling_unit not in places:
            places[movement.from_handling_unit] = (movement, movement.from_location)
    if not places:
        return
    warehouses = set(session.scalars(select(WarehouseRow.code)))
    for sscc, (movement, location) in places.items():
        row = session.get(HandlingUnitRow, sscc)
        if row is None:
            if movement.warehouse not in warehouses:
                continue  # master data of that warehouse not here (yet): nothing to hang it on
            kind = _UNIT_KINDS.get(movement.kind, HandlingUnitKind.PALLET)
            session.add(
                HandlingUnitRow(
                    sscc=sscc,
                    warehouse=movement.warehouse,
                    kind=kind.value,
                    location=location,
                    created_at=movement.created_at,
                )
            )
        elif (
            movement.to_handling_unit == sscc
            and movement.to_location
            and row.warehouse == movement.warehouse
        ):
            row.location = location
    session.flush()


def _ensure_lots(session: Session, movements: Sequence[Movement]) -> None:
    seen: dict[tuple[str, str], Movement] = {}
    for movement in movements:
        if movement.lot:
            seen.setdefault((movement.sku, movement.lot), movement)
    for (sku, lot), movement in seen.items():
        if session.get(LotRow, (sku, lot)) is None and session.get(ProductRow, sku) is not None:
            session.add(LotRow(sku=sku, code=lot, expiry=movement.expiry))
    session.flush()


def _advance_acks(session: Session, station: str, movements: Sequence[Movement]) -> None:
    """Movements that came from central are at central: other origins count as acknowledged.
    The station's own movements coming back (a database restored from an older backup) bump
    its sequence so it never reuses a number central already holds."""
    tops: dict[str, int] = {}
    for movement in movements:
        tops[movement.station] = max(tops.get(movement.station, 0), movement.station_seq)
    for origin, top in tops.items():
        if origin == station:
            row = session.get(StationRow, station)
            if row is None:  # the station had not posted anything in this database yet
                warehouse = next(m.warehouse for m in movements if m.station == station)
                session.add(StationRow(code=station, warehouse=warehouse, last_seq=top))
            elif row.last_seq < top:
                row.last_seq = top
            continue
        ack = session.get(SyncAckRow, origin)
        if ack is None:
            session.add(SyncAckRow(origin=origin, acked_seq=top))
        elif ack.acked_seq < top:
            ack.acked_seq = top
    session.flush()


def pull(
    sessions: sessionmaker[Session],
    conn: psycopg.Connection,
    protocol: Protocol,
    warehouse: str,
    station: str,
    *,
    page_size: int = DEFAULT_PAGE,
    progress: Callable[[PullResult], None] | None = None,
) -> PullResult:
    """Apply the feed until this station has caught up with central."""
    result = PullResult(feed_seq=high_water_mark(sessions, station, warehouse))
    retry_on_lock_timeout(
        lambda: flush_transfers(conn, warehouse), f"publishing {warehouse}'s waiting transfers"
    )
    while True:
        after = result.feed_seq
        upto, rows, master = read_page(conn, protocol, warehouse, after, page_size)
        if upto == after:
            break
        applied, known = apply_page(sessions, station, warehouse, after, upto, rows, master)
        result.pages += 1
        result.movements += applied
        result.known += known
        result.master += len(master)
        result.feed_seq = upto
        if progress:
            progress(result)
    with conn.transaction():
        station_pulled(conn, warehouse, station, result.feed_seq)
    return result
