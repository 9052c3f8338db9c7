"""the feed counter and sync state are written only through validating functions: station and
warehouse roles lose UPDATE on ``feed_counters`` and INSERT/UPDATE on ``sync_state`` (so they can
neither move a counter nor ``LOCK TABLE`` either table)

Revision ID: c0006
Revises: c0005
Create Date: 2026-12-01 23:20:00

``SECURITY DEFINER`` functions, each answering only a role of warehouse ``w`` (a station role
only about its own station) or an administrator:

- ``wms_feed_lock(w)``: lock ``w``'s feed counter row for this transaction, return ``last_seq``;
- ``wms_feed_advance(w, upto)``: move it to ``upto``, only forward and only over feed numbers
  that are movements of ``w`` (the ones this push just inserted);
- ``wms_acknowledge(w, s, top, held_from)``: central's highest contiguous ``station_seq`` of
  ``s`` up to ``top``, recorded in ``s``'s sync state (``held_from``: the caller just inserted
  ``held_from .. top``, checked);
- ``wms_station_seen(w, s, protocol, station_clock, skew)`` and ``wms_station_pulled(w, s,
  feed_seq)``: what a sync cycle records about the station.

``wms central init`` (``security.install``) revokes the table privileges once these exist.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c0006"
down_revision: str | None = "c0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTIONS = r"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE FUNCTION wms_check_caller(w text, s text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    own_station text := wms_role_station(session_user);
BEGIN
    IF wms_is_admin(session_user) THEN
        RETURN;
    END IF;
    IF w IS DISTINCT FROM wms_role_warehouse(session_user) THEN
        RAISE EXCEPTION 'role %% may not sync warehouse %%', session_user, w
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF s IS NOT NULL AND (s = 'CENTRAL' OR (own_station IS NOT NULL AND own_station <> s)) THEN
        RAISE EXCEPTION 'role %% may not write the sync state of station %%', session_user, s
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$body$
$f$, current_schema());

EXECUTE format($f$
CREATE FUNCTION wms_feed_lock(w text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    last bigint;
BEGIN
    PERFORM wms_check_caller(w, NULL);
    SELECT last_seq INTO last FROM feed_counters WHERE warehouse_id = w FOR UPDATE;
    RETURN last;
END
$body$
$f$, current_schema());

EXECUTE format($f$
CREATE FUNCTION wms_feed_advance(w text, upto bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    last bigint;
    held bigint;
BEGIN
    PERFORM wms_check_caller(w, NULL);
    SELECT last_seq INTO last FROM feed_counters WHERE warehouse_id = w FOR UPDATE;
    IF last IS NULL OR upto < last THEN
        RAISE EXCEPTION 'feed of %% may only move forward (at %%, asked %%)', w, last, upto
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT count(*) INTO held FROM movements
     WHERE warehouse_id = w AND feed_seq > last AND feed_seq <= upto;
    IF held <> upto - last THEN
        RAISE EXCEPTION 'feed of %% from %% to %%: expected %% movements there, found %%',
            w, last + 1, upto, upto - last, held USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE feed_counters SET last_seq = upto WHERE warehouse_id = w;
END
$body$
$f$, current_schema());

EXECUTE format($f$
CREATE FUNCTION wms_acknowledge(w text, s text, top bigint, held_from bigint)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    before bigint;
    acked bigint;
BEGIN
    PERFORM wms_check_caller(w, s);
    INSERT INTO sync_state (warehouse_id, station_id, acked_seq) VALUES (w, s, 0)
    ON CONFLICT DO NOTHING;
    SELECT acked_seq INTO before FROM sync_state
     WHERE warehouse_id = w AND station_id = s FOR UPDATE;
    IF held_from IS NOT NULL AND held_from <= before + 1
       AND (SELECT count(*) FROM movements WHERE warehouse_id = w AND station_id = s
              AND station_seq >= held_from AND station_seq <= top) = top - held_from + 1 THEN
        acked := greatest(before, top);
    ELSE
        SELECT coalesce(max(station_seq), before) INTO acked FROM (
            SELECT station_seq, row_number() OVER (ORDER BY station_seq) AS rn
              FROM movements
             WHERE warehouse_id = w AND station_id = s
               AND station_seq > before AND station_seq <= top) t
         WHERE station_seq = before + rn;
    END IF;
    UPDATE sync_state SET acked_seq = acked, last_push_at = now()
     WHERE warehouse_id = w AND station_id = s;
    RETURN acked;
END
$body$
$f$, current_schema());

EXECUTE format($f$
CREATE FUNCTION wms_station_seen(w text, s text, protocol integer, station_clock timestamptz,
                                 skew integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
BEGIN
    PERFORM wms_check_caller(w, s);
    INSERT INTO sync_state (warehouse_id, station_id, acked_seq) VALUES (w, s, 0)
    ON CONFLICT DO NOTHING;
    UPDATE sync_state
       SET protocol_version = protocol, station_clock = wms_station_seen.station_clock,
           clock_skew_seconds = skew
     WHERE warehouse_id = w AND station_id = s;
END
$body$
$f$, current_schema());

EXECUTE format($f$
CREATE FUNCTION wms_station_pulled(w text, s text, feed_seq bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
BEGIN
    PERFORM wms_check_caller(w, s);
    INSERT INTO sync_state (warehouse_id, station_id, acked_seq, feed_seq_seen, last_pull_at)
    VALUES (w, s, 0, feed_seq, now())
    ON CONFLICT (warehouse_id, station_id)
    DO UPDATE SET feed_seq_seen = excluded.feed_seq_seen, last_pull_at = now();
END
$body$
$f$, current_schema());
END
$do$;
"""

NAMES = (
    "wms_station_pulled(text, text, bigint)",
    "wms_station_seen(text, text, integer, timestamptz, integer)",
    "wms_acknowledge(text, text, bigint, bigint)",
    "wms_feed_advance(text, bigint)",
    "wms_feed_lock(text)",
    "wms_check_caller(text, text)",
)


def upgrade() -> None:
    op.execute(FUNCTIONS)


def downgrade() -> None:
    for name in NAMES:
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
