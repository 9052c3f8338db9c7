"""Sorting: parcels to their sort destination, batch-tote items to their put-wall slot.

Parcel sort: scan the parcel's SSCC → the destination is shown (``Feedback.destination``, in huge
type on the screen) → scan the destination (``LOC:SORT-FR``) to confirm; the parcel's stock moves
there (``sort`` movements). A wrong destination is refused and counted as a mis-sort attempt.
When the destination's open bag reaches its capacity it is closed (SSCC, label queued) and a
new bag starts. ``CMD:CLOSE`` then a destination closes its bag on demand.

Put wall: scan a batch tote (``TOTE:<id>``) → scan an item from it → the order's slot is shown →
scan the slot (``LOC:PW-03``) to put it; a keyed number before the item scan puts that many.
``CMD:DONE`` leaves the tote. Keying a plan name switches the sort plan.

The plan is compiled into a lookup index once when the mode is entered (and on a plan switch);
the index is a cache beside the workflow's state, not part of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import RuleViolation
from wms.core.domain.modes import StationMode
from wms.core.domain.sscc import require_sscc
from wms.core.domain.text import msg
from wms.core.services.outbound import sortation as svc
from wms.core.services.outbound.picking import tote_unit
from wms.core.services.outbound.sort_plan import SortPlanIndex, load_plan, plan_names
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product


class Step(StrEnum):
    ITEM = "item"
    DESTINATION = "destination"
    SLOT = "slot"
    CLOSE = "close"


@dataclass(frozen=True)
class PendingPut:
    """Units of a batch tote's pick task on their way to the order's put-wall slot."""

    task: int
    quantity: int


@dataclass(frozen=True)
class SortingState(WorkflowState):
    step: Step = Step.ITEM
    parcel: str = ""
    expected: str = ""
    tote: str = ""
    put: PendingPut | None = None
    keyed: int | None = None
    sorted: int = 0
    plan_name: str = ""

    def done_with_destination(self) -> SortingState:
        """Back to scanning parcels or tote items, the destination forgotten."""
        return replace(self, step=Step.ITEM, parcel="", expected="", put=None)


@register
class Sorting(Workflow):
    name = StationMode.SORTING
    title = msg("Sorting")
    state: SortingState

    def reset(self) -> None:
        current = vars(self).get("state")
        self.state = SortingState(plan_name=current.plan_name if current is not None else "")
        self._index: SortPlanIndex | None = None

    def has_task(self) -> bool:
        return self.state.step is not Step.ITEM or bool(self.state.tote)

    def counts_repeated_scans(self, scan: Scan) -> bool:
        """Items of a batch tote: the same product again is the next unit to put."""
        st = self.state
        return bool(st.tote) and st.step is Step.ITEM and scan.kind is ScanKind.PRODUCT

    def _plan(self) -> SortPlanIndex:
        index = self._index
        name = self.state.plan_name
        if index is None or (name and index.name != name):
            with self.rt.reader() as uow:
                index = load_plan(uow, self.rt.warehouse, name or None)
            self._index = index
            self.state = replace(self.state, plan_name=index.name)
        return index

    # screen ------------------------------------------------------------------------------------

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.DESTINATION:
            return msg(
                "Put parcel {parcel} in {expected} and scan {expected}",
                parcel=st.parcel,
                expected=st.expected,
            )
        if st.step is Step.SLOT:
            assert st.put is not None
            return msg(
                "Put {quantity} in slot {expected} and scan {expected}",
                quantity=st.put.quantity,
                expected=st.expected,
            )
        if st.step is Step.CLOSE:
            return msg("Scan the sort destination whose bag to close")
        if st.tote:
            count = msg("{keyed} of ", keyed=st.keyed) if st.keyed else ""
            return msg(
                "Scan {count}an item from tote {tote} (CMD:DONE when it is empty)",
                count=count,
                tote=st.tote,
            )
        return msg("Scan a parcel SSCC or a batch tote (CMD:CLOSE closes a bag)")

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.plan_name:
            data["plan"] = st.plan_name
        if st.parcel:
            data["parcel"] = st.parcel
        if st.expected:
            data["destination"] = st.expected
        if st.tote:
            data["tote"] = st.tote
        return data

    # inputs ------------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        st = self.state
        if st.step is Step.ITEM:
            if scan.kind is ScanKind.HANDLING_UNIT:
                return self._parcel(scan.sscc or scan.value)
            if scan.kind is ScanKind.TOTE:
                return self._tote(scan.value)
            if scan.kind is ScanKind.PRODUCT and st.tote:
                return self._put_item(scan)
            if scan.kind is ScanKind.PRODUCT:
                raise RuleViolation(
                    msg("scan the batch tote first, then its items (or a parcel SSCC)"), "no_tote"
                )
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        code = location_code(scan)
        if code is None:
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        return self._destination(code, scan.raw)

    def key(self, text: str) -> Outcome:
        st = self.state
        if st.step is Step.ITEM:
            if text.isdigit() and len(text) == 18:
                return self._parcel(text)
            if st.tote and text.strip().isdigit():
                keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
                self.state = replace(st, keyed=keyed)
                return Outcome(msg("quantity {keyed}: scan the item", keyed=keyed))
            with self.rt.reader() as uow:
                names = plan_names(uow, self.rt.warehouse)
            wanted = text.strip().upper()
            if wanted in names:
                self.state = replace(st, plan_name=wanted)
                self._index = None
                index = self._plan()
                return Outcome(
                    msg("sort plan {index}: {count} rules", index=index.name, count=len(index))
                )
            raise RuleViolation(
                msg(
                    "'{text}': expected a parcel SSCC, a quantity or a sort plan ({names})",
                    text=text,
                    names=", ".join(names),
                ),
                "unexpected_input",
            )
        return self._destination(text.strip().upper(), text)

    def command(self, name: str) -> Outcome:
        st = self.state
        if name == "CLOSE" and st.step is Step.ITEM:
            self.state = replace(st, step=Step.CLOSE)
            return Outcome(msg("close a bag: scan its destination"))
        if name == "DONE" and st.step is Step.ITEM and st.tote:
            self.state = replace(st, tote="", keyed=None)
            return Outcome(msg("tote {tote} left", tote=st.tote))
        raise self.unexpected(msg("CMD:{name}", name=name))

    def back(self) -> Outcome:
        st = self.state
        if st.step is not Step.ITEM:
            self.state = st.done_with_destination()
            return Outcome(msg("not sorted; scan again"))
        if st.tote:
            self.state = replace(st, tote="")
            return Outcome(msg("tote left"))
        return super().back()

    def _destination(self, code: str, raw: str) -> Outcome:
        """A destination scanned or keyed: confirms a parcel or a put, or closes a bag."""
        step = self.state.step
        if step is Step.DESTINATION:
            return self._confirm_parcel(code, raw)
        if step is Step.SLOT:
            return self._confirm_slot(code, raw)
        return self._close(code)

    # parcels -----------------------------------------------------------------------------------

    def _parcel(self, raw_sscc: str) -> Outcome:
        sscc = require_sscc(raw_sscc)
        index = self._plan()
        with self.rt.reader() as uow:
            parcel = svc.require_parcel(uow, self.rt.warehouse, sscc)
            rule = svc.decide(index, parcel)
            order, country = parcel.order, parcel.ship_to_country
        self.state = replace(
            self.state, parcel=sscc, expected=rule.destination, step=Step.DESTINATION
        )
        return Outcome(
            msg(
                "{destination}: parcel {sscc} ({order}, {country}) by {describe}",
                destination=rule.destination,
                sscc=sscc,
                order=order,
                country=country,
                describe=rule.describe(),
            ),
            destination=rule.destination,
            context={"rule": rule.describe(), "order": order},
        )

    def _confirm_parcel(self, code: str, raw: str) -> Outcome:
        st = self.state
        if code != st.expected:
            with self.rt.uow() as uow:
                count = svc.record_mis_sort(uow, self.rt.warehouse, st.expected)
                uow.commit()
            raise svc.MisSort(
                msg(
                    "wrong destination {code}: parcel {parcel} "
                    "goes to {expected} (mis-sort attempt {count} "
                    "at {expected}); take it out and scan {expected}",
                    code=code,
                    parcel=st.parcel,
                    expected=st.expected,
                    count=count,
                )
            )
        with self.rt.uow() as uow:
            parcel = svc.require_parcel(uow, self.rt.warehouse, st.parcel)
            result = svc.sort_parcel(
                uow,
                self.rt.actor(),
                None,  # read only if the bag closes
                parcel,
                code,
                st.expected,
                raw,
                printing=self.rt.printing,
            )
            uow.commit()
        self.state = replace(st.done_with_destination(), sorted=st.sorted + 1)
        capacity = msg(" of {capacity}", capacity=result.capacity) if result.capacity else ""
        message = msg(
            "parcel {parcel} sorted to {code} ({open_parcels}{capacity})",
            parcel=st.parcel,
            code=code,
            open_parcels=result.open_parcels,
            capacity=capacity,
        )
        level = Level.OK
        context: dict[str, Any] = {"open_parcels": result.open_parcels}
        if result.closed_bag is not None:
            bag = result.closed_bag
            message += msg(
                "; {code} full: bag {sscc} closed with {count} "
                "parcels, label printed; put a new bag in",
                code=code,
                sscc=bag.sscc,
                count=len(bag.parcels),
            )
            level = Level.ATTENTION
            context["bag"] = bag.sscc
        return Outcome(message, level, movements=result.movements, context=context)

    def _close(self, code: str) -> Outcome:
        with self.rt.uow() as uow:
            warehouse = uow.warehouses.require(self.rt.warehouse)
            bag = svc.close_bag(uow, self.rt.actor(), warehouse, code, printing=self.rt.printing)
            uow.commit()
        self.state = replace(self.state, step=Step.ITEM)
        return Outcome(
            msg(
                "bag {sscc} closed at {code} with {count} parcels; label printed",
                sscc=bag.sscc,
                code=code,
                count=len(bag.parcels),
            ),
            context={"bag": bag.sscc},
            summary=[{"bag": bag.sscc, "destination": code, "parcel": p} for p in bag.parcels],
        )

    # put wall ----------------------------------------------------------------------------------

    def _tote(self, tote: str) -> Outcome:
        with self.rt.reader() as uow:
            tasks = svc.tote_tasks(uow, self.rt.warehouse, tote)
            units = sum(t.picked - t.put for t in tasks)
            orders = sorted({t.order for t in tasks})
        if not tasks:
            raise RuleViolation(
                msg("tote {tote} has nothing to sort to the put wall", tote=tote_unit(tote)),
                "tote_empty",
            )
        self.state = replace(self.state, tote=tote_unit(tote))
        return Outcome(
            msg(
                "tote {tote}: {units} units for {orders}; scan each item",
                tote=self.state.tote,
                units=units,
                orders=", ".join(orders),
            ),
            context={"orders": orders},
        )

    def _put_item(self, scan: Scan) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
            quantity = (st.keyed or 1) * units
            task = svc.find_put(uow, self.rt.warehouse, st.tote, product.sku, scan.lot)
            if quantity > task.picked - task.put:
                raise RuleViolation(
                    msg(
                        "{quantity} × {sku}: only {value} left in {tote} for {order}",
                        quantity=quantity,
                        sku=product.sku,
                        value=task.picked - task.put,
                        tote=st.tote,
                        order=task.order,
                    ),
                    "over_put",
                )
            slot = svc.assign_slot(uow, self.rt.warehouse, task.order, now=self.rt.clock())
            order, task_id = task.order, task.id
            uow.commit()
        self.state = replace(
            st, put=PendingPut(task_id, quantity), expected=slot, keyed=None, step=Step.SLOT
        )
        return Outcome(
            msg(
                "{slot}: {quantity} × {sku} for {order}",
                slot=slot,
                quantity=quantity,
                sku=product.sku,
                order=order,
            ),
            destination=slot,
            context={"order": order},
        )

    def _confirm_slot(self, code: str, raw: str) -> Outcome:
        st = self.state
        assert st.put is not None
        if code != st.expected:
            with self.rt.uow() as uow:
                count = svc.record_mis_sort(uow, self.rt.warehouse, st.expected)
                uow.commit()
            raise svc.MisSort(
                msg(
                    "wrong slot {code}: this item goes to {expected} "
                    "(mis-sort attempt {count}); scan {expected}",
                    code=code,
                    expected=st.expected,
                    count=count,
                )
            )
        with self.rt.uow() as uow:
            task = uow.picking.task(st.put.task)
            assert task is not None
            movement = svc.put_to_slot(uow, self.rt.actor(), task, code, st.put.quantity, raw)
            left = sum(t.picked - t.put for t in svc.tote_tasks(uow, self.rt.warehouse, st.tote))
            order = task.order
            uow.commit()
        message = msg(
            "{quantity} put in {code} for {order}", quantity=st.put.quantity, code=code, order=order
        )
        after = st.done_with_destination()
        if not left:
            message += msg("; tote {tote} is empty", tote=st.tote)
            after = replace(after, tote="")
        self.state = after
        return Outcome(message, movements=[movement], context={"tote_left": left})
