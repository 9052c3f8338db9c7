"""Read models of the master data that the listing commands show (``wms products``,
``wms locations``): product rows with their GTINs, locations by type and zone along the walk.
Entities the workflows use are read through the repositories instead."""

from __future__ import annotations

from sqlalchemy import select

from wms.core.domain.owners import Owner
from wms.core.persistence.tables import LocationRow, ProductGtinRow, ProductRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services import owners
from wms.core.services.location_generator import next_walk_sequence


def product_rows(uow: UnitOfWork, sku: str | None = None) -> list[ProductRow]:
    """Every product (or the one ``sku``), by SKU."""
    statement = select(ProductRow).order_by(ProductRow.sku)
    if sku:
        statement = statement.where(ProductRow.sku == sku)
    return list(uow.session.scalars(statement))


def gtins_by_sku(uow: UnitOfWork) -> dict[str, list[ProductGtinRow]]:
    """Each product's GTINs, the single unit first (then by pack quantity)."""
    found: dict[str, list[ProductGtinRow]] = {}
    for gtin in uow.session.scalars(select(ProductGtinRow).order_by(ProductGtinRow.quantity)):
        found.setdefault(gtin.sku, []).append(gtin)
    return found


def owners_with_products(uow: UnitOfWork) -> list[tuple[Owner, int]]:
    """Every stock owner (``HUB`` among them) by code, with its number of products."""
    counts = owners.products_per_owner(uow.session)
    return [(owner, counts.get(owner.code, 0)) for owner in owners.list_owners(uow.session)]


def location_rows(
    uow: UnitOfWork, warehouse: str, *, location_type: str | None = None, zone: str | None = None
) -> list[LocationRow]:
    """The warehouse's locations (of a type, in a zone), along the walk then by code."""
    statement = select(LocationRow).where(LocationRow.warehouse == warehouse)
    if location_type:
        statement = statement.where(LocationRow.type == location_type)
    if zone:
        statement = statement.where(LocationRow.zone == zone)
    return list(
        uow.session.scalars(statement.order_by(LocationRow.walk_sequence, LocationRow.code))
    )


def first_free_walk_sequence(uow: UnitOfWork, warehouse: str) -> int:
    """One after the highest walk sequence of the warehouse's locations."""
    return next_walk_sequence(uow.session, warehouse)
