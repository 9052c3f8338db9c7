"""stock owners at central: the owners master data, and the owner of every movement and stock
row (issue 15, items 1 and 5; sync protocol 3, protocol 2 stations keep pushing)

Revision ID: c0011
Revises: c0010
Create Date: 2026-12-02 16:30:00

- ``owners``: the merchants the hub stores for, global master data like ``products`` (code,
  name, the station row as ``data``); published by ``wms central publish`` and pulled by every
  station. Holds ``HUB`` (the hub's own stock), which everything before this revision belongs
  to. On Citus a reference table, copied to every node like the products.
- ``movements.owner`` and ``stock.owner`` (``NOT NULL DEFAULT 'HUB'``): the owner a movement
  was posted with at its station, carried by the push as the batch's 21st column (protocol 3);
  a protocol 2 station's batch has none and its movements are the hub's. ``wms_push`` writes a
  new stock row with the owner of the movements that make it.
- Station roles read ``owners`` (SELECT, like ``products``); nothing else changes in the
  narrow API.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import op

from wms.core.sync import citus

revision: str = "c0011"
down_revision: str | None = "c0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _revision(stem: str) -> Any:
    path = Path(__file__).with_name(f"{stem}.py")
    spec = importlib.util.spec_from_file_location(f"wms_central_{stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_C0008 = _revision("0008_narrow_push_api")
_C0009 = _revision("0009_citus")

# one batch row: c0008's columns and the owner, in this order (the station's MOVEMENT_COLUMNS;
# a unit test holds the two to each other)
PUSH_COLUMNS = (*_C0008.PUSH_COLUMNS, ("owner", "text"))
_OWNER_AT = len(_C0008.PUSH_COLUMNS)
_OLD_NAMES = ", ".join(name for name, _type in _C0008.PUSH_COLUMNS)

SCHEMA = [
    """CREATE TABLE owners (
    code text PRIMARY KEY,
    name text NOT NULL,
    data jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
)""",
    """INSERT INTO owners (code, name, data) VALUES ('HUB', 'Hub own stock', jsonb_build_object(
    'code', 'HUB', 'name', 'Hub own stock', 'country', '', 'tax_id', '', 'contact_name', '',
    'contact_email', '', 'contact_phone', '', 'active', true))""",
    "ALTER TABLE movements ADD COLUMN owner text NOT NULL DEFAULT 'HUB'",
    "ALTER TABLE stock ADD COLUMN owner text NOT NULL DEFAULT 'HUB'",
    "CREATE INDEX ix_movements_owner ON movements (warehouse_id, owner, feed_seq)",
    "ALTER TYPE wms_push_row ADD ATTRIBUTE owner text",
    "UPDATE central_info SET protocol_version = 3, min_protocol_version = 2",
]

# c0009's push, with the owner: parsed from the batch (after the ordinal, where ALTER TYPE put
# it), inserted with the movement, carried into the stock rows it creates
_REWRITES = (
    (
        "e.n)::wms_push_row",
        f"e.n, coalesce(nullif(j->>{_OWNER_AT}, ''), 'HUB'))::wms_push_row",
    ),
    (
        f"INSERT INTO movements ({_OLD_NAMES}, feed_seq, received_at)",
        f"INSERT INTO movements ({_OLD_NAMES}, owner, feed_seq, received_at)",
    ),
    (f"SELECT {_OLD_NAMES}, base + ", f"SELECT {_OLD_NAMES}, owner, base + "),
    (
        """                   m.to_status
              FROM movements m WHERE m.warehouse_id = w AND m.feed_seq > base""",
        """                   m.to_status, m.owner
              FROM movements m WHERE m.warehouse_id = w AND m.feed_seq > base""",
    ),
    (
        """            SELECT location, sku, lot, handling_unit, status, sum(delta) AS delta
              FROM (SELECT to_location AS location, sku, lot, to_handling_unit AS handling_unit,
                           to_status AS status, quantity AS delta
                      FROM added WHERE to_location <> ''
                    UNION ALL
                    SELECT from_location, sku, lot, from_handling_unit, from_status, -quantity
                      FROM added WHERE from_location <> '') d""",
        """            SELECT location, sku, lot, handling_unit, status, sum(delta) AS delta,
                   max(owner) AS owner
              FROM (SELECT to_location AS location, sku, lot, to_handling_unit AS handling_unit,
                           to_status AS status, quantity AS delta, owner
                      FROM added WHERE to_location <> ''
                    UNION ALL
                    SELECT from_location, sku, lot, from_handling_unit, from_status, -quantity,
                           owner
                      FROM added WHERE from_location <> '') d""",
    ),
    (
        "                                    quantity)\n"
        "            SELECT w, location, sku, lot, handling_unit, status, delta FROM deltas",
        "                                    quantity, owner)\n"
        "            SELECT w, location, sku, lot, handling_unit, status, delta, owner FROM deltas",
    ),
)


def push_with_owners() -> str:
    """c0009's ``wms_push`` carrying each movement's owner (into the ledger and new stock)."""
    push: str = _C0009.push_without_transfers()
    for old, new in _REWRITES:
        count = push.count(old)
        if count < 1 or (count != 1 and not old.startswith(("INSERT INTO movements", "SELECT"))):
            raise RuntimeError("revision c0009's wms_push is not the one revision c0011 rewrites")
        push = push.replace(old, new)
    return push


PRIVILEGES = """
DO $do$
DECLARE
    grp text := (SELECT role_prefix || '_stations' FROM central_info WHERE id = 1);
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = grp) THEN
        EXECUTE format('REVOKE ALL ON owners FROM %I', grp);
        EXECUTE format('GRANT SELECT ON owners TO %I', grp);
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
    if on_citus:
        # the type change must see the distributed tables' changes over one connection per
        # node (Citus refuses a type command after a parallel one in the same transaction)
        _execute("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'", ())
    for statement in SCHEMA:
        op.execute(statement)
    op.execute(push_with_owners())
    op.execute(PRIVILEGES)
    if on_citus:
        _execute("SELECT create_reference_table('owners')", ())
        _execute("SELECT truncate_local_data_after_distributing_table('owners')", ())


def downgrade() -> None:
    if citus.is_citus(_execute):
        raise RuntimeError("a distributed central cannot go back below c0011; restore a backup")
    op.execute(_C0009.push_without_transfers())
    op.execute("ALTER TYPE wms_push_row DROP ATTRIBUTE owner")
    op.execute("DROP INDEX IF EXISTS ix_movements_owner")
    op.execute("ALTER TABLE stock DROP COLUMN owner")
    op.execute("ALTER TABLE movements DROP COLUMN owner")
    op.execute("DROP TABLE owners")
    op.execute("UPDATE central_info SET protocol_version = 2, min_protocol_version = 1")
