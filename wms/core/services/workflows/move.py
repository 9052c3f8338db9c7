"""Moves between locations of one warehouse.

Scan the *from* location (or a handling unit, to move it whole) → scan a handling unit there, or
products (each scan adds its units; a number keyed with a product in hand sets its quantity,
keyed before a scan it is that scan's quantity) → scan the *to* location. One MOVE movement per
stock key, all in one transaction. Quarantined stock only moves between quarantine locations;
anything moved into a quarantine location becomes quarantined — and that is deliberate: the first
scan of a quarantine location as the destination of stock that is not quarantined posts nothing
and says what would be blocked; scanning the same location again moves it. Releasing stock from
quarantine is a supervisor's act (``quarantine`` workflow, ``wms quarantine release``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import LocationType, MovementDraft, StockPlace, StockStatus
from wms.core.domain.modes import StationMode
from wms.core.domain.sscc import require_sscc
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product
from wms.core.services.workflows.queries import StockEntry, stock_entries
from wms.core.services.workflows.stock import (
    describe_portions,
    lot_at,
    portions_of,
    statuses_at,
    take,
    verify,
)
from wms.core.services.workflows.strategies import Load, check_room


class Step(StrEnum):
    FROM = "from"
    WHAT = "what"
    TO = "to"


@dataclass(frozen=True)
class MoveItem:
    """Loose units of one product (and lot) in hand, scanned at the origin."""

    sku: str
    lot: str
    quantity: int


@dataclass(frozen=True)
class MoveState(WorkflowState):
    step: Step = Step.FROM
    origin: str = ""
    unit: str = ""
    entries: tuple[StockEntry, ...] = ()
    item: MoveItem | None = None
    keyed: int | None = None
    quarantine: str = ""  # a quarantine location scanned once as the destination


@register
class Move(Workflow):
    name = StationMode.MOVE
    title = msg("Move")
    state: MoveState

    def reset(self) -> None:
        self.state = MoveState()

    def has_task(self) -> bool:
        return self.state.step is not Step.FROM

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.state.step is Step.WHAT and scan.kind is ScanKind.PRODUCT

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.FROM:
            return msg("Scan the location to move from, or a handling unit to move it whole")
        if st.quarantine:
            what: str
            if st.item:
                lot = msg(" lot {lot}", lot=st.item.lot) if st.item.lot else ""
                what = msg(
                    "{quantity} x {sku}{lot}", quantity=st.item.quantity, sku=st.item.sku, lot=lot
                )
            else:
                what = describe_portions(st.entries, st.unit)
            return msg(
                "Scan {quarantine} again to quarantine {what}, or scan another destination",
                quarantine=st.quarantine,
                what=what,
            )
        if st.step is Step.WHAT:
            if st.item:
                lot = msg(" lot {lot}", lot=st.item.lot) if st.item.lot else ""
                return msg(
                    "Moving {quantity} x {sku}{lot} from {origin}: "
                    "scan more, key the quantity, or scan the "
                    "destination",
                    quantity=st.item.quantity,
                    sku=st.item.sku,
                    lot=lot,
                    origin=st.origin,
                )
            return msg("Scan a handling unit or a product at {origin}", origin=st.origin)
        return msg(
            "Scan the location to move {entries} to", entries=describe_portions(st.entries, st.unit)
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value, "from": st.origin}
        if st.unit:
            data["unit"] = st.unit
        if st.item:
            data.update({"sku": st.item.sku, "lot": st.item.lot, "quantity": st.item.quantity})
        return data

    def scan(self, scan: Scan) -> Outcome:
        st = self.state
        if scan.kind is ScanKind.HANDLING_UNIT and st.step in (Step.FROM, Step.WHAT):
            return self._unit(scan)
        if scan.kind is ScanKind.PRODUCT and st.step is Step.WHAT:
            return self._product(scan)
        code = location_code(scan)
        if code is not None:
            if st.step is Step.FROM:
                return self._from(code)
            if st.step is Step.TO or (st.step is Step.WHAT and st.item):
                return self._to(code, scan.raw)
            if st.step is Step.WHAT:
                return self._from(code)
        raise self.unexpected(msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value))

    def key(self, text: str) -> Outcome:
        st = self.state
        if st.step is not Step.WHAT:
            code = text.strip().upper()
            if st.step is Step.FROM:
                return self._from(code)
            return self._to(code, f"@key {text}")
        quantity = parse_quantity(text, self.rt.settings.max_keyed_quantity)
        if st.item:
            with self.rt.reader() as uow:
                self._check_available(uow, st.item.sku, st.item.lot, quantity)
            self.state = replace(st, item=replace(st.item, quantity=quantity), quarantine="")
            return Outcome(msg("quantity {quantity}: scan the destination", quantity=quantity))
        self.state = replace(st, keyed=quantity)
        return Outcome(msg("quantity {quantity}: scan the product", quantity=quantity))

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.TO:
            self.state = replace(st, step=Step.WHAT, unit="", entries=())
            return Outcome(msg("handling unit dropped; scan what to move"))
        if st.step is Step.WHAT and (st.item or st.keyed):
            self.state = replace(st, item=None, keyed=None)
            return Outcome(msg("product dropped; scan what to move"))
        if st.step is Step.WHAT:
            self.reset()
            return Outcome(msg("scan the location to move from"))
        return super().back()

    def _from(self, code: str) -> Outcome:
        with self.rt.reader() as uow:
            location = self.rt.master.require_location(uow, code)
        self.state = MoveState(step=Step.WHAT, origin=location.code)
        return Outcome(msg("moving from {code}", code=location.code))

    def _unit(self, scan: Scan) -> Outcome:
        st = self.state
        sscc = require_sscc(scan.sscc or scan.value)
        with self.rt.reader() as uow:
            entries = [
                e for e in stock_entries(uow, self.rt.warehouse, handling_unit=sscc) if e.quantity
            ]
        places = sorted({e.location for e in entries})
        if not entries:
            raise RuleViolation(
                msg("handling unit {sscc} holds no stock here", sscc=sscc), "empty_unit"
            )
        if len(places) > 1:
            raise RuleViolation(
                msg(
                    "handling unit {sscc} has stock at {places}: count it first",
                    sscc=sscc,
                    places=", ".join(places),
                ),
                "split_unit",
            )
        if st.origin and places[0] != st.origin:
            raise RuleViolation(
                msg(
                    "handling unit {sscc} is at {places}, not at {origin}",
                    sscc=sscc,
                    places=places[0],
                    origin=st.origin,
                ),
                "unit_elsewhere",
            )
        self.state = replace(
            st, origin=places[0], unit=sscc, entries=tuple(entries), item=None, step=Step.TO
        )
        return Outcome(msg("moving pallet {sscc} from {places}", sscc=sscc, places=places[0]))

    def _product(self, scan: Scan) -> Outcome:
        st = self.state
        with self.rt.reader() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
            origin = self.rt.master.require_location(uow, st.origin)
            here = stock_entries(uow, self.rt.warehouse, location=origin.code, sku=product.sku)
            lot = lot_at(here, origin.code, product.sku, scan.lot)
            if st.keyed and not scan.count:
                units *= st.keyed
            same = st.item is not None and (st.item.sku, st.item.lot) == (product.sku, lot)
            quantity = units + (st.item.quantity if same and st.item else 0)
            portions_of(here, origin.code, product.sku, lot, quantity, statuses_at(origin))
        self.state = replace(
            st, keyed=None, item=MoveItem(product.sku, lot, quantity), quarantine=""
        )
        return Outcome(
            msg(
                "{quantity} x {sku}: scan more or the destination",
                quantity=quantity,
                sku=product.sku,
            )
        )

    def _check_available(self, uow: UnitOfWork, sku: str, lot: str, quantity: int) -> None:
        origin = self.rt.master.require_location(uow, self.state.origin)
        take(uow, self.rt.warehouse, origin.code, sku, lot, quantity, statuses_at(origin))

    def _to(self, code: str, raw: str) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            target = self.rt.master.require_location(uow, code)
            origin = self.rt.master.require_location(uow, st.origin)
            if target.code == origin.code:
                raise RuleViolation(
                    msg("already at {code}: scan where it goes", code=target.code), "same_location"
                )
            if target.type is LocationType.TRANSIT:
                raise RuleViolation(
                    msg(
                        "{code} is the transit location: use the transfer workflow",
                        code=target.code,
                    ),
                    "wrong_location_type",
                )
            entries: tuple[StockEntry, ...] | list[StockEntry]
            if st.item:
                entries = take(
                    uow, self.rt.warehouse, st.origin, st.item.sku, st.item.lot,
                    st.item.quantity, statuses_at(origin),
                )  # fmt: skip
            else:
                entries = st.entries
                verify(uow, self.rt.warehouse, entries)
            quarantined = any(e.status is StockStatus.QUARANTINED for e in entries)
            if quarantined and target.type is not LocationType.QUARANTINE:
                raise RuleViolation(
                    msg(
                        "quarantined stock only goes to quarantine "
                        "locations; {code} is a {type} location",
                        code=target.code,
                        type=target.type.value,
                    ),
                    "quarantine_only",
                )
            check_room(
                self.rt,
                uow,
                Load(tuple((e.sku, e.lot, e.status, e.quantity) for e in entries)),
                target,
            )
            to_status = StockStatus.QUARANTINED if target.type is LocationType.QUARANTINE else None
            if to_status and not quarantined and st.quarantine != target.code:
                what = describe_portions(entries, st.unit)
                self.state = replace(st, quarantine=target.code)
                return Outcome(
                    msg(
                        "{code} is a quarantine location: {what} "
                        "would be quarantined (blocked until a supervisor "
                        "releases it); scan {code} again to move "
                        "it there, or scan another destination",
                        code=target.code,
                        what=what,
                    ),
                    Level.ATTENTION,
                    context={"quarantine_pending": target.code},
                )
            movements = [
                self.rt.post(
                    uow,
                    MovementDraft.move(
                        e.sku,
                        e.quantity,
                        e.place,
                        StockPlace(target.code, st.unit, to_status or e.status),
                        lot=e.lot,
                        reference="move",
                        raw_scan=raw,
                    ),
                )
                for e in entries
            ]
            if st.unit:
                uow.handling_units.place(st.unit, target.code)
            uow.commit()
        what = describe_portions(entries, st.unit)
        self.reset()
        level = Level.ATTENTION if to_status else Level.OK
        note = msg(" (now quarantined)") if to_status and not quarantined else ""
        return Outcome(
            msg(
                "moved {what} from {code} to {code2}{note}",
                what=what,
                code=origin.code,
                code2=target.code,
                note=note,
            ),
            level,
            movements,
            destination=target.code,
        )
