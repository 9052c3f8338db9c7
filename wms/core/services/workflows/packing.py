"""Packing: verify every item of an order by scan, weigh, and close the parcel.

Steps: *order* (``ORD:<number>``, a single-order ``TOTE:<id>``, a put-wall slot ``LOC:PW-03``,
or the order number keyed; ``LOC:PACK-02`` changes the bench) → *item* (each unit scanned: a
product not in the order, another lot, or one unit too many is refused; a keyed number before a
scan counts that many) → *weight* (the carton is suggested, the smallest that fits; key another
carton code to change it; a *stable* scale reading, or a weight keyed at a bench without a
scale (``0.9``, ``0,9``, ``0.9 kg``, ``900 g``), closes the parcel when it is within tolerance of
the expected weight — items plus carton tare).

A keyed weight is recorded as keyed: the parcel's ``weight_source`` is ``keyed`` and the pack
movements carry ``@key <text>`` as their raw input (a scale reading: ``@weight <kg>``). A keyed
text that is a carton code chooses that carton. A bench configured with
``keyed_weight_needs_supervisor`` holds a keyed weight until a supervisor scans their badge
(``BADGE:<id>``); the raw input then names the supervisor.

Each verified unit is written to ``pack_checks`` in the scan's own transaction, so the checks
of an order survive leaving the workflow or restarting the station app: scanning the order
again resumes them (capped to what is still to pack); closing the parcel deletes them.

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

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import LocationType
from wms.core.domain.modes import StationMode
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.outbound import cartons as carton_svc
from wms.core.services.outbound import packing as svc
from wms.core.services.outbound import queries as outbound_queries
from wms.core.services.outbound.common import Goods, require_order
from wms.core.services.outbound.customs import needs_customs
from wms.core.services.outbound.picking import tote_unit
from wms.core.services.outbound.sortation import order_in_slot, put_wall_slots
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.operators import require_supervisor
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product
from wms.core.services.workflows.queries import require_same_owner

#: A weight keyed at a bench without a scale: ``0.9``, ``0,9``, ``0.9 kg``, ``900 g``.
_KEYED_WEIGHT = re.compile(r"\s*(\d{1,5}(?:[.,]\d{1,3})?)\s*(kg|g)?\s*", re.IGNORECASE)


def keyed_weight(text: str) -> Decimal | None:
    """The kilograms of a keyed weight, or None when ``text`` is not written as one."""
    match = _KEYED_WEIGHT.fullmatch(text)
    if match is None:
        return None
    kg = Decimal(match.group(1).replace(",", "."))
    return kg / 1000 if (match.group(2) or "").lower() == "g" else kg


class Step(StrEnum):
    ORDER = "order"
    ITEM = "item"
    WEIGHT = "weight"


@dataclass(frozen=True, order=True)
class PackItem:
    """One SKU and lot of the order to verify (lot empty when the product has none)."""

    sku: str
    lot: str

    @property
    def key(self) -> str:
        """``sku|lot``, as the workflow's context shows the items left to verify."""
        return f"{self.sku}|{self.lot}"


@dataclass(frozen=True)
class PackingState(WorkflowState):
    step: Step = Step.ORDER
    bench: str = ""
    order: str = ""
    owner: str = ""  # the order's stock owner
    goods: tuple[Goods, ...] = ()
    expected: Mapping[PackItem, int] = field(default_factory=dict)
    verified: Mapping[PackItem, int] = field(default_factory=dict)
    keyed: int | None = None
    carton: str = ""
    suggested: str = ""
    keyed_weight: str = ""  # a weight keyed, waiting for a supervisor's badge (when required)

    @property
    def total(self) -> int:
        return sum(self.expected.values())

    @property
    def done(self) -> int:
        return sum(self.verified.values())

    def left(self, item: PackItem) -> int:
        return self.expected[item] - self.verified.get(item, 0)

    def quantities(self) -> dict[str, int]:
        """Units to pack per SKU (lots merged)."""
        quantities: dict[str, int] = defaultdict(int)
        for item, units in self.expected.items():
            quantities[item.sku] += units
        return dict(quantities)


@register
class Packing(Workflow):
    name = StationMode.PACKING
    title = msg("Packing")
    state: PackingState

    def reset(self) -> None:
        current = vars(self).get("state")
        self.state = PackingState(bench=current.bench if current is not None else "")

    def has_task(self) -> bool:
        return self.state.step is not Step.ORDER

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.state.step is Step.ITEM and scan.kind is ScanKind.PRODUCT

    # screen ------------------------------------------------------------------------------------

    @property
    def prompt(self) -> str:
        st = self.state
        bench = msg(" at {bench}", bench=st.bench) if st.bench else ""
        if st.step is Step.ORDER:
            return msg("Scan the tote, put-wall slot or order to pack{bench}", bench=bench)
        if st.step is Step.ITEM:
            count = msg("{keyed} × ", keyed=st.keyed) if st.keyed else ""
            return msg(
                "Scan {count}each item of {order}: {done} of {total} verified",
                count=count,
                order=st.order,
                done=st.done,
                total=st.total,
            )
        if st.keyed_weight:
            return msg(
                "Keyed weight {keyed_weight} for {order}: "
                "a supervisor scans their badge to accept "
                "it (or put the parcel on the scale)",
                keyed_weight=st.keyed_weight,
                order=st.order,
            )
        return msg(
            "Pack {order} in carton {carton} and put "
            "the parcel on the scale, or key its weight "
            "(e.g. 0.9 kg) without a scale; key another "
            "carton code to change it",
            order=st.order,
            carton=st.carton,
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.bench:
            data["bench"] = st.bench
        if st.order:
            data.update(
                {
                    "order": st.order,
                    "verified": st.done,
                    "total": st.total,
                    "remaining": {
                        item.key: st.left(item) for item in st.expected if st.left(item) > 0
                    },
                }
            )
        if st.carton:
            data["carton"] = st.carton
            data["suggested_carton"] = st.suggested
        return data

    # inputs ------------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        step = self.state.step
        if step is Step.ORDER:
            if scan.kind is ScanKind.DOCUMENT and scan.document_type == "ORDER":
                return self._open(scan.value)
            if scan.kind is ScanKind.TOTE:
                return self._open_tote(scan.value)
            code = location_code(scan)
            if code is not None:
                return self._location(code)
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        if step is Step.ITEM:
            if scan.kind is not ScanKind.PRODUCT:
                raise self.unexpected(
                    msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
                )
            return self._item(scan)
        if scan.kind is ScanKind.BADGE and self.state.keyed_weight:
            return self._approve_keyed_weight(scan.value)
        raise self.unexpected(
            msg("a {kind} scan {scan!r} (weigh the parcel)", kind=scan.kind.value, scan=scan.value)
        )

    def key(self, text: str) -> Outcome:
        step = self.state.step
        if step is Step.ORDER:
            return self._open(text)
        if step is Step.ITEM:
            keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
            self.state = replace(self.state, keyed=keyed)
            return Outcome(msg("quantity {keyed}: scan the item", keyed=keyed))
        kg = keyed_weight(text)
        if kg is not None:
            with self.rt.reader() as uow:
                codes = {c.code.upper() for c in carton_svc.cartons(uow, self.rt.warehouse)}
            if text.strip().upper() not in codes:
                return self._keyed_weight(kg, text)
        return self._choose_carton(text)

    def _keyed_weight(self, kg: Decimal, text: str) -> Outcome:
        if kg <= 0:
            raise RuleViolation(
                msg(
                    "keyed weight {text!r}: expected the weight "
                    "of the parcel of {order} in kg, found {kg} "
                    "kg",
                    text=text,
                    order=self.state.order,
                    kg=kg,
                ),
                "no_weight",
            )
        if self.rt.settings.keyed_weight_needs_supervisor:
            self.state = replace(self.state, keyed_weight=text.strip())
            return Outcome(
                msg(
                    "weight {kg} kg keyed: this bench closes "
                    "a parcel on a keyed weight only with a supervisor's "
                    "badge; a supervisor scans it now",
                    kg=kg,
                ),
                Level.ATTENTION,
            )
        return self._close(kg, raw=f"@key {text.strip()}", source="keyed")

    def _approve_keyed_weight(self, badge: str) -> Outcome:
        text = self.state.keyed_weight
        with self.rt.reader() as uow:
            supervisor = uow.operators.get(badge)
        if supervisor is None or not supervisor.active:
            raise RuleViolation(
                msg(
                    "badge {badge}: expected an active supervisor's "
                    "badge to accept the keyed weight {text}, "
                    "found no such operator",
                    badge=badge,
                    text=text,
                ),
                "permission_denied",
            )
        require_supervisor(supervisor)
        kg = keyed_weight(text)
        assert kg is not None  # checked when it was keyed
        return self._close(kg, raw=f"@key {text} (accepted by {badge})", source="keyed")

    def weight(self, kg: Decimal, *, stable: bool = True) -> Outcome:
        st = self.state
        if st.step is not Step.WEIGHT:
            raise self.unexpected(msg("a scale reading of {kg} kg", kg=kg))
        if not stable:
            raise RuleViolation(
                msg(
                    "scale reading {kg} kg: expected a stable "
                    "reading to close the parcel of {order}, "
                    "found the scale still settling; wait until "
                    "it is steady",
                    kg=kg,
                    order=st.order,
                ),
                "weight_unstable",
            )
        if kg <= 0:
            raise RuleViolation(
                msg(
                    "scale reading {kg} kg: expected the weight "
                    "of the parcel of {order}, found an empty "
                    "scale; put the parcel on the scale",
                    kg=kg,
                    order=st.order,
                ),
                "no_weight",
            )
        return self._close(kg, raw=f"@weight {kg}", source="scale")

    def command(self, name: str) -> Outcome:
        if self.state.step is Step.WEIGHT and name == "DONE":
            raise RuleViolation(
                msg(
                    "parcel of {order} not closed: expected a "
                    "stable weight from the scale or a keyed "
                    "weight, found none; put the parcel on the "
                    "scale or key its weight (e.g. 0.9 kg)",
                    order=self.state.order,
                ),
                "no_weight",
            )
        return super().command(name)

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.WEIGHT:
            self.state = replace(st, step=Step.ITEM, keyed_weight="")
            return Outcome(msg("back to verifying items"))
        if st.step is Step.ITEM:
            self.reset()
            kept = msg("; its {done} verified units stay recorded", done=st.done) if st.done else ""
            return Outcome(
                msg(
                    "{order} not packed{kept}: scan it again to continue", order=st.order, kept=kept
                )
            )
        return super().back()

    # steps -------------------------------------------------------------------------------------

    def _location(self, code: str) -> Outcome:
        with self.rt.reader() as uow:
            location = self.rt.master.require_location(uow, code)
            slot = location.code in put_wall_slots(uow, self.rt.warehouse)
            order = order_in_slot(uow, self.rt.warehouse, location.code) if slot else ""
        if location.type is LocationType.PACKING:
            self.state = replace(self.state, bench=location.code)
            return Outcome(msg("packing at {code}", code=location.code))
        if slot:
            if not order:
                raise RuleViolation(msg("slot {code} is empty", code=location.code), "slot_empty")
            return self._open(order)
        raise RuleViolation(
            msg("location {code}: expected a packing bench or a put-wall slot", code=code),
            "unexpected_input",
        )

    def _open_tote(self, tote: str) -> Outcome:
        unit = tote_unit(tote)
        with self.rt.reader() as uow:
            orders = uow.picking.orders_in_tote(self.rt.warehouse, unit)
            waiting = [
                o for o in sorted(orders) if any(
                    g.handling_unit == unit for g in svc.goods_to_pack(uow, self.rt.warehouse, o))
            ]  # fmt: skip
        if not waiting:
            raise RuleViolation(msg("tote {unit} holds nothing to pack", unit=unit), "tote_empty")
        if len(waiting) > 1:
            raise RuleViolation(
                msg(
                    "tote {unit} holds {count} orders ({waiting}): sort it at the put wall first",
                    unit=unit,
                    count=len(waiting),
                    waiting=", ".join(waiting),
                ),
                "batch_tote",
            )
        return self._open(waiting[0])

    def _open(self, number: str) -> Outcome:
        number = number.strip()
        bench = self.state.bench
        with self.rt.reader() as uow:
            order = require_order(uow, self.rt.warehouse, number)
            if order.status not in svc.PACKABLE_STATUSES:
                raise RuleViolation(
                    msg(
                        "order {number} is {status}: expected a picked order",
                        number=order.number,
                        status=order.status,
                    ),
                    "order_not_packable",
                )
            unpicked = svc.unpicked_units(uow, self.rt.warehouse, order.number)
            if unpicked:
                raise RuleViolation(
                    msg(
                        "order {number} still has {unpicked} units to pick",
                        number=order.number,
                        unpicked=unpicked,
                    ),
                    "not_picked",
                )
            goods = svc.goods_to_pack(uow, self.rt.warehouse, order.number)
            if not goods:
                raise RuleViolation(
                    msg(
                        "order {number} has nothing left to pack ({status})",
                        number=order.number,
                        status=order.status,
                    ),
                    "nothing_to_pack",
                )
            if not bench:
                benches = self.rt.master.of_type(uow, LocationType.PACKING)
                if not benches:
                    raise RuleViolation(msg("this warehouse has no packing bench"), "no_bench")
                bench = benches[0].code
            warehouse = uow.warehouses.require(self.rt.warehouse)
            export = needs_customs(warehouse.country, order.ship_to_country)
            missing = []
            if export:
                products = outbound_queries.product_rows(uow, {g.sku for g in goods})
                for sku in sorted({g.sku for g in goods}):
                    product = products.get(sku)
                    if product is None or not product.hs_code:
                        missing.append(sku)
            order_number, country, owner = order.number, order.ship_to_country, order.owner
            saved = uow.pack_checks.of_order(self.rt.warehouse, order_number)
        expected: dict[PackItem, int] = defaultdict(int)
        for g in goods:
            expected[PackItem(g.sku, g.lot)] += g.quantity
        verified = {
            item: min(saved[(item.sku, item.lot)], units)
            for item, units in expected.items()
            if saved.get((item.sku, item.lot), 0) > 0
        }
        self.state = replace(
            self.state,
            step=Step.ITEM,
            bench=bench,
            order=order_number,
            owner=owner,
            goods=tuple(goods),
            expected=dict(expected),
            verified=verified,
        )
        message = msg(
            "{order_number} to {country}: {total} units to verify",
            order_number=order_number,
            country=country,
            total=self.state.total,
        )
        if verified:
            message += msg(", {done} already verified (resumed)", done=self.state.done)
            if self.state.done >= self.state.total:
                with self.rt.uow() as uow:
                    outcome = self._all_verified(uow)
                    uow.commit()
                outcome.message = f"{message}; {outcome.message}"
                return outcome
        if export:
            message += msg(" (export: customs data needed)")
        if missing:
            return Outcome(
                message
                + msg(
                    "; no HS code for {missing}: the parcel cannot "
                    "be closed until the product master has it",
                    missing=", ".join(missing),
                ),
                Level.ATTENTION,
            )
        return Outcome(message)

    def _item(self, scan: Scan) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:  # it writes what was verified (pack_checks)
            product, _level, units = resolve_product(self.rt, uow, scan)
            quantity = (st.keyed or 1) * units
            items = [item for item in st.expected if item.sku == product.sku]
            if not items and st.owner:
                require_same_owner(
                    uow,
                    product.sku,
                    product.owner,
                    msg("order {order}", order=st.order),
                    st.owner,
                )
            if not items:
                raise RuleViolation(
                    msg(
                        "wrong item {sku}: it is not in {order}; set it aside",
                        sku=product.sku,
                        order=st.order,
                    ),
                    "wrong_item",
                )
            if scan.lot:
                same_lot = [item for item in items if item.lot.upper() == scan.lot]
                if not same_lot:
                    lots = ", ".join(item.lot or "-" for item in items)
                    raise RuleViolation(
                        msg(
                            "wrong lot {lot} of {sku}: {order} has lot {lots}",
                            lot=scan.lot,
                            sku=product.sku,
                            order=st.order,
                            lots=lots,
                        ),
                        "wrong_lot",
                    )
                items = same_lot
            left = sum(st.left(item) for item in items)
            if quantity > left:
                raise RuleViolation(
                    msg(
                        "extra item: {quantity} × {sku} but only "
                        "{left} left to verify for {order}; set it "
                        "aside",
                        quantity=quantity,
                        sku=product.sku,
                        left=left,
                        order=st.order,
                    ),
                    "extra_item",
                )
            verified = dict(st.verified)
            remaining = quantity
            for item in items:
                take = min(remaining, st.left(item))
                if take > 0:
                    verified[item] = verified.get(item, 0) + take
                    remaining -= take
            self.state = st = replace(st, verified=verified, keyed=None)
            uow.pack_checks.record(
                self.rt.warehouse,
                st.order,
                {(item.sku, item.lot): units for item, units in verified.items()},
                station=self.rt.station,
                badge=self.rt.badge,
                at=self.rt.now(),
            )
            if st.done < st.total:
                uow.commit()
                return Outcome(
                    msg(
                        "{sku} ✓ ({done} of {total})", sku=product.sku, done=st.done, total=st.total
                    )
                )
            outcome = self._all_verified(uow)
            uow.commit()  # the checks, and the demo cartons seeded on first use
        return outcome

    def _all_verified(self, uow: UnitOfWork) -> Outcome:
        st = self.state
        items_to_pack = carton_svc.items_for(uow, st.quantities())
        available = carton_svc.cartons(uow, self.rt.warehouse)
        carton = carton_svc.suggest(available, items_to_pack)
        self.state = replace(st, carton=carton.code, suggested=carton.code, step=Step.WEIGHT)
        return Outcome(
            msg(
                "all {total} items verified: use carton {code} "
                "({description}), then weigh the parcel or "
                "key its weight",
                total=st.total,
                code=carton.code,
                description=carton.description,
            ),
            context={"suggested_carton": carton.code},
        )

    def _choose_carton(self, code: str) -> Outcome:
        with self.rt.reader() as uow:
            available = carton_svc.cartons(uow, self.rt.warehouse)
            carton = carton_svc.require_carton(available, code)
            reason = carton_svc.why_not(carton, carton_svc.items_for(uow, self.state.quantities()))
        if reason:
            raise RuleViolation(
                msg("carton {code} does not fit: {reason}", code=carton.code, reason=reason),
                "carton_too_small",
            )
        self.state = replace(self.state, carton=carton.code)
        return Outcome(
            msg(
                "carton {code} ({description}): weigh the parcel",
                code=carton.code,
                description=carton.description,
            )
        )

    def _close(self, kg: Decimal, *, raw: str, source: str) -> Outcome:
        st = self.state
        goods = list(st.goods)
        with self.rt.uow() as uow:
            order = require_order(uow, self.rt.warehouse, st.order)
            to_pack = svc.goods_to_pack(uow, self.rt.warehouse, order.number)
            if sorted(to_pack) != sorted(goods):
                raise RuleViolation(
                    msg(
                        "the goods of {number} changed while packing "
                        "(another bench?): scan the order again",
                        number=order.number,
                    ),
                    "goods_changed",
                )
            warehouse = uow.warehouses.require(self.rt.warehouse)
            carton = carton_svc.require_carton(
                carton_svc.cartons(uow, self.rt.warehouse), st.carton
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
                bench=st.bench,
                today=self.rt.today(),
                printing=self.rt.printing,
                signed_by=operator,
                raw_scan=raw,
                to_pack=to_pack,
                weight_source=source,
            )
            uow.pack_checks.clear(self.rt.warehouse, order.number)
            uow.commit()
        self.reset()
        customs = (
            msg(", {customs_form}", customs_form=result.customs_form) if result.customs_form else ""
        )
        keyed = msg(" keyed") if source == "keyed" else ""
        slot = (
            msg("; slot {slot_freed} is free", slot_freed=result.slot_freed)
            if result.slot_freed
            else ""
        )
        return Outcome(
            msg(
                "parcel {sscc} closed: {order}, {units} units, "
                "carton {carton}, {weight_kg} kg{keyed} (expected "
                "{expected_kg}){customs}; label printed{slot}",
                sscc=result.sscc,
                order=result.order,
                units=result.units,
                carton=result.carton,
                weight_kg=result.weight_kg,
                keyed=keyed,
                expected_kg=result.expected_kg,
                customs=customs,
                slot=slot,
            ),
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
                    "weight_source": source,
                    "expected_kg": result.expected_kg,
                    "customs_form": result.customs_form,
                }
            ],
        )
