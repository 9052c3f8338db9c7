"""station numbers: one per station of a warehouse, the leading digits of the SSCC serials it
issues, so two benches never allocate the same SSCC

Revision ID: c0004
Revises: c0003
Create Date: 2026-12-01 22:30:00

``wms_station_number(w, s)`` (``SECURITY DEFINER``) returns station ``s``'s number in warehouse
``w``, reserving the next free one on first call. It answers only a role of ``w`` (a station
role only about itself) or an administrator; the table is read-only for everyone else.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c0004"
down_revision: str | None = "c0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MY_WAREHOUSE = "(SELECT wms_role_warehouse(current_user))"
IS_ADMIN = "(SELECT wms_is_admin(current_user))"

SCHEMA = """
CREATE TABLE station_numbers (
    warehouse_id text NOT NULL REFERENCES warehouses,
    station_id text NOT NULL,
    number integer NOT NULL CHECK (number > 0),
    reserved_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (warehouse_id, station_id),
    CONSTRAINT uq_station_numbers_number UNIQUE (warehouse_id, number)
);
"""

FUNCTIONS = r"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE FUNCTION wms_station_number(w text, s text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    n integer;
    own_station text := wms_role_station(session_user);
BEGIN
    IF w IS DISTINCT FROM wms_role_warehouse(session_user) AND NOT wms_is_admin(session_user)
    THEN
        RAISE EXCEPTION 'role %% may not reserve station numbers of warehouse %%',
            session_user, w USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF own_station IS NOT NULL AND own_station IS DISTINCT FROM s THEN
        RAISE EXCEPTION 'role %% is station %%''s, not %%', session_user, own_station, s
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF s IS NULL OR s = '' OR s = 'CENTRAL' THEN
        RAISE EXCEPTION 'station id %% may not reserve a number', s
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT number INTO n FROM station_numbers WHERE warehouse_id = w AND station_id = s;
    IF FOUND THEN
        RETURN n;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('wms station numbers ' || w));
    SELECT number INTO n FROM station_numbers WHERE warehouse_id = w AND station_id = s;
    IF FOUND THEN
        RETURN n;
    END IF;
    INSERT INTO station_numbers (warehouse_id, station_id, number)
    SELECT w, s, coalesce(max(number), 0) + 1 FROM station_numbers WHERE warehouse_id = w
    RETURNING number INTO n;
    RETURN n;
END
$body$
$f$, current_schema());
END
$do$;
"""


def upgrade() -> None:
    op.execute(SCHEMA)
    op.execute("ALTER TABLE station_numbers ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE station_numbers FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY station_numbers_of_own_warehouse ON station_numbers "
        f"USING (warehouse_id = {MY_WAREHOUSE} OR {IS_ADMIN}) WITH CHECK ({IS_ADMIN})"
    )
    op.execute(FUNCTIONS)


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS wms_station_number(text, text)")
    op.execute("DROP TABLE IF EXISTS station_numbers")
