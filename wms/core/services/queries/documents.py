"""Open documents (ASNs, orders) with their progress from the ledger, and the sort destinations
by how full they are. ASNs and orders carry their owner (merchant), and an owner filter is a
condition of their query, as on the stock and ledger screens."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import Select, case, func, select

from wms.core.persistence.tables import (
    AsnLineRow,
    AsnRow,
    LocationRow,
    MovementRow,
    OrderLineRow,
    OrderRow,
    StockRow,
)
from wms.core.services.queries.paging import Column, ColumnKind, Filters, Source, search_clause


def asn_source() -> Source:
    expected = (
        select(func.coalesce(func.sum(AsnLineRow.quantity), 0))
        .where(AsnLineRow.asn == AsnRow.number)
        .scalar_subquery()
    )
    received = (
        select(func.coalesce(func.sum(MovementRow.quantity), 0))
        .where(MovementRow.reference == AsnRow.number, MovementRow.kind == "receive")
        .scalar_subquery()
    )
    lines = select(func.count()).where(AsnLineRow.asn == AsnRow.number).scalar_subquery()
    columns = [
        Column("number", "ASN", AsnRow.number),
        Column("supplier", "Supplier", AsnRow.supplier),
        Column("owner", "Owner", AsnRow.owner),
        Column("origin", "Origin", AsnRow.origin_country),
        Column("expected_date", "Expected", AsnRow.expected_date, ColumnKind.DATE, nullable=True),
        Column("lines", "Lines", lines, ColumnKind.INT),
        Column("expected", "Units expected", expected, ColumnKind.INT),
        Column("received", "Units received", received, ColumnKind.INT),
        Column("status", "Status", AsnRow.status),
    ]

    def build(filters: Filters) -> Select[Any]:
        statement = select(*(c.expression for c in columns))
        if filters.warehouse:
            statement = statement.where(AsnRow.warehouse == filters.warehouse)
        if filters.owner:
            statement = statement.where(AsnRow.owner == filters.owner)
        if filters.status:
            statement = statement.where(AsnRow.status == filters.status)
        else:
            statement = statement.where(AsnRow.status.not_in(("closed", "cancelled")))
        found = search_clause(filters.search, AsnRow.number, AsnRow.supplier)
        return statement if found is None else statement.where(found)

    return Source("asns", columns, build, default_sort="number")


def order_source() -> Source:
    units = (
        select(func.coalesce(func.sum(OrderLineRow.quantity), 0))
        .where(OrderLineRow.order == OrderRow.number)
        .scalar_subquery()
    )
    picked = (
        select(func.coalesce(func.sum(MovementRow.quantity), 0))
        .where(MovementRow.reference == OrderRow.number, MovementRow.kind == "pick")
        .scalar_subquery()
    )
    lines = select(func.count()).where(OrderLineRow.order == OrderRow.number).scalar_subquery()
    columns = [
        Column("number", "Order", OrderRow.number),
        Column("customer", "Customer", OrderRow.customer),
        Column("owner", "Owner", OrderRow.owner),
        Column("country", "Country", OrderRow.ship_to_country),
        Column("carrier", "Carrier", OrderRow.carrier),
        Column("lines", "Lines", lines, ColumnKind.INT),
        Column("units", "Units", units, ColumnKind.INT),
        Column("picked", "Units picked", picked, ColumnKind.INT),
        Column("status", "Status", OrderRow.status),
    ]

    def build(filters: Filters) -> Select[Any]:
        statement = select(*(c.expression for c in columns))
        if filters.warehouse:
            statement = statement.where(OrderRow.warehouse == filters.warehouse)
        if filters.owner:
            statement = statement.where(OrderRow.owner == filters.owner)
        if filters.status:
            statement = statement.where(OrderRow.status == filters.status)
        else:
            statement = statement.where(OrderRow.status.not_in(("shipped", "cancelled", "closed")))
        found = search_clause(filters.search, OrderRow.number, OrderRow.customer, OrderRow.carrier)
        return statement if found is None else statement.where(found)

    return Source("orders", columns, build, default_sort="number")


#: a sort destination this full (per cent of its capacity) must be emptied now / soon
FULL_PERCENT = 90
FILLING_PERCENT = 60


class FillWarning(StrEnum):
    """How urgently a sort destination needs emptying."""

    FULL = "full"
    FILLING = "filling"


def fill_warning(percent: float | None) -> FillWarning | None:
    """``FULL`` from :data:`FULL_PERCENT`, ``FILLING`` from :data:`FILLING_PERCENT`; nothing
    below, or for a destination without a capacity."""
    if percent is None:
        return None
    if percent >= FULL_PERCENT:
        return FillWarning.FULL
    if percent >= FILLING_PERCENT:
        return FillWarning.FILLING
    return None


def sort_destination_source() -> Source:
    """Active sort destinations, fullest first; the last column is the per cent filled."""
    units = (
        select(func.coalesce(func.sum(StockRow.quantity), 0))
        .where(StockRow.warehouse == LocationRow.warehouse, StockRow.location == LocationRow.code)
        .scalar_subquery()
    )
    handling_units = (
        select(func.count(func.distinct(StockRow.handling_unit)))
        .where(
            StockRow.warehouse == LocationRow.warehouse,
            StockRow.location == LocationRow.code,
            StockRow.handling_unit != "",
        )
        .scalar_subquery()
    )
    fill = case(
        (
            func.coalesce(LocationRow.capacity_units, 0) > 0,
            units * 100.0 / LocationRow.capacity_units,
        ),
        else_=None,
    )
    columns = [
        Column("code", "Destination", LocationRow.code),
        Column("zone", "Zone", LocationRow.zone),
        Column("units", "Units", units, ColumnKind.INT),
        Column("handling_units", "Handling units", handling_units, ColumnKind.INT),
        Column("capacity", "Capacity", LocationRow.capacity_units, ColumnKind.INT, nullable=True),
        Column("fill", "Filled", fill, ColumnKind.PERCENT, nullable=True),
    ]

    def build(filters: Filters) -> Select[Any]:
        statement = select(*(c.expression for c in columns)).where(
            LocationRow.type == "sort_destination", LocationRow.active.is_(True)
        )
        if filters.warehouse:
            statement = statement.where(LocationRow.warehouse == filters.warehouse)
        found = search_clause(filters.search, LocationRow.code, LocationRow.zone)
        return statement if found is None else statement.where(found)

    return Source("sort-destinations", columns, build, default_sort="fill", default_descending=True)
