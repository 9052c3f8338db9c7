"""Manifests: what is on a shipment (one row per parcel) and what is in a closed bag."""

from __future__ import annotations

from typing import Any

from wms.core.persistence.outbound_tables import ParcelRow, ShipmentRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.outbound.shipping import require_shipment

MANIFEST_COLUMNS = (
    "shipment",
    "sscc",
    "bag",
    "order",
    "carrier",
    "service",
    "country",
    "postcode",
    "units",
    "weight_kg",
    "value",
    "currency",
    "customs_form",
    "state",
)


def parcel_row(parcel: ParcelRow) -> dict[str, Any]:
    return {
        "shipment": parcel.shipment,
        "sscc": parcel.sscc,
        "bag": parcel.bag,
        "order": parcel.order,
        "carrier": parcel.carrier,
        "service": parcel.service,
        "country": parcel.ship_to_country,
        "postcode": parcel.ship_to_postcode,
        "units": parcel.units,
        "weight_kg": parcel.weight_kg,
        "value": parcel.value,
        "currency": parcel.currency,
        "customs_form": parcel.customs_form,
        "state": parcel.state,
    }


def shipment_manifest(
    uow: UnitOfWork, warehouse: str, shipment_id: str
) -> tuple[ShipmentRow, list[dict[str, Any]]]:
    shipment = require_shipment(uow, warehouse, shipment_id)
    return shipment, manifest_rows(uow, warehouse, shipment.id)


def manifest_rows(uow: UnitOfWork, warehouse: str, shipment_id: str) -> list[dict[str, Any]]:
    """One row per parcel of a shipment known to exist, by bag then SSCC."""
    return [parcel_row(p) for p in uow.parcels.manifest(warehouse, shipment_id)]


def parcels(
    uow: UnitOfWork, warehouse: str, *, order: str | None = None, state: str | None = None
) -> list[dict[str, Any]]:
    return [parcel_row(p) for p in uow.parcels.listing(warehouse, order=order, state=state)]
