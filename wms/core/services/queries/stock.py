"""Stock on hand as the supervisor screens show it: per stock line or summed by product,
location, lot or handling unit, and the lots that expire soon."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Select,
    Subquery,
    and_,
    func,
    literal,
    literal_column,
    not_,
    select,
    union,
    union_all,
)

from wms.core.persistence.tables import (
    HandlingUnitRow,
    LotRow,
    MovementRow,
    ProductGtinRow,
    ProductRow,
    StockGroupRow,
    StockProductTotalRow,
    StockRow,
    non_empty,
)
from wms.core.services.queries.paging import Column, ColumnKind, Filters, Source, search_clause


class StockView(StrEnum):
    """How the stock table groups its lines."""

    ROWS = "rows"
    PRODUCT = "product"
    LOCATION = "location"
    LOT = "lot"
    HANDLING_UNIT = "handling_unit"


STOCK_VIEWS = tuple(view.value for view in StockView)

_LOT_JOIN = and_(LotRow.sku == StockRow.sku, LotRow.code == StockRow.lot)


def _key_where(
    statement: Select[Any], filters: Filters, keyed: type[StockRow] | type[StockGroupRow]
) -> Select[Any]:
    """The filters on what a stock row and its group share: warehouse, owner, status, product
    (or its GTIN) and location."""
    if filters.warehouse:
        statement = statement.where(keyed.warehouse == filters.warehouse)
    if filters.owner:
        statement = statement.where(keyed.owner == filters.owner)
    if filters.status:
        statement = statement.where(keyed.status == filters.status)
    if filters.sku:
        statement = statement.where(keyed.sku == filters.sku)
    if filters.location:
        statement = statement.where(keyed.location == filters.location)
    if filters.gtin:
        statement = statement.where(keyed.sku.in_(skus_with_gtin(filters.gtin)))
    return statement


def _stock_where(statement: Select[Any], filters: Filters) -> Select[Any]:
    statement = _key_where(statement, filters, StockRow)
    if filters.lot:
        statement = statement.where(StockRow.lot == filters.lot)
    if filters.handling_unit:
        statement = statement.where(
            StockRow.handling_unit.in_(unit_and_its_contents(filters)),
            non_empty(StockRow.handling_unit),
        )
    if filters.reference:
        statement = statement.where(
            StockRow.handling_unit.in_(units_of_document(filters)),
            non_empty(StockRow.handling_unit),
        )
    found = search_clause(
        filters.search, StockRow.sku, StockRow.location, StockRow.lot, StockRow.handling_unit
    )
    return statement if found is None else statement.where(found)


def skus_with_gtin(gtin: str) -> Select[Any]:
    """The product whose packaging level (each, case, pallet) carries ``gtin``."""
    return select(ProductGtinRow.sku).where(ProductGtinRow.gtin == gtin)


def unit_and_its_contents(filters: Filters) -> CompoundSelect[Any]:
    """A scanned SSCC and the units packed onto it (the cartons of a pallet)."""
    code = filters.handling_unit
    children = select(HandlingUnitRow.sscc).where(HandlingUnitRow.parent_sscc == code)
    return select(literal(code)).union(children)


def units_of_document(filters: Filters) -> CompoundSelect[Any]:
    """The handling units an ASN or an order moved or made (its pallets, totes, parcels)."""
    reference = filters.reference
    moved = select(MovementRow.to_handling_unit).where(
        MovementRow.reference == reference, MovementRow.to_handling_unit != ""
    )
    made = select(HandlingUnitRow.sscc).where(HandlingUnitRow.reference == reference)
    return moved.union(made)


def stock_source(view: StockView | str = StockView.ROWS) -> Source:
    """Stock on hand, one row per stock line or summed by product, location, lot or unit."""
    try:
        view = StockView(view)
    except ValueError:
        raise ValueError(f"stock view {view!r}: expected one of {', '.join(STOCK_VIEWS)}") from None
    if view is StockView.ROWS:
        return _stock_lines()
    if view is StockView.PRODUCT:
        return _stock_by_product()
    if view is StockView.LOCATION:
        return _stock_by_location()
    quantity = func.sum(StockRow.quantity)
    locations = Column(
        "locations", "Locations", func.count(func.distinct(StockRow.location)), ColumnKind.INT
    )
    products = Column(
        "products", "Products", func.count(func.distinct(StockRow.sku)), ColumnKind.INT
    )
    keys: list[Column]
    group: list[Any]
    if view is StockView.LOT:
        keys = [
            Column("sku", "SKU", StockRow.sku),
            Column("lot", "Lot", StockRow.lot),
            Column("expiry", "Expiry", func.max(LotRow.expiry), ColumnKind.DATE, nullable=True),
        ]
        group = [StockRow.sku, StockRow.lot]
        counted = locations
        # pages by keyset on (sku, lot): ix_stock_sku streams the groups in that order
        tiebreak: Any = StockRow.lot
    else:
        keys = [
            Column("handling_unit", "Handling unit", StockRow.handling_unit),
            Column("location", "Location", func.max(StockRow.location)),
        ]
        group = [StockRow.handling_unit]
        counted = products
        # pages by keyset on the unit: ix_stock_handling_unit streams the groups in order
        tiebreak = StockRow.handling_unit
    columns = [*keys, counted, Column("quantity", "Quantity", quantity, ColumnKind.INT)]

    def build_grouped(filters: Filters) -> Select[Any]:
        extra = [tiebreak] if view is StockView.LOT else []
        statement = (
            select(*(c.expression for c in columns), *extra)
            .select_from(StockRow)
            .outerjoin(ProductRow, ProductRow.sku == StockRow.sku)
            .outerjoin(LotRow, _LOT_JOIN)
        )
        if view is StockView.HANDLING_UNIT:
            statement = statement.where(StockRow.handling_unit != "")
        return _stock_where(statement, filters).group_by(*group)

    return Source(
        f"stock-{view.value}",
        columns,
        build_grouped,
        tiebreak=tiebreak,
        default_sort=keys[0].key,
        keyset_sorts=(keys[0].key,),
    )


def _by_product_totals(filters: Filters) -> bool:
    """Whether the product totals answer these filters (the warehouse, a product or its GTIN):
    any other filter (an owner's among them: the totals carry no owner) sums the matching
    stock rows instead."""
    return not (
        filters.owner
        or filters.status
        or filters.location
        or filters.lot
        or filters.handling_unit
        or filters.reference
        or filters.search.strip()
    )


def _by_groups(filters: Filters) -> bool:
    """Whether ``stock_groups`` answers these filters: it keys the stock rows by warehouse,
    product, location, status and owner, so any filter on these (a GTIN is a product) reads
    its rows, and a search too (see :func:`_grouped_rows`); a lot, a handling unit or a
    document sums the matching stock rows instead."""
    return not (filters.lot or filters.handling_unit or filters.reference)


#: above every character of a lot or unit code: ``prefix + _TOP`` bounds the codes that start
#: with ``prefix`` (U+10FFFF, the last code point, is no character of a GS1 code)
_TOP = chr(0x10FFFF)


def _grouped_rows(filters: Filters) -> Subquery:
    """The stock matching ``filters`` (no lot, unit or document filter) as rows of (sku,
    location, units) to sum: the ``stock_groups`` rows, and under a search the stock rows it
    finds by a lot or a unit only.

    A search matches a stock row when each word starts its SKU, location, lot or unit. The
    groups whose SKU or location already matches every word hold all their stock rows; any other
    matching row has a word matched by its lot or unit alone, so it is among the rows a word
    starts the lot or the unit of, which ``ix_stock_lot_upper`` and ``ix_stock_unit_upper``
    find (few unless a word starts most codes), and is added as such."""
    groups = StockGroupRow
    kept: list[Any] = [groups.sku, groups.location, groups.units.label("units")]
    statement = _key_where(select(*kept), filters, StockGroupRow)
    words = filters.search.split()
    by_place = search_clause(filters.search, groups.sku, groups.location)
    row_by_place = search_clause(filters.search, StockRow.sku, StockRow.location)
    if not words or by_place is None or row_by_place is None:
        return statement.subquery()
    candidates = []
    for word in words:
        prefix = word.upper()
        for column in (StockRow.lot, StockRow.handling_unit):
            code = func.upper(column)
            found = select(StockRow.id).where(
                code >= prefix, code < prefix + _TOP, non_empty(column)
            )
            if filters.warehouse:
                found = found.where(StockRow.warehouse == filters.warehouse)
            candidates.append(found)
    rows: list[Any] = [StockRow.sku, StockRow.location, StockRow.quantity.label("units")]
    by_code = _stock_where(select(*rows), filters).where(
        StockRow.id.in_(union(*candidates)), not_(row_by_place)
    )
    return union_all(statement.where(by_place), by_code).subquery()


def _stock_by_location() -> Source:
    """Stock summed by location: read from ``stock_groups`` (one row per product, location,
    status and owner, kept by the database with each stock change) unless a lot, unit or
    document narrows the stock rows, which are then summed. The columns are the statement's
    labels, so both statements sort and page alike."""
    columns = [
        Column("location", "Location", literal_column("location")),
        Column("products", "Products", literal_column("products"), ColumnKind.INT),
        Column("quantity", "Quantity", literal_column("quantity"), ColumnKind.INT),
    ]

    def build(filters: Filters) -> Select[Any]:
        if _by_groups(filters):
            rows = _grouped_rows(filters)
            labelled: list[Any] = [
                rows.c.location.label("location"),
                func.count(func.distinct(rows.c.sku)).label("products"),
                func.sum(rows.c.units).label("quantity"),
            ]
            return select(*labelled).group_by(rows.c.location)
        summed: list[Any] = [
            StockRow.location.label("location"),
            func.count(func.distinct(StockRow.sku)).label("products"),
            func.sum(StockRow.quantity).label("quantity"),
        ]
        statement = select(*summed).select_from(StockRow)
        return _stock_where(statement, filters).group_by(StockRow.location)

    return Source("stock-location", columns, build, default_sort="location")


def _stock_by_product() -> Source:
    """Stock summed by product: read from ``stock_products`` (kept by the database in each stock
    change's transaction: one row per product, whatever the size of the stock table), from
    ``stock_groups`` under an owner, status, location or search filter, and otherwise (a lot,
    unit or document) the matching stock rows summed. The columns are the statement's
    labels, so both statements sort and page alike."""
    columns = [
        Column("sku", "SKU", literal_column("sku")),
        Column("name", "Product", literal_column("name"), nullable=True),
        Column("locations", "Locations", literal_column("locations"), ColumnKind.INT),
        Column("quantity", "Quantity", literal_column("quantity"), ColumnKind.INT),
    ]

    def build(filters: Filters) -> Select[Any]:
        if _by_product_totals(filters):
            totals = StockProductTotalRow
            labelled: list[Any] = [
                totals.sku.label("sku"),
                ProductRow.name.label("name"),
                totals.locations.label("locations"),
                totals.units.label("quantity"),
            ]
            statement = (
                select(*labelled)
                .select_from(totals)
                .outerjoin(ProductRow, ProductRow.sku == totals.sku)
            )
            if filters.warehouse:
                statement = statement.where(totals.warehouse == filters.warehouse)
            if filters.sku:
                statement = statement.where(totals.sku == filters.sku)
            if filters.gtin:
                statement = statement.where(totals.sku.in_(skus_with_gtin(filters.gtin)))
            return statement
        if _by_groups(filters):
            rows = _grouped_rows(filters)
            grouped_labels: list[Any] = [
                rows.c.sku.label("sku"),
                func.max(ProductRow.name).label("name"),
                func.count(func.distinct(rows.c.location)).label("locations"),
                func.sum(rows.c.units).label("quantity"),
            ]
            statement = (
                select(*grouped_labels)
                .select_from(rows)
                .outerjoin(ProductRow, ProductRow.sku == rows.c.sku)
            )
            return statement.group_by(rows.c.sku)
        summed: list[Any] = [
            StockRow.sku.label("sku"),
            func.max(ProductRow.name).label("name"),
            func.count(func.distinct(StockRow.location)).label("locations"),
            func.sum(StockRow.quantity).label("quantity"),
        ]
        grouped = (
            select(*summed)
            .select_from(StockRow)
            .outerjoin(ProductRow, ProductRow.sku == StockRow.sku)
        )
        return _stock_where(grouped, filters).group_by(StockRow.sku)

    return Source("stock-product", columns, build, default_sort="sku")


def _stock_lines() -> Source:
    columns = [
        Column("location", "Location", StockRow.location),
        Column("sku", "SKU", StockRow.sku),
        Column("name", "Product", ProductRow.name, nullable=True),
        Column("lot", "Lot", StockRow.lot),
        Column("expiry", "Expiry", LotRow.expiry, ColumnKind.DATE, nullable=True),
        Column("handling_unit", "Handling unit", StockRow.handling_unit),
        Column("status", "Status", StockRow.status),
        Column("quantity", "Quantity", StockRow.quantity, ColumnKind.INT),
    ]

    def build(filters: Filters) -> Select[Any]:
        statement = (
            select(*(c.expression for c in columns), StockRow.id)
            .select_from(StockRow)
            .outerjoin(ProductRow, ProductRow.sku == StockRow.sku)
            .outerjoin(LotRow, _LOT_JOIN)
        )
        return _stock_where(statement, filters)

    return Source("stock", columns, build, tiebreak=StockRow.id, default_sort="location")


# -- expiring lots ----------------------------------------------------------------------------

#: a lot this close to its expiry (in days) is flagged to the supervisor
EXPIRY_WARNING_DAYS = 30


class ExpiryWarning(StrEnum):
    """What a lot's expiry date means on a given day."""

    EXPIRED = "expired"
    EXPIRES_SOON = "expires_soon"


def expiry_warning(expiry: date | None, today: date) -> ExpiryWarning | None:
    """``EXPIRED`` before ``today``, ``EXPIRES_SOON`` within :data:`EXPIRY_WARNING_DAYS` days,
    otherwise (or without an expiry date) nothing."""
    if expiry is None:
        return None
    if expiry < today:
        return ExpiryWarning.EXPIRED
    if expiry <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        return ExpiryWarning.EXPIRES_SOON
    return None


def expiring_source(today: Callable[[], date]) -> Source:
    """Lots on hand that expire within ``Filters.days`` days of ``today()`` (or have expired),
    soonest first; the first column is the expiry date. ``today`` is read at each query, so a
    screen left open overnight moves on with the calendar."""
    quantity = func.sum(StockRow.quantity)
    columns = [
        Column("expiry", "Expiry", LotRow.expiry, ColumnKind.DATE),
        Column("sku", "SKU", StockRow.sku),
        Column("name", "Product", func.max(ProductRow.name), nullable=True),
        Column("lot", "Lot", StockRow.lot),
        Column(
            "locations",
            "Locations",
            func.count(func.distinct(StockRow.location)),
            ColumnKind.INT,
        ),
        Column("quantity", "Quantity", quantity, ColumnKind.INT),
    ]

    def build(filters: Filters) -> Select[Any]:
        limit_day = today() + timedelta(days=filters.days)
        statement = (
            select(*(c.expression for c in columns))
            .select_from(StockRow)
            .join(LotRow, _LOT_JOIN)
            .outerjoin(ProductRow, ProductRow.sku == StockRow.sku)
            .where(LotRow.expiry.is_not(None), LotRow.expiry <= limit_day)
        )
        return _stock_where(statement, filters).group_by(LotRow.expiry, StockRow.sku, StockRow.lot)

    return Source("expiring", columns, build, default_sort="expiry")
