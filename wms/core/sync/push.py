"""Push: a station's unsent movements to central, in batches, one transaction each.

Per batch, on one central connection:

1. ``COPY`` the batch into a temporary table (one round trip for the rows), each row with its
   ordinal in the batch (sorted by station, station_seq).
2. ``SELECT ... FROM feed_counters WHERE warehouse_id = W FOR UPDATE`` - the warehouse's feed
   counter row lock serialises pushers of one warehouse, so feed numbers are handed out in
   commit order and the feed has no gaps a reader could ever see.
3. Fast path - a batch of new movements (the usual case: no id and no station_seq of the batch
   at central yet, checked with one index probe per origin station): a plain ``INSERT INTO
   movements ... SELECT`` from the temporary table with feed numbers ``base + ordinal``, in a
   savepoint. Any unique violation (a movement central already holds after all) rolls the
   savepoint back and the batch takes the general path instead.
4. General path - rows whose movement id (or station + station_seq) central already holds
   *with other content* are refused and recorded as a conflict, never merged; ``INSERT ...
   SELECT ... WHERE NOT EXISTS ... ON CONFLICT DO NOTHING`` with feed numbers
   ``base + row_number()``. A retried or duplicated batch inserts nothing and changes nothing.
5. The counter moves to ``base + inserted``. Stock on hand is updated from the inserted rows
   (one aggregated upsert); keys that went negative, handling units taken twice and counts
   overtaken by other stations' movements are recorded as conflicts.
6. Central acknowledges, per origin station, the highest *contiguous* ``station_seq`` it holds.

The station records the acknowledgement after central's commit; if the connection dies in
between, the next push sends the batch again and it is recognised as already there.

Station rows are read with one prebuilt statement (on SQLite straight through the DBAPI
connection, outside any write transaction, so scanning benches are never blocked) by a reader
thread that fetches the next batch while central works on the current one. Timestamps without
a zone are UTC (the batch transaction runs with ``TimeZone = UTC``).
"""

from __future__ import annotations

import json
import operator
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb
from sqlalchemy import Engine, String, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import SyncError
from wms.core.persistence.sync_tables import SyncAckRow
from wms.core.persistence.tables import MovementRow
from wms.core.sync.central_schema import (
    MOVEMENT_COLUMNS,
    MOVEMENT_COLUMNS_V1,
    PROTOCOL_VERSION,
    PROTOCOL_VERSIONS,
)

DEFAULT_BATCH = 5000
TEMP_TABLE = "wms_incoming"
ORDINAL = "batch_ordinal"

# station column -> central column
_STATION_COLUMNS = {c: c for c in MOVEMENT_COLUMNS} | {
    "warehouse_id": "warehouse",
    "station_id": "station",
}
# compared to decide "same movement id, different content" (raw_scan is not part of a
# movement's meaning and protocol 1 did not carry it)
IDENTITY_COLUMNS = tuple(c for c in MOVEMENT_COLUMNS if c not in ("id", "raw_scan"))

# positions in a station row (a tuple in MOVEMENT_COLUMNS order)
_ID = MOVEMENT_COLUMNS.index("id")
_WAREHOUSE = MOVEMENT_COLUMNS.index("warehouse_id")
_STATION = MOVEMENT_COLUMNS.index("station_id")
_SEQ = MOVEMENT_COLUMNS.index("station_seq")
_REFERENCE = MOVEMENT_COLUMNS.index("reference")
_KIND, _SKU, _LOT, _QUANTITY = (
    MOVEMENT_COLUMNS.index(c) for c in ("kind", "sku", "lot", "quantity")
)
_FROM = tuple(
    MOVEMENT_COLUMNS.index(c) for c in ("from_location", "from_handling_unit", "from_status")
)
_TO = tuple(MOVEMENT_COLUMNS.index(c) for c in ("to_location", "to_handling_unit", "to_status"))

StationRow = tuple[object, ...]


@dataclass(frozen=True)
class Refusal:
    movement_id: str
    station: str
    station_seq: int
    reason: str


@dataclass
class PushResult:
    batches: int = 0
    sent: int = 0
    inserted: int = 0
    duplicates: int = 0
    refused: list[Refusal] = field(default_factory=list)
    conflicts: int = 0
    acked: dict[str, int] = field(default_factory=dict)
    # seconds spent per phase (read = waiting for the station reader; the others at central)
    timings: dict[str, float] = field(default_factory=dict)

    def add(self, other: PushResult) -> None:
        self.batches += other.batches
        self.sent += other.sent
        self.inserted += other.inserted
        self.duplicates += other.duplicates
        self.refused.extend(other.refused)
        self.conflicts += other.conflicts
        self.acked.update(other.acked)
        for phase, seconds in other.timings.items():
            self.timings[phase] = self.timings.get(phase, 0.0) + seconds


class _Clock:
    """Adds the time since the previous call to ``timings[phase]``."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        self.timings[phase] = self.timings.get(phase, 0.0) + now - self.last
        self.last = now


@dataclass(frozen=True)
class Protocol:
    version: int

    @property
    def columns(self) -> tuple[str, ...]:
        return MOVEMENT_COLUMNS if self.version >= 2 else MOVEMENT_COLUMNS_V1


def negotiate(conn: psycopg.Connection, speaks: int = PROTOCOL_VERSION) -> Protocol:
    """The highest protocol both sides speak: central accepts ``[min_protocol_version,
    protocol_version]`` (N-1 and N), this station speaks up to ``speaks``."""
    row = conn.execute(
        "SELECT protocol_version, min_protocol_version FROM central_info WHERE id = 1"
    ).fetchone()
    conn.commit()
    if row is None:
        raise SyncError("central database is not initialised: run 'wms central init' there")
    newest, oldest = row
    chosen = min(speaks, newest)
    if chosen < oldest or chosen not in PROTOCOL_VERSIONS:
        side = "this station" if speaks < oldest else "central"
        raise SyncError(
            f"sync protocol: central accepts versions {oldest}..{newest}, this station speaks "
            f"up to {speaks} (supports {', '.join(map(str, PROTOCOL_VERSIONS))}); "
            f"upgrade {side}"
        )
    return Protocol(chosen)


# --- station side -----------------------------------------------------------------------------


def acked(session: Session) -> dict[str, int]:
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
    values (central column names); :func:`push_batch` takes these or station rows."""
    table = MovementRow.__table__
    columns = [table.c[_STATION_COLUMNS[c]].label(c) for c in MOVEMENT_COLUMNS]
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


def _read_statement():  # type: ignore[no-untyped-def]
    table = MovementRow.__table__
    # dates and times as the driver returns them (text on SQLite: parsed by central, in UTC)
    columns = [
        type_coerce(table.c[_STATION_COLUMNS[c]], String)
        if c in ("created_at", "expiry")
        else table.c[_STATION_COLUMNS[c]]
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
    + ", ".join(_STATION_COLUMNS[c] for c in MOVEMENT_COLUMNS)
    + " FROM movements WHERE station = ? AND warehouse = ? AND station_seq > ?"
    " ORDER BY station_seq LIMIT ?"
)


def read_rows(
    sessions: sessionmaker[Session], warehouse: str, origin: str, after_seq: int, limit: int
) -> list[StationRow]:
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
                return cursor.fetchall()
            finally:
                cursor.close()
        finally:
            raw.close()
    with sessions() as session:
        params = {"origin": origin, "warehouse": warehouse, "after": after_seq, "limit": limit}
        return [tuple(row) for row in session.execute(_READ, params)]


def record_ack(sessions: sessionmaker[Session], origin: str, seq: int) -> None:
    with sessions() as session, session.begin():
        row = session.get(SyncAckRow, origin)
        if row is None:
            session.add(SyncAckRow(origin=origin, acked_seq=seq))
        elif seq > row.acked_seq:
            row.acked_seq = seq


# --- central side -----------------------------------------------------------------------------

_temp_tables: weakref.WeakKeyDictionary[psycopg.Connection, bool] = weakref.WeakKeyDictionary()


def _ensure_temp_table(conn: psycopg.Connection) -> None:
    """The connection's temporary table for incoming rows (every protocol's columns and the
    batch ordinal), created once per connection."""
    if _temp_tables.get(conn):
        return
    columns = ", ".join(f"{c} {_temp_type(c)}" for c in (*MOVEMENT_COLUMNS, ORDINAL))
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {TEMP_TABLE} ({columns}) ON COMMIT DELETE ROWS")
    conn.commit()
    _temp_tables[conn] = True


def _temp_type(column: str) -> str:
    return {
        "id": "uuid",
        "station_seq": "bigint",
        "quantity": "integer",
        "expiry": "date",
        "created_at": "timestamptz",
        ORDINAL: "bigint",
    }.get(column, "text")


_COMPARE = " OR ".join(f"i.{c} IS DISTINCT FROM m.{c}" for c in IDENTITY_COLUMNS)

_REFUSED_SQL = f"""
SELECT i.id::text, i.station_id, i.station_seq,
       'movement id already at central with different content' AS reason
  FROM {TEMP_TABLE} i
  JOIN movements m ON m.warehouse_id = %(w)s AND m.id = i.id
 WHERE {_COMPARE}
UNION ALL
SELECT i.id::text, i.station_id, i.station_seq,
       'station_seq ' || i.station_seq || ' of ' || i.station_id
       || ' already at central as movement ' || m.id AS reason
  FROM {TEMP_TABLE} i
  JOIN movements m ON m.warehouse_id = %(w)s AND m.station_id = i.station_id
                  AND m.station_seq = i.station_seq AND m.id <> i.id
"""

# does central hold any station_seq of the batch already? (one index probe per origin)
_ANY_THERE_SQL = """
SELECT EXISTS (
    SELECT 1 FROM unnest(%(stations)s::text[], %(lows)s::bigint[], %(highs)s::bigint[])
                  AS r(station_id, low, high)
      JOIN movements m ON m.warehouse_id = %(w)s AND m.station_id = r.station_id
                      AND m.station_seq BETWEEN r.low AND r.high)
"""


def _fast_insert_sql(protocol: Protocol) -> sql.Composed:
    names = sql.SQL(", ").join(map(sql.Identifier, protocol.columns))
    return sql.SQL(
        "INSERT INTO movements ({names}, feed_seq, received_at) "
        "SELECT {names}, %(base)s + {ordinal}, now() FROM {temp}"
    ).format(names=names, ordinal=sql.Identifier(ORDINAL), temp=sql.Identifier(TEMP_TABLE))


def _insert_sql(protocol: Protocol) -> sql.Composed:
    cols = protocol.columns
    names = sql.SQL(", ").join(map(sql.Identifier, cols))
    picked = sql.SQL(", ").join(sql.SQL("i.{}").format(sql.Identifier(c)) for c in cols)
    return sql.SQL(
        """
INSERT INTO movements ({names}, feed_seq, received_at)
SELECT {picked}, %(base)s + row_number() OVER (ORDER BY i.station_id, i.station_seq), now()
  FROM (SELECT DISTINCT ON (id) * FROM {temp} WHERE warehouse_id = %(w)s ORDER BY id) i
 WHERE NOT EXISTS (SELECT 1 FROM movements m WHERE m.warehouse_id = %(w)s AND m.id = i.id)
   AND NOT EXISTS (SELECT 1 FROM movements m WHERE m.warehouse_id = %(w)s
                      AND m.station_id = i.station_id AND m.station_seq = i.station_seq)
ON CONFLICT (warehouse_id, id) DO NOTHING
"""
    ).format(names=names, picked=picked, temp=sql.Identifier(TEMP_TABLE))


# the rows this batch inserted: read back from the ledger (general path) or, when every row of
# the temporary table went in (fast path), from the temporary table itself
_NEW_COLUMNS = (
    "id, station_id, operator, kind, sku, lot, quantity, from_location, to_location, "
    "from_handling_unit, to_handling_unit, from_status, to_status, reference"
)
_NEW_FROM_LEDGER = (
    f"SELECT {_NEW_COLUMNS}, feed_seq FROM movements "
    "WHERE warehouse_id = %(w)s AND feed_seq > %(base)s"
)
_NEW_FROM_BATCH = f"SELECT {_NEW_COLUMNS}, %(base)s + {ORDINAL} AS feed_seq FROM {TEMP_TABLE}"

# stock change per key: summed from the inserted rows (general path) or, on the fast path,
# summed by the station reader and sent as arrays
_DELTAS_FROM_NEW = """
    SELECT location, sku, lot, handling_unit, status, sum(delta) AS delta
      FROM (SELECT to_location AS location, sku, lot, to_handling_unit AS handling_unit,
                   to_status AS status, quantity AS delta
              FROM new WHERE to_location <> ''
            UNION ALL
            SELECT from_location, sku, lot, from_handling_unit, from_status, -quantity
              FROM new WHERE from_location <> '') d
     GROUP BY location, sku, lot, handling_unit, status
"""
_DELTAS_GIVEN = """
    SELECT * FROM unnest(%(d_location)s::text[], %(d_sku)s::text[], %(d_lot)s::text[],
                         %(d_unit)s::text[], %(d_status)s::text[], %(d_delta)s::bigint[])
                  AS d(location, sku, lot, handling_unit, status, delta)
"""

_STOCK_SQL = """
WITH new AS ({new}),
deltas AS MATERIALIZED ({deltas}),
upserted AS (
    INSERT INTO stock AS s (warehouse_id, location, sku, lot, handling_unit, status, quantity)
    SELECT %(w)s, location, sku, lot, handling_unit, status, delta FROM deltas
    ON CONFLICT (warehouse_id, location, sku, lot, handling_unit, status)
    DO UPDATE SET quantity = s.quantity + excluded.quantity
    RETURNING s.location, s.sku, s.lot, s.handling_unit, s.status, s.quantity
)
SELECT u.location, u.sku, u.lot, u.handling_unit, u.status, u.quantity,
       (SELECT coalesce(json_agg(json_build_object('id', n.id, 'station', n.station_id,
                                                   'quantity', n.quantity)
                                 ORDER BY n.feed_seq), '[]')
          FROM new n
         WHERE n.from_location = u.location AND n.sku = u.sku AND n.lot = u.lot
           AND n.from_handling_unit = u.handling_unit AND n.from_status = u.status) AS takers,
       (SELECT count(DISTINCT m.station_id) FROM movements m
         WHERE m.warehouse_id = %(w)s AND u.handling_unit <> ''
           AND m.from_handling_unit = u.handling_unit AND m.from_location = u.location
           AND m.sku = u.sku AND m.lot = u.lot) AS hu_stations
  FROM upserted u JOIN deltas d USING (location, sku, lot, handling_unit, status)
 WHERE u.quantity < 0 AND d.delta < 0
"""

# movements of other stations at the same location/product/lot that the counting station
# had not seen (feed_seq above its high-water mark), or counts the moving station had not seen.
# The ledger is probed once per count in the batch and once per distinct location/product/lot
# the batch touched (MATERIALIZED and LATERAL ... OFFSET 0 keep the planner from probing once
# per row, or scanning the feed once per row).
_COUNT_SQL = """
WITH new AS MATERIALIZED ({new}),
touched AS MATERIALIZED (
    SELECT id, station_id, kind, sku, lot, from_location AS location FROM new
     WHERE from_location <> ''
    UNION ALL
    SELECT id, station_id, kind, sku, lot, to_location FROM new WHERE to_location <> ''
),
counted AS MATERIALIZED (
    SELECT k.location, k.sku, k.lot, c.id, c.station_id
      FROM (SELECT DISTINCT location, sku, lot FROM touched) k
     CROSS JOIN LATERAL (
           SELECT m.id, m.station_id FROM movements m
            WHERE m.warehouse_id = %(w)s AND m.kind = 'count'
              AND m.sku = k.sku AND m.lot = k.lot
              AND (m.from_location = k.location OR m.to_location = k.location)
              AND m.feed_seq > %(hwm)s AND m.feed_seq <= %(base)s
           OFFSET 0) c
),
pairs AS (
    SELECT t.location, t.sku, t.lot, t.id AS new_id, o.id AS other_id, o.station_id
      FROM touched t
     CROSS JOIN LATERAL (
           SELECT m.id, m.station_id FROM movements m
            WHERE m.warehouse_id = %(w)s AND m.sku = t.sku AND m.lot = t.lot
              AND (m.from_location = t.location OR m.to_location = t.location)
              AND m.station_id <> t.station_id
              AND m.feed_seq > %(hwm)s AND m.feed_seq <= %(base)s
           OFFSET 0) o
     WHERE t.kind = 'count'
    UNION ALL
    SELECT t.location, t.sku, t.lot, t.id, c.id, c.station_id
      FROM counted c
      JOIN touched t ON t.location = c.location AND t.sku = c.sku AND t.lot = c.lot
                    AND t.station_id <> c.station_id
)
SELECT location, sku, lot,
       json_agg(DISTINCT new_id::text) AS new_ids,
       json_agg(DISTINCT other_id::text) AS other_ids,
       json_agg(DISTINCT station_id) AS other_stations
  FROM pairs
 GROUP BY location, sku, lot
"""

# could any count of another station at a location/product/lot of the batch be one the pusher
# had not seen? (one index probe per key; no: the count check has nothing to find)
_COUNTS_MEANWHILE_SQL = """
SELECT EXISTS (
    SELECT 1
      FROM unnest(%(k_location)s::text[], %(k_sku)s::text[], %(k_lot)s::text[])
           AS k(location, sku, lot)
     CROSS JOIN LATERAL (
           SELECT 1 FROM movements m
            WHERE m.warehouse_id = %(w)s AND m.kind = 'count'
              AND m.sku = k.sku AND m.lot = k.lot
              AND (m.from_location = k.location OR m.to_location = k.location)
              AND m.feed_seq > %(hwm)s AND m.feed_seq <= %(base)s
           LIMIT 1) c)
"""

_CONFLICT_SQL = """
INSERT INTO conflicts (warehouse_id, kind, subject, quantity, detail, detected_by)
VALUES (%(w)s, %(kind)s, %(subject)s, %(quantity)s, %(detail)s, %(by)s)
ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open'
DO UPDATE SET quantity = excluded.quantity,
              detail = conflicts.detail || excluded.detail
RETURNING (xmax = 0) AS inserted
"""

_ACK_SQL = """
SELECT coalesce(max(station_seq), %(acked)s) FROM (
    SELECT station_seq, row_number() OVER (ORDER BY station_seq) AS rn
      FROM movements
     WHERE warehouse_id = %(w)s AND station_id = %(s)s
       AND station_seq > %(acked)s AND station_seq <= %(top)s) t
 WHERE station_seq = %(acked)s + rn
"""

_RESOLVE_BY_REFERENCE = """
UPDATE conflicts c
   SET status = 'resolved', resolved_at = now(), resolved_by = n.operator,
       resolution_movement_id = n.id,
       resolution_note = coalesce(c.resolution_note, 'compensated by movement ' || n.id)
  FROM ({new}) n
 WHERE c.warehouse_id = %(w)s AND c.status = 'open'
   AND c.conflict_id = CASE WHEN n.reference ~ '^CONFLICT-[0-9]{{1,18}}$'
                            THEN substr(n.reference, 10)::bigint END
"""


def _station_row(row: Mapping[str, object] | StationRow) -> StationRow:
    if isinstance(row, Mapping):
        return tuple(row[c] for c in MOVEMENT_COLUMNS)
    return tuple(row)


StockDelta = tuple[str, str, str, str, str]  # location, sku, lot, handling unit, status


@dataclass
class PreparedBatch:
    """A batch ready for central: rows sorted by (station, station_seq), what the fast path
    needs to know about them, and the ``COPY`` text (rows with their ordinal) if built."""

    rows: list[StationRow]
    by_station: dict[str, list[int]]  # origin station -> its station_seqs, ascending
    distinct_ids: int
    fast: bool  # distinct movements, all of the pushed warehouse
    copy_text: bytes | None = None
    # stock change per key if every row goes in (fast path), as the ledger sums it
    stock_deltas: dict[StockDelta, int] = field(default_factory=dict)
    touched: set[tuple[str, str, str]] = field(default_factory=set)  # location, sku, lot
    has_counts: bool = False
    resolves: bool = False  # a movement references a conflict (CONFLICT-<id>)


def prepare_batch(
    rows: Sequence[Mapping[str, object] | StationRow], protocol: Protocol, warehouse: str
) -> PreparedBatch:
    """Sort and inspect a batch and build its ``COPY`` text (pure Python, no connection: the
    reader thread prepares the next batch while central works on the current one). Works
    column by column so that most of it runs inside CPython's C loops."""
    batch = [_station_row(row) for row in rows] if rows and isinstance(rows[0], Mapping) else rows
    batch = list(batch)  # type: ignore[arg-type]
    if not batch:
        return PreparedBatch([], {}, 0, False)
    columns = list(zip(*batch, strict=True))
    stations, seqs = columns[_STATION], columns[_SEQ]
    in_order = len(set(stations)) == 1 and all(map(operator.lt, seqs, seqs[1:]))  # type: ignore[arg-type]
    if not in_order:
        batch.sort(key=lambda r: (r[_STATION], r[_SEQ]))  # type: ignore[arg-type, return-value]
        columns = list(zip(*batch, strict=True))
        stations, seqs = columns[_STATION], columns[_SEQ]
    by_station: dict[str, list[int]] = {}
    if in_order:
        by_station[str(stations[0])] = list(map(int, seqs))  # type: ignore[call-overload]
    else:
        for station, seq in zip(stations, seqs, strict=True):
            by_station.setdefault(str(station), []).append(int(seq))  # type: ignore[call-overload]
    deltas: dict[StockDelta, int] = {}
    touched: set[tuple[str, str, str]] = set()
    quantities = columns[_QUANTITY]
    for side, sign in ((_TO, 1), (_FROM, -1)):
        locations = columns[side[0]]
        keys = zip(
            locations,
            columns[_SKU],
            columns[_LOT],
            columns[side[1]],
            columns[side[2]],
            strict=True,
        )
        for key, quantity in zip(keys, quantities, strict=True):
            if key[0]:
                deltas[key] = deltas.get(key, 0) + sign * quantity  # type: ignore[index, operator]
        touched.update(zip(locations, columns[_SKU], columns[_LOT], strict=True))  # type: ignore[arg-type]
    touched = {key for key in touched if key[0]}
    distinct_ids = len(set(map(str, columns[_ID])))
    fast = (
        set(columns[_WAREHOUSE]) == {warehouse}
        and distinct_ids == len(batch)
        and all(len(set(seqs)) == len(seqs) for seqs in by_station.values())
    )
    return PreparedBatch(
        batch,  # type: ignore[arg-type]
        by_station,
        distinct_ids,
        fast,
        _copy_text(columns, protocol),  # type: ignore[arg-type]
        deltas,
        touched,
        has_counts="count" in columns[_KIND],
        # a false positive only costs one UPDATE that finds nothing
        resolves="CONFLICT-" in "\x00".join(map(str, columns[_REFERENCE])),
    )


_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(columns: list[tuple[object, ...]], protocol: Protocol) -> bytes | None:
    """``COPY ... FROM STDIN`` text of the protocol's columns and the batch ordinal, built a
    column at a time: fields joined with NUL, rows with SOH, NULL as STX, then escaped and
    turned into tabs, newlines and ``\\N`` in a few passes over one string. ``None`` (let
    psycopg format the rows) if a value holds one of those three characters."""
    count = len(columns[0])
    texts: list[Sequence[str]] = []
    nulls = 0
    for column in (columns[MOVEMENT_COLUMNS.index(c)] for c in protocol.columns):
        types = set(map(type, column))
        if types == {str}:
            texts.append(column)  # type: ignore[arg-type]
        elif type(None) not in types:
            texts.append(list(map(str, column)))
        else:
            nulls += column.count(None)
            texts.append(["\x02" if v is None else str(v) for v in column])
    texts.append(list(map(str, range(1, count + 1))))
    text = "\x01".join(map("\x00".join, zip(*texts, strict=True))) + "\x01"
    if (
        text.count("\x01") != count
        or text.count("\x00") != count * (len(texts) - 1)
        or text.count("\x02") != nulls
    ):
        return None
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.translate(_SPECIAL)
    return text.replace("\x00", "\t").replace("\x01", "\n").replace("\x02", "\\N").encode()


def push_batch(
    conn: psycopg.Connection,
    protocol: Protocol,
    warehouse: str,
    pusher: str,
    rows: Sequence[Mapping[str, object] | StationRow] | PreparedBatch,
    *,
    feed_seq_seen: int = 0,
    inserting: Callable[[], None] | None = None,
) -> PushResult:
    """One batch in one central transaction; see the module docstring. ``rows`` are
    dictionaries (:func:`read_batch`), tuples in ``MOVEMENT_COLUMNS`` order
    (:func:`read_rows`) or a :class:`PreparedBatch`. ``inserting`` is called just before the
    ledger insert (central's longest statement), when other work overlaps best."""
    started = time.perf_counter()
    prepared = rows if isinstance(rows, PreparedBatch) else prepare_batch(rows, protocol, warehouse)
    batch, by_station = prepared.rows, prepared.by_station
    result = PushResult(batches=1, sent=len(batch))
    if not batch:
        return result
    clock = _Clock(result.timings)
    clock.last = started
    clock("prepare")
    _ensure_temp_table(conn)
    params: dict[str, object] = {"w": warehouse, "hwm": feed_seq_seen}
    fast = prepared.fast
    with conn.transaction():
        # timestamps without a zone (SQLite stores them so) are UTC
        conn.execute("SELECT set_config('TimeZone', 'UTC', true)")
        copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(TEMP_TABLE),
            sql.SQL(", ").join(map(sql.Identifier, (*protocol.columns, ORDINAL))),
        )
        with conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
            if prepared.copy_text is not None:
                copy.write(prepared.copy_text)
            else:
                picks = [MOVEMENT_COLUMNS.index(c) for c in protocol.columns]
                for ordinal, row in enumerate(batch, start=1):
                    copy.write_row([*(row[i] for i in picks), ordinal])
        clock("copy")
        counter = conn.execute(
            "SELECT last_seq FROM feed_counters WHERE warehouse_id = %s FOR UPDATE", (warehouse,)
        ).fetchone()
        if counter is None:
            raise SyncError(
                f"warehouse {warehouse} is not registered at central (or this station's role "
                "may not write it): expected 'wms central add-warehouse' to have been run"
            )
        base = int(counter[0])
        params["base"] = base
        clock("lock")
        if fast:
            stations = sorted(by_station)
            there = conn.execute(
                _ANY_THERE_SQL,
                {
                    "w": warehouse,
                    "stations": stations,
                    "lows": [by_station[s][0] for s in stations],
                    "highs": [by_station[s][-1] for s in stations],
                },
            ).fetchone()
            fast = not (there and there[0])
        refused: list[Refusal] = []
        if inserting is not None:
            inserting()
        if fast:
            try:
                with conn.transaction():
                    inserted = conn.execute(_fast_insert_sql(protocol), params).rowcount
            except psycopg.errors.UniqueViolation:
                fast = False  # central holds one of them after all: the general path decides
            else:
                if inserted != len(batch):
                    raise SyncError(
                        f"push to {warehouse}: inserted {inserted} of {len(batch)} new "
                        "movements; batch rolled back"
                    )
            clock("insert")
        if not fast:
            refused = [
                Refusal(mid, station, int(seq), reason)
                for mid, station, seq, reason in conn.execute(_REFUSED_SQL, params).fetchall()
            ]
            inserted = conn.execute(_insert_sql(protocol), params).rowcount
            top = conn.execute(
                "SELECT max(feed_seq), count(*) FROM movements "
                "WHERE warehouse_id = %(w)s AND feed_seq > %(base)s",
                params,
            ).fetchone()
            if inserted and (top is None or top[0] != base + inserted or top[1] != inserted):
                raise SyncError(
                    f"feed numbering for {warehouse}: expected {inserted} new rows ending at "
                    f"{base + inserted}, found {top}; batch rolled back"
                )
            clock("insert (general path)")
        if inserted:
            conn.execute(
                "UPDATE feed_counters SET last_seq = %s WHERE warehouse_id = %s",
                (base + inserted, warehouse),
            )
            result.conflicts += _detect_conflicts(conn, params, pusher, prepared, fast, clock)
            if prepared.resolves:
                new = _NEW_FROM_BATCH if fast else _NEW_FROM_LEDGER
                conn.execute(_RESOLVE_BY_REFERENCE.format(new=new), params)
        for refusal in refused:
            result.conflicts += _record_conflict(
                conn,
                warehouse,
                "movement_refused",
                refusal.movement_id,
                None,
                {
                    "movement_id": refusal.movement_id,
                    "station": refusal.station,
                    "station_seq": refusal.station_seq,
                    "reason": refusal.reason,
                },
                pusher,
            )
        result.inserted = inserted
        result.refused = refused
        result.duplicates = prepared.distinct_ids - inserted - len(refused)
        for station, seqs in by_station.items():
            # fast path: every row went in, so the batch's own contiguous run is at central
            run_from = _contiguous_from(seqs) if fast else None
            result.acked[station] = _acknowledge(conn, warehouse, station, seqs[-1], run_from)
        clock("acknowledge")
    clock("commit")
    return result


def _contiguous_from(seqs: list[int]) -> int:
    """The lowest ``s`` such that ``s .. max(seqs)`` are all in ``seqs`` (sorted, distinct)."""
    low = seqs[-1]
    for seq in reversed(seqs[:-1]):
        if seq != low - 1:
            break
        low = seq
    return low


def _acknowledge(
    conn: psycopg.Connection,
    warehouse: str,
    station: str,
    top: int,
    held_from: int | None = None,
) -> int:
    """Central's highest contiguous station_seq of ``station`` up to ``top``. ``held_from``:
    central is known to hold ``held_from .. top`` (just inserted)."""
    conn.execute(
        "INSERT INTO sync_state (warehouse_id, station_id, acked_seq) VALUES (%s, %s, 0) "
        "ON CONFLICT DO NOTHING",
        (warehouse, station),
    )
    row = conn.execute(
        "SELECT acked_seq FROM sync_state WHERE warehouse_id = %s AND station_id = %s",
        (warehouse, station),
    ).fetchone()
    before = int(row[0]) if row else 0
    if held_from is not None and held_from <= before + 1:
        acked_seq = max(before, top)
    else:
        after = conn.execute(
            _ACK_SQL, {"w": warehouse, "s": station, "acked": before, "top": top}
        ).fetchone()
        acked_seq = int(after[0]) if after else before
    conn.execute(
        "UPDATE sync_state SET acked_seq = %s, last_push_at = now() "
        "WHERE warehouse_id = %s AND station_id = %s",
        (acked_seq, warehouse, station),
    )
    return acked_seq


def _record_conflict(
    conn: psycopg.Connection,
    warehouse: str,
    kind: str,
    subject: str,
    quantity: int | None,
    detail: dict[str, object],
    by: str,
) -> int:
    row = conn.execute(
        _CONFLICT_SQL,
        {
            "w": warehouse,
            "kind": kind,
            "subject": subject,
            "quantity": quantity,
            "detail": Jsonb(json.loads(json.dumps(detail, default=str))),
            "by": by,
        },
    ).fetchone()
    return 1 if row and row[0] else 0


def _detect_conflicts(
    conn: psycopg.Connection,
    params: dict[str, object],
    pusher: str,
    prepared: PreparedBatch,
    fast: bool,
    clock: Callable[[str], None] = lambda _phase: None,
) -> int:
    """Upsert stock from the inserted rows and record what went wrong: negative stock, a
    handling unit taken twice, counts overtaken by other stations' movements."""
    new = _NEW_FROM_BATCH if fast else _NEW_FROM_LEDGER
    if fast:
        keys = list(prepared.stock_deltas)
        params = {
            **params,
            "d_location": [k[0] for k in keys],
            "d_sku": [k[1] for k in keys],
            "d_lot": [k[2] for k in keys],
            "d_unit": [k[3] for k in keys],
            "d_status": [k[4] for k in keys],
            "d_delta": list(prepared.stock_deltas.values()),
        }
    stock_sql = _STOCK_SQL.format(new=new, deltas=_DELTAS_GIVEN if fast else _DELTAS_FROM_NEW)
    warehouse = str(params["w"])
    found = 0
    for location, sku, lot, hu, status, quantity, takers, hu_stations in conn.execute(
        stock_sql, params
    ).fetchall():
        detail = {
            "location": location,
            "sku": sku,
            "lot": lot,
            "handling_unit": hu,
            "status": status,
            "on_hand": int(quantity),
            "movements": takers,
        }
        if hu and hu_stations >= 2:
            kind, subject = "handling_unit_moved_twice", f"{hu}@{location}|{sku}|{lot}|{status}"
        else:
            kind, subject = "negative_stock", f"{location}|{sku}|{lot}|{hu}|{status}"
        found += _record_conflict(conn, warehouse, kind, subject, int(quantity), detail, pusher)
    clock("stock")
    if int(params["hwm"]) >= int(params["base"]):  # type: ignore[call-overload]
        return found  # the pushing station had seen everything before this batch
    if not prepared.has_counts:
        touched = sorted(prepared.touched)
        probe = conn.execute(
            _COUNTS_MEANWHILE_SQL,
            {
                **params,
                "k_location": [k[0] for k in touched],
                "k_sku": [k[1] for k in touched],
                "k_lot": [k[2] for k in touched],
            },
        ).fetchone()
        if not (probe and probe[0]):
            clock("count conflicts")
            return found
    for location, sku, lot, new_ids, other_ids, other_stations in conn.execute(
        _COUNT_SQL.format(new=new), params
    ).fetchall():
        on_hand = conn.execute(
            "SELECT coalesce(sum(quantity), 0) FROM stock WHERE warehouse_id = %s "
            "AND location = %s AND sku = %s AND lot = %s",
            (warehouse, location, sku, lot),
        ).fetchone()
        detail = {
            "location": location,
            "sku": sku,
            "lot": lot,
            "on_hand": int(on_hand[0]) if on_hand else 0,
            "movements": new_ids,
            "meanwhile": other_ids,
            "other_stations": other_stations,
        }
        found += _record_conflict(
            conn,
            warehouse,
            "count_disagrees",
            f"{location}|{sku}|{lot}",
            detail["on_hand"],  # type: ignore[arg-type]
            detail,
            pusher,
        )
    clock("count conflicts")
    return found


# --- the whole push ---------------------------------------------------------------------------

RAMP_START = 1000  # rows in an origin's first batch (doubling up to the batch size)


class _ReadAhead:
    """Submits the read of the next batch once: when called (just before central's insert)
    or, at the latest, when its future is asked for."""

    def __init__(self, worker: ThreadPoolExecutor, fetch: Callable, *args: object) -> None:  # type: ignore[type-arg]
        self.worker, self.fetch, self.args = worker, fetch, args
        self._future: Future[PreparedBatch | None] | None = None

    def __call__(self) -> None:
        if self._future is None:
            self._future = self.worker.submit(self.fetch, *self.args)

    def future(self) -> Future[PreparedBatch | None]:
        self()
        assert self._future is not None
        return self._future


def push(
    sessions: sessionmaker[Session],
    conn: psycopg.Connection,
    protocol: Protocol,
    warehouse: str,
    station: str,
    *,
    batch_size: int = DEFAULT_BATCH,
    feed_seq_seen: int = 0,
    progress: Callable[[PushResult], None] | None = None,
) -> PushResult:
    """Push every unsent movement of ``warehouse`` held by this station database, in batches
    of up to ``batch_size``. A worker thread reads the next batch from the station while
    central works on the current one."""
    total = PushResult()
    with sessions() as session:
        done = acked(session)
        pending = {
            origin: top
            for origin, top in origins(session, warehouse).items()
            if top > done.get(origin, 0)
        }
    # the station's own movements first, then any it holds for others (a copied database)
    order = sorted(pending, key=lambda origin: (origin != station, origin))

    def fetch(origin: str, after: int, size: int) -> PreparedBatch | None:
        rows = read_rows(sessions, warehouse, origin, after, size)
        return prepare_batch(rows, protocol, warehouse) if rows else None

    def remember(acks: dict[str, int]) -> None:
        for acked_origin, seq in acks.items():
            record_ack(sessions, acked_origin, seq)

    # One worker reads the next batch while central inserts the current one, and records
    # central's acknowledgements locally (in order, after central's commit). Batches start
    # small and double up to batch_size, so central is not kept waiting for a big first read.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="wms-push-station") as worker:
        recorded: list[Future[None]] = []
        for origin in order:
            size = min(batch_size, RAMP_START)
            upcoming = worker.submit(fetch, origin, done.get(origin, 0), size)
            while True:
                started = time.perf_counter()
                prepared = upcoming.result()
                waited = time.perf_counter() - started
                if prepared is None:
                    break
                size = min(batch_size, size * 2)
                ahead = _ReadAhead(worker, fetch, origin, prepared.by_station[origin][-1], size)
                result = push_batch(
                    conn,
                    protocol,
                    warehouse,
                    station,
                    prepared,
                    feed_seq_seen=feed_seq_seen,
                    inserting=ahead,
                )
                upcoming = ahead.future()
                recorded.append(worker.submit(remember, result.acked))
                result.timings["read (waiting for the station)"] = waited
                total.add(result)
                if progress:
                    progress(total)
        for future in recorded:
            future.result()  # a local write that failed is an error of this push
    return total
