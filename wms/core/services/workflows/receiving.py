"""Receiving: against an ASN or blind, onto handling units at a dock.

Steps: *document* (``ASN:<number>``, the number keyed, or ``CMD:BLIND``) → *unit* (an SSCC, or
``CMD:NEWHU`` for a new one from the site's company prefix, or a product to receive loose) →
*item* (product scans; a number keyed before a scan is the quantity of that scan; a case
GTIN-14 counts its case quantity; AI 30/37 carry a count) → *lot* / *expiry* when a tracked
product's barcode lacks them. Each accepted product scan is one RECEIVE movement to the dock,
committed before the feedback. Expired or damaged goods are received *quarantined*, loose (not on
the pallet), and the operator is told to put them in quarantine. ``CMD:DONE`` closes the receipt
and reports expected against received per ASN line.

Received quantities are read back from the ledger (movements with the ASN number as reference),
so a receipt interrupted by a crash or continued at another bench is still counted right.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_FLOOR, Decimal
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
from wms.core.domain.sscc import require_sscc
from wms.core.persistence.tables import AsnLineRow, AsnRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.workflows.engine import (
    Level,
    Outcome,
    Workflow,
    check_lot_code,
    location_code,
    parse_date,
    parse_quantity,
    register,
    resolve_product,
)
from wms.core.services.workflows.queries import received_by_sku

_GTIN_TYPED_LENGTHS = (8, 12, 13, 14)


@register
class Receiving(Workflow):
    name = "receiving"
    title = "Receiving"

    def reset(self) -> None:
        self.step = "document"
        self.asn = ""
        self.reference = ""
        self.supplier = ""
        self.lines: list[tuple[int, str, int, str, date | None]] = []
        self.dock = ""
        self.unit = ""
        self.keyed: int | None = None
        self.damaged = False
        self.pending: dict[str, Any] | None = None
        self.received: dict[str, int] = {}
        self.last_sku = ""

    def has_task(self) -> bool:
        return self.step != "document"

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.step == "item" and scan.kind is ScanKind.PRODUCT

    # what the screen shows -----------------------------------------------------------------

    @property
    def what(self) -> str:
        return f"ASN {self.asn}" if self.asn else f"blind receipt {self.reference}"

    @property
    def prompt(self) -> str:
        if self.step == "document":
            return "Scan the ASN (or key its number), or CMD:BLIND to receive without one"
        if self.step == "unit":
            return (
                f"Scan the pallet SSCC or CMD:NEWHU for {self.what} at {self.dock}, "
                "or scan a product to receive it loose"
            )
        if self.step == "item":
            onto = f"pallet {self.unit}" if self.unit else "the dock floor (loose)"
            if self.keyed:
                return f"Scan the product to receive {self.keyed} of it onto {onto}"
            return f"Scan products for {self.what} onto {onto} at {self.dock}; CMD:DONE closes it"
        assert self.pending is not None
        sku = self.pending["sku"]
        if self.step == "lot":
            hint = self._asn_lot(sku)
            return f"Scan or key the lot of {sku}" + (f" (the ASN says {hint})" if hint else "")
        return f"Key the expiry date of {sku} lot {self.pending['lot']} (YYYY-MM-DD)"

    def context(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step}
        if self.step == "document":
            return data
        data.update(
            {"asn": self.asn, "reference": self.reference, "dock": self.dock, "unit": self.unit}
        )
        if self.keyed:
            data["quantity"] = self.keyed
        sku = self.pending["sku"] if self.pending else self.last_sku
        if sku:
            data["sku"] = sku
            data["received_here"] = self.received.get(sku, 0)
            if self.asn:
                data["expected"] = self._expected(sku)
        return data

    # inputs --------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        if self.step == "document":
            if scan.kind is ScanKind.DOCUMENT and scan.document_type == "ASN":
                return self._open_asn(scan.value)
            if scan.kind is ScanKind.TEXT:
                return self._open_asn(scan.value)
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        if self.step in ("unit", "item"):
            if scan.kind is ScanKind.HANDLING_UNIT:
                return self._use_unit(scan)
            if scan.kind is ScanKind.PRODUCT:
                if self.step == "unit":
                    self.unit = ""
                    self.step = "item"
                return self._item(scan)
            code = location_code(scan)
            if code is not None:
                return self._change_dock(code)
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        assert self.pending is not None
        same_item = scan.gtin is None or scan.gtin == self.pending["gtin"]
        if self.step == "lot":
            if scan.lot and same_item:
                return self._lot(scan.lot, scan.expiry)
            if scan.kind is ScanKind.TEXT and not scan.is_gs1:
                return self._lot(scan.value, None)
        elif scan.expiry is not None and same_item:
            return self._expiry(scan.expiry)
        raise RuleViolation(
            f"expected: {self.prompt} (or CMD:BACK to drop this item); found a "
            f"{scan.kind.value} scan {scan.value!r}",
            "item_pending",
        )

    def key(self, text: str) -> Outcome:
        if self.step == "document":
            return self._open_asn(text)
        if self.step in ("unit", "item"):
            if text.upper() in ("DAMAGED", "DMG"):
                self.damaged = True
                return Outcome(
                    "next product is damaged: it will be received into quarantine",
                    Level.ATTENTION,
                )
            if text.isdigit() and len(text) in _GTIN_TYPED_LENGTHS:
                from wms.core.barcodes import interpret

                return self.scan(interpret(text, today=self.rt.today()))
            self.keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
            if self.step == "unit":
                self.unit = ""
                self.step = "item"
            return Outcome(f"quantity {self.keyed}: scan the product")
        if self.step == "lot":
            return self._lot(text, None)
        return self._expiry(parse_date(text, self.rt.today()))

    def command(self, name: str) -> Outcome:
        if name == "BLIND" and self.step == "document":
            return self._open_blind()
        if name == "NEWHU" and self.step in ("unit", "item"):
            return self._new_unit()
        if name == "DONE" and self.step in ("unit", "item"):
            return self._done()
        if name == "DONE" and self.step in ("lot", "expiry"):
            raise RuleViolation(
                f"finish this item first: {self.prompt}, or CMD:BACK to drop it", "item_pending"
            )
        raise self.unexpected(f"CMD:{name}")

    def back(self) -> Outcome:
        if self.step in ("lot", "expiry"):
            sku = self.pending["sku"] if self.pending else ""
            self.pending = None
            self.step = "item"
            return Outcome(f"{sku} not received; scan it again")
        if self.step == "item":
            self.step = "unit"
            self.keyed = None
            return Outcome("choose the handling unit again")
        if self.step == "unit":
            what = self.what
            self.reset()
            return Outcome(f"{what} left open; scan the ASN again to continue it")
        return super().back()

    def cancel(self) -> Outcome:
        if self.step == "document":
            return Outcome("nothing to cancel")
        what, total = self.what, sum(self.received.values())
        self.reset()
        if total:
            return Outcome(
                f"{what} left open: the {total} units received here stay recorded; "
                "nothing else is saved",
                Level.ATTENTION,
            )
        return Outcome(f"{what} cancelled; nothing was received")

    # steps ---------------------------------------------------------------------------------

    def _open_asn(self, number: str) -> Outcome:
        number = number.strip()
        with self.rt.uow() as uow:
            row = uow.session.get(AsnRow, number)
            if row is None or row.warehouse != self.rt.warehouse:
                raise NotFound(
                    "ASN",
                    number,
                    f"not an ASN of warehouse {self.rt.warehouse}: check the delivery papers, "
                    "or scan CMD:BLIND",
                )
            if row.status != "open":
                raise RuleViolation(
                    f"ASN {number} is {row.status}, not open: nothing more can be received "
                    "against it (scan CMD:BLIND for a receipt without ASN)",
                    "asn_closed",
                )
            lines = uow.session.query(AsnLineRow).filter(AsnLineRow.asn == number).all()
            self.lines = [(ln.line, ln.sku, ln.quantity, ln.lot, ln.expiry) for ln in lines]
            self.lines.sort()
            self.supplier = row.supplier
            dock = self.rt.default_dock(uow)
            already = received_by_sku(uow, self.rt.warehouse, number)
        self.asn = self.reference = number
        self.dock = dock.code
        self.step = "unit"
        expected = sum(q for _, _, q, _, _ in self.lines)
        got = sum(already.values())
        progress = f", {got} already received" if got else ""
        return Outcome(
            f"ASN {number} from {self.supplier or 'unknown supplier'}: {len(self.lines)} lines, "
            f"{expected} units expected{progress}; receiving at {self.dock}"
        )

    def _open_blind(self) -> Outcome:
        with self.rt.uow() as uow:
            dock = self.rt.default_dock(uow)
        self.asn = ""
        self.reference = f"BLIND-{new_id().replace('-', '')[:16].upper()}"
        self.dock = dock.code
        self.step = "unit"
        return Outcome(f"blind receipt {self.reference} at {self.dock}")

    def _change_dock(self, code: str) -> Outcome:
        with self.rt.uow() as uow:
            location = self.rt.master.location(uow, code)
        if location is None:
            raise self.unexpected(f"{code!r}, which is neither a barcode nor a location here")
        if location.type not in (LocationType.DOCK, LocationType.RECEIVING):
            raise RuleViolation(
                f"location {location.code} is a {location.type.value} location: expected a dock "
                "or receiving location to receive at",
                "wrong_location_type",
            )
        self.dock = location.code
        return Outcome(f"receiving at {self.dock}")

    def _use_unit(self, scan: Scan) -> Outcome:
        sscc = require_sscc(scan.sscc or scan.value)
        with self.rt.uow() as uow:
            unit = uow.handling_units.get(sscc)
            if unit is None:
                uow.handling_units.add(
                    HandlingUnit(sscc, self.rt.warehouse, HandlingUnitKind.PALLET, self.dock),
                    reference=self.reference,
                )
                message = f"pallet {sscc} registered at {self.dock}"
            elif unit.warehouse != self.rt.warehouse:
                raise RuleViolation(
                    f"handling unit {sscc} belongs to warehouse {unit.warehouse}, not "
                    f"{self.rt.warehouse}",
                    "wrong_warehouse",
                )
            elif unit.location and unit.location != self.dock:
                raise RuleViolation(
                    f"handling unit {sscc} is at {unit.location}, not at {self.dock}: receive "
                    "onto a unit at the dock or scan CMD:NEWHU",
                    "unit_elsewhere",
                )
            else:
                message = f"receiving onto pallet {sscc}"
            self.unit = sscc
            self.step = "item"
            if scan.content_gtin:
                outcome = self._item_in(uow, scan)
                outcome.message = f"{message}; {outcome.message}"
                return outcome
            uow.commit()
        return Outcome(message)

    def _new_unit(self) -> Outcome:
        with self.rt.uow() as uow:
            sscc = uow.warehouses.allocate_sscc(self.rt.warehouse)
            uow.handling_units.add(
                HandlingUnit(sscc, self.rt.warehouse, HandlingUnitKind.PALLET, self.dock),
                reference=self.reference,
            )
            uow.commit()
        self.unit = sscc
        self.step = "item"
        return Outcome(
            f"new pallet {sscc}: print its SSCC label and put it on the pallet",
            context={"new_sscc": sscc},
        )

    def _item(self, scan: Scan) -> Outcome:
        with self.rt.uow() as uow:
            return self._item_in(uow, scan)

    def _item_in(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        product, _level, units = resolve_product(self.rt, uow, scan)
        if self.keyed and not scan.count:
            units *= self.keyed
        self.keyed = None
        self._check_quantity(uow, product.sku, units)
        item: dict[str, Any] = {
            "sku": product.sku,
            "units": units,
            "lot": scan.lot or "",
            "expiry": scan.expiry,
            "raw": scan.raw,
            "gtin": scan.gtin or scan.content_gtin,
            "tracks_lot": product.tracks_lot,
            "tracks_expiry": product.tracks_expiry,
        }
        self.last_sku = product.sku
        if item["lot"] and item["expiry"] is None and product.tracks_expiry:
            known = uow.lots.get(product.sku, item["lot"])
            if known is not None and known.expiry is not None:
                item["expiry"] = known.expiry
        if product.tracks_lot and not item["lot"]:
            uow.commit()  # a unit registered by this scan stays registered
            self.pending, self.step = item, "lot"
            return Outcome(
                f"{product.sku}: lot missing on the barcode: scan or key the lot",
                Level.ATTENTION,
            )
        if product.tracks_expiry and item["expiry"] is None:
            uow.commit()
            self.pending, self.step = item, "expiry"
            return Outcome(
                f"{product.sku} lot {item['lot']}: expiry missing: key the expiry date",
                Level.ATTENTION,
            )
        return self._post(uow, item)

    def _lot(self, text: str, expiry: date | None) -> Outcome:
        assert self.pending is not None
        self.pending["lot"] = check_lot_code(text)
        if expiry is not None:
            self.pending["expiry"] = expiry
        with self.rt.uow() as uow:
            if self.pending["expiry"] is None:
                known = uow.lots.get(self.pending["sku"], self.pending["lot"])
                if known is not None and known.expiry is not None:
                    self.pending["expiry"] = known.expiry
            if self.pending["tracks_expiry"] and self.pending["expiry"] is None:
                self.step = "expiry"
                return Outcome(f"lot {self.pending['lot']}: now key the expiry date")
            return self._post(uow, self.pending)

    def _expiry(self, expiry: date) -> Outcome:
        assert self.pending is not None
        self.pending["expiry"] = expiry
        with self.rt.uow() as uow:
            return self._post(uow, self.pending)

    def _post(self, uow: UnitOfWork, item: dict[str, Any]) -> Outcome:
        sku, units, lot_code = item["sku"], item["units"], item["lot"]
        expiry: date | None = item["expiry"]
        if lot_code:
            lot = uow.lots.ensure(sku, lot_code, expiry)
            expiry = lot.expiry
        self._check_quantity(uow, sku, units)
        expired = expiry is not None and expiry < self.rt.today()
        quarantine = expired or self.damaged
        movement = self.rt.post(
            uow,
            MovementDraft.receipt(
                sku,
                units,
                StockPlace(self.dock, "", StockStatus.QUARANTINED)
                if quarantine
                else StockPlace(self.dock, self.unit),
                lot=lot_code,
                expiry=expiry,
                reference=self.reference,
                raw_scan=item["raw"],
            ),
        )
        uow.commit()
        self.received[sku] = self.received.get(sku, 0) + units
        self.pending = None
        self.step = "item"
        self.last_sku = sku
        lot_text = f" lot {lot_code}" if lot_code else ""
        progress = ""
        if self.asn:
            total = received_by_sku(uow, self.rt.warehouse, self.asn).get(sku, 0)
            progress = f" ({total} of {self._expected(sku)})"
        if quarantine:
            why = f"expired ({expiry.isoformat()})" if expired and expiry else "damaged"
            self.damaged = False
            return Outcome(
                f"{why}: put in quarantine: {units} x {sku}{lot_text} received quarantined"
                f"{', keep it off the pallet' if self.unit else ''}{progress}",
                Level.ATTENTION,
                [movement],
                context={"quarantined": True},
            )
        onto = f" onto {self.unit}" if self.unit else " loose"
        return Outcome(f"received {units} x {sku}{lot_text}{onto}{progress}", movements=[movement])

    def _done(self) -> Outcome:
        summary: list[dict[str, Any]] = []
        with self.rt.uow() as uow:
            received = received_by_sku(uow, self.rt.warehouse, self.reference)
            if self.asn:
                remaining = dict(received)
                last_line = {sku: line for line, sku, _, _, _ in self.lines}
                for line, sku, expected, _lot, _expiry in self.lines:
                    got = remaining.get(sku, 0)
                    share = got if last_line[sku] == line else min(got, expected)
                    remaining[sku] = got - share
                    summary.append(
                        {
                            "line": line,
                            "sku": sku,
                            "expected": expected,
                            "received": share,
                            "difference": share - expected,
                        }
                    )
                row = uow.session.get(AsnRow, self.asn)
                if row is not None:
                    row.status = "received"
                uow.commit()
            else:
                summary = [
                    {"sku": sku, "expected": 0, "received": qty, "difference": qty}
                    for sku, qty in sorted(received.items())
                ]
        what = self.what
        self.reset()
        if not summary:
            return Outcome(f"{what} closed: nothing was received", Level.ATTENTION)
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

    def _expected(self, sku: str) -> int:
        return sum(q for _, s, q, _, _ in self.lines if s == sku)

    def _asn_lot(self, sku: str) -> str:
        return next((lot for _, s, _, lot, _ in self.lines if s == sku and lot), "")

    def _check_quantity(self, uow: UnitOfWork, sku: str, units: int) -> None:
        if not self.asn:
            return
        expected = self._expected(sku)
        if expected == 0:
            on_asn = ", ".join(sorted({s for _, s, _, _, _ in self.lines}))
            raise RuleViolation(
                f"{sku} is not on ASN {self.asn} (expected one of {on_asn}): set it aside and "
                "call a supervisor",
                "not_on_asn",
            )
        received = received_by_sku(uow, self.rt.warehouse, self.asn).get(sku, 0)
        tolerance = self.rt.settings.over_receipt_tolerance
        limit = int((Decimal(expected) * (1 + tolerance)).to_integral_value(ROUND_FLOOR))
        if received + units > limit:
            raise RuleViolation(
                f"over-receipt of {sku} on ASN {self.asn}: expected {expected}, received "
                f"{received}, this scan of {units} would make {received + units}, more than "
                f"the {float(tolerance * 100):g} % tolerance allows ({limit}): set the extra aside",
                "over_receipt",
            )
