"""transfers captured after the push in a call of their own; on a Citus coordinator, the
schema distributed by warehouse

Revision ID: c0009
Revises: c0008
Create Date: 2026-12-02 06:30:00

Both engines:

- ``wms_push`` (c0008) no longer captures transfers: it writes only the pushed warehouse's rows
  (on Citus: one shard, so the call is delegated to that warehouse's worker and commits there
  without two-phase commit). Its answer says ``transfers: true`` when it inserted transfer
  movements.
- ``wms_capture_transfers(w)`` (``SECURITY DEFINER``, a role of ``w`` or an administrator,
  granted to the station group with the rest of the API) does the other warehouse's side of
  each transfer movement of ``w`` it has not looked at yet (``feed_counters.transfers_seen``),
  with c0008's per-row checks (``wms_transfer_capture_row``: the destination's expected lines,
  the source's receipts checked against them). A station calls it in a transaction of its own
  right after a push that answered ``transfers``, and every pull calls it
  (``wms_transfer_flush``), so a push cut after its commit is captured by the next pull. On
  Citus these writes are rows of other warehouses - other shards - which a function delegated
  to one worker may not touch.
- ``wms_push``'s count check sums the on-hand stock of its keys in a grouped CTE joined to
  them instead of a lateral aggregate per key (the same numbers; Citus cannot push the lateral
  form down).
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
  and the functions of one warehouse (``wms_push``, ``wms_sync_status``, ...) are delegated by
  their warehouse argument.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import op

from wms.core.sync import citus

revision: str = "c0009"
down_revision: str | None = "c0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CAPTURE = r"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE FUNCTION wms_capture_transfers(w text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    mv movements;
    top bigint;
    seen bigint;
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
    FOR mv IN SELECT * FROM movements m
               WHERE m.warehouse_id = w AND m.feed_seq > seen AND m.feed_seq <= top
                 AND m.station_id <> 'CENTRAL' AND m.kind IN ('transfer_out', 'transfer_in')
               ORDER BY m.feed_seq LOOP
        PERFORM wms_transfer_capture_row(mv);
        done := done + 1;
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


def _c0008(name: str) -> str:
    """The SQL text ``name`` of revision c0008 (its push, written from its column list)."""
    path = Path(__file__).with_name("0008_narrow_push_api.py")
    spec = importlib.util.spec_from_file_location("wms_central_c0008", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = getattr(module, name)
    return text


# c0008's transfer step inside wms_push, and its answer
_PUSH_TRANSFERS = """
        -- transfers: lines announced to the destination, receipts checked against them
        IF summary.transfers THEN
            FOR mv IN SELECT * FROM movements m
                       WHERE m.warehouse_id = w AND m.feed_seq > base
                         AND m.kind IN ('transfer_out', 'transfer_in')
                       ORDER BY m.feed_seq LOOP
                PERFORM wms_transfer_capture_row(mv);
            END LOOP;
        END IF;
"""
_PUSH_ANSWER = """        'acked', acks);"""
_PUSH_ANSWER_WITH_TRANSFERS = """        'acked', acks,
        'transfers', inserted > 0 AND summary.transfers);"""


# c0008's count_disagrees step reads on-hand stock per key in a lateral subquery with an
# aggregate and no GROUP BY over a CTE, which Citus cannot push down ("Aggregates without group
# by are currently unsupported when a lateral subquery references a column from complex
# subqueries, CTEs or local tables"); the same sums, grouped in a CTE and joined
_COUNT_ON_HAND = """            recorded AS (
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
"""
_COUNT_ON_HAND_GROUPED = """            on_hand AS (
                SELECT s.location, s.sku, s.lot, sum(s.quantity) AS quantity
                  FROM stock s
                 WHERE s.warehouse_id = w
                   AND (s.location, s.sku, s.lot) IN (SELECT location, sku, lot FROM grouped)
                 GROUP BY s.location, s.sku, s.lot
            ),
            recorded AS (
                INSERT INTO conflicts AS c (warehouse_id, kind, subject, quantity, detail,
                                            detected_by)
                SELECT w, 'count_disagrees', g.location || '|' || g.sku || '|' || g.lot,
                       coalesce(h.quantity, 0),
                       jsonb_build_object('location', g.location, 'sku', g.sku, 'lot', g.lot,
                                          'on_hand', coalesce(h.quantity, 0),
                                          'movements', g.new_ids,
                                          'meanwhile', g.other_ids,
                                          'other_stations', g.other_stations),
                       pusher
                  FROM grouped g
                  LEFT JOIN on_hand h
                    ON h.location = g.location AND h.sku = g.sku AND h.lot = g.lot
"""


def push_without_transfers() -> str:
    """c0008's ``wms_push`` without its transfer capture (rows of other warehouses), answering
    ``transfers`` when the caller should call ``wms_capture_transfers`` after the commit, and
    with its count check's on-hand sums in a form Citus runs."""
    push = _c0008("PUSH")
    for old in (_PUSH_TRANSFERS, _PUSH_ANSWER, _COUNT_ON_HAND):
        if push.count(old) != 1:
            raise RuntimeError("revision c0008's wms_push is not the one revision c0009 rewrites")
    push = push.replace(_PUSH_TRANSFERS, "\n").replace(_PUSH_ANSWER, _PUSH_ANSWER_WITH_TRANSFERS)
    push = push.replace(_COUNT_ON_HAND, _COUNT_ON_HAND_GROUPED)
    return push.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


# wms_capture_transfers is part of the stations' API (security.API_FUNCTIONS)
PRIVILEGES = """
DO $do$
DECLARE
    grp text := (SELECT role_prefix || '_stations' FROM central_info WHERE id = 1);
BEGIN
    REVOKE ALL ON FUNCTION wms_capture_transfers(text) FROM PUBLIC;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = grp) THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION wms_capture_transfers(text) TO %I', grp);
    END IF;
END
$do$;
"""


def upgrade() -> None:
    # c0008's push has captured every transfer so far
    op.execute("ALTER TABLE feed_counters ADD COLUMN transfers_seen bigint NOT NULL DEFAULT 0")
    op.execute("UPDATE feed_counters SET transfers_seen = last_seq")
    op.execute(CAPTURE)
    op.execute(push_without_transfers())
    op.execute(PULLED)
    op.execute(PRIVILEGES)
    if not citus.is_citus(_execute):
        return
    op.execute("DROP TRIGGER IF EXISTS movements_append_only ON movements")
    op.execute("DROP FUNCTION IF EXISTS wms_ledger_is_append_only()")
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON movements FROM PUBLIC, CURRENT_USER")
    citus.distribute(_execute)


def downgrade() -> None:
    if citus.is_citus(_execute):
        raise RuntimeError("a distributed central cannot go back below c0009; restore a backup")
    # c0008's push (which captures transfers itself) and flush
    op.execute(_c0008("PUSH").replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    op.execute(OLD_FLUSH)
    op.execute("DROP FUNCTION IF EXISTS wms_capture_transfers(text)")
    op.execute("ALTER TABLE feed_counters DROP COLUMN transfers_seen")


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
