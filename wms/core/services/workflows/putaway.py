"""Directed putaway: scan a handling unit (or a loose product at the dock), go where the system
says, confirm by scanning the location or keying its two check digits.

Scanning another valid location with room is an *override*, and an override is deliberate: the
first scan of that location posts nothing — it says the location is not the proposed one (and
that it holds other products, if it does) and asks for the same location again; the second scan
(or keyed code) of it posts with reference ``override`` and the operator's badge, reported with
``level="attention"`` and ``context["override"]``. Scanning the proposed location instead puts
the stock there as directed. ``CMD:REPRINT`` prints the SSCC label of the unit in hand again.

Quarantined stock is only ever directed or accepted to quarantine locations. A handling unit put
on a pick face is decanted (its stock becomes loose there); anywhere else it keeps its identity.
Nothing is posted until the location is confirmed, so CMD:BACK or CMD:CANCEL leave no trace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.check_digits import location_check_digits
from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import LocationType, MovementDraft, StockKey, StockPlace, StockStatus
from wms.core.domain.modes import StationMode
from wms.core.domain.sscc import require_sscc
from wms.core.domain.text import msg
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product
from wms.core.services.workflows.queries import StockEntry, stock_entries
from wms.core.services.workflows.strategies import Load, Proposal, check_destination, propose
from wms.core.services.workflows.unit_labels import queue_unit_label


class Step(StrEnum):
    UNIT = "unit"
    CONFIRM = "confirm"


@dataclass(frozen=True)
class PutawayState(WorkflowState):
    step: Step = Step.UNIT
    unit: str = ""
    origin: str = ""
    entries: tuple[StockEntry, ...] = ()
    destination: str = ""
    strategy: str = ""
    reason: str = ""
    keyed: int | None = None
    raw: str = ""
    override: str = ""  # a location scanned once instead of the destination: scan it again

    @property
    def what(self) -> str:
        if self.unit:
            return msg("pallet {unit}", unit=self.unit)
        units = sum(e.quantity for e in self.entries)
        entry = self.entries[0]
        lot = msg(" lot {lot}", lot=entry.lot) if entry.lot else ""
        return msg("{units} x {sku}{lot}", units=units, sku=entry.sku, lot=lot)


@register
class Putaway(Workflow):
    name = StationMode.PUTAWAY
    title = msg("Putaway")
    state: PutawayState

    def reset(self) -> None:
        self.state = PutawayState()

    def has_task(self) -> bool:
        return self.state.step is not Step.UNIT

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.UNIT:
            if st.keyed:
                return msg("Scan the product to put away {keyed} of it", keyed=st.keyed)
            return msg("Scan a handling unit, or a loose product at the dock, to put away")
        check = location_check_digits(self.rt.warehouse, st.destination)
        if st.override:
            return msg(
                "Scan {override} again to put {what} there "
                "instead of {destination} (an override), "
                "or take it to {destination} (check {check})",
                override=st.override,
                what=st.what,
                destination=st.destination,
                check=check,
            )
        return msg(
            "Take {what} to {destination} (check {check}): "
            "scan the location or key its check digits",
            what=st.what,
            destination=st.destination,
            check=check,
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.step is Step.CONFIRM:
            data.update(
                {
                    "unit": st.unit,
                    "from": st.origin,
                    "destination": st.destination,
                    "check_digits": location_check_digits(self.rt.warehouse, st.destination),
                    "strategy": st.strategy,
                    "lines": [
                        {
                            "sku": e.sku,
                            "lot": e.lot,
                            "quantity": e.quantity,
                            "status": e.status.value,
                        }
                        for e in st.entries
                    ],
                }
            )
        return data

    # inputs --------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        if scan.kind is ScanKind.HANDLING_UNIT:
            return self._unit(scan)
        if scan.kind is ScanKind.PRODUCT:
            return self._product(scan)
        if self.state.step is Step.CONFIRM:
            code = location_code(scan)
            if code is not None:
                return self._confirm(code, scan.raw)
        raise self.unexpected(msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value))

    def key(self, text: str) -> Outcome:
        st = self.state
        if st.step is Step.UNIT:
            keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
            self.state = replace(st, keyed=keyed)
            return Outcome(msg("quantity {keyed}: scan the product", keyed=keyed))
        check = location_check_digits(self.rt.warehouse, st.destination)
        if text.isdigit() and len(text) == 2:
            if text != check:
                raise RuleViolation(
                    msg(
                        "check digits {text} do not match {destination}: "
                        "read them again from the location label, "
                        "or scan the label",
                        text=text,
                        destination=st.destination,
                    ),
                    "wrong_check_digits",
                )
            return self._confirm(st.destination, f"@key {text}")
        return self._confirm(text.upper(), f"@key {text}")

    def command(self, name: str) -> Outcome:
        if name == "REPRINT":
            return self._reprint()
        return super().command(name)

    def _reprint(self) -> Outcome:
        st = self.state
        if not st.unit:
            raise RuleViolation(
                msg(
                    "no handling unit in hand to reprint: scan "
                    "the pallet first (a loose product has no "
                    "SSCC label)"
                ),
                "nothing_to_print",
            )
        with self.rt.uow() as uow:
            reference = uow.handling_units.reference_of(st.unit)
            job = queue_unit_label(
                self.rt, uow, st.unit, reference=reference, dock=st.origin, reprint=True
            )
            uow.commit()
        return Outcome(
            msg(
                "label of pallet {unit} printing again on {labels}",
                unit=st.unit,
                labels=self.rt.printing.labels(),
            ),
            destination=st.destination,
            context={"print_jobs": [job]},
        )

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.CONFIRM:
            self.reset()
            return Outcome(msg("{what} not put away; scan what to put away", what=st.what))
        return super().back()

    def cancel(self) -> Outcome:
        st = self.state
        if st.step is Step.UNIT and not st.keyed:
            return Outcome(msg("nothing to cancel"))
        what = st.what if st.entries else msg("putaway")
        self.reset()
        return Outcome(msg("{what} cancelled; nothing was moved", what=what))

    # steps ---------------------------------------------------------------------------------

    def _unit(self, scan: Scan) -> Outcome:
        sscc = require_sscc(scan.sscc or scan.value)
        with self.rt.reader() as uow:
            entries = [
                e
                for e in stock_entries(uow, self.rt.warehouse, handling_unit=sscc)
                if e.quantity > 0
            ]
            if not entries:
                raise RuleViolation(
                    msg(
                        "handling unit {sscc} holds no stock in {warehouse}: nothing to put away",
                        sscc=sscc,
                        warehouse=self.rt.warehouse,
                    ),
                    "empty_unit",
                )
            places = sorted({e.location for e in entries})
            if len(places) > 1:
                raise RuleViolation(
                    msg(
                        "handling unit {sscc} has stock at {places}: "
                        "expected one location; count it before moving "
                        "it",
                        sscc=sscc,
                        places=", ".join(places),
                    ),
                    "split_unit",
                )
            origin = self.rt.master.require_location(uow, places[0])
            load = _load(entries)
            proposal = propose(self.rt, uow, load, origin)
        self.state = PutawayState(
            unit=sscc, origin=origin.code, entries=tuple(entries), raw=scan.raw
        )
        return self._directed(proposal)

    def _product(self, scan: Scan) -> Outcome:
        with self.rt.reader() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
            docks = {
                loc.code
                for loc in self.rt.master.of_type(uow, LocationType.DOCK, LocationType.RECEIVING)
            }
            entries = [
                e
                for e in stock_entries(
                    uow,
                    self.rt.warehouse,
                    sku=product.sku,
                    lot=scan.lot,
                    handling_unit="",
                    locations=sorted(docks),  # the docks only: not every row of the product
                )
                if e.quantity > 0
            ]
            if self.rt.settings.dock and any(e.location == self.rt.settings.dock for e in entries):
                entries = [e for e in entries if e.location == self.rt.settings.dock]
            if not entries:
                raise RuleViolation(
                    msg(
                        "no loose {sku}{value} at the docks: scan its handling unit instead",
                        sku=product.sku,
                        value=msg(" lot {lot}", lot=scan.lot) if scan.lot else "",
                    ),
                    "nothing_to_put_away",
                )
            lots = sorted({e.lot for e in entries})
            if len(lots) > 1:
                raise RuleViolation(
                    msg(
                        "{sku} has lots {lots} loose at the docks: "
                        "scan the barcode that carries the lot",
                        sku=product.sku,
                        lots=", ".join(lots),
                    ),
                    "lot_needed",
                )
            # available stock first; quarantined stock is put away separately
            entries.sort(key=lambda e: (e.status is StockStatus.QUARANTINED, e.location))
            entry = entries[0]
            wanted = self.state.keyed or (scan.count and units) or entry.quantity
            if wanted > entry.quantity:
                raise RuleViolation(
                    msg(
                        "only {quantity} x {sku} loose at {location}, not {wanted}",
                        quantity=entry.quantity,
                        sku=product.sku,
                        location=entry.location,
                        wanted=wanted,
                    ),
                    "not_enough_stock",
                )
            taken = StockEntry(entry.location, entry.sku, entry.lot, "", entry.status, wanted)
            origin = self.rt.master.require_location(uow, entry.location)
            proposal = propose(self.rt, uow, _load([taken]), origin)
        self.state = PutawayState(origin=origin.code, entries=(taken,), raw=scan.raw)
        return self._directed(proposal)

    def _directed(self, proposal: Proposal) -> Outcome:
        st = self.state = replace(
            self.state,
            destination=proposal.location.code,
            strategy=proposal.strategy,
            reason=proposal.reason,
            step=Step.CONFIRM,
        )
        check = location_check_digits(self.rt.warehouse, st.destination)
        return Outcome(
            msg(
                "take {what} to {destination} (check {check}): {reason}",
                what=st.what,
                destination=st.destination,
                check=check,
                reason=proposal.reason,
            ),
            Level.ATTENTION if proposal.strategy == "quarantine" else Level.OK,
            destination=st.destination,
        )

    def _ask_override(self, code: str) -> Outcome:
        """The first scan of a location other than the proposed one: check it could take the
        stock, warn about other products there, and wait for the same location again."""
        st = self.state
        with self.rt.reader() as uow:
            target = self.rt.master.require_location(uow, code)
            origin = self.rt.master.require_location(uow, st.origin)
            check_destination(self.rt, uow, _load(st.entries), origin, target)
            ours = {e.sku for e in st.entries}
            others = sorted(
                {
                    e.sku
                    for e in stock_entries(uow, self.rt.warehouse, location=target.code)
                    if e.quantity > 0 and e.sku not in ours
                }
            )
        self.state = replace(st, override=target.code)
        message = msg(
            "{code} is not the proposed {destination}: "
            "scan {code} again to put {what} there (an "
            "override), or take it to {destination}",
            code=target.code,
            destination=st.destination,
            what=st.what,
        )
        if others:
            message += msg(
                "; warning: {code} holds other products ({others})",
                code=target.code,
                others=", ".join(others),
            )
        return Outcome(
            message,
            Level.ATTENTION,
            destination=st.destination,
            context={"override_pending": target.code, "other_products": others},
        )

    def _confirm(self, code: str, raw: str) -> Outcome:
        st = self.state
        code = code.strip().upper()
        override = code != st.destination
        if override and code != st.override:
            return self._ask_override(code)
        with self.rt.uow() as uow:
            target = self.rt.master.require_location(uow, code)
            origin = self.rt.master.require_location(uow, st.origin)
            load = _load(st.entries)
            if override:
                check_destination(self.rt, uow, load, origin, target)
            decant = bool(st.unit) and target.type is LocationType.PICK_FACE
            movements = []
            for entry in st.entries:
                key = StockKey(
                    self.rt.warehouse, entry.location, entry.sku, entry.lot,
                    entry.handling_unit, entry.status,
                )  # fmt: skip
                if uow.ledger.on_hand(key) < entry.quantity:
                    raise RuleViolation(
                        msg(
                            "{sku} at {location} changed since it was scanned: scan it again",
                            sku=entry.sku,
                            location=entry.location,
                        ),
                        "stock_changed",
                    )
                to_status = entry.status
                if target.type is LocationType.QUARANTINE:
                    to_status = StockStatus.QUARANTINED
                movements.append(
                    self.rt.post(
                        uow,
                        MovementDraft.putaway(
                            entry.sku,
                            entry.quantity,
                            entry.place,
                            StockPlace(
                                target.code, "" if decant else entry.handling_unit, to_status
                            ),
                            lot=entry.lot,
                            reference="override" if override else st.strategy,
                            raw_scan=raw,
                        ),
                    )
                )
            if st.unit:
                uow.handling_units.store(
                    st.unit,
                    "" if decant else target.code,
                    "emptied" if decant else "stored",
                )
            uow.commit()
        what, proposed = st.what, st.destination
        self.reset()
        decanted = msg(" (decanted onto the pick face)") if decant else ""
        if override:
            return Outcome(
                msg(
                    "override: {what} put away at {code} instead of {proposed}{decanted}",
                    what=what,
                    code=target.code,
                    proposed=proposed,
                    decanted=decanted,
                ),
                Level.ATTENTION,
                movements,
                destination=target.code,
                context={"override": True, "proposed": proposed},
            )
        return Outcome(
            msg(
                "{what} put away at {code}{decanted}",
                what=what,
                code=target.code,
                decanted=decanted,
            ),
            movements=movements,
            destination=target.code,
        )


def _load(entries: Iterable[StockEntry]) -> Load:
    return Load(tuple((e.sku, e.lot, e.status, e.quantity) for e in entries))
