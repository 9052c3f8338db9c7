"""Pull: the warehouse's feed from central, applied page by page, each page atomically.

The feed is numbered by ``feed_seq``, gapless per warehouse and assigned in commit order (see
:mod:`wms.core.sync.protocol`). A page is read in one REPEATABLE READ snapshot: the counter's
``last_seq`` first, then every entry up to it, so a page is complete and a missing number is an
error, never skipped. The station applies the page - master-data entries, then movements it
does not hold yet (through the ledger repository's projection rule) - and moves its high-water
mark, all in one local transaction. A pull interrupted anywhere leaves the station at the end
of the last whole page. Central reads the next page (a reader thread, the only user of the
central connection meanwhile) while the station applies the current one; a page that fails to
apply discards the one read ahead.

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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Connection, func, select, tuple_
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import SyncError
from wms.core.domain.model import HandlingUnitKind, MovementKind, StockStatus
from wms.core.domain.owners import HUB_OWNER
from wms.core.persistence.sync_tables import SyncAckRow, SyncStateRow
from wms.core.persistence.tables import (
    HandlingUnitRow,
    LotRow,
    ProductRow,
    StationRow,
    WarehouseRow,
)
from wms.core.persistence.transfer_tables import ExpectedTransferRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.sync.central_api import station_pulled
from wms.core.sync.central_schema import CENTRAL_STATION, MOVEMENT_COLUMNS, STATION_COLUMNS
from wms.core.sync.limits import retry_on_lock_timeout
from wms.core.sync.master import apply_entry
from wms.core.sync.protocol import Protocol

DEFAULT_PAGE = 5000
TRANSFER_LINE = "transfer_line"
_ID_CHUNK = 500

# A pulled movement travels as a plain tuple of the station ledger's columns, in the order of
# the movement spec (``LEDGER_COLUMNS``), with the values the station's SQLite ledger stores:
# building one domain object per movement was most of a pull's time.
LedgerTuple = tuple[Any, ...]
LEDGER_COLUMNS: tuple[str, ...] = tuple(STATION_COLUMNS[c] for c in MOVEMENT_COLUMNS)
_AT = {name: index for index, name in enumerate(LEDGER_COLUMNS)}
_ID, _WAREHOUSE, _STATION = _AT["id"], _AT["warehouse"], _AT["station"]
_STATION_SEQ, _KIND, _SKU, _QUANTITY = _AT["station_seq"], _AT["kind"], _AT["sku"], _AT["quantity"]
_FROM_LOCATION, _TO_LOCATION = _AT["from_location"], _AT["to_location"]
_LOT, _EXPIRY, _CREATED_AT = _AT["lot"], _AT["expiry"], _AT["created_at"]
_FROM_UNIT, _TO_UNIT = _AT["from_handling_unit"], _AT["to_handling_unit"]
_FROM_STATUS, _TO_STATUS = _AT["from_status"], _AT["to_status"]
_OWNER = _AT["owner"]
_KINDS = frozenset(kind.value for kind in MovementKind)
_STATUSES = frozenset(status.value for status in StockStatus)
_STOCK_KEY = ("warehouse", "location", "sku", "lot", "handling_unit", "status")


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


def _feed_select(protocol: Protocol) -> sql.Composed:
    """The feed's movement columns, as the station ledger stores them: every column of the
    spec in ``MOVEMENT_COLUMNS`` order (one the protocol does not carry as its default), ids as
    text, ``created_at`` as UTC text and ``expiry`` as ISO text - the forms the station's
    SQLite ledger holds - so a page goes into the ledger without a Python object per row."""
    carried = set(protocol.columns)
    items: list[sql.Composable] = []
    for column in MOVEMENT_COLUMNS:
        name = sql.Identifier(column)
        if column not in carried:
            items.append(sql.Literal(""))
        elif column == "id":
            items.append(sql.SQL("{}::text").format(name))
        elif column == "created_at":
            items.append(sql.SQL("to_char({} AT TIME ZONE 'UTC', {})").format(name, _STAMP))
        elif column == "expiry":
            items.append(sql.SQL("to_char({}, 'YYYY-MM-DD')").format(name))
        else:
            items.append(name)
    return sql.SQL(", ").join(items)


_STAMP = sql.Literal("YYYY-MM-DD HH24:MI:SS.US")


def read_page(
    conn: psycopg.Connection, protocol: Protocol, warehouse: str, after: int, page_size: int
) -> tuple[int, list[LedgerTuple], list[tuple[int, str, dict[str, Any]]]]:
    """Feed entries ``(after, upto]`` read in one snapshot: (upto, movements as ledger tuples
    in ``LEDGER_COLUMNS`` order, master entries)."""
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
        movements: list[LedgerTuple] = conn.execute(
            sql.SQL(
                "SELECT {} FROM movements WHERE warehouse_id = %s AND feed_seq > %s "
                "AND feed_seq <= %s ORDER BY feed_seq"
            ).format(_feed_select(protocol)),
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


def _check_enums(rows: Sequence[LedgerTuple]) -> None:
    """A feed row with a kind or status this station does not know is refused (whole page)."""
    for index, known in ((_KIND, _KINDS), (_FROM_STATUS, _STATUSES), (_TO_STATUS, _STATUSES)):
        found = {row[index] for row in rows} - known
        if found:
            raise SyncError(
                f"feed movement {LEDGER_COLUMNS[index]} {sorted(found)[0]!r}: expected one of "
                f"{', '.join(sorted(known))}; page not applied (a newer central?)"
            )


def _placeholders(connection: Connection, count: int) -> str:
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * count)


def _known_ids(connection: Connection, ids: Sequence[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = ids[start : start + _ID_CHUNK]
        marks = _placeholders(connection, len(chunk))
        result = connection.exec_driver_sql(
            f"SELECT id FROM movements WHERE id IN ({marks})", tuple(chunk)
        )
        known.update(row[0] for row in result)
    return known


def stock_totals(rows: Sequence[LedgerTuple]) -> dict[tuple[str, ...], int]:
    """The net stock change of ledger tuples, by stock key (warehouse, location, sku, lot,
    handling unit, status): the projection rule of ``Movement.stock_deltas`` over plain rows."""
    totals: dict[tuple[str, ...], int] = {}
    get = totals.get
    for row in rows:
        quantity = row[_QUANTITY]
        if row[_FROM_LOCATION]:
            key = (
                row[_WAREHOUSE],
                row[_FROM_LOCATION],
                row[_SKU],
                row[_LOT],
                row[_FROM_UNIT],
                row[_FROM_STATUS],
            )
            totals[key] = get(key, 0) - quantity
        if row[_TO_LOCATION]:
            key = (
                row[_WAREHOUSE],
                row[_TO_LOCATION],
                row[_SKU],
                row[_LOT],
                row[_TO_UNIT],
                row[_TO_STATUS],
            )
            totals[key] = get(key, 0) + quantity
    return totals


def _own_owner(row: LedgerTuple) -> bool:
    """Does a pulled movement carry its owner? A station's does (the owner its product had
    where it was posted); one of a protocol 2 feed has none, and central's own (the settlement
    of a transfer, station CENTRAL) is written by central without one."""
    return bool(row[_OWNER]) and row[_STATION] != CENTRAL_STATION


def _with_owners(connection: Connection, rows: Sequence[LedgerTuple]) -> list[LedgerTuple]:
    """``rows`` with an owner each: the one central sent, else the product's here (read once
    per page)."""
    missing = {row[_SKU] for row in rows if not _own_owner(row)}
    if not missing:
        return list(rows)
    owners: dict[str, str] = {}
    skus = sorted(missing)
    for start in range(0, len(skus), _ID_CHUNK):
        chunk = skus[start : start + _ID_CHUNK]
        marks = _placeholders(connection, len(chunk))
        result = connection.exec_driver_sql(
            f"SELECT sku, owner FROM products WHERE sku IN ({marks})", tuple(chunk)
        )
        owners.update((sku, owner) for sku, owner in result)
    return [
        row
        if _own_owner(row)
        else (*row[:_OWNER], owners.get(row[_SKU], HUB_OWNER), *row[_OWNER + 1 :])
        for row in rows
    ]


def _write_ledger(connection: Connection, rows: Sequence[LedgerTuple]) -> None:
    """The new movements and their stock projection, each in one executemany; a new stock row
    takes the owner of the movements that make it."""
    rows = _with_owners(connection, rows)
    marks = _placeholders(connection, len(LEDGER_COLUMNS))
    connection.exec_driver_sql(
        f"INSERT INTO movements ({', '.join(LEDGER_COLUMNS)}) VALUES ({marks})", list(rows)
    )
    owner_of = {row[_SKU]: row[_OWNER] for row in rows}
    changes = [
        (*key, delta, owner_of[key[2]]) for key, delta in stock_totals(rows).items() if delta
    ]
    if not changes:
        return
    key_columns = ", ".join(_STOCK_KEY)
    connection.exec_driver_sql(
        f"INSERT INTO stock ({key_columns}, quantity, owner) "
        f"VALUES ({_placeholders(connection, 8)}) "
        f"ON CONFLICT ({key_columns}) DO UPDATE SET quantity = stock.quantity + "
        "excluded.quantity",
        changes,
    )
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    same_key = " AND ".join(f"{column} = {mark}" for column in _STOCK_KEY)
    connection.exec_driver_sql(
        f"DELETE FROM stock WHERE {same_key} AND quantity = 0", [change[:-2] for change in changes]
    )


def apply_page(
    sessions: sessionmaker[Session],
    station: str,
    warehouse: str,
    after: int,
    upto: int,
    rows: Sequence[LedgerTuple],
    master: Sequence[tuple[int, str, dict[str, Any]]],
) -> tuple[int, int]:
    """Apply one page in one station transaction; returns (movements applied, already held).

    ``rows`` are ledger tuples in ``LEDGER_COLUMNS`` order (as :func:`read_page` reads them):
    the movements this station does not hold yet are inserted and projected onto stock with
    one ``executemany`` each, through the unit of work's own connection."""
    _check_enums(rows)
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
        session.flush()
        connection = session.connection()
        known = _known_ids(connection, [row[_ID] for row in rows]) if rows else set()
        new = [row for row in rows if row[_ID] not in known] if known else list(rows)
        if new:
            _write_ledger(connection, new)
            _ensure_lots(session, new)
            _ensure_handling_units(session, new)
            _advance_acks(session, station, new)
        state.feed_seq = upto
        uow.commit()
    return len(new), len(rows) - len(new)


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
_UNIT_KINDS = {
    MovementKind.SORT.value: HandlingUnitKind.BAG,
    MovementKind.PACK.value: HandlingUnitKind.PARCEL,
}


def _stamp(text: str) -> datetime:
    """A ledger tuple's ``created_at`` (UTC text) as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _held_products(session: Session, skus: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(skus), _ID_CHUNK):
        chunk = skus[start : start + _ID_CHUNK]
        found.update(session.scalars(select(ProductRow.sku).where(ProductRow.sku.in_(chunk))))
    return found


def _held_lots(session: Session, lots: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    key = tuple_(LotRow.sku, LotRow.code)
    for start in range(0, len(lots), _ID_CHUNK):
        chunk = lots[start : start + _ID_CHUNK]
        rows = session.execute(select(LotRow.sku, LotRow.code).where(key.in_(chunk)))
        found.update((sku, code) for sku, code in rows)
    return found


def _units(session: Session, ssccs: Sequence[str]) -> list[HandlingUnitRow]:
    found: list[HandlingUnitRow] = []
    for start in range(0, len(ssccs), _ID_CHUNK):
        chunk = ssccs[start : start + _ID_CHUNK]
        found.extend(
            session.scalars(select(HandlingUnitRow).where(HandlingUnitRow.sscc.in_(chunk)))
        )
    return found


def _ensure_handling_units(session: Session, rows: Sequence[LedgerTuple]) -> None:
    """Handling units named by pulled movements: unknown ones get their row (warehouse, kind
    from the movement, location where the movement leaves them); a unit moved whole to a new
    location follows it. Movements are in feed order, so the last one places the unit."""
    places: dict[str, tuple[LedgerTuple, str]] = {}
    for row in rows:
        if row[_TO_UNIT] and row[_TO_LOCATION]:
            places[row[_TO_UNIT]] = (row, row[_TO_LOCATION])
        elif row[_FROM_UNIT] and row[_FROM_UNIT] not in places:
            places[row[_FROM_UNIT]] = (row, row[_FROM_LOCATION])
    if not places:
        return
    warehouses = set(session.scalars(select(WarehouseRow.code)))
    held = {unit.sscc: unit for unit in _units(session, list(places))}
    for sscc, (row, location) in places.items():
        unit = held.get(sscc)
        if unit is None:
            if row[_WAREHOUSE] not in warehouses:
                continue  # master data of that warehouse not here (yet): nothing to hang it on
            kind = _UNIT_KINDS.get(row[_KIND], HandlingUnitKind.PALLET)
            session.add(
                HandlingUnitRow(
                    sscc=sscc,
                    warehouse=row[_WAREHOUSE],
                    kind=kind.value,
                    location=location,
                    created_at=_stamp(row[_CREATED_AT]),
                )
            )
        elif row[_TO_UNIT] == sscc and row[_TO_LOCATION] and unit.warehouse == row[_WAREHOUSE]:
            unit.location = location
    session.flush()


def _ensure_lots(session: Session, rows: Sequence[LedgerTuple]) -> None:
    seen: dict[tuple[str, str], LedgerTuple] = {}
    for row in rows:
        if row[_LOT]:
            seen.setdefault((row[_SKU], row[_LOT]), row)
    if not seen:
        return
    skus = sorted({sku for sku, _lot in seen})
    products = _held_products(session, skus)
    held = _held_lots(session, list(seen))
    for (sku, lot), row in seen.items():
        if (sku, lot) not in held and sku in products:
            expiry = row[_EXPIRY]
            session.add(
                LotRow(sku=sku, code=lot, expiry=date.fromisoformat(expiry) if expiry else None)
            )
    session.flush()


def _advance_acks(session: Session, station: str, rows: Sequence[LedgerTuple]) -> None:
    """Movements that came from central are at central: other origins count as acknowledged.
    The station's own movements coming back (a database restored from an older backup) bump
    its sequence so it never reuses a number central already holds."""
    tops: dict[str, int] = {}
    for row in rows:
        origin = row[_STATION]
        tops[origin] = max(tops.get(origin, 0), row[_STATION_SEQ])
    for origin, top in tops.items():
        if origin == station:
            own = session.get(StationRow, station)
            if own is None:  # the station had not posted anything in this database yet
                warehouse = next(r[_WAREHOUSE] for r in rows if r[_STATION] == station)
                session.add(StationRow(code=station, warehouse=warehouse, last_seq=top))
            elif own.last_seq < top:
                own.last_seq = top
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
    # central reads the next page (in the reader thread, on its own snapshot) while this one
    # is applied here; only the reader touches ``conn`` until the last page is read
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="wms-pull-central") as reader:
        upcoming = reader.submit(read_page, conn, protocol, warehouse, result.feed_seq, page_size)
        while True:
            after = result.feed_seq
            upto, rows, master = upcoming.result()
            if upto == after:
                break
            upcoming = reader.submit(read_page, conn, protocol, warehouse, upto, page_size)
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
