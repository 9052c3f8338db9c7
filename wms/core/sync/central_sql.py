"""The statements a push runs at central, as text (psycopg placeholders: ``%(w)s`` is the
warehouse, ``%(base)s`` the feed counter before the batch, ``%(hwm)s`` the feed the pushing
station had seen). Movement column lists are derived from the one movement spec
(``MOVEMENT_COLUMNS`` of :mod:`wms.core.sync.central_schema`), never written out here. The
set-based conflict statements are long because each does its work in one round trip.
"""

from __future__ import annotations

from collections.abc import Sequence

from psycopg import sql

from wms.core.sync.central_schema import MOVEMENT_COLUMNS, MOVEMENT_TYPES

TEMP_TABLE = "wms_incoming"
ORDINAL = "batch_ordinal"

# compared to decide "same movement id, different content" (raw_scan is not part of a
# movement's meaning and protocol 1 did not carry it)
IDENTITY_COLUMNS = tuple(c for c in MOVEMENT_COLUMNS if c not in ("id", "raw_scan"))


def _names(columns: Sequence[str], prefix: str = "") -> sql.Composed:
    return sql.SQL(", ").join(sql.SQL(prefix) + sql.Identifier(c) for c in columns)


# --- the batch's way in -------------------------------------------------------------------------

# The connection's temporary table for incoming rows: every protocol's columns and the ordinal.
CREATE_TEMP_TABLE = sql.SQL(
    "CREATE TEMP TABLE IF NOT EXISTS {temp} ({columns}) ON COMMIT DELETE ROWS"
).format(
    temp=sql.Identifier(TEMP_TABLE),
    columns=sql.SQL(", ").join(
        [
            sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(MOVEMENT_TYPES[c]))
            for c in MOVEMENT_COLUMNS
        ]
        + [sql.SQL("{} bigint").format(sql.Identifier(ORDINAL))]
    ),
)

# timestamps without a zone (SQLite stores them so) are UTC
UTC_FOR_THIS_TRANSACTION = "SELECT set_config('TimeZone', 'UTC', true)"


def copy_into_temp(columns: Sequence[str]) -> sql.Composed:
    return sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(TEMP_TABLE), _names((*columns, ORDINAL))
    )


# the warehouse's feed counter row lock serialises its pushers (feed numbers in commit order)
LOCK_FEED_COUNTER = "SELECT last_seq FROM feed_counters WHERE warehouse_id = %s FOR UPDATE"
MOVE_FEED_COUNTER = "UPDATE feed_counters SET last_seq = %s WHERE warehouse_id = %s"

# does central hold any station_seq of the batch already? (one index probe per origin)
ANY_THERE = """
SELECT EXISTS (
    SELECT 1 FROM unnest(%(stations)s::text[], %(lows)s::bigint[], %(highs)s::bigint[])
                  AS r(station_id, low, high)
      JOIN movements m ON m.warehouse_id = %(w)s AND m.station_id = r.station_id
                      AND m.station_seq BETWEEN r.low AND r.high)
"""

_COMPARE = " OR ".join(f"i.{c} IS DISTINCT FROM m.{c}" for c in IDENTITY_COLUMNS)

REFUSED = f"""
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


def fast_insert(columns: Sequence[str]) -> sql.Composed:
    """Every row of the temporary table into the ledger, feed numbers ``base + ordinal``; a
    row central already holds is skipped (and the batch takes the general path). With an
    ``ON CONFLICT`` clause Citus inserts through intermediate results on the worker, not with a
    ``COPY`` into the shard, which PostgreSQL refuses under row-level security."""
    names = _names(columns)
    return sql.SQL(
        "INSERT INTO movements ({names}, feed_seq, received_at) "
        "SELECT {names}, %(base)s + {ordinal}, now() FROM {temp} ON CONFLICT DO NOTHING"
    ).format(names=names, ordinal=sql.Identifier(ORDINAL), temp=sql.Identifier(TEMP_TABLE))


def general_insert(columns: Sequence[str]) -> sql.Composed:
    """The rows central does not hold yet (by id or by station + station_seq), feed numbers
    ``base + row_number()``."""
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
    ).format(names=_names(columns), picked=_names(columns, "i."), temp=sql.Identifier(TEMP_TABLE))


INSERTED_TOP = (
    "SELECT max(feed_seq), count(*) FROM movements "
    "WHERE warehouse_id = %(w)s AND feed_seq > %(base)s"
)

# the rows this batch inserted: read back from the ledger (general path) or, when every row of
# the temporary table went in (fast path), from the temporary table itself
_NEW_COLUMNS = ", ".join(MOVEMENT_COLUMNS)
NEW_FROM_LEDGER = (
    f"SELECT {_NEW_COLUMNS}, feed_seq FROM movements "
    "WHERE warehouse_id = %(w)s AND feed_seq > %(base)s"
)
NEW_FROM_BATCH = f"SELECT {_NEW_COLUMNS}, %(base)s + {ORDINAL} AS feed_seq FROM {TEMP_TABLE}"

# --- stock and conflicts ------------------------------------------------------------------------

# stock change per key: summed from the inserted rows (general path) or, on the fast path,
# summed by the station reader and sent as arrays
DELTAS_FROM_NEW = """
    SELECT location, sku, lot, handling_unit, status, sum(delta) AS delta
      FROM (SELECT to_location AS location, sku, lot, to_handling_unit AS handling_unit,
                   to_status AS status, quantity AS delta
              FROM new WHERE to_location <> ''
            UNION ALL
            SELECT from_location, sku, lot, from_handling_unit, from_status, -quantity
              FROM new WHERE from_location <> '') d
     GROUP BY location, sku, lot, handling_unit, status
"""
DELTAS_GIVEN = """
    SELECT * FROM unnest(%(d_location)s::text[], %(d_sku)s::text[], %(d_lot)s::text[],
                         %(d_unit)s::text[], %(d_status)s::text[], %(d_delta)s::bigint[])
                  AS d(location, sku, lot, handling_unit, status, delta)
"""

# format with new= (NEW_FROM_*) and deltas= (DELTAS_*): upserts stock, returns the keys that
# went negative with the movements that took from them
STOCK = """
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
# per row, or scanning the feed once per row). Format with new=.
COUNTS_OVERTAKEN = """
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
COUNTS_MEANWHILE = """
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

ON_HAND_OF_PRODUCT = (
    "SELECT coalesce(sum(quantity), 0) FROM stock WHERE warehouse_id = %s "
    "AND location = %s AND sku = %s AND lot = %s"
)

# an open conflict of the same kind and subject is updated, not repeated
RECORD_CONFLICT = """
INSERT INTO conflicts (warehouse_id, kind, subject, quantity, detail, detected_by)
VALUES (%(w)s, %(kind)s, %(subject)s, %(quantity)s, %(detail)s, %(by)s)
ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open'
DO UPDATE SET quantity = excluded.quantity,
              detail = conflicts.detail || excluded.detail
RETURNING (xmax = 0) AS inserted
"""

# a movement with reference CONFLICT-<id> resolves that conflict. Format with new=.
RESOLVE_BY_REFERENCE = """
UPDATE conflicts c
   SET status = 'resolved', resolved_at = now(), resolved_by = n.operator,
       resolution_movement_id = n.id,
       resolution_note = coalesce(c.resolution_note, 'compensated by movement ' || n.id)
  FROM ({new}) n
 WHERE c.warehouse_id = %(w)s AND c.status = 'open'
   AND c.conflict_id = CASE WHEN n.reference ~ '^CONFLICT-[0-9]{{1,18}}$'
                            THEN substr(n.reference, 10)::bigint END
"""

# --- acknowledgement and the station's state at central ----------------------------------------

ENSURE_SYNC_STATE = (
    "INSERT INTO sync_state (warehouse_id, station_id, acked_seq) VALUES (%s, %s, 0) "
    "ON CONFLICT DO NOTHING"
)
ACKED_SEQ = "SELECT acked_seq FROM sync_state WHERE warehouse_id = %s AND station_id = %s"
# the highest station_seq up to %(top)s with no gap after %(acked)s
CONTIGUOUS_SEQ = """
SELECT coalesce(max(station_seq), %(acked)s) FROM (
    SELECT station_seq, row_number() OVER (ORDER BY station_seq) AS rn
      FROM movements
     WHERE warehouse_id = %(w)s AND station_id = %(s)s
       AND station_seq > %(acked)s AND station_seq <= %(top)s) t
 WHERE station_seq = %(acked)s + rn
"""
SET_ACKED_SEQ = (
    "UPDATE sync_state SET acked_seq = %s, last_push_at = now() "
    "WHERE warehouse_id = %s AND station_id = %s"
)
# what the runner records after a push: protocol spoken, the station's clock and its skew
SET_STATION_CLOCK = (
    "UPDATE sync_state SET protocol_version = %s, station_clock = %s, "
    "clock_skew_seconds = %s WHERE warehouse_id = %s AND station_id = %s"
)
OPEN_CONFLICTS = "SELECT count(*) FROM conflicts WHERE warehouse_id = %s AND status = 'open'"
# what the pull records: how far the station has read the feed
NOTE_PULLED = (
    "INSERT INTO sync_state (warehouse_id, station_id, acked_seq, feed_seq_seen, "
    "last_pull_at) VALUES (%s, %s, 0, %s, now()) ON CONFLICT (warehouse_id, station_id) "
    "DO UPDATE SET feed_seq_seen = excluded.feed_seq_seen, last_pull_at = excluded.last_pull_at"
)
# a supervisor closes an open conflict
RESOLVE_CONFLICT = (
    "UPDATE conflicts SET status = 'resolved', resolved_at = now(), "
    "resolved_by = %s, resolution_note = %s, resolution_movement_id = %s "
    "WHERE warehouse_id = %s AND conflict_id = %s AND status = 'open'"
)
