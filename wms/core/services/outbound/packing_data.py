"""What a packed parcel carries on paper: the GS1 logistic label, the packing list and the
customs declaration, built as print specs (:mod:`wms.core.domain.print_specs`) inside the
packing transaction and rendered to ZPL / PDF by the print queue when the jobs are delivered.

A parcel is labelled only with a deliverable ship-to address (:func:`ship_to`: a name, a postcode
that is a valid GS1 AI 420 value, a city, a 2-letter country); texts are cut to the room on the
label and forms.

Expected weight: the products' unit weights times quantities plus the carton tare. The scale
reading is accepted within ``max(WEIGHT_TOLERANCE_KG, WEIGHT_TOLERANCE_RATIO × expected)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from wms.core.domain.errors import InvalidValue
from wms.core.domain.model import Warehouse
from wms.core.domain.print_specs import (
    CustomsSpec,
    DeclaredLine,
    PackedLine,
    PackingListSpec,
    PostalAddress,
    ShippingLabelSpec,
    fit,
    ship_to_postcode,
)
from wms.core.domain.text import msg
from wms.core.persistence.tables import OrderRow
from wms.core.services.outbound.customs import CustomsItem, check_items, form_for, needs_customs

WEIGHT_TOLERANCE_KG = Decimal("0.050")
WEIGHT_TOLERANCE_RATIO = Decimal("0.05")
_COUNTRY = re.compile(r"[A-Z]{2}")


def weight_tolerance(expected_kg: Decimal) -> Decimal:
    return max(WEIGHT_TOLERANCE_KG, (expected_kg * WEIGHT_TOLERANCE_RATIO).quantize(
        Decimal("0.001")))  # fmt: skip


def kilograms(weight: Decimal) -> Decimal:
    """A weight as labels print it: to the gram, without trailing zeros."""
    return weight.quantize(Decimal("0.001")).normalize()


@dataclass(frozen=True)
class ParcelLine:
    """One SKU / lot in the parcel with what the documents need about it."""

    sku: str
    description: str
    lot: str
    quantity: int
    unit_weight_kg: Decimal
    unit_value: Decimal
    currency: str
    hs_code: str
    origin_country: str


def _country(value: str, what: str = "country code") -> str:
    country = (value or "").strip().upper()
    if not _COUNTRY.fullmatch(country):
        raise InvalidValue(what, value, msg("2 letters (ISO 3166, e.g. FR, MA)"), repr(country))
    return country


def ship_from(warehouse: Warehouse) -> PostalAddress:
    return PostalAddress(
        name=fit(warehouse.name, "name"),
        city=fit(warehouse.city, "city"),
        country=_country(warehouse.country),
    )


def ship_to(order: OrderRow) -> PostalAddress:
    """The order's ship-to address, refused when a parcel could not be labelled for it."""
    name = fit(order.ship_to_name, "name")
    if not name:
        raise InvalidValue(
            msg("address name"), order.ship_to_name, msg("some text"), msg("nothing")
        )
    lines = [fit(part, "address_line") for part in (order.ship_to_address or "").split("\n")]
    postcode = (order.ship_to_postcode or "").strip()
    ship_to_postcode(postcode)
    city = fit(order.ship_to_city, "city")
    if not city:
        raise InvalidValue(msg("ship-to city"), "", msg("a city"), msg("nothing"))
    return PostalAddress(
        name=name,
        lines=tuple(line for line in lines if line)[:3],
        postcode=postcode,
        city=city,
        country=_country(order.ship_to_country),
    )


def shipping_label(
    warehouse: Warehouse,
    order: OrderRow,
    sscc: str,
    weight_kg: Decimal,
    parcel_number: int = 1,
    parcel_count: int = 1,
) -> ShippingLabelSpec:
    return ShippingLabelSpec(
        sscc=sscc,
        ship_from=ship_from(warehouse),
        ship_to=ship_to(order),
        carrier=fit(order.carrier, "carrier") or "UNASSIGNED",
        service=fit(order.service, "service"),
        order=fit(order.number, "reference"),
        weight_kg=kilograms(weight_kg),
        parcel_number=parcel_number,
        parcel_count=max(parcel_count, parcel_number),
        company_prefix_length=len(warehouse.gs1_company_prefix),
    )


def label_data(label: ShippingLabelSpec) -> dict[str, Any]:
    """The GS1 logistic label content as plain data (for feedback, JSON and manifests)."""
    postcode = ship_to_postcode(label.ship_to.postcode)
    return {
        "sscc": label.sscc,
        "ai_00": label.sscc,
        "ai_420": postcode,
        "gs1_128": [f"(420){postcode}", f"(00){label.sscc}"],
        "carrier": label.carrier,
        "service": label.service,
        "order": label.order,
        "weight_kg": f"{label.weight_kg:f}",
        "ship_to": {
            "name": label.ship_to.name,
            "lines": list(label.ship_to.lines),
            "postcode": label.ship_to.postcode,
            "city": label.ship_to.city,
            "country": label.ship_to.country,
        },
        "parcel": f"{label.parcel_number}/{label.parcel_count}",
    }


def packing_list(
    warehouse: Warehouse,
    order: OrderRow,
    sscc: str,
    lines: Sequence[ParcelLine],
    packed_on: date,
) -> PackingListSpec:
    return PackingListSpec(
        order=fit(order.number, "reference"),
        sscc=sscc,
        carrier=fit(order.carrier, "carrier"),
        packed_on=packed_on,
        ship_from=ship_from(warehouse),
        ship_to=ship_to(order),
        lines=tuple(
            PackedLine(
                line.sku, fit(line.description, "packing_description"), line.quantity, line.lot
            )
            for line in lines
        ),
    )


def customs_items(lines: Sequence[ParcelLine]) -> list[CustomsItem]:
    """One customs line per SKU (lots merged)."""
    merged: dict[str, CustomsItem] = {}
    for line in lines:
        found = merged.get(line.sku)
        quantity = line.quantity + (found.quantity if found else 0)
        merged[line.sku] = CustomsItem(
            sku=line.sku,
            description=line.description,
            quantity=quantity,
            net_weight_kg=line.unit_weight_kg * quantity,
            value=(line.unit_value * quantity).quantize(Decimal("0.01")),
            currency=line.currency,
            hs_code=line.hs_code,
            origin_country=line.origin_country,
        )
    return list(merged.values())


def customs_declaration(
    warehouse: Warehouse,
    order: OrderRow,
    sscc: str,
    lines: Sequence[ParcelLine],
    gross_weight_kg: Decimal,
    signed_by: str,
    signed_on: date,
) -> CustomsSpec | None:
    """The CN22/CN23 for a cross-border parcel, None for a domestic one; refuses lines without
    HS code, origin or net weight."""
    if not needs_customs(warehouse.country, order.ship_to_country):
        return None
    items = customs_items(lines)
    check_items(items)
    total = sum((item.value for item in items), Decimal("0"))
    currency = items[0].currency if items else "EUR"
    net = sum((item.net_weight_kg for item in items), Decimal("0"))
    return CustomsSpec(
        form=form_for(total, currency, len(items)),
        category="sale_of_goods",
        sender=ship_from(warehouse),
        recipient=ship_to(order),
        lines=tuple(
            DeclaredLine(
                description=fit(item.description, "customs_description"),
                quantity=item.quantity,
                net_weight_kg=kilograms(item.net_weight_kg),
                value=item.value,
                currency=item.currency.strip().upper(),
                hs_code=item.hs_code.replace(".", "").replace(" ", ""),
                origin_country=item.origin_country.strip().upper(),
            )
            for item in items
        ),
        gross_weight_kg=kilograms(max(gross_weight_kg, net)),
        invoice_number=fit(order.number, "reference"),
        sender_reference=fit(order.number, "reference"),
        signed_by=fit(signed_by, "signed_by"),
        place=fit(warehouse.city, "place"),
        signed_on=signed_on,
        sscc=sscc,
    )


def customs_data(declaration: CustomsSpec | None) -> dict[str, Any]:
    if declaration is None:
        return {}
    return {
        "form": declaration.form,
        "category": declaration.category,
        "currency": declaration.lines[0].currency,
        "total_value": str(sum((ln.value for ln in declaration.lines), Decimal("0"))),
        "gross_weight_kg": f"{declaration.gross_weight_kg:f}",
        "lines": [
            {
                "description": ln.description,
                "quantity": ln.quantity,
                "net_weight_kg": f"{ln.net_weight_kg:f}",
                "value": str(ln.value),
                "currency": ln.currency,
                "hs_code": ln.hs_code,
                "origin_country": ln.origin_country,
            }
            for ln in declaration.lines
        ],
    }
