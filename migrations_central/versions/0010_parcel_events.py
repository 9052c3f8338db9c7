"""parcel events of a hub's stations sync through central (issue 14, item 9)

Revision ID: c0010
Revises: c0009
Create Date: 2026-12-02 10:30:00

- ``parcel_events``: every station's parcel events (arrived, sorted, held, released, handed
  over, exceptions ... with operator, station and raw scan), append-only, keyed by warehouse
  and event id, numbered per station (``station_seq``, gapless) and by the warehouse's parcel
  feed (``feed_seq``, gapless, in commit order). A feed of its own (``parcel_feed_counters``),
  next to the movements' (``feed_counters``): a hub's parcel scans never wait for its stock
  pushes, and a station that does not know parcel events reads the movement feed as before.
- ``parcel_event_acks``: per station, the highest contiguous ``station_seq`` central holds.
- ``wms_push_parcel_events(w, pusher, feed_seen, batch)`` (``SECURITY DEFINER``; station roles
  keep no INSERT on any table): one batch of events as a JSON array of arrays
  (``EVENT_COLUMNS``, in that order). It checks the caller (a role of ``w``; a station role
  only as itself, only its own events) and every row, then under ``w``'s parcel feed lock
  inserts the events central does not hold yet (feed numbers ``base + 1 ..``), refuses events
  whose id (or station + station_seq) central holds with other content (``parcel_event_refused``
  conflicts, never merged), records a ``parcel_scanned_twice`` conflict for a parcel that
  another station moved (sorted, held, released, handed over, set aside) after the pusher's
  feed position ``feed_seen`` - the two stations scanned it without seeing each other - and
  acknowledges each origin's highest contiguous ``station_seq``. Its answer: ``inserted``,
  ``duplicates``, ``refused``, ``conflicts``, ``acked``, ``feed_seq``.

Forced row-level security on the new tables (the warehouse's own rows; written only by the
function). On Citus the tables are distributed by warehouse colocated with the ledger and the
function is delegated to the worker of its warehouse argument, like ``wms_push``.
"""

from collections.abc import Sequence
from typing import Any

from alembic import op

from wms.core.sync import citus

revision: str = "c0010"
down_revision: str | None = "c0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# one batch row: these columns in this order (wms.core.sync.hub_events.EVENT_COLUMNS; a test
# holds the two to each other)
EVENT_COLUMNS = (
    ("warehouse_id", "text"),
    ("event_id", "uuid"),
    ("station_id", "text"),
    ("station_seq", "bigint"),
    ("operator", "text"),
    ("tracking", "text"),
    ("kind", "text"),
    ("at", "timestamptz"),
    ("bag", "text"),
    ("location", "text"),
    ("reason", "text"),
    ("raw_scan", "text"),
)
# events that say where a parcel is (or that customs let it go): two of them for one parcel from
# two stations that did not see each other are a conflict
MOVING_KINDS = ("sorted", "held", "exception", "released", "handed_over")
TABLES = ("parcel_events", "parcel_feed_counters", "parcel_event_acks")
FUNCTION = "wms_push_parcel_events(text, text, bigint, jsonb)"

SCHEMA = """
CREATE TABLE parcel_events (
    warehouse_id text NOT NULL,
    event_id uuid NOT NULL,
    station_id text NOT NULL,
    station_seq bigint NOT NULL CHECK (station_seq > 0),
    operator text NOT NULL,
    tracking text NOT NULL,
    kind text NOT NULL,
    at timestamptz NOT NULL,
    bag text NOT NULL,
    location text NOT NULL,
    reason text NOT NULL,
    raw_scan text NOT NULL,
    feed_seq bigint NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (warehouse_id, event_id),
    CONSTRAINT uq_parcel_events_station_seq UNIQUE (warehouse_id, station_id, station_seq),
    CONSTRAINT uq_parcel_events_feed_seq UNIQUE (warehouse_id, feed_seq)
);
CREATE INDEX ix_parcel_events_parcel ON parcel_events (warehouse_id, tracking, feed_seq);
CREATE TABLE parcel_feed_counters (
    warehouse_id text NOT NULL PRIMARY KEY,
    last_seq bigint NOT NULL
);
CREATE TABLE parcel_event_acks (
    warehouse_id text NOT NULL,
    station_id text NOT NULL,
    acked_seq bigint NOT NULL,
    last_push_at timestamptz,
    PRIMARY KEY (warehouse_id, station_id)
);
"""

_NAMES = ", ".join(name for name, _type in EVENT_COLUMNS)
_PARSE = ",\n            ".join(
    f"coalesce(j->>{i}, '')"
    if kind == "text" and name not in ("warehouse_id", "station_id", "kind", "tracking")
    else f"(j->>{i})::{kind}"
    for i, (name, kind) in enumerate(EVENT_COLUMNS)
)
_ROW_TYPE = ",\n    ".join(f"{name} {kind}" for name, kind in EVENT_COLUMNS)
_IDENTITY = " OR ".join(
    f"i.{name} IS DISTINCT FROM p.{name}"
    for name, _type in EVENT_COLUMNS
    if name not in ("event_id", "raw_scan")
)
_MOVING = ", ".join(f"'{kind}'" for kind in MOVING_KINDS)

ROW_TYPE = f"""
CREATE TYPE wms_parcel_event_row AS (
    {_ROW_TYPE},
    ordinal bigint
);
"""

PUSH = rf"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE FUNCTION wms_push_parcel_events(w text, pusher text, feed_seen bigint, batch jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp SET TimeZone = 'UTC'
AS $body$
DECLARE
    own_station text := wms_role_station(session_user);
    incoming wms_parcel_event_row[];
    sent integer;
    distinct_ids integer;
    summary record;
    problem record;
    base bigint;
    fast boolean;
    inserted integer := 0;
    top record;
    refused jsonb := '[]';
    found_conflicts integer := 0;
    clash record;
    clash_detail jsonb;
    moved text[];
    acks jsonb := '{{}}';
    origin record;
    acked_before bigint;
    acked bigint;
BEGIN
    PERFORM wms_check_caller(w, pusher);
    IF jsonb_typeof(batch) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'parcel event push to %%: expected a JSON array of events, found %%',
            w, coalesce(jsonb_typeof(batch), 'nothing') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT array_agg(ROW(
            {_PARSE},
            e.n)::wms_parcel_event_row ORDER BY e.n)
      INTO incoming
      FROM (SELECT j, row_number() OVER (ORDER BY (j->>2) COLLATE "C", (j->>3)::bigint) AS n
              FROM jsonb_array_elements(batch) j) e;
    sent := coalesce(cardinality(incoming), 0);
    IF sent = 0 THEN
        RETURN jsonb_build_object('inserted', 0, 'duplicates', 0, 'refused', '[]'::jsonb,
                                  'conflicts', 0, 'acked', '{{}}'::jsonb, 'feed_seq', NULL);
    END IF;
    SELECT min(i.ordinal) FILTER (
                WHERE (i.warehouse_id IS DISTINCT FROM w OR i.station_id = 'CENTRAL'
                     OR (own_station IS NOT NULL AND i.station_id IS DISTINCT FROM own_station)
                     OR i.event_id IS NULL OR i.station_id IS NULL OR i.station_seq IS NULL
                     OR i.station_seq < 1 OR i.at IS NULL OR coalesce(i.tracking, '') = ''
                     OR i.kind IS NULL OR i.kind !~ '^[a-z_]{{1,20}}$')) AS bad,
           min(i.station_id COLLATE "C") AS first_origin,
           max(i.station_id COLLATE "C") AS last_origin,
           min(i.station_seq) AS low, max(i.station_seq) AS high
      INTO summary FROM unnest(incoming) i;
    IF summary.bad IS NOT NULL THEN
        SELECT i.event_id, i.station_id, i.station_seq,
               CASE WHEN i.warehouse_id IS DISTINCT FROM w
                         THEN format('is of warehouse %%s, expected %%s', i.warehouse_id, w)
                    WHEN i.station_id = 'CENTRAL'
                         THEN 'is of station CENTRAL, which scans no parcels'
                    WHEN own_station IS NOT NULL AND i.station_id IS DISTINCT FROM own_station
                         THEN format('is of station %%s; role %%s pushes only station %%s''s',
                                     i.station_id, session_user, own_station)
                    WHEN i.event_id IS NULL OR i.station_id IS NULL OR i.station_seq IS NULL
                         OR i.station_seq < 1
                         THEN format('has no event id, station or positive station_seq '
                                     '(found %%s, %%s, %%s)', i.event_id, i.station_id,
                                     i.station_seq)
                    WHEN i.at IS NULL OR coalesce(i.tracking, '') = ''
                         THEN 'has no time or no tracking number'
                    ELSE format('is of kind %%s, expected lower-case letters and _', i.kind)
               END AS reason,
               CASE WHEN i.warehouse_id IS DISTINCT FROM w OR i.station_id = 'CENTRAL'
                         OR (own_station IS NOT NULL AND i.station_id IS DISTINCT FROM own_station)
                    THEN 'insufficient_privilege' ELSE 'invalid_parameter_value' END AS code
          INTO problem
          FROM unnest(incoming) i WHERE i.ordinal = summary.bad;
        RAISE EXCEPTION USING
            MESSAGE = format('parcel event push to %%s refused: event %%s (%%s #%%s) %%s', w,
                             problem.event_id, problem.station_id, problem.station_seq,
                             problem.reason),
            ERRCODE = problem.code;
    END IF;

    PERFORM 1 FROM feed_counters WHERE warehouse_id = w;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'warehouse %% is not registered at central: expected '
            '''wms central add-warehouse %%'' to have been run', w, w
            USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO parcel_feed_counters (warehouse_id, last_seq) VALUES (w, 0)
    ON CONFLICT (warehouse_id) DO NOTHING;
    -- the warehouse's parcel feed lock serialises its pushers: feed numbers in commit order
    SELECT last_seq INTO base FROM parcel_feed_counters WHERE warehouse_id = w FOR UPDATE;

    IF summary.first_origin = summary.last_origin THEN
        fast := NOT EXISTS (
            SELECT 1 FROM parcel_events p
             WHERE p.warehouse_id = w AND p.station_id = summary.first_origin
               AND p.station_seq BETWEEN summary.low AND summary.high);
    ELSE
        fast := false;
    END IF;
    distinct_ids := sent;
    IF fast THEN
        BEGIN
            INSERT INTO parcel_events ({_NAMES}, feed_seq, received_at)
            SELECT {_NAMES}, base + i.ordinal, now() FROM unnest(incoming) i;
            GET DIAGNOSTICS inserted = ROW_COUNT;
        EXCEPTION WHEN unique_violation THEN
            fast := false;
        END;
    END IF;
    IF NOT fast THEN
        SELECT count(DISTINCT i.event_id) INTO distinct_ids FROM unnest(incoming) i;
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'event_id', x.event_id, 'station', x.station_id, 'station_seq', x.station_seq,
                   'tracking', x.tracking, 'reason', x.reason)
                   ORDER BY x.station_id, x.station_seq), '[]')
          INTO refused
          FROM (SELECT i.event_id::text AS event_id, i.station_id, i.station_seq, i.tracking,
                       'event id already at central with different content' AS reason
                  FROM unnest(incoming) i
                  JOIN parcel_events p ON p.warehouse_id = w AND p.event_id = i.event_id
                 WHERE {_IDENTITY}
                UNION ALL
                SELECT i.event_id::text, i.station_id, i.station_seq, i.tracking,
                       'station_seq ' || i.station_seq || ' of ' || i.station_id
                       || ' already at central as event ' || p.event_id
                  FROM unnest(incoming) i
                  JOIN parcel_events p ON p.warehouse_id = w AND p.station_id = i.station_id
                                      AND p.station_seq = i.station_seq
                                      AND p.event_id <> i.event_id) x;
        INSERT INTO parcel_events ({_NAMES}, feed_seq, received_at)
        SELECT {_NAMES}, base + row_number() OVER (ORDER BY d.ordinal), now()
          FROM (SELECT DISTINCT ON (u.station_id, u.station_seq) *
                  FROM (SELECT DISTINCT ON (i.event_id) * FROM unnest(incoming) i
                         ORDER BY i.event_id, i.ordinal) u
                 ORDER BY u.station_id, u.station_seq, u.ordinal) d
         WHERE NOT EXISTS (SELECT 1 FROM parcel_events p
                            WHERE p.warehouse_id = w AND p.event_id = d.event_id)
           AND NOT EXISTS (SELECT 1 FROM parcel_events p WHERE p.warehouse_id = w
                              AND p.station_id = d.station_id
                              AND p.station_seq = d.station_seq);
        GET DIAGNOSTICS inserted = ROW_COUNT;
    END IF;
    SELECT max(p.feed_seq) AS high, count(*) AS n INTO top
      FROM parcel_events p WHERE p.warehouse_id = w AND p.feed_seq > base;
    IF top.n <> inserted OR (inserted > 0 AND top.high <> base + inserted) THEN
        RAISE EXCEPTION 'parcel feed numbering of %%: expected %% new events ending at %%, '
            'found %% ending at %%; batch rolled back', w, inserted, base + inserted, top.n,
            top.high USING ERRCODE = 'internal_error';
    END IF;

    IF inserted > 0 THEN
        UPDATE parcel_feed_counters SET last_seq = base + inserted WHERE warehouse_id = w;
        -- a parcel another station moved after the pusher's feed position, moved again by the
        -- pusher: the two scanned it without seeing each other (one index probe per parcel)
        SELECT array_agg(DISTINCT i.tracking) INTO moved
          FROM unnest(incoming) i WHERE i.kind IN ({_MOVING});
        -- (most pushes: nobody else touched these parcels since the pusher's last pull)
        IF summary.first_origin = summary.last_origin AND NOT EXISTS (
            SELECT 1 FROM parcel_events o
             WHERE o.warehouse_id = w AND o.tracking = ANY (moved)
               AND o.feed_seq > feed_seen AND o.feed_seq <= base
               AND o.station_id <> summary.first_origin AND o.kind IN ({_MOVING})) THEN
            moved := '{{}}';
        END IF;
        FOR clash IN
            SELECT o.tracking,
                   jsonb_agg(jsonb_build_object(
                       'event_id', o.event_id, 'station', o.station_id, 'kind', o.kind,
                       'location', o.location, 'reason', o.reason, 'at', o.at,
                       'feed_seq', o.feed_seq) ORDER BY o.feed_seq)
                       FILTER (WHERE o.feed_seq <= base) AS meanwhile,
                   jsonb_agg(jsonb_build_object(
                       'event_id', o.event_id, 'station', o.station_id, 'kind', o.kind,
                       'location', o.location, 'reason', o.reason, 'at', o.at,
                       'feed_seq', o.feed_seq) ORDER BY o.feed_seq)
                       FILTER (WHERE o.feed_seq > base) AS pushed
              FROM parcel_events o
             WHERE o.warehouse_id = w AND o.tracking = ANY (moved)
               AND o.feed_seq > feed_seen AND o.kind IN ({_MOVING})
             GROUP BY o.tracking
            HAVING bool_or(o.feed_seq > base) AND bool_or(o.feed_seq <= base)
               AND count(DISTINCT o.station_id) > 1
             ORDER BY o.tracking
        LOOP
            clash_detail := jsonb_build_object(
                'tracking', clash.tracking, 'meanwhile', clash.meanwhile,
                'pushed', clash.pushed, 'feed_seen', feed_seen);
            INSERT INTO conflicts (warehouse_id, kind, subject, quantity, detail,
                                   detected_by)
            VALUES (w, 'parcel_scanned_twice', clash.tracking, NULL, clash_detail, pusher)
            ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open' DO NOTHING;
            IF FOUND THEN
                found_conflicts := found_conflicts + 1;
            ELSE
                -- (Citus takes only immutable functions in a DO UPDATE clause)
                UPDATE conflicts c
                   SET detail = jsonb_set(c.detail, '{{pushed}}',
                                          (c.detail->'pushed') || clash.pushed)
                 WHERE c.warehouse_id = w AND c.kind = 'parcel_scanned_twice'
                   AND c.subject = clash.tracking AND c.status = 'open';
            END IF;
        END LOOP;
    END IF;

    IF jsonb_array_length(refused) > 0 THEN
        FOR clash IN SELECT r FROM jsonb_array_elements(refused) r LOOP
            INSERT INTO conflicts (warehouse_id, kind, subject, quantity, detail, detected_by)
            VALUES (w, 'parcel_event_refused', clash.r->>'event_id', NULL, clash.r, pusher)
            ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open' DO NOTHING;
            IF FOUND THEN
                found_conflicts := found_conflicts + 1;
            END IF;
        END LOOP;
    END IF;

    FOR origin IN
        SELECT i.station_id, max(i.station_seq) AS top, min(i.station_seq) AS low,
               count(*) AS n
          FROM unnest(incoming) i GROUP BY i.station_id ORDER BY i.station_id
    LOOP
        INSERT INTO parcel_event_acks (warehouse_id, station_id, acked_seq)
        VALUES (w, origin.station_id, 0) ON CONFLICT DO NOTHING;
        SELECT s.acked_seq INTO acked_before FROM parcel_event_acks s
         WHERE s.warehouse_id = w AND s.station_id = origin.station_id FOR UPDATE;
        IF fast AND origin.top - origin.low + 1 = origin.n AND origin.low <= acked_before + 1 THEN
            acked := greatest(acked_before, origin.top);
        ELSE
            SELECT coalesce(max(t.station_seq), acked_before) INTO acked FROM (
                SELECT p.station_seq, row_number() OVER (ORDER BY p.station_seq) AS rn
                  FROM parcel_events p
                 WHERE p.warehouse_id = w AND p.station_id = origin.station_id
                   AND p.station_seq > acked_before AND p.station_seq <= origin.top) t
             WHERE t.station_seq = acked_before + t.rn;
        END IF;
        UPDATE parcel_event_acks SET acked_seq = acked, last_push_at = now()
         WHERE warehouse_id = w AND station_id = origin.station_id;
        acks := acks || jsonb_build_object(origin.station_id, acked);
    END LOOP;

    RETURN jsonb_build_object(
        'inserted', inserted,
        'duplicates', distinct_ids - inserted - jsonb_array_length(refused),
        'refused', refused,
        'conflicts', found_conflicts,
        'acked', acks,
        'feed_seq', base + inserted);
END
$body$
$f$, current_schema());
END
$do$;
"""

PRIVILEGES = f"""
DO $do$
DECLARE
    grp text := (SELECT role_prefix || '_stations' FROM central_info WHERE id = 1);
    t text;
BEGIN
    REVOKE ALL ON FUNCTION {FUNCTION} FROM PUBLIC;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = grp) THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION {FUNCTION} TO %I', grp);
        FOREACH t IN ARRAY ARRAY[{", ".join(f"'{t}'" for t in TABLES)}] LOOP
            EXECUTE format('REVOKE ALL ON %I FROM %I', t, grp);
            EXECUTE format('GRANT SELECT ON %I TO %I', t, grp);
        END LOOP;
    END IF;
END
$do$;
"""


def _execute(statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    bind = op.get_bind()
    result = (
        bind.exec_driver_sql(statement, tuple(params))
        if params
        else bind.exec_driver_sql(statement)
    )
    return [tuple(row) for row in result.fetchall()] if result.returns_rows else []


def upgrade() -> None:
    on_citus = citus.is_citus(_execute)
    op.execute(SCHEMA)
    # the warehouse's own rows; written only by wms_push_parcel_events (the caller-checking
    # functions read the role map; on Citus without the evaluate-once subqueries it refuses)
    mine = "wms_role_warehouse(current_user)"
    admin = "wms_is_admin(current_user)"
    if not on_citus:
        mine, admin = f"(SELECT {mine})", f"(SELECT {admin})"
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_of_own_warehouse ON {table} "
            f"USING (warehouse_id = {mine} OR {admin}) WITH CHECK ({admin})"
        )
    op.execute(ROW_TYPE)
    op.execute(PUSH)
    op.execute(PRIVILEGES)
    if on_citus:
        citus.distribute_tables(_execute, TABLES)
        citus.distribute_functions(_execute, delegate=True)


def downgrade() -> None:
    if citus.is_citus(_execute):
        raise RuntimeError("a distributed central cannot go back below c0010; restore a backup")
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}")
    op.execute("DROP TYPE IF EXISTS wms_parcel_event_row")
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE IF EXISTS {table}")
