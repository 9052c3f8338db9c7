"""the narrow API: stations and warehouses write central only through ``wms_push``; station and
warehouse roles keep SELECT (under forced row-level security) and EXECUTE on a few functions,
no INSERT, UPDATE, DELETE, TRUNCATE or LOCK on any table

Revision ID: c0008
Revises: c0007
Create Date: 2026-12-02 06:30:00

- ``wms_push(w, pusher, feed_seen, batch)`` takes one batch of movements as a JSON array of
  arrays (the columns of ``PUSH_COLUMNS``, in that order) and does everything a push did from
  the station before, in one call: it checks the caller (a role of ``w``; a station role only
  as itself, only its own movements), every row (warehouse ``w``, no station ``CENTRAL``, a
  positive ``station_seq``, a movement kind stations post), then - under ``w``'s feed counter
  lock - inserts the movements central does not hold yet with feed numbers ``base + 1 ..``
  (gapless, commit order), refuses as ``movement_refused`` conflicts the ids or station
  sequence numbers central holds with other content, keeps stock on hand, records the
  conflicts it finds (negative stock, a handling unit moved twice, counts overtaken), resolves
  conflicts named by a ``CONFLICT-<id>`` reference, captures transfers (receipts checked
  against their lines, ``wms_transfer_capture_row``) and acknowledges each origin's highest
  contiguous ``station_seq``. It answers a JSON object: ``inserted``, ``duplicates``,
  ``refused``, ``conflicts``, ``acked``.
- ``wms_sync_status(w, s)``: the warehouse's feed top, station ``s``'s acknowledgement, its
  highest ``station_seq`` at central and the warehouse's open conflicts.
- The per-row trigger ``movements_transfers`` is gone: ``wms_push`` captures transfers itself,
  so nothing writes other tables behind an INSERT (a Citus distributed function must not
  depend on triggers). The step functions a station called one by one (``wms_feed_lock``,
  ``wms_feed_advance``, ``wms_acknowledge``, ``wms_record_conflict``,
  ``wms_resolve_by_reference``) are dropped: ``wms_push`` does their work.
- The station group role loses every write privilege and the TEMPORARY privilege on the
  database (no temporary tables any more); EXECUTE on the ``wms_`` functions is revoked from
  PUBLIC and granted to the group only for the API (``API_FUNCTIONS``).

Every function takes the warehouse id as its first argument and touches only that warehouse's
rows (apart from a transfer's other side), so it can become a Citus distributed function
delegated by ``warehouse_id``, colocated with ``movements``. No temporary tables.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "c0008"
down_revision: str | None = "c0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# one batch row: these columns in this order (the station's MOVEMENT_COLUMNS; a unit test holds
# the two to each other)
PUSH_COLUMNS = (
    ("warehouse_id", "text"),
    ("id", "uuid"),
    ("station_id", "text"),
    ("station_seq", "bigint"),
    ("operator", "text"),
    ("kind", "text"),
    ("sku", "text"),
    ("quantity", "integer"),
    ("from_location", "text"),
    ("to_location", "text"),
    ("lot", "text"),
    ("expiry", "date"),
    ("from_handling_unit", "text"),
    ("to_handling_unit", "text"),
    ("from_status", "text"),
    ("to_status", "text"),
    ("reference", "text"),
    ("transfer_id", "text"),
    ("created_at", "timestamptz"),
    ("raw_scan", "text"),
)
STATION_KINDS = (
    "receive",
    "putaway",
    "move",
    "pick",
    "sort",
    "pack",
    "ship",
    "adjust",
    "count",
    "transfer_out",
    "transfer_in",
    "status",
)
API_FUNCTIONS = (
    "wms_push(text, text, bigint, jsonb)",
    "wms_sync_status(text, text)",
    "wms_station_seen(text, text, integer, timestamptz, integer)",
    "wms_station_pulled(text, text, bigint)",
    "wms_transfer_flush(text)",
    "wms_station_number(text, text)",
    "wms_resolve_conflict(text, bigint, text, text, uuid)",
)
# used by the row-level security policies, so every role evaluates them (they answer only
# about the caller, revision c0005)
POLICY_FUNCTIONS = (
    "wms_role_warehouse(name)",
    "wms_role_station(name)",
    "wms_is_admin(name)",
)
DROPPED = (
    "wms_feed_lock(text)",
    "wms_feed_advance(text, bigint)",
    "wms_acknowledge(text, text, bigint, bigint)",
    "wms_record_conflict(text, text, text, text, bigint, jsonb)",
    "wms_resolve_by_reference(text, bigint)",
)
WRITTEN_BEFORE = ("movements", "stock", "conflicts", "sync_state", "feed_counters")

_NAMES = ", ".join(name for name, _type in PUSH_COLUMNS)
_PARSE = ",\n            ".join(
    f"(j->>{i})::{kind}" if name != "raw_scan" else f"coalesce(j->>{i}, '')"
    for i, (name, kind) in enumerate(PUSH_COLUMNS)
)
_ROW_TYPE = ",\n    ".join(f"{name} {kind}" for name, kind in PUSH_COLUMNS)
_IDENTITY = " OR ".join(
    f"i.{name} IS DISTINCT FROM m.{name}"
    for name, _type in PUSH_COLUMNS
    if name not in ("id", "raw_scan")
)
_KINDS = ", ".join(f"'{kind}'" for kind in STATION_KINDS)
_KIND_LIST = ", ".join(STATION_KINDS)

ROW_TYPE = f"""
CREATE TYPE wms_push_row AS (
    {_ROW_TYPE},
    ordinal bigint
);
"""

# the transfer capture of revision c0005, called by wms_push for each transfer movement it
# inserted instead of by a trigger (same checks, same rows)
CAPTURE = r"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE FUNCTION wms_transfer_capture_row(mv movements) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    target text;
    transit text;
    sent bigint;
    received bigint;
BEGIN
    IF mv.station_id = 'CENTRAL' THEN
        RETURN;
    END IF;
    IF mv.kind = 'transfer_out' AND mv.reference LIKE 'to:%%' AND mv.to_location <> '' THEN
        target := substr(mv.reference, 4);
        IF target = mv.warehouse_id
           OR NOT EXISTS (SELECT 1 FROM warehouses WHERE warehouse_id = target) THEN
            RETURN;
        END IF;
        INSERT INTO transfer_lines (warehouse_id, transfer_id, movement_id, source_warehouse,
                                    transit_location, sku, lot, expiry, handling_unit, status,
                                    quantity, sent_by, sent_at)
        VALUES (target, mv.transfer_id, mv.id, mv.warehouse_id, mv.to_location, mv.sku,
                mv.lot, mv.expiry, mv.to_handling_unit, mv.to_status, mv.quantity,
                mv.operator, mv.created_at)
        ON CONFLICT DO NOTHING;
    ELSIF mv.kind = 'transfer_in' AND mv.from_location = '' AND mv.to_location <> ''
          AND mv.transfer_id <> '' THEN
        SELECT l.source_warehouse, l.transit_location INTO target, transit
          FROM transfer_lines l
         WHERE l.warehouse_id = mv.warehouse_id AND l.transfer_id = mv.transfer_id
         LIMIT 1;
        IF target IS NULL OR target = mv.warehouse_id THEN
            RETURN;
        END IF;
        SELECT coalesce(sum(l.quantity), 0) INTO sent
          FROM transfer_lines l
         WHERE l.warehouse_id = mv.warehouse_id AND l.transfer_id = mv.transfer_id
           AND l.sku = mv.sku AND l.lot = mv.lot AND l.handling_unit = mv.to_handling_unit
           AND l.status = mv.to_status;
        SELECT coalesce(sum(t.quantity), 0) INTO received
          FROM transfer_receipts t
         WHERE t.warehouse_id = target AND t.transfer_id = mv.transfer_id
           AND t.destination = mv.warehouse_id AND t.movement_id <> mv.id
           AND t.sku = mv.sku AND t.lot = mv.lot AND t.handling_unit = mv.to_handling_unit
           AND t.status = mv.to_status;
        IF mv.quantity <= 0 OR sent = 0 OR received + mv.quantity > sent THEN
            INSERT INTO conflicts (warehouse_id, kind, subject, quantity, detail, detected_by)
            VALUES (mv.warehouse_id, 'transfer_receipt_refused', mv.id::text, mv.quantity,
                    jsonb_build_object(
                        'movement_id', mv.id, 'transfer_id', mv.transfer_id,
                        'source_warehouse', target, 'sku', mv.sku, 'lot', mv.lot,
                        'handling_unit', mv.to_handling_unit, 'status', mv.to_status,
                        'quantity', mv.quantity, 'sent', sent, 'received_before', received,
                        'reason', CASE WHEN sent = 0
                                       THEN 'no line of the transfer has this product, lot, '
                                            || 'handling unit and status'
                                       WHEN mv.quantity <= 0 THEN 'quantity is not positive'
                                       ELSE 'more received than was sent' END),
                    mv.station_id)
            ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open' DO NOTHING;
            RETURN;
        END IF;
        INSERT INTO transfer_receipts (warehouse_id, movement_id, transfer_id, destination,
                                       transit_location, operator, sku, lot, expiry,
                                       handling_unit, status, quantity, received_at)
        VALUES (target, mv.id, mv.transfer_id, mv.warehouse_id, transit, mv.operator,
                mv.sku, mv.lot, mv.expiry, mv.to_handling_unit, mv.to_status,
                mv.quantity, mv.created_at)
        ON CONFLICT DO NOTHING;
    ELSE
        RETURN;
    END IF;
    -- publish now unless someone holds the target's feed; never wait (no deadlock between
    -- two warehouses pushing transfers to each other): the target's next pull flushes it
    PERFORM 1 FROM feed_counters WHERE warehouse_id = target FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
        PERFORM wms_transfer_publish(target);
    END IF;
END
$body$
$f$, current_schema());
END
$do$;
"""

PUSH = rf"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE FUNCTION wms_push(w text, pusher text, feed_seen bigint, batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp SET TimeZone = 'UTC'
AS $body$
DECLARE
    own_station text := wms_role_station(session_user);
    incoming wms_push_row[];
    sent integer;
    distinct_ids integer;
    summary record;
    overtaken boolean;
    problem record;
    base bigint;
    fast boolean;
    inserted integer := 0;
    top record;
    refused jsonb := '[]';
    found_conflicts integer := 0;
    recorded_new integer;
    acks jsonb := '{{}}';
    origin record;
    acked_before bigint;
    acked bigint;
    mv movements;
BEGIN
    PERFORM wms_check_caller(w, pusher);
    IF jsonb_typeof(batch) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'push to %%: expected a JSON array of movements, found %%',
            w, coalesce(jsonb_typeof(batch), 'nothing') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the batch, parsed once (before the feed lock), in (station, station_seq) order
    SELECT array_agg(ROW(
            {_PARSE},
            e.n)::wms_push_row ORDER BY e.n)
      INTO incoming
      FROM (SELECT j, row_number() OVER (ORDER BY (j->>2) COLLATE "C", (j->>3)::bigint) AS n
              FROM jsonb_array_elements(batch) j) e;
    sent := coalesce(cardinality(incoming), 0);
    IF sent = 0 THEN
        RETURN jsonb_build_object('inserted', 0, 'duplicates', 0, 'refused', '[]'::jsonb,
                                  'conflicts', 0, 'acked', '{{}}'::jsonb);
    END IF;
    -- one pass over the batch: the first row no station may push (not of this warehouse,
    -- CENTRAL's, another station's for a station role, no sequence number, a kind stations do
    -- not post), and what the rest of the push needs to know
    SELECT min(i.ordinal) FILTER (
                WHERE (i.warehouse_id IS DISTINCT FROM w OR i.station_id = 'CENTRAL'
                     OR (own_station IS NOT NULL AND i.station_id IS DISTINCT FROM own_station)
                     OR i.id IS NULL OR i.station_id IS NULL OR i.station_seq IS NULL
                     OR i.station_seq < 1 OR i.kind IS NULL OR i.kind NOT IN ({_KINDS}))) AS bad,
           min(i.station_id COLLATE "C") AS first_origin,
           max(i.station_id COLLATE "C") AS last_origin,
           min(i.station_seq) AS low, max(i.station_seq) AS high,
           coalesce(bool_or(i.kind = 'count'), false) AS counts,
           coalesce(bool_or(i.reference LIKE 'CONFLICT-%%'), false) AS references_conflicts,
           coalesce(bool_or(i.kind IN ('transfer_out', 'transfer_in')), false) AS transfers
      INTO summary FROM unnest(incoming) i;
    IF summary.bad IS NOT NULL THEN
        SELECT i.id, i.station_id, i.station_seq,
               CASE WHEN i.warehouse_id IS DISTINCT FROM w
                         THEN format('is of warehouse %%s, expected %%s', i.warehouse_id, w)
                    WHEN i.station_id = 'CENTRAL'
                         THEN 'is of station CENTRAL, whose movements only central posts'
                    WHEN own_station IS NOT NULL AND i.station_id IS DISTINCT FROM own_station
                         THEN format('is of station %%s; role %%s pushes only station %%s''s',
                                     i.station_id, session_user, own_station)
                    WHEN i.id IS NULL OR i.station_id IS NULL OR i.station_seq IS NULL
                         OR i.station_seq < 1
                         THEN format('has no movement id, station or positive station_seq '
                                     '(found %%s, %%s, %%s)', i.id, i.station_id, i.station_seq)
                    ELSE format('is of kind %%s, expected one of {_KIND_LIST}', i.kind)
               END AS reason,
               CASE WHEN i.warehouse_id IS DISTINCT FROM w OR i.station_id = 'CENTRAL'
                         OR (own_station IS NOT NULL AND i.station_id IS DISTINCT FROM own_station)
                    THEN 'insufficient_privilege' ELSE 'invalid_parameter_value' END AS code
          INTO problem
          FROM unnest(incoming) i WHERE i.ordinal = summary.bad;
        RAISE EXCEPTION USING
            MESSAGE = format('push to %%s refused: movement %%s (%%s #%%s) %%s', w, problem.id,
                             problem.station_id, problem.station_seq, problem.reason),
            ERRCODE = problem.code;
    END IF;

    -- the warehouse's feed counter lock serialises its pushers: feed numbers in commit order
    SELECT last_seq INTO base FROM feed_counters WHERE warehouse_id = w FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'warehouse %% is not registered at central: expected '
            '''wms central add-warehouse %%'' to have been run', w, w
            USING ERRCODE = 'no_data_found';
    END IF;

    -- fast path: none of the batch's station_seq at central yet (one index probe per origin);
    -- a movement id central holds after all, or one the batch holds twice, fails the insert
    -- with a unique violation and the general path decides
    IF summary.first_origin = summary.last_origin THEN
        fast := NOT EXISTS (
            SELECT 1 FROM movements m
             WHERE m.warehouse_id = w AND m.station_id = summary.first_origin
               AND m.station_seq BETWEEN summary.low AND summary.high);
    ELSE
        fast := NOT EXISTS (
            SELECT 1
              FROM (SELECT i.station_id, min(i.station_seq) AS low, max(i.station_seq) AS high
                      FROM unnest(incoming) i GROUP BY i.station_id) r
              JOIN movements m ON m.warehouse_id = w AND m.station_id = r.station_id
                              AND m.station_seq BETWEEN r.low AND r.high);
    END IF;
    distinct_ids := sent;
    IF fast THEN
        BEGIN
            INSERT INTO movements ({_NAMES}, feed_seq, received_at)
            SELECT {_NAMES}, base + i.ordinal, now() FROM unnest(incoming) i;
            GET DIAGNOSTICS inserted = ROW_COUNT;
        EXCEPTION WHEN unique_violation THEN
            fast := false;  -- central holds one of the ids after all: the general path decides
        END;
    END IF;
    IF NOT fast THEN
        SELECT count(DISTINCT i.id) INTO distinct_ids FROM unnest(incoming) i;
        -- an id (or station + station_seq) central holds with other content is refused, never
        -- merged; a movement central holds as it is counts as already there
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'movement_id', x.id, 'station', x.station_id, 'station_seq', x.station_seq,
                   'reason', x.reason) ORDER BY x.station_id, x.station_seq), '[]')
          INTO refused
          FROM (SELECT i.id::text AS id, i.station_id, i.station_seq,
                       'movement id already at central with different content' AS reason
                  FROM unnest(incoming) i
                  JOIN movements m ON m.warehouse_id = w AND m.id = i.id
                 WHERE {_IDENTITY}
                UNION ALL
                SELECT i.id::text, i.station_id, i.station_seq,
                       'station_seq ' || i.station_seq || ' of ' || i.station_id
                       || ' already at central as movement ' || m.id
                  FROM unnest(incoming) i
                  JOIN movements m ON m.warehouse_id = w AND m.station_id = i.station_id
                                  AND m.station_seq = i.station_seq AND m.id <> i.id) x;
        INSERT INTO movements ({_NAMES}, feed_seq, received_at)
        SELECT {_NAMES}, base + row_number() OVER (ORDER BY d.ordinal), now()
          FROM (SELECT DISTINCT ON (u.station_id, u.station_seq) *
                  FROM (SELECT DISTINCT ON (i.id) * FROM unnest(incoming) i
                         ORDER BY i.id, i.ordinal) u
                 ORDER BY u.station_id, u.station_seq, u.ordinal) d
         WHERE NOT EXISTS (SELECT 1 FROM movements m WHERE m.warehouse_id = w AND m.id = d.id)
           AND NOT EXISTS (SELECT 1 FROM movements m WHERE m.warehouse_id = w
                              AND m.station_id = d.station_id
                              AND m.station_seq = d.station_seq);
        GET DIAGNOSTICS inserted = ROW_COUNT;
    END IF;
    SELECT max(m.feed_seq) AS high, count(*) AS n INTO top
      FROM movements m WHERE m.warehouse_id = w AND m.feed_seq > base;
    IF top.n <> inserted OR (inserted > 0 AND top.high <> base + inserted) THEN
        RAISE EXCEPTION 'feed numbering of %%: expected %% new movements ending at %%, found %% '
            'ending at %%; batch rolled back', w, inserted, base + inserted, top.n, top.high
            USING ERRCODE = 'internal_error';
    END IF;

    IF inserted > 0 THEN
        UPDATE feed_counters SET last_seq = base + inserted WHERE warehouse_id = w;
        -- stock on hand from the inserted rows; keys that went negative are conflicts
        WITH added AS MATERIALIZED (
            SELECT m.id, m.station_id, m.quantity, m.sku, m.lot, m.feed_seq, m.from_location,
                   m.from_handling_unit, m.from_status, m.to_location, m.to_handling_unit,
                   m.to_status
              FROM movements m WHERE m.warehouse_id = w AND m.feed_seq > base
        ),
        deltas AS MATERIALIZED (
            SELECT location, sku, lot, handling_unit, status, sum(delta) AS delta
              FROM (SELECT to_location AS location, sku, lot, to_handling_unit AS handling_unit,
                           to_status AS status, quantity AS delta
                      FROM added WHERE to_location <> ''
                    UNION ALL
                    SELECT from_location, sku, lot, from_handling_unit, from_status, -quantity
                      FROM added WHERE from_location <> '') d
             GROUP BY location, sku, lot, handling_unit, status
        ),
        upserted AS (
            INSERT INTO stock AS s (warehouse_id, location, sku, lot, handling_unit, status,
                                    quantity)
            SELECT w, location, sku, lot, handling_unit, status, delta FROM deltas
            ON CONFLICT (warehouse_id, location, sku, lot, handling_unit, status)
            DO UPDATE SET quantity = s.quantity + excluded.quantity
            RETURNING s.location, s.sku, s.lot, s.handling_unit, s.status, s.quantity
        ),
        negative AS (
            SELECT u.*,
                   (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                'id', n.id, 'station', n.station_id, 'quantity', n.quantity)
                            ORDER BY n.feed_seq), '[]')
                      FROM added n
                     WHERE n.from_location = u.location AND n.sku = u.sku AND n.lot = u.lot
                       AND n.from_handling_unit = u.handling_unit
                       AND n.from_status = u.status) AS takers,
                   (SELECT count(DISTINCT m.station_id) FROM movements m
                     WHERE m.warehouse_id = w AND u.handling_unit <> ''
                       AND m.from_handling_unit = u.handling_unit
                       AND m.from_location = u.location
                       AND m.sku = u.sku AND m.lot = u.lot) AS hu_stations
              FROM upserted u JOIN deltas d USING (location, sku, lot, handling_unit, status)
             WHERE u.quantity < 0 AND d.delta < 0
        ),
        recorded AS (
            INSERT INTO conflicts AS c (warehouse_id, kind, subject, quantity, detail,
                                        detected_by)
            SELECT w,
                   CASE WHEN g.handling_unit <> '' AND g.hu_stations >= 2
                        THEN 'handling_unit_moved_twice' ELSE 'negative_stock' END,
                   CASE WHEN g.handling_unit <> '' AND g.hu_stations >= 2
                        THEN g.handling_unit || '@' || g.location || '|' || g.sku || '|'
                             || g.lot || '|' || g.status
                        ELSE g.location || '|' || g.sku || '|' || g.lot || '|'
                             || g.handling_unit || '|' || g.status END,
                   g.quantity,
                   jsonb_build_object('location', g.location, 'sku', g.sku, 'lot', g.lot,
                                      'handling_unit', g.handling_unit, 'status', g.status,
                                      'on_hand', g.quantity, 'movements', g.takers),
                   pusher
              FROM negative g
            ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open'
            DO UPDATE SET quantity = excluded.quantity, detail = c.detail || excluded.detail
            RETURNING (xmax = 0) AS is_new
        ),
        -- could a count of another station at a location, product and lot of the batch be one
        -- the pusher had not seen? (one index probe per key)
        meanwhile AS (
            SELECT EXISTS (
                SELECT 1
                  FROM (SELECT DISTINCT location, sku, lot FROM deltas) k
                 CROSS JOIN LATERAL (
                       SELECT 1 FROM movements m
                        WHERE m.warehouse_id = w AND m.kind = 'count'
                          AND m.sku = k.sku AND m.lot = k.lot
                          AND (m.from_location = k.location OR m.to_location = k.location)
                          AND m.feed_seq > feed_seen AND m.feed_seq <= base
                       LIMIT 1) c) AS found_one
             WHERE feed_seen < base AND NOT summary.counts
        )
        SELECT count(*) FILTER (WHERE is_new),
               coalesce((SELECT bool_or(found_one) FROM meanwhile), false)
          INTO recorded_new, overtaken FROM recorded;
        found_conflicts := found_conflicts + recorded_new;

        -- a count and another station's movements at the same location, product and lot,
        -- made without seeing each other (feed numbers between what the pusher had seen
        -- and this batch)
        IF feed_seen < base AND (summary.counts OR overtaken) THEN
            WITH added AS MATERIALIZED (
                SELECT m.id, m.station_id, m.kind, m.sku, m.lot, m.from_location,
                       m.to_location
                  FROM movements m WHERE m.warehouse_id = w AND m.feed_seq > base
            ),
            touched AS MATERIALIZED (
                SELECT id, station_id, kind, sku, lot, from_location AS location FROM added
                 WHERE from_location <> ''
                UNION ALL
                SELECT id, station_id, kind, sku, lot, to_location FROM added
                 WHERE to_location <> ''
            ),
            counted AS MATERIALIZED (
                SELECT k.location, k.sku, k.lot, c.id, c.station_id
                  FROM (SELECT DISTINCT location, sku, lot FROM touched) k
                 CROSS JOIN LATERAL (
                       SELECT m.id, m.station_id FROM movements m
                        WHERE m.warehouse_id = w AND m.kind = 'count'
                          AND m.sku = k.sku AND m.lot = k.lot
                          AND (m.from_location = k.location OR m.to_location = k.location)
                          AND m.feed_seq > feed_seen AND m.feed_seq <= base
                       OFFSET 0) c
            ),
            pairs AS (
                SELECT t.location, t.sku, t.lot, t.id AS new_id, o.id AS other_id,
                       o.station_id
                  FROM touched t
                 CROSS JOIN LATERAL (
                       SELECT m.id, m.station_id FROM movements m
                        WHERE m.warehouse_id = w AND m.sku = t.sku AND m.lot = t.lot
                          AND (m.from_location = t.location OR m.to_location = t.location)
                          AND m.station_id <> t.station_id
                          AND m.feed_seq > feed_seen AND m.feed_seq <= base
                       OFFSET 0) o
                 WHERE t.kind = 'count'
                UNION ALL
                SELECT t.location, t.sku, t.lot, t.id, c.id, c.station_id
                  FROM counted c
                  JOIN touched t ON t.location = c.location AND t.sku = c.sku
                                AND t.lot = c.lot AND t.station_id <> c.station_id
            ),
            grouped AS (
                SELECT p.location, p.sku, p.lot,
                       jsonb_agg(DISTINCT p.new_id::text) AS new_ids,
                       jsonb_agg(DISTINCT p.other_id::text) AS other_ids,
                       jsonb_agg(DISTINCT p.station_id) AS other_stations
                  FROM pairs p
                 GROUP BY p.location, p.sku, p.lot
            ),
            recorded AS (
                INSERT INTO conflicts AS c (warehouse_id, kind, subject, quantity, detail,
                                            detected_by)
                SELECT w, 'count_disagrees', g.location || '|' || g.sku || '|' || g.lot,
                       h.on_hand,
                       jsonb_build_object('location', g.location, 'sku', g.sku, 'lot', g.lot,
                                          'on_hand', h.on_hand, 'movements', g.new_ids,
                                          'meanwhile', g.other_ids,
                                          'other_stations', g.other_stations),
                       pusher
                  FROM grouped g
                 CROSS JOIN LATERAL (
                       SELECT coalesce(sum(s.quantity), 0) AS on_hand FROM stock s
                        WHERE s.warehouse_id = w AND s.location = g.location
                          AND s.sku = g.sku AND s.lot = g.lot) h
                ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open'
                DO UPDATE SET quantity = excluded.quantity,
                              detail = c.detail || excluded.detail
                RETURNING (xmax = 0) AS is_new
            )
            SELECT count(*) FILTER (WHERE is_new) INTO recorded_new FROM recorded;
            found_conflicts := found_conflicts + recorded_new;
        END IF;

        -- a movement with reference CONFLICT-<id> resolves that conflict
        IF summary.references_conflicts THEN
            UPDATE conflicts c
               SET status = 'resolved', resolved_at = now(), resolved_by = n.operator,
                   resolution_movement_id = n.id,
                   resolution_note = coalesce(c.resolution_note,
                                              'compensated by movement ' || n.id)
              FROM movements n
             WHERE n.warehouse_id = w AND n.feed_seq > base
               AND c.warehouse_id = w AND c.status = 'open'
               AND c.conflict_id = CASE WHEN n.reference ~ '^CONFLICT-[0-9]{{1,18}}$'
                                        THEN substr(n.reference, 10)::bigint END;
        END IF;

        -- transfers: lines announced to the destination, receipts checked against them
        IF summary.transfers THEN
            FOR mv IN SELECT * FROM movements m
                       WHERE m.warehouse_id = w AND m.feed_seq > base
                         AND m.kind IN ('transfer_out', 'transfer_in')
                       ORDER BY m.feed_seq LOOP
                PERFORM wms_transfer_capture_row(mv);
            END LOOP;
        END IF;
    END IF;

    IF jsonb_array_length(refused) > 0 THEN
        WITH recorded AS (
            INSERT INTO conflicts AS c (warehouse_id, kind, subject, quantity, detail,
                                        detected_by)
            SELECT DISTINCT ON (r->>'movement_id')
                   w, 'movement_refused', r->>'movement_id', NULL::bigint, r, pusher
              FROM jsonb_array_elements(refused) r
             ORDER BY r->>'movement_id'
            ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open'
            DO UPDATE SET detail = c.detail || excluded.detail
            RETURNING (xmax = 0) AS is_new
        )
        SELECT count(*) FILTER (WHERE is_new) INTO recorded_new FROM recorded;
        found_conflicts := found_conflicts + recorded_new;
    END IF;

    -- per origin station: central's highest contiguous station_seq
    FOR origin IN
        SELECT summary.first_origin::text AS station_id, summary.high AS top,
               summary.low AS low, sent::bigint AS n
         WHERE summary.first_origin = summary.last_origin
        UNION ALL
        SELECT i.station_id, max(i.station_seq), min(i.station_seq), count(*)
          FROM unnest(incoming) i
         WHERE summary.first_origin <> summary.last_origin
         GROUP BY i.station_id
    LOOP
        INSERT INTO sync_state (warehouse_id, station_id, acked_seq)
        VALUES (w, origin.station_id, 0) ON CONFLICT DO NOTHING;
        SELECT s.acked_seq INTO acked_before FROM sync_state s
         WHERE s.warehouse_id = w AND s.station_id = origin.station_id FOR UPDATE;
        IF fast AND origin.top - origin.low + 1 = origin.n AND origin.low <= acked_before + 1 THEN
            acked := greatest(acked_before, origin.top);  -- all inserted, a run from the ack on
        ELSE
            SELECT coalesce(max(t.station_seq), acked_before) INTO acked FROM (
                SELECT m.station_seq, row_number() OVER (ORDER BY m.station_seq) AS rn
                  FROM movements m
                 WHERE m.warehouse_id = w AND m.station_id = origin.station_id
                   AND m.station_seq > acked_before AND m.station_seq <= origin.top) t
             WHERE t.station_seq = acked_before + t.rn;
        END IF;
        UPDATE sync_state SET acked_seq = acked, last_push_at = now()
         WHERE warehouse_id = w AND station_id = origin.station_id;
        acks := acks || jsonb_build_object(origin.station_id, acked);
    END LOOP;

    RETURN jsonb_build_object(
        'inserted', inserted,
        'duplicates', distinct_ids - inserted - jsonb_array_length(refused),
        'refused', refused,
        'conflicts', found_conflicts,
        'acked', acks);
END
$body$
$f$, current_schema());

EXECUTE format($f$
CREATE FUNCTION wms_sync_status(w text, s text)
RETURNS TABLE (feed_seq bigint, acked_seq bigint, station_top bigint, open_conflicts bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
BEGIN
    PERFORM wms_check_caller(w, s);
    RETURN QUERY
    SELECT (SELECT f.last_seq FROM feed_counters f WHERE f.warehouse_id = w),
           coalesce((SELECT t.acked_seq FROM sync_state t
                      WHERE t.warehouse_id = w AND t.station_id = s), 0),
           coalesce((SELECT max(m.station_seq) FROM movements m
                      WHERE m.warehouse_id = w AND m.station_id = s), 0),
           (SELECT count(*) FROM conflicts c WHERE c.warehouse_id = w AND c.status = 'open');
END
$body$
$f$, current_schema());
END
$do$;
"""

# the station group role (``<role_prefix>_stations``, made by ``wms central init``) loses its
# write privileges; EXECUTE on the API is granted to it (again by every ``wms central init``)
PRIVILEGES = f"""
DO $do$
DECLARE
    grp text := (SELECT role_prefix || '_stations' FROM central_info WHERE id = 1);
    fn text;
BEGIN
    FOREACH fn IN ARRAY ARRAY[{", ".join(f"'{f}'" for f in API_FUNCTIONS)}] LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn);
    END LOOP;
    EXECUTE 'REVOKE ALL ON FUNCTION wms_check_caller(text, text) FROM PUBLIC';
    EXECUTE 'REVOKE ALL ON FUNCTION wms_session_is_admin() FROM PUBLIC';
    EXECUTE 'REVOKE ALL ON FUNCTION wms_may_ask_about(name) FROM PUBLIC';
    EXECUTE 'REVOKE ALL ON FUNCTION wms_ledger_is_append_only() FROM PUBLIC';
    EXECUTE 'REVOKE ALL ON FUNCTION wms_transfer_capture_row(movements) FROM PUBLIC';
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = grp) THEN
        RETURN;
    END IF;
    FOREACH fn IN ARRAY ARRAY[{", ".join(f"'{t}'" for t in WRITTEN_BEFORE)}] LOOP
        EXECUTE format('REVOKE ALL ON %I FROM %I', fn, grp);
        EXECUTE format('GRANT SELECT ON %I TO %I', fn, grp);
    END LOOP;
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM %I', current_database(), grp);
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I', current_schema(), grp);
    FOREACH fn IN ARRAY ARRAY[{", ".join(f"'{f}'" for f in API_FUNCTIONS)}] LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, grp);
    END LOOP;
END
$do$;
"""


def upgrade() -> None:
    op.execute(ROW_TYPE)
    op.execute(CAPTURE)
    op.execute("DROP TRIGGER IF EXISTS movements_transfers ON movements")
    op.execute("DROP FUNCTION IF EXISTS wms_transfer_capture()")
    op.execute(PUSH)
    for name in DROPPED:
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
    op.execute(PRIVILEGES)


def _functions_of(revision_file: str, name: str = "FUNCTIONS") -> str:
    """The SQL text ``name`` of an earlier revision of this directory, every CREATE made
    CREATE OR REPLACE (so only the dropped ones are new)."""
    path = Path(__file__).with_name(revision_file)
    spec = importlib.util.spec_from_file_location(f"wms_central_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = getattr(module, name)
    return text.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


def downgrade() -> None:
    op.execute(_functions_of("0006_sync_state_functions.py"))
    op.execute(_functions_of("0007_conflict_functions.py"))
    op.execute("DROP FUNCTION IF EXISTS wms_sync_status(text, text)")
    op.execute("DROP FUNCTION IF EXISTS wms_push(text, text, bigint, jsonb)")
    op.execute(_functions_of("0005_caller_only.py", "CAPTURE"))
    op.execute(
        "CREATE TRIGGER movements_transfers AFTER INSERT ON movements "
        "FOR EACH ROW WHEN (NEW.kind IN ('transfer_out', 'transfer_in') "
        "AND NEW.station_id <> 'CENTRAL') EXECUTE FUNCTION wms_transfer_capture()"
    )
    op.execute("DROP FUNCTION IF EXISTS wms_transfer_capture_row(movements)")
    op.execute("DROP TYPE IF EXISTS wms_push_row")
    for name in (
        *API_FUNCTIONS[2:],  # (wms_push and wms_sync_status are gone)
        "wms_check_caller(text, text)",
        "wms_session_is_admin()",
        "wms_may_ask_about(name)",
        "wms_ledger_is_append_only()",
    ):
        op.execute(f"GRANT EXECUTE ON FUNCTION {name} TO PUBLIC")
    op.execute(
        "DO $do$ DECLARE grp text := (SELECT role_prefix || '_stations' FROM central_info); "
        "BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = grp) THEN "
        "EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %I', current_database(), grp); "
        "EXECUTE format('GRANT INSERT ON movements TO %I', grp); "
        "EXECUTE format('GRANT INSERT, UPDATE ON stock TO %I', grp); END IF; END $do$"
    )
