"""Tables of the central PostgreSQL database (its own MetaData, not the station ``Base``).

Every table that holds a warehouse's data has ``warehouse_id`` as the first column of its
primary key, so the schema can be partitioned (today: the ledger is ``PARTITION BY LIST
(warehouse_id)``) or distributed by warehouse (Citus ``create_distributed_table``). Products and
their GTINs are global reference data; ``central_info`` and ``central_roles`` are small settings
tables. The DDL itself lives in ``migrations_central/`` (raw SQL: partitioning, row-level
security and functions read better as SQL); these ``Table`` objects are what the sync code
queries with, and a test checks that they agree with the migrated database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Identity,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url

central_metadata = MetaData()

# Tables carrying warehouse_id, protected by row-level security.
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
    "transfer_lines",
    "transfer_receipts",
    "central_station_seq",
    "station_numbers",
    "parcel_events",
    "parcel_feed_counters",
    "parcel_event_acks",
    "returns",
    "return_lines",
    "returns_feed_counters",
)
# Station id of the movements central makes itself (settling transfers between warehouses).
CENTRAL_STATION = "CENTRAL"
REFERENCE_TABLES = ("owners", "products", "product_gtins", "central_info")

central_info = Table(
    "central_info",
    central_metadata,
    Column("id", Integer, primary_key=True),
    Column("protocol_version", Integer, nullable=False),
    Column("min_protocol_version", Integer, nullable=False),
    Column("admin_role", Text, nullable=False),
    Column("role_prefix", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

central_roles = Table(
    "central_roles",
    central_metadata,
    Column("role_name", Text, primary_key=True),
    Column("warehouse_id", Text, nullable=False),
    Column("station_id", Text, nullable=True),
)

warehouses = Table(
    "warehouses",
    central_metadata,
    Column("warehouse_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("role_name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

stations = Table(
    "stations",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("station_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("role_name", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("warehouse_id", "station_id"),
)

# the stock owners (merchants), global master data like the products (revision c0011)
owners = Table(
    "owners",
    central_metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("data", JSONB, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

products = Table(
    "products",
    central_metadata,
    Column("sku", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("data", JSONB, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

product_gtins = Table(
    "product_gtins",
    central_metadata,
    Column("gtin", Text, primary_key=True),
    Column("sku", Text, nullable=False),
    Column("level", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
)


def _master(name: str, *key: str, extra: tuple[Column[Any], ...] = ()) -> Table:
    return Table(
        name,
        central_metadata,
        Column("warehouse_id", Text, nullable=False),
        *(Column(k, Integer if k == "priority" else Text, nullable=False) for k in key),
        *extra,
        Column("data", JSONB, nullable=False),
        Column("changed_at", DateTime(timezone=True), nullable=False),
        PrimaryKeyConstraint("warehouse_id", *key),
    )


zones = _master("zones", "code")
locations = _master("locations", "code", extra=(Column("type", Text, nullable=False),))
operators = _master(
    "operators",
    "badge",
    extra=(Column("name", Text, nullable=False), Column("role", Text, nullable=False)),
)
orders = _master("orders", "number", extra=(Column("status", Text, nullable=False),))
sort_rules = _master(
    "sort_rules", "plan", "priority", extra=(Column("destination", Text, nullable=False),)
)

movements = Table(
    "movements",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("station_id", Text, nullable=False),
    Column("station_seq", BigInteger, nullable=False),
    Column("operator", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("sku", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("from_location", Text, nullable=False),
    Column("to_location", Text, nullable=False),
    Column("lot", Text, nullable=False),
    Column("expiry", Date, nullable=True),
    Column("from_handling_unit", Text, nullable=False),
    Column("to_handling_unit", Text, nullable=False),
    Column("from_status", Text, nullable=False),
    Column("to_status", Text, nullable=False),
    Column("reference", Text, nullable=False),
    Column("transfer_id", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("feed_seq", BigInteger, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("raw_scan", Text, nullable=False),
    # the product's owner when the movement was posted (revision c0011, protocol 3)
    Column("owner", Text, nullable=False),
    PrimaryKeyConstraint("warehouse_id", "id"),
    postgresql_partition_by="LIST (warehouse_id)",
)

# --- the movement as it travels: the one spec of its fields ----------------------------------
# Every list of movement columns the sync uses (the station's read, COPY, INSERT ... SELECT,
# the temporary table, the feed's SELECT, pulled movements) is derived from the ``movements``
# table above: its columns minus the ones central assigns itself.

CENTRAL_ASSIGNED = ("feed_seq", "received_at")
MOVEMENT_COLUMNS: tuple[str, ...] = tuple(
    c.name for c in movements.columns if c.name not in CENTRAL_ASSIGNED
)
# Protocol 2 (central revisions c0002..c0010) did not carry the owner (central takes HUB);
# protocol 1 (central schema revision 0001) not the raw scan either.
MOVEMENT_COLUMNS_V2 = tuple(c for c in MOVEMENT_COLUMNS if c != "owner")
MOVEMENT_COLUMNS_V1 = tuple(c for c in MOVEMENT_COLUMNS_V2 if c != "raw_scan")
# The station ledger (``wms.core.persistence.tables.MovementRow``, and the attributes of
# ``wms.core.domain.model.Movement``) names these two differently; all others are the same.
_STATION_NAMES = {"warehouse_id": "warehouse", "station_id": "station"}
STATION_COLUMNS: dict[str, str] = {c: _STATION_NAMES.get(c, c) for c in MOVEMENT_COLUMNS}
# PostgreSQL type of each movement column, e.g. ``UUID`` or ``TIMESTAMP WITH TIME ZONE``
_POSTGRESQL = make_url("postgresql+psycopg://").get_dialect()()
MOVEMENT_TYPES: dict[str, str] = {
    c: str(movements.c[c].type.compile(dialect=_POSTGRESQL)) for c in MOVEMENT_COLUMNS
}

stock = Table(
    "stock",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("sku", Text, nullable=False),
    Column("lot", Text, nullable=False),
    Column("handling_unit", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("owner", Text, nullable=False),  # revision c0011
    PrimaryKeyConstraint("warehouse_id", "location", "sku", "lot", "handling_unit", "status"),
)

feed_counters = Table(
    "feed_counters",
    central_metadata,
    Column("warehouse_id", Text, primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
    # how far wms_capture_transfers has looked at the warehouse's ledger (revision c0009)
    Column("transfers_seen", BigInteger, nullable=False),
)

feed = Table(
    "feed",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("feed_seq", BigInteger, nullable=False),
    Column("entity", Text, nullable=False),
    Column("entity_key", Text, nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("warehouse_id", "feed_seq"),
)

conflicts = Table(
    "conflicts",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("conflict_id", BigInteger, Identity(), nullable=False),
    Column("kind", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("quantity", BigInteger, nullable=True),
    Column("detail", JSONB, nullable=False),
    Column("detected_at", DateTime(timezone=True), nullable=False),
    Column("detected_by", Text, nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=True),
    Column("resolved_by", Text, nullable=True),
    Column("resolution_note", Text, nullable=True),
    Column("resolution_movement_id", Uuid, nullable=True),
    PrimaryKeyConstraint("warehouse_id", "conflict_id"),
)

sync_state = Table(
    "sync_state",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("station_id", Text, nullable=False),
    Column("acked_seq", BigInteger, nullable=False),
    Column("protocol_version", Integer, nullable=True),
    Column("feed_seq_seen", BigInteger, nullable=True),
    Column("last_push_at", DateTime(timezone=True), nullable=True),
    Column("last_pull_at", DateTime(timezone=True), nullable=True),
    Column("station_clock", DateTime(timezone=True), nullable=True),
    Column("clock_skew_seconds", Integer, nullable=True),
    PrimaryKeyConstraint("warehouse_id", "station_id"),
)

# --- transfers between warehouses (revision c0003; written only by central's functions) -------

transfer_lines = Table(
    "transfer_lines",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),  # the destination
    Column("transfer_id", Text, nullable=False),
    Column("movement_id", Uuid, nullable=False),  # the source's transfer_out
    Column("source_warehouse", Text, nullable=False),
    Column("transit_location", Text, nullable=False),
    Column("sku", Text, nullable=False),
    Column("lot", Text, nullable=False),
    Column("expiry", Date, nullable=True),
    Column("handling_unit", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("sent_by", Text, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Column("feed_seq", BigInteger, nullable=True),  # NULL until announced in the feed
    PrimaryKeyConstraint("warehouse_id", "transfer_id", "movement_id"),
)

transfer_receipts = Table(
    "transfer_receipts",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),  # the source, whose transit is cleared
    Column("movement_id", Uuid, nullable=False),  # the destination's transfer_in
    Column("transfer_id", Text, nullable=False),
    Column("destination", Text, nullable=False),
    Column("transit_location", Text, nullable=False),
    Column("operator", Text, nullable=False),
    Column("sku", Text, nullable=False),
    Column("lot", Text, nullable=False),
    Column("expiry", Date, nullable=True),
    Column("handling_unit", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("settled_by", Uuid, nullable=True),  # the CENTRAL movement; NULL until settled
    PrimaryKeyConstraint("warehouse_id", "movement_id"),
)

central_station_seq = Table(
    "central_station_seq",
    central_metadata,
    Column("warehouse_id", Text, primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
)

# --- station numbers (revision c0004): the leading digits of a station's SSCC serials ---------

station_numbers = Table(
    "station_numbers",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("station_id", Text, nullable=False),
    Column("number", Integer, nullable=False),
    Column("reserved_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("warehouse_id", "station_id"),
)

# --- parcel events of a hub's stations (revision c0010; written only by
# wms_push_parcel_events): append-only, a gapless feed per warehouse of their own ------------

parcel_events = Table(
    "parcel_events",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("station_id", Text, nullable=False),
    Column("station_seq", BigInteger, nullable=False),
    Column("operator", Text, nullable=False),
    Column("tracking", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("bag", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("raw_scan", Text, nullable=False),
    Column("feed_seq", BigInteger, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("warehouse_id", "event_id"),
)
# a parcel event as it travels (push and feed): its columns minus the ones central assigns
EVENT_COLUMNS: tuple[str, ...] = tuple(
    c.name for c in parcel_events.columns if c.name not in CENTRAL_ASSIGNED
)

parcel_feed_counters = Table(
    "parcel_feed_counters",
    central_metadata,
    Column("warehouse_id", Text, primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
)

parcel_event_acks = Table(
    "parcel_event_acks",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("station_id", Text, nullable=False),
    Column("acked_seq", BigInteger, nullable=False),
    Column("last_push_at", DateTime(timezone=True), nullable=True),
    PrimaryKeyConstraint("warehouse_id", "station_id"),
)

# --- closed customer returns (revision c0012; written only by wms_push_returns) -------------

returns = Table(
    "returns",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("number", Text, nullable=False),
    Column("order_number", Text, nullable=False),
    Column("parcel", Text, nullable=False),
    Column("owner", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("operator", Text, nullable=False),
    Column("station_id", Text, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("feed_seq", BigInteger, nullable=False),
    PrimaryKeyConstraint("warehouse_id", "number"),
)

returns_feed_counters = Table(
    "returns_feed_counters",
    central_metadata,
    Column("warehouse_id", Text, primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
)

return_lines = Table(
    "return_lines",
    central_metadata,
    Column("warehouse_id", Text, nullable=False),
    Column("number", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("sku", Text, nullable=False),
    Column("lot", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("grade", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("unit_value", Numeric(14, 2), nullable=False),
    Column("currency", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("movement_id", Text, nullable=False),
    PrimaryKeyConstraint("warehouse_id", "number", "line"),
)
