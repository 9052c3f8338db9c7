"""Push: a station's unsent movements to central, in batches, one transaction each.

Per batch, on one central connection:

1. ``SELECT ... FROM feed_counters WHERE warehouse_id = W FOR UPDATE`` - the warehouse's feed
   counter row lock serialises pushers of one warehouse, so feed numbers are handed out in
   commit order and the feed has no gaps a reader could ever see.
2. ``COPY`` the batch into a temporary table (one round trip for the rows).
3. Rows whose movement id (or station + station_seq) central already holds *with other
   content* are refused and recorded as a conflict, never merged.
4. ``INSERT INTO movements ... SELECT ... WHERE NOT EXISTS ... ON CONFLICT DO NOTHING`` with
   feed numbers ``base + row_number()``; the counter moves to ``base + inserted``. A retried or
   duplicated batch inserts nothing and changes nothing.
5. Stock on hand is updated from the inserted rows (one aggregated upsert); keys that went
   negative, handling units taken twice and counts overtaken by other stations' movements are
   recorded as conflicts.
6. Central acknowledges, per origin station, the highest *contiguous* ``station_seq`` it holds.

The station records the acknowledgement after central's commit; if the connection dies in
between, the next push sends the batch again and it is recognised as already there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb
from sqlalchemy import func, select
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

# station column -> central column
_STATION_COLUMNS = {c: c for c in MOVEMENT_COLUMNS} | {
    "warehouse_id": "warehouse",
    "station_id": "station",
}
# compared to decide "same movement id, different content" (raw_scan is not part of a
# movement's meaning and protocol 1 did not carry it)
IDENTITY_COLUMNS = tuple(c for c in MOVEMENT_COLUMNS if c not in ("id", "raw_scan"))


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

    def add(self, other: PushResult) -> None:
        self.batches += other.batches
        self.sent += other.sent
        self.inserted += other.inserted
        self.duplicates += other.duplicates
        self.refused.extend(other.refused)
        self.conflicts += other.conflicts
        self.acked.update(other.acked)


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


def record_ack(sessions: sessionmaker[Session], origin: str, seq: int) -> None:
    with sessions() as session, session.begin():
        row = session.get(SyncAckRow, origin)
        if row is None:
            session.add(SyncAckRow(origin=origin, acked_seq=seq))
        elif seq > row.acked_seq:
            row.acked_seq = seq


# --- central side -----------------------------------------------------------------------------


def _ensure_temp_table(conn: psycopg.Connection, protocol: Protocol) -> None:
    columns = ", ".join(f"{c} {_temp_type(c)}" for c in protocol.columns)
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {TEMP_TABLE} ({columns}) ON COMMIT DELETE ROWS")
    conn.commit()


def _temp_type(column: str) -> str:
    return {
        "id": "uuid",
        "station_seq": "bigint",
        "quantity": "integer",
        "expiry": "date",
        "created_at": "timestamptz",
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


_NEW_ROWS = "SELECT * FROM movements WHERE warehouse_id = %(w)s AND feed_seq > %(base)s"

_STOCK_SQL = f"""
WITH new AS ({_NEW_ROWS}),
deltas AS (
    SELECT location, sku, lot, handling_unit, status, sum(delta) AS delta
      FROM (SELECT to_location AS location, sku, lot, to_handling_unit AS handling_unit,
                   to_status AS status, quantity AS delta
              FROM new WHERE to_location <> ''
            UNION ALL
            SELECT from_location, sku, lot, from_handling_unit, from_status, -quantity
              FROM new WHERE from_location <> '') d
     GROUP BY location, sku, lot, handling_unit, status
),
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
# had not seen (feed_seq above its high-water mark), or counts the moving station had not seen
_COUNT_SQL = f"""
WITH new AS ({_NEW_ROWS}),
touched AS (
    SELECT id, station_id, kind, sku, lot, from_location AS location FROM new
     WHERE from_location <> ''
    UNION
    SELECT id, station_id, kind, sku, lot, to_location FROM new WHERE to_location <> ''
),
pairs AS (
    SELECT t.location, t.sku, t.lot, t.id AS new_id, o.id AS other_id, o.station_id
      FROM touched t
      JOIN movements o ON o.warehouse_id = %(w)s AND o.sku = t.sku AND o.lot = t.lot
                      AND (o.from_location = t.location OR o.to_location = t.location)
     WHERE t.kind = 'count' AND o.station_id <> t.station_id
       AND o.feed_seq > %(hwm)s AND o.feed_seq <= %(base)s
    UNION ALL
    SELECT t.location, t.sku, t.lot, t.id, o.id, o.station_id
      FROM touched t
      JOIN movements o ON o.warehouse_id = %(w)s AND o.kind = 'count'
                      AND o.sku = t.sku AND o.lot = t.lot
                      AND (o.from_location = t.location OR o.to_location = t.location)
     WHERE o.station_id <> t.station_id AND o.feed_seq > %(hwm)s AND o.feed_seq <= %(base)s
)
SELECT location, sku, lot,
       json_agg(DISTINCT new_id::text) AS new_ids,
       json_agg(DISTINCT other_id::text) AS other_ids,
       json_agg(DISTINCT station_id) AS other_stations
  FROM pairs
 GROUP BY location, sku, lot
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

_RESOLVE_BY_REFERENCE = f"""
UPDATE conflicts c
   SET status = 'resolved', resolved_at = now(), resolved_by = n.operator,
       resolution_movement_id = n.id,
       resolution_note = coalesce(c.resolution_note, 'compensated by movement ' || n.id)
  FROM ({_NEW_ROWS} AND reference ~ '^CONFLICT-[0-9]{{1,18}}$') n
 WHERE c.warehouse_id = %(w)s AND c.status = 'open'
   AND c.conflict_id = substr(n.reference, 10)::bigint
"""


def push_batch(
    conn: psycopg.Connection,
    protocol: Protocol,
    warehouse: str,
    pusher: str,
    rows: Sequence[dict[str, object]],
    *,
    feed_seq_seen: int = 0,
) -> PushResult:
    """One batch in one central transaction; see the module docstring."""
    result = PushResult(batches=1, sent=len(rows))
    if not rows:
        return result
    _ensure_temp_table(conn, protocol)
    params: dict[str, object] = {"w": warehouse, "hwm": feed_seq_seen}
    with conn.transaction():
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
        with conn.cursor() as cursor:
            columns = protocol.columns
            copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(TEMP_TABLE), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            with cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])
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
        if inserted:
            conn.execute(
                "UPDATE feed_counters SET last_seq = %s WHERE warehouse_id = %s",
                (base + inserted, warehouse),
            )
            result.conflicts += _detect_conflicts(conn, params, pusher)
            conn.execute(_RESOLVE_BY_REFERENCE, params)
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
        result.duplicates = len({r["id"] for r in rows}) - inserted - len(refused)
        tops: dict[str, int] = {}
        for row in rows:
            station = str(row["station_id"])
            tops[station] = max(tops.get(station, 0), int(row["station_seq"]))  # type: ignore[call-overload]
        for station, top_seq in tops.items():
            result.acked[station] = _acknowledge(conn, warehouse, station, top_seq)
    return result


def _acknowledge(conn: psycopg.Connection, warehouse: str, station: str, top: int) -> int:
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


def _detect_conflicts(conn: psycopg.Connection, params: dict[str, object], pusher: str) -> int:
    warehouse = str(params["w"])
    found = 0
    for location, sku, lot, hu, status, quantity, takers, hu_stations in conn.execute(
        _STOCK_SQL, params
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
    for location, sku, lot, new_ids, other_ids, other_stations in conn.execute(
        _COUNT_SQL, params
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
    return found


# --- the whole push ---------------------------------------------------------------------------


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
    """Push every unsent movement of ``warehouse`` held by this station database."""
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
    for origin in order:
        cursor = done.get(origin, 0)
        while True:
            with sessions() as session:
                rows = read_batch(session, warehouse, origin, cursor, batch_size)
            if not rows:
                break
            result = push_batch(
                conn, protocol, warehouse, station, rows, feed_seq_seen=feed_seq_seen
            )
            for acked_origin, seq in result.acked.items():
                record_ack(sessions, acked_origin, seq)
            total.add(result)
            if progress:
                progress(total)
            cursor = int(rows[-1]["station_seq"])  # type: ignore[call-overload]
    return total
