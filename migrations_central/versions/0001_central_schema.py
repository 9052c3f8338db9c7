"""central schema: warehouses, stations, master data, partitioned ledger, stock, feed,
conflicts, sync state, row-level security

Revision ID: c0001
Revises:
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WAREHOUSE_TABLES = (
    "warehouses",
    "stations",
    "zones",
    "locations",
    "operators",
    "orders",
    "sort_rules",
    "movements",
    "stock",
    "feed_counters",
    "feed",
    "conflicts",
    "sync_state",
)

MY_WAREHOUSE = "(SELECT wms_role_warehouse(current_user))"
IS_ADMIN = "(SELECT wms_is_admin(current_user))"

SCHEMA = """
CREATE TABLE central_info (
    id integer PRIMARY KEY CHECK (id = 1),
    protocol_version integer NOT NULL,
    min_protocol_version integer NOT NULL,
    admin_role text NOT NULL,
    role_prefix text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO central_info (id, protocol_version, min_protocol_version, admin_role, role_prefix)
VALUES (1, 1, 1, current_user,
        left(regexp_replace(lower(current_database()), '[^a-z0-9_]', '_', 'g'), 30));

CREATE TABLE central_roles (
    role_name text PRIMARY KEY,
    warehouse_id text NOT NULL,
    station_id text
);

CREATE TABLE warehouses (
    warehouse_id text PRIMARY KEY,
    name text NOT NULL,
    role_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stations (
    warehouse_id text NOT NULL REFERENCES warehouses,
    station_id text NOT NULL,
    name text NOT NULL DEFAULT '',
    role_name text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (warehouse_id, station_id)
);

-- global reference data (Citus: create_reference_table)
CREATE TABLE products (
    sku text PRIMARY KEY,
    name text NOT NULL,
    data jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE product_gtins (
    gtin text PRIMARY KEY,
    sku text NOT NULL REFERENCES products ON DELETE CASCADE,
    level text NOT NULL,
    quantity integer NOT NULL
);
CREATE INDEX ix_product_gtins_sku ON product_gtins (sku);

-- per-warehouse master data
CREATE TABLE zones (
    warehouse_id text NOT NULL REFERENCES warehouses,
    code text NOT NULL,
    data jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (warehouse_id, code)
);
CREATE TABLE locations (
    warehouse_id text NOT NULL REFERENCES warehouses,
    code text NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (warehouse_id, code)
);
CREATE TABLE operators (
    warehouse_id text NOT NULL REFERENCES warehouses,
    badge text NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    data jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (warehouse_id, badge)
);
CREATE TABLE orders (
    warehouse_id text NOT NULL REFERENCES warehouses,
    number text NOT NULL,
    status text NOT NULL,
    data jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (warehouse_id, number)
);
CREATE TABLE sort_rules (
    warehouse_id text NOT NULL REFERENCES warehouses,
    plan text NOT NULL,
    priority integer NOT NULL,
    destination text NOT NULL,
    data jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (warehouse_id, plan, priority)
);

-- the movement ledger: append-only, one list partition per warehouse (made by add-warehouse)
CREATE TABLE movements (
    warehouse_id text NOT NULL,
    id uuid NOT NULL,
    station_id text NOT NULL,
    station_seq bigint NOT NULL CHECK (station_seq > 0),
    operator text NOT NULL,
    kind text NOT NULL,
    sku text NOT NULL,
    quantity integer NOT NULL CHECK (quantity <> 0),
    from_location text NOT NULL DEFAULT '',
    to_location text NOT NULL DEFAULT '',
    lot text NOT NULL DEFAULT '',
    expiry date,
    from_handling_unit text NOT NULL DEFAULT '',
    to_handling_unit text NOT NULL DEFAULT '',
    from_status text NOT NULL DEFAULT 'available',
    to_status text NOT NULL DEFAULT 'available',
    reference text NOT NULL DEFAULT '',
    transfer_id text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    feed_seq bigint NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT movements_pkey PRIMARY KEY (warehouse_id, id),
    CONSTRAINT uq_movements_station_seq UNIQUE (warehouse_id, station_id, station_seq),
    CONSTRAINT uq_movements_feed_seq UNIQUE (warehouse_id, feed_seq)
) PARTITION BY LIST (warehouse_id);
CREATE TABLE movements_default PARTITION OF movements DEFAULT;
CREATE INDEX ix_movements_sku ON movements (warehouse_id, sku, lot);
CREATE INDEX ix_movements_counts ON movements (warehouse_id, sku, lot) WHERE kind = 'count';
CREATE INDEX ix_movements_from_hu ON movements (warehouse_id, from_handling_unit)
    WHERE from_handling_unit <> '';

CREATE FUNCTION wms_ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the movement ledger is append-only: % refused; post a correcting movement',
        TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER movements_append_only BEFORE UPDATE OR DELETE ON movements
    FOR EACH ROW EXECUTE FUNCTION wms_ledger_is_append_only();

-- stock on hand per warehouse: projection of the ledger, updated in each push transaction
CREATE TABLE stock (
    warehouse_id text NOT NULL,
    location text NOT NULL,
    sku text NOT NULL,
    lot text NOT NULL,
    handling_unit text NOT NULL,
    status text NOT NULL,
    quantity bigint NOT NULL,
    PRIMARY KEY (warehouse_id, location, sku, lot, handling_unit, status)
);

-- the per-warehouse feed: a counter row (locked by each pusher) and master-data entries;
-- movements carry their own feed_seq, so one gapless sequence orders both
CREATE TABLE feed_counters (
    warehouse_id text PRIMARY KEY REFERENCES warehouses,
    last_seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE feed (
    warehouse_id text NOT NULL,
    feed_seq bigint NOT NULL,
    entity text NOT NULL,
    entity_key text NOT NULL,
    payload jsonb NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (warehouse_id, feed_seq)
);

CREATE TABLE conflicts (
    warehouse_id text NOT NULL,
    conflict_id bigint GENERATED BY DEFAULT AS IDENTITY,
    kind text NOT NULL,
    subject text NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    quantity bigint,
    detail jsonb NOT NULL DEFAULT '{}',
    detected_at timestamptz NOT NULL DEFAULT now(),
    detected_by text NOT NULL,
    resolved_at timestamptz,
    resolved_by text,
    resolution_note text,
    resolution_movement_id uuid,
    PRIMARY KEY (warehouse_id, conflict_id)
);
CREATE UNIQUE INDEX uq_conflicts_open ON conflicts (warehouse_id, kind, subject)
    WHERE status = 'open';

CREATE TABLE sync_state (
    warehouse_id text NOT NULL,
    station_id text NOT NULL,
    acked_seq bigint NOT NULL DEFAULT 0,
    protocol_version integer,
    feed_seq_seen bigint,
    last_push_at timestamptz,
    last_pull_at timestamptz,
    station_clock timestamptz,
    clock_skew_seconds integer,
    PRIMARY KEY (warehouse_id, station_id)
);
"""

FUNCTIONS = """
DO $do$
BEGIN
    EXECUTE format($f$
        CREATE FUNCTION wms_role_warehouse(r name) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT warehouse_id FROM central_roles WHERE role_name = r'
    $f$, current_schema());
    EXECUTE format($f$
        CREATE FUNCTION wms_role_station(r name) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT station_id FROM central_roles WHERE role_name = r'
    $f$, current_schema());
    EXECUTE format($f$
        CREATE FUNCTION wms_is_admin(r name) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp
        AS 'SELECT EXISTS (SELECT 1 FROM central_info i JOIN pg_roles a
                           ON a.rolname = i.admin_role
                           WHERE NOT EXISTS (SELECT 1 FROM central_roles c
                                             WHERE c.role_name = r)
                             AND pg_has_role(r, a.oid, ''MEMBER''))'
    $f$, current_schema());
END
$do$;
"""


def upgrade() -> None:
    op.execute(SCHEMA)
    op.execute(FUNCTIONS)
    for table in WAREHOUSE_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        rows = f"warehouse_id = {MY_WAREHOUSE} OR {IS_ADMIN}"
        check = rows
        if table == "movements":
            # a station role writes only its own station's rows; a warehouse role any of its
            check = (
                f"(warehouse_id = {MY_WAREHOUSE} AND station_id = "
                f"coalesce((SELECT wms_role_station(current_user)), station_id)) OR {IS_ADMIN}"
            )
        op.execute(
            f"CREATE POLICY {table}_of_own_warehouse ON {table} USING ({rows}) WITH CHECK ({check})"
        )


def downgrade() -> None:
    for table in (*reversed(WAREHOUSE_TABLES), "product_gtins", "products"):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    op.execute("DROP FUNCTION IF EXISTS wms_ledger_is_append_only()")
    op.execute("DROP FUNCTION IF EXISTS wms_role_warehouse(name)")
    op.execute("DROP FUNCTION IF EXISTS wms_role_station(name)")
    op.execute("DROP FUNCTION IF EXISTS wms_is_admin(name)")
    op.execute("DROP TABLE IF EXISTS central_roles")
    op.execute("DROP TABLE IF EXISTS central_info")
