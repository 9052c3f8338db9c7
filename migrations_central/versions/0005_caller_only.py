"""the role map answers only about the caller; no station writes rows of station CENTRAL; a
station role sees and writes only its own sync state; a transfer receipt must match the
transfer's lines

Revision ID: c0005
Revises: c0004
Create Date: 2026-12-01 23:00:00

- ``wms_role_warehouse(r)``, ``wms_role_station(r)`` and ``wms_is_admin(r)`` (used by every
  row-level security policy with ``current_user``) answer NULL / false unless the session's
  login role is ``r`` or a member of it, or an administrator: nobody else learns the
  role-to-warehouse map from them.
- ``movements``: a station or warehouse role may not insert rows of station ``CENTRAL`` (only
  central's own functions post them), so nobody can take a ``station_seq`` central needs.
- ``sync_state``: a station role reads and writes only its own station's row (a warehouse role
  its warehouse's).
- ``wms_transfer_capture``: a ``transfer_in`` becomes a receipt of the source warehouse only if
  it matches a line of that transfer (product, lot, handling unit, status), its quantity is
  positive and, with what was received before, not more than was sent for that key; otherwise
  it is recorded as a ``transfer_receipt_refused`` conflict of the receiving warehouse and the
  source's ledger is not touched.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c0005"
down_revision: str | None = "c0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MY_WAREHOUSE = "(SELECT wms_role_warehouse(current_user))"
MY_STATION = "(SELECT wms_role_station(current_user))"
IS_ADMIN = "(SELECT wms_is_admin(current_user))"

ROLE_MAP = r"""
DO $do$
BEGIN
    EXECUTE format($f$
        CREATE FUNCTION wms_session_is_admin() RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT EXISTS (SELECT 1 FROM central_info i JOIN pg_roles a
                           ON a.rolname = i.admin_role
                           WHERE NOT EXISTS (SELECT 1 FROM central_roles c
                                             WHERE c.role_name = session_user)
                             AND pg_has_role(session_user, a.oid, ''MEMBER''))'
    $f$, current_schema());
    EXECUTE format($f$
        CREATE FUNCTION wms_may_ask_about(r name) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT CASE WHEN r = session_user THEN true
                        WHEN NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN false
                        ELSE pg_has_role(session_user, r, ''MEMBER'')
                             OR wms_session_is_admin() END'
    $f$, current_schema());
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION wms_role_warehouse(r name) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT warehouse_id FROM central_roles WHERE role_name = r AND wms_may_ask_about(r)'
    $f$, current_schema());
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION wms_role_station(r name) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT station_id FROM central_roles WHERE role_name = r AND wms_may_ask_about(r)'
    $f$, current_schema());
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION wms_is_admin(r name) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT wms_may_ask_about(r) AND EXISTS (
                SELECT 1 FROM central_info i JOIN pg_roles a ON a.rolname = i.admin_role
                 WHERE NOT EXISTS (SELECT 1 FROM central_roles c WHERE c.role_name = r)
                   AND pg_has_role(r, a.oid, ''MEMBER''))'
    $f$, current_schema());
END
$do$;
"""

CAPTURE = r"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE OR REPLACE FUNCTION wms_transfer_capture() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    target text;
    transit text;
    sent bigint;
    received bigint;
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
        -- receipt check: of what was sent (same key), positive, not more than was sent
        SELECT coalesce(sum(l.quantity), 0) INTO sent
          FROM transfer_lines l
         WHERE l.warehouse_id = NEW.warehouse_id AND l.transfer_id = NEW.transfer_id
           AND l.sku = NEW.sku AND l.lot = NEW.lot AND l.handling_unit = NEW.to_handling_unit
           AND l.status = NEW.to_status;
        SELECT coalesce(sum(t.quantity), 0) INTO received
          FROM transfer_receipts t
         WHERE t.warehouse_id = target AND t.transfer_id = NEW.transfer_id
           AND t.destination = NEW.warehouse_id AND t.movement_id <> NEW.id
           AND t.sku = NEW.sku AND t.lot = NEW.lot AND t.handling_unit = NEW.to_handling_unit
           AND t.status = NEW.to_status;
        IF NEW.quantity <= 0 OR sent = 0 OR received + NEW.quantity > sent THEN
            INSERT INTO conflicts (warehouse_id, kind, subject, quantity, detail, detected_by)
            VALUES (NEW.warehouse_id, 'transfer_receipt_refused', NEW.id::text, NEW.quantity,
                    jsonb_build_object(
                        'movement_id', NEW.id, 'transfer_id', NEW.transfer_id,
                        'source_warehouse', target, 'sku', NEW.sku, 'lot', NEW.lot,
                        'handling_unit', NEW.to_handling_unit, 'status', NEW.to_status,
                        'quantity', NEW.quantity, 'sent', sent, 'received_before', received,
                        'reason', CASE WHEN sent = 0
                                       THEN 'no line of the transfer has this product, lot, '
                                            || 'handling unit and status'
                                       WHEN NEW.quantity <= 0 THEN 'quantity is not positive'
                                       ELSE 'more received than was sent' END),
                    NEW.station_id)
            ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open' DO NOTHING;
            RETURN NULL;
        END IF;
        -- end of receipt check
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
END
$do$;
REVOKE ALL ON FUNCTION wms_transfer_capture() FROM PUBLIC;
"""


def _policy(table: str, using: str, check: str) -> None:
    op.execute(f"DROP POLICY IF EXISTS {table}_of_own_warehouse ON {table}")
    op.execute(
        f"CREATE POLICY {table}_of_own_warehouse ON {table} USING ({using}) WITH CHECK ({check})"
    )


def upgrade() -> None:
    op.execute(ROLE_MAP)
    own = f"warehouse_id = {MY_WAREHOUSE}"
    own_station = f"station_id = coalesce({MY_STATION}, station_id)"
    _policy(
        "movements",
        f"{own} OR {IS_ADMIN}",
        f"({own} AND station_id <> 'CENTRAL' AND {own_station}) OR {IS_ADMIN}",
    )
    mine = f"({own} AND station_id <> 'CENTRAL' AND {own_station}) OR {IS_ADMIN}"
    _policy("sync_state", mine, mine)
    op.execute(CAPTURE)


OLD_ROLE_MAP = r"""
DO $do$
BEGIN
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION wms_role_warehouse(r name) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT warehouse_id FROM central_roles WHERE role_name = r'
    $f$, current_schema());
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION wms_role_station(r name) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT station_id FROM central_roles WHERE role_name = r'
    $f$, current_schema());
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION wms_is_admin(r name) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT EXISTS (SELECT 1 FROM central_info i JOIN pg_roles a
                           ON a.rolname = i.admin_role
                           WHERE NOT EXISTS (SELECT 1 FROM central_roles c
                                             WHERE c.role_name = r)
                             AND pg_has_role(r, a.oid, ''MEMBER''))'
    $f$, current_schema());
END
$do$;
DROP FUNCTION wms_may_ask_about(name);
DROP FUNCTION wms_session_is_admin();
"""


def downgrade() -> None:
    start = CAPTURE.index("        -- receipt check:")
    end = CAPTURE.index("        -- end of receipt check\n") + len(
        "        -- end of receipt check\n"
    )
    op.execute(CAPTURE[:start] + CAPTURE[end:])
    own = f"warehouse_id = {MY_WAREHOUSE}"
    _policy(
        "movements",
        f"{own} OR {IS_ADMIN}",
        f"({own} AND station_id = coalesce({MY_STATION}, station_id)) OR {IS_ADMIN}",
    )
    _policy("sync_state", f"{own} OR {IS_ADMIN}", f"{own} OR {IS_ADMIN}")
    op.execute(OLD_ROLE_MAP)
