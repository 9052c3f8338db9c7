"""conflicts are written only through validating functions: station and warehouse roles lose
INSERT and UPDATE on ``conflicts`` (so they can neither mark another station's conflict
resolved behind a supervisor's back nor ``LOCK TABLE conflicts``)

Revision ID: c0007
Revises: c0006
Create Date: 2026-12-01 23:30:00

``SECURITY DEFINER`` functions answering only a role of warehouse ``w`` or an administrator:

- ``wms_record_conflict(w, by, kind, subject, quantity, detail)``: what a push detects (one of
  the kinds a push detects, ``by`` the pushing station - a station role only itself); an open
  conflict of the same kind and subject is updated, not repeated; true if it is new;
- ``wms_resolve_by_reference(w, base)``: conflicts named ``CONFLICT-<id>`` by the movements of
  ``w`` above feed number ``base`` (the ones a push just inserted) are resolved by them;
- ``wms_resolve_conflict(w, id, operator, note, movement_id)``: a supervisor or admin of ``w``
  (by badge, from central's operators) closes an open conflict; true if it was open.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c0007"
down_revision: str | None = "c0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTIONS = r"""
DO $do$
BEGIN
EXECUTE format($f$
CREATE FUNCTION wms_record_conflict(w text, by text, found_kind text, found_subject text,
                                    found_quantity bigint, found_detail jsonb) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    inserted boolean;
BEGIN
    PERFORM wms_check_caller(w, by);
    IF found_kind NOT IN ('negative_stock', 'handling_unit_moved_twice', 'count_disagrees',
                          'movement_refused') THEN
        RAISE EXCEPTION 'a push does not record conflicts of kind %%', found_kind
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO conflicts AS c (warehouse_id, kind, subject, quantity, detail, detected_by)
    VALUES (w, found_kind, found_subject, found_quantity, found_detail, by)
    ON CONFLICT (warehouse_id, kind, subject) WHERE status = 'open'
    DO UPDATE SET quantity = excluded.quantity, detail = c.detail || excluded.detail
    RETURNING (xmax = 0) INTO inserted;
    RETURN inserted;
END
$body$
$f$, current_schema());

EXECUTE format($f$
CREATE FUNCTION wms_resolve_by_reference(w text, base bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    done integer;
BEGIN
    PERFORM wms_check_caller(w, NULL);
    UPDATE conflicts c
       SET status = 'resolved', resolved_at = now(), resolved_by = n.operator,
           resolution_movement_id = n.id,
           resolution_note = coalesce(c.resolution_note, 'compensated by movement ' || n.id)
      FROM movements n
     WHERE n.warehouse_id = w AND n.feed_seq > base
       AND c.warehouse_id = w AND c.status = 'open'
       AND c.conflict_id = CASE WHEN n.reference ~ '^CONFLICT-[0-9]{1,18}$'
                                THEN substr(n.reference, 10)::bigint END;
    GET DIAGNOSTICS done = ROW_COUNT;
    RETURN done;
END
$body$
$f$, current_schema());

EXECUTE format($f$
CREATE FUNCTION wms_resolve_conflict(w text, id bigint, operator text, note text,
                                     movement_id uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
DECLARE
    done integer;
BEGIN
    PERFORM wms_check_caller(w, NULL);
    IF NOT EXISTS (SELECT 1 FROM operators o
                    WHERE o.warehouse_id = w AND o.badge = operator
                      AND o.role IN ('supervisor', 'admin')
                      AND coalesce((o.data->>'active')::boolean, true)) THEN
        RAISE EXCEPTION 'operator %% is not a supervisor or admin of warehouse %%', operator, w
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF coalesce(btrim(note), '') = '' THEN
        RAISE EXCEPTION 'resolving a conflict needs a note saying what was done'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE conflicts
       SET status = 'resolved', resolved_at = now(), resolved_by = operator,
           resolution_note = note, resolution_movement_id = movement_id
     WHERE warehouse_id = w AND conflict_id = id AND status = 'open';
    GET DIAGNOSTICS done = ROW_COUNT;
    RETURN done = 1;
END
$body$
$f$, current_schema());
END
$do$;
"""

NAMES = (
    "wms_resolve_conflict(text, bigint, text, text, uuid)",
    "wms_resolve_by_reference(text, bigint)",
    "wms_record_conflict(text, text, text, text, bigint, jsonb)",
)


def upgrade() -> None:
    op.execute(FUNCTIONS)


def downgrade() -> None:
    for name in NAMES:
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
