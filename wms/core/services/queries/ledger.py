"""The movement ledger as the supervisor screens scroll it: newest first, filtered by product,
location, kind or warehouse."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from wms.core.persistence.tables import MovementRow, non_empty
from wms.core.services.queries.paging import Column, ColumnKind, Filters, Source
from wms.core.services.queries.stock import skus_with_gtin


def movements_source() -> Source:
    """The ledger, newest first; keyset-paged on the time-ordered movement id (UUIDv7)."""
    m = MovementRow
    columns = [
        Column("created_at", "Time", m.created_at, ColumnKind.DATETIME, sortable=False),
        Column("kind", "Kind", m.kind, sortable=False),
        Column("sku", "SKU", m.sku, sortable=False),
        Column("quantity", "Quantity", m.quantity, ColumnKind.INT, sortable=False),
        Column("from_location", "From", m.from_location, sortable=False),
        Column("to_location", "To", m.to_location, sortable=False),
        Column("lot", "Lot", m.lot, sortable=False),
        Column("handling_unit", "Handling unit", m.to_handling_unit, sortable=False),
        Column("reference", "Reference", m.reference, sortable=False),
        Column("operator", "Operator", m.operator, sortable=False),
        Column("station", "Station", m.station, sortable=False),
        Column("id", "Movement", m.id, sortable=True),
    ]

    def build(filters: Filters, sides: tuple[str, str] | None = None) -> Select[Any]:
        """The movements of ``filters``; ``sides`` = (location side, handling-unit side) keeps
        one branch of each either-side filter (see ``branches``)."""
        statement = select(*(c.expression for c in columns))
        narrowed = (
            filters.sku or filters.location or filters.gtin or filters.lot
            or filters.handling_unit or filters.reference or filters.owner
        )  # fmt: skip
        if filters.warehouse:
            if narrowed:
                statement = statement.where(m.warehouse == filters.warehouse)
            else:
                # the whole ledger: walk the primary key (time order) and filter as it goes;
                # a bare "warehouse = ?" would tempt SQLite into a (warehouse, sku) index scan
                # and a sort of every movement before the first page
                statement = statement.where(func.coalesce(m.warehouse, "") == filters.warehouse)
        if filters.owner:
            statement = statement.where(m.owner == filters.owner)
        if filters.sku:
            statement = statement.where(m.sku == filters.sku)
        if filters.location:
            # each side of the OR names the warehouse too, so each can use its own
            # (warehouse, from_location) / (warehouse, to_location) index
            here = [m.warehouse == filters.warehouse] if filters.warehouse else []
            origin = and_(*here, m.from_location == filters.location)
            destination = and_(*here, m.to_location == filters.location)
            if sides is None:
                statement = statement.where(or_(origin, destination))
            elif sides[0] == "from":
                statement = statement.where(origin)
            else:  # arrivals that did not also leave from here (those are the other branch's)
                statement = statement.where(destination, m.from_location != filters.location)
        if filters.gtin:
            statement = statement.where(m.sku.in_(skus_with_gtin(filters.gtin)))
        if filters.lot:
            statement = statement.where(m.lot == filters.lot, non_empty(m.lot))
        if filters.handling_unit:
            unit = filters.handling_unit
            if sides is None:
                statement = statement.where(
                    or_(
                        and_(m.from_handling_unit == unit, non_empty(m.from_handling_unit)),
                        and_(m.to_handling_unit == unit, non_empty(m.to_handling_unit)),
                    )
                )
            elif sides[1] == "from":
                statement = statement.where(
                    m.from_handling_unit == unit, non_empty(m.from_handling_unit)
                )
            else:
                statement = statement.where(
                    m.to_handling_unit == unit,
                    non_empty(m.to_handling_unit),
                    m.from_handling_unit != unit,
                )
        if filters.reference:
            statement = statement.where(m.reference == filters.reference)
        if filters.kind:
            statement = statement.where(m.kind == filters.kind)
        return statement

    def branches(filters: Filters) -> list[Select[Any]]:
        """A location (or handling unit) is on either side of a movement: one branch per side,
        each read newest first through its own (warehouse, side, id) index."""
        location_sides = ("from", "to") if filters.location else ("from",)
        unit_sides = ("from", "to") if filters.handling_unit else ("from",)
        return [build(filters, (a, b)) for a in location_sides for b in unit_sides]

    return Source(
        "movements",
        columns,
        build,
        tiebreak=m.id,
        default_sort="id",
        default_descending=True,
        count=False,
        branches=branches,
    )
