"""Tables of the station database (SQLAlchemy 2, typed). Dialect-neutral: SQLite and PostgreSQL.

Ledger and stock rows refer to products, lots, locations and handling units by their natural
keys (SKU, lot code, location code, SSCC), so a movement means the same thing on every station
and at central without translating surrogate ids.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    literal_column,
    text,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute, Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from wms.core.domain.owners import HUB_OWNER
from wms.core.persistence.base import Base

CODE = 40
QTY = Numeric(14, 3)


def _leaving_out_empty(name: str, *columns: str, of: str) -> Index:
    """An index of the rows whose ``of`` column is not the empty string (station migration
    0013): most movements and stock rows have no lot and no handling unit, and their scans
    write no page of it."""
    condition = text(f"{of} <> ''")
    return Index(name, *columns, sqlite_where=condition, postgresql_where=condition)


def non_empty(column: InstrumentedAttribute[str]) -> ColumnElement[bool]:
    """``column <> ''``, spelled as the partial indexes spell it (a literal, not a bound
    parameter): a query looking up a lot or a handling unit adds it, so that the planner may
    use the index that leaves out the empty value (SQLite takes a partial index only for a
    query whose WHERE names the index's condition)."""
    return column != literal_column("''")


class WarehouseRow(Base):
    __tablename__ = "warehouses"

    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str] = mapped_column(String(100), default="")
    gs1_company_prefix: Mapped[str] = mapped_column(String(12))
    last_sscc_serial: Mapped[int] = mapped_column(Integer, default=0)


class StationRow(Base):
    """A scanning bench. ``last_seq`` is its gapless ledger counter (bumped in the movement's
    own transaction, so a rolled-back movement leaves no gap)."""

    __tablename__ = "stations"

    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(ForeignKey("warehouses.code"))
    name: Mapped[str] = mapped_column(String(200), default="")
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class ZoneRow(Base):
    __tablename__ = "zones"

    warehouse: Mapped[str] = mapped_column(ForeignKey("warehouses.code"), primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")


class LocationRow(Base):
    __tablename__ = "locations"
    __table_args__ = (
        UniqueConstraint("warehouse", "code"),
        Index("ix_locations_type", "warehouse", "type"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warehouse: Mapped[str] = mapped_column(ForeignKey("warehouses.code"))
    code: Mapped[str] = mapped_column(String(CODE))
    type: Mapped[str] = mapped_column(String(20))
    zone: Mapped[str] = mapped_column(String(CODE), default="")
    aisle: Mapped[str] = mapped_column(String(10), default="")
    rack: Mapped[int] = mapped_column(Integer, default=0)
    level: Mapped[int] = mapped_column(Integer, default=0)
    bin: Mapped[int] = mapped_column(Integer, default=0)
    capacity_units: Mapped[int | None] = mapped_column(Integer, nullable=True)
    capacity_kg: Mapped[Decimal | None] = mapped_column(QTY, nullable=True)
    walk_sequence: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class OwnerRow(Base):
    """A stock owner: a merchant the hub stores and ships for. ``HUB`` is the hub's own
    supplies (owner-neutral), the owner of everything that existed before owners."""

    __tablename__ = "owners"

    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    tax_id: Mapped[str] = mapped_column(String(40), default="", server_default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class ProductRow(Base):
    """A product. ``owner`` is an owner's code (checked by the imports and the owner services,
    not by a foreign key: see migration 0009)."""

    __tablename__ = "products"
    __table_args__ = (Index("ix_products_owner", "owner", "sku"),)

    sku: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20), default="each")
    tracks_lot: Mapped[bool] = mapped_column(Boolean, default=False)
    tracks_expiry: Mapped[bool] = mapped_column(Boolean, default=False)
    tracks_serial: Mapped[bool] = mapped_column(Boolean, default=False)
    hs_code: Mapped[str] = mapped_column(String(12), default="")
    origin_country: Mapped[str] = mapped_column(String(2), default="")
    weight_kg: Mapped[Decimal] = mapped_column(QTY, default=Decimal("0"))
    length_cm: Mapped[Decimal] = mapped_column(QTY, default=Decimal("0"))
    width_cm: Mapped[Decimal] = mapped_column(QTY, default=Decimal("0"))
    height_cm: Mapped[Decimal] = mapped_column(QTY, default=Decimal("0"))
    unit_value: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    fixed_location: Mapped[str] = mapped_column(String(CODE), default="")
    owner: Mapped[str] = mapped_column(String(CODE), default=HUB_OWNER, server_default=HUB_OWNER)


class ProductGtinRow(Base):
    """A GTIN of a packaging level: scanning a case GTIN counts ``quantity`` units of ``sku``."""

    __tablename__ = "product_gtins"

    gtin: Mapped[str] = mapped_column(String(14), primary_key=True)
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(10), default="each")
    quantity: Mapped[int] = mapped_column(Integer, default=1)


class LotRow(Base):
    __tablename__ = "lots"

    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"), primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    expiry: Mapped[date | None] = mapped_column(Date, nullable=True)


class HandlingUnitRow(Base):
    __tablename__ = "handling_units"

    sscc: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(ForeignKey("warehouses.code"))
    kind: Mapped[str] = mapped_column(String(10))
    location: Mapped[str] = mapped_column(String(CODE), default="")
    parent_sscc: Mapped[str | None] = mapped_column(
        ForeignKey("handling_units.sscc"), nullable=True
    )
    state: Mapped[str] = mapped_column(String(10), default="open")
    reference: Mapped[str] = mapped_column(String(CODE), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OperatorRow(Base):
    """An operator; the PIN is stored only as a salted PBKDF2 hash."""

    __tablename__ = "operators"

    badge: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(12))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class MovementRow(Base):
    """The stock ledger: append-only, never updated or deleted."""

    __tablename__ = "movements"
    __table_args__ = (
        UniqueConstraint("station", "station_seq"),
        Index("ix_movements_sku", "warehouse", "sku", "id"),
        Index("ix_movements_from_location", "warehouse", "from_location", "id"),
        Index("ix_movements_to_location", "warehouse", "to_location", "id"),
        Index("ix_movements_reference", "reference"),
        _leaving_out_empty("ix_movements_lot", "warehouse", "lot", "id", of="lot"),
        _leaving_out_empty(
            "ix_movements_from_unit", "from_handling_unit", "id", of="from_handling_unit"
        ),
        _leaving_out_empty("ix_movements_to_unit", "to_handling_unit", "id", of="to_handling_unit"),
        Index("ix_movements_created", "created_at"),
        Index("ix_movements_owner", "warehouse", "owner", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    station: Mapped[str] = mapped_column(String(CODE))
    station_seq: Mapped[int] = mapped_column(Integer)
    operator: Mapped[str] = mapped_column(String(CODE))
    kind: Mapped[str] = mapped_column(String(16))
    sku: Mapped[str] = mapped_column(String(CODE))
    quantity: Mapped[int] = mapped_column(Integer)
    from_location: Mapped[str] = mapped_column(String(CODE), default="")
    to_location: Mapped[str] = mapped_column(String(CODE), default="")
    lot: Mapped[str] = mapped_column(String(CODE), default="")
    expiry: Mapped[date | None] = mapped_column(Date, nullable=True)
    from_handling_unit: Mapped[str] = mapped_column(String(CODE), default="")
    to_handling_unit: Mapped[str] = mapped_column(String(CODE), default="")
    from_status: Mapped[str] = mapped_column(String(12), default="available")
    to_status: Mapped[str] = mapped_column(String(12), default="available")
    reference: Mapped[str] = mapped_column(String(CODE), default="")
    transfer_id: Mapped[str] = mapped_column(String(36), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    raw_scan: Mapped[str] = mapped_column(Text, default="")
    # the product's owner when the movement was posted (set by the ledger)
    owner: Mapped[str] = mapped_column(String(CODE), default=HUB_OWNER, server_default=HUB_OWNER)


class StockRow(Base):
    """Stock on hand: a projection of the ledger, updated in each movement's transaction."""

    __tablename__ = "stock"
    __table_args__ = (
        UniqueConstraint("warehouse", "location", "sku", "lot", "handling_unit", "status"),
        Index("ix_stock_sku", "warehouse", "sku", "lot", "location"),
        Index("ix_stock_location", "warehouse", "location", "id"),
        _leaving_out_empty("ix_stock_handling_unit", "handling_unit", of="handling_unit"),
        # and, from station migration 0012, ix_stock_lot_upper and ix_stock_unit_upper on
        # upper(lot) and upper(handling_unit) (the search of the stock views; expression indexes,
        # which the schema check does not compare), partial like the one above from 0013
        Index("ix_stock_owner", "warehouse", "owner", "sku"),
        Index("ix_stock_owner_location", "warehouse", "owner", "location", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    location: Mapped[str] = mapped_column(String(CODE))
    sku: Mapped[str] = mapped_column(String(CODE))
    lot: Mapped[str] = mapped_column(String(CODE), default="")
    handling_unit: Mapped[str] = mapped_column(String(CODE), default="")
    status: Mapped[str] = mapped_column(String(12), default="available")
    quantity: Mapped[int] = mapped_column(Integer)
    # the product's owner (set by the ledger when the row is created)
    owner: Mapped[str] = mapped_column(String(CODE), default=HUB_OWNER, server_default=HUB_OWNER)


class StockLocationTotalRow(Base):
    """Units and stock rows per location: a projection of ``stock``, kept by database triggers
    in the transaction that changes a stock row, whoever writes it (the ledger, a pull)."""

    __tablename__ = "stock_locations"

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    location: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    units: Mapped[int] = mapped_column(Integer)
    lines: Mapped[int] = mapped_column(Integer)


class StockProductTotalRow(Base):
    """Units, stock rows and locations holding it per product (a projection of ``stock`` kept
    by triggers; a product without stock rows has no row)."""

    __tablename__ = "stock_products"

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    sku: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    units: Mapped[int] = mapped_column(Integer)
    lines: Mapped[int] = mapped_column(Integer)
    locations: Mapped[int] = mapped_column(Integer)


class StockProductLocationRow(Base):
    """Stock rows of a product at a location (what ``stock_products.locations`` counts)."""

    __tablename__ = "stock_product_locations"

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    sku: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    location: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    lines: Mapped[int] = mapped_column(Integer)


class StockGroupRow(Base):
    """Units and stock rows per product, location, status and owner: the stock rows summed over
    their lots and handling units (a projection of ``stock`` kept by triggers, station
    migration 0012; a row while one stock row has the key). The stock screen's product and
    location views read it under an owner, status, location or product filter."""

    __tablename__ = "stock_groups"
    # a clustered table (SQLite WITHOUT ROWID): a scan's quantity change is one b-tree write
    __table_args__ = (
        Index("ix_stock_groups_location", "warehouse", "location", "sku"),
        {"sqlite_with_rowid": False},
    )

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    sku: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    location: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    owner: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    units: Mapped[int] = mapped_column(Integer)
    lines: Mapped[int] = mapped_column(Integer)


class AsnRow(Base):
    """An advance shipping notice: what a supplier says is coming."""

    __tablename__ = "asns"

    number: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(ForeignKey("warehouses.code"))
    supplier: Mapped[str] = mapped_column(String(200), default="")
    origin_country: Mapped[str] = mapped_column(String(2), default="")
    expected_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="open")
    owner: Mapped[str] = mapped_column(String(CODE), default=HUB_OWNER, server_default=HUB_OWNER)


class AsnLineRow(Base):
    __tablename__ = "asn_lines"

    asn: Mapped[str] = mapped_column(ForeignKey("asns.number"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"))
    quantity: Mapped[int] = mapped_column(Integer)
    lot: Mapped[str] = mapped_column(String(CODE), default="")
    expiry: Mapped[date | None] = mapped_column(Date, nullable=True)


class OrderRow(Base):
    """An outbound customer order with its ship-to address."""

    __tablename__ = "orders"

    number: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(ForeignKey("warehouses.code"))
    customer: Mapped[str] = mapped_column(String(200), default="")
    ship_to_name: Mapped[str] = mapped_column(String(200))
    ship_to_address: Mapped[str] = mapped_column(String(400), default="")
    ship_to_postcode: Mapped[str] = mapped_column(String(20), default="")
    ship_to_city: Mapped[str] = mapped_column(String(100), default="")
    ship_to_country: Mapped[str] = mapped_column(String(2))
    carrier: Mapped[str] = mapped_column(String(40), default="")
    service: Mapped[str] = mapped_column(String(40), default="")
    min_shelf_life_days: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="open")
    owner: Mapped[str] = mapped_column(String(CODE), default=HUB_OWNER, server_default=HUB_OWNER)


class OrderLineRow(Base):
    __tablename__ = "order_lines"

    order: Mapped[str] = mapped_column(ForeignKey("orders.number"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_value: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")


class SortRuleRow(Base):
    """One rule of a sort plan; the most specific matching rule (lowest priority) wins."""

    __tablename__ = "sort_rules"
    __table_args__ = (
        ForeignKeyConstraint(
            ["warehouse", "destination"], ["locations.warehouse", "locations.code"]
        ),
        Index("ix_sort_rules_plan", "warehouse", "plan", "priority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warehouse: Mapped[str] = mapped_column(ForeignKey("warehouses.code"))
    plan: Mapped[str] = mapped_column(String(CODE))
    priority: Mapped[int] = mapped_column(Integer)
    destination: Mapped[str] = mapped_column(String(CODE))
    country: Mapped[str] = mapped_column(String(2), default="")
    postcode_prefix: Mapped[str] = mapped_column(String(20), default="")
    carrier: Mapped[str] = mapped_column(String(40), default="")
    route: Mapped[str] = mapped_column(String(40), default="")
    order_number: Mapped[str] = mapped_column(String(CODE), default="")
    pickup_point: Mapped[str] = mapped_column(String(40), default="", server_default="")
