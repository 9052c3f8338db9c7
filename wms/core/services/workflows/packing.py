"""Packing: verify every item of an order by scan, weigh, and close the parcel.

Steps: *order* (``ORD:<number>``, a single-order ``TOTE:<id>``, a put-wall slot ``LOC:PW-03``,
or the order number keyed; ``LOC:PACK-02`` changes the bench) → *item* (each unit scanned: a
product not in the order, another lot, or one unit too many is refused; a keyed number before a
scan counts that many) → *weight* (the carton is suggested, the smallest that fits; key another
carton code to change it; a *stable* scale reading closes the parcel when it is within
tolerance of the expected weight — items plus carton tare).

Only a stable weight closes a parcel: a reading the scale reports as still settling is refused
(``weight_unstable``), and so is closing without a weight — an empty scale (0 kg) or ``CMD:DONE``
in the weight step (``no_weight``). The rule is the workflow's, so the station app, ``wms
replay`` (``@weight KG unstable``) and every other client get the same answer.

Closing the parcel allocates its SSCC, posts the ``pack`` movements, records the GS1 label data
(AI 00 SSCC, AI 420 ship-to postcode, carrier, weight) and, for a cross-border parcel, the CN22 or
CN23 data — a line without HS code refuses the close and nothing is written. The label and the
packing list / customs form are queued for the station's printers (``rt.printing``) as print
specs, which the print queue renders to ZPL and PDF when it delivers them.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import LocationType
from wms.core.persistence.outbound_tables import PickTaskRow
from wms.core.persistence.tables import ProductRow
from wms.core.services.outbound import cartons as carton_svc
from wms.core.services.outbound import packing as svc
from wms.core.services.outbound.common import Goods, require_order
from wms.core.services.outbound.customs import needs_customs
from wms.core.services.outbound.picking import tote_unit
from wms.core.services.outbound.sortation import order_in_slot, put_wall_slots
from wms.core.services.workflows.base import Workflow, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product


@register
class Packing(Workflow):
    name = "packing"
    title = "Packing"

    def reset(self) -> None:
        self.step = "order"
        self.bench = getattr(self, "bench", "")
        self.order = ""
        self.goods: list[tuple[str, str, str, str, str, int]] = []
        self.expected: dict[str, int] = {}  # "sku|lot" -> units
        self.verified: dict[str, int] = {}
        self.keyed: int | None = None
        self.carton = ""
        self.suggested = ""

    def has_task(self) -> bool:
        return self.step != "order"

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.step == "item" and scan.kind is ScanKind.PRODUCT

    @property
    def total(self) -> int:
        return sum(self.expected.values())

    @property
    def done(self) -> int:
        return sum(self.verified.values())

    # screen ------------------------------------------------------------------------------------

    @property
    def prompt(self) -> str:
        bench = f" at {self.bench}" if self.bench else ""
        if self.step == "order":
            return f"Scan the tote, put-wall slot or order to pack{bench}"
        if self.step == "item":
            count = f"{self.keyed} × " if self.keyed else ""
            return f"Scan {count}each item of {self.order}: {self.done} of {self.total} verified"
        return (
            f"Pack {self.order} in carton {self.carton} and put the parcel on the scale "
            "(key another carton code to change it)"
        )

    def context(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step}
        if self.bench:
            data["bench"] = self.bench
        if self.order:
            data.update(
                {
                    "order": self.order,
                    "verified": self.done,
                    "total": self.total,
                    "remaining": {
                        k: v - self.verified.get(k, 0)
                        for k, v in self.expected.items()
                        if v > self.verified.get(k, 0)
                    },
                }
            )
        if self.carton:
            data["carton"] = self.carton
            data["suggested_carton"] = self.suggested
        return data

    # inputs ------------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        if self.step == "order":
            if scan.kind is ScanKind.DOCUMENT and scan.document_type == "ORDER":
                return self._open(scan.value)
            if scan.kind is ScanKind.TOTE:
                return self._open_tote(scan.value)
            code = location_code(scan)
            if code is not None:
                return self._location(code)
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        if self.step == "item":
            if scan.kind is not ScanKind.PRODUCT:
                raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
            return self._item(scan)
        raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r} (weigh the parcel)")

    def key(self, text: str) -> Outcome:
        if self.step == "order":
            return self._open(text)
        if self.step == "item":
            self.keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
            return Outcome(f"quantity {self.keyed}: scan the item")
        return self._choose_carton(text)

    def weight(self, kg: Decimal, *, stable: bool = True) -> Outcome:
        if self.step != "weight":
            raise self.unexpected(f"a scale reading of {kg} kg")
        if not stable:
            raise RuleViolation(
                f"scale reading {kg} kg: expected a stable reading to close the parcel of "
                f"{self.order}, found the scale still settling; wait until it is steady",
                "weight_unstable",
            )
        if kg <= 0:
            raise RuleViolation(
                f"scale reading {kg} kg: expected the weight of the parcel of {self.order}, "
                "found an empty scale; put the parcel on the scale",
                "no_weight",
            )
        return self._close(kg)

    def command(self, name: str) -> Outcome:
        if self.step == "weight" and name == "DONE":
            raise RuleViolation(
                f"parcel of {self.order} not closed: expected a stable weight from the scale, "
                "found none; put the parcel on the scale",
                "no_weight",
            )
        return super().command(name)

    def back(self) -> Outcome:
        if self.step == "weight":
            self.step = "item"
            return Outcome("back to verifying items")
        if self.step == "item":
            order = self.order
            self.reset()
            return Outcome(f"{order} not packed; scan it again to start over")
        return super().back()

    # steps -------------------------------------------------------------------------------------

    def _location(self, code: str) -> Outcome:
        with self.rt.uow() as uow:
            location = self.rt.master.require_location(uow, code)
            slot = location.code in put_wall_slots(uow, self.rt.warehouse)
            order = order_in_slot(uow, self.rt.warehouse, location.code) if slot else ""
        if location.type is LocationType.PACKING:
            self.bench = location.code
            return Outcome(f"packing at {self.bench}")
        if slot:
            if not order:
                raise RuleViolation(f"slot {location.code} is empty", "slot_empty")
            return self._open(order)
        raise RuleViolation(
            f"location {code}: expected a packing bench or a put-wall slot", "unexpected_input"
        )

    def _open_tote(self, tote: str) -> Outcome:
        unit = tote_unit(tote)
        with self.rt.uow() as uow:
            orders = set(
                uow.session.scalars(
                    select(PickTaskRow.order).where(
                        PickTaskRow.warehouse == self.rt.warehouse,
                        PickTaskRow.tote == unit,
                        PickTaskRow.picked > PickTaskRow.put,
                    )
                )
            )
            waiting = [
                o for o in sorted(orders) if any(
                    g.handling_unit == unit for g in svc.goods_to_pack(uow, self.rt.warehouse, o))
            ]  # fmt: skip
        if not waiting:
            raise RuleViolation(f"tote {unit} holds nothing to pack", "tote_empty")
        if len(waiting) > 1:
            raise RuleViolation(
                f"tote {unit} holds {len(waiting)} orders ({', '.join(waiting)}): sort it at the "
                "put wall first",
                "batch_tote",
            )
        return self._open(waiting[0])

    def _open(self, number: str) -> Outcome:
        number = number.strip()
        with self.rt.uow() as uow:
            order = require_order(uow, self.rt.warehouse, number)
            if order.status not in svc.PACKABLE_STATUSES:
                raise RuleViolation(
                    f"order {order.number} is {order.status}: expected a picked order",
                    "order_not_packable",
                )
            unpicked = svc.unpicked_units(uow, self.rt.warehouse, order.number)
            if unpicked:
                raise RuleViolation(
                    f"order {order.number} still has {unpicked} units to pick", "not_picked"
                )
            goods = svc.goods_to_pack(uow, self.rt.warehouse, order.number)
            if not goods:
                raise RuleViolation(
                    f"order {order.number} has nothing left to pack ({order.status})",
                    "nothing_to_pack",
                )
            if not self.bench:
                benches = self.rt.master.of_type(uow, LocationType.PACKING)
                if not benches:
                    raise RuleViolation("this warehouse has no packing bench", "no_bench")
                self.bench = benches[0].code
            warehouse = uow.warehouses.require(self.rt.warehouse)
            export = needs_customs(warehouse.country, order.ship_to_country)
            missing = []
            if export:
                for sku in sorted({g.sku for g in goods}):
                    product = uow.session.get(ProductRow, sku)
                    if product is None or not product.hs_code:
                        missing.append(sku)
            order_number, country = order.number, order.ship_to_country
        self.order = order_number
        self.goods = [
            (g.location, g.handling_unit, g.sku, g.lot, g.status, g.quantity) for g in goods
        ]
        expected: dict[str, int] = defaultdict(int)
        for g in goods:
            expected[f"{g.sku}|{g.lot}"] += g.quantity
        self.expected = dict(expected)
        self.verified = {}
        self.step = "item"
        message = f"{order_number} to {country}: {self.total} units to verify"
        if export:
            message += " (export: customs data needed)"
        if missing:
            return Outcome(
                message + f"; no HS code for {', '.join(missing)}: the parcel cannot be closed "
                "until the product master has it",
                Level.ATTENTION,
            )
        return Outcome(message)

    def _item(self, scan: Scan) -> Outcome:
        with self.rt.uow() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
        quantity = (self.keyed or 1) * units
        keys = [k for k in self.expected if k.split("|", 1)[0] == product.sku]
        if not keys:
            raise RuleViolation(
                f"wrong item {product.sku}: it is not in {self.order}; set it aside",
                "wrong_item",
            )
        if scan.lot:
            lot_keys = [k for k in keys if k.split("|", 1)[1] == scan.lot]
            if not lot_keys:
                lots = ", ".join(k.split("|", 1)[1] or "-" for k in keys)
                raise RuleViolation(
                    f"wrong lot {scan.lot} of {product.sku}: {self.order} has lot {lots}",
                    "wrong_lot",
                )
            keys = lot_keys
        left = sum(self.expected[k] - self.verified.get(k, 0) for k in keys)
        if quantity > left:
            raise RuleViolation(
                f"extra item: {quantity} × {product.sku} but only {left} left to verify for "
                f"{self.order}; set it aside",
                "extra_item",
            )
        remaining = quantity
        for k in keys:
            take = min(remaining, self.expected[k] - self.verified.get(k, 0))
            if take > 0:
                self.verified[k] = self.verified.get(k, 0) + take
                remaining -= take
        self.keyed = None
        if self.done < self.total:
            return Outcome(f"{product.sku} ✓ ({self.done} of {self.total})")
        with self.rt.uow() as uow:
            items = carton_svc.items_for(uow, self._quantities())
            available = carton_svc.cartons(uow, self.rt.warehouse)
            carton = carton_svc.suggest(available, items)
            uow.commit()  # seeds the demo cartons on first use
        self.carton = self.suggested = carton.code
        self.step = "weight"
        return Outcome(
            f"all {self.total} items verified: use carton {carton.code} "
            f"({carton.description}), then weigh the parcel",
            context={"suggested_carton": carton.code},
        )

    def _quantities(self) -> dict[str, int]:
        quantities: dict[str, int] = defaultdict(int)
        for key, units in self.expected.items():
            quantities[key.split("|", 1)[0]] += units
        return dict(quantities)

    def _choose_carton(self, code: str) -> Outcome:
        with self.rt.uow() as uow:
            available = carton_svc.cartons(uow, self.rt.warehouse)
            carton = carton_svc.require_carton(available, code)
            reason = carton_svc.why_not(carton, carton_svc.items_for(uow, self._quantities()))
        if reason:
            raise RuleViolation(f"carton {carton.code} does not fit: {reason}", "carton_too_small")
        self.carton = carton.code
        return Outcome(f"carton {carton.code} ({carton.description}): weigh the parcel")

    def _close(self, kg: Decimal) -> Outcome:
        goods = [Goods(*g) for g in self.goods]
        with self.rt.uow() as uow:
            order = require_order(uow, self.rt.warehouse, self.order)
            if sorted(svc.goods_to_pack(uow, self.rt.warehouse, order.number)) != sorted(goods):
                raise RuleViolation(
                    f"the goods of {order.number} changed while packing (another bench?): "
                    "scan the order again",
                    "goods_changed",
                )
            warehouse = uow.warehouses.require(self.rt.warehouse)
            carton = carton_svc.require_carton(
                carton_svc.cartons(uow, self.rt.warehouse), self.carton
            )
            operator = self.rt.operator.name if self.rt.operator else ""
            result = svc.pack(
                uow,
                self.rt.actor(),
                warehouse,
                order,
                goods,
                carton=carton,
                weight_kg=kg,
                bench=self.bench,
                today=self.rt.today(),
                printing=self.rt.printing,
                signed_by=operator,
                raw_scan=f"@weight {kg}",
            )
            uow.commit()
        self.reset()
        customs = f", {result.customs_form}" if result.customs_form else ""
        slot = f"; slot {result.slot_freed} is free" if result.slot_freed else ""
        return Outcome(
            f"parcel {result.sscc} closed: {result.order}, {result.units} units, carton "
            f"{result.carton}, {result.weight_kg} kg (expected {result.expected_kg}){customs}; "
            f"label printed{slot}",
            movements=result.movements,
            context={
                "sscc": result.sscc,
                "label": result.label,
                "customs": result.customs,
                "print_jobs": result.print_jobs,
                "order_status": result.order_status,
            },
            summary=[
                {
                    "sscc": result.sscc,
                    "order": result.order,
                    "carton": result.carton,
                    "weight_kg": result.weight_kg,
                    "expected_kg": result.expected_kg,
                    "customs_form": result.customs_form,
                }
            ],
        )
