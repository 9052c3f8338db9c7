"""transfers captured by the pusher's call instead of a trigger; on a Citus coordinator, the
schema distributed by warehouse

Revision ID: c0009
Revises: c0007
Create Date: 2026-12-02 06:30:00

Both engines:

- ``wms_capture_transfers(w)`` (``SECURITY DEFINER``, a role of ``w`` or an administrator)
  replaces the ``movements_transfers`` trigger: it does what the trigger did per row (c0003,
  c0005) for the movements of ``w`` it has not looked at yet (``feed_counters.transfers_seen``).
  A push calls it in a transaction of its own right after a batch with transfers commits, and
  every pull calls it (``wms_transfer_flush``), so a push cut after its commit is captured by
  the next pull. Citus refuses triggers on distributed tables; and on Citus one transaction
  may not touch a shard both as the station's role and as the functions' owner, so the
  cross-warehouse part cannot share the push's transaction.
- ``wms_station_pulled`` takes the pull's time from its inserted row instead of calling
  ``now()`` in its ``DO UPDATE`` clause (Citus takes only immutable functions there).

On Citus only (the extension is installed in the database, ``wms.core.sync.citus``):

- the append-only trigger of the ledger is dropped (Citus refuses it) and UPDATE, DELETE and
  TRUNCATE on ``movements`` are revoked from its owner as from everybody: the ledger stays
  append-only for every role but a superuser;
- every row-level security policy is written without its scalar subqueries (Citus refuses
  subqueries in the policies of distributed tables);
- master data and the role map become reference tables, every warehouse table is distributed
  by ``warehouse_id`` colocated with the ledger, every ``wms_`` function is copied to every node
  and the functions of one warehouse are delegated by their warehouse argument.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import op

from wms.core.sync import citus

revision: str = "c0009"
down_revision: str | None = "c0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CAPTURE = r"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE FUNCTION wms_capture_transfers(w text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    m record;
    top bigint;
    seen bigint;
    target text;
    transit text;
    sent bigint;
    received bigint;
    done integer := 0;
BEGIN
    PERFORM wms_check_caller(w, NULL);
    -- after w's pushers (who hold this lock only while they push): every movement up to
    -- last_seq is committed; transfers_seen is how far the ledger was looked at before
    SELECT last_seq, transfers_seen INTO top, seen FROM feed_counters
     WHERE warehouse_id = w FOR UPDATE;
    IF NOT FOUND OR top <= seen THEN
        RETURN 0;
    END IF;
    FOR m IN SELECT * FROM movements
              WHERE warehouse_id = w AND feed_seq > seen AND feed_seq <= top
                AND station_id <> 'CENTRAL' AND kind IN ('transfer_out', 'transfer_in')
              ORDER BY feed_seq LOOP
        target := NULL;
        IF m.kind = 'transfer_out' AND m.reference LIKE 'to:%%' AND m.to_location <> '' THEN
            target := substr(m.reference, 4);
            IF target = m.warehouse_id
               OR NOT EXISTS (SELECT 1 FROM warehouses WHERE warehouse_id = target) THEN
                CONTINUE;
            END IF;
            INSERT INTO transfer_lines (warehouse_id, transfer_id, movement_id,
                                        source_warehouse, transit_location, sku, lot, expiry,
                                        handling_unit, status, quantity, sent_by, sent_at)
            VALUES (target, m.transfer_id, m.id, m.warehouse_id, m.to_location, m.sku, m.lot,
                    m.expiry, m.to_handling_unit, m.to_status, m.quantity, m.operator,
                    m.created_at)
            ON CONFLICT DO NOTHING;
        ELSIF m.kind = 'transfer_in' AND m.from_location = '' AND m.to_location <> ''
              AND m.transfer_id <> '' THEN
            SELECT l.source_warehouse, l.transit_location INTO target, transit
              FROM transfer_lines l
             WHERE l.warehouse_id = m.warehouse_id AND l.transfer_id = m.transfer_id
             LIMIT 1;
            IF target IS NULL OR target = m.warehouse_id THEN
                CONTINUE;
            END IF;
            -- receipt check: of what was sent (same key), positive, not more than was sent
            SELECT coalesce(sum(l.quantity), 0) INTO sent
              FROM transfer_lines l
             WHERE l.warehouse_id = m.warehouse_id AND l.transfer_id = m.transfer_id
               AND l.sku = m.sku AND l.lot = m.lot AND l.handling_unit = m.to_handling_unit
               AND l.status = m.to_status;
            SELECT coalesce(sum(t.quantity), 0) INTO received
              FROM transfer_receipts t
             WHERE t.warehouse_id = target AND t.transfer_id = m.transfer_id
               AND t.destination = m.warehouse_id AND t.movement_id <> m.id
               AND t.sku = m.sku AND t.lot = m.lot AND t.handling_unit = m.to_handling_unit
               AND t.status = m.to_status;
            IF m.quantity <= 0 OR sent = 0 OR received + m.quantity > sent THEN
                INSERT INTO conflicts (warehouse_id, kind, subject, quantity, detail,
                                       detected_by)
                VALUES (m.warehouse_id, 'transfer_receipt_refused', m.id::text, m.quantity,
                        jsonb_build_object(
                            'movement_id', m.id, 'transfer_id', m.transfer_id,
                            'source_warehouse', target, 'sku', m.sku, 'lot', m.lot,
                            'handling_unit', m.to_handling_unit, 'status', m.to_status,
                            'quantity', m.quantity, 'sent', sent, 'received_before', received,
                            'reason', CASE WHEN sent = 0
                                           THEN 'no line of the transfer has this product, '
                                                || 'lot, handling unit and status'
                                           WHEN m.quantity <= 0
                                           THEN 'quantity is not positive'
                                           ELSE 'more received than was sent' END),
                        m.station_id)
                ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open' DO NOTHING;
                CONTINUE;
            END IF;
            INSERT INTO transfer_receipts (warehouse_id, movement_id, transfer_id, destination,
                                           transit_location, operator, sku, lot, expiry,
                                           handling_unit, status, quantity, received_at)
            VALUES (target, m.id, m.transfer_id, m.warehouse_id, transit, m.operator, m.sku,
                    m.lot, m.expiry, m.to_handling_unit, m.to_status, m.quantity,
                    m.created_at)
            ON CONFLICT DO NOTHING;
        ELSE
            CONTINUE;
        END IF;
        done := done + 1;
        -- publish now unless someone holds the target's feed; never wait (no deadlock between
        -- two warehouses pushing transfers to each other): the target's next pull flushes it
        PERFORM 1 FROM feed_counters WHERE warehouse_id = target FOR UPDATE SKIP LOCKED;
        IF FOUND THEN
            PERFORM wms_transfer_publish(target);
        END IF;
    END LOOP;
    UPDATE feed_counters SET transfers_seen = top WHERE warehouse_id = w;
    RETURN done;
END
$body$
$f$, current_schema());

-- a pull first captures what its warehouse's pushes left (a push cut after its commit)
EXECUTE format($f$
CREATE OR REPLACE FUNCTION wms_transfer_flush(w text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
BEGIN
    IF w IS DISTINCT FROM wms_role_warehouse(session_user) AND NOT wms_is_admin(session_user)
    THEN
        RAISE EXCEPTION 'role %% may not publish the feed of warehouse %%', session_user, w
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM wms_capture_transfers(w);
    RETURN wms_transfer_publish(w);
END
$body$
$f$, current_schema());
END
$do$;
"""


# c0006's function without now() in its DO UPDATE clause (Citus takes only immutable functions
# there: the clause runs on the shard); the same instant, taken from the inserted row
PULLED = r"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE OR REPLACE FUNCTION wms_station_pulled(w text, s text, feed_seq bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
BEGIN
    PERFORM wms_check_caller(w, s);
    INSERT INTO sync_state (warehouse_id, station_id, acked_seq, feed_seq_seen, last_pull_at)
    VALUES (w, s, 0, feed_seq, now())
    ON CONFLICT (warehouse_id, station_id)
    DO UPDATE SET feed_seq_seen = excluded.feed_seq_seen, last_pull_at = excluded.last_pull_at;
END
$body$
$f$, current_schema());
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
    # the trigger has captured every transfer so far
    op.execute("ALTER TABLE feed_counters ADD COLUMN transfers_seen bigint NOT NULL DEFAULT 0")
    op.execute("UPDATE feed_counters SET transfers_seen = last_seq")
    op.execute("DROP TRIGGER IF EXISTS movements_transfers ON movements")
    op.execute("DROP FUNCTION IF EXISTS wms_transfer_capture()")
    op.execute(CAPTURE)
    op.execute(PULLED)
    if not citus.is_citus(_execute):
        return
    op.execute("DROP TRIGGER IF EXISTS movements_append_only ON movements")
    op.execute("DROP FUNCTION IF EXISTS wms_ledger_is_append_only()")
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON movements FROM PUBLIC, CURRENT_USER")
    citus.distribute(_execute)


def downgrade() -> None:
    if citus.is_citus(_execute):
        raise RuntimeError("a distributed central cannot go back below c0009; restore a backup")
    op.execute("DROP FUNCTION IF EXISTS wms_capture_transfers(text)")
    op.execute("ALTER TABLE feed_counters DROP COLUMN transfers_seen")
    # the trigger of c0003 with its function as c0005 left it
    c0005 = Path(__file__).with_name("0005_caller_only.py")
    spec = importlib.util.spec_from_file_location("central_c0005", c0005)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    op.execute(module.CAPTURE)
    op.execute(TRIGGER)
    op.execute(OLD_FLUSH)


TRIGGER = """
CREATE TRIGGER movements_transfers AFTER INSERT ON movements
    FOR EACH ROW WHEN (NEW.kind IN ('transfer_out', 'transfer_in')
                       AND NEW.station_id <> 'CENTRAL')
    EXECUTE FUNCTION wms_transfer_capture();
"""

OLD_FLUSH = r"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE OR REPLACE FUNCTION wms_transfer_flush(w text) RETURNS integer
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
"""
