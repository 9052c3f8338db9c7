"""Master data between a station database and central: publish up, apply down.

Master data (the warehouse, zones, locations, stock owners, products with their GTINs,
operators, orders with their lines, sort rules) is maintained where it is imported (``wms
import`` on a supervisor's station, or the demo) and published to central with ``wms central
publish``. Publishing writes the central tables and, for every entity whose content changed, one
entry in the warehouse's feed; stations apply those entries when they pull, in feed order, so a
new station can start from an empty database.

A payload is the station row as JSON (dates as ISO text, decimals as text), keyed by its natural
key; surrogate ids and station-local counters (SSCC serials, failed PIN attempts) are never
carried.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy import Date, DateTime, Numeric, Select, select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import NotFound
from wms.core.persistence.tables import (
    LocationRow,
    OperatorRow,
    OrderLineRow,
    OrderRow,
    OwnerRow,
    ProductGtinRow,
    ProductRow,
    SortRuleRow,
    WarehouseRow,
    ZoneRow,
)
from wms.core.sync.central_migrate import connect

# entity -> (row class, key columns, columns never carried)
ENTITIES: dict[str, tuple[type, tuple[str, ...], frozenset[str]]] = {
    "warehouse": (WarehouseRow, ("code",), frozenset({"last_sscc_serial"})),
    "zone": (ZoneRow, ("warehouse", "code"), frozenset()),
    "location": (LocationRow, ("warehouse", "code"), frozenset({"id"})),
    # global like the products, before them: a pulled product's owner is known
    "owner": (OwnerRow, ("code",), frozenset()),
    "product": (ProductRow, ("sku",), frozenset()),
    "operator": (OperatorRow, ("badge",), frozenset({"failed_attempts", "locked_until"})),
    "order": (OrderRow, ("number",), frozenset()),
    "sort_rule": (SortRuleRow, ("warehouse", "plan", "priority"), frozenset({"id"})),
}
PUBLISH_ORDER = tuple(ENTITIES)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_payload(row: Any, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    table = row.__table__
    return {
        column.key: _jsonable(getattr(row, column.key))
        for column in table.columns
        if column.key not in skip
    }


def _from_json(row_class: type, values: dict[str, Any]) -> dict[str, Any]:
    table = row_class.__table__  # type: ignore[attr-defined]
    converted: dict[str, Any] = {}
    for name, value in values.items():
        if name not in table.c:
            continue
        column_type = table.c[name].type
        if value is None:
            converted[name] = None
        elif isinstance(column_type, DateTime):
            converted[name] = datetime.fromisoformat(value)
        elif isinstance(column_type, Date):
            converted[name] = date.fromisoformat(value)
        elif isinstance(column_type, Numeric):
            converted[name] = Decimal(str(value))
        else:
            converted[name] = value
    return converted


def entity_key(entity: str, payload: dict[str, Any]) -> str:
    _row_class, key, _skip = ENTITIES[entity]
    return "|".join(str(payload[k]) for k in key)


def station_entities(session: Session, warehouse: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every master-data entity of ``warehouse`` in the station database, in publish order."""
    for entity in PUBLISH_ORDER:
        row_class, _key, skip = ENTITIES[entity]
        statement: Select[Any] = select(row_class)
        if "warehouse" in row_class.__table__.c:  # type: ignore[attr-defined]
            statement = statement.where(row_class.warehouse == warehouse)  # type: ignore[attr-defined]
        elif row_class is WarehouseRow:
            statement = statement.where(WarehouseRow.code == warehouse)
        for row in session.scalars(statement):
            payload = row_payload(row, skip)
            if entity == "product":
                gtins = session.scalars(select(ProductGtinRow).where(ProductGtinRow.sku == row.sku))
                payload["gtins"] = sorted(
                    (row_payload(g) for g in gtins), key=lambda g: (g["quantity"], g["gtin"])
                )
            elif entity == "order":
                lines = session.scalars(
                    select(OrderLineRow)
                    .where(OrderLineRow.order == row.number)
                    .order_by(OrderLineRow.line)
                )
                payload["lines"] = [row_payload(line) for line in lines]
            yield entity, payload


# --- central side -----------------------------------------------------------------------------


def _store_central(conn: psycopg.Connection, w: str, entity: str, p: dict[str, Any]) -> None:
    # an update takes changed_at from the row it would have inserted (its default, now()):
    # Citus runs DO UPDATE on the shard and takes only immutable functions there
    data = Jsonb(p)
    if entity == "warehouse":
        conn.execute("UPDATE warehouses SET name = %s WHERE warehouse_id = %s", (p["name"], w))
    elif entity == "zone":
        conn.execute(
            "INSERT INTO zones (warehouse_id, code, data) VALUES (%s, %s, %s) "
            "ON CONFLICT (warehouse_id, code) DO UPDATE SET data = excluded.data, "
            "changed_at = excluded.changed_at",
            (w, p["code"], data),
        )
    elif entity == "location":
        conn.execute(
            "INSERT INTO locations (warehouse_id, code, type, data) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (warehouse_id, code) DO UPDATE SET type = excluded.type, "
            "data = excluded.data, changed_at = excluded.changed_at",
            (w, p["code"], p["type"], data),
        )
    elif entity == "owner":
        conn.execute(
            "INSERT INTO owners (code, name, data) VALUES (%s, %s, %s) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, data = excluded.data, "
            "changed_at = excluded.changed_at",
            (p["code"], p["name"], data),
        )
    elif entity == "product":
        conn.execute(
            "INSERT INTO products (sku, name, data) VALUES (%s, %s, %s) "
            "ON CONFLICT (sku) DO UPDATE SET name = excluded.name, data = excluded.data, "
            "changed_at = excluded.changed_at",
            (p["sku"], p["name"], data),
        )
        for g in p.get("gtins", []):
            conn.execute(
                "INSERT INTO product_gtins (gtin, sku, level, quantity) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (gtin) DO UPDATE SET sku = excluded.sku, level = excluded.level, "
                "quantity = excluded.quantity",
                (g["gtin"], p["sku"], g["level"], g["quantity"]),
            )
    elif entity == "operator":
        conn.execute(
            "INSERT INTO operators (warehouse_id, badge, name, role, data) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (warehouse_id, badge) DO UPDATE SET "
            "name = excluded.name, role = excluded.role, data = excluded.data, "
            "changed_at = excluded.changed_at",
            (w, p["badge"], p["name"], p["role"], data),
        )
    elif entity == "order":
        conn.execute(
            "INSERT INTO orders (warehouse_id, number, status, data) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (warehouse_id, number) DO UPDATE SET status = excluded.status, "
            "data = excluded.data, changed_at = excluded.changed_at",
            (w, p["number"], p["status"], data),
        )
    elif entity == "sort_rule":
        conn.execute(
            "INSERT INTO sort_rules (warehouse_id, plan, priority, destination, data) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (warehouse_id, plan, priority) DO UPDATE "
            "SET destination = excluded.destination, data = excluded.data, "
            "changed_at = excluded.changed_at",
            (w, p["plan"], p["priority"], p["destination"], data),
        )


def publish(url: str, sessions: sessionmaker[Session], warehouse: str) -> dict[str, int]:
    """Publish the station database's master data of ``warehouse`` to central; returns the
    number of changed entities per kind (unchanged ones are not written to the feed again)."""
    with sessions() as session:
        entries = list(station_entities(session, warehouse))
    changed: dict[str, int] = {}
    with connect(url, application_name="wms publish") as conn, conn.transaction():
        counter = conn.execute(
            "SELECT last_seq FROM feed_counters WHERE warehouse_id = %s FOR UPDATE", (warehouse,)
        ).fetchone()
        if counter is None:
            raise NotFound("warehouse", warehouse, "register it with 'wms central add-warehouse'")
        seq = int(counter[0])
        latest = {
            (entity, key): payload
            for entity, key, payload in conn.execute(
                "SELECT DISTINCT ON (entity, entity_key) entity, entity_key, payload FROM feed "
                "WHERE warehouse_id = %s ORDER BY entity, entity_key, feed_seq DESC",
                (warehouse,),
            )
        }
        # a central before revision c0011 has no owners (the products' owner stays in their
        # data): published to it, the owners are left out
        has_owners = conn.execute("SELECT to_regclass('owners')").fetchone() not in (None, (None,))
        rows = []
        for entity, payload in entries:
            if entity == "owner" and not has_owners:
                continue
            key = entity_key(entity, payload)
            if latest.get((entity, key)) == payload:
                continue
            _store_central(conn, warehouse, entity, payload)
            seq += 1
            rows.append((warehouse, seq, entity, key, Jsonb(payload)))
            changed[entity] = changed.get(entity, 0) + 1
        if rows:
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO feed (warehouse_id, feed_seq, entity, entity_key, payload) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    rows,
                )
            conn.execute(
                "UPDATE feed_counters SET last_seq = %s WHERE warehouse_id = %s", (seq, warehouse)
            )
    return changed


# --- station side -----------------------------------------------------------------------------


def _upsert(session: Session, row_class: type, key: tuple[str, ...], values: dict[str, Any]):  # type: ignore[no-untyped-def]
    values = _from_json(row_class, values)
    where = {k: values[k] for k in key}
    row = session.scalars(select(row_class).filter_by(**where)).first()
    if row is None:
        row = row_class(**values)
        session.add(row)
    else:
        for name, value in values.items():
            if name not in key:
                setattr(row, name, value)
    session.flush()
    return row


def apply_entry(session: Session, entity: str, payload: dict[str, Any]) -> None:
    """Apply one master-data feed entry to the station database (insert or update)."""
    if entity not in ENTITIES:
        return  # an entity kind this station version does not know: skipped, not fatal
    row_class, key, _skip = ENTITIES[entity]
    values = {k: v for k, v in payload.items() if k not in ("gtins", "lines")}
    if entity == "warehouse":
        existing = session.get(WarehouseRow, values["code"])
        if existing is None:
            values["last_sscc_serial"] = 0
    _upsert(session, row_class, key, values)
    for gtin in payload.get("gtins", []):
        _upsert(session, ProductGtinRow, ("gtin",), gtin)
    for line in payload.get("lines", []):
        _upsert(session, OrderLineRow, ("order", "line"), line)
