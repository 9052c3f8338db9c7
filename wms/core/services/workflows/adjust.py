"""The ``adjust`` workflow (supervisors): review pending adjustments, or adjust a location
directly with a reason code. The rules behind it are in :mod:`.adjustments`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import InvalidValue, RuleViolation
from wms.core.domain.model import Movement, MovementKind, Role
from wms.core.domain.modes import StationMode
from wms.core.domain.text import msg
from wms.core.persistence.workflow_tables import AdjustmentRow
from wms.core.services.workflows.adjustments import (
    REASONS,
    adjustment_drafts,
    approve,
    describe_adjustment,
    list_adjustments,
    on_hand_by_item,
    reject,
    require_adjustment,
)
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.operators import require_supervisor
from wms.core.services.workflows.parsing import (
    check_lot_code,
    location_code,
    parse_quantity,
    resolve_product,
)


class Step(StrEnum):
    START = "start"
    PRODUCT = "product"
    LOT = "lot"
    QUANTITY = "quantity"
    REASON = "reason"
    DECIDE = "decide"


#: Where CMD:BACK goes from each step of a direct adjustment.
_PREVIOUS = {
    Step.PRODUCT: Step.START,
    Step.LOT: Step.PRODUCT,
    Step.QUANTITY: Step.PRODUCT,
    Step.REASON: Step.QUANTITY,
}


@dataclass(frozen=True)
class AdjustState(WorkflowState):
    step: Step = Step.START
    location: str = ""
    sku: str = ""
    lot: str = ""
    tracks_lot: bool = False
    quantity: int = 0
    reviewing: int | None = None
    raw: str = ""


@register
class Adjust(Workflow):
    """Supervisors: review pending adjustments (key the number, or CMD:SKIP for the oldest, then
    key A to approve or R to reject), or adjust a location directly (scan it, scan the product,
    key the signed quantity, then the reason code)."""

    name = StationMode.ADJUST
    title = msg("Adjustments")
    role = Role.SUPERVISOR
    state: AdjustState

    def reset(self) -> None:
        self.state = AdjustState()

    def has_task(self) -> bool:
        return self.state.step is not Step.START

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.START:
            return msg(
                "Scan a location to adjust, or key an adjustment "
                "number to review (CMD:SKIP: the oldest pending)"
            )
        if st.step is Step.PRODUCT:
            return msg("Scan the product to adjust at {location}", location=st.location)
        if st.step is Step.LOT:
            return msg("Scan or key the lot of {sku}", sku=st.sku)
        if st.step is Step.QUANTITY:
            return msg(
                "Key the change for {sku} at {location}, e.g. -2 or +3",
                sku=st.sku,
                location=st.location,
            )
        if st.step is Step.REASON:
            return msg("Key the reason: {reasons}", reasons=", ".join(REASONS))
        return msg(
            "Adjustment {reviewing}: key A to approve, R to reject (CMD:SKIP: next)",
            reviewing=st.reviewing,
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.location:
            data.update({"location": st.location, "sku": st.sku, "lot": st.lot})
        if st.quantity:
            data["quantity"] = st.quantity
        if st.reviewing is not None:
            data["adjustment"] = st.reviewing
        return data

    def scan(self, scan: Scan) -> Outcome:
        step = self.state.step
        if step is Step.START:
            code = location_code(scan)
            if code is not None:
                return self._location(code)
        if step is Step.PRODUCT and scan.kind is ScanKind.PRODUCT:
            return self._product(scan)
        if step is Step.LOT and (scan.lot or scan.kind is ScanKind.TEXT):
            return self._lot(scan.lot or scan.value)
        if step is Step.REASON and scan.kind is ScanKind.TEXT:
            return self._reason(scan.value)
        raise self.unexpected(msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value))

    def key(self, text: str) -> Outcome:
        step = self.state.step
        if step is Step.START:
            number = text.upper().removeprefix("ADJ-").removeprefix("#")
            if number.isdigit():
                return self._review(int(number))
            return self._location(text.upper())
        if step is Step.LOT:
            return self._lot(text)
        if step is Step.QUANTITY:
            return self._quantity(text)
        if step is Step.REASON:
            return self._reason(text)
        if step is Step.DECIDE:
            answer = text.upper()
            if answer in ("A", "APPROVE", "Y", "YES"):
                return self._decide(approve_it=True)
            if answer in ("R", "REJECT", "N", "NO"):
                return self._decide(approve_it=False)
            raise InvalidValue(msg("answer"), text, msg("A (approve) or R (reject)"), text)
        raise self.unexpected(msg("the typed entry {text!r}", text=text))

    def command(self, name: str) -> Outcome:
        st = self.state
        if name == "SKIP" and st.step in (Step.START, Step.DECIDE):
            with self.rt.reader() as uow:
                pending = [
                    r.id
                    for r in list_adjustments(uow, self.rt.warehouse)
                    if st.reviewing is None or r.id > st.reviewing
                ]
            if not pending:
                self.reset()
                return Outcome(msg("no more adjustments waiting for approval"))
            return self._review(pending[0])
        raise self.unexpected(msg("CMD:{name}", name=name))

    def back(self) -> Outcome:
        st = self.state
        previous = _PREVIOUS.get(st.step)
        if previous is Step.START:
            self.reset()
            return Outcome(msg("back one step"))
        if previous is not None:
            self.state = replace(st, step=previous)
            return Outcome(msg("back one step"))
        if st.step is Step.DECIDE:
            self.reset()
            return Outcome(msg("adjustment left pending"))
        return super().back()

    def _location(self, code: str) -> Outcome:
        with self.rt.reader() as uow:
            location = self.rt.master.require_location(uow, code)
        self.state = AdjustState(step=Step.PRODUCT, location=location.code)
        return Outcome(msg("adjusting {code}", code=location.code))

    def _product(self, scan: Scan) -> Outcome:
        st = self.state
        with self.rt.reader() as uow:
            product, _level, _units = resolve_product(self.rt, uow, scan)
            lot = scan.lot or ""
            if product.tracks_lot and not lot:
                lots = {
                    lot_code
                    for sku, lot_code in on_hand_by_item(uow, self.rt.warehouse, st.location)
                    if sku == product.sku
                }
                if len(lots) == 1:
                    lot = lots.pop()
        self.state = replace(
            st,
            sku=product.sku,
            lot=lot,
            tracks_lot=product.tracks_lot,
            raw=scan.raw,
            step=Step.LOT if product.tracks_lot and not lot else Step.QUANTITY,
        )
        return Outcome(msg("{sku}: {prompt}", sku=product.sku, prompt=self.prompt.lower()))

    def _lot(self, text: str) -> Outcome:
        lot = check_lot_code(text)
        self.state = replace(self.state, lot=lot, step=Step.QUANTITY)
        return Outcome(msg("lot {lot}", lot=lot))

    def _quantity(self, text: str) -> Outcome:
        st = self.state
        quantity = parse_quantity(text, self.rt.settings.max_keyed_quantity, signed=True)
        if quantity < 0:
            with self.rt.reader() as uow:
                have = on_hand_by_item(uow, self.rt.warehouse, st.location).get((st.sku, st.lot), 0)
            if have < -quantity:
                raise RuleViolation(
                    msg(
                        "cannot remove {value} x {sku} at {location}: only {have} there",
                        value=-quantity,
                        sku=st.sku,
                        location=st.location,
                        have=have,
                    ),
                    "not_enough_stock",
                )
        self.state = replace(st, quantity=quantity, step=Step.REASON)
        return Outcome(msg("change {quantity:+d}: key the reason", quantity=quantity))

    def _reason(self, text: str) -> Outcome:
        st = self.state
        reason = text.strip().lower()
        if reason not in REASONS:
            raise InvalidValue(
                msg("reason code"), text, msg("one of {reasons}", reasons=", ".join(REASONS)), text
            )
        operator = self.rt.operator
        assert operator is not None
        require_supervisor(operator)
        now = self.rt.now()
        with self.rt.uow() as uow:
            location = self.rt.master.require_location(uow, st.location)
            have = on_hand_by_item(uow, self.rt.warehouse, st.location).get((st.sku, st.lot), 0)
            row = AdjustmentRow(
                warehouse=self.rt.warehouse, location=st.location, sku=st.sku, lot=st.lot,
                expected=have, counted=have + st.quantity, quantity=st.quantity,
                reason=reason, state="approved", requested_by=operator.badge, requested_at=now,
                station=self.rt.station, decided_by=operator.badge, decided_at=now,
            )  # fmt: skip
            uow.adjustments.add(row)
            if st.lot:
                uow.lots.ensure(st.sku, st.lot, None)
            drafts = adjustment_drafts(
                uow, self.rt.warehouse, location, st.sku, st.lot, st.quantity,
                kind=MovementKind.ADJUST, reference=f"ADJ-{row.id}:{reason}", raw=st.raw,
            )  # fmt: skip
            movements = self.rt.post_all(uow, drafts)
            row.movement_ids = " ".join(m.id for m in movements)
            uow.commit()
        self.reset()
        return Outcome(
            msg(
                "adjusted {quantity:+d} x {sku} at {location} ({reason})",
                quantity=st.quantity,
                sku=st.sku,
                location=st.location,
                reason=reason,
            ),
            movements=movements,
        )

    def _review(self, adjustment_id: int) -> Outcome:
        with self.rt.reader() as uow:
            row = require_adjustment(uow, self.rt.warehouse, adjustment_id)
            text = describe_adjustment(row)
        self.state = AdjustState(step=Step.DECIDE, reviewing=adjustment_id)
        return Outcome(text, Level.ATTENTION)

    def _decide(self, *, approve_it: bool) -> Outcome:
        operator = self.rt.operator
        adjustment_id = self.state.reviewing
        assert operator is not None and adjustment_id is not None
        movements: list[Movement] = []
        with self.rt.uow() as uow:
            if approve_it:
                movements = approve(
                    uow, warehouse=self.rt.warehouse, station=self.rt.station,
                    adjustment_id=adjustment_id, approver=operator, at=self.rt.now(),
                )  # fmt: skip
            else:
                reject(
                    uow, warehouse=self.rt.warehouse, adjustment_id=adjustment_id,
                    approver=operator, at=self.rt.now(),
                )  # fmt: skip
            uow.commit()
        self.reset()
        verb = msg("approved") if approve_it else msg("rejected")
        return Outcome(
            msg("adjustment {adjustment_id} {verb}", adjustment_id=adjustment_id, verb=verb),
            movements=movements,
        )
