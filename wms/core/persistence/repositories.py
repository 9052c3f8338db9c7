"""Repositories: the only code that turns table rows into domain objects and back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import and_, bindparam, delete, func, literal, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from wms.core.domain.errors import AlreadyExists, InvalidValue, NotFound
from wms.core.domain.model import (
    HandlingUnit,
    HandlingUnitKind,
    Location,
    LocationType,
    Lot,
    Movement,
    MovementKind,
    Operator,
    PackagingLevel,
    Product,
    ProductGtin,
    Role,
    StockKey,
    StockStatus,
    Warehouse,
)
from wms.core.domain.sscc import make_sscc
from wms.core.persistence.sscc_ranges import allocate_reserved_sscc
from wms.core.persistence.tables import (
    HandlingUnitRow,
    LocationRow,
    LotRow,
    MovementRow,
    OperatorRow,
    ProductGtinRow,
    ProductRow,
    StationRow,
    StockRow,
    WarehouseRow,
)


class WarehouseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, code: str) -> Warehouse | None:
        row = self.session.get(WarehouseRow, code)
        return _warehouse(row) if row else None

    def require(self, code: str) -> Warehouse:
        found = self.get(code)
        if found is None:
            raise NotFound("warehouse", code, "create it with 'wms demo' or an import")
        return found

    def all(self) -> list[Warehouse]:
        rows = self.session.scalars(select(WarehouseRow).order_by(WarehouseRow.code))
        return [_warehouse(row) for row in rows]

    def add(self, warehouse: Warehouse) -> None:
        if self.session.get(WarehouseRow, warehouse.code):
            raise AlreadyExists("warehouse", warehouse.code)
        self.session.add(
            WarehouseRow(
                code=warehouse.code,
                name=warehouse.name,
                country=warehouse.country,
                city=warehouse.city,
                gs1_company_prefix=warehouse.gs1_company_prefix,
                last_sscc_serial=0,
            )
        )
        self.session.flush()

    def allocate_sscc(self, code: str) -> str:
        """The next SSCC from the warehouse's GS1 company prefix (counter bumped in this
        transaction, so a rolled-back allocation is reused rather than skipped); from the
        station's reserved range once central has given it one."""
        reserved = allocate_reserved_sscc(self.session, code)
        if reserved is not None:
            return reserved
        serial = self.session.execute(
            update(WarehouseRow)
            .where(WarehouseRow.code == code)
            .values(last_sscc_serial=WarehouseRow.last_sscc_serial + 1)
            .returning(WarehouseRow.last_sscc_serial, WarehouseRow.gs1_company_prefix)
        ).one_or_none()
        if serial is None:
            raise NotFound("warehouse", code)
        return make_sscc(serial.gs1_company_prefix, serial.last_sscc_serial)


def _warehouse(row: WarehouseRow) -> Warehouse:
    return Warehouse(row.code, row.name, row.country, row.gs1_company_prefix, row.city)


class LocationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, warehouse: str, code: str) -> Location | None:
        row = self.session.scalar(
            select(LocationRow).where(
                LocationRow.warehouse == warehouse, LocationRow.code == code.upper()
            )
        )
        return location_from_row(row) if row else None

    def require(self, warehouse: str, code: str) -> Location:
        found = self.get(warehouse, code)
        if found is None:
            raise NotFound("location", code, f"not a location of warehouse {warehouse}")
        return found

    def of_type(self, warehouse: str, *types: LocationType) -> list[Location]:
        rows = self.session.scalars(
            select(LocationRow)
            .where(
                LocationRow.warehouse == warehouse,
                LocationRow.type.in_([t.value for t in types]),
                LocationRow.active.is_(True),
            )
            .order_by(LocationRow.walk_sequence, LocationRow.code)
        )
        return [location_from_row(row) for row in rows]

    def add_all(self, locations: Iterable[Location]) -> None:
        self.session.add_all(location_to_row(location) for location in locations)
        self.session.flush()


def location_to_row(location: Location) -> LocationRow:
    return LocationRow(
        warehouse=location.warehouse,
        code=location.code,
        type=location.type.value,
        zone=location.zone,
        aisle=location.aisle,
        rack=location.rack,
        level=location.level,
        bin=location.bin,
        capacity_units=location.capacity_units,
        capacity_kg=location.capacity_kg,
        walk_sequence=location.walk_sequence,
        active=True,
    )


def location_from_row(row: LocationRow) -> Location:
    return Location(
        warehouse=row.warehouse,
        code=row.code,
        type=LocationType(row.type),
        zone=row.zone,
        aisle=row.aisle,
        rack=row.rack,
        level=row.level,
        bin=row.bin,
        capacity_units=row.capacity_units,
        capacity_kg=row.capacity_kg,
        walk_sequence=row.walk_sequence,
    )


class ProductRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, sku: str) -> Product | None:
        row = self.session.get(ProductRow, sku)
        if row is None:
            return None
        gtins = self.session.scalars(select(ProductGtinRow).where(ProductGtinRow.sku == sku))
        return product_from_row(row, gtins)

    def require(self, sku: str) -> Product:
        found = self.get(sku)
        if found is None:
            raise NotFound("product", sku)
        return found

    def by_gtin(self, gtin: str) -> tuple[Product, ProductGtin] | None:
        """The product a GTIN (of any packaging level) belongs to, with that level."""
        row = self.session.get(ProductGtinRow, gtin.zfill(14))
        if row is None:
            return None
        product = self.require(row.sku)
        return product, ProductGtin(row.gtin, PackagingLevel(row.level), row.quantity)

    def add(self, product: Product) -> None:
        self.add_all([product])

    def add_all(self, products: Iterable[Product]) -> None:
        products = list(products)
        self.session.add_all(product_to_row(product) for product in products)
        self.session.flush()
        for product in products:
            self.session.add_all(
                ProductGtinRow(
                    gtin=g.gtin, sku=product.sku, level=g.level.value, quantity=g.quantity
                )
                for g in product.gtins
            )
        self.session.flush()


def product_to_row(product: Product) -> ProductRow:
    return ProductRow(
        sku=product.sku,
        name=product.name,
        unit=product.unit,
        tracks_lot=product.tracks_lot,
        tracks_expiry=product.tracks_expiry,
        tracks_serial=product.tracks_serial,
        hs_code=product.hs_code,
        origin_country=product.origin_country,
        weight_kg=product.weight_kg,
        length_cm=product.length_cm,
        width_cm=product.width_cm,
        height_cm=product.height_cm,
        unit_value=product.unit_value,
        currency=product.currency,
        fixed_location=product.fixed_location,
    )


def product_from_row(row: ProductRow, gtins: Iterable[ProductGtinRow] = ()) -> Product:
    return Product(
        sku=row.sku,
        name=row.name,
        unit=row.unit,
        tracks_lot=row.tracks_lot,
        tracks_expiry=row.tracks_expiry,
        tracks_serial=row.tracks_serial,
        hs_code=row.hs_code,
        origin_country=row.origin_country,
        weight_kg=Decimal(row.weight_kg),
        length_cm=Decimal(row.length_cm),
        width_cm=Decimal(row.width_cm),
        height_cm=Decimal(row.height_cm),
        unit_value=Decimal(row.unit_value),
        currency=row.currency,
        fixed_location=row.fixed_location,
        gtins=tuple(
            ProductGtin(g.gtin, PackagingLevel(g.level), g.quantity)
            for g in sorted(gtins, key=lambda g: g.quantity)
        ),
    )


class LotRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, sku: str, code: str) -> Lot | None:
        row = self.session.get(LotRow, (sku, code))
        return Lot(row.sku, row.code, row.expiry) if row else None

    def ensure(self, sku: str, code: str, expiry: date | None) -> Lot:
        """The lot, created on first sight; a second expiry for the same lot is refused."""
        row = self.session.get(LotRow, (sku, code))
        if row is None:
            row = LotRow(sku=sku, code=code, expiry=expiry)
            self.session.add(row)
            self.session.flush()
        elif expiry is not None and row.expiry is not None and row.expiry != expiry:
            raise InvalidValue(
                f"expiry of lot {code} of {sku}",
                expiry.isoformat(),
                f"{row.expiry.isoformat()} (as first received)",
                expiry.isoformat(),
            )
        elif expiry is not None and row.expiry is None:
            row.expiry = expiry
        return Lot(row.sku, row.code, row.expiry)


class HandlingUnitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, sscc: str) -> HandlingUnit | None:
        row = self.session.get(HandlingUnitRow, sscc)
        return _handling_unit(row) if row else None

    def require(self, sscc: str) -> HandlingUnit:
        found = self.get(sscc)
        if found is None:
            raise NotFound("handling unit", sscc)
        return found

    def add(self, unit: HandlingUnit, reference: str = "") -> None:
        if self.session.get(HandlingUnitRow, unit.sscc):
            raise AlreadyExists("handling unit", unit.sscc)
        self.session.add(
            HandlingUnitRow(
                sscc=unit.sscc,
                warehouse=unit.warehouse,
                kind=unit.kind.value,
                location=unit.location,
                parent_sscc=unit.parent_sscc or None,
                reference=reference,
                created_at=datetime.now(UTC),
            )
        )
        self.session.flush()

    def place(self, sscc: str, location: str) -> None:
        self.session.execute(
            update(HandlingUnitRow).where(HandlingUnitRow.sscc == sscc).values(location=location)
        )

    def nest(self, sscc: str, parent_sscc: str | None) -> None:
        self.session.execute(
            update(HandlingUnitRow)
            .where(HandlingUnitRow.sscc == sscc)
            .values(parent_sscc=parent_sscc)
        )


def _handling_unit(row: HandlingUnitRow) -> HandlingUnit:
    return HandlingUnit(
        row.sscc, row.warehouse, HandlingUnitKind(row.kind), row.location, row.parent_sscc or ""
    )


class OperatorRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, badge: str) -> Operator | None:
        row = self.session.get(OperatorRow, badge)
        return Operator(row.badge, row.name, Role(row.role), row.active) if row else None

    def row(self, badge: str) -> OperatorRow | None:
        return self.session.get(OperatorRow, badge)

    def add(self, operator: Operator, pin_hash: str) -> None:
        if self.session.get(OperatorRow, operator.badge):
            raise AlreadyExists("operator badge", operator.badge)
        self.session.add(
            OperatorRow(
                badge=operator.badge,
                name=operator.name,
                role=operator.role.value,
                pin_hash=pin_hash,
                active=operator.active,
                failed_attempts=0,
            )
        )
        self.session.flush()


@dataclass(frozen=True)
class StockLine:
    """One row of ``wms stock``."""

    warehouse: str
    location: str
    sku: str
    lot: str
    expiry: date | None
    handling_unit: str
    status: str
    quantity: int


@dataclass(frozen=True)
class StockFilter:
    warehouse: str | None = None
    sku: str | None = None
    location: str | None = None
    lot: str | None = None
    handling_unit: str | None = None
    status: str | None = None


_STOCK_KEY_COLUMNS = ("warehouse", "location", "sku", "lot", "handling_unit", "status")


_BUMP_STATION_SEQ = (
    update(StationRow)
    .where(StationRow.code == bindparam("station"))
    .values(last_seq=StationRow.last_seq + 1)
    .returning(StationRow.last_seq)
)
_INSERT_MOVEMENT = MovementRow.__table__.insert()
_DELETE_STOCK_ROW = delete(StockRow).where(StockRow.id == bindparam("id"))
_ON_HAND = select(StockRow.quantity).where(
    *(getattr(StockRow, column) == bindparam(column) for column in _STOCK_KEY_COLUMNS)
)
_STOCK_UPSERTS: dict[str, object] = {}


def _stock_upsert(dialect: str):  # type: ignore[no-untyped-def]
    """``INSERT … ON CONFLICT DO UPDATE quantity = quantity + delta RETURNING id, quantity``,
    built once per dialect (SQLite and PostgreSQL share the syntax)."""
    statement = _STOCK_UPSERTS.get(dialect)
    if statement is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        base = insert(StockRow)
        statement = base.on_conflict_do_update(
            index_elements=list(_STOCK_KEY_COLUMNS),
            set_={"quantity": StockRow.quantity + base.excluded.quantity},
        ).returning(StockRow.id, StockRow.quantity)
        _STOCK_UPSERTS[dialect] = statement
    return statement


class LedgerRepository:
    """The movement ledger and its stock projection, always written together."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def next_station_seq(self, station: str, warehouse: str) -> int:
        """Bump and return the station's gapless sequence inside the current transaction."""
        connection = self.session.connection()
        seq = connection.execute(_BUMP_STATION_SEQ, {"station": station}).scalar_one_or_none()
        if seq is None:
            self.session.add(StationRow(code=station, warehouse=warehouse, last_seq=1))
            self.session.flush()
            return 1
        return seq

    def append(self, movement: Movement) -> None:
        """Insert one ledger row and apply its deltas to the stock projection."""
        self.session.connection().execute(_INSERT_MOVEMENT, movement_values(movement))
        for key, delta in movement.stock_deltas():
            self.apply_delta(key, delta)

    def apply_delta(self, key: StockKey, delta: int) -> None:
        """Add ``delta`` to one stock row (created on first use, removed when it reaches 0)."""
        connection = self.session.connection()
        upsert = _stock_upsert(connection.dialect.name)
        row = connection.execute(upsert, {**_stock_key_values(key), "quantity": delta}).one()
        if row.quantity == 0:
            connection.execute(_DELETE_STOCK_ROW, {"id": row.id})

    def on_hand(self, key: StockKey) -> int:
        self.session.flush()
        return self.session.connection().execute(_ON_HAND, _stock_key_values(key)).scalar() or 0

    def stock(
        self, where: StockFilter = StockFilter(), limit: int | None = None
    ) -> list[StockLine]:
        statement = (
            select(StockRow, LotRow.expiry)
            .outerjoin(LotRow, and_(LotRow.sku == StockRow.sku, LotRow.code == StockRow.lot))
            .order_by(StockRow.location, StockRow.sku, StockRow.lot, StockRow.handling_unit)
        )
        for column in ("warehouse", "sku", "location", "lot", "handling_unit", "status"):
            wanted = getattr(where, column)
            if wanted is not None:
                statement = statement.where(getattr(StockRow, column) == wanted)
        if limit is not None:
            statement = statement.limit(limit)
        return [
            StockLine(
                row.warehouse,
                row.location,
                row.sku,
                row.lot,
                expiry,
                row.handling_unit,
                row.status,
                row.quantity,
            )
            for row, expiry in self.session.execute(statement)
        ]

    def stock_by_key(self) -> dict[StockKey, int]:
        return {_stock_key(row): row.quantity for row in self.session.scalars(select(StockRow))}

    def ledger_sums(self) -> dict[StockKey, int]:
        """Stock on hand computed from the ledger alone, in SQL."""
        rows = self.session.execute(_ledger_sums_query())
        return {_stock_key(row): int(row.quantity) for row in rows}

    def recompute_stock(self) -> int:
        """Rebuild the stock projection from the ledger; returns the number of stock rows."""
        self.session.execute(delete(StockRow))
        sums = _ledger_sums_query().subquery()
        self.session.execute(
            StockRow.__table__.insert().from_select(
                [*_STOCK_KEY_COLUMNS, "quantity"],
                select(*(sums.c[c] for c in _STOCK_KEY_COLUMNS), sums.c.quantity),
            )
        )
        return self.session.scalar(select(func.count()).select_from(StockRow)) or 0

    def movements(
        self,
        *,
        warehouse: str | None = None,
        sku: str | None = None,
        location: str | None = None,
        kind: str | None = None,
        reference: str | None = None,
        station: str | None = None,
        after_seq: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[Movement]:
        statement = select(MovementRow)
        if warehouse:
            statement = statement.where(MovementRow.warehouse == warehouse)
        if sku:
            statement = statement.where(MovementRow.sku == sku)
        if location:
            statement = statement.where(
                (MovementRow.from_location == location) | (MovementRow.to_location == location)
            )
        if kind:
            statement = statement.where(MovementRow.kind == kind)
        if reference:
            statement = statement.where(MovementRow.reference == reference)
        if station:
            statement = statement.where(MovementRow.station == station)
        if after_seq is not None:
            statement = statement.where(MovementRow.station_seq > after_seq)
        order = MovementRow.id.desc() if newest_first else MovementRow.id
        statement = statement.order_by(order)
        if limit is not None:
            statement = statement.limit(limit)
        return [movement_from_row(row) for row in self.session.scalars(statement)]

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(MovementRow)) or 0


def _stock_key_values(key: StockKey) -> dict[str, str]:
    """A stock key as the bind values of the prebuilt stock statements."""
    return {
        "warehouse": key.warehouse,
        "location": key.location,
        "sku": key.sku,
        "lot": key.lot,
        "handling_unit": key.handling_unit,
        "status": key.status.value,
    }


def _stock_key(row) -> StockKey:  # type: ignore[no-untyped-def]
    status = StockStatus(row.status)
    return StockKey(row.warehouse, row.location, row.sku, row.lot, row.handling_unit, status)


def _ledger_sums_query():  # type: ignore[no-untyped-def]
    m = MovementRow
    arrivals = select(
        m.warehouse,
        m.to_location.label("location"),
        m.sku,
        m.lot,
        m.to_handling_unit.label("handling_unit"),
        m.to_status.label("status"),
        m.quantity.label("quantity"),
    ).where(m.to_location != "")
    departures = select(
        m.warehouse,
        m.from_location.label("location"),
        m.sku,
        m.lot,
        m.from_handling_unit.label("handling_unit"),
        m.from_status.label("status"),
        (literal(0) - m.quantity).label("quantity"),
    ).where(m.from_location != "")
    both = union_all(arrivals, departures).subquery()
    total = func.sum(both.c.quantity)
    return (
        select(*(both.c[c] for c in _STOCK_KEY_COLUMNS), total.label("quantity"))
        .group_by(*(both.c[c] for c in _STOCK_KEY_COLUMNS))
        .having(total != 0)
    )


def movement_values(movement: Movement) -> dict[str, object]:
    return {
        "id": movement.id,
        "warehouse": movement.warehouse,
        "station": movement.station,
        "station_seq": movement.station_seq,
        "operator": movement.operator,
        "kind": movement.kind.value,
        "sku": movement.sku,
        "quantity": movement.quantity,
        "from_location": movement.from_location,
        "to_location": movement.to_location,
        "lot": movement.lot,
        "expiry": movement.expiry,
        "from_handling_unit": movement.from_handling_unit,
        "to_handling_unit": movement.to_handling_unit,
        "from_status": movement.from_status.value,
        "to_status": movement.to_status.value,
        "reference": movement.reference,
        "transfer_id": movement.transfer_id,
        "created_at": movement.created_at,
        "raw_scan": movement.raw_scan,
    }


def movement_from_row(row: MovementRow) -> Movement:
    created = row.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return Movement(
        id=row.id,
        warehouse=row.warehouse,
        station=row.station,
        station_seq=row.station_seq,
        operator=row.operator,
        kind=MovementKind(row.kind),
        sku=row.sku,
        quantity=row.quantity,
        created_at=created,
        from_location=row.from_location,
        to_location=row.to_location,
        lot=row.lot,
        expiry=row.expiry,
        from_handling_unit=row.from_handling_unit,
        to_handling_unit=row.to_handling_unit,
        from_status=StockStatus(row.from_status),
        to_status=StockStatus(row.to_status),
        reference=row.reference,
        transfer_id=row.transfer_id,
        raw_scan=row.raw_scan,
    )
