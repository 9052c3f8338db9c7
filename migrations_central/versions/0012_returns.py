"""closed customer returns sync to central (issue 15, items 4 and 5)

Revision ID: c0012
Revises: c0011
Create Date: 2026-12-02 16:40:00

- ``returns``: one row per closed return of a warehouse (its number, the order and parcel,
  the owner of its goods, who and where, opened and closed), keyed by warehouse and number;
  ``return_lines``: its graded lines (SKU, lot, quantity, grade, reason code, unit value and
  currency, location, movement id), keyed by warehouse, number and line. The merchant's refund
  data at central, beside the movements the lines posted (which sync as every movement does).
- ``wms_push_returns(w, pusher, batch)`` (``SECURITY DEFINER``; station roles keep no INSERT):
  one batch of closed returns as a JSON array of objects (the columns of ``RETURN_COLUMNS`` and
  ``lines``, an array of objects of ``LINE_COLUMNS``). It checks the caller (a role of ``w``; a
  station role only its own returns) and every return (warehouse ``w``, status ``closed``, a
  number and a station), then inserts the returns central does not hold yet with their lines;
  a return central holds with the same content is a duplicate (a re-sent batch), one held with
  other content is refused, never merged. The returns it inserts are numbered in the
  warehouse's returns feed (``feed_seq``, gapless, in commit order, under the lock of its row in
  ``returns_feed_counters``): every station of the warehouse pulls the others' returns from it.
  Its answer: ``inserted``, ``duplicates``, ``refused`` (the numbers), ``feed_seq``.

Forced row-level security on both tables (the warehouse's own rows; written only by the
function). On Citus the tables are distributed by warehouse colocated with the ledger and the
function is delegated to the worker of its warehouse argument, like ``wms_push``.
"""

from collections.abc import Sequence
from typing import Any

from alembic import op

from wms.core.sync import citus

revision: str = "c0012"
down_revision: str | None = "c0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the travelling columns (wms.core.sync.returns_sync reads them in this order)
RETURN_COLUMNS = (
    ("number", "text"),
    ("warehouse_id", "text"),
    ("order_number", "text"),
    ("parcel", "text"),
    ("owner", "text"),
    ("status", "text"),
    ("operator", "text"),
    ("station_id", "text"),
    ("opened_at", "timestamptz"),
    ("closed_at", "timestamptz"),
)
LINE_COLUMNS = (
    ("line", "integer"),
    ("sku", "text"),
    ("lot", "text"),
    ("quantity", "integer"),
    ("grade", "text"),
    ("reason", "text"),
    ("unit_value", "numeric(14,2)"),
    ("currency", "text"),
    ("location", "text"),
    ("movement_id", "text"),
)
TABLES = ("returns", "return_lines", "returns_feed_counters")
FUNCTION = "wms_push_returns(text, text, jsonb)"

SCHEMA = """
CREATE TABLE returns (
    warehouse_id text NOT NULL,
    number text NOT NULL,
    order_number text NOT NULL,
    parcel text NOT NULL,
    owner text NOT NULL,
    status text NOT NULL CHECK (status = 'closed'),
    operator text NOT NULL,
    station_id text NOT NULL,
    opened_at timestamptz NOT NULL,
    closed_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    feed_seq bigint NOT NULL,
    PRIMARY KEY (warehouse_id, number),
    CONSTRAINT uq_returns_feed_seq UNIQUE (warehouse_id, feed_seq)
);
CREATE TABLE returns_feed_counters (
    warehouse_id text NOT NULL PRIMARY KEY,
    last_seq bigint NOT NULL
);
CREATE INDEX ix_returns_owner ON returns (warehouse_id, owner, opened_at);
CREATE TABLE return_lines (
    warehouse_id text NOT NULL,
    number text NOT NULL,
    line integer NOT NULL CHECK (line > 0),
    sku text NOT NULL,
    lot text NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0),
    grade text NOT NULL CHECK (grade IN ('resellable', 'damaged', 'destroy', 'exception')),
    reason text NOT NULL,
    unit_value numeric(14,2) NOT NULL,
    currency text NOT NULL,
    location text NOT NULL,
    movement_id text NOT NULL,
    PRIMARY KEY (warehouse_id, number, line),
    FOREIGN KEY (warehouse_id, number) REFERENCES returns (warehouse_id, number)
);
"""

_RETURN_NAMES = ", ".join(name for name, _type in RETURN_COLUMNS)
_RETURN_PARSE = ", ".join(f"(r->>'{name}')::{kind}" for name, kind in RETURN_COLUMNS)
_LINE_NAMES = ", ".join(name for name, _type in LINE_COLUMNS)
_LINE_PARSE = ", ".join(f"(l->>'{name}')::{kind}" for name, kind in LINE_COLUMNS)
_LINE_SAME = " AND ".join(f"a.{name} IS NOT DISTINCT FROM b.{name}" for name, _ in LINE_COLUMNS)
_RETURN_SAME = " AND ".join(
    f"h.{name} IS NOT DISTINCT FROM (r->>'{name}')::{kind}" for name, kind in RETURN_COLUMNS
)

PUSH = rf"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE FUNCTION wms_push_returns(w text, pusher text, batch jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp SET TimeZone = 'UTC'
AS $body$
DECLARE
    own_station text := wms_role_station(session_user);
    r jsonb;
    held returns;
    inserted integer := 0;
    duplicates integer := 0;
    refused jsonb := '[]';
    same boolean;
    base bigint;
BEGIN
    PERFORM wms_check_caller(w, pusher);
    IF jsonb_typeof(batch) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'return push to %%: expected a JSON array of returns, found %%',
            w, coalesce(jsonb_typeof(batch), 'nothing') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM 1 FROM feed_counters WHERE warehouse_id = w;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'warehouse %% is not registered at central: expected '
            '''wms central add-warehouse %%'' to have been run', w, w
            USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO returns_feed_counters (warehouse_id, last_seq) VALUES (w, 0)
    ON CONFLICT (warehouse_id) DO NOTHING;
    -- the warehouse's returns feed lock serialises its pushers: feed numbers in commit order
    SELECT last_seq INTO base FROM returns_feed_counters WHERE warehouse_id = w FOR UPDATE;
    FOR r IN SELECT j FROM jsonb_array_elements(batch) j ORDER BY j->>'number' LOOP
        IF r->>'warehouse_id' IS DISTINCT FROM w OR r->>'station_id' = 'CENTRAL'
           OR (own_station IS NOT NULL AND r->>'station_id' IS DISTINCT FROM own_station) THEN
            RAISE EXCEPTION 'return push to %% refused: return %% is of warehouse %% and '
                'station %%; role %% may not push it', w, r->>'number', r->>'warehouse_id',
                r->>'station_id', session_user USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF coalesce(r->>'number', '') = '' OR coalesce(r->>'station_id', '') = ''
           OR r->>'status' IS DISTINCT FROM 'closed' OR r->>'closed_at' IS NULL
           OR jsonb_typeof(r->'lines') IS DISTINCT FROM 'array' THEN
            RAISE EXCEPTION 'return push to %% refused: return %% has no number, station, '
                'closing time or lines array, or is not closed (status %%)', w, r->>'number',
                r->>'status' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        SELECT * INTO held FROM returns WHERE warehouse_id = w AND number = r->>'number'
           FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO returns ({_RETURN_NAMES}, received_at, feed_seq)
            SELECT {_RETURN_PARSE}, now(), base + inserted + 1;
            INSERT INTO return_lines (warehouse_id, number, {_LINE_NAMES})
            SELECT w, r->>'number', {_LINE_PARSE} FROM jsonb_array_elements(r->'lines') l;
            inserted := inserted + 1;
            CONTINUE;
        END IF;
        SELECT {_RETURN_SAME} INTO same FROM returns h
         WHERE h.warehouse_id = w AND h.number = r->>'number';
        IF same THEN
            SELECT NOT EXISTS (
                (SELECT {_LINE_NAMES} FROM return_lines
                  WHERE warehouse_id = w AND number = r->>'number'
                 EXCEPT
                 SELECT {_LINE_PARSE} FROM jsonb_array_elements(r->'lines') l)
                UNION ALL
                (SELECT {_LINE_PARSE} FROM jsonb_array_elements(r->'lines') l
                 EXCEPT
                 SELECT {_LINE_NAMES} FROM return_lines
                  WHERE warehouse_id = w AND number = r->>'number'))
              INTO same;
        END IF;
        IF same THEN
            duplicates := duplicates + 1;
        ELSE
            refused := refused || to_jsonb(r->>'number');
        END IF;
    END LOOP;
    IF inserted > 0 THEN
        UPDATE returns_feed_counters SET last_seq = base + inserted WHERE warehouse_id = w;
    END IF;
    RETURN jsonb_build_object('inserted', inserted, 'duplicates', duplicates,
                              'refused', refused, 'feed_seq', base + inserted);
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
    op.execute(PUSH)
    op.execute(PRIVILEGES)
    if on_citus:
        citus.distribute_tables(_execute, TABLES)
        citus.distribute_functions(_execute, delegate=True)


def downgrade() -> None:
    if citus.is_citus(_execute):
        raise RuntimeError("a distributed central cannot go back below c0012; restore a backup")
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}")
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE IF EXISTS {table}")
