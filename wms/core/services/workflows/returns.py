"""Returns: a customer's parcel back at a returns bench, each item graded by scan.

Steps: *parcel* (the parcel's SSCC label, its carrier tracking number scanned or keyed, or the
order ``ORD:<number>`` / its number keyed when the label is gone; ``LOC:<code>`` of a returns
location changes the bench's location) → *item* (a product barcode, or its SKU keyed; a number
keyed before is how many) → *grade* (``CMD:GRADE:resellable``, ``CMD:GRADE:damaged``,
``CMD:GRADE:destroy``, or the grade keyed) → *reason* (``CMD:REASON:<code>`` or the code
keyed): the line is posted, and back to *item*. ``CMD:DONE`` in the item step closes the
return with its summary (lines, units per grade, value and refund).

The station shows the order, its owner and its lines (shipped, returned so far) as the work
list. Refused: an item of another owner than the order's (both named), more units than the
order shipped, a GTIN the product master does not know. Accepted with a warning: an item not on
the order goes to the exceptions area; every item of an *unknown return* (a parcel or order
the station does not know) goes there too, without grading. Destroying an item writes it
off, so only a supervisor grades ``destroy``.

Opening a return and every graded line are committed before the feedback: the return stays
open when the operator leaves the workflow, and scanning the parcel again resumes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.model import LocationType, Product
from wms.core.domain.modes import StationMode
from wms.core.domain.returns import ReturnGrade, ReturnReason
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services import returns as svc
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.operators import require_supervisor
from wms.core.services.workflows.parsing import (
    UnknownProduct,
    check_lot_code,
    parse_quantity,
    resolve_product,
)


class Step(StrEnum):
    PARCEL = "parcel"
    ITEM = "item"
    GRADE = "grade"
    REASON = "reason"


@dataclass(frozen=True)
class OrderLine:
    """One SKU of the returned order: shipped, returned before this scan."""

    sku: str
    shipped: int
    returned: int
    unit_value: Decimal
    currency: str


@dataclass(frozen=True)
class Pending:
    """The item scanned, waiting for its grade and reason."""

    sku: str
    lot: str
    quantity: int
    grade: ReturnGrade | None = None


@dataclass(frozen=True)
class ReturnsState(WorkflowState):
    step: Step = Step.PARCEL
    location: str = ""  # the bench's returns location
    number: str = ""
    order: str = ""
    parcel: str = ""
    owner: str = ""
    owner_name: str = ""
    lines: tuple[OrderLine, ...] = ()
    graded: tuple[dict[str, Any], ...] = field(default_factory=tuple)  # this return's lines
    keyed: int | None = None
    pending: Pending | None = None

    @property
    def unknown(self) -> bool:
        return bool(self.number) and not self.order

    def line(self, sku: str) -> OrderLine | None:
        return next((line for line in self.lines if line.sku == sku), None)


_E = TypeVar("_E", bound=StrEnum)


def _parse_choice(enum: type[_E], text: str) -> _E | None:
    value = text.strip().lower().replace(" ", "_").replace("-", "_")
    for member in enum:
        if member.value == value:
            return member
    return None


@register
class Returns(Workflow):
    name = StationMode.RETURNS
    title = msg("Returns")
    state: ReturnsState

    def reset(self) -> None:
        current = vars(self).get("state")
        self.state = ReturnsState(location=current.location if current is not None else "")

    def has_task(self) -> bool:
        return self.state.step is not Step.PARCEL

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.state.step is Step.ITEM and scan.kind is ScanKind.PRODUCT

    # screen ------------------------------------------------------------------------------------

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.PARCEL:
            return msg(
                "Scan the returned parcel's label or tracking number, or the order number "
                "when the label is gone"
            )
        if st.step is Step.ITEM:
            count = msg("{keyed} × ", keyed=st.keyed) if st.keyed else ""
            if st.unknown:
                return msg(
                    "Unknown return {number}: scan {count}each item (it goes to {exceptions}), "
                    "CMD:DONE to close",
                    number=st.number,
                    count=count,
                    exceptions=self.rt.settings.hub.exception_location,
                )
            return msg(
                "Return {number} of {order} ({owner}): scan {count}each item, CMD:DONE to close",
                number=st.number,
                order=st.order,
                owner=st.owner_name,
                count=count,
            )
        pending = st.pending
        assert pending is not None
        if st.step is Step.GRADE:
            return msg(
                "Grade {quantity} × {sku}: scan CMD:GRADE:resellable, CMD:GRADE:damaged or "
                "CMD:GRADE:destroy",
                quantity=pending.quantity,
                sku=pending.sku,
            )
        return msg(
            "Reason for {quantity} × {sku} ({grade}): scan its CMD:REASON barcode ({codes})",
            quantity=pending.quantity,
            sku=pending.sku,
            grade=pending.grade.value if pending.grade else "",
            codes=", ".join(reason.value for reason in ReturnReason),
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.location:
            data["location"] = st.location
        if st.number:
            data.update(
                {
                    "return": st.number,
                    "order": st.order,
                    "parcel": st.parcel,
                    "owner": st.owner,
                    "owner_name": st.owner_name,
                    "unknown": st.unknown,
                    "lines": [
                        {"sku": line.sku, "shipped": line.shipped, "returned": line.returned}
                        for line in st.lines
                    ],
                    "graded": [dict(line) for line in st.graded],
                }
            )
        if st.pending is not None:
            data["sku"] = st.pending.sku
            data["quantity"] = st.pending.quantity
            if st.pending.grade is not None:
                data["grade"] = st.pending.grade.value
        return data

    # inputs ------------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        st = self.state
        if st.step is Step.PARCEL:
            if scan.kind is ScanKind.LOCATION:
                return self._bench(scan.value)
            if scan.kind is ScanKind.HANDLING_UNIT:
                return self._open(scan.sscc or scan.value)
            if scan.kind is ScanKind.DOCUMENT and scan.document_type == "ORDER":
                return self._open(scan.value)
            if scan.kind in (ScanKind.TEXT, ScanKind.PRODUCT):
                return self._open(scan.value)  # a tracking number (some are GTIN-like digits)
        elif st.step is Step.ITEM:
            if scan.kind is ScanKind.PRODUCT:
                return self._item_scan(scan)
            if scan.kind is ScanKind.TEXT:
                return self._item_sku(scan.value)
        raise self.unexpected(msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value))

    def key(self, text: str) -> Outcome:
        st = self.state
        if st.step is Step.PARCEL:
            code = text.strip().upper()
            if code.startswith("LOC:"):
                return self._bench(code[4:])
            return self._open(text)
        if st.step is Step.ITEM:
            if text.strip().isdigit():
                keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
                self.state = replace(st, keyed=keyed)
                return Outcome(msg("quantity {keyed}: scan the item", keyed=keyed))
            return self._item_sku(text)
        if st.step is Step.GRADE:
            return self._grade(text)
        return self._reason(text)

    def command(self, name: str) -> Outcome:
        st = self.state
        command, _, argument = name.partition(":")
        if command == "GRADE" and st.step is Step.GRADE:
            return self._grade(argument)
        if command == "REASON" and st.step is Step.REASON:
            return self._reason(argument)
        if command == "DONE" and st.step is Step.ITEM:
            return self._close()
        if command == "DONE" and st.step in (Step.GRADE, Step.REASON):
            raise RuleViolation(
                msg(
                    "return {number} not closed: {sku} is not graded yet; grade it or scan "
                    "CMD:BACK to drop it",
                    number=st.number,
                    sku=st.pending.sku if st.pending else "",
                ),
                "not_graded",
            )
        return super().command(name)

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.REASON:
            assert st.pending is not None
            self.state = replace(st, step=Step.GRADE, pending=replace(st.pending, grade=None))
            return Outcome(msg("grade {sku} again", sku=st.pending.sku))
        if st.step is Step.GRADE:
            self.state = replace(st, step=Step.ITEM, pending=None)
            return Outcome(msg("nothing recorded for that item: scan the next item"))
        if st.step is Step.ITEM:
            self.reset()
            return Outcome(
                msg(
                    "return {number} stays open with its lines: scan the parcel again to continue",
                    number=st.number,
                )
            )
        return super().back()

    def cancel(self) -> Outcome:
        st = self.state
        self.reset()
        if st.number:
            return Outcome(
                msg(
                    "returns cancelled; return {number} stays open with the lines already "
                    "graded (scan the parcel again to continue)",
                    number=st.number,
                )
            )
        return super().cancel()

    # steps -------------------------------------------------------------------------------------

    def _bench(self, code: str) -> Outcome:
        with self.rt.reader() as uow:
            location = self.rt.master.require_location(uow, code)
        if location.type is not LocationType.RETURNS:
            raise RuleViolation(
                msg(
                    "location {code} is a {type} location: expected a returns location",
                    code=location.code,
                    type=location.type.value,
                ),
                "unexpected_input",
            )
        self.state = replace(self.state, location=location.code)
        return Outcome(msg("returns at {code}", code=location.code))

    def _returns_location(self, uow: UnitOfWork) -> str:
        if self.state.location:
            return self.state.location
        found = self.rt.master.of_type(uow, LocationType.RETURNS)
        if not found:
            raise RuleViolation(
                msg("warehouse {warehouse} has no returns location", warehouse=self.rt.warehouse),
                "no_returns_location",
            )
        return found[0].code

    def _exceptions_location(self, uow: UnitOfWork) -> str:
        code = self.rt.settings.hub.exception_location
        return self.rt.master.require_location(uow, code).code

    def _open(self, text: str) -> Outcome:
        if not text.strip():
            raise self.unexpected(msg("an empty scan"))
        with self.rt.uow() as uow:
            location = self._returns_location(uow)
            self._exceptions_location(uow)  # refuse now if the site has no exceptions area
            found = svc.identify(uow, self.rt.warehouse, text)
            row, resumed = svc.open_return(uow, self.rt.actor(), self.rt.warehouse, found)
            number = row.number
            lines = self._order_lines(uow, row.order) if row.order else ()
            graded = self._graded(uow, number)
            name = svc.owner_label(uow, row.owner) if row.order else ""
            uow.commit()
        self.state = replace(
            self.state,
            step=Step.ITEM,
            location=location,
            number=number,
            order=found.order,
            parcel=found.parcel,
            owner=found.owner if found.known else "",
            owner_name=name,
            lines=lines,
            graded=graded,
            keyed=None,
            pending=None,
        )
        if not found.known:
            return Outcome(
                msg(
                    "unknown return {number}: no shipped parcel or order {scanned} here; "
                    "every item goes to {exceptions} for a supervisor",
                    number=number,
                    scanned=found.scanned,
                    exceptions=self.rt.settings.hub.exception_location,
                ),
                Level.ATTENTION,
            )
        shipped = ", ".join(f"{line.shipped} × {line.sku}" for line in lines)
        resumed_text = msg(" (resumed, {count} lines graded)", count=len(graded)) if resumed else ""
        return Outcome(
            msg(
                "return {number} of {order} ({owner}){resumed}: shipped {shipped}",
                number=number,
                order=found.order,
                owner=name,
                resumed=resumed_text,
                shipped=shipped,
            )
        )

    def _order_lines(self, uow: UnitOfWork, order: str) -> tuple[OrderLine, ...]:
        info = svc.order_lines(uow, order)
        return tuple(
            OrderLine(i.sku, i.shipped, i.returned, i.unit_value, i.currency) for i in info.values()
        )

    def _graded(self, uow: UnitOfWork, number: str) -> tuple[dict[str, Any], ...]:
        return tuple(
            {
                "line": line.line,
                "sku": line.sku,
                "quantity": line.quantity,
                "grade": line.grade.value,
                "reason": line.reason.value if line.reason else "",
                "location": line.location,
            }
            for line in svc.lines_of(uow, number)
        )

    def _item_scan(self, scan: Scan) -> Outcome:
        with self.rt.reader() as uow:
            try:
                product, _level, units = resolve_product(self.rt, uow, scan)
            except UnknownProduct as error:
                raise RuleViolation(
                    msg(
                        "unknown item {gtin}: it is not in the product master; put it in "
                        "{exceptions} and call a supervisor",
                        gtin=error.key,
                        exceptions=self.rt.settings.hub.exception_location,
                    ),
                    "unknown_item",
                ) from error
        lot = check_lot_code(scan.lot) if scan.lot else ""
        return self._item(product, lot, (self.state.keyed or 1) * units)

    def _item_sku(self, text: str) -> Outcome:
        sku = text.strip().upper()
        with self.rt.reader() as uow:
            try:
                product = self.rt.master.product(uow, sku)
            except NotFound as error:
                raise RuleViolation(
                    msg(
                        "unknown item {sku}: no such product; put it in {exceptions} and call "
                        "a supervisor",
                        sku=sku,
                        exceptions=self.rt.settings.hub.exception_location,
                    ),
                    "unknown_item",
                ) from error
        return self._item(product, "", self.state.keyed or 1)

    def _item(self, product: Product, lot: str, quantity: int) -> Outcome:
        st = self.state
        if st.unknown:
            return self._exception(product, lot, quantity, unknown=True)
        with self.rt.reader() as uow:
            svc.require_owner(uow, product.sku, st.order, st.owner)
            current = svc.order_lines(uow, st.order)
        line = current.get(product.sku)
        if line is None:
            return self._exception(product, lot, quantity, unknown=False)
        if quantity > line.returnable:
            raise RuleViolation(
                msg(
                    "over-return: {quantity} × {sku} but {order} shipped {shipped} and "
                    "{returned} came back already; set the extra aside for a supervisor",
                    quantity=quantity,
                    sku=product.sku,
                    order=st.order,
                    shipped=line.shipped,
                    returned=line.returned,
                ),
                "over_return",
            )
        self.state = replace(
            st, step=Step.GRADE, keyed=None, pending=Pending(product.sku, lot, quantity)
        )
        return Outcome(
            msg(
                "{quantity} × {sku} ({name}): grade it",
                quantity=quantity,
                sku=product.sku,
                name=product.name,
            )
        )

    def _exception(self, product: Product, lot: str, quantity: int, *, unknown: bool) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            where = self._exceptions_location(uow)
            _line, movements = svc.record_line(
                uow,
                self.rt.actor(),
                st.number,
                sku=product.sku,
                lot=lot,
                quantity=quantity,
                grade=ReturnGrade.EXCEPTION,
                reason=None,
                location=where,
                unit_value=product.unit_value,
                currency=product.currency,
            )
            graded = self._graded(uow, st.number)
            uow.commit()
        self.state = replace(st, keyed=None, graded=graded)
        if unknown:
            text = msg(
                "{quantity} × {sku} of unknown return {number}: put it in {where} "
                "(quarantined for a supervisor)",
                quantity=quantity,
                sku=product.sku,
                number=st.number,
                where=where,
            )
        else:
            text = msg(
                "{sku} is not on {order}: put {quantity} × {sku} in {where} "
                "(quarantined for a supervisor)",
                sku=product.sku,
                order=st.order,
                quantity=quantity,
                where=where,
            )
        return Outcome(text, Level.ATTENTION, movements, destination=where)

    def _grade(self, text: str) -> Outcome:
        st = self.state
        assert st.pending is not None
        grade = _parse_choice(ReturnGrade, text)
        if grade is None or grade not in ReturnGrade.gradable():
            raise RuleViolation(
                msg(
                    "grade {text!r}: expected one of {grades}",
                    text=text,
                    grades=", ".join(g.value for g in ReturnGrade.gradable()),
                ),
                "unknown_grade",
            )
        if grade is ReturnGrade.DESTROY:
            assert self.rt.operator is not None
            require_supervisor(self.rt.operator)
        self.state = replace(st, step=Step.REASON, pending=replace(st.pending, grade=grade))
        return Outcome(
            msg("{sku}: {grade}; scan the reason code", sku=st.pending.sku, grade=grade.value)
        )

    def _reason(self, text: str) -> Outcome:
        st = self.state
        pending = st.pending
        assert pending is not None and pending.grade is not None
        reason = _parse_choice(ReturnReason, text)
        if reason is None:
            raise RuleViolation(
                msg(
                    "reason {text!r}: expected one of {reasons}",
                    text=text,
                    reasons=", ".join(r.value for r in ReturnReason),
                ),
                "unknown_reason",
            )
        info = st.line(pending.sku)
        assert info is not None
        with self.rt.uow() as uow:
            current = svc.order_lines(uow, st.order).get(pending.sku)
            if current is None or pending.quantity > current.returnable:
                raise RuleViolation(
                    msg(
                        "over-return: {quantity} × {sku} is more than {order} has left to "
                        "return (another bench?); scan the item again",
                        quantity=pending.quantity,
                        sku=pending.sku,
                        order=st.order,
                    ),
                    "over_return",
                )
            location = self._returns_location(uow)
            line, movements = svc.record_line(
                uow,
                self.rt.actor(),
                st.number,
                sku=pending.sku,
                lot=pending.lot,
                quantity=pending.quantity,
                grade=pending.grade,
                reason=reason,
                location=location,
                unit_value=info.unit_value,
                currency=info.currency,
            )
            lines = self._order_lines(uow, st.order)
            graded = self._graded(uow, st.number)
            uow.commit()
        self.state = replace(
            st, step=Step.ITEM, pending=None, keyed=None, lines=lines, graded=graded
        )
        where = {
            ReturnGrade.RESELLABLE: msg("available at {location}", location=location),
            ReturnGrade.DAMAGED: msg("quarantined at {location}", location=location),
            ReturnGrade.DESTROY: msg("written off (destroy it)"),
        }[pending.grade]
        return Outcome(
            msg(
                "line {line}: {quantity} × {sku} {grade}, {reason}: {where}",
                line=line.line,
                quantity=line.quantity,
                sku=line.sku,
                grade=line.grade.value,
                reason=reason.value,
                where=where,
            ),
            Level.ATTENTION if pending.grade is ReturnGrade.DESTROY else Level.OK,
            movements,
            destination=location,
        )

    def _close(self) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            closed = svc.close_return(uow, st.number, self.rt.now())
            uow.commit()
        self.reset()
        units = closed.units()
        return Outcome(
            msg(
                "return {number} closed: {resellable} resellable, {damaged} damaged, "
                "{destroyed} destroyed, {exceptions} to exceptions; refund {refund} {currency}",
                number=closed.number,
                resellable=units[ReturnGrade.RESELLABLE.value],
                damaged=units[ReturnGrade.DAMAGED.value],
                destroyed=units[ReturnGrade.DESTROY.value],
                exceptions=units[ReturnGrade.EXCEPTION.value],
                refund=closed.refund,
                currency=closed.currency,
            ),
            Level.ATTENTION if units[ReturnGrade.EXCEPTION.value] else Level.OK,
            summary=[line.as_row() for line in closed.lines],
        )
