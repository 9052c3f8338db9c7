"""What a packed parcel carries on paper: the GS1 logistic label data, the packing list and
the customs declaration, built as :mod:`wms.labels` data objects (rendering is theirs).

Expected weight: the products' unit weights times quantities plus the carton tare. The scale
reading is accepted within ``max(WEIGHT_TOLERANCE_KG, WEIGHT_TOLERANCE_RATIO × expected)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from wms.core.domain.model import Warehouse
from wms.core.persistence.tables import OrderRow
from wms.core.services.outbound.customs import CustomsItem, check_items, form_for, needs_customs
from wms.labels.documents import CustomsDeclaration, CustomsLine, PackingLine, PackingList
from wms.labels.gs1 import human_readable
from wms.labels.model import Address, SsccLabel, postcode_element

WEIGHT_TOLERANCE_KG = Decimal("0.050")
WEIGHT_TOLERANCE_RATIO = Decimal("0.05")


def weight_tolerance(expected_kg: Decimal) -> Decimal:
    return max(WEIGHT_TOLERANCE_KG, (expected_kg * WEIGHT_TOLERANCE_RATIO).quantize(
        Decimal("0.001")))  # fmt: skip


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


def ship_from(warehouse: Warehouse) -> Address:
    return Address(name=warehouse.name[:60], city=warehouse.city, country=warehouse.country)


def ship_to(order: OrderRow) -> Address:
    lines = tuple(part.strip() for part in (order.ship_to_address or "").split("\n") if part)
    return Address(
        name=order.ship_to_name[:60],
        lines=lines[:3],
        postcode=order.ship_to_postcode,
        city=order.ship_to_city,
        country=order.ship_to_country,
    )


def shipping_label(
    warehouse: Warehouse,
    order: OrderRow,
    sscc: str,
    weight_kg: Decimal,
    parcel_number: int = 1,
    parcel_count: int = 1,
) -> SsccLabel:
    return SsccLabel(
        sscc=sscc,
        ship_from=ship_from(warehouse),
        ship_to=ship_to(order),
        carrier=order.carrier or "UNASSIGNED",
        service=order.service,
        order_reference=order.number,
        weight_kg=weight_kg,
        parcel_number=parcel_number,
        parcel_count=max(parcel_count, parcel_number),
        company_prefix_length=len(warehouse.gs1_company_prefix),
    )


def label_data(label: SsccLabel) -> dict[str, Any]:
    """The GS1 logistic label content as plain data (for feedback, JSON and manifests)."""
    postcode = postcode_element(label.ship_to.postcode)
    return {
        "sscc": label.sscc,
        "ai_00": label.sscc,
        "ai_420": postcode.value,
        "gs1_128": [
            human_readable(label.postcode_elements),
            human_readable(label.sscc_elements),
        ],
        "carrier": label.carrier,
        "service": label.service,
        "order": label.order_reference,
        "weight_kg": str(label.weight_kg) if label.weight_kg is not None else "",
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
) -> PackingList:
    return PackingList(
        order_reference=order.number,
        ship_to=ship_to(order),
        ship_from=ship_from(warehouse),
        sscc=sscc,
        carrier=order.carrier,
        packed_on=packed_on,
        lines=tuple(
            PackingLine(line.sku, line.description[:80], line.quantity, line.lot or None)
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
) -> CustomsDeclaration | None:
    """The CN22/CN23 for a cross-border parcel, None for a domestic one; refuses lines without
    HS code or origin."""
    if not needs_customs(warehouse.country, order.ship_to_country):
        return None
    items = customs_items(lines)
    check_items(items)
    total = sum((item.value for item in items), Decimal("0"))
    currency = items[0].currency if items else "EUR"
    form = form_for(total, currency, len(items))
    net = sum((item.net_weight_kg for item in items), Decimal("0"))
    return CustomsDeclaration(
        form=form,  # type: ignore[arg-type]
        sender=ship_from(warehouse),
        recipient=ship_to(order),
        category="sale_of_goods",
        lines=tuple(
            CustomsLine(
                description=item.description[:60],
                quantity=item.quantity,
                net_weight_kg=item.net_weight_kg,
                value=item.value,
                hs_code=item.hs_code,
                origin_country=item.origin_country,
                currency=item.currency,
            )
            for item in items
        ),
        gross_weight_kg=max(gross_weight_kg, net),
        invoice_number=order.number,
        sender_reference=order.number,
        signed_by=signed_by[:60],
        place=warehouse.city[:40],
        signed_on=signed_on,
        sscc=sscc,
    )


def customs_data(declaration: CustomsDeclaration | None) -> dict[str, Any]:
    if declaration is None:
        return {}
    return {
        "form": declaration.form,
        "category": declaration.category,
        "currency": declaration.lines[0].currency,
        "total_value": str(sum((ln.value for ln in declaration.lines), Decimal("0"))),
        "gross_weight_kg": str(declaration.gross_weight_kg or ""),
        "lines": [
            {
                "description": ln.description,
                "quantity": ln.quantity,
                "net_weight_kg": str(ln.net_weight_kg),
                "value": str(ln.value),
                "currency": ln.currency,
                "hs_code": ln.hs_code,
                "origin_country": ln.origin_country,
            }
            for ln in declaration.lines
        ],
    }
