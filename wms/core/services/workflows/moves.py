"""Moves between locations and transfers between warehouses.

**Move** (``move``): scan the *from* location (or a handling unit, to move it whole) → scan a
handling unit there, or products (each scan adds its units; a number keyed with a product in hand
sets its quantity, keyed before a scan it is that scan's quantity) → scan the *to* location.
One MOVE movement per stock key, all in one transaction. Quarantined stock only moves between
quarantine locations; anything moved into a quarantine location becomes quarantined.

**Transfer** (``transfer``) between warehouses, each station writing only its own warehouse's
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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.ids import new_id
from wms.core.domain.model import (
    HandlingUnitKind,
    Location,
    LocationType,
    Movement,
    MovementDraft,
    MovementKind,
    StockKey,
    StockPlace,
    StockStatus,
)
from wms.core.domain.sscc import require_sscc
from wms.core.persistence.tables import HandlingUnitRow, LocationRow, MovementRow, WarehouseRow
from wms.core.persistence.transfer_tables import ExpectedTransferRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import post
from wms.core.services.workflows.base import Workflow, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product
from wms.core.services.workflows.queries import StockEntry, stock_entries
from wms.core.services.workflows.strategies import Load, check_room

# --- shared stock helpers ---------------------------------------------------------------------


def statuses_at(location: Location) -> tuple[StockStatus, ...]:
    """Stock a move may take from ``location``: quarantined stock in quarantine, else available."""
    if location.type is LocationType.QUARANTINE:
        return (StockStatus.QUARANTINED,)
    return (StockStatus.AVAILABLE,)


def resolve_lot(
    uow: UnitOfWork, warehouse: str, location: str, sku: str, scanned_lot: str | None
) -> str:
    """The lot a scan means at ``location``: the scanned one, else the only one there."""
    if scanned_lot:
        return scanned_lot
    lots = sorted(
        {e.lot for e in stock_entries(uow, warehouse, location=location, sku=sku) if e.quantity}
    )
    if len(lots) > 1:
        raise RuleViolation(
            f"{sku} has lots {', '.join(lots)} at {location}: scan the barcode that carries "
            "the lot",
            "lot_needed",
        )
    return lots[0] if lots else ""


def take(
    uow: UnitOfWork,
    warehouse: str,
    location: str,
    sku: str,
    lot: str,
    quantity: int,
    statuses: tuple[StockStatus, ...],
) -> list[StockEntry]:
    """Portions of stock making ``quantity`` at ``location``: loose stock first, then units."""
    entries = [
        e
        for e in stock_entries(uow, warehouse, location=location, sku=sku, lot=lot)
        if e.status in statuses and e.quantity > 0
    ]
    entries.sort(key=lambda e: (e.handling_unit != "", e.handling_unit))
    available = sum(e.quantity for e in entries)
    if available < quantity:
        lot_text = f" lot {lot}" if lot else ""
        raise RuleViolation(
            f"only {available} x {sku}{lot_text} at {location}, not {quantity}",
            "not_enough_stock",
        )
    portions: list[StockEntry] = []
    left = quantity
    for entry in entries:
        if left == 0:
            break
        part = min(left, entry.quantity)
        portions.append(
            StockEntry(entry.location, sku, lot, entry.handling_unit, entry.status, part)
        )
        left -= part
    return portions


def verify(uow: UnitOfWork, warehouse: str, entries: list[StockEntry]) -> None:
    """Refuse if any portion is no longer on hand (another bench moved it meanwhile)."""
    for entry in entries:
        key = StockKey(
            warehouse, entry.location, entry.sku, entry.lot, entry.handling_unit, entry.status
        )
        if uow.ledger.on_hand(key) < entry.quantity:
            raise RuleViolation(
                f"{entry.sku} at {entry.location} changed since it was scanned: scan it again",
                "stock_changed",
            )


def _describe(entries: list[StockEntry], unit: str) -> str:
    if unit:
        return f"pallet {unit}"
    units = sum(e.quantity for e in entries)
    first = entries[0]
    lot = f" lot {first.lot}" if first.lot else ""
    return f"{units} x {first.sku}{lot}"


# --- move ---------------------------------------------------------------------------------------


@register
class Move(Workflow):
    name = "move"
    title = "Move"

    def reset(self) -> None:
        self.step = "from"
        self.origin = ""
        self.unit = ""
        self.entries: list[StockEntry] = []
        self.item: dict[str, Any] | None = None
        self.keyed: int | None = None

    def has_task(self) -> bool:
        return self.step != "from"

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.step == "what" and scan.kind is ScanKind.PRODUCT

    @property
    def prompt(self) -> str:
        if self.step == "from":
            return "Scan the location to move from, or a handling unit to move it whole"
        if self.step == "what":
            if self.item:
                lot = f" lot {self.item['lot']}" if self.item["lot"] else ""
                return (
                    f"Moving {self.item['quantity']} x {self.item['sku']}{lot} from "
                    f"{self.origin}: scan more, key the quantity, or scan the destination"
                )
            return f"Scan a handling unit or a product at {self.origin}"
        return f"Scan the location to move {_describe(self.entries, self.unit)} to"

    def context(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step, "from": self.origin}
        if self.unit:
            data["unit"] = self.unit
        if self.item:
            data.update({k: self.item[k] for k in ("sku", "lot", "quantity")})
        return data

    def scan(self, scan: Scan) -> Outcome:
        if scan.kind is ScanKind.HANDLING_UNIT and self.step in ("from", "what"):
            return self._unit(scan)
        if scan.kind is ScanKind.PRODUCT and self.step == "what":
            return self._product(scan)
        code = location_code(scan)
        if code is not None:
            if self.step == "from":
                return self._from(code)
            if self.step == "to" or (self.step == "what" and self.item):
                return self._to(code, scan.raw)
            if self.step == "what":
                return self._from(code)
        raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")

    def key(self, text: str) -> Outcome:
        if self.step != "what":
            code = text.strip().upper()
            if self.step == "from":
                return self._from(code)
            return self._to(code, f"@key {text}")
        quantity = parse_quantity(text, self.rt.settings.max_keyed_quantity)
        if self.item:
            with self.rt.uow() as uow:
                self._check_available(uow, self.item["sku"], self.item["lot"], quantity)
            self.item["quantity"] = quantity
            return Outcome(f"quantity {quantity}: scan the destination")
        self.keyed = quantity
        return Outcome(f"quantity {quantity}: scan the product")

    def back(self) -> Outcome:
        if self.step == "to":
            self.step, self.unit, self.entries = "what", "", []
            return Outcome("handling unit dropped; scan what to move")
        if self.step == "what" and (self.item or self.keyed):
            self.item, self.keyed = None, None
            return Outcome("product dropped; scan what to move")
        if self.step == "what":
            self.reset()
            return Outcome("scan the location to move from")
        return super().back()

    def _from(self, code: str) -> Outcome:
        with self.rt.uow() as uow:
            location = self.rt.master.require_location(uow, code)
        self.reset()
        self.origin, self.step = location.code, "what"
        return Outcome(f"moving from {location.code}")

    def _unit(self, scan: Scan) -> Outcome:
        sscc = require_sscc(scan.sscc or scan.value)
        with self.rt.uow() as uow:
            entries = [
                e for e in stock_entries(uow, self.rt.warehouse, handling_unit=sscc) if e.quantity
            ]
        places = sorted({e.location for e in entries})
        if not entries:
            raise RuleViolation(f"handling unit {sscc} holds no stock here", "empty_unit")
        if len(places) > 1:
            raise RuleViolation(
                f"handling unit {sscc} has stock at {', '.join(places)}: count it first",
                "split_unit",
            )
        if self.origin and places[0] != self.origin:
            raise RuleViolation(
                f"handling unit {sscc} is at {places[0]}, not at {self.origin}",
                "unit_elsewhere",
            )
        self.origin, self.unit, self.entries, self.item = places[0], sscc, entries, None
        self.step = "to"
        return Outcome(f"moving pallet {sscc} from {self.origin}")

    def _product(self, scan: Scan) -> Outcome:
        with self.rt.uow() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
            lot = resolve_lot(uow, self.rt.warehouse, self.origin, product.sku, scan.lot)
            if self.keyed and not scan.count:
                units *= self.keyed
            same = self.item and (self.item["sku"], self.item["lot"]) == (product.sku, lot)
            quantity = units + (self.item["quantity"] if same and self.item else 0)
            self._check_available(uow, product.sku, lot, quantity)
        self.keyed = None
        self.item = {"sku": product.sku, "lot": lot, "quantity": quantity}
        return Outcome(f"{quantity} x {product.sku}: scan more or the destination")

    def _check_available(self, uow: UnitOfWork, sku: str, lot: str, quantity: int) -> None:
        origin = self.rt.master.require_location(uow, self.origin)
        take(uow, self.rt.warehouse, self.origin, sku, lot, quantity, statuses_at(origin))

    def _to(self, code: str, raw: str) -> Outcome:
        with self.rt.uow() as uow:
            target = self.rt.master.require_location(uow, code)
            origin = self.rt.master.require_location(uow, self.origin)
            if target.code == origin.code:
                raise RuleViolation(
                    f"already at {target.code}: scan where it goes", "same_location"
                )
            if target.type is LocationType.TRANSIT:
                raise RuleViolation(
                    f"{target.code} is the transit location: use the transfer workflow",
                    "wrong_location_type",
                )
            if self.item:
                entries = take(
                    uow, self.rt.warehouse, self.origin, self.item["sku"], self.item["lot"],
                    self.item["quantity"], statuses_at(origin),
                )  # fmt: skip
            else:
                entries = self.entries
                verify(uow, self.rt.warehouse, entries)
            quarantined = any(e.status is StockStatus.QUARANTINED for e in entries)
            if quarantined and target.type is not LocationType.QUARANTINE:
                raise RuleViolation(
                    f"quarantined stock only goes to quarantine locations; {target.code} is a "
                    f"{target.type.value} location",
                    "quarantine_only",
                )
            check_room(
                self.rt,
                uow,
                Load(tuple((e.sku, e.lot, e.status, e.quantity) for e in entries)),
                target,
            )
            to_status = StockStatus.QUARANTINED if target.type is LocationType.QUARANTINE else None
            movements = [
                self.rt.post(
                    uow,
                    MovementDraft.move(
                        e.sku,
                        e.quantity,
                        e.place,
                        StockPlace(target.code, self.unit, to_status or e.status),
                        lot=e.lot,
                        reference="move",
                        raw_scan=raw,
                    ),
                )
                for e in entries
            ]
            if self.unit:
                uow.session.execute(
                    update(HandlingUnitRow)
                    .where(HandlingUnitRow.sscc == self.unit)
                    .values(location=target.code)
                )
            uow.commit()
        what = _describe(entries, self.unit)
        self.reset()
        level = Level.ATTENTION if to_status else Level.OK
        note = " (now quarantined)" if to_status and not quarantined else ""
        return Outcome(
            f"moved {what} from {origin.code} to {target.code}{note}",
            level,
            movements,
            destination=target.code,
        )


# --- transfer -----------------------------------------------------------------------------------


def transit_location(uow: UnitOfWork, warehouse: str) -> Location:
    found = uow.locations.of_type(warehouse, LocationType.TRANSIT)
    if not found:
        raise RuleViolation(
            f"warehouse {warehouse} has no location of type transit: expected one (e.g. "
            "TRANSIT) to hold stock on the road",
            "no_transit_location",
        )
    return found[0]


def holds_warehouse(uow: UnitOfWork, warehouse: str) -> bool:
    """Whether this database runs ``warehouse`` (has its locations). A station synced with
    central holds only its own warehouse; other warehouses are at most a code and a name."""
    found = uow.session.scalar(
        select(LocationRow.id).where(LocationRow.warehouse == warehouse).limit(1)
    )
    return found is not None


@dataclass(frozen=True)
class ExpectedLine:
    """What is still expected of a transfer, per stock key (sent minus already received)."""

    source: str
    transit: str
    sku: str
    lot: str
    expiry: date | None
    handling_unit: str
    status: StockStatus
    quantity: int
    origin: str  # "central": central settles the source; "local": this database does

    def as_row(self, transfer_id: str) -> dict[str, Any]:
        return {
            "transfer_id": transfer_id,
            "from_warehouse": self.source,
            "sku": self.sku,
            "lot": self.lot,
            "handling_unit": self.handling_unit,
            "quantity": self.quantity,
        }


def still_expected(uow: UnitOfWork, warehouse: str, transfer_id: str) -> list[ExpectedLine]:
    """Lines of ``transfer_id`` expected at ``warehouse`` not received yet (the destination's
    TRANSFER_IN movements with that transfer id, from any of its stations, count as received)."""
    rows = uow.session.scalars(
        select(ExpectedTransferRow)
        .where(
            ExpectedTransferRow.warehouse == warehouse,
            ExpectedTransferRow.transfer_id == transfer_id,
        )
        .order_by(ExpectedTransferRow.handling_unit, ExpectedTransferRow.sku)
    ).all()
    sent: dict[tuple[str, str, str, str, str, str, str], list[Any]] = {}
    for r in rows:
        key = (r.source_warehouse, r.transit_location, r.sku, r.lot, r.handling_unit, r.status,
               r.origin)  # fmt: skip
        entry = sent.setdefault(key, [0, r.expiry])
        entry[0] += r.quantity
        entry[1] = entry[1] or r.expiry
    m = MovementRow.__table__.c
    received = {
        (r.sku, r.lot, r.to_handling_unit, r.to_status): int(r.quantity)
        for r in uow.session.execute(
            select(
                m.sku, m.lot, m.to_handling_unit, m.to_status,
                func.sum(m.quantity).label("quantity"),
            )
            .where(
                m.warehouse == warehouse,
                m.transfer_id == transfer_id,
                m.kind == MovementKind.TRANSFER_IN.value,
                m.to_location != "",
            )
            .group_by(m.sku, m.lot, m.to_handling_unit, m.to_status)
        )
    }  # fmt: skip
    lines = []
    for (source, transit, sku, lot, unit, status, origin), (quantity, expiry) in sent.items():
        got = received.get((sku, lot, unit, status), 0)
        used = min(got, quantity)
        received[(sku, lot, unit, status)] = got - used
        if quantity - used > 0:
            lines.append(
                ExpectedLine(
                    source,
                    transit,
                    sku,
                    lot,
                    expiry,
                    unit,
                    StockStatus(status),
                    quantity - used,
                    origin,
                )
            )
    return lines


def transfer_destination(uow: UnitOfWork, transfer_id: str) -> str:
    """The warehouse a transfer goes to, from its expected lines or the source's ledger."""
    destination = uow.session.scalar(
        select(ExpectedTransferRow.warehouse)
        .where(ExpectedTransferRow.transfer_id == transfer_id)
        .limit(1)
    )
    if destination is not None:
        return destination
    m = MovementRow.__table__.c
    reference = uow.session.scalar(
        select(m.reference)
        .where(m.transfer_id == transfer_id, m.kind == MovementKind.TRANSFER_OUT.value)
        .limit(1)
    )
    if reference is None:
        raise NotFound(
            "warehouse or transfer",
            transfer_id,
            "key a warehouse code to send goods, or scan a transfer id to receive them (a "
            "transfer sent from another warehouse arrives with this station's next sync)",
        )
    return reference.removeprefix("to:")


def _place_unit(uow: UnitOfWork, sscc: str, warehouse: str, location: str, at: datetime) -> None:
    """The handling unit now belongs to ``warehouse`` at ``location`` (row made if unknown)."""
    row = uow.session.get(HandlingUnitRow, sscc)
    if row is None:
        uow.session.add(
            HandlingUnitRow(
                sscc=sscc,
                warehouse=warehouse,
                kind=HandlingUnitKind.PALLET.value,
                location=location,
                created_at=at,
            )
        )
        uow.session.flush()
    else:
        row.warehouse, row.location = warehouse, location


@register
class Transfer(Workflow):
    name = "transfer"
    title = "Transfer"

    def reset(self) -> None:
        self.step = "start"
        self.transfer_id = ""
        self.destination = ""
        self.source = ""
        self.origin = ""
        self.keyed: int | None = None
        self.sent = 0
        self.received = 0

    def has_task(self) -> bool:
        return self.step != "start"

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.step in ("what", "receive") and scan.kind is ScanKind.PRODUCT

    @property
    def prompt(self) -> str:
        if self.step == "start":
            return (
                "Key the destination warehouse to send goods, or scan the transfer id to "
                "receive them"
            )
        if self.step == "from":
            return f"Scan the location to send from (transfer to {self.destination})"
        if self.step == "receive":
            return (
                f"Scan each pallet or product of transfer {self.transfer_id} from {self.source}; "
                "CMD:DONE receives everything still expected, CMD:SHORT closes it short"
            )
        return (
            f"Scan a handling unit or products at {self.origin} to send to {self.destination}; "
            "CMD:DONE when loaded"
        )

    def context(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step}
        if self.step == "receive":
            data.update(
                {
                    "transfer_id": self.transfer_id,
                    "from_warehouse": self.source,
                    "received": self.received,
                }
            )
        elif self.transfer_id:
            data.update(
                {
                    "transfer_id": self.transfer_id,
                    "to_warehouse": self.destination,
                    "from": self.origin,
                    "sent": self.sent,
                }
            )
        return data

    def scan(self, scan: Scan) -> Outcome:
        if self.step == "start" and scan.kind in (ScanKind.TEXT, ScanKind.DOCUMENT):
            return self._start(scan.value)
        if self.step == "receive" and scan.kind is ScanKind.HANDLING_UNIT:
            return self._receive_unit(scan)
        if self.step == "receive" and scan.kind is ScanKind.PRODUCT:
            return self._receive_product(scan)
        if self.step in ("from", "what"):
            code = location_code(scan)
            if code is not None:
                return self._from(code)
        if self.step == "what" and scan.kind is ScanKind.HANDLING_UNIT:
            return self._send_unit(scan)
        if self.step == "what" and scan.kind is ScanKind.PRODUCT:
            return self._send_product(scan)
        raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")

    def key(self, text: str) -> Outcome:
        if self.step == "start":
            return self._start(text)
        if self.step in ("what", "receive"):
            self.keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
            return Outcome(f"quantity {self.keyed}: scan the product")
        return self._from(text)

    def command(self, name: str) -> Outcome:
        if name == "DONE" and self.step in ("from", "what"):
            return self._done()
        if name == "DONE" and self.step == "receive":
            return self._receive_rest()
        if name == "SHORT" and self.step == "receive":
            return self._close_short()
        raise self.unexpected(f"CMD:{name}")

    def back(self) -> Outcome:
        if self.step == "receive":
            return self.cancel()
        if self.step == "what":
            self.step, self.keyed = "from", None
            return Outcome("scan the location to send from")
        if self.step == "from" and not self.sent:
            self.reset()
            return Outcome("transfer dropped; nothing was sent")
        if self.step == "from":
            raise RuleViolation(
                f"{self.sent} units are already on their way: finish with CMD:DONE",
                "cannot_go_back",
            )
        return super().back()

    def cancel(self) -> Outcome:
        if self.step == "receive":
            transfer_id = self.transfer_id
            with self.rt.uow() as uow:
                left = sum(e.quantity for e in still_expected(uow, self.rt.warehouse, transfer_id))
            self.reset()
            return Outcome(
                f"receipt of transfer {transfer_id} left open: {left} units still expected"
            )
        sent, transfer_id = self.sent, self.transfer_id
        self.reset()
        if sent:
            return Outcome(
                f"transfer {transfer_id} closed early: the {sent} units sent stay in transit",
                Level.ATTENTION,
            )
        return Outcome("transfer cancelled; nothing was sent")

    def _start(self, text: str) -> Outcome:
        value = text.strip()
        with self.rt.uow() as uow:
            warehouse = uow.session.get(WarehouseRow, value.upper())
            if warehouse is not None:
                if warehouse.code == self.rt.warehouse:
                    raise RuleViolation(
                        f"{warehouse.code} is this warehouse: use the move workflow",
                        "same_warehouse",
                    )
                transit_location(uow, self.rt.warehouse)
                self.transfer_id = f"TR{new_id().replace('-', '').upper()}"
                self.destination = warehouse.code
                self.step = "from"
                return Outcome(
                    f"transfer {self.transfer_id} to {warehouse.code} ({warehouse.name})",
                    context={"transfer_id": self.transfer_id},
                )
            return self._open_receipt(uow, value.upper())

    # --- sending

    def _from(self, code: str) -> Outcome:
        with self.rt.uow() as uow:
            location = self.rt.master.require_location(uow, code)
        if location.type is LocationType.TRANSIT:
            raise RuleViolation(
                "goods are sent from a stock location, not TRANSIT", "same_location"
            )
        self.origin, self.step = location.code, "what"
        return Outcome(f"sending from {location.code}")

    def _send(
        self, uow: UnitOfWork, entries: list[StockEntry], raw: str, unit: str = ""
    ) -> Outcome:
        transit = transit_location(uow, self.rt.warehouse)
        # one database running both warehouses: announce the lines here (central does it
        # for a destination that syncs through central)
        local = holds_warehouse(uow, self.destination)
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
                    reference=f"to:{self.destination}",
                    transfer_id=self.transfer_id,
                    raw_scan=raw,
                ),
            )
            movements.append(movement)
            if local:
                uow.session.add(
                    ExpectedTransferRow(
                        warehouse=self.destination,
                        transfer_id=self.transfer_id,
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
            uow.session.execute(
                update(HandlingUnitRow)
                .where(HandlingUnitRow.sscc == unit)
                .values(location=transit.code)
            )
        uow.commit()
        units = sum(e.quantity for e in entries)
        self.sent += units
        return Outcome(
            f"sent {units} units in transit to {self.destination} (transfer {self.transfer_id})",
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
            if not entries or any(e.location != self.origin for e in entries):
                raise RuleViolation(
                    f"handling unit {sscc} holds no stock at {self.origin}", "unit_elsewhere"
                )
            return self._send(uow, entries, scan.raw, sscc)

    def _send_product(self, scan: Scan) -> Outcome:
        with self.rt.uow() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
            if self.keyed and not scan.count:
                units *= self.keyed
            self.keyed = None
            origin = self.rt.master.require_location(uow, self.origin)
            lot = resolve_lot(uow, self.rt.warehouse, self.origin, product.sku, scan.lot)
            entries = take(
                uow, self.rt.warehouse, self.origin, product.sku, lot, units, statuses_at(origin)
            )
            return self._send(uow, entries, scan.raw)

    def _done(self) -> Outcome:
        with self.rt.uow() as uow:
            m = MovementRow.__table__.c
            rows = uow.session.execute(
                select(m.sku, m.lot, func.sum(m.quantity).label("quantity"))
                .where(
                    m.transfer_id == self.transfer_id,
                    m.kind == MovementKind.TRANSFER_OUT.value,
                )
                .group_by(m.sku, m.lot)
                .order_by(m.sku, m.lot)
            ).all()
        summary = [
            {
                "transfer_id": self.transfer_id,
                "sku": r.sku,
                "lot": r.lot,
                "quantity": int(r.quantity),
            }
            for r in rows
        ]
        transfer_id, destination = self.transfer_id, self.destination
        self.reset()
        if not summary:
            return Outcome(f"transfer {transfer_id} closed: nothing was sent", Level.ATTENTION)
        return Outcome(
            f"transfer {transfer_id} to {destination} closed: "
            f"{sum(r['quantity'] for r in summary)} units in transit; scan the transfer id at "
            f"{destination} to receive them",
            summary=summary,
            context={"transfer_id": transfer_id},
        )

    # --- receiving

    def _open_receipt(self, uow: UnitOfWork, transfer_id: str) -> Outcome:
        destination = transfer_destination(uow, transfer_id)
        if destination != self.rt.warehouse:
            raise RuleViolation(
                f"transfer {transfer_id} goes to {destination}, not to {self.rt.warehouse}",
                "wrong_warehouse",
            )
        lines = still_expected(uow, self.rt.warehouse, transfer_id)
        if not lines:
            raise RuleViolation(
                f"transfer {transfer_id} has already been received in full", "already_received"
            )
        self.rt.default_dock(uow)
        self.step, self.transfer_id, self.source = "receive", transfer_id, lines[0].source
        self.received, self.keyed = 0, None
        units = sum(line.quantity for line in lines)
        pallets = len({line.handling_unit for line in lines if line.handling_unit})
        on_pallets = f" ({pallets} pallets)" if pallets else ""
        return Outcome(
            f"transfer {transfer_id} from {self.source}: {units} units expected{on_pallets}; "
            "scan what arrived, or CMD:DONE if everything is here",
            summary=[line.as_row(transfer_id) for line in lines],
            context={"transfer_id": transfer_id},
        )

    def _receive(
        self, uow: UnitOfWork, parts: list[tuple[ExpectedLine, int]], raw: str
    ) -> list[Movement]:
        """Post the destination's TRANSFER_IN of each part at the dock, in ``uow``. Lines
        announced locally (one database running both warehouses) are also settled here, as
        central settles the others: a TRANSFER_IN of the source out of its transit location."""
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
                        transfer_id=self.transfer_id,
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
                            transfer_id=self.transfer_id,
                            raw_scan=raw,
                        ),
                    )
                )
            if line.handling_unit:
                _place_unit(uow, line.handling_unit, self.rt.warehouse, dock.code, self.rt.now())
        uow.commit()
        self.received += sum(quantity for _, quantity in parts)
        return movements

    def _receive_unit(self, scan: Scan) -> Outcome:
        sscc = require_sscc(scan.sscc or scan.value)
        with self.rt.uow() as uow:
            parts = [
                (line, line.quantity)
                for line in still_expected(uow, self.rt.warehouse, self.transfer_id)
                if line.handling_unit == sscc
            ]
            if not parts:
                raise RuleViolation(
                    f"handling unit {sscc} is not expected on transfer {self.transfer_id} "
                    "(or was received already)",
                    "not_on_transfer",
                )
            movements = self._receive(uow, parts, scan.raw)
            dock = movements[0].to_location
        units = sum(quantity for _, quantity in parts)
        return Outcome(
            f"pallet {sscc} received: {units} units at {dock}",
            movements=movements,
            destination=dock,
        )

    def _receive_product(self, scan: Scan) -> Outcome:
        with self.rt.uow() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
            if self.keyed and not scan.count:
                units *= self.keyed
            self.keyed = None
            lines = [
                line
                for line in still_expected(uow, self.rt.warehouse, self.transfer_id)
                if line.sku == product.sku and (not scan.lot or line.lot == scan.lot)
            ]
            loose = [line for line in lines if not line.handling_unit]
            if not loose and lines:
                raise RuleViolation(
                    f"{product.sku} of transfer {self.transfer_id} is on pallet "
                    f"{lines[0].handling_unit}: scan the pallet",
                    "scan_the_pallet",
                )
            lots = sorted({line.lot for line in loose})
            if len(lots) > 1:
                raise RuleViolation(
                    f"{product.sku} comes in lots {', '.join(lots)} on transfer "
                    f"{self.transfer_id}: scan the barcode that carries the lot",
                    "lot_needed",
                )
            left = sum(line.quantity for line in loose)
            if units > left:
                raise RuleViolation(
                    f"only {left} x {product.sku} still expected on transfer "
                    f"{self.transfer_id}, not {units}",
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
            f"{units} x {product.sku} received at {dock}",
            movements=movements,
            destination=dock,
        )

    def _receive_rest(self) -> Outcome:
        transfer_id = self.transfer_id
        with self.rt.uow() as uow:
            lines = still_expected(uow, self.rt.warehouse, transfer_id)
            movements = (
                self._receive(uow, [(line, line.quantity) for line in lines], transfer_id)
                if lines
                else []
            )
            dock = self.rt.default_dock(uow).code
        received = self.received
        self.reset()
        now = sum(line.quantity for line in lines)
        earlier = f" ({received - now} of them scanned before)" if received > now else ""
        return Outcome(
            f"transfer {transfer_id} received in full: {received} units at {dock}{earlier}",
            movements=movements,
            summary=[line.as_row(transfer_id) for line in lines],
            destination=dock,
        )

    def _close_short(self) -> Outcome:
        transfer_id, source, received = self.transfer_id, self.source, self.received
        with self.rt.uow() as uow:
            lines = still_expected(uow, self.rt.warehouse, transfer_id)
        self.reset()
        missing = sum(line.quantity for line in lines)
        if not missing:
            return Outcome(f"transfer {transfer_id} received in full: {received} units")
        return Outcome(
            f"transfer {transfer_id} closed short: {received} units received, {missing} "
            f"missing; they stay in transit at {source} and show there as a difference",
            Level.ATTENTION,
            summary=[line.as_row(transfer_id) for line in lines],
        )
