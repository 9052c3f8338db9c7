"""Receiving: against an ASN or blind, onto handling units at a dock.

Steps: *document* (``ASN:<number>``, the number keyed, or ``CMD:BLIND``) → *unit* (an SSCC, or
``CMD:NEWHU`` for a new one from the site's company prefix, or a product to receive loose) →
*item* (product scans; a number keyed before a scan is the quantity of that scan; a case
GTIN-14 counts its case quantity; AI 30/37 carry a count) → *lot* / *expiry* when a tracked
product's barcode lacks them. Lots are one code whatever the case (``gp2611a`` is ``GP2611A``);
a lot other than the ASN's for that product is not received at once: *lot check* asks for the
same lot a second time (scanned or keyed), a deliberate act, before a new lot is made.
Each accepted product scan is one RECEIVE movement to the dock,
committed before the feedback. Expired or damaged goods are received *quarantined*, loose (not on
the pallet), and the operator is told to put them in quarantine. ``CMD:DONE`` closes the receipt
and reports expected against received per ASN line.

A pallet never grows bigger than a location can hold: a scan that would put more units (or
kilograms) on the handling unit than any storage location or pick face takes is refused
(``oversize``), proposing ``CMD:NEWHU`` to split the rest onto a new pallet, so putaway never
meets a unit it cannot place.

Received quantities are read back from the ledger (movements with the ASN number as reference),
so a receipt interrupted by a crash or continued at another bench is still counted right.

This module is over 500 lines on purpose: it is one state machine with its state classes;
splitting its steps across modules would scatter one workflow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.ids import new_id
from wms.core.domain.model import (
    HandlingUnit,
    HandlingUnitKind,
    LocationType,
    MovementDraft,
    StockPlace,
    StockStatus,
)
from wms.core.domain.modes import StationMode
from wms.core.domain.sscc import require_sscc
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import (
    check_lot_code,
    location_code,
    parse_date,
    parse_quantity,
    resolve_product,
)
from wms.core.services.workflows.queries import (
    AsnLine,
    asn,
    received_by_sku,
    received_of,
    require_same_owner,
    stock_entries,
)
from wms.core.services.workflows.strategies import fits, storage_types
from wms.core.services.workflows.unit_labels import queue_unit_label

_GTIN_TYPED_LENGTHS = (8, 12, 13, 14)


class Step(StrEnum):
    DOCUMENT = "document"
    UNIT = "unit"
    ITEM = "item"
    LOT = "lot"
    LOT_CHECK = "lot_check"
    EXPIRY = "expiry"


@dataclass(frozen=True)
class PendingItem:
    """A product scanned whose lot or expiry the operator still has to give."""

    sku: str
    units: int
    lot: str
    expiry: date | None
    raw: str
    gtin: str | None
    tracks_lot: bool
    tracks_expiry: bool


@dataclass(frozen=True)
class ReceivingState(WorkflowState):
    step: Step = Step.DOCUMENT
    asn: str = ""
    reference: str = ""
    supplier: str = ""
    owner: str = ""  # the ASN's stock owner ("" for a blind receipt: no owner to match)
    lines: tuple[AsnLine, ...] = ()
    dock: str = ""
    unit: str = ""
    keyed: int | None = None
    damaged: bool = False
    pending: PendingItem | None = None
    received: Mapping[str, int] = field(default_factory=dict)
    #: units of the ASN's SKUs received before this bench opened it (read once, at the open)
    received_before: Mapping[str, int] = field(default_factory=dict)
    last_sku: str = ""
    unit_units: int = 0  # what the handling unit holds (for the oversize rule)
    unit_kg: Decimal = Decimal("0")

    @property
    def what(self) -> str:
        return (
            msg("ASN {asn}", asn=self.asn)
            if self.asn
            else msg("blind receipt {reference}", reference=self.reference)
        )

    def expected(self, sku: str) -> int:
        return sum(line.quantity for line in self.lines if line.sku == sku)

    def asn_lot(self, sku: str) -> str:
        return next((line.lot for line in self.lines if line.sku == sku and line.lot), "")

    def asn_lots(self, sku: str) -> list[str]:
        return sorted({line.lot.upper() for line in self.lines if line.sku == sku and line.lot})

    def lot_differs(self, sku: str, lot: str) -> bool:
        """True when the ASN names lots of ``sku`` and ``lot`` is none of them."""
        lots = self.asn_lots(sku)
        return bool(self.asn and lots and lot not in lots)


@register
class Receiving(Workflow):
    name = StationMode.RECEIVING
    title = msg("Receiving")
    state: ReceivingState

    def reset(self) -> None:
        self.state = ReceivingState()

    def has_task(self) -> bool:
        return self.state.step is not Step.DOCUMENT

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.state.step is Step.ITEM and scan.kind is ScanKind.PRODUCT

    # what the screen shows -----------------------------------------------------------------

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.DOCUMENT:
            return msg("Scan the ASN (or key its number), or CMD:BLIND to receive without one")
        if st.step is Step.UNIT:
            return msg(
                "Scan the pallet SSCC or CMD:NEWHU for {what} "
                "at {dock}, or scan a product to receive "
                "it loose",
                what=st.what,
                dock=st.dock,
            )
        if st.step is Step.ITEM:
            onto = msg("pallet {unit}", unit=st.unit) if st.unit else msg("the dock floor (loose)")
            if st.keyed:
                return msg(
                    "Scan the product to receive {keyed} of it onto {onto}",
                    keyed=st.keyed,
                    onto=onto,
                )
            return msg(
                "Scan products for {what} onto {onto} at {dock}; CMD:DONE closes it",
                what=st.what,
                onto=onto,
                dock=st.dock,
            )
        assert st.pending is not None
        sku = st.pending.sku
        if st.step is Step.LOT:
            hint = st.asn_lot(sku)
            return msg("Scan or key the lot of {sku}", sku=sku) + (
                msg(" (the ASN says {hint})", hint=hint) if hint else ""
            )
        if st.step is Step.LOT_CHECK:
            lot, expected = st.pending.lot, " or ".join(st.asn_lots(sku))
            return msg(
                "Lot {lot} of {sku} is not the ASN's lot "
                "{expected}: scan or key {lot} again to receive "
                "it as lot {lot}, give the ASN's lot, or "
                "CMD:BACK to drop it",
                lot=lot,
                sku=sku,
                expected=expected,
            )
        return msg(
            "Key the expiry date of {sku} lot {lot} (YYYY-MM-DD)", sku=sku, lot=st.pending.lot
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.step is Step.DOCUMENT:
            return data
        data.update({"asn": st.asn, "reference": st.reference, "dock": st.dock, "unit": st.unit})
        if st.keyed:
            data["quantity"] = st.keyed
        sku = st.pending.sku if st.pending else st.last_sku
        if sku:
            data["sku"] = sku
            data["received_here"] = st.received.get(sku, 0)
            if st.asn:
                data["expected"] = st.expected(sku)
        return data

    # inputs --------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        st = self.state
        if st.step is Step.DOCUMENT:
            if scan.kind is ScanKind.DOCUMENT and scan.document_type == "ASN":
                return self._open_asn(scan.value)
            if scan.kind is ScanKind.TEXT:
                return self._open_asn(scan.value)
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        if st.step in (Step.UNIT, Step.ITEM):
            if scan.kind is ScanKind.HANDLING_UNIT:
                return self._use_unit(scan)
            if scan.kind is ScanKind.PRODUCT:
                if st.step is Step.UNIT:
                    self.state = replace(st, unit="", step=Step.ITEM)
                return self._item(scan)
            code = location_code(scan)
            if code is not None:
                return self._change_dock(code)
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        assert st.pending is not None
        same_item = scan.gtin is None or scan.gtin == st.pending.gtin
        if st.step is Step.LOT_CHECK:
            if scan.lot and same_item:
                return self._check_lot(scan.lot, scan.expiry)
            if scan.kind is ScanKind.TEXT and not scan.is_gs1:
                return self._check_lot(check_lot_code(scan.value), None)
        elif st.step is Step.LOT:
            if scan.lot and same_item:
                return self._lot(scan.lot, scan.expiry)
            if scan.kind is ScanKind.TEXT and not scan.is_gs1:
                return self._lot(scan.value, None)
        elif scan.expiry is not None and same_item:
            return self._expiry(scan.expiry)
        raise RuleViolation(
            msg(
                "expected: {prompt} (or CMD:BACK to drop this item); found a {kind} scan {scan!r}",
                prompt=self.prompt,
                kind=scan.kind.value,
                scan=scan.value,
            ),
            "item_pending",
        )

    def key(self, text: str) -> Outcome:
        st = self.state
        if st.step is Step.DOCUMENT:
            return self._open_asn(text)
        if st.step in (Step.UNIT, Step.ITEM):
            if text.upper() in ("DAMAGED", "DMG"):
                self.state = replace(st, damaged=True)
                return Outcome(
                    msg("next product is damaged: it will be received into quarantine"),
                    Level.ATTENTION,
                )
            if text.isdigit() and len(text) in _GTIN_TYPED_LENGTHS:
                from wms.core.barcodes import interpret

                return self.scan(interpret(text, today=self.rt.today()))
            keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
            unit = "" if st.step is Step.UNIT else st.unit
            self.state = replace(st, keyed=keyed, unit=unit, step=Step.ITEM)
            return Outcome(msg("quantity {keyed}: scan the product", keyed=keyed))
        if st.step is Step.LOT:
            return self._lot(text, None)
        if st.step is Step.LOT_CHECK:
            return self._check_lot(check_lot_code(text), None)
        return self._expiry(parse_date(text, self.rt.today()))

    def command(self, name: str) -> Outcome:
        step = self.state.step
        if name == "BLIND" and step is Step.DOCUMENT:
            return self._open_blind()
        if name == "NEWHU" and step in (Step.UNIT, Step.ITEM):
            return self._new_unit()
        if name == "REPRINT" and step is not Step.DOCUMENT:
            return self._reprint()
        if name == "DONE" and step in (Step.UNIT, Step.ITEM):
            return self._done()
        if name == "DONE" and step in (Step.LOT, Step.LOT_CHECK, Step.EXPIRY):
            raise RuleViolation(
                msg("finish this item first: {prompt}, or CMD:BACK to drop it", prompt=self.prompt),
                "item_pending",
            )
        raise self.unexpected(msg("CMD:{name}", name=name))

    def back(self) -> Outcome:
        st = self.state
        if st.step in (Step.LOT, Step.LOT_CHECK, Step.EXPIRY):
            sku = st.pending.sku if st.pending else ""
            self.state = replace(st, pending=None, step=Step.ITEM)
            return Outcome(msg("{sku} not received; scan it again", sku=sku))
        if st.step is Step.ITEM:
            self.state = replace(st, step=Step.UNIT, keyed=None)
            return Outcome(msg("choose the handling unit again"))
        if st.step is Step.UNIT:
            self.reset()
            return Outcome(msg("{what} left open; scan the ASN again to continue it", what=st.what))
        return super().back()

    def cancel(self) -> Outcome:
        st = self.state
        if st.step is Step.DOCUMENT:
            return Outcome(msg("nothing to cancel"))
        total = sum(st.received.values())
        self.reset()
        if total:
            return Outcome(
                msg(
                    "{what} left open: the {total} units received "
                    "here stay recorded; nothing else is saved",
                    what=st.what,
                    total=total,
                ),
                Level.ATTENTION,
            )
        return Outcome(msg("{what} cancelled; nothing was received", what=st.what))

    # steps ---------------------------------------------------------------------------------

    def _open_asn(self, number: str) -> Outcome:
        number = number.strip()
        with self.rt.reader() as uow:
            document = asn(uow, number)
            if document is None or document.warehouse != self.rt.warehouse:
                raise NotFound(
                    "ASN",
                    number,
                    msg(
                        "not an ASN of warehouse {warehouse}: check "
                        "the delivery papers, or scan CMD:BLIND",
                        warehouse=self.rt.warehouse,
                    ),
                )
            if document.status != "open":
                raise RuleViolation(
                    msg(
                        "ASN {number} is {status}, not open: nothing "
                        "more can be received against it (scan CMD:BLIND "
                        "for a receipt without ASN)",
                        number=number,
                        status=document.status,
                    ),
                    "asn_closed",
                )
            lines, supplier, owner = document.lines, document.supplier, document.owner
            dock = self.rt.default_dock(uow)
            already = received_by_sku(uow, self.rt.warehouse, number)
        self.state = replace(
            self.state,
            asn=number,
            reference=number,
            lines=lines,
            supplier=supplier,
            owner=owner,
            dock=dock.code,
            step=Step.UNIT,
            received_before=already,
        )
        expected = sum(line.quantity for line in lines)
        got = sum(already.values())
        progress = msg(", {got} already received", got=got) if got else ""
        return Outcome(
            msg(
                "ASN {number} from {value}: {count} lines, "
                "{expected} units expected{progress}; receiving "
                "at {code}",
                number=number,
                value=supplier or "unknown supplier",
                count=len(lines),
                expected=expected,
                progress=progress,
                code=dock.code,
            )
        )

    def _open_blind(self) -> Outcome:
        with self.rt.reader() as uow:
            dock = self.rt.default_dock(uow)
        reference = msg("BLIND-{new_id}", new_id=new_id().replace("-", "")[:16].upper())
        self.state = replace(
            self.state, asn="", reference=reference, dock=dock.code, step=Step.UNIT
        )
        return Outcome(
            msg("blind receipt {reference} at {code}", reference=reference, code=dock.code)
        )

    def _change_dock(self, code: str) -> Outcome:
        with self.rt.reader() as uow:
            location = self.rt.master.location(uow, code)
        if location is None:
            raise self.unexpected(
                msg("{code!r}, which is neither a barcode nor a location here", code=code)
            )
        if location.type not in (LocationType.DOCK, LocationType.RECEIVING):
            raise RuleViolation(
                msg(
                    "location {code} is a {type} location: expected "
                    "a dock or receiving location to receive "
                    "at",
                    code=location.code,
                    type=location.type.value,
                ),
                "wrong_location_type",
            )
        self.state = replace(self.state, dock=location.code)
        return Outcome(msg("receiving at {code}", code=location.code))

    def _use_unit(self, scan: Scan) -> Outcome:
        sscc = require_sscc(scan.sscc or scan.value)
        st = self.state
        with self.rt.uow() as uow:
            unit = uow.handling_units.get(sscc)
            if unit is None:
                uow.handling_units.add(
                    HandlingUnit(sscc, self.rt.warehouse, HandlingUnitKind.PALLET, st.dock),
                    reference=st.reference,
                )
                message = msg("pallet {sscc} registered at {dock}", sscc=sscc, dock=st.dock)
            elif unit.warehouse != self.rt.warehouse:
                raise RuleViolation(
                    msg(
                        "handling unit {sscc} belongs to warehouse {warehouse}, not {warehouse2}",
                        sscc=sscc,
                        warehouse=unit.warehouse,
                        warehouse2=self.rt.warehouse,
                    ),
                    "wrong_warehouse",
                )
            elif unit.location and unit.location != st.dock:
                raise RuleViolation(
                    msg(
                        "handling unit {sscc} is at {location}, not "
                        "at {dock}: receive onto a unit at the dock "
                        "or scan CMD:NEWHU",
                        sscc=sscc,
                        location=unit.location,
                        dock=st.dock,
                    ),
                    "unit_elsewhere",
                )
            else:
                message = msg("receiving onto pallet {sscc}", sscc=sscc)
            held = stock_entries(uow, self.rt.warehouse, handling_unit=sscc) if unit else []
            weights = self.rt.master.weights(uow)
            self.state = replace(
                st,
                unit=sscc,
                step=Step.ITEM,
                unit_units=sum(e.quantity for e in held),
                unit_kg=sum(
                    (weights.get(e.sku, Decimal("0")) * e.quantity for e in held), Decimal("0")
                ),
            )
            if scan.content_gtin:
                outcome = self._item_in(uow, scan)
                outcome.message = f"{message}; {outcome.message}"
                return outcome
            uow.commit()
        return Outcome(message)

    def _new_unit(self) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            sscc = uow.warehouses.allocate_sscc(self.rt.warehouse)
            uow.handling_units.add(
                HandlingUnit(sscc, self.rt.warehouse, HandlingUnitKind.PALLET, st.dock),
                reference=st.reference,
            )
            job = queue_unit_label(self.rt, uow, sscc, reference=st.reference, dock=st.dock)
            uow.commit()
        self.state = replace(st, unit=sscc, step=Step.ITEM, unit_units=0, unit_kg=Decimal("0"))
        return Outcome(
            msg(
                "new pallet {sscc}: its SSCC label is printing "
                "on {labels}; put it on the pallet (F7 / "
                "CMD:REPRINT prints it again)",
                sscc=sscc,
                labels=self.rt.printing.labels(),
            ),
            context={"new_sscc": sscc, "print_jobs": [job]},
        )

    def _reprint(self) -> Outcome:
        st = self.state
        if not st.unit:
            raise RuleViolation(
                msg("no pallet in hand to reprint: scan its SSCC or CMD:NEWHU first"),
                "nothing_to_print",
            )
        with self.rt.uow() as uow:
            job = queue_unit_label(
                self.rt, uow, st.unit, reference=st.reference, dock=st.dock, reprint=True
            )
            uow.commit()
        return Outcome(
            msg(
                "label of pallet {unit} printing again on {labels}",
                unit=st.unit,
                labels=self.rt.printing.labels(),
            ),
            context={"print_jobs": [job]},
        )

    def _item(self, scan: Scan) -> Outcome:
        with self.rt.uow() as uow:
            return self._item_in(uow, scan)

    def _item_in(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        product, _level, units = resolve_product(self.rt, uow, scan)
        if self.state.keyed and not scan.count:
            units *= self.state.keyed
        self.state = replace(self.state, keyed=None)
        if self.state.owner:
            require_same_owner(
                uow,
                product.sku,
                product.owner,
                msg("ASN {asn}", asn=self.state.asn),
                self.state.owner,
            )
        received = self._check_quantity(uow, product.sku, units)
        item = PendingItem(
            sku=product.sku,
            units=units,
            lot=scan.lot or "",
            expiry=scan.expiry,
            raw=scan.raw,
            gtin=scan.gtin or scan.content_gtin,
            tracks_lot=product.tracks_lot,
            tracks_expiry=product.tracks_expiry,
        )
        self.state = replace(self.state, last_sku=product.sku)
        if item.lot and item.expiry is None and product.tracks_expiry:
            known = uow.lots.get(product.sku, item.lot)
            if known is not None and known.expiry is not None:
                item = replace(item, expiry=known.expiry)
        if item.lot and self.state.lot_differs(product.sku, item.lot):
            uow.commit()  # a unit registered by this scan stays registered
            return self._ask_lot_check(item)
        if product.tracks_lot and not item.lot:
            uow.commit()  # a unit registered by this scan stays registered
            self.state = replace(self.state, pending=item, step=Step.LOT)
            return Outcome(
                msg("{sku}: lot missing on the barcode: scan or key the lot", sku=product.sku),
                Level.ATTENTION,
            )
        if product.tracks_expiry and item.expiry is None:
            uow.commit()
            self.state = replace(self.state, pending=item, step=Step.EXPIRY)
            return Outcome(
                msg(
                    "{sku} lot {lot}: expiry missing: key the expiry date",
                    sku=product.sku,
                    lot=item.lot,
                ),
                Level.ATTENTION,
            )
        return self._post(uow, item, received)

    def _ask_lot_check(self, item: PendingItem) -> Outcome:
        self.state = replace(self.state, pending=item, step=Step.LOT_CHECK)
        expected = " or ".join(self.state.asn_lots(item.sku))
        return Outcome(
            msg(
                "lot {lot} of {sku} is not on ASN {asn} (it "
                "says {expected}): give lot {lot} again to "
                "receive it as a new lot",
                lot=item.lot,
                sku=item.sku,
                asn=self.state.asn,
                expected=expected,
            ),
            Level.ATTENTION,
            context={"lot_check": item.lot},
        )

    def _check_lot(self, lot: str, expiry: date | None) -> Outcome:
        """The second lot input after a lot that differs from the ASN's: the same lot again
        confirms it, the ASN's lot replaces it, another lot is checked in turn."""
        pending = self.state.pending
        assert pending is not None
        if lot == pending.lot or not self.state.lot_differs(pending.sku, lot):
            confirmed = lot == pending.lot and self.state.lot_differs(pending.sku, lot)
            outcome = self._lot(lot, expiry, checked=True)
            if confirmed:
                outcome.message = f"lot {lot} confirmed (not the ASN's); {outcome.message}"
                outcome.level = Level.ATTENTION
            return outcome
        return self._ask_lot_check(replace(pending, lot=lot))

    def _lot(self, text: str, expiry: date | None, *, checked: bool = False) -> Outcome:
        pending = self.state.pending
        assert pending is not None
        pending = replace(pending, lot=check_lot_code(text))
        if expiry is not None:
            pending = replace(pending, expiry=expiry)
        if not checked and self.state.lot_differs(pending.sku, pending.lot):
            return self._ask_lot_check(pending)
        self.state = replace(self.state, pending=pending)
        with self.rt.uow() as uow:
            if pending.expiry is None:
                known = uow.lots.get(pending.sku, pending.lot)
                if known is not None and known.expiry is not None:
                    pending = replace(pending, expiry=known.expiry)
                    self.state = replace(self.state, pending=pending)
            if pending.tracks_expiry and pending.expiry is None:
                self.state = replace(self.state, step=Step.EXPIRY)
                return Outcome(msg("lot {lot}: now key the expiry date", lot=pending.lot))
            return self._post(uow, pending)

    def _expiry(self, expiry: date) -> Outcome:
        assert self.state.pending is not None
        pending = replace(self.state.pending, expiry=expiry)
        self.state = replace(self.state, pending=pending)
        with self.rt.uow() as uow:
            return self._post(uow, pending)

    def _post(self, uow: UnitOfWork, item: PendingItem, received: int | None = None) -> Outcome:
        """Receive ``item``; ``received`` is what the ASN had of it when this input checked
        the quantity (None: not checked yet in this input)."""
        st = self.state
        sku, units, lot_code, expiry = item.sku, item.units, item.lot, item.expiry
        if lot_code:
            lot = uow.lots.ensure(sku, lot_code, expiry)
            expiry = lot.expiry
        if received is None:
            received = self._check_quantity(uow, sku, units)
        expired = expiry is not None and expiry < self.rt.today()
        quarantine = expired or st.damaged
        unit_units, unit_kg = st.unit_units, st.unit_kg
        if st.unit and not quarantine:
            unit_units += units
            unit_kg += self.rt.master.weights(uow).get(sku, Decimal("0")) * units
            self._check_unit_size(uow, unit_units, unit_kg, units, sku)
        movement = self.rt.post(
            uow,
            MovementDraft.receipt(
                sku,
                units,
                StockPlace(st.dock, "", StockStatus.QUARANTINED)
                if quarantine
                else StockPlace(st.dock, st.unit),
                lot=lot_code,
                expiry=expiry,
                reference=st.reference,
                raw_scan=item.raw,
            ),
        )
        uow.commit()
        self.state = replace(
            st,
            received={**st.received, sku: st.received.get(sku, 0) + units},
            pending=None,
            step=Step.ITEM,
            last_sku=sku,
            damaged=False if quarantine else st.damaged,
            unit_units=unit_units,
            unit_kg=unit_kg,
        )
        lot_text = msg(" lot {lot_code}", lot_code=lot_code) if lot_code else ""
        progress = ""
        if st.asn:
            progress = msg(
                " ({value} of {expected})", value=received + units, expected=st.expected(sku)
            )
        if quarantine:
            why = (
                msg("expired ({expiry})", expiry=expiry.isoformat())
                if expired and expiry
                else msg("damaged")
            )
            return Outcome(
                msg(
                    "{why}: put in quarantine: {units} x {sku}{lot_text} "
                    "received quarantined{value}{progress}",
                    why=why,
                    units=units,
                    sku=sku,
                    lot_text=lot_text,
                    value=msg(", keep it off the pallet") if st.unit else "",
                    progress=progress,
                ),
                Level.ATTENTION,
                [movement],
                context={"quarantined": True},
            )
        onto = msg(" onto {unit}", unit=st.unit) if st.unit else msg(" loose")
        return Outcome(
            msg(
                "received {units} x {sku}{lot_text}{onto}{progress}",
                units=units,
                sku=sku,
                lot_text=lot_text,
                onto=onto,
                progress=progress,
            ),
            movements=[movement],
        )

    def _done(self) -> Outcome:
        st = self.state
        summary: list[dict[str, Any]] = []
        with self.rt.uow() as uow:
            received = received_by_sku(uow, self.rt.warehouse, st.reference)
            if st.asn:
                remaining = dict(received)
                last_line = {line.sku: line.line for line in st.lines}
                for line in st.lines:
                    got = remaining.get(line.sku, 0)
                    share = got if last_line[line.sku] == line.line else min(got, line.quantity)
                    remaining[line.sku] = got - share
                    summary.append(
                        {
                            "line": line.line,
                            "sku": line.sku,
                            "expected": line.quantity,
                            "received": share,
                            "difference": share - line.quantity,
                        }
                    )
                uow.documents.close_asn(st.asn)
                uow.commit()
            else:
                summary = [
                    {"sku": sku, "expected": 0, "received": qty, "difference": qty}
                    for sku, qty in sorted(received.items())
                ]
        what = st.what
        self.reset()
        if not summary:
            return Outcome(msg("{what} closed: nothing was received", what=what), Level.ATTENTION)
        short = [r for r in summary if r["difference"] < 0]
        over = [r for r in summary if r["difference"] > 0 and r["expected"]]
        parts = [f"{what} closed: {len(summary)} line{'s' if len(summary) != 1 else ''}"]
        if what.startswith("ASN"):
            parts.append(
                ", ".join(f"{r['sku']} {r['received']} of {r['expected']}" for r in summary)
            )
        if short:
            parts.append(f"{len(short)} short")
        if over:
            parts.append(f"{len(over)} over")
        level = Level.ATTENTION if short or over else Level.OK
        return Outcome("; ".join(parts), level, summary=summary)

    # rules ---------------------------------------------------------------------------------

    def _check_unit_size(
        self, uow: UnitOfWork, units: int, kg: Decimal, adding: int, sku: str
    ) -> None:
        """Refuse a scan that makes the pallet bigger than any location could hold."""
        kinds = storage_types(self.rt) | {LocationType.PICK_FACE}
        places = [loc for loc in self.rt.master.locations(uow).values() if loc.type in kinds]
        if not places or any(fits(loc, None, units, kg) for loc in places):
            return
        most_units = max((loc.capacity_units or 0) for loc in places)
        most_kg = max((loc.capacity_kg or Decimal("0")) for loc in places)
        raise RuleViolation(
            msg(
                "oversize pallet {unit}: {adding} more x "
                "{sku} would make {units} units ({kg:.1f} "
                "kg), more than any location holds (at most "
                "{most_units} units, {most_kg:g} kg): split "
                "it, put these on a new pallet (CMD:NEWHU) "
                "and scan them again",
                unit=self.state.unit,
                adding=adding,
                sku=sku,
                units=units,
                kg=kg,
                most_units=most_units,
                most_kg=most_kg,
            ),
            "oversize",
        )

    def _check_quantity(self, uow: UnitOfWork, sku: str, units: int) -> int:
        """Refuse ``units`` more of ``sku`` beyond the ASN's tolerance; returns what the ASN has
        received of it so far (0 for a blind receipt, which has no limit)."""
        st = self.state
        if not st.asn:
            return 0
        expected = st.expected(sku)
        if expected == 0:
            on_asn = ", ".join(sorted({line.sku for line in st.lines}))
            raise RuleViolation(
                msg(
                    "{sku} is not on ASN {asn} (expected one "
                    "of {on_asn}): set it aside and call a supervisor",
                    sku=sku,
                    asn=st.asn,
                    on_asn=on_asn,
                ),
                "not_on_asn",
            )
        received = received_of(uow, self.rt.warehouse, st.asn, sku)
        tolerance = self.rt.settings.over_receipt_tolerance
        limit = int((Decimal(expected) * (1 + tolerance)).to_integral_value(ROUND_FLOOR))
        if received + units > limit:
            raise RuleViolation(
                msg(
                    "over-receipt of {sku} on ASN {asn}: expected "
                    "{expected}, received {received}, this scan "
                    "of {units} would make {value}, more than "
                    "the {value2:g} % tolerance allows ({limit}): "
                    "set the extra aside",
                    sku=sku,
                    asn=st.asn,
                    expected=expected,
                    received=received,
                    units=units,
                    value=received + units,
                    value2=float(tolerance * 100),
                    limit=limit,
                ),
                "over_receipt",
            )
        return received
