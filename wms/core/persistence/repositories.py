"""Repositories: the only code that turns table rows into domain objects and back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from wms.core.domain.clock import utc_now
from wms.core.domain.errors import AlreadyExists, InvalidValue, NotFound
from wms.core.domain.model import (
    HandlingUnit,
    HandlingUnitKind,
    Location,
    LocationType,
    Lot,
    Operator,
    PackagingLevel,
    Product,
    ProductGtin,
    Role,
    Warehouse,
)
from wms.core.domain.sscc import make_sscc
from wms.core.domain.text import msg
from wms.core.persistence.base import table_of
from wms.core.persistence.ledger_repository import (  # noqa: F401  (re-exported)
    LedgerRepository,
    StockFilter,
    StockLine,
    movement_from_row,
    movement_values,
)
from wms.core.persistence.raw_sqlite import PreparedWrite, committed, held
from wms.core.persistence.sscc_ranges import allocate_reserved_sscc
from wms.core.persistence.tables import (
    HandlingUnitRow,
    LocationRow,
    LotRow,
    OperatorRow,
    ProductGtinRow,
    ProductRow,
    WarehouseRow,
)
from wms.core.persistence.workflow_tables import (
    LoginEventRow,
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
            raise NotFound(msg("warehouse"), code, msg("create it with 'wms demo' or an import"))
        return found

    def all(self) -> list[Warehouse]:
        rows = self.session.scalars(select(WarehouseRow).order_by(WarehouseRow.code))
        return [_warehouse(row) for row in rows]

    def add(self, warehouse: Warehouse) -> None:
        if self.session.get(WarehouseRow, warehouse.code):
            raise AlreadyExists(msg("warehouse"), warehouse.code)
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
        found = _NEXT_SSCC_SERIAL.rows(self.session, {"warehouse": code})
        if not found:
            raise NotFound(msg("warehouse"), code)
        serial, prefix = found[0]
        loaded = held(self.session, WarehouseRow, (code,))
        if loaded is not None:
            committed(loaded, {"last_sscc_serial": serial})
        return make_sscc(prefix, serial)


_w = table_of(WarehouseRow).c
_NEXT_SSCC_SERIAL = PreparedWrite(
    update(table_of(WarehouseRow))
    .where(_w.code == bindparam("warehouse"))
    .values(last_sscc_serial=_w.last_sscc_serial + 1)
    .returning(_w.last_sscc_serial, _w.gs1_company_prefix)
)  # built once: every parcel closed allocates an SSCC


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
            raise NotFound(
                msg("location"),
                code,
                msg("not a location of warehouse {warehouse}", warehouse=warehouse),
            )
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

    def active(self, warehouse: str) -> dict[str, Location]:
        """Every active location of ``warehouse``, by code."""
        rows = self.session.scalars(
            select(LocationRow).where(
                LocationRow.warehouse == warehouse, LocationRow.active.is_(True)
            )
        )
        return {row.code: location_from_row(row) for row in rows}

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
            raise NotFound(msg("product"), sku)
        return found

    def unit_weights(self) -> dict[str, Decimal]:
        """Unit weight (kg) of every product, for capacity checks."""
        rows = self.session.execute(select(ProductRow.sku, ProductRow.weight_kg))
        return {row.sku: Decimal(row.weight_kg or 0) for row in rows}

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
        owner=product.owner,
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
        owner=row.owner,
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
                msg("expiry of lot {code} of {sku}", code=code, sku=sku),
                expiry.isoformat(),
                msg("{expiry} (as first received)", expiry=row.expiry.isoformat()),
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
            raise NotFound(msg("handling unit"), sscc)
        return found

    def reference_of(self, sscc: str) -> str:
        """The document the unit was made for (its receipt), or an empty string."""
        row = self.session.get(HandlingUnitRow, sscc)
        return (row.reference or "") if row else ""

    def add(self, unit: HandlingUnit, reference: str = "") -> None:
        if self.session.get(HandlingUnitRow, unit.sscc):
            raise AlreadyExists(msg("handling unit"), unit.sscc)
        self.session.add(
            HandlingUnitRow(
                sscc=unit.sscc,
                warehouse=unit.warehouse,
                kind=unit.kind.value,
                location=unit.location,
                parent_sscc=unit.parent_sscc or None,
                reference=reference,
                created_at=utc_now(),
            )
        )
        self.session.flush()

    def place(self, sscc: str, location: str) -> None:
        self.session.execute(
            update(HandlingUnitRow).where(HandlingUnitRow.sscc == sscc).values(location=location)
        )

    def store(self, sscc: str, location: str, state: str) -> None:
        """The unit now stands at ``location`` (empty when decanted) in ``state``."""
        self.session.execute(
            update(HandlingUnitRow)
            .where(HandlingUnitRow.sscc == sscc)
            .values(location=location, state=state)
        )

    def arrive(self, sscc: str, warehouse: str, location: str, at: datetime) -> None:
        """A unit from another warehouse now belongs to ``warehouse`` at ``location`` (its row
        made if this database has never seen it)."""
        row = self.session.get(HandlingUnitRow, sscc)
        if row is None:
            self.session.add(
                HandlingUnitRow(
                    sscc=sscc,
                    warehouse=warehouse,
                    kind=HandlingUnitKind.PALLET.value,
                    location=location,
                    created_at=at,
                )
            )
            self.session.flush()
        else:
            row.warehouse, row.location = warehouse, location


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
            raise AlreadyExists(msg("operator badge"), operator.badge)
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

    def record_event(
        self, *, warehouse: str, station: str, badge: str, event: str, at: datetime, detail: str
    ) -> None:
        """One line of the login audit (login, logout, failed PIN, lockout, timeout)."""
        self.session.add(
            LoginEventRow(
                warehouse=warehouse, station=station, badge=badge, event=event, detail=detail, at=at
            )
        )

    def login_events(self, badge: str | None = None) -> list[LoginEventRow]:
        """The login audit, oldest first (of one badge, if given), detached from the session."""
        statement = select(LoginEventRow).order_by(LoginEventRow.id)
        if badge is not None:
            statement = statement.where(LoginEventRow.badge == badge)
        rows = list(self.session.scalars(statement))
        self.session.expunge_all()
        return rows
