"""Packing: the goods of an order verified into a carton, weighed, and closed as a parcel.

``goods_to_pack`` finds what the packer must verify: the order's picked units that are not in a
parcel yet (in a single-order tote, a put-wall slot, or wherever the ledger says they are).
``pack`` closes the parcel once every unit was verified by scan and the weight is accepted:

1. the customs declaration is built first for a cross-border parcel, so a line without HS code
   or origin refuses the close and nothing is written;
2. an SSCC is allocated, the parcel becomes a handling unit (kind ``parcel``) at the packing
   bench, and ``pack`` movements move each verified stock row there into the parcel (status
   stays ``reserved``, reference = the order);
3. the parcel row keeps the label data (GS1 AI 00 SSCC, AI 420 ship-to postcode, carrier,
   weight), the customs data and the value; the order's put-wall slot is freed;
4. the shipping label and the packing list + customs form are queued for printing in the same
   transaction, as print specs (what to print); the print queue renders them to ZPL and PDF
   when it delivers the jobs to the printers of ``printing`` (the station's routing).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import (
    HandlingUnitKind,
    Movement,
    MovementDraft,
    StockPlace,
    StockStatus,
    Warehouse,
)
from wms.core.domain.print_specs import (
    CustomsSpec,
    PackingListSpec,
    ParcelDocumentsSpec,
    ShippingLabelSpec,
)
from wms.core.domain.text import msg
from wms.core.persistence.tables import OrderRow, ProductRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound import queries
from wms.core.services.outbound.cartons import Carton
from wms.core.services.outbound.common import Goods, order_goods, order_lines
from wms.core.services.outbound.packing_data import (
    ParcelLine,
    customs_data,
    customs_declaration,
    label_data,
    packing_list,
    shipping_label,
    weight_tolerance,
)
from wms.core.services.outbound.printing import PrintRouting, enqueue
from wms.core.services.outbound.sortation import release_slot

PACKABLE_STATUSES = ("released", "picked", "packed")


def parcel_units(uow: UnitOfWork, warehouse: str, among: Iterable[str]) -> set[str]:
    """Which of the handling units ``among`` are packed parcels."""
    return uow.parcels.parcels_among(warehouse, among)


def goods_to_pack(uow: UnitOfWork, warehouse: str, order: str) -> list[Goods]:
    """The order's picked units not yet packed (outside any parcel)."""
    goods = order_goods(uow, warehouse, order)
    parcels = parcel_units(uow, warehouse, {g.handling_unit for g in goods if g.handling_unit})
    return [g for g in goods if g.handling_unit not in parcels]


def unpicked_units(uow: UnitOfWork, warehouse: str, order: str) -> int:
    return uow.picking.unpicked_units(warehouse, order)


@dataclass
class PackResult:
    sscc: str
    order: str
    carton: str
    weight_kg: Decimal
    expected_kg: Decimal
    units: int
    customs_form: str
    label: dict[str, Any]
    customs: dict[str, Any]
    movements: list[Movement] = field(default_factory=list)
    print_jobs: list[str] = field(default_factory=list)
    order_status: str = ""
    slot_freed: str = ""


def expected_weight(
    uow: UnitOfWork,
    quantities: dict[str, int],
    carton: Carton,
    products: dict[str, ProductRow] | None = None,
) -> Decimal:
    """Items plus carton; ``products`` are the items' product rows when read already."""
    if products is None:
        products = queries.product_rows(uow, quantities)
    weights = {sku: Decimal(row.weight_kg) for sku, row in products.items()}
    net = sum((weights.get(sku, Decimal("0")) * q for sku, q in quantities.items()), Decimal(0))
    return (net + carton.tare_kg).quantize(Decimal("0.001"))


def check_weight(expected: Decimal, weighed: Decimal) -> None:
    tolerance = weight_tolerance(expected)
    if abs(weighed - expected) > tolerance:
        raise RuleViolation(
            msg(
                "weight {weighed} kg: expected {expected} "
                "kg ± {tolerance} kg (items plus carton); "
                "check the contents and weigh again",
                weighed=weighed,
                expected=expected,
                tolerance=tolerance,
            ),
            "weight_mismatch",
        )


def parcel_lines(
    uow: UnitOfWork,
    order: OrderRow,
    packed: dict[tuple[str, str], int],
    products: dict[str, ProductRow] | None = None,
) -> list[ParcelLine]:
    if products is None:
        products = queries.product_rows(uow, sorted({s for s, _ in packed}))
    values: dict[str, tuple[Decimal, str]] = {}
    for line in order_lines(uow, order.number):
        values.setdefault(line.sku, (Decimal(line.unit_value), line.currency))
    lines = []
    for (sku, lot), quantity in sorted(packed.items()):
        product = products[sku]
        value, currency = values.get(sku, (Decimal(product.unit_value), product.currency))
        lines.append(
            ParcelLine(
                sku=sku,
                description=product.name,
                lot=lot,
                quantity=quantity,
                unit_weight_kg=Decimal(product.weight_kg),
                unit_value=value,
                currency=currency,
                hs_code=product.hs_code or "",
                origin_country=product.origin_country or "",
            )
        )
    return lines


def pack(
    uow: UnitOfWork,
    actor: Actor,
    warehouse: Warehouse,
    order: OrderRow,
    goods: list[Goods],
    *,
    carton: Carton,
    weight_kg: Decimal,
    bench: str,
    today: date,
    printing: PrintRouting,
    signed_by: str = "",
    raw_scan: str = "",
    to_pack: list[Goods] | None = None,
    weight_source: str = "scale",
) -> PackResult:
    """Close a parcel of ``goods`` (each verified by scan) for ``order``. ``to_pack`` is what
    of the order was still to pack before this parcel, when the caller has read it (what is
    left after the parcel then needs no second read of the ledger)."""
    if order.status not in PACKABLE_STATUSES:
        raise RuleViolation(
            msg(
                "order {number} is {status}: expected a released or picked order",
                number=order.number,
                status=order.status,
            ),
            "order_not_packable",
        )
    if not goods:
        raise RuleViolation(
            msg("nothing of order {number} to pack", number=order.number), "nothing_to_pack"
        )
    packed: dict[tuple[str, str], int] = defaultdict(int)
    quantities: dict[str, int] = defaultdict(int)
    for g in goods:
        packed[(g.sku, g.lot)] += g.quantity
        quantities[g.sku] += g.quantity
    products = queries.product_rows(uow, sorted(quantities))
    expected = expected_weight(uow, dict(quantities), carton, products)
    check_weight(expected, weight_kg)
    lines = parcel_lines(uow, order, dict(packed), products)
    sscc = uow.warehouses.allocate_sscc(actor.warehouse)
    label = shipping_label(warehouse, order, sscc, weight_kg)
    declaration = customs_declaration(
        warehouse, order, sscc, lines, weight_kg, signed_by or actor.operator, today
    )
    documents = packing_list(warehouse, order, sscc, lines, today)
    uow.parcels.insert_unit(
        {
            "sscc": sscc,
            "warehouse": actor.warehouse,
            "kind": HandlingUnitKind.PARCEL.value,
            "location": bench,
            "parent_sscc": None,
            "state": "closed",
            "reference": order.number,
            "created_at": actor.clock(),
        }
    )
    result = PackResult(
        sscc=sscc,
        order=order.number,
        carton=carton.code,
        weight_kg=weight_kg,
        expected_kg=expected,
        units=sum(g.quantity for g in goods),
        customs_form=declaration.form if declaration else "",
        label=label_data(label),
        customs=customs_data(declaration),
    )
    for g in goods:
        result.movements.append(
            post(
                uow,
                actor,
                MovementDraft.pack(
                    g.sku,
                    g.quantity,
                    StockPlace(g.location, g.handling_unit, StockStatus(g.status)),
                    StockPlace(bench, sscc, StockStatus(g.status)),
                    lot=g.lot,
                    reference=order.number,
                    raw_scan=raw_scan,
                ),
            )
        )
    value = sum((ln.unit_value * ln.quantity for ln in lines), Decimal("0"))
    uow.parcels.insert_parcel(
        {
            "sscc": sscc,
            "warehouse": actor.warehouse,
            "order": order.number,
            "carton": carton.code,
            "units": result.units,
            "weight_kg": weight_kg,
            "expected_weight_kg": expected,
            "value": value.quantize(Decimal("0.01")),
            "currency": lines[0].currency if lines else "EUR",
            "customs_form": result.customs_form,
            "ship_to_country": order.ship_to_country,
            "ship_to_postcode": order.ship_to_postcode,
            "carrier": order.carrier,
            "service": order.service,
            "location": bench,
            "state": "packed",
            "bag": "",
            "shipment": "",
            "label_data": json.dumps(result.label, ensure_ascii=False),
            "customs_data": json.dumps(result.customs, ensure_ascii=False),
            "packed_by": actor.operator,
            "station": actor.station,
            "packed_at": actor.clock(),
            "weight_source": weight_source,
        }
    )
    result.slot_freed = release_slot(uow, actor.warehouse, order.number)
    left = (
        goods_to_pack(uow, actor.warehouse, order.number)
        if to_pack is None
        else (_left_after(to_pack, goods))
    )
    if not left and not unpicked_units(uow, actor.warehouse, order.number):
        uow.orders.update(order, {"status": "packed"})
    result.order_status = order.status
    result.print_jobs = _print(uow, printing, label, documents, declaration)
    uow.parcels.flush()
    return result


def _left_after(to_pack: list[Goods], packed: list[Goods]) -> list[Goods]:
    """``to_pack`` less the ``packed`` goods (both keyed by where they were)."""
    left: dict[Goods, int] = defaultdict(int)
    for g in to_pack:
        left[replace(g, quantity=0)] += g.quantity
    for g in packed:
        left[replace(g, quantity=0)] -= g.quantity
    return [replace(key, quantity=units) for key, units in sorted(left.items()) if units > 0]


def _print(
    uow: UnitOfWork,
    printing: PrintRouting,
    label: ShippingLabelSpec,
    documents: PackingListSpec,
    declaration: CustomsSpec | None,
) -> list[str]:
    """The parcel's label and papers, queued as print specs in the packing transaction."""
    papers = ParcelDocumentsSpec(f"Parcel {label.sscc}", documents, declaration)
    form = f" and {declaration.form}" if declaration is not None else ""
    return [
        enqueue(
            uow,
            printer=printing.labels(),
            spec=label,
            description=f"shipping label {label.order} {label.sscc}",
            reference=label.sscc,
        ),
        enqueue(
            uow,
            printer=printing.documents(),
            spec=papers,
            description=f"packing list{form} {label.order}",
            reference=label.sscc,
        ),
    ]
