"""transfers between warehouses through central: expected lines announced in the destination's
feed, receipts settled by a central-made movement in the source's ledger

Revision ID: c0003
Revises: c0002
Create Date: 2026-11-26 09:00:00

A station only ever writes its own warehouse's rows. Central does the cross-warehouse part in
``SECURITY DEFINER`` functions owned by the administrator role (so row-level security lets them
write any warehouse):

- ``movements_transfers`` (AFTER INSERT, per row, only ``transfer_out`` / ``transfer_in`` rows of
  stations): a TRANSFER_OUT of warehouse A with reference ``to:B`` becomes a ``transfer_lines``
  row of B; a TRANSFER_IN of B for a transfer B was told about becomes a ``transfer_receipts``
  row of A. Then, if nobody holds the target warehouse's feed counter, it publishes at once;
  otherwise (never waiting, so two pushers can never deadlock) the work waits for the target's
  next pull, which calls ``wms_transfer_flush``.
- ``wms_transfer_publish(w)`` (caller holds w's feed counter row): each waiting line becomes a
  ``transfer_line`` entry of w's feed; each waiting receipt becomes a ``transfer_in`` movement of
  station ``CENTRAL`` in w's ledger (its own gapless ``station_seq`` in
  ``central_station_seq``) out of w's transit location, with w's stock updated; a transfer whose
  received quantity differs from what was sent keeps an open ``transfer_difference`` conflict
  (closed by central when the rest arrives).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c0003"
down_revision: str | None = "c0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_TABLES = ("transfer_lines", "transfer_receipts", "central_station_seq")

MY_WAREHOUSE = "(SELECT wms_role_warehouse(current_user))"
IS_ADMIN = "(SELECT wms_is_admin(current_user))"

SCHEMA = """
CREATE TABLE transfer_lines (
    warehouse_id text NOT NULL,              -- the destination
    transfer_id text NOT NULL,
    movement_id uuid NOT NULL,               -- the source's transfer_out
    source_warehouse text NOT NULL,
    transit_location text NOT NULL,
    sku text NOT NULL,
    lot text NOT NULL DEFAULT '',
    expiry date,
    handling_unit text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'available',
    quantity integer NOT NULL,
    sent_by text NOT NULL DEFAULT '',
    sent_at timestamptz NOT NULL,
    feed_seq bigint,                         -- in the destination's feed; NULL while waiting
    PRIMARY KEY (warehouse_id, transfer_id, movement_id)
);
CREATE INDEX ix_transfer_lines_waiting ON transfer_lines (warehouse_id) WHERE feed_seq IS NULL;
CREATE INDEX ix_transfer_lines_source ON transfer_lines (source_warehouse, transfer_id);

CREATE TABLE transfer_receipts (
    warehouse_id text NOT NULL,              -- the source, whose transit stock is cleared
    movement_id uuid NOT NULL,               -- the destination's transfer_in
    transfer_id text NOT NULL,
    destination text NOT NULL,
    transit_location text NOT NULL,
    operator text NOT NULL,
    sku text NOT NULL,
    lot text NOT NULL DEFAULT '',
    expiry date,
    handling_unit text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'available',
    quantity integer NOT NULL,
    received_at timestamptz NOT NULL,
    settled_by uuid,                         -- the CENTRAL movement; NULL while waiting
    PRIMARY KEY (warehouse_id, movement_id)
);
CREATE INDEX ix_transfer_receipts_waiting ON transfer_receipts (warehouse_id)
    WHERE settled_by IS NULL;
CREATE INDEX ix_transfer_receipts_transfer ON transfer_receipts (warehouse_id, transfer_id);

-- station_seq of the movements central itself makes (station 'CENTRAL'), per warehouse
CREATE TABLE central_station_seq (
    warehouse_id text PRIMARY KEY,
    last_seq bigint NOT NULL DEFAULT 0
);

-- stations read their own rows (row-level security below); they never write them
GRANT SELECT ON transfer_lines, transfer_receipts TO PUBLIC;
"""

FUNCTIONS = r"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE FUNCTION wms_transfer_publish(w text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    seq bigint;
    cseq bigint;
    mid uuid;
    r record;
    d record;
    done integer := 0;
    touched text[] := '{}';
    subj text;
BEGIN
    SELECT last_seq INTO seq FROM feed_counters WHERE warehouse_id = w FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    FOR r IN SELECT * FROM transfer_lines WHERE warehouse_id = w AND feed_seq IS NULL
              ORDER BY sent_at, movement_id LOOP
        seq := seq + 1;
        INSERT INTO feed (warehouse_id, feed_seq, entity, entity_key, payload)
        VALUES (w, seq, 'transfer_line', r.transfer_id || '|' || r.movement_id,
                jsonb_build_object(
                    'warehouse', w, 'transfer_id', r.transfer_id,
                    'line_id', r.movement_id::text, 'source_warehouse', r.source_warehouse,
                    'transit_location', r.transit_location, 'sku', r.sku, 'lot', r.lot,
                    'expiry', r.expiry, 'handling_unit', r.handling_unit,
                    'status', r.status, 'quantity', r.quantity, 'sent_by', r.sent_by,
                    'sent_at', r.sent_at));
        UPDATE transfer_lines SET feed_seq = seq
         WHERE warehouse_id = w AND transfer_id = r.transfer_id AND movement_id = r.movement_id;
        done := done + 1;
    END LOOP;
    FOR r IN SELECT * FROM transfer_receipts WHERE warehouse_id = w AND settled_by IS NULL
              ORDER BY received_at, movement_id LOOP
        seq := seq + 1;
        INSERT INTO central_station_seq AS c (warehouse_id, last_seq) VALUES (w, 1)
        ON CONFLICT (warehouse_id) DO UPDATE SET last_seq = c.last_seq + 1
        RETURNING last_seq INTO cseq;
        mid := md5('wms transfer settlement ' || r.movement_id::text)::uuid;
        INSERT INTO movements (warehouse_id, id, station_id, station_seq, operator, kind, sku,
                               quantity, from_location, to_location, lot, expiry,
                               from_handling_unit, to_handling_unit, from_status, to_status,
                               reference, transfer_id, created_at, feed_seq, received_at,
                               raw_scan)
        VALUES (w, mid, 'CENTRAL', cseq, r.operator, 'transfer_in', r.sku, r.quantity,
                r.transit_location, '', r.lot, r.expiry, r.handling_unit, '', r.status,
                r.status, 'to:' || r.destination, r.transfer_id, r.received_at, seq, now(),
                'received at ' || r.destination || ' as movement ' || r.movement_id::text);
        INSERT INTO stock AS s (warehouse_id, location, sku, lot, handling_unit, status,
                                quantity)
        VALUES (w, r.transit_location, r.sku, r.lot, r.handling_unit, r.status, -r.quantity)
        ON CONFLICT (warehouse_id, location, sku, lot, handling_unit, status)
        DO UPDATE SET quantity = s.quantity + excluded.quantity;
        UPDATE transfer_receipts SET settled_by = mid
         WHERE warehouse_id = w AND movement_id = r.movement_id;
        IF NOT r.transfer_id = ANY (touched) THEN
            touched := touched || r.transfer_id;
        END IF;
        done := done + 1;
    END LOOP;
    UPDATE feed_counters SET last_seq = seq WHERE warehouse_id = w;
    -- what was sent and what was received, per stock key of every transfer just settled
    FOR d IN
        SELECT x.transfer_id, max(x.destination) AS destination,
               max(x.transit_location) AS location, x.sku, x.lot, x.handling_unit, x.status,
               sum(x.sent) AS sent, sum(x.received) AS received
          FROM (SELECT l.transfer_id, l.warehouse_id AS destination, l.transit_location,
                       l.sku, l.lot, l.handling_unit, l.status, l.quantity AS sent,
                       0 AS received
                  FROM transfer_lines l
                 WHERE l.source_warehouse = w AND l.transfer_id = ANY (touched)
                UNION ALL
                SELECT t.transfer_id, t.destination, t.transit_location, t.sku, t.lot,
                       t.handling_unit, t.status, 0, t.quantity
                  FROM transfer_receipts t
                 WHERE t.warehouse_id = w AND t.transfer_id = ANY (touched)) x
         GROUP BY x.transfer_id, x.sku, x.lot, x.handling_unit, x.status
    LOOP
        subj := d.transfer_id || '|' || d.sku || '|' || d.lot || '|' || d.handling_unit
                || '|' || d.status;
        IF d.sent <> d.received THEN
            INSERT INTO conflicts (warehouse_id, kind, subject, quantity, detail, detected_by)
            VALUES (w, 'transfer_difference', subj, d.sent - d.received,
                    jsonb_build_object(
                        'transfer_id', d.transfer_id, 'destination', d.destination,
                        'location', d.location, 'sku', d.sku, 'lot', d.lot,
                        'handling_unit', d.handling_unit, 'status', d.status,
                        'sent', d.sent, 'received', d.received,
                        'difference', d.sent - d.received),
                    'CENTRAL')
            ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open'
            DO UPDATE SET quantity = excluded.quantity,
                          detail = conflicts.detail || excluded.detail;
        ELSE
            UPDATE conflicts
               SET status = 'resolved', resolved_at = now(), resolved_by = 'CENTRAL',
                   resolution_note = 'transfer received in full'
             WHERE warehouse_id = w AND kind = 'transfer_difference' AND subject = subj
               AND status = 'open';
        END IF;
    END LOOP;
    RETURN done;
END
$body$
$f$, current_schema());

EXECUTE format($f$
CREATE FUNCTION wms_transfer_capture() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    target text;
    transit text;
BEGIN
    IF NEW.kind = 'transfer_out' AND NEW.reference LIKE 'to:%%' AND NEW.to_location <> '' THEN
        target := substr(NEW.reference, 4);
        IF target = NEW.warehouse_id
           OR NOT EXISTS (SELECT 1 FROM warehouses WHERE warehouse_id = target) THEN
            RETURN NULL;
        END IF;
        INSERT INTO transfer_lines (warehouse_id, transfer_id, movement_id, source_warehouse,
                                    transit_location, sku, lot, expiry, handling_unit, status,
                                    quantity, sent_by, sent_at)
        VALUES (target, NEW.transfer_id, NEW.id, NEW.warehouse_id, NEW.to_location, NEW.sku,
                NEW.lot, NEW.expiry, NEW.to_handling_unit, NEW.to_status, NEW.quantity,
                NEW.operator, NEW.created_at)
        ON CONFLICT DO NOTHING;
    ELSIF NEW.kind = 'transfer_in' AND NEW.from_location = '' AND NEW.to_location <> ''
          AND NEW.transfer_id <> '' THEN
        SELECT l.source_warehouse, l.transit_location INTO target, transit
          FROM transfer_lines l
         WHERE l.warehouse_id = NEW.warehouse_id AND l.transfer_id = NEW.transfer_id
         LIMIT 1;
        IF target IS NULL OR target = NEW.warehouse_id THEN
            RETURN NULL;
        END IF;
        INSERT INTO transfer_receipts (warehouse_id, movement_id, transfer_id, destination,
                                       transit_location, operator, sku, lot, expiry,
                                       handling_unit, status, quantity, received_at)
        VALUES (target, NEW.id, NEW.transfer_id, NEW.warehouse_id, transit, NEW.operator,
                NEW.sku, NEW.lot, NEW.expiry, NEW.to_handling_unit, NEW.to_status,
                NEW.quantity, NEW.created_at)
        ON CONFLICT DO NOTHING;
    ELSE
        RETURN NULL;
    END IF;
    -- publish now unless someone holds the target's feed; never wait (no deadlock between
    -- two warehouses pushing transfers to each other): the target's next pull flushes it
    PERFORM 1 FROM feed_counters WHERE warehouse_id = target FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
        PERFORM wms_transfer_publish(target);
    END IF;
    RETURN NULL;
END
$body$
$f$, current_schema());

EXECUTE format($f$
CREATE FUNCTION wms_transfer_flush(w text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
BEGIN
    IF w IS DISTINCT FROM wms_role_warehouse(session_user) AND NOT wms_is_admin(session_user)
    THEN
        RAISE EXCEPTION 'role %% may not publish the feed of warehouse %%', session_user, w
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN wms_transfer_publish(w);
END
$body$
$f$, current_schema());
END
$do$;

REVOKE ALL ON FUNCTION wms_transfer_publish(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION wms_transfer_capture() FROM PUBLIC;

CREATE TRIGGER movements_transfers AFTER INSERT ON movements
    FOR EACH ROW WHEN (NEW.kind IN ('transfer_out', 'transfer_in')
                       AND NEW.station_id <> 'CENTRAL')
    EXECUTE FUNCTION wms_transfer_capture();
"""


def upgrade() -> None:
    op.execute(SCHEMA)
    for table in NEW_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        rows = f"warehouse_id = {MY_WAREHOUSE} OR {IS_ADMIN}"
        op.execute(
            f"CREATE POLICY {table}_of_own_warehouse ON {table} USING ({rows}) "
            f"WITH CHECK ({IS_ADMIN})"
        )
    op.execute(FUNCTIONS)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS movements_transfers ON movements")
    op.execute("DROP FUNCTION IF EXISTS wms_transfer_flush(text)")
    op.execute("DROP FUNCTION IF EXISTS wms_transfer_capture()")
    op.execute("DROP FUNCTION IF EXISTS wms_transfer_publish(text)")
    for table in NEW_TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table}")
