"""Transfers between warehouses (``transfer``), each station writing only its own warehouse's
ledger. Stock on the road is stock at the *source* warehouse's location of type ``transit``
(code ``TRANSIT`` in the demo):

* sending (key the destination warehouse code, scan the from location, then handling units or
  products): each scan posts a TRANSFER_OUT from the location to the source's transit location,
  with ``transfer_id`` (``TR`` + 32 hex digits, shown on screen and in ``CMD:DONE``'s summary)
  and reference ``to:<destination>``;
* announcing: the destination learns what to expect from rows of ``expected_transfers``. Central
  makes them when the TRANSFER_OUT is pushed and puts them in the destination's feed (revision
  c0003 of the central schema); a database that also runs the destination (has its locations)
  writes them itself in the TRANSFER_OUT's transaction. The receive step reads only this table;
* receiving (scan or key the transfer id at a station of the destination): the expected lines
  are listed; scanning a pallet SSCC or products (a keyed number multiplies) receives them,
  ``CMD:DONE`` receives everything still expected, ``CMD:SHORT`` closes the receipt short. Each
  posts only a TRANSFER_IN of the *destination* warehouse at its dock, same ``transfer_id``,
  reference ``from:<source>`` (handling units keep their SSCC and get a row here if unknown);
  what is received is read back from the ledger, so several benches can share one receipt;
* settling: central turns each pushed TRANSFER_IN into a TRANSFER_IN of station ``CENTRAL`` in
  the source's ledger out of its transit location (pulled by the source's stations like any
  movement); a difference between sent and received stays in transit and is an open
  ``transfer_difference`` conflict at the source. For lines announced locally (no central in
  between), the receiving transaction posts that same settlement itself, under the receiving
  station's id.

So the source's ``TRANSIT`` stock is always exactly what is on the road (or went missing), and
each transfer balances to zero by ``transfer_id`` across both warehouses.

This module is over 500 lines on purpose: it is one state machine (sending and receiving share
the state, the steps and the transfer id); the reads it needs are in :mod:`.transfer_queries`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import RuleViolation
from wms.core.domain.ids import new_id
from wms.core.domain.model import LocationType, Movement, MovementDraft, StockPlace
from wms.core.domain.modes import StationMode
from wms.core.domain.sscc import require_sscc
from wms.core.domain.text import msg
from wms.core.persistence.transfer_tables import ExpectedTransferRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import post
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product
from wms.core.services.workflows.queries import StockEntry, stock_entries
from wms.core.services.workflows.stock import lot_at, portions_of, statuses_at
from wms.core.services.workflows.transfer_queries import (
    ExpectedLine,
    holds_warehouse,
    sent_by_item,
    still_expected,
    transfer_destination,
    transit_location,
)


class Step(StrEnum):
    START = "start"
    FROM = "from"
    WHAT = "what"
    RECEIVE = "receive"


@dataclass(frozen=True)
class TransferState(WorkflowState):
    step: Step = Step.START
    transfer_id: str = ""
    destination: str = ""
    source: str = ""
    origin: str = ""
    keyed: int | None = None
    sent: int = 0
    received: int = 0


@register
class Transfer(Workflow):
    name = StationMode.TRANSFER
    title = msg("Transfer")
    state: TransferState

    def reset(self) -> None:
        self.state = TransferState()

    def has_task(self) -> bool:
        return self.state.step is not Step.START

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.state.step in (Step.WHAT, Step.RECEIVE) and scan.kind is ScanKind.PRODUCT

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.START:
            return msg(
                "Key the destination warehouse to send goods, "
                "or scan the transfer id to receive them"
            )
        if st.step is Step.FROM:
            return msg(
                "Scan the location to send from (transfer to {destination})",
                destination=st.destination,
            )
        if st.step is Step.RECEIVE:
            return msg(
                "Scan each pallet or product of transfer "
                "{transfer_id} from {source}; CMD:DONE receives "
                "everything still expected, CMD:SHORT closes "
                "it short",
                transfer_id=st.transfer_id,
                source=st.source,
            )
        return msg(
            "Scan a handling unit or products at {origin} "
            "to send to {destination}; CMD:DONE when "
            "loaded",
            origin=st.origin,
            destination=st.destination,
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.step is Step.RECEIVE:
            data.update(
                {
                    "transfer_id": st.transfer_id,
                    "from_warehouse": st.source,
                    "received": st.received,
                }
            )
        elif st.transfer_id:
            data.update(
                {
                    "transfer_id": st.transfer_id,
                    "to_warehouse": st.destination,
                    "from": st.origin,
                    "sent": st.sent,
                }
            )
        return data

    def scan(self, scan: Scan) -> Outcome:
        step = self.state.step
        if step is Step.START and scan.kind in (ScanKind.TEXT, ScanKind.DOCUMENT):
            return self._start(scan.value)
        if step is Step.RECEIVE and scan.kind is ScanKind.HANDLING_UNIT:
            return self._receive_unit(scan)
        if step is Step.RECEIVE and scan.kind is ScanKind.PRODUCT:
            return self._receive_product(scan)
        if step in (Step.FROM, Step.WHAT):
            code = location_code(scan)
            if code is not None:
                return self._from(code)
        if step is Step.WHAT and scan.kind is ScanKind.HANDLING_UNIT:
            return self._send_unit(scan)
        if step is Step.WHAT and scan.kind is ScanKind.PRODUCT:
            return self._send_product(scan)
        raise self.unexpected(msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value))

    def key(self, text: str) -> Outcome:
        step = self.state.step
        if step is Step.START:
            return self._start(text)
        if step in (Step.WHAT, Step.RECEIVE):
            keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
            self.state = replace(self.state, keyed=keyed)
            return Outcome(msg("quantity {keyed}: scan the product", keyed=keyed))
        return self._from(text)

    def command(self, name: str) -> Outcome:
        step = self.state.step
        if name == "DONE" and step in (Step.FROM, Step.WHAT):
            return self._done()
        if name == "DONE" and step is Step.RECEIVE:
            return self._receive_rest()
        if name == "SHORT" and step is Step.RECEIVE:
            return self._close_short()
        raise self.unexpected(msg("CMD:{name}", name=name))

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.RECEIVE:
            return self.cancel()
        if st.step is Step.WHAT:
            self.state = replace(st, step=Step.FROM, keyed=None)
            return Outcome(msg("scan the location to send from"))
        if st.step is Step.FROM and not st.sent:
            self.reset()
            return Outcome(msg("transfer dropped; nothing was sent"))
        if st.step is Step.FROM:
            raise RuleViolation(
                msg("{sent} units are already on their way: finish with CMD:DONE", sent=st.sent),
                "cannot_go_back",
            )
        return super().back()

    def cancel(self) -> Outcome:
        st = self.state
        if st.step is Step.RECEIVE:
            transfer_id = st.transfer_id
            with self.rt.reader() as uow:
                left = sum(e.quantity for e in still_expected(uow, self.rt.warehouse, transfer_id))
            self.reset()
            return Outcome(
                msg(
                    "receipt of transfer {transfer_id} left open: {left} units still expected",
                    transfer_id=transfer_id,
                    left=left,
                )
            )
        sent, transfer_id = st.sent, st.transfer_id
        self.reset()
        if sent:
            return Outcome(
                msg(
                    "transfer {transfer_id} closed early: the {sent} units sent stay in transit",
                    transfer_id=transfer_id,
                    sent=sent,
                ),
                Level.ATTENTION,
            )
        return Outcome(msg("transfer cancelled; nothing was sent"))

    def _start(self, text: str) -> Outcome:
        value = text.strip()
        with self.rt.uow() as uow:
            warehouse = uow.warehouses.get(value.upper())
            if warehouse is not None:
                if warehouse.code == self.rt.warehouse:
                    raise RuleViolation(
                        msg("{code} is this warehouse: use the move workflow", code=warehouse.code),
                        "same_warehouse",
                    )
                transit_location(uow, self.rt.warehouse)
                transfer_id = msg("TR{new_id}", new_id=new_id().replace("-", "").upper())
                self.state = replace(
                    self.state,
                    transfer_id=transfer_id,
                    destination=warehouse.code,
                    step=Step.FROM,
                )
                return Outcome(
                    msg(
                        "transfer {transfer_id} to {code} ({warehouse})",
                        transfer_id=transfer_id,
                        code=warehouse.code,
                        warehouse=warehouse.name,
                    ),
                    context={"transfer_id": transfer_id},
                )
            return self._open_receipt(uow, value.upper())

    # --- sending

    def _from(self, code: str) -> Outcome:
        with self.rt.reader() as uow:
            location = self.rt.master.require_location(uow, code)
        if location.type is LocationType.TRANSIT:
            raise RuleViolation(
                msg("goods are sent from a stock location, not TRANSIT"), "same_location"
            )
        self.state = replace(self.state, origin=location.code, step=Step.WHAT)
        return Outcome(msg("sending from {code}", code=location.code))

    def _send(
        self, uow: UnitOfWork, entries: list[StockEntry], raw: str, unit: str = ""
    ) -> Outcome:
        st = self.state
        transit = transit_location(uow, self.rt.warehouse)
        # one database running both warehouses: announce the lines here (central does it
        # for a destination that syncs through central)
        local = holds_warehouse(uow, st.destination)
        movements = []
        for e in entries:
            expiry = None
            if e.lot:
                lot = uow.lots.get(e.sku, e.lot)
                expiry = lot.expiry if lot else None
            movement = self.rt.post(
                uow,
                MovementDraft.transfer_out(
                    e.sku,
                    e.quantity,
                    e.place,
                    StockPlace(transit.code, e.handling_unit, e.status),
                    lot=e.lot,
                    expiry=expiry,
                    reference=f"to:{st.destination}",
                    transfer_id=st.transfer_id,
                    raw_scan=raw,
                ),
            )
            movements.append(movement)
            if local:
                uow.transfers.expect(
                    ExpectedTransferRow(
                        warehouse=st.destination,
                        transfer_id=st.transfer_id,
                        line_id=movement.id,
                        source_warehouse=self.rt.warehouse,
                        transit_location=transit.code,
                        sku=e.sku,
                        lot=e.lot,
                        expiry=expiry,
                        handling_unit=e.handling_unit,
                        status=e.status.value,
                        quantity=e.quantity,
                        sent_by=movement.operator,
                        sent_at=movement.created_at,
                        origin="local",
                    )
                )
        if unit:
            uow.handling_units.place(unit, transit.code)
        uow.commit()
        units = sum(e.quantity for e in entries)
        self.state = replace(st, sent=st.sent + units)
        return Outcome(
            msg(
                "sent {units} units in transit to {destination} (transfer {transfer_id})",
                units=units,
                destination=st.destination,
                transfer_id=st.transfer_id,
            ),
            movements=movements,
        )

    def _send_unit(self, scan: Scan) -> Outcome:
        sscc = require_sscc(scan.sscc or scan.value)
        with self.rt.uow() as uow:
            entries = [
                e
                for e in stock_entries(uow, self.rt.warehouse, handling_unit=sscc)
                if e.quantity > 0
            ]
            if not entries or any(e.location != self.state.origin for e in entries):
                raise RuleViolation(
                    msg(
                        "handling unit {sscc} holds no stock at {origin}",
                        sscc=sscc,
                        origin=self.state.origin,
                    ),
                    "unit_elsewhere",
                )
            return self._send(uow, entries, scan.raw, sscc)

    def _send_product(self, scan: Scan) -> Outcome:
        with self.rt.uow() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
            keyed = self.state.keyed
            if keyed and not scan.count:
                units *= keyed
            self.state = replace(self.state, keyed=None)
            origin = self.rt.master.require_location(uow, self.state.origin)
            here = stock_entries(uow, self.rt.warehouse, location=origin.code, sku=product.sku)
            lot = lot_at(here, origin.code, product.sku, scan.lot)
            entries = portions_of(here, origin.code, product.sku, lot, units, statuses_at(origin))
            return self._send(uow, entries, scan.raw)

    def _done(self) -> Outcome:
        transfer_id, destination = self.state.transfer_id, self.state.destination
        with self.rt.reader() as uow:
            rows = sent_by_item(uow, transfer_id)
        summary: list[dict[str, Any]] = [
            {"transfer_id": transfer_id, "sku": r.sku, "lot": r.lot, "quantity": r.quantity}
            for r in rows
        ]
        self.reset()
        if not summary:
            return Outcome(
                msg("transfer {transfer_id} closed: nothing was sent", transfer_id=transfer_id),
                Level.ATTENTION,
            )
        return Outcome(
            msg(
                "transfer {transfer_id} to {destination} "
                "closed: {total} units in transit; scan the "
                "transfer id at {destination} to receive "
                "them",
                transfer_id=transfer_id,
                destination=destination,
                total=sum(r.quantity for r in rows),
            ),
            summary=summary,
            context={"transfer_id": transfer_id},
        )

    # --- receiving

    def _open_receipt(self, uow: UnitOfWork, transfer_id: str) -> Outcome:
        destination = transfer_destination(uow, transfer_id)
        if destination != self.rt.warehouse:
            raise RuleViolation(
                msg(
                    "transfer {transfer_id} goes to {destination}, not to {warehouse}",
                    transfer_id=transfer_id,
                    destination=destination,
                    warehouse=self.rt.warehouse,
                ),
                "wrong_warehouse",
            )
        lines = still_expected(uow, self.rt.warehouse, transfer_id)
        if not lines:
            raise RuleViolation(
                msg(
                    "transfer {transfer_id} has already been received in full",
                    transfer_id=transfer_id,
                ),
                "already_received",
            )
        self.rt.default_dock(uow)
        source = lines[0].source
        self.state = replace(
            self.state,
            step=Step.RECEIVE,
            transfer_id=transfer_id,
            source=source,
            received=0,
            keyed=None,
        )
        units = sum(line.quantity for line in lines)
        pallets = len({line.handling_unit for line in lines if line.handling_unit})
        on_pallets = msg(" ({pallets} pallets)", pallets=pallets) if pallets else ""
        return Outcome(
            msg(
                "transfer {transfer_id} from {source}: {units} "
                "units expected{on_pallets}; scan what arrived, "
                "or CMD:DONE if everything is here",
                transfer_id=transfer_id,
                source=source,
                units=units,
                on_pallets=on_pallets,
            ),
            summary=[line.as_row(transfer_id) for line in lines],
            context={"transfer_id": transfer_id},
        )

    def _receive(
        self, uow: UnitOfWork, parts: list[tuple[ExpectedLine, int]], raw: str
    ) -> list[Movement]:
        """Post the destination's TRANSFER_IN of each part at the dock, in ``uow``. Lines
        announced locally (one database running both warehouses) are also settled here, as
        central settles the others: a TRANSFER_IN of the source out of its transit location."""
        transfer_id = self.state.transfer_id
        dock = self.rt.default_dock(uow)
        movements: list[Movement] = []
        for line, quantity in parts:
            if line.lot and uow.lots.get(line.sku, line.lot) is None:
                uow.lots.ensure(line.sku, line.lot, line.expiry)
            movements.append(
                self.rt.post(
                    uow,
                    MovementDraft.transfer_in(
                        line.sku,
                        quantity,
                        StockPlace(dock.code, line.handling_unit, line.status),
                        lot=line.lot,
                        expiry=line.expiry,
                        reference=f"from:{line.source}",
                        transfer_id=transfer_id,
                        raw_scan=raw,
                    ),
                )
            )
            if line.origin == "local":
                movements.append(
                    post(
                        uow,
                        self.rt.actor(line.source),
                        MovementDraft.transfer_settlement(
                            line.sku,
                            quantity,
                            StockPlace(line.transit, line.handling_unit, line.status),
                            lot=line.lot,
                            expiry=line.expiry,
                            reference=f"to:{self.rt.warehouse}",
                            transfer_id=transfer_id,
                            raw_scan=raw,
                        ),
                    )
                )
            if line.handling_unit:
                uow.handling_units.arrive(
                    line.handling_unit, self.rt.warehouse, dock.code, self.rt.now()
                )
        uow.commit()
        received = self.state.received + sum(quantity for _, quantity in parts)
        self.state = replace(self.state, received=received)
        return movements

    def _receive_unit(self, scan: Scan) -> Outcome:
        sscc = require_sscc(scan.sscc or scan.value)
        transfer_id = self.state.transfer_id
        with self.rt.uow() as uow:
            parts = [
                (line, line.quantity)
                for line in still_expected(uow, self.rt.warehouse, transfer_id)
                if line.handling_unit == sscc
            ]
            if not parts:
                raise RuleViolation(
                    msg(
                        "handling unit {sscc} is not expected on "
                        "transfer {transfer_id} (or was received "
                        "already)",
                        sscc=sscc,
                        transfer_id=transfer_id,
                    ),
                    "not_on_transfer",
                )
            movements = self._receive(uow, parts, scan.raw)
            dock = movements[0].to_location
        units = sum(quantity for _, quantity in parts)
        return Outcome(
            msg(
                "pallet {sscc} received: {units} units at {dock}", sscc=sscc, units=units, dock=dock
            ),
            movements=movements,
            destination=dock,
        )

    def _receive_product(self, scan: Scan) -> Outcome:
        transfer_id = self.state.transfer_id
        with self.rt.uow() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
            keyed = self.state.keyed
            if keyed and not scan.count:
                units *= keyed
            self.state = replace(self.state, keyed=None)
            lines = [
                line
                for line in still_expected(uow, self.rt.warehouse, transfer_id)
                if line.sku == product.sku and (not scan.lot or line.lot == scan.lot)
            ]
            loose = [line for line in lines if not line.handling_unit]
            if not loose and lines:
                raise RuleViolation(
                    msg(
                        "{sku} of transfer {transfer_id} is on pallet "
                        "{handling_unit}: scan the pallet",
                        sku=product.sku,
                        transfer_id=transfer_id,
                        handling_unit=lines[0].handling_unit,
                    ),
                    "scan_the_pallet",
                )
            lots = sorted({line.lot for line in loose})
            if len(lots) > 1:
                raise RuleViolation(
                    msg(
                        "{sku} comes in lots {lots} on transfer {transfer_id}: "
                        "scan the barcode that carries the lot",
                        sku=product.sku,
                        lots=", ".join(lots),
                        transfer_id=transfer_id,
                    ),
                    "lot_needed",
                )
            left = sum(line.quantity for line in loose)
            if units > left:
                raise RuleViolation(
                    msg(
                        "only {left} x {sku} still expected on transfer {transfer_id}, not {units}",
                        left=left,
                        sku=product.sku,
                        transfer_id=transfer_id,
                        units=units,
                    ),
                    "over_receipt",
                )
            parts: list[tuple[ExpectedLine, int]] = []
            need = units
            for line in loose:
                if need == 0:
                    break
                part = min(need, line.quantity)
                parts.append((line, part))
                need -= part
            movements = self._receive(uow, parts, scan.raw)
            dock = movements[0].to_location
        return Outcome(
            msg("{units} x {sku} received at {dock}", units=units, sku=product.sku, dock=dock),
            movements=movements,
            destination=dock,
        )

    def _receive_rest(self) -> Outcome:
        transfer_id = self.state.transfer_id
        with self.rt.uow() as uow:
            lines = still_expected(uow, self.rt.warehouse, transfer_id)
            movements = (
                self._receive(uow, [(line, line.quantity) for line in lines], transfer_id)
                if lines
                else []
            )
            dock = self.rt.default_dock(uow).code
        received = self.state.received
        self.reset()
        now = sum(line.quantity for line in lines)
        earlier = (
            msg(" ({value} of them scanned before)", value=received - now) if received > now else ""
        )
        return Outcome(
            msg(
                "transfer {transfer_id} received in full: {received} units at {dock}{earlier}",
                transfer_id=transfer_id,
                received=received,
                dock=dock,
                earlier=earlier,
            ),
            movements=movements,
            summary=[line.as_row(transfer_id) for line in lines],
            destination=dock,
        )

    def _close_short(self) -> Outcome:
        st = self.state
        transfer_id, source, received = st.transfer_id, st.source, st.received
        with self.rt.reader() as uow:
            lines = still_expected(uow, self.rt.warehouse, transfer_id)
        self.reset()
        missing = sum(line.quantity for line in lines)
        if not missing:
            return Outcome(
                msg(
                    "transfer {transfer_id} received in full: {received} units",
                    transfer_id=transfer_id,
                    received=received,
                )
            )
        return Outcome(
            msg(
                "transfer {transfer_id} closed short: {received} "
                "units received, {missing} missing; they "
                "stay in transit at {source} and show there "
                "as a difference",
                transfer_id=transfer_id,
                received=received,
                missing=missing,
                source=source,
            ),
            Level.ATTENTION,
            summary=[line.as_row(transfer_id) for line in lines],
        )
